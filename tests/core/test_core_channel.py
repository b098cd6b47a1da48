"""No channel configured: the single channel of the sources is used (and said); several stop the run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from localize.api import build_config, run
from localize.errors import UsageError
from localize.readers.scopes import resolve_channel


def localize(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


ONE_CHANNEL = [
    ["sku", "family", "name-de_DE", "description-de_DE-ecommerce", "release_date-ecommerce"],
    ["A1", "shirts", "Hemd", "Ein blaues Hemd aus Baumwolle.", "2024-01-01"],
]


def test_the_single_channel_is_used_and_said(tmp_path: Path) -> None:
    write(tmp_path / "products.csv", ONE_CHANNEL)
    proc = localize("run", "--source", "products.csv", "--source-locale", "de_DE", "--market", "de-AT",
                    "--out", "out", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["channel"] == {"name": "ecommerce", "detected": True}
    assert any("channel 'ecommerce'" in w for w in report["warnings"]["first"])
    line = json.loads((tmp_path / "out" / "de-AT.jsonl").read_text(encoding="utf-8"))
    assert line["values"]["description"] == "Ein blaues Hemd aus Baumwolle."
    assert line["values"]["release_date"] == "2024-01-01"
    assert line["channel"] == "ecommerce"


def test_several_channels_stop_with_exit_2_listing_them(tmp_path: Path) -> None:
    write(tmp_path / "products.csv", [
        ["sku", "name-de_DE", "description-de_DE-print", "description-de_DE-ecommerce"],
        ["A1", "Hemd", "Druck", "Shop"],
    ])
    proc = localize("run", "--source", "products.csv", "--source-locale", "de_DE", "--market", "de-AT",
                    "--out", "out", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--channel ecommerce|print" in proc.stderr
    assert not (tmp_path / "out").exists()
    ok = localize("run", "--source", "products.csv", "--source-locale", "de_DE", "--market", "de-AT",
                  "--channel", "print", "--out", "out", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert json.loads((tmp_path / "out" / "de-AT.jsonl").read_text(encoding="utf-8"))["values"]["description"] == "Druck"


def test_config_without_source_channel_follows_the_same_rule(tmp_path: Path) -> None:
    write(tmp_path / "products.csv", ONE_CHANNEL)
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE}\nmarkets: [{locale: de-AT}]\n", encoding="utf-8")
    cfg = build_config(config=tmp_path / "localize.yaml")
    resolved, channel = resolve_channel(cfg)
    assert channel == "ecommerce" and resolved.source.channel == "ecommerce"
    assert [m.channel for m in resolved.markets] == ["ecommerce"]
    report = run(cfg)
    assert report.to_dict()["channel"]["name"] == "ecommerce"
    assert report.markets["de-AT"].written == 1
    # a market with its own channel needs no detection
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE}\n"
        "markets: [{locale: de-AT, channel: print}]\n", encoding="utf-8")
    assert resolve_channel(build_config(config=tmp_path / "localize.yaml"))[1] is None


def test_akeneo_json_scopes_are_detected(tmp_path: Path) -> None:
    items = [
        {"identifier": "A1", "values": {"description": [{"locale": "de_DE", "scope": "print", "data": "x"}]}},
        {"identifier": "A2", "values": {"description": [{"locale": "de_DE", "scope": "mobile", "data": "y"}]}},
    ]
    (tmp_path / "p.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    cfg = build_config(sources=[tmp_path / "p.jsonl"], source_format="akeneo-json", source_locale="de_DE",
                       markets=["de-AT"], out=tmp_path / "out")
    with pytest.raises(UsageError, match=r"mobile\|print"):
        resolve_channel(cfg)


def test_real_icecat_export_names_its_three_channels(shared_data: Path, tmp_path: Path) -> None:
    products = shared_data / "akeneo" / "icecat_demo_dev_2017" / "products.csv"
    proc = localize("run", "--source", str(products), "--source-locale", "en_US", "--market", "de-DE",
                    "--out", "out", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--channel ecommerce|mobile|print" in proc.stderr
