"""Record-level rules are skipped on records without what their check needs (conditions.Triggers):
the skip must never change a finding, and must really skip the records of a plain catalogue."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import AS_OF, record

from localize.config import build_market
from localize.rules.checker import check_record, check_view, record_view
from localize.rules.conditions import present_key
from localize.rules.evaluate import _pim_tree, build_record, load_corpus
from localize.rules.ruleset import load_ruleset
from localize.stages.rules import markup_step

CORPUS = Path(__file__).parent / "corpus"
MARKETS = ("de-DE", "en-US", "en-GB", "ja-JP", "zh-CN", "ar-AE", "en-IN", "he-IL", "ru-RU", "id-ID")  # with triggers


def _untriggered(compiled: object) -> None:
    """Make every record-level rule run on every record (as before triggers)."""
    checks = compiled.record_checks()  # type: ignore[attr-defined]
    key = compiled._record_checks[0]  # type: ignore[attr-defined]
    compiled._record_checks = (key, [(i, None) for i, _ in checks])  # type: ignore[attr-defined]


@pytest.mark.parametrize("locale", MARKETS)
def test_triggers_change_no_finding_on_the_corpus(locale: str) -> None:
    cases = load_corpus([CORPUS])
    tree = _pim_tree(cases)
    market = build_market({"locale": locale}, None)
    with_triggers = load_ruleset(as_of=AS_OF).for_market(market)
    without = load_ruleset(as_of=AS_OF).for_market(market)
    _untriggered(without)
    assert any(t is not None for _, t in with_triggers.record_checks())
    step = markup_step()
    fired = 0
    for case in cases:
        rec = build_record(case, market)
        step(rec)
        for tree_ in (tree, None):
            got = check_record(with_triggers, rec, source_locale=rec.source_locale, as_of=AS_OF, pim_categories=tree_)
            want = check_record(without, rec, source_locale=rec.source_locale, as_of=AS_OF, pim_categories=tree_)
            assert got == want, case.id
            fired += sum(1 for f in got if f.field == "categories")
    assert fired  # category rules do fire on the corpus (the comparison is not vacuous)


def test_plain_record_skips_category_rules_and_evidence_does_not() -> None:
    compiled = load_ruleset(as_of=AS_OF).for_market(build_market({"locale": "en-US"}, None))
    triggers = {compiled.rules[i].id: t for i, t in compiled.record_checks()}
    alcohol = triggers["us-alcohol"]
    assert alcohol is not None and alcohol.category and "%" in alcohol.literals

    def may(values: dict[str, object], **kw: object) -> bool:
        rec = record("en-US", values, source_locale="en-US", **kw)  # type: ignore[arg-type]
        view = record_view(rec, source_locale="en-US", as_of=AS_OF)
        check_view(compiled, view)  # the pass that finds the record's literals and condition hits
        lits = view.memo[present_key(compiled.literal_index)]
        return alcohol.may_hold(view, view.memo["condition_hits"].keys(), lits)

    assert not may({"name": "Cotton t-shirt", "description": "Soft and washable"})
    assert may({"name": "Riesling", "description": "Dry white wine, 12.5 % vol"})  # the ABV pattern's literal
    assert may({"name": "Cotton t-shirt", "alcohol_by_volume": Decimal("0")})  # an attribute the rule reads
    assert may({"name": "Cotton t-shirt"}, categories=("apparel",))  # a category to compare
