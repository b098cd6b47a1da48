"""Record checks of a record whose copy holds no literal and no condition hit that a record check's
triggers name (`MarketRules.quiet_hits`: most records hold none at all) are planned once per
(record shape, category key) and market (`MarketRules.quiet_checks`, `Matcher.quiet_on`): the
findings must be those of running every record check on every record, whatever the category,
family, attributes, planted words, market and rule dates of the records that share a plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, pack_ruleset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules.checker import check_view, record_view
from localize.rules.compile import MarketRules, compile_market
from localize.rules.matchers.category import CategoryMatcher
from localize.rules.ruleset import load_ruleset

MARKETS = ("en-US", "fr-FR", "en-GB", "de-DE")
FAMILIES = ("toys", "mugs", "wine", "knives", "")
CATEGORIES = ((), ("toys",), ("mugs",), ("red_wine",), ("kitchen_knives",), ("e_cigarettes",))
TAXONOMY = ({}, {"id": "499676", "path": ["Food, Beverages & Tobacco", "Beverages", "Alcoholic Beverages"]},
            {"id": "1253", "path": ["Toys & Games", "Toys"]})
# Copy with words of `when` gates and of `match` conditions (Kleinteile, Klinge, % vol, Nikotin), and without.
TEXTS = ("Holzspielzeug mit Kleinteilen", "Becher aus Steinzeug", "Rotwein trocken 13,5 % vol",
         "Taschenmesser mit 9 cm Klinge", "Liquid mit Nikotin 18 mg", "Baumwolle weich", "Film FSK 18",
         "Set mit 13 Teilen", "Tasse 666", "Spiel ab 18+", "Becher No. 1")
ATTRIBUTES = {"alcohol_by_volume": Decimal("13.5"), "choking_hazard_warning": "yes", "nicotine_mg": "18",
              "age_restriction": "18"}

RULES = load_ruleset(as_of=AS_OF)  # one rule set for every example: plans carry over between them


def _record(i: int, locale: str, family: str, categories: tuple[str, ...], taxonomy: dict[str, Any],
            texts: tuple[str, str], attributes: tuple[str, ...]) -> LocalizedRecord:
    product = Product(f"P{i}", Origin("p.csv", i + 2), family=family or None, categories=categories)
    rec = LocalizedRecord(product, build_market({"locale": locale}, None), source_locale="de-DE",
                          categories=categories, taxonomy=dict(taxonomy))
    for code, text in zip(("name", "description"), texts, strict=True):
        rec.values[code] = LocalizedValue(text, text, "untranslated", True)
    for code in attributes:
        rec.values[code] = LocalizedValue(ATTRIBUTES[code], ATTRIBUTES[code])
    return rec


def _every_check(self: MarketRules, view: Any) -> tuple[int, ...]:
    """The old path: every record check runs on every record (triggers and `quiet_on` aside)."""
    return tuple(i for i, _ in self.record_checks())


def _key(findings: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.code, f.rule, f.field, f.locale, f.span, f.matched, f.severity, f.evidence, f.product, f.market)
            for f in findings]


def _findings(compiled: MarketRules, rec: LocalizedRecord) -> list[tuple[Any, ...]]:
    return _key(check_view(compiled, record_view(rec, source_locale="de-DE", as_of=AS_OF)))


def _both(pairs: list[tuple[MarketRules, LocalizedRecord]]) -> tuple[list[Any], list[Any]]:
    planned = [_findings(c, r) for c, r in pairs]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(MarketRules, "quiet_checks", _every_check)
        every = [_findings(c, r) for c, r in pairs]
    return planned, every


record_st = st.tuples(st.sampled_from(MARKETS), st.sampled_from(FAMILIES), st.sampled_from(CATEGORIES),
                      st.sampled_from(TAXONOMY), st.tuples(st.sampled_from(TEXTS), st.sampled_from(TEXTS)),
                      st.lists(st.sampled_from(sorted(ATTRIBUTES)), max_size=2, unique=True).map(tuple))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record_st, min_size=1, max_size=12))
def test_planned_record_checks_find_what_every_check_finds(drawn: list[tuple[Any, ...]]) -> None:
    pairs = []
    for i, (locale, family, categories, taxonomy, texts, attributes) in enumerate(drawn):
        rec = _record(i, locale, family, categories, taxonomy, texts, attributes)
        pairs.append((RULES.for_market(rec.market), rec))
    planned, every = _both(pairs)
    assert planned == every


def test_a_plan_is_made_once_per_shape_and_category_and_still_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records that differ only in their copy and identifier share one plan per market; a record of
    the same shape in another category (toys: the small-parts rule) gets its own, and finds."""
    rules = load_ruleset(as_of=AS_OF)
    calls: list[tuple[str, str]] = []
    real = CategoryMatcher.quiet_on

    def spy(self: CategoryMatcher, rule: Any, state: Any, view: Any) -> bool:
        calls.append((view.market.code, rule.id))
        return real(self, rule, state, view)

    monkeypatch.setattr(CategoryMatcher, "quiet_on", spy)
    mugs = [_record(i, locale, "mugs", ("mugs",), {}, (f"Becher {i}", "Baumwolle weich"), ())
            for i in range(40) for locale in ("en-US", "fr-FR")]
    pairs = [(rules.for_market(r.market), r) for r in mugs]
    assert not any(_findings(c, r) for c, r in pairs)
    per_market = {code: sum(1 for m, _ in calls if m == code) for code in ("en-US", "fr-FR")}
    category_rules = {code: sum(1 for i, _ in rules.for_market(build_market({"locale": code}, None)).record_checks()
                                if rules.for_market(build_market({"locale": code}, None)).rules[i].kind == "category")
                      for code in ("en-US", "fr-FR")}
    assert 0 < per_market["en-US"] <= category_rules["en-US"]  # once per rule for 40 records (old code: no plan)
    assert 0 < per_market["fr-FR"] <= category_rules["fr-FR"]
    toy = _record(99, "en-US", "mugs", ("toys",), {}, ("Holzspielzeug mit Kleinteilen", "Baumwolle weich"), ())
    found = _findings(rules.for_market(toy.market), toy)
    assert [f[1] for f in found] == ["us-small-parts-warning"]


