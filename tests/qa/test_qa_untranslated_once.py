"""`untranslated` compares source and target with whitespace runs as single spaces through
`normalised_key`, the per-text memo `inconsistent-translation` also reads: a text (a source is
checked in every market) is normalised once for both checks, and the findings are those of
normalising both texts for every pair. The memo is bounded by the characters it keeps alive."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.qa import facts
from localize.qa.check_context import FeedRecord
from localize.qa.checks import target_text
from localize.qa.engine import RecordChecker
from localize.qa.settings import build_settings

PIECES = ["Robust", "hiking", "boots", "Schwarz", "the", "and", "with", "for", "der", "und", "mit", "EOS", "5D",
          " ", "  ", "\t", "\n", "\u00a0", "\u2003", ".", "é"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def _record(n: int, source: str, target: str, locale: str = "de-DE") -> FeedRecord:
    return FeedRecord(line=n, identifier=f"P{n}", fields={"identifier": f"P{n}"},
                      pairs=[("description", source, target)], source_locale="en-US", target_locale=locale,
                      status={"description": "machine"})


def _checker(locale: str = "de-DE", **checks: str) -> RecordChecker:
    return RecordChecker(build_market({"locale": locale}, None), build_settings({"checks": checks}), "jsonl",
                         f"{locale}.jsonl")


def _exact_key(text: str) -> tuple[str, bytes]:
    """What `untranslated` compared before: the whole normalised text, computed for every pair."""
    return (" ".join(text.split()), b"")


@settings(max_examples=300, deadline=None)
@given(source=TEXT, target=TEXT, variant=st.booleans())
def test_findings_equal_normalising_both_texts_for_every_pair(source: str, target: str, variant: bool) -> None:
    if variant:  # the source again with other whitespace: `unchanged` must still be found
        target = "  ".join(source.split()) + " \t"
    if not source.strip() or not target.strip():
        return
    checks = {"inconsistent-translation": "off"}
    new = [f.message for f in _checker(**checks).check(_record(1, source, target))]
    real = target_text.normalised_key
    target_text.normalised_key = _exact_key  # type: ignore[assignment]
    try:
        old = [f.message for f in _checker(**checks).check(_record(1, source, target))]
    finally:
        target_text.normalised_key = real  # type: ignore[assignment]
    assert new == old


def test_unchanged_copy_with_other_whitespace_is_found() -> None:
    found = [f.code for f in _checker().check(_record(1, "Robust hiking boots", "Robust\u00a0 hiking\tboots "))]
    assert "untranslated" in found


def test_a_source_checked_in_three_markets_is_normalised_once_for_both_checks(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hashed: list[bytes] = []
    real = hashlib.blake2b

    def counting(data: bytes = b"", **kw):  # type: ignore[no-untyped-def]
        hashed.append(data)  # the per-text digest (a normalised text's key is it: not hashed again)
        return real(data, **kw)

    source = "Robust hiking boots for every weather and every trail"
    facts._FACTS.clear()
    monkeypatch.setattr(facts.hashlib, "blake2b", counting)
    markets = (("de-DE", "Robuste Wanderschuhe"), ("fr-FR", "Chaussures robustes"), ("es-ES", "Botas robustas"))
    for locale, target in markets:  # `untranslated` alone
        checker = _checker(locale, **{"inconsistent-translation": "off"})
        assert [f.code for f in checker.check(_record(1, source, target, locale))] == []
    assert source in facts._FACTS and "Botas robustas" in facts._FACTS
    for locale, target in markets:  # and with `inconsistent-translation`: the keys are there
        checker = _checker(locale)
        assert [f.code for f in checker.check(_record(1, source, target, locale))] == []
    assert hashed.count(source.encode()) == 1
    assert hashed.count(b"Robuste Wanderschuhe") == 1


def test_the_memo_is_bounded_by_characters() -> None:
    facts._FACTS.clear()
    for n in range(30):
        text = f"{n} " + "lange Beschreibung " * 20_000  # 380k characters each
        assert target_text.normalised_key(text)[0] == " ".join(text.split())[:80]
        assert facts._FACTS.held <= facts._FACTS.chars
    facts._FACTS.clear()
