"""`localize validate` checks a feed's numbers, currency and locale against the market it claims.

Without `--market` (and without a config naming one market), the market is the one the files claim: a JSONL
record's `market`, or the run's manifest.json next to a file that lists it among its outputs and names one of its
markets in the file name (`de-DE.csv`, `google-pl-PL.tsv`); the JSON report says where it came from
(`market_from`). Files claiming different markets, or none, are a usage error (exit 2, one JSON object with
`--format json`). The check `market-notation` (error) reads each display of a price or quantity in the market's
notation: a display in another market's notation (`1,234.50 €` in de-DE), a price in another currency, or a
display of another number is exit 1."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from localize.cli import app


def record(market: str, country: str, currency: str, price: str, shown: str, weight: str = "2.5000",
           weight_shown: str = "2,5 kg", **extra: Any) -> str:
    data = {
        "identifier": "P1", "market": market, "locale": market, "source_locale": "en-US", "country": country,
        "currency": currency, "channel": None, "family": None, "parent": None, "categories": [], "enabled": True,
        "values": {"name": "Flasche", "price": [{"amount": price, "currency": currency}],
                   "weight": {"amount": weight, "unit": "KILOGRAM"}},
        "display": {"price": shown, "weight": weight_shown},
        "source": {}, "status": {"name": "pim", "price": "pim"}, "findings": [], **extra,
    }
    return json.dumps(data, ensure_ascii=False) + "\n"


def validate(where: Path, *args: str) -> tuple[int, dict[str, Any]]:
    cwd = os.getcwd()
    os.chdir(where)
    try:
        result = CliRunner().invoke(app, ["validate", *args, "--format", "json"])
    finally:
        os.chdir(cwd)
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(("market", "country", "currency", "price", "shown", "weight_shown"), [
    ("de-DE", "DE", "EUR", "1234.50", "1.234,50\u00a0€", "2,5 kg"),
    ("pl-PL", "PL", "PLN", "9000.00", "9000,00\u00a0zł", "2,5 kg"),
    ("pl-PL", "PL", "PLN", "9000.00", "9\u00a0000,00\u00a0zł", "2,5 kg"),  # babel's grouping: the same notation
    ("en-US", "US", "USD", "1234.50", "$1,234.50", "2.5 kg"),
    ("fr-CH", "CH", "CHF", "1234.50", "1\u202f234.50\u00a0CHF", "2,5 kg"),
    ("zh-TW", "TW", "TWD", "372.00", "$372", "2.5 kg"),
])
def test_a_feed_in_its_markets_notation_passes_with_the_market_it_claims(
        tmp_path: Path, market: str, country: str, currency: str, price: str, shown: str, weight_shown: str) -> None:
    (tmp_path / f"{market}.jsonl").write_text(record(market, country, currency, price, shown,
                                                     weight_shown=weight_shown), encoding="utf-8")
    code, report = validate(tmp_path, f"{market}.jsonl")
    assert (code, report["market"], report["market_from"]) == (0, market, "feed"), report["findings"]
    assert report["checks"]["market-notation"] == {"level": "error", "error": 0, "warning": 0}


@pytest.mark.parametrize(("market", "country", "currency", "price", "shown", "weight_shown", "says"), [
    ("de-DE", "DE", "EUR", "1234.50", "1,234.50\u00a0€", "2,5 kg", "not written in de-DE's notation (1.234,50)"),
    ("en-US", "US", "USD", "1234.50", "1.234,50\u00a0$", "2.5 kg", "not written in en-US's notation"),
    ("pl-PL", "PL", "PLN", "9000.00", "9000,00\u00a0zł", "2.5 kg", "not written in pl-PL's notation (2,5)"),
    ("ja-JP", "JP", "JPY", "3232", "€3,232", "2.5 kg", "does not name JPY"),
    ("de-DE", "DE", "EUR", "19.90", "19,90\u00a0€", "25 kg", "reads as 25 in de-DE, not 2.5"),
])
def test_a_display_in_another_notation_fails(tmp_path: Path, market: str, country: str, currency: str, price: str,
                                            shown: str, weight_shown: str, says: str) -> None:
    (tmp_path / "feed.jsonl").write_text(record(market, country, currency, price, shown, weight_shown=weight_shown),
                                         encoding="utf-8")
    code, report = validate(tmp_path, "feed.jsonl")
    assert code == 1 and report["exit_code"] == 1
    messages = [f["message"] for f in report["findings"] if f["code"] == "market-notation"]
    assert any(says in m for m in messages), report["findings"]


def test_a_feed_checked_against_another_market_fails_on_locale_currency_and_notation(tmp_path: Path) -> None:
    (tmp_path / "de-DE.jsonl").write_text(record("de-DE", "DE", "EUR", "1234.50", "1.234,50\u00a0€"),
                                          encoding="utf-8")
    code, report = validate(tmp_path, "de-DE.jsonl", "--market", "en-US")
    assert code == 1 and report["market_from"] == "option"
    codes = {f["code"] for f in report["findings"]}
    assert {"market-mismatch", "market-notation"} <= codes
    assert any("values.price is in EUR, but the market en-US sells in USD" in f["message"]
               for f in report["findings"])


def test_the_market_of_a_file_named_in_the_runs_manifest(tmp_path: Path) -> None:
    (tmp_path / "google-pl-PL.tsv").write_text("id\ttitle\tprice\nP1\tButelka\t9000.00 PLN\n", encoding="utf-8")
    manifest = {"markets": {"pl-PL": {}, "de-DE": {}},
                "outputs": [{"path": "/elsewhere/out/google-pl-PL.tsv"}, {"path": "/elsewhere/out/de-DE.jsonl"}]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, report = validate(tmp_path, "google-pl-PL.tsv")
    assert report["market"] == "pl-PL" and report["market_from"] == "manifest", report
    assert code in (0, 1) and report["files"][0]["profile"] == "google-merchant"
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        text = CliRunner().invoke(app, ["validate", "google-pl-PL.tsv"]).stdout
    finally:
        os.chdir(cwd)
    assert "market pl-PL (as the run's manifest.json says)" in text
    # a file the manifest does not list names no market: the usage error as before
    (tmp_path / "other-pl-PL.tsv").write_text("id\ttitle\nP1\tButelka\n", encoding="utf-8")
    code, report = validate(tmp_path, "other-pl-PL.tsv")
    assert code == 2 and "--market is required" in report["error"]["message"] and report["market_from"] is None


def test_files_claiming_different_markets_are_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "de-DE.jsonl").write_text(record("de-DE", "DE", "EUR", "19.90", "19,90\u00a0€"), encoding="utf-8")
    (tmp_path / "pl-PL.jsonl").write_text(record("pl-PL", "PL", "PLN", "19.90", "19,90\u00a0zł"), encoding="utf-8")
    code, report = validate(tmp_path, "de-DE.jsonl", "pl-PL.jsonl")
    assert code == 2 and report["exit_code"] == 2
    assert "different markets (de-DE: de-DE.jsonl; pl-PL: pl-PL.jsonl)" in report["error"]["message"]
    code, report = validate(tmp_path, "de-DE.jsonl", "pl-PL.jsonl", "--market", "de-DE")  # the option decides
    assert code == 1 and report["market_from"] == "option"
