"""`untranslated` searches a long target for source-language words once per text and language pair
(`target_text._HITS`, keyed by the text's digest): markets of one language (en-US, en-GB) mostly get
the same copy, and the pair memo keeps a pair per market. The findings are those of searching every
time, and the context's languages are those of its locales."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.qa import check_context
from localize.qa.check_context import FeedRecord
from localize.qa.checks import target_text
from localize.qa.engine import RecordChecker
from localize.qa.settings import build_settings

GERMAN = "Der robuste Stiefel mit der neuen Sohle und für jedes Wetter, aus Leder und mit dem Futter. " * 3


def _findings(locale: str, source: str, target: str, n: int = 1) -> list[tuple[str, str]]:
    checker = RecordChecker(build_market({"locale": locale}, None), build_settings({}), "jsonl", f"{locale}.jsonl")
    record = FeedRecord(line=n, identifier=f"P{n}", fields={"identifier": f"P{n}"},
                        pairs=[("description", source, target)], source_locale="de-DE", target_locale=locale,
                        status={"description": "machine"})
    return [(f.code, f.message) for f in checker.check(record)]


def test_a_long_target_is_searched_once_for_markets_of_one_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails on the check that searched it for every market (en-US and en-GB: twice)."""
    calls: list[tuple[str, str, str]] = []
    real = target_text.source_word_hits

    def counting(text: str, a: str, b: str) -> int:
        calls.append((text, a, b))
        return real(text, a, b)

    monkeypatch.setattr(target_text, "source_word_hits", counting)
    target_text._HITS.clear()
    source = "Robust boots with a new sole, for any weather. " * 5
    found = {m: _findings(m, source, GERMAN) for m in ("en-US", "en-GB", "fr-FR")}
    assert [(a, b) for _, a, b in calls] == [("de", "en"), ("de", "fr")]
    assert [c for c, _ in found["en-US"]] == [c for c, _ in found["en-GB"]] == ["untranslated"]
    assert [c for c, _ in found["fr-FR"]] == ["untranslated"]
    _findings("en-US", source, "A short name und der mit dem")  # short: searched each time, not remembered
    _findings("en-GB", source, "A short name und der mit dem")
    assert len(calls) == 4 and len(target_text._HITS) == 2


WORDS = st.sampled_from(["der", "und", "mit", "dem", "the", "and", "with", "le", "et", "avec", "Stiefel", "boots",
                         "Leder", "robust", " ", ", ", "x" * 40])


@settings(max_examples=150, deadline=None)
@given(target=st.lists(WORDS, min_size=1, max_size=80).map(" ".join), locale=st.sampled_from(["en-US", "en-GB", "fr-FR"]))
def test_findings_equal_searching_every_time(target: str, locale: str) -> None:
    source = "Robust boots with a new sole, for any weather."
    target_text._HITS.clear()
    first = _findings(locale, source, target)
    again = _findings(locale, source, target, 2)  # from the memo when long
    real: Any = target_text._source_word_hits
    target_text._source_word_hits = target_text.source_word_hits  # type: ignore[assignment]
    try:
        plain = _findings(locale, source, target)
    finally:
        target_text._source_word_hits = real
    assert first == plain and [c for c, _ in again] == [c for c, _ in plain]


def test_the_context_languages_are_its_locales_languages() -> None:
    ctx = check_context.CheckContext(market=build_market({"locale": "fr-CA"}, None), settings=build_settings({}),
                                     profile="jsonl", file="f", source_locale="de_CH")
    assert (ctx.source_language, ctx.target_language) == ("de", "fr")
    ctx.target_locale = "pt-BR"
    assert ctx.target_language == "pt"
