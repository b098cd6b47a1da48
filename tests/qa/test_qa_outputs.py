"""Output formats: golden files for junit, github and sarif (volatile values normalised), the JUnit
file loads in a JUnit parser, SARIF has the 2.1.0 structure, escaping cannot be abused."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from localize import __version__
from localize.qa.output import render
from localize.qa.runner import validate

GOLDEN = Path(__file__).parent / "golden"

FEED = "\n".join([
    json.dumps({"identifier": "P1", "market": "de-DE", "locale": "de-DE", "source_locale": "en-US", "country": "DE",
                "currency": "EUR", "channel": None, "family": None, "parent": None, "categories": [], "enabled": True,
                "values": {"name": "Jetzt { x} sparen", "description": "<p>Robuste Stiefel</p>"},
                "source": {"name": "Save {x} now", "description": "<p>Robust <b>boots</b></p>"},
                "status": {"name": "machine", "description": "machine"}, "findings": []}),
    '{"identifier": "P2",',
    json.dumps({"identifier": "P3", "market": "de-DE", "locale": "de-DE", "source_locale": "en-US", "country": "DE",
                "currency": "EUR", "channel": None, "family": None, "parent": None, "categories": [], "enabled": True,
                "values": {"name": "Robust and light hiking boots"}, "source": {"name": "Robust and light hiking boots"},
                "status": {"name": "machine"}, "findings": []}),
]) + "\n"
TSV = ("id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tbrand\tmpn\n"
       "G1\tStiefel\tRobuste Stiefel, 100% Leder, Größe 42, Farbe: schwarz\thttps://s.example/p/G1\t"
       "https://s.example/G1.jpg\tin_stock\t89.90 USD\tTrailMaster\tTM-1\n")


@pytest.fixture()
def result(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "de-DE.jsonl").write_text(FEED, encoding="utf-8")
    (tmp_path / "out" / "google-de-DE.tsv").write_text(TSV, encoding="utf-8")
    return validate([tmp_path / "out" / "de-DE.jsonl", tmp_path / "out" / "google-de-DE.tsv"], market="de-DE",
                    base=tmp_path)


def normalise(text: str) -> str:
    """Volatile values: the tool version."""
    return text.replace(f'"semanticVersion": "{__version__}"', '"semanticVersion": "<version>"')


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    text = normalise(text)
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"golden file {path} is missing (run with UPDATE_GOLDEN=1 once)"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "name"), [("junit", "report.junit.xml"), ("github", "report.github.txt"),
                                           ("sarif", "report.sarif.json")])
def test_golden(result, fmt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    check_golden(name, render(result, fmt))


def test_junit_loads_in_a_junit_parser(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from junitparser import Failure, JUnitXml, Skipped

    path = tmp_path / "report.xml"
    path.write_text(render(result, "junit"), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"out/de-DE.jsonl", "out/google-de-DE.tsv"}
    jsonl = suites["out/de-DE.jsonl"]
    cases = {case.name: case for case in jsonl}
    assert jsonl.tests == len(cases) == 26  # one test case per check of the jsonl profile (market-notation is the 26th)
    failed = sorted(name for name, case in cases.items() if any(isinstance(r, Failure) for r in case.result))
    assert failed == ["malformed-line", "placeholder-mismatch", "tag-mismatch"]
    assert jsonl.failures == 3
    assert not any(isinstance(r, Skipped) for case in jsonl for r in case.result)
    untranslated = cases["untranslated"]
    assert untranslated.is_passed and "1 warning(s)" in untranslated.system_out
    google = {case.name: case for case in suites["out/google-de-DE.tsv"]}
    assert [r.type for r in google["gm-price-currency"].result] == ["gm-price-currency"]


def test_junit_off_checks_are_skipped(tmp_path: Path) -> None:
    from junitparser import JUnitXml, Skipped

    (tmp_path / "f.jsonl").write_text(FEED, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "markets: [{locale: de-DE}]\nvalidate: {checks: {quotes: off}}\n", encoding="utf-8")
    res = validate([tmp_path / "f.jsonl"], market="de-DE", config=tmp_path / "localize.yaml", base=tmp_path)
    (tmp_path / "r.xml").write_text(render(res, "junit"), encoding="utf-8")
    suite = next(iter(JUnitXml.fromfile(str(tmp_path / "r.xml"))))
    skipped = [case.name for case in suite if any(isinstance(r, Skipped) for r in case.result)]
    assert skipped == ["quotes"] and suite.skipped == 1


SARIF_SHAPE = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"rules": {"type": "array", "items": {
                        "type": "object", "required": ["id", "shortDescription", "defaultConfiguration"],
                        "properties": {"defaultConfiguration": {"type": "object", "properties": {
                            "level": {"enum": ["none", "note", "warning", "error"]}}}},
                    }}},
                }}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["ruleId", "ruleIndex", "level", "message", "locations"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "required": ["artifactLocation"], "properties": {
                                "artifactLocation": {"type": "object", "required": ["uri"]},
                                "region": {"type": "object", "properties": {
                                    "startLine": {"type": "integer", "minimum": 1}}},
                            }},
                        }}},
                    },
                }},
            },
        }},
    },
}


def test_sarif_structure_and_rule_indexes(result) -> None:  # type: ignore[no-untyped-def]
    from jsonschema import Draft7Validator

    log = json.loads(render(result, "sarif"))
    assert list(Draft7Validator(SARIF_SHAPE).iter_errors(log)) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    assert {r["ruleId"] for r in run["results"]} == {
        "placeholder-mismatch", "tag-mismatch", "malformed-line", "untranslated", "gm-price-currency",
    }


def test_github_escaping_cannot_inject_a_command(tmp_path: Path) -> None:
    evil = FEED.replace('"identifier": "P3"', '"identifier": "P3\\n::error::pwned %0A"')
    (tmp_path / "f.jsonl").write_text(evil, encoding="utf-8")
    text = render(validate([tmp_path / "f.jsonl"], market="de-DE", base=tmp_path), "github")
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in text.splitlines())
    assert "%250A" in text and "%0A::error::pwned" in text


def test_json_output(result) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(result, "json"))
    assert data["exit_code"] == 1
    assert data["summary"] == {"files": 2, "records": 3, "errors": 4, "warnings": 1, "shown": 5, "omitted": 0}
    assert data["checks"]["tag-mismatch"] == {"level": "error", "error": 1, "warning": 0}
    assert data["findings"][0] == {
        "code": "placeholder-mismatch", "severity": "error", "message": "placeholders missing in the target: {x}",
        "file": "out/de-DE.jsonl", "line": 1, "record": "P1", "field": "name", "matched": "{x}",
    }


def test_text_output_escapes_markup(tmp_path: Path) -> None:
    evil = FEED.replace("Robust and light hiking boots", "[bold]Robust[/bold] and light hiking boots")
    (tmp_path / "f.jsonl").write_text(evil, encoding="utf-8")
    text = render(validate([tmp_path / "f.jsonl"], market="de-DE", base=tmp_path), "text")
    assert "FAILED" in text
    assert not re.search(r"\x1b\[", text)  # no colour when not asked for
    assert "the target is the source text unchanged: '[bold]Robust[/bold] and light hiking boots'" in text
