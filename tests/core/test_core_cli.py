"""The command line: exit codes, --json report, quick runs, messages without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import core_catalogue as cat

BAD = Path(__file__).parent / "bad"


def localize(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_quick_run_without_config_prints_one_json_report(tmp_path: Path) -> None:
    cat.write_akeneo_csv(tmp_path / "products.csv")
    proc = localize("run", "--source", "products.csv", "--source-format", "akeneo-csv", "--source-locale", "de_DE",
                    "--market", "en-US", "--market", "fr-FR", "--out", "out", "--engine", "pseudo", "--json",
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["exit_code"] == 0
    counts = report["markets"]["en-US"]
    assert (counts["read"], counts["written"], counts["rejected"], counts["withheld"]) == (3, 3, 0, 0)
    assert sorted(Path(p).name for p in report["outputs"]) == [
        "en-US.jsonl", "fr-FR.jsonl", "manifest.json", "rejects.jsonl", "review-queue.jsonl",
    ]
    assert (tmp_path / "out" / "fr-FR.jsonl").read_text(encoding="utf-8").count("\n") == 3


def test_rejects_exit_1_and_the_json_report_says_so(tmp_path: Path) -> None:
    proc = localize("run", "--source", str(BAD / "rows.csv"), "--source-locale", "de_DE", "--market", "en-US",
                    "--out", "out", "--json", cwd=tmp_path)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["exit_code"] == 1 and report["rejects"] == 7
    assert report["markets"]["en-US"]["rejected"] == 7


def test_config_errors_exit_2_with_all_problems_and_no_traceback(tmp_path: Path) -> None:
    proc = localize("run", str(BAD / "bad-config.yaml"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "5 problem(s) in the configuration" in proc.stderr
    assert 'markets[1].currency: "EURO" is not an ISO 4217 code' in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_unreadable_input_exits_3_and_verbose_adds_the_traceback(tmp_path: Path) -> None:
    args = ("run", "--source", str(BAD / "latin1.csv"), "--source-locale", "de_DE", "--market", "en-US", "--out", "out")
    proc = localize(*args, cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stderr.startswith(f"error: {BAD / 'latin1.csv'}:2: cannot decode the file as utf-8")
    assert "Traceback" not in proc.stderr
    verbose = localize("--verbose", *args, cwd=tmp_path)
    assert verbose.returncode == 3 and "Traceback" in verbose.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    proc = localize("run", "--source", "x.csv", "--market", "en-US", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--source-locale is required without a config file" in proc.stderr
    assert localize("run", "--no-such-flag", cwd=tmp_path).returncode == 2


def test_human_summary_names_the_stages_not_built_yet(tmp_path: Path) -> None:
    cat.write_akeneo_csv(tmp_path / "products.csv")
    args = ("run", "--source", "products.csv", "--source-locale", "de_DE", "--market", "en-US", "--engine", "pseudo")
    proc = localize(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "en-US" in proc.stdout and "exit code 0" in proc.stdout
    quiet = localize("--quiet", *args, cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == ""
    # without an engine every record waits for translation: nothing is published, exit 1 says why
    offline = localize("run", "--source", "products.csv", "--source-locale", "de_DE", "--market", "en-US", cwd=tmp_path)
    assert offline.returncode == 1
    assert "market en-US: read 3 record(s) and published none: 3 withheld for review (findings: untranslated" in offline.stderr


def test_help_and_version(tmp_path: Path) -> None:
    proc = localize("--help", cwd=tmp_path)
    assert proc.returncode == 0 and "run" in proc.stdout
    version = localize("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("localize ")
