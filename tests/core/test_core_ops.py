"""`localize status` and `localize runs`: what the next run would do, what earlier runs did."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_core_pipeline import project

from localize.api import run
from localize.config import load_config
from localize.pipeline.status import status


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_status_before_and_after_a_run_and_after_a_change(tmp_path: Path) -> None:
    config = project(tmp_path, extra="translation: {engine: pseudo}")  # publish everything: no review
    before = status(load_config(config))
    assert before["has_state"] is False and before["published_run"] is None
    assert before["markets"]["en-US"] == {"changed": 0, "new": 6, "unchanged": 0, "pending_review": 0,
                                          "pending_translation": 0, "rejected": 0}
    report = run(load_config(config))
    products = tmp_path / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace("Tasse 0,3 l", "Becher"), encoding="utf-8")
    after = status(load_config(config))
    assert after["published_run"] == report.sections["run_id"]  # the generation out/ shows
    assert after["markets"]["fr-CH"] == {"changed": 1, "new": 0, "unchanged": 5, "pending_review": 0,
                                         "pending_translation": 0, "rejected": 0}
    assert not (tmp_path / "out" / "status").exists()


def test_runs_lists_manifests_and_shows_one(tmp_path: Path) -> None:
    config = project(tmp_path, extra="translation: {engine: pseudo}")  # publish everything: no review
    first = run(load_config(config)).sections["run_id"]
    second = run(load_config(config)).sections["run_id"]
    listed = cli("runs", "--config", str(config), "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    runs = json.loads(listed.stdout)
    assert [r["run_id"] for r in runs] == sorted([first, second], reverse=True)
    assert runs[0]["written"] == 18 and runs[0]["exit_code"] == 0
    shown = cli("runs", "--config", str(config), "show", first, cwd=tmp_path)
    assert shown.returncode == 0 and json.loads(shown.stdout)["run_id"] == first
    missing = cli("runs", "--config", str(config), "show", "nope", cwd=tmp_path)
    assert missing.returncode == 2 and "no run 'nope'" in missing.stderr


def test_status_command_prints_json(tmp_path: Path) -> None:
    config = project(tmp_path)
    proc = cli("status", str(config), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["markets"]["de-DE"]["new"] == 6


def test_status_counts_only_the_records_a_crossed_rule_date_concerns(tmp_path: Path) -> None:
    """The day a rule takes effect, `status` counts as changed only the records it finds something in
    (as the run then redoes them), not every record of its markets."""
    (tmp_path / "dated.yaml").write_text(
        "pack: dated\nscope: {countries: [CH]}\nrules:\n  - id: ch-dated\n    kind: terms\n    severity: info\n"
        "    message: From the 6th.\n    source: test\n    effective_from: 2026-12-06\n    terms: {de: [Waise]}\n",
        encoding="utf-8")

    def on(day: str) -> Path:
        return project(tmp_path, extra=f"translation: {{engine: pseudo}}\nrules: {{packs: [dated.yaml], as_of: '{day}'}}")

    report = run(load_config(on("2026-12-05")))
    planned = status(load_config(on("2026-12-06")))["markets"]
    assert planned["fr-CH"]["changed"] == 1 and planned["fr-CH"]["unchanged"] == report.markets["fr-CH"].read - 1
    assert planned["de-DE"]["changed"] == planned["en-US"]["changed"] == 0
    redone = run(load_config(on("2026-12-06"))).sections["incremental"]
    assert redone["redone"] == 1 and redone["rule_dates_checked"] > 1
