"""Currencies the ECB does not publish: official pegs, plain rates files, merging partial files,
and a clear stop (exit 2, naming the market) for a market currency without any rate (issue 11)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from localize.errors import InputError
from localize.prices.rates import (
    RateError,
    RateTable,
    currency_pegs,
    embedded_table,
    load_rates,
    parse_ecb,
    update_rates,
)

D = Decimal
FULL_DAY = "Date, USD, JPY, CHF, GBP, SEK, \n14 November 2031, 1.2000, 180.00, 0.9000, 0.8500, 11.00, \n"
PARTIAL_DAY = "Date, USD, JPY, GBP, SEK, \n14 November 2031, 1.2100, 181.00, 0.8600, 11.10, \n"


def localize(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_pegged_currencies_follow_their_anchor_on_the_day() -> None:
    rates = embedded_table().on(date(2024, 3, 15))
    usd = rates.per_eur["USD"]
    assert rates.rate("EUR", "AED") == usd * D("3.6725")
    assert rates.rate("EUR", "SAR") == usd * D("3.75")
    assert rates.rate("USD", "QAR") == D("3.64")
    assert rates.rate("EUR", "XOF") == D("655.957")
    assert "Central Bank of the UAE" in rates.describe("AED")
    assert rates.describe("USD").startswith("ECB")
    # the ECB's own HKD rate wins over the peg
    assert rates.rate("EUR", "HKD") == embedded_table().rates[date(2024, 3, 15)]["HKD"]
    # a peg holds only from its date, and only until it ended
    early = RateTable({date(1997, 1, 6): {"USD": D("1.25")}, date(2026, 3, 2): {"USD": D("1.10")}}, "test")
    assert early.on(date(1997, 1, 6)).has("JOD")  # pegged since 1995
    assert not early.on(date(1997, 1, 6)).has("AED")  # officially pegged from November 1997
    assert early.on(date(1997, 1, 6)).has("BGN") is False  # the lev's peg starts with the euro
    assert early.on(date(2026, 3, 2)).has("BGN") is False  # and ends when the euro replaced it
    for peg in currency_pegs().values():
        assert peg.rate > 0 and peg.authority and peg.source.startswith("https://")


def test_plain_date_currency_rate_files(tmp_path: Path) -> None:
    data = parse_ecb(b"date,currency,rate\n2024-03-15,EGP,51.20\n2024-03-15,vnd,26950\n2024-03-14,EGP,51.00\n")
    assert data == {date(2024, 3, 15): {"EGP": D("51.20"), "VND": D("26950")}, date(2024, 3, 14): {"EGP": D("51.00")}}
    with pytest.raises(InputError, match=r"rates.csv:3: 'EURO' is not an ISO 4217"):
        parse_ecb(b"date,currency,rate\n2024-03-15,EGP,51.2\n2024-03-15,EURO,1\n", "rates.csv")
    extra = tmp_path / "egp.csv"
    extra.write_text("date,currency,rate\n2024-03-13,EGP,51.00\n")
    table = load_rates(None, None, (extra,))
    rates = table.on(date(2024, 3, 15))
    assert rates.date == date(2024, 3, 15)
    assert rates.rate("EUR", "EGP") == D("51.00")  # carried from two days before
    assert "2024-03-13" in rates.describe("EGP")
    assert rates.rate("EUR", "USD") == D("1.0892")  # the ECB rates are still there
    with pytest.raises(RateError, match="no exchange rate for EGP"):
        table.on(date(2024, 4, 15)).rate("EUR", "EGP")  # a month later: too old to carry


def test_a_partial_file_is_merged_into_the_day(tmp_path: Path) -> None:
    full, partial = tmp_path / "full.csv", tmp_path / "partial.csv"
    full.write_text(FULL_DAY)
    partial.write_text(PARTIAL_DAY)
    state = tmp_path / "state"
    update_rates(str(full), state)
    result = update_rates(str(partial), state)
    assert (result.added, result.replaced) == (0, 1)
    day = load_rates(state).on(date(2031, 11, 14))
    assert day.per_eur["CHF"] == D("0.9000")  # kept: the partial file has no CHF
    assert day.per_eur["USD"] == D("1.2100")  # updated
    # a plain file of a currency the ECB does not publish adds to the day
    plain = tmp_path / "egp.csv"
    plain.write_text("date,currency,rate\n2031-11-14,EGP,58.5\n")
    update_rates(str(plain), state)
    table = load_rates(state)
    assert table.on().date == date(2031, 11, 14)
    assert table.on().per_eur["EGP"] == D("58.5") and table.on().per_eur["CHF"] == D("0.9000")


def test_a_plain_file_of_a_later_day_does_not_move_the_latest_date(tmp_path: Path) -> None:
    plain = tmp_path / "egp.csv"
    plain.write_text(f"date,currency,rate\n{embedded_table().last.replace(year=embedded_table().last.year + 1)},EGP,58\n")
    table = load_rates(None, None, (plain,))
    assert table.on().date == embedded_table().last


def _project(tmp_path: Path, markets: str, extra: str = "") -> Path:
    (tmp_path / "products.csv").write_text("sku;name-de_DE;price-EUR\np1;Tasse;24.90\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE}\n"
        f"markets: [{markets}]\n"
        f"prices: {{rates_date: 2024-03-15{extra}}}\n"
        "stages: [convert]\n", encoding="utf-8")
    return tmp_path / "localize.yaml"


def test_a_market_in_ar_ae_runs_with_the_peg(tmp_path: Path) -> None:
    config = _project(tmp_path, "{locale: ar-AE}, {locale: de-DE}")
    proc = localize("run", str(config), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    line = json.loads((tmp_path / "out" / "ar-AE.jsonl").read_text(encoding="utf-8").splitlines()[0])
    expected = (D("24.90") * D("1.0892") * D("3.6725")).quantize(D("0.01"))
    assert line["values"]["price"] == [{"amount": str(expected), "currency": "AED"}]


def test_a_market_currency_without_any_rate_stops_with_a_clear_message(tmp_path: Path) -> None:
    config = _project(tmp_path, "{locale: ar-EG}, {locale: de-DE}")
    proc = localize("run", str(config), cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "market ar-EG sells in EGP" in proc.stderr
    assert "localize rates update" in proc.stderr and "date,currency,rate" in proc.stderr
    # with a plain rates file for EGP the same config runs
    (tmp_path / "egp.csv").write_text("date,currency,rate\n2024-03-15,EGP,51.20\n")
    config = _project(tmp_path, "{locale: ar-EG}, {locale: de-DE}", ", extra_rates: [egp.csv]")
    proc = localize("run", str(config), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    line = json.loads((tmp_path / "out" / "ar-EG.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["values"]["price"][0]["currency"] == "EGP"
    assert D(line["values"]["price"][0]["amount"]) == (D("24.90") * D("51.20")).quantize(D("0.01"))
