"""Copy in the wrong language (issue 11): an unlocalized text attribute (`name` in English in an
English export) is source-language copy; a German or Japanese market translates it or flags it
as untranslated, unless it is language-neutral (brand, model, EAN, SKU ... or the config says so)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run
from localize.attributes import AttributeCatalog
from localize.config import load_config
from localize.model import Market, Origin, Product, Value
from localize.records import RecordBuilder

PRODUCTS = """\
sku;family;name;brand;mpn;ean;camera_model_name;description-en_US
CAM-1;cameras;Compact digital camera with zoom lens;Canon;PS-SX620;4549292075748;PowerShot SX620;A small camera.
"""
ATTRIBUTES = """\
type;code;label-en_US;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;0
pim_catalog_text;brand;Brand;0
pim_catalog_text;mpn;MPN;0
pim_catalog_text;ean;EAN;0
pim_catalog_text;camera_model_name;Model;0
pim_catalog_textarea;description;Description;1
"""
CONFIG = """\
version: 1
source: {{format: akeneo-csv, path: products.csv, locale: en_US, attributes: attributes.csv}}
markets: [{{locale: en-GB}}, {{locale: de-DE}}, {{locale: ja-JP}}]
outputs: {{dir: out, formats: [jsonl, akeneo-csv]}}
translation: {{engine: {engine}{extra}}}
"""


def _project(tmp_path: Path, engine: str, extra: str = "") -> Path:
    files = {"products.csv": PRODUCTS, "attributes.csv": ATTRIBUTES,
             "localize.yaml": CONFIG.format(engine=engine, extra=extra)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    return tmp_path / "out"


def _record(out: Path, market: str) -> dict:  # type: ignore[type-arg]
    lines = [json.loads(line) for name in (f"{market}.jsonl", "review-queue.jsonl")
             for line in (out / name).read_text(encoding="utf-8").splitlines() if line]
    return next(r for r in lines if r["market"] == market)


def test_an_english_name_is_flagged_in_german_and_japanese_markets(tmp_path: Path) -> None:
    out = _project(tmp_path, "memory")
    for market in ("de-DE", "ja-JP"):
        record = _record(out, market)
        assert record["status"]["name"] == "untranslated"
        flagged = {f["field"] for f in record["findings"] if f["code"] == "untranslated"}
        assert "name" in flagged
        assert not flagged & {"brand", "mpn", "ean", "camera_model_name"}  # language-neutral
        assert record.get("withheld") is True
    english = _record(out, "en-GB")
    assert "name" not in english["status"] and not english.get("withheld")


def test_an_engine_translates_it_and_the_pim_gets_no_locale_column_for_it(tmp_path: Path) -> None:
    out = _project(tmp_path, "pseudo")
    record = _record(out, "de-DE")
    assert record["status"]["name"] == "machine"
    assert record["values"]["name"] != record["source"]["name"] == "Compact digital camera with zoom lens"
    assert record["values"]["brand"] == "Canon" and "brand" not in record["status"]
    header = (out / "de-DE.akeneo.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "name-de_DE" not in header  # name is not localizable in the PIM: nothing to import


def test_the_config_can_say_an_attribute_is_language_neutral(tmp_path: Path) -> None:
    out = _project(tmp_path, "memory", ", language_neutral: [name]")
    record = _record(out, "de-DE")
    assert "name" not in record["status"]
    assert not any(f["field"] == "name" for f in record["findings"])


@pytest.mark.parametrize(
    ("code", "text", "copy"),
    [
        ("title", "Robust leather boots", True),
        ("color_code", "Robust leather boots", False),  # *_code: neutral by name
        ("finish", "matte_black", False),  # an option-like code, the PIM did not describe it
        ("finish", "RAL 9005", False),
        ("tagline", "頑丈な革のブーツ", True),
        ("certificate", "GOTS CU 817265", False),
        ("name", "Smart TV", True),
    ],
)
def test_without_attribute_definitions_prose_is_copy_and_codes_are_not(code: str, text: str, copy: bool) -> None:
    builder = RecordBuilder("en_US", None, AttributeCatalog())
    product = Product("P1", Origin("p.csv", 2), values={code: [Value(None, None, text)]})
    market = Market("de-DE", "DE", "EUR", "de", "de_DE")
    value = builder.build(product, market).values[code]
    assert (value.status == "untranslated") is copy
    assert value.translatable is copy
