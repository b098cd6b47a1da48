"""The engine walks a pair's stateless checks only when their memoised issues hold something: for a
pair they found nothing in (most pairs) the plan `_issues` returns lists the stateful checks alone,
and the findings, stateful ones included, come in the order of the checks as before."""

from __future__ import annotations

from localize.config import build_market
from localize.qa.check_context import FeedRecord
from localize.qa.engine import RecordChecker
from localize.qa.settings import build_settings


def _checker() -> RecordChecker:
    return RecordChecker(build_market({"locale": "de-DE"}, None), build_settings({}), "jsonl", "de-DE.jsonl")


def _record(n: int, source: str, target: str) -> FeedRecord:
    return FeedRecord(line=n, identifier=f"P{n}", fields={"identifier": f"P{n}"}, pairs=[("name", source, target)],
                      source_locale="en-US", target_locale="de-DE", status={"name": "machine"})


def test_a_clean_pair_plans_its_stateful_checks_alone() -> None:
    """Fails on the engine that handed back the whole plan and an issue tuple per check."""
    checker = _checker()
    checks = checker.pair_checks
    plan, found = checker._issues(checks, "p", "name", "Bottle 1.5 l (2 pieces)", "Flasche 1,5 l (2 Stück)",
                                  "machine", None)
    assert found == () and plan and all(j < 0 and checks[i][0].stateful for i, j in plan)
    assert [checks[i][0].code for i, _ in plan] == ["inconsistent-translation"]
    plan, found = checker._issues(checks, "p", "name", "Bottle 1.5 l (2 pieces)", "Flasche 1,6 l (2 Stück)",
                                  "machine", None)
    codes = [checks[i][0].code for i, _ in plan]
    assert {"number-mismatch", "number-format", "brackets", "inconsistent-translation"} <= set(codes)
    assert [found[j] != () for i, j in plan if j >= 0].count(True) == 1  # number-mismatch found it


def test_findings_keep_the_order_of_the_checks() -> None:
    checker = _checker()
    assert [f.code for f in checker.check(_record(1, "Bottle 1.5 l", "Flasche 1,5 l"))] == []
    # the same source translated another way (stateful) with a number changed (stateless), then without
    assert [f.code for f in checker.check(_record(2, "Bottle 1.5 l", "Eine Flasche 1,6 l"))] == \
        ["number-mismatch", "inconsistent-translation"]
    assert [f.code for f in checker.check(_record(3, "Bottle 1.5 l", "Die Flasche 1,5 l"))] == \
        ["inconsistent-translation"]
    assert [f.code for f in checker.check(_record(4, "Bottle 1.5 l", "Eine Flasche 1,6 l"))] == \
        ["number-mismatch", "inconsistent-translation"]  # the pair memo answers the stateless part
