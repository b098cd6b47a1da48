"""The per-text pass of the rules reads what a field shows the market. A single-select value is copy of
one kind (`record_view`'s fast path: its option code as source text) with the PIM's or the taxonomy's
label in the market's language as its display; `RecordView.texts` lists that label (conditions see
it), and a rule on a term that only the label says must find it as it finds it in a multi-select's
label or in translated copy. On main the label of a field with source copy was never read."""

from __future__ import annotations

import datetime as dt

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules.checker import check_view, check_views, record_view
from localize.rules.ruleset import load_ruleset

AS_OF = dt.date(2026, 11, 15)
RULES = load_ruleset(as_of=AS_OF)


def _record(data: object, display: str) -> LocalizedRecord:
    market = build_market({"locale": "de-DE"}, None)
    rec = LocalizedRecord(Product("P1", Origin("p.csv", 2)), market, source_locale="en-US")
    rec.values["name"] = LocalizedValue("Pflegeöl", "Care oil", "translated", True, None)
    rec.values["ingredient"] = LocalizedValue(data, None, "source", True, display)
    return rec


def _found(rec: LocalizedRecord) -> list[tuple[str, str | None, str | None]]:
    compiled = RULES.for_market(rec.market)
    view = record_view(rec, source_locale="en-US", as_of=AS_OF)
    alone = [(f.rule, f.field, f.matched) for f in check_view(compiled, view)]
    view = record_view(rec, source_locale="en-US", as_of=AS_OF)
    batch = [(f.rule, f.field, f.matched) for f in check_views([(compiled, view)])[0]]
    assert alone == batch
    return alone


def test_a_single_select_label_is_read_like_a_multi_select_label() -> None:
    multi = [f for f in _found(_record(("acne_cure",), "Heilt Akne in 3 Tagen")) if f[1] == "ingredient"]
    assert multi, "the ruleset has a rule on health claims in German copy"
    single = [f for f in _found(_record("acne_cure", "Heilt Akne in 3 Tagen")) if f[1] == "ingredient"]
    assert single == multi


def test_a_label_equal_to_the_source_copy_is_read_once() -> None:
    rec = _record("Heilt Akne in 3 Tagen", "Heilt Akne in 3 Tagen")
    view = record_view(rec, source_locale="en-US", as_of=AS_OF)
    assert [(text, side) for fv, text, _, _, side in view.passes if fv.code == "ingredient" and side != "names"] == [
        ("Heilt Akne in 3 Tagen", "source")]
