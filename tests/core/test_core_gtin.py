"""GTINs (EAN/UPC) a spreadsheet saved as numbers: Excel's `General` format drops leading zeros
(`0012345678905` -> `12345678905`), and before (a8c3c63) the run published the 11-digit code, a GTIN no
feed accepts, and published a code whose check digit is wrong (a typo: another product's offer) in every
feed but the Google one. The check digit tells whether only zeros were lost (zeros in front do not change
it): restored with a warning, or the record set aside naming the attribute."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.gtin import GtinReading, gtin_problem, restored
from localize.model import Origin, Product, Reject, Value
from localize.stages import RunOptions

# EAN-13 with two leading zeros, UPC-A (GTIN-12) with one, EAN-8 with one, a plain EAN-13, a typo, a cut code
SHEET = """SKU,Name,EAN,Price
K-1,Kettle,12345678905,19.90
K-2,Mug,36000291452,4.50
K-3,Spoon,1234565,1.20
K-4,Pan,4006381333931,29.00
K-5,Lid,4006381333932,9.00
K-6,Cup,36000291,3.00
K-7,Bowl,036000291452,5.00
"""


def test_codes_that_lost_their_zeros_are_restored_and_wrong_ones_set_aside(tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_text(SHEET, encoding="utf-8")
    config = tmp_path / "localize.yaml"
    config.write_text("""
source:
  format: csv
  path: sheet.csv
  locale: en_US
  columns:
    identifier: SKU
    values:
      name: Name
      ean: EAN
      price: {column: Price, type: price, currency: EUR}
markets: [{locale: de-DE}]
outputs: {dir: out, formats: [jsonl, csv]}
prices: {rates_date: 2026-10-30}
""", encoding="utf-8")
    report = run(load_config(config), RunOptions(engine="pseudo"))
    feed = {r["identifier"]: r["values"].get("ean")
            for r in map(json.loads, (tmp_path / "out" / "de-DE.jsonl").read_text().splitlines())}
    assert feed == {"K-1": "012345678905", "K-2": "036000291452", "K-3": "01234565", "K-4": "4006381333931",
                    "K-7": "036000291452"}
    assert all(gtin_problem(code) is None for code in feed.values())
    rejects = {r["identifier"]: r for r in map(json.loads, (tmp_path / "out" / "rejects.jsonl").read_text().splitlines())}
    assert set(rejects) == {"K-5", "K-6"}
    assert rejects["K-5"]["line"] == 6 and "ean '4006381333932'" in rejects["K-5"]["reason"]
    assert "check digit 2, expected 1" in rejects["K-5"]["reason"]
    assert "check digit 1, expected 6" in rejects["K-6"]["reason"]  # 8 digits, an EAN-8 by length only
    warning = next(w for w in report.warnings if "lost their leading zeros" in w)
    assert warning.startswith("ean: 3 GTIN(s)") and "12345678905 -> 012345678905" in warning


def test_a_json_number_code_and_an_akeneo_barcode_attribute_are_read_alike() -> None:
    reading = GtinReading()
    product = Product("P", Origin("erp.jsonl", 3))
    product.add("ean", Value(None, None, "36000291452"))          # `"ean": 36000291452` in JSON
    product.add("product_gtin", Value(None, None, " 4006381333931 "))
    product.add("barcode", Value(None, None, "n/a"))              # not digits: not judged here
    product.add("name", Value("en_US", None, "12345"))            # not a GTIN attribute
    assert reading.apply(product) is None
    assert product.get("ean") == "036000291452" and product.get("product_gtin") == "4006381333931"
    assert product.get("barcode") == "n/a" and product.get("name", "en_US") == "12345"
    bad = Product("Q", Origin("erp.jsonl", 4))
    bad.add("EAN13", Value(None, None, "12345"))
    reject = reading.apply(bad)
    assert isinstance(reject, Reject) and reject.field == "EAN13" and "has 5 digits" in reject.reason


@pytest.mark.parametrize("digits, expected", [("1234565", "01234565"), ("12345678905", "012345678905"),
                                              ("712345000", "000712345000"), ("1234566", None), ("12345", None),
                                              ("4006381333931", None)])
def test_only_a_code_whose_check_digit_holds_is_restored(digits: str, expected: str | None) -> None:
    assert restored(digits) == expected
