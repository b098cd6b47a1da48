"""After review, what a run publishes `localize validate` still accepts: an approved QA finding is
not raised again by `validate`, a reviewer's edited text is checked like their own copy, and an
edit that brings a new error is held back instead of published."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from localize.cli import app

PRODUCTS = """\
sku;family;categories;name-de_DE;short_description-de_DE;price-EUR
P1;sport;leggings;Leggings;Blickdichte Leggings – Größe {size} jetzt verfügbar.;29.90
P2;kitchen;mugs;Becher;Ein schöner Becher aus Keramik.;9.90
P3;kitchen;mugs;Tasse;Hypoallergen und aus Keramik.;5.00
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE}
markets: [{locale: de-DE}, {locale: en-GB}]
outputs: {dir: out, formats: [jsonl]}
rules: {as_of: "2026-11-15"}
translation: {engine: pseudo}
"""


def run(folder: Path) -> dict:
    result = CliRunner().invoke(app, ["run", str(folder / "localize.yaml"), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def feed(folder: Path, market: str) -> dict[str, dict]:
    lines = (folder / "out" / f"{market}.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["identifier"]: d for d in map(json.loads, lines)}


def queue(folder: Path) -> dict[tuple[str, str], list[str]]:
    lines = (folder / "out" / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()
    return {(d["market"], d["identifier"]): sorted(f["code"] for f in d["findings"] if f["severity"] != "info")
            for d in map(json.loads, lines)}


def validate(folder: Path, market: str) -> dict:
    result = CliRunner().invoke(app, ["validate", str(folder / "out" / f"{market}.jsonl"), "--market", market,
                                      "--config", str(folder / "localize.yaml"), "--format", "json"])
    return json.loads(result.stdout) | {"exit": result.exit_code}


def apply_decisions(folder: Path, rows: list[dict[str, str]]) -> None:
    """The reviewer's sheet (the export's rows with their decisions) applied by `localize review apply`."""
    sheet = folder / "decisions.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    applied = CliRunner().invoke(app, ["review", "apply", str(sheet), "--config", str(folder / "localize.yaml"),
                                       "--reviewer", "ana"])
    assert applied.exit_code == 0, applied.output


def test_reviewed_records_are_published_as_decided_and_validate_accepts_them(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    run(tmp_path)
    assert queue(tmp_path) == {
        ("de-DE", "P1"): ["placeholder-leftover"], ("en-GB", "P1"): ["placeholder-leftover"],
        ("de-DE", "P3"): ["regulated-claim"], ("en-GB", "P3"): ["regulated-claim"],
    }

    out = tmp_path / "review"
    exported = CliRunner().invoke(app, ["review", "export", str(tmp_path / "localize.yaml"), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    by = {(r["market"], r["product"]): r for r in rows}
    # approve the QA check's finding in de-DE (the placeholder stays: the reviewer's call) ...
    by[("de-DE", "P1")].update(decision="approve", comment="the shop fills {size} itself")
    # ... fix the copy in en-GB (the target no longer has the source's placeholder) ...
    by[("en-GB", "P1")].update(decision="edit", corrected_text="Opaque leggings – size M now available.")
    # ... and an edit that leaves a template placeholder in: held for another look
    by[("en-GB", "P3")].update(decision="edit", corrected_text="A {colour} ceramic cup.")
    apply_decisions(tmp_path, rows)

    report = run(tmp_path)
    assert report["markets"]["de-DE"]["written"] == 2 and report["markets"]["en-GB"]["written"] == 2
    assert queue(tmp_path) == {("de-DE", "P3"): ["regulated-claim"], ("en-GB", "P3"): ["placeholder-leftover"]}
    de, gb = feed(tmp_path, "de-DE")["P1"], feed(tmp_path, "en-GB")["P1"]
    assert "{size}" in de["values"]["short_description"]
    assert [(f["code"], f["severity"], f["decision"]) for f in de["findings"]] == [
        ("placeholder-leftover", "info", "approve")]
    assert gb["values"]["short_description"] == "Opaque leggings – size M now available."
    assert gb["status"]["short_description"] == "human"
    assert [(f["code"], f["decision"]) for f in gb["findings"]] == [("placeholder-leftover", "edit")]

    for market in ("de-DE", "en-GB"):
        result = validate(tmp_path, market)
        assert result["exit"] == 0, result["findings"]
        assert [f for f in result["findings"] if f["severity"] == "error"] == []


def test_an_edit_that_keeps_the_error_its_finding_named_is_held_again(tmp_path: Path) -> None:
    """h19: an edit silenced the check whose finding it answered, on that field: a reviewer's text that still
    left `{size}` in was published (and validate accepted it). Only an approval silences a check now."""
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    run(tmp_path)
    out = tmp_path / "review"
    CliRunner().invoke(app, ["review", "export", str(tmp_path / "localize.yaml"), "--out", str(out)])
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    by = {(r["market"], r["product"]): r for r in rows}
    by[("en-GB", "P1")].update(decision="edit", corrected_text="Opaque leggings – size {size} available now.")
    apply_decisions(tmp_path, rows)
    run(tmp_path)
    assert "P1" not in feed(tmp_path, "en-GB")
    assert queue(tmp_path)[("en-GB", "P1")] == ["placeholder-leftover"]


def test_validate_still_rejects_the_same_errors_without_a_decision(tmp_path: Path) -> None:
    line = {
        "identifier": "P1", "market": "en-GB", "locale": "en-GB", "source_locale": "de-DE", "country": "GB",
        "currency": "GBP", "channel": None, "family": None, "parent": None, "categories": [], "enabled": True,
        "values": {"short_description": "Opaque leggings – size M now available."},
        "source": {"short_description": "Blickdichte Leggings – Größe {size} jetzt verfügbar."},
        "status": {"short_description": "human"}, "display": {}, "taxonomy": {},
        "findings": [],
    }
    folder = tmp_path / "out"
    folder.mkdir()
    (tmp_path / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    (folder / "en-GB.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = validate(tmp_path, "en-GB")
    assert result["exit"] == 1
    assert [f["code"] for f in result["findings"] if f["severity"] == "error"] == ["placeholder-mismatch"]
    # the same line with the reviewer's decision in its findings passes
    line["findings"] = [{"code": "placeholder-leftover", "severity": "info", "message": "m [edited by ana]",
                         "field": "short_description", "rule": "validate:placeholder-leftover", "decision": "edit"}]
    (folder / "en-GB.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert validate(tmp_path, "en-GB")["exit"] == 0
