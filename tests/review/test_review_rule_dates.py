"""Rule dates between incremental runs (`RulesChecker.date_tag` / `date_delta`): which stored records a
rule that started or ended since their run concerns. The integration tests run real pipelines on
several dates; here each case of `DateDelta.touches` on its own."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from localize.config import config_from_dict
from localize.model import Finding, LocalizedRecord, LocalizedValue, Origin, Product
from localize.report import RunReport
from localize.stages import RunContext, RunOptions
from localize.stages.rules import RulesChecker

PACK = """\
pack: dated
scope: {countries: [FR]}
rules:
  - id: fr-starts
    kind: terms
    severity: review
    message: Takes effect on 2026-12-06.
    source: test
    effective_from: 2026-12-06
    terms: {fr: [mug]}
  - id: fr-ends
    kind: terms
    severity: info
    message: Ends after 2026-12-06.
    source: test
    effective_until: 2026-12-06
    terms: {fr: [poêle]}
"""


def checker(tmp_path: Path, day: str) -> tuple[RulesChecker, object]:
    (tmp_path / "dated.yaml").write_text(PACK, encoding="utf-8")
    config = config_from_dict({"source": {"format": "akeneo-csv", "path": str(tmp_path / "p.csv"), "locale": "de_DE"},
                               "markets": [{"locale": "fr-FR"}, {"locale": "de-DE"}],
                               "rules": {"shipped": False, "packs": [str(tmp_path / "dated.yaml")], "as_of": day}})
    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(dry_run=True),
                     log=logging.getLogger("test"))
    rules = RulesChecker()
    rules.open(ctx)
    return rules, config.markets


def record(market: object, text: str, findings: list[Finding] | None = None) -> LocalizedRecord:
    product = Product("P1", Origin("p.csv", 2))
    return LocalizedRecord(product=product, market=market, source_locale="de-DE",  # type: ignore[arg-type]
                           values={"name": LocalizedValue(data=text, source="Becher", status="machine")},
                           findings=findings or [])


def finding(rule: str, decision: str | None = None) -> Finding:
    return Finding(code=rule, severity="info", message="m", market="fr-FR", field="name", rule=rule,
                   decision=decision)


def test_the_tag_is_the_first_day_of_the_markets_stretch(tmp_path: Path) -> None:
    fr, de = checker(tmp_path, "2026-12-05")[1]
    assert [checker(tmp_path, day)[0].date_tag(fr) for day in ("2026-12-05", "2026-12-06", "2026-12-07", "2027-01-01")] \
        == ["", "2026-12-06", "2026-12-07", "2026-12-07"]
    assert checker(tmp_path, "2027-01-01")[0].date_tag(de) == ""  # no dated rule of its own
    # the schedule, not the date, is in the fingerprint
    assert checker(tmp_path, "2026-12-05")[0].fingerprint(fr) == checker(tmp_path, "2026-12-07")[0].fingerprint(fr)


def test_a_started_rule_redoes_the_records_it_finds_something_in(tmp_path: Path) -> None:
    rules, (fr, _) = checker(tmp_path, "2026-12-06")
    delta = rules.date_delta(fr, "")  # stored before the 6th
    assert [r.id for r in delta.started] == ["fr-starts"] and not delta.ended
    assert delta.touches(record(fr, "Mug en grès"))
    assert not delta.touches(record(fr, "Tasse en grès"))
    # a reviewer's edit is what the record stores, not what the checks saw: redone
    assert delta.touches(record(fr, "Tasse en grès", [finding("other", decision="edit")]))
    assert rules.date_delta(fr, "2026-12-06").empty
    assert rules.date_delta(fr, "not a date") is None


def test_an_ended_rule_redoes_the_records_it_had_found_something_in(tmp_path: Path) -> None:
    rules, (fr, _) = checker(tmp_path, "2026-12-07")
    delta = rules.date_delta(fr, "2026-12-06")
    assert delta.ended == frozenset({"fr-ends"}) and not delta.started
    assert delta.touches(record(fr, "Poêle en fonte", [finding("fr-ends")]))
    assert not delta.touches(record(fr, "Poêle en fonte", [finding("other")]))
    assert not rules.date_delta(fr, "2026-12-07").touches(record(fr, "Poêle", [finding("fr-ends")]))
    assert dt.date.fromisoformat(rules.date_tag(fr)) == dt.date(2026, 12, 7)
