"""The market's literal pre-check (compile.LiteralIndex): one automaton pass per text decides which
pattern and number rules and pattern conditions may match; it must never change a finding."""

from __future__ import annotations

import datetime as dt

import pytest

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules.checker import check_record
from localize.rules.ruleset import load_ruleset
from localize.rules.scan import LiteralIndex

AS_OF = dt.date(2026, 11, 15)

TEXTS = [
    "Stainless steel kitchen knife set, model-1300",
    "FREE shipping!! Order now: call +1 555 0100 or mail sales@example.com",
    "Riesling Spätlese, 12,5 % vol, 0,75 l",
    "Whisky 40% ABV, 700 ml gift box",
    "E-liquid, Nikotinstärke 18 mg/ml",
    "Set of 13 coasters, 13-piece set, price 6.66",
    "The No. 1 choice, number one in Germany; nr 1 Bestseller",
    "Rated 18+ video game, PEGI 18, FSK ab 18",
    "四件套 4個セット 送料無料 销量第一",
    "000 0000 1000 no.1 no1",
    "plain cotton t-shirt, washable, model-2024",
]


def test_present_is_exactly_the_literals_in_the_text() -> None:
    literals = ["00", "000", "no.", "no 1", "no1", "%", "+", "@", "free", "送料", "销量", "度", "18", "1"]
    index = LiteralIndex(literals)
    for text in [*TEXTS, "", "0", "00000", "no.1 no 1"]:
        low = text.casefold()
        assert index.present(low) == {w for w in literals if w in low}, text


def test_literals_with_line_breaks_or_empty_are_not_indexed() -> None:
    index = LiteralIndex(["a\nb", "", "x"])
    assert index.literals == {"x"}
    assert not index.covers(frozenset({"a\nb"}))
    assert index.covers(frozenset({"x"}))


def _records(market: object) -> list[LocalizedRecord]:
    out = []
    for i, text in enumerate(TEXTS):
        rec = LocalizedRecord(Product(f"SKU{i}", Origin("t.csv", i + 2)), market, source_locale="en-US")
        rec.values["name"] = LocalizedValue(text, text, "source", True)
        rec.values["description"] = LocalizedValue(f"<p>{text}</p>", f"<p>{text}</p>", "source", True)
        out.append(rec)
    return out


def _findings(locale: str, use_index: bool) -> list[tuple[object, ...]]:
    rules = load_ruleset(as_of=AS_OF)
    market = build_market({"locale": locale}, None)
    compiled = rules.for_market(market)
    if not use_index:
        compiled.literal_index = None  # every rule and condition runs its own first check
    out = []
    for rec in _records(market):
        for f in check_record(compiled, rec, source_locale="en-US", as_of=AS_OF):
            out.append((f.product, f.rule, f.field, f.locale, f.span, f.matched, f.evidence))
    return out


@pytest.mark.parametrize("locale", ["en-US", "de-DE", "ja-JP", "zh-CN"])
def test_index_changes_no_finding(locale: str) -> None:
    with_index = _findings(locale, True)
    assert with_index == _findings(locale, False)
    assert with_index  # the texts do trigger pattern and number rules


def test_market_index_holds_pattern_and_number_literals() -> None:
    compiled = load_ruleset(as_of=AS_OF).for_market(build_market({"locale": "en-US"}, None))
    index = compiled.literal_index
    assert index is not None
    assert {"free", "@", "13", "666", "%"} <= index.literals


def test_literals_found_in_the_term_pass_are_exactly_the_literals_in_the_text() -> None:
    """The term automaton carries the pre-check literals (one pass per text); `from_scan` must give
    `present`'s answer, including literals with spaces (`no 1` is not in `no.1`) and punctuation."""
    from localize.rules.folding import folded
    from localize.rules.scan import TermAutomaton

    literals = ["00", "000", "no.", "no 1", "no1", "%", "+", "@", "free", "送料", "销量", "度", "18", "1", "n°"]
    scanner = TermAutomaton([], literals)
    for text in [*TEXTS, "", "0", "00000", "no.1 no 1", "no.1", "N° 1 in sales", "x" * 3]:
        low = folded(text).folded
        _hits, candidates = scanner.scan_all(folded(text).words)
        fresh = LiteralIndex(literals)  # no cached answer from another test
        assert fresh.from_scan(low, candidates) == {w for w in literals if w in low}, text
