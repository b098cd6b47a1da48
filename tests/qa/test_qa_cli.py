"""`localize validate` at the command line: exit codes 0/1/2, formats, -o, --list-checks, config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from localize.cli import app

GOOD = json.dumps({
    "identifier": "P1", "market": "de-DE", "locale": "de-DE", "source_locale": "en-US", "country": "DE",
    "currency": "EUR", "channel": None, "family": None, "parent": None, "categories": [], "enabled": True,
    "values": {"name": "Trinkflasche 1,5 l"}, "source": {"name": "Water bottle 1.5 l"}, "status": {"name": "machine"},
    "findings": [],
})
BAD = GOOD.replace("Trinkflasche 1,5 l", "Trinkflasche <b>1,5 l")


def invoke(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(app, ["validate", *args])
    finally:
        os.chdir(cwd)


@pytest.fixture()
def feeds(tmp_path: Path) -> Path:
    (tmp_path / "good.jsonl").write_text(GOOD + "\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(BAD + "\n", encoding="utf-8")
    (tmp_path / "good.tsv").write_text("id\ttitle\nP1\tTrinkflasche\n", encoding="utf-8")
    return tmp_path


def test_exit_0_when_clean(feeds: Path) -> None:
    result = invoke(feeds, "good.jsonl", "--market", "de-DE")
    assert result.exit_code == 0, result.output
    assert "PASSED  market de-DE: 0 error(s), 0 warning(s) in 1 record(s) of 1 file(s)" in result.output


def test_exit_1_on_error_findings(feeds: Path) -> None:
    result = invoke(feeds, "good.jsonl", "bad.jsonl", "--market", "de-DE", "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "::error file=bad.jsonl,line=1,title=tag-mismatch::P1 name: tags not in the source: <b>"
    )


def test_warning_level_override_from_config_exits_0(feeds: Path) -> None:
    (feeds / "localize.yaml").write_text("markets: [{locale: de-DE}]\nvalidate:\n  checks:\n    tag-mismatch: warning\n"
                                         "    tag-nesting: off\n", encoding="utf-8")
    result = invoke(feeds, "bad.jsonl", "--config", "localize.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("tag-mismatch", "warning")]
    assert data["checks"]["tag-nesting"]["level"] == "off"


def test_per_market_override_wins(feeds: Path) -> None:
    (feeds / "localize.yaml").write_text(
        "markets:\n  - locale: de-DE\n    validate: {checks: {tag-mismatch: error}}\n"
        "validate: {checks: {tag-mismatch: warning}}\n", encoding="utf-8")
    assert invoke(feeds, "bad.jsonl", "--config", "localize.yaml", "--market", "de-DE").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.jsonl", "--market", "de-DE"), "missing.jsonl: file not found"),
        (("good.tsv",), "--market is required"),  # a file that names no market (a JSONL record names its own)
        (("good.jsonl", "--market", "xx"), "--market xx: not a locale with a region"),
        (("good.jsonl", "--market", "de-DE", "--format", "pdf"), "--format: unknown format 'pdf'"),
        (("good.jsonl", "--market", "de-DE", "--profile", "prestashop"), "--profile: unknown profile 'prestashop'"),
        ((), "no file to validate"),
    ],
)
def test_usage_errors_exit_2(feeds: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke(feeds, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_unknown_check_in_config_exits_2_with_suggestion(feeds: Path) -> None:
    (feeds / "localize.yaml").write_text("markets: [{locale: de-DE}]\nvalidate: {checks: {tag-mismtch: off}}\n",
                                         encoding="utf-8")
    result = invoke(feeds, "good.jsonl", "--config", "localize.yaml")
    assert result.exit_code == 2
    assert "validate.checks.tag-mismtch: unknown check (did you mean 'tag-mismatch'?)" in result.output


def test_output_file_and_summary(feeds: Path) -> None:
    result = invoke(feeds, "bad.jsonl", "--market", "de-DE", "--format", "junit", "-o", "reports/validate.xml")
    assert result.exit_code == 1
    assert "wrote reports/validate.xml" in result.output
    assert "FAILED" in result.output
    assert (feeds / "reports" / "validate.xml").read_text(encoding="utf-8").startswith('<?xml version="1.0"')


def test_max_findings(feeds: Path) -> None:
    lines = "\n".join(BAD.replace('"P1"', f'"P{i}"') for i in range(4)) + "\n"
    (feeds / "many.jsonl").write_text(lines, encoding="utf-8")
    result = invoke(feeds, "many.jsonl", "--market", "de-DE", "--max-findings", "1", "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert data["summary"]["shown"] == 1 and data["summary"]["omitted"] == 7
    assert data["summary"]["errors"] == 8


def test_list_checks_documents_every_check(tmp_path: Path) -> None:
    from localize.qa.checks import all_checks

    result = invoke(tmp_path, "--list-checks", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [c["code"] for c in listed] == list(all_checks())
    number = next(c for c in listed if c["code"] == "number-mismatch")
    assert number["level"] == "error" and "1.5 l = 1,5 l" in number["summary"] and number["fix"]
    text = invoke(tmp_path, "--list-checks")
    assert text.exit_code == 0
    for code in all_checks():
        assert code in text.output
