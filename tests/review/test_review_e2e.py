"""End to end: `localize run` withholds flagged products, `review export` / `review apply`
store decisions, and the next run publishes what was approved or edited."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from localize.cli import app

PRODUCTS = """\
sku;family;categories;name-de_DE;description-de_DE;price-EUR
P1;mugs;kitchen;Becher;Umweltfreundlicher Becher aus Keramik;9.90
P2;mugs;kitchen;Tasse;Eine schöne Tasse <script>alert(1)</script>;5.00
P3;knives;knives;Butterflymesser;Ein Messer;19.99
P4;mugs;kitchen;Teller;Ein Teller;3.00
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE}
markets: [{locale: de-DE}, {locale: en-GB}]
outputs: {dir: out, formats: [jsonl]}
rules: {as_of: "2026-11-15"}
review: {fail_on: [block]}
translation: {engine: pseudo}
"""


def run(folder: Path) -> dict:
    result = CliRunner().invoke(app, ["run", str(folder / "localize.yaml"), "--json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert report["exit_code"] == result.exit_code
    return report


def feed(folder: Path, market: str) -> dict[str, dict]:
    lines = (folder / "out" / f"{market}.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["identifier"]: d for d in map(json.loads, lines)}


def queue_ids(folder: Path) -> list[tuple[str, str]]:
    lines = (folder / "out" / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted((d["market"], d["identifier"]) for d in map(json.loads, lines))


def test_run_review_apply_rerun(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    report = run(tmp_path)
    assert report["exit_code"] == 1  # an open block finding keeps products out of a feed
    de, gb = report["markets"]["de-DE"], report["markets"]["en-GB"]
    # P2's <script> is removed in every market and held for a person (unsafe-markup)
    assert (de["read"], de["written"], de["withheld"], de["findings"]) == (4, 1, 3, {"block": 1, "review": 2, "info": 0})
    # P4: 3.00 EUR is 2.50 GBP, no charm-99 point within 5 % (price-point-skipped, info)
    # P1: the German source's "Umweltfreundlicher" is a green claim for the UK too (the CMA's code)
    assert (gb["written"], gb["withheld"], gb["findings"]) == (1, 3, {"block": 0, "review": 3, "info": 1})
    assert queue_ids(tmp_path) == [("de-DE", "P1"), ("de-DE", "P2"), ("de-DE", "P3"), ("en-GB", "P1"), ("en-GB", "P2"),
                                   ("en-GB", "P3")]
    assert set(feed(tmp_path, "de-DE")) == {"P4"}

    runner = CliRunner()
    out = tmp_path / "review"
    exported = runner.invoke(app, ["review", "export", str(tmp_path / "localize.yaml"), "--out", str(out), "--json"])
    assert exported.exit_code == 0, exported.output
    summary = json.loads(exported.stdout)
    assert summary["items"] == 6 and summary["open"] == 6
    assert sorted(Path(p).name for p in summary["written"]) == [
        "review.csv", "review.de-DE.xlf", "review.en-GB.xlf", "review.html", "review.xlsx"]

    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    by = {(r["market"], r["product"]): r for r in rows}
    by[("de-DE", "P1")].update(decision="edit", corrected_text="Becher aus Keramik, mit EU Ecolabel", comment="claim removed")
    by[("de-DE", "P3")].update(decision="reject", comment="prohibited in DE")
    by[("en-GB", "P3")].update(decision="approve", comment="age check at delivery")
    by[("en-GB", "P1")].update(decision="approve", comment="evidence on file")
    for market in ("de-DE", "en-GB"):
        by[(market, "P2")].update(decision="approve", comment="the cleaned text is fine")
    sheet = tmp_path / "decisions.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    applied = runner.invoke(app, ["review", "apply", str(sheet), "--config", str(tmp_path / "localize.yaml"),
                                  "--reviewer", "ana", "--json"])
    assert applied.exit_code == 0, applied.output
    assert json.loads(applied.stdout)["by_decision"] == {"approve": 4, "reject": 1, "edit": 1}
    assert (tmp_path / ".localize" / "review.sqlite").is_file()

    report = run(tmp_path)
    assert report["exit_code"] == 0
    de, gb = report["markets"]["de-DE"], report["markets"]["en-GB"]
    assert (de["written"], de["withheld"]) == (3, 1)  # P3 rejected: never published in de-DE
    assert feed(tmp_path, "de-DE")["P2"]["values"]["description"] == "Eine schöne Tasse "  # approved, cleaned
    assert (gb["written"], gb["withheld"]) == (4, 0)
    assert queue_ids(tmp_path) == [("de-DE", "P3")]
    p1 = feed(tmp_path, "de-DE")["P1"]
    assert p1["values"]["description"] == "Becher aus Keramik, mit EU Ecolabel"
    assert p1["status"]["description"] == "human"
    assert p1["findings"][0]["severity"] == "info" and "[edited by ana on " in p1["findings"][0]["message"]
    assert "P3" in feed(tmp_path, "en-GB")
    assert report["stages"]["gate"]["decisions"] == {"stored": 6, "approved": 4, "edited": 1, "rejected": 1}

    # The source text changes: the edit no longer applies; P1 is reviewed again.
    (tmp_path / "products.csv").write_text(PRODUCTS.replace("Umweltfreundlicher Becher", "Umweltfreundlicher Kaffeebecher"),
                                           encoding="utf-8")
    report = run(tmp_path)
    assert report["markets"]["de-DE"]["withheld"] == 2
    assert queue_ids(tmp_path) == [("de-DE", "P1"), ("de-DE", "P3"), ("en-GB", "P1")]


def test_config_can_disable_packs_and_rules(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS.replace(" <script>alert(1)</script>", ""), encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        CONFIG.replace('rules: {as_of: "2026-11-15"}', 'rules: {as_of: "2026-11-15", disable_packs: [de-DE], '
                       'disable: ["gb-*"], severity: {global-eu-green-claims: info}}'), encoding="utf-8")
    report = run(tmp_path)
    assert report["exit_code"] == 0
    assert report["markets"]["de-DE"]["withheld"] == 0
    assert report["markets"]["de-DE"]["findings"] == {"block": 0, "review": 0, "info": 1}
    assert report["markets"]["en-GB"]["withheld"] == 0
