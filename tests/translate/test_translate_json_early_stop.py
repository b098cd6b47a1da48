"""`run --json` prints one JSON report on stdout also when the run stops early."""

from __future__ import annotations

import json
from pathlib import Path

from test_translate_cli import localize, write_project

BAD_CONFIG = Path(__file__).parents[1] / "core" / "bad" / "bad-config.yaml"


def stopped(proc, code: int) -> dict:  # type: ignore[no-untyped-def]
    assert proc.returncode == code, proc.stderr
    report = json.loads(proc.stdout)  # exactly one JSON object
    assert report["exit_code"] == code
    assert set(report["error"]) >= {"message", "hint"} and report["error"]["message"]
    assert {"markets", "outputs", "stages", "warnings"} <= set(report)
    return report


def test_a_rejected_key_403(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    secret = "wrong-key-4b9e2c7a1f:fx"
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=secret)
    report = stopped(proc, 4)
    assert "rejected by the DeepL API (403)" in report["error"]["message"]
    assert secret not in proc.stdout + proc.stderr


def test_a_server_error_at_start(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    deepl_server.fail(503, times=50, path="/v2/usage")
    report = stopped(localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key), 4)
    assert "503" in report["error"]["message"] or "DeepL" in report["error"]["message"]


def test_config_errors(tmp_path: Path) -> None:
    report = stopped(localize("run", str(BAD_CONFIG), "--json", cwd=tmp_path, key=None), 2)
    assert len(report["error"]["problems"]) == 5
    assert report["markets"] == {}
    no_source = stopped(localize("run", "--json", cwd=tmp_path, key=None), 2)
    assert "nothing to run" in no_source["error"]["message"]


def test_rates_errors(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url, "prices: {rates_date: '1990-01-01'}\n")
    (tmp_path / "products.csv").write_text("sku;name-de_DE;price-EUR\nPAN-28;Pfanne;10.00\n", encoding="utf-8")
    report = stopped(localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key), 2)
    assert "rate" in report["error"]["message"].lower()


def test_a_missing_input(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    (tmp_path / "products.csv").unlink()
    report = stopped(localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key), 3)
    assert "products.csv" in report["error"]["message"]
