"""A category rule answers once per category (`CategoryMatch.evidence` memoises by the record's
category information): the findings must be those of asking every record afresh, and a finding's
evidence must never be shared with another's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules.categories import CategoryMatch, category_info
from localize.rules.checker import check_record
from localize.rules.evaluate import _pim_tree, build_record, load_corpus
from localize.rules.ruleset import load_ruleset

AS_OF = dt.date(2026, 11, 15)
CORPUS = Path(__file__).parent / "corpus"
MARKETS = ("en-US", "de-DE", "ja-JP", "ko-KR", "en-GB", "zh-CN", "ar-AE", "en-IN", "fr-FR", "nl-NL")


def _uncached(self: CategoryMatch, view):  # noqa: ANN001, ANN202
    info = view.memo.get("categories")
    if info is None:
        info = view.memo["categories"] = category_info(view)
    ids, paths, codes, labels = info
    if not (ids or codes or labels):
        return None
    return self._evidence(ids, paths, codes, labels)


# The same PIM codes with different map-stage categories, and the same taxonomy with other codes:
# an answer memoised for one must not be given to another.
SYNTHETIC = [
    ((), {"id": "499676", "path": ["Food, Beverages & Tobacco", "Beverages", "Alcoholic Beverages"]}),
    ((), {"id": "food", "path": ["Food"]}),
    (("drinks",), {"id": "499676", "path": ["Food, Beverages & Tobacco", "Beverages", "Alcoholic Beverages"]}),
    (("drinks",), {"id": "food", "path": ["Food"]}),
    (("drinks",), {}),
    (("red_wine",), {"id": "food", "path": ["Food"]}),
    (("kitchen_knives",), {"id": "food", "path": ["Food"]}),
    (("kitchen_knives",), {}),
    ((), {"id": "x", "path": ["Home & Garden", "Kitchen & Dining", "Kitchen Knives"]}),
    ((), {"id": "x", "path": ["Home & Garden", "Kitchen & Dining", "Cookware"]}),
]


def _synthetic(market: object) -> list[tuple[str, LocalizedRecord]]:
    out = []
    for i, (codes, taxonomy) in enumerate(SYNTHETIC):
        product = Product(f"S{i}", Origin("s.csv", i + 2), categories=codes)
        record = LocalizedRecord(product, market, source_locale="en-US", categories=codes, taxonomy=dict(taxonomy))
        record.values["name"] = LocalizedValue("Gift set", "Gift set", "source", True)
        out.append((f"S{i}", record))
    return out


def _findings(cases: list, locale: str, tree: object) -> list[tuple[object, ...]]:
    rules = load_ruleset(as_of=AS_OF)
    market = build_market({"locale": locale}, None)
    compiled = rules.for_market(market)
    out = []
    for _round in range(2):  # the second round is answered from what the first one memoised
        records = [(case.id, build_record(case, market)) for case in cases] + _synthetic(market)
        for case_id, record in records:
            for f in check_record(compiled, record, source_locale=record.source_locale, as_of=AS_OF,
                                  pim_categories=tree):
                out.append((case_id, f.rule, f.field, f.locale, f.matched, f.severity, f.evidence))
    return out


@pytest.mark.parametrize("locale", MARKETS)
def test_memoised_category_answers_change_no_finding(locale: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = load_corpus([CORPUS])
    for tree in (_pim_tree(cases), None):
        memoised = _findings(cases, locale, tree)
        with monkeypatch.context() as patch:
            patch.setattr(CategoryMatch, "evidence", _uncached)
            assert memoised == _findings(cases, locale, tree)
        assert any(f[2] == "categories" for f in memoised)  # category rules did fire


def test_evidence_is_a_fresh_copy_each_time() -> None:
    cases = [c for c in load_corpus([CORPUS]) if c.data.get("categories")]
    market = build_market({"locale": "en-US"}, None)
    compiled = load_ruleset(as_of=AS_OF).for_market(market)
    tree = _pim_tree(cases)
    for case in cases:
        first = check_record(compiled, build_record(case, market), source_locale="en-US", as_of=AS_OF, pim_categories=tree)
        with_evidence = [f for f in first if f.field == "categories" and f.evidence]
        if not with_evidence:
            continue
        for f in with_evidence:
            for item in f.evidence:
                item["matched"] = "changed by a consumer"
        again = check_record(compiled, build_record(case, market), source_locale="en-US", as_of=AS_OF, pim_categories=tree)
        assert all(e.get("matched") != "changed by a consumer" for f in again for e in (f.evidence or ()))
        return
    pytest.fail("no corpus case fired a category rule with evidence")