DATED = """
pack: dated
scope: {global: true}
rules:
  - id: dated-toys
    kind: category
    severity: review
    message: Toys from a date on.
    source: test pack
    effective_from: 2026-06-01
    categories:
      codes: ["*toy*"]
  - id: mugs
    kind: category
    severity: review
    message: Mugs, always.
    source: test pack
    categories:
      codes: ["*mug*"]
"""


def test_plans_are_per_date_window(tmp_path: Path) -> None:
    """Two compilations of one market on both sides of a rule's start date, sharing the compiled
    states (as `DateDelta` and the run do): each keeps its own plans."""
    rules = pack_ruleset(tmp_path, DATED, as_of=dt.date(2026, 12, 1))
    market = build_market({"locale": "en-US"}, None)
    after = rules.for_market(market)
    before = compile_market(market, [r for r in rules.all_rules() if r.active_on(dt.date(2026, 5, 1))], rules._shared)
    assert [r.id for r in after.rules] == ["dated-toys", "mugs"] and [r.id for r in before.rules] == ["mugs"]
    toys = [_record(i, "en-US", "toys", ("toys",), {}, ("Auto", "Holz"), ()) for i in range(4)]
    pairs = [(c, r) for r in toys for c in (before, after)]
    planned, every = _both(pairs)
    assert planned == every
    assert [bool(f) for f in planned] == [False, True] * 4


def test_a_literal_no_record_check_reads_takes_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """`13` (a number rule's literal, scanned in the text) is no trigger of a record check: the record
    takes the plan; `%` (the alcohol rules' ABV pattern) is, and the record is checked rule by rule."""
    rules = load_ruleset(as_of=AS_OF)
    planned: list[str] = []
    real = MarketRules.quiet_checks

    def spy(self: MarketRules, view: Any) -> tuple[int, ...]:
        planned.append(view.record.identifier)
        return real(self, view)

    monkeypatch.setattr(MarketRules, "quiet_checks", spy)
    thirteen = _record(1, "en-US", "mugs", ("mugs",), {}, ("Set mit 13 Teilen", "Baumwolle weich"), ())
    wine = _record(2, "en-US", "mugs", ("mugs",), {}, ("Rotwein trocken 13,5 % vol", "Baumwolle weich"), ())
    compiled = rules.for_market(thirteen.market)
    _findings(compiled, thirteen)
    found = _findings(compiled, wine)
    assert planned == ["P1"]
    assert [f[1] for f in found if f[2] == "categories"] == ["us-alcohol"]
