"""Incremental runs across every stage: each stage's fingerprint covers what decides its output,
so changing that input redoes the records it affects, and an unchanged rerun reuses everything
and writes the same bytes in every format (JSONL, Akeneo CSV, CSV, XLSX, Google TSV and XML)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from incremental_project import COPY, project, tmx
from typer.testing import CliRunner

from localize.api import run
from localize.cli import app
from localize.config import load_config
from localize.pipeline.status import status
from localize.stages import RunOptions

ALL = 9  # 3 products x 3 markets


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())
            if p.name != "manifest.json" and not p.name.startswith(".")}


def redo(config: Path, options: RunOptions | None = None) -> tuple[dict, dict[str, bytes]]:
    report = run(load_config(config), options) if options else run(load_config(config))
    return report.to_dict(), outputs(config.parent)


def feed(folder: Path, market: str) -> dict[str, dict]:
    lines = (folder / "out" / f"{market}.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["identifier"]: d for d in map(json.loads, lines)}


def assert_stable(config: Path, before: dict[str, bytes]) -> None:
    """An unchanged rerun reuses every record and rewrites every file byte for byte."""
    report, after = redo(config)
    assert report["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert after == before


@pytest.fixture
def first(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    config = project(tmp_path)
    report, files = redo(config)
    assert report["incremental"] == {"full": False, "redone": ALL, "reused": 0}
    assert {m: v["written"] for m, v in report["markets"].items()} == {"de-DE": 3, "en-US": 3, "fr-FR": 3}
    return config, files


def test_an_unchanged_rerun_reuses_everything_and_writes_identical_bytes(first) -> None:
    config, files = first
    assert sorted(files) == sorted(
        [f"{m}.{ext}" for m in ("de-DE", "en-US", "fr-FR") for ext in ("jsonl", "akeneo.csv", "csv", "xlsx")]
        + [f"google-{m}.{ext}" for m in ("de-DE", "en-US", "fr-FR") for ext in ("tsv", "xml")]
        + ["review-queue.jsonl", "rejects.jsonl"])
    assert_stable(config, files)
    # and redoing everything gives the same bytes too: nothing depends on the run history
    report, again = redo(config, RunOptions(full=True))
    assert report["incremental"] == {"full": True, "redone": ALL, "reused": 0}
    assert again == files


def test_status_agrees_with_the_run_in_a_project_with_a_taxonomy_mapping(first) -> None:
    """`localize status` opens the stages as a run does (the map stage's fingerprint holds the
    source's product evidence): right after a run nothing is changed; one product changed is one
    changed record per market, and the next run redoes exactly those."""
    config, _ = first

    def changed() -> dict[str, tuple[int, int]]:
        return {m: (c["changed"], c["unchanged"]) for m, c in status(load_config(config))["markets"].items()}

    assert changed() == {"de-DE": (0, 3), "en-US": (0, 3), "fr-FR": (0, 3)}
    products = config.parent / "products.csv"
    text = products.read_text(encoding="utf-8")
    products.write_text(text.replace(";black;", ";grey;"), encoding="utf-8")  # PAN-1's colour
    assert changed() == {"de-DE": (1, 2), "en-US": (1, 2), "fr-FR": (1, 2)}
    report, _ = redo(config)
    assert report["incremental"] == {"full": False, "redone": 3, "reused": ALL - 3}
    assert changed() == {"de-DE": (0, 3), "en-US": (0, 3), "fr-FR": (0, 3)}


def test_map_a_changed_mapping_file_redoes_the_records(first) -> None:
    config, files = first
    mapping = config.parent / "mapping.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("home.cookware.pans", "home.cookware.pots"),
                       encoding="utf-8")
    report, after = redo(config)
    assert report["incremental"]["redone"] == ALL
    assert feed(config.parent, "en-US")["PAN-1"]["taxonomy"]["path"] == ["Home & kitchen", "Cookware", "Pots"]
    assert b"Cookware > Pots" in after["google-en-US.tsv"] and after != files
    assert_stable(config, after)


def test_rules_a_changed_pack_redoes_the_records(first) -> None:
    config, files = first
    rules = config.parent / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("[Edelstahlpfanne]", "[Gusseisen]"), encoding="utf-8")
    report, after = redo(config)
    assert report["incremental"]["redone"] == ALL
    found = [f["rule"] for f in feed(config.parent, "de-DE")["PAN-1"]["findings"]]
    assert found == ["shop-cast-iron"]
    assert_stable(config, after)


def test_gate_a_review_decision_redoes_only_its_market(first) -> None:
    config, _ = first
    rules = config.parent / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("severity: info", "severity: review")
                     .replace("[Edelstahlpfanne]", "[Gusseisen]"), encoding="utf-8")
    report, files = redo(config)
    assert {m: v["withheld"] for m, v in report["markets"].items()} == {"de-DE": 1, "en-US": 1, "fr-FR": 1}
    out = config.parent / "review"
    assert CliRunner().invoke(app, ["review", "export", str(config), "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    for row in rows:
        if row["market"] == "en-US":
            row.update(decision="approve", reviewer="ana", comment="seasoning advice is on the page")
    sheet = config.parent / "decisions.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    applied = CliRunner().invoke(app, ["review", "apply", str(sheet), "--config", str(config)])
    assert applied.exit_code == 0, applied.output
    report, after = redo(config)
    assert report["incremental"] == {"full": False, "redone": 3, "reused": 6}  # en-US only
    assert {m: v["withheld"] for m, v in report["markets"].items()} == {"de-DE": 1, "en-US": 0, "fr-FR": 1}
    assert "PAN-1" in feed(config.parent, "en-US")
    assert_stable(config, after)


def test_translate_a_changed_memory_file_redoes_the_markets_it_translates_for(first) -> None:
    config, files = first
    copy = dict(COPY)
    de, en, fr = copy[("SHIRT-1", "name")]
    copy[("SHIRT-1", "name")] = (de, en, "Tee-shirt")
    (config.parent / "memory.tmx").write_text(tmx(copy), encoding="utf-8")
    report, after = redo(config)
    redone = report["incremental"]["redone"]
    assert 3 <= redone <= 6 and report["incremental"]["reused"] == ALL - redone  # never the source market de-DE
    assert feed(config.parent, "fr-FR")["SHIRT-1"]["values"]["name"] == "Tee-shirt"
    assert after["de-DE.jsonl"] == files["de-DE.jsonl"]
    assert_stable(config, after)


def test_translate_a_changed_engine_redoes_the_translated_markets(first) -> None:
    config, files = first
    report, after = redo(config, RunOptions(engine="pseudo"))
    assert report["incremental"]["redone"] == ALL
    report = run(load_config(config), RunOptions(engine="pseudo")).to_dict()
    assert report["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert outputs(config.parent) == after


def test_convert_new_rates_redo_the_records_and_change_the_prices(first) -> None:
    config, files = first
    rates = config.parent / "rates.csv"
    assert feed(config.parent, "en-US")["MUG-1"]["values"]["price"] == [{"amount": "9.99", "currency": "USD"}]
    rates.write_text(rates.read_text(encoding="utf-8") + "2026-11-23,1.2500,160.00,0.8700,0.9400,\n",
                     encoding="utf-8")
    report, after = redo(config)
    assert report["incremental"]["redone"] == ALL
    assert report["prices"]["rates_date"] == "2026-11-23"
    # 9.90 EUR x 1.25 = 12.375 USD, on the charm-99 price point below it
    assert feed(config.parent, "en-US")["MUG-1"]["values"]["price"] == [{"amount": "11.99", "currency": "USD"}]
    assert_stable(config, after)


def test_convert_changed_units_settings_redo_the_records(first) -> None:
    config, files = first
    text = config.read_text(encoding="utf-8").replace("prices:\n", "units:\n  text: both\nprices:\n")
    config.write_text(text, encoding="utf-8")
    report, after = redo(config)
    assert report["incremental"]["redone"] == ALL
    assert feed(config.parent, "en-US")["MUG-1"]["values"]["description"] == "<p>Stoneware mug, 10.1 fl oz (0.3 L).</p>"
    assert_stable(config, after)


def test_qa_a_changed_glossary_file_redoes_the_markets_of_its_language_pair(first) -> None:
    config, files = first
    (config.parent / "glossary.csv").write_text("de-DE,en-US\nBecher,Cup\n", encoding="utf-8")
    report, after = redo(config)
    assert report["incremental"] == {"full": False, "redone": 3, "reused": 6}  # en-US: its pair changed
    findings = feed(config.parent, "en-US")["MUG-1"]["findings"]
    assert [(f["code"], f["severity"], f["field"]) for f in findings] == [("glossary", "info", "name"),
                                                                     ("glossary", "info", "description")]
    assert after["de-DE.jsonl"] == files["de-DE.jsonl"] and after["fr-FR.xlsx"] == files["fr-FR.xlsx"]
    assert_stable(config, after)


DATED = """\
pack: dated
scope: {countries: [FR]}
rules:
  - id: fr-dated-mug
    kind: terms
    severity: info
    message: A rule that takes effect on a given day.
    source: test
    effective_from: 2026-12-06
    terms: {de: [Becher], fr: [mug]}
"""


def test_rules_the_next_day_reuses_everything_and_a_crossed_rule_date_redoes_only_what_the_rule_touches(
        tmp_path: Path) -> None:
    """The run date is no input of a record: a run on the next day reuses every record. The day a
    rule takes effect redoes only the records it finds something in (MUG-1 in France, not the whole
    market); the day a rule ends redoes only the records it had found something in; each time the
    outputs equal a full run's on that date, and the day after reuses everything again."""
    config = project(tmp_path)
    (tmp_path / "dated.yaml").write_text(DATED + ENDING, encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace("packs: [rules.yaml]", "packs: [rules.yaml, dated.yaml]")

    def on(day: str, options: RunOptions | None = None) -> tuple[dict, dict[str, bytes]]:
        config.write_text(text.replace("rules:\n", f"rules:\n  as_of: '{day}'\n"), encoding="utf-8")
        return redo(config, options)

    report, files = on("2026-12-04")
    assert report["incremental"] == {"full": False, "redone": ALL, "reused": 0}
    assert {f["rule"] for f in feed(tmp_path, "fr-FR")["PAN-1"]["findings"]} == {"fr-ending-pan"}
    report, after = on("2026-12-05")
    assert report["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert after == files
    report, after = on("2026-12-06")  # fr-dated-mug takes effect: France only, MUG-1 only
    assert report["incremental"] == {"full": False, "redone": 1, "reused": 8, "rule_dates_checked": 3}
    assert {f["rule"] for f in feed(tmp_path, "fr-FR")["MUG-1"]["findings"]} == {"fr-dated-mug"}
    assert not feed(tmp_path, "de-DE")["MUG-1"]["findings"]
    assert after["fr-FR.jsonl"] != files["fr-FR.jsonl"] and after["de-DE.jsonl"] == files["de-DE.jsonl"]
    report, full = on("2026-12-06", RunOptions(full=True))
    assert full == after  # the same bytes as redoing everything on that date
    report, again = on("2026-12-07")  # fr-ending-pan ended on the 6th: only PAN-1 in France had its finding
    assert report["incremental"] == {"full": False, "redone": 1, "reused": 8, "rule_dates_checked": 3}
    assert not feed(tmp_path, "fr-FR")["PAN-1"]["findings"]
    report, full = on("2026-12-07", RunOptions(full=True))
    assert full == again
    report, later = on("2026-12-08")
    assert report["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert later == again
    report, back = on("2026-12-05")  # back before both dates: the same two records again
    assert report["incremental"] == {"full": False, "redone": 2, "reused": 7, "rule_dates_checked": 3}
    assert back == files


ENDING = """\
  - id: fr-ending-pan
    kind: terms
    severity: info
    message: A rule that ends on a given day.
    source: test
    effective_until: 2026-12-06
    terms: {de: [Pfanne], fr: [poêle]}
"""
