"""The convert stage inside `localize run`: metric values, prices, copy, bad data, rates date."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTS = """sku;family;categories;enabled;name-de_DE;description-de_DE-ecommerce;weight;weight-unit;volume;volume-unit;wash_temperature;wash_temperature-unit;price-EUR;price-USD
P1;f;c;1;Tasse;<p>Gewicht 2,5 kg, bei 40 °C waschen</p><img src="a-5g.png">;2.5;KILOGRAM;1.5;LITER;40;CELSIUS;24.90;
P2;f;c;1;Kanne;Fasst 2–3 l;-1;KILOGRAM;;;;;24.999;29.00
P3;f;c;1;Glas;Nichts;3;KILOGRAMS;;;;;10;
"""


def localize(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def lines(path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {d["identifier"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("convert")
    (folder / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (folder / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE, channel: ecommerce}\n"
        "markets:\n"
        "  - locale: de-DE\n"
        "  - locale: en-US\n"
        "  - locale: fr-CH\n"
        "  - {locale: en-GB, units: {text: both}}\n"
        "  - {locale: ja-JP, prices: {rule: charm-99}}\n"
        "prices: {rates_date: '2024-03-15'}\n",
        encoding="utf-8",
    )
    proc = localize("run", "localize.yaml", "--engine", "pseudo", "--json", cwd=folder)
    assert proc.returncode == 1, proc.stderr  # P3 is rejected by the reader (unknown unit code)
    return folder, json.loads(proc.stdout)


def test_metric_values_are_converted_with_the_source_beside_them(run: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    folder, _ = run
    p1 = lines(folder / "out" / "en-US.jsonl")["P1"]
    assert p1["values"]["weight"] == {"amount": "5.5", "unit": "POUND"}
    assert p1["source"]["weight"] == {"amount": "2.5", "unit": "KILOGRAM"}
    assert p1["status"]["weight"] == "converted"
    assert p1["values"]["volume"] == {"amount": "50.7", "unit": "US_FLUID_OUNCE"}
    assert p1["values"]["wash_temperature"] == {"amount": "104", "unit": "FAHRENHEIT"}
    assert p1["display"] == {"price": "$26.99", "volume": "50.7 fl oz", "wash_temperature": "104°F", "weight": "5.5 lb"}
    de = lines(folder / "out" / "de-DE.jsonl")["P1"]
    assert de["values"]["weight"] == {"amount": "2.5", "unit": "KILOGRAM"}
    assert "weight" not in de["status"]
    assert de["display"]["weight"] == "2,5 kg"


def test_prices_per_market(run: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    folder, report = run
    us = lines(folder / "out" / "en-US.jsonl")["P1"]
    assert us["values"]["price"] == [{"amount": "26.99", "currency": "USD"}]
    assert us["source"]["price"] == [{"amount": "24.90", "currency": "EUR"}]
    assert us["status"]["price"] == "converted"
    ch = lines(folder / "out" / "fr-CH.jsonl")["P1"]
    assert (ch["values"]["price"], ch["display"]["price"]) == ([{"amount": "23.95", "currency": "CHF"}], "23.95\xa0CHF")
    jp = lines(folder / "out" / "ja-JP.jsonl")["P1"]
    assert (jp["values"]["price"], jp["display"]["price"]) == ([{"amount": "4035", "currency": "JPY"}], "￥4,035")
    de = lines(folder / "out" / "de-DE.jsonl")["P1"]
    assert (de["values"]["price"], de["status"]["price"]) == ([{"amount": "24.90", "currency": "EUR"}], "pim")
    assert report["prices"]["rates_date"] == "2024-03-15"
    manifest = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert "2024-03-15" in json.dumps(manifest)


def test_quantities_in_copy_follow_the_market_policy(run: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    folder, _ = run
    # The copy is translated as written (pseudo engine here), then its quantities are converted in
    # the market's language; the markup (`a-5g.png`) is never touched.
    us = lines(folder / "out" / "en-US.jsonl")["P1"]
    assert us["values"]["description"] == '[<p>Ĝéŵîçĥţ 5.5 lb, ƀéî 104°F ŵàšçĥéñ</p><img src="a-5g.png"> ~~~]'
    assert us["source"]["description"] == '<p>Gewicht 2,5 kg, bei 40 °C waschen</p><img src="a-5g.png">'
    gb = lines(folder / "out" / "en-GB.jsonl")["P1"]  # metric weights and °C in the UK: numbers the English way
    assert gb["values"]["description"] == '[<p>Ĝéŵîçĥţ 2.5 kg, ƀéî 40 °C ŵàšçĥéñ</p><img src="a-5g.png"> ~~~]'
    ch = lines(folder / "out" / "fr-CH.jsonl")["P1"]
    assert ch["values"]["description"] == '[<p>Ĝéŵîçĥţ 2,5 kg, ƀéî 40 °C ŵàšçĥéñ</p><img src="a-5g.png"> ~~~]'


def test_bad_values_are_findings_naming_product_field_and_value(run: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    folder, report = run
    queue = [json.loads(line) for line in (folder / "out" / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    us = next(d for d in queue if d["identifier"] == "P2" and d["market"] == "en-US")
    assert [(f["code"], f["severity"], f["field"], f["message"]) for f in us["findings"]] == [
        ("quantity-negative", "block", "weight", "P2: weight: '-1 KILOGRAM': a weight cannot be negative"),
        ("price-decimals", "review", "price", "P2: price: '24.999 EUR' has more decimals than EUR has (2)"),
    ]
    # the PIM's USD price is used as is; the EUR price with 3 decimals would have been converted
    assert us["values"]["price"] == [{"amount": "29.00", "currency": "USD"}]
    de = next(d for d in queue if d["identifier"] == "P2" and d["market"] == "de-DE")
    assert ("price-decimals", "block") in [(f["code"], f["severity"]) for f in de["findings"]]
    assert report["stages"]["convert"]["findings"] == {"price-decimals": 5, "quantity-negative": 5}
    rejects = (folder / "out" / "rejects.jsonl").read_text(encoding="utf-8")
    assert "unknown unit code 'KILOGRAMS'; did you mean KILOGRAM?" in rejects


def test_a_market_currency_without_rates_stops_the_run_clearly(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS.split("P2;")[0], encoding="utf-8")
    proc = localize("run", "--source", "products.csv", "--source-locale", "de_DE", "--market", "ar-EG",
                    "--out", "out", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: market ar-EG sells in EGP, which has no exchange rate on ")
    assert "no exchange rate for EGP: the ECB reference rates (1999-01-04 to " in proc.stderr
    assert "markets[ar-EG].currency" in proc.stderr
    assert "Traceback" not in proc.stderr


def _stage_run(values: dict[str, object], market: str = "en-US") -> list[tuple[str, str, str]]:
    """Run the convert stage alone on one record (values the readers would normally refuse)."""
    import logging
    from decimal import Decimal  # noqa: F401 - used by callers' values

    from localize.config import config_from_dict
    from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
    from localize.report import RunReport
    from localize.stages.base import Batch, RunContext, RunOptions
    from localize.stages.convert import ConvertStage

    config = config_from_dict({"source": {"format": "akeneo-csv", "locale": "de_DE"}, "markets": [{"locale": market}],
                               "prices": {"rates_date": "2024-03-15"}})
    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(),
                     log=logging.getLogger("test"))
    stage = ConvertStage()
    stage.open(ctx)
    product = Product("X1", Origin("products.csv", 2))
    record = LocalizedRecord(product, config.markets[0], "de-DE",
                             values={k: LocalizedValue(v, v) for k, v in values.items()})  # type: ignore[arg-type]
    stage.process(Batch([product], [record]), ctx)
    return [(f.code, f.severity, f.message) for f in record.findings]


def test_the_stage_turns_bad_values_into_findings_not_exceptions() -> None:
    from decimal import Decimal

    from localize.model import Money, Quantity

    assert _stage_run({"weight": Quantity(Decimal("NaN"), "KILOGRAM")}) == [
        ("quantity-invalid", "block", "X1: weight: 'NaN KILOGRAM' is not a number")]
    assert _stage_run({"weight": Quantity(Decimal("2"), "KILOGRAMS")}) == [
        ("unit-unknown", "block", "X1: weight: unknown unit code 'KILOGRAMS' in '2 KILOGRAMS'; did you mean KILOGRAM?")]
    assert _stage_run({"temp": Quantity(Decimal("-300"), "CELSIUS")}) == [
        ("quantity-invalid", "block", "X1: temp: '-300 CELSIUS' is below absolute zero")]
    assert _stage_run({"price": (Money(Decimal("Infinity"), "EUR"),)}) == [
        ("price-invalid", "block", "X1: price: 'Infinity EUR' is not a valid price")]
    assert _stage_run({"price": (Money(Decimal("5"), "XYZ"),)}) == [
        ("currency-unknown", "block", "X1: price: 'XYZ' in '5 XYZ' is not an ISO 4217 currency code")]
    assert _stage_run({"price": (Money(Decimal("5"), "EGP"),)}) == [
        ("price-rate-missing", "block", "X1: price: no exchange rate for EGP: the ECB reference rates (1999-01-04 to "
         + _last_rates_day() + ") do not include it; rates on 2024-03-15 exist for AUD, BGN, BRL, CAD, CHF, CNY, "
         "CZK, DKK, EUR, GBP, HKD, HUF, IDR, ILS, INR, ISK, JPY, KRW, MXN, MYR, NOK, NZD, PHP, PLN, RON, SEK, SGD, "
         "THB, TRY, USD, ZAR")]
    assert _stage_run({"price": (Money(Decimal("100.5"), "JPY"),)}, "ja-JP") == [
        ("price-decimals", "block", "X1: price: '100.5 JPY' has more decimals than JPY has (0)")]


def _last_rates_day() -> str:
    from localize.prices.rates import embedded_table

    return embedded_table().last.isoformat()
