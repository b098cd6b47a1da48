"""`number-mismatch` compares a pair's numbers once for the markets that write numbers alike
(`style_locale`: en-US and en-GB, de-DE and de-AT): `compare_amounts` reads each text through its
locale's number style alone, so the answer is the same, and the messages keep each market's locale.
A pair of texts with neither `.` nor `,` (most names) is compared once for every market
(`reading_locale`)."""

from __future__ import annotations

from typing import Any

from localize.config import build_market
from localize.qa.check_context import FeedRecord
from localize.qa.checks import numbers
from localize.qa.engine import RecordChecker
from localize.qa.settings import build_settings


def _findings(locale: str, source: str, target: str) -> list[tuple[str, str]]:
    checker = RecordChecker(build_market({"locale": locale}, None), build_settings({}), "jsonl", f"{locale}.jsonl")
    record = FeedRecord(line=1, identifier="P1", fields={"identifier": "P1"}, pairs=[("name", source, target)],
                        source_locale="de-DE", target_locale=locale, status={"name": "machine"})
    return [(f.code, f.message) for f in checker.check(record)]


def test_a_pair_is_compared_once_for_markets_with_one_number_style(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Fails on the old check (it compared the pair again for en-GB)."""
    calls: list[tuple[Any, ...]] = []
    real = numbers.compare_amounts

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(numbers, "compare_amounts", counting)
    numbers._COMPARED.clear()
    numbers.analyse.cache_clear()
    pairs = [("Flasche 1,5 l, 2 Stück", "Bottle 1.5 l, 2 pieces"), ("Flasche 1,5 l", "Bottle 1.6 l"),
             ("Bis zu 9.000 Seiten", "Up to 9.000 pages")]
    found = {locale: [_findings(locale, s, t) for s, t in pairs] for locale in ("en-US", "en-GB")}
    assert len(calls) == len(pairs)
    assert found["en-US"][0] == found["en-GB"][0] == []
    # the same verdicts; the words are each market's (`(= 1.5 L)` in en-US, `(= 1.5 l)` in en-GB)
    assert [c for c, _ in found["en-US"][1]] == [c for c, _ in found["en-GB"][1]] == ["number-mismatch"]
    assert [c for c, _ in found["en-US"][2]] == [c for c, _ in found["en-GB"][2]] != []
    assert "en-GB" in found["en-GB"][2][0][1] and "en-US" in found["en-US"][2][0][1]
    numbers._COMPARED.clear()
    numbers.analyse.cache_clear()
    assert [_findings(locale, s, t) for locale in ("en-US", "en-GB") for s, t in pairs] == \
        found["en-US"] + found["en-GB"]  # the same findings as computed afresh


def test_a_pair_without_dot_or_comma_is_compared_once_for_every_market(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Fails on the comparison by number style alone (en-US and fr-FR compared it twice)."""
    calls: list[tuple[Any, ...]] = []
    real = numbers.compare_amounts

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(numbers, "compare_amounts", counting)
    numbers._COMPARED.clear()
    numbers.analyse.cache_clear()
    pairs = [("Tshirts Passform 40", "[Ţšĥîŕţš Þàššƒöŕɱ 40 ~~]"), ("Becher 2 Stück", "Mug 3 pieces"),
             ("Flasche 1,5 l", "Bottle 1.5 l")]
    markets = ("en-US", "fr-FR", "en-GB", "de-CH")
    found = {locale: [_findings(locale, s, t) for s, t in pairs] for locale in markets}
    assert [args[0] for args in calls] == ["Tshirts Passform 40", "Becher 2 Stück", "Flasche 1,5 l",
                                           "Flasche 1,5 l", "Flasche 1,5 l"]  # the last by style: en, fr, de-CH
    assert all(found[m][0] == [] for m in markets)
    assert all([c for c, _ in found[m][1]] == ["number-mismatch"] for m in markets)
    numbers._COMPARED.clear()
    numbers.analyse.cache_clear()
    assert {m: [_findings(m, s, t) for s, t in pairs] for m in markets} == found  # as computed afresh
