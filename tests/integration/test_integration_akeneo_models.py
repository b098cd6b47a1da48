"""Akeneo write-back: the copy on product models goes to a product-model import file, variants keep
their own attributes, and both files pass the column grammar of Akeneo's imports."""

from __future__ import annotations

import csv
from pathlib import Path

from localize.api import run
from localize.channels.akeneo.checks import check_import_header
from localize.config import load_config
from localize.qa.runner import validate


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)


def project(tmp_path: Path) -> Path:
    write(tmp_path / "models.csv", [
        ["code", "family_variant", "parent", "categories", "description-de_DE-ecommerce", "collection-de_DE"],
        ["shirt", "shirt_color_size", "", "shirts", "<p>Ein Hemd aus Baumwolle.</p>", ""],
        ["shirt-blue", "shirt_color_size", "SHIRT", "", "", "Blaue Linie"],
    ])
    write(tmp_path / "products.csv", [
        ["sku", "parent", "family", "name-de_DE", "size"],
        ["SHIRT-BLUE-M", "Shirt-Blue", "shirts", "Hemd blau M", "m"],
        ["SHIRT-BLUE-L", "shirt-blue", "shirts", "Hemd blau L", "l"],
        ["MUG-1", "", "mugs", "Tasse", ""],
    ])
    write(tmp_path / "attributes.csv", [
        ["type", "code", "label-de_DE", "localizable", "scopable"],
        ["pim_catalog_identifier", "sku", "SKU", "0", "0"],
        ["pim_catalog_text", "name", "Name", "1", "0"],
        ["pim_catalog_text", "collection", "Kollektion", "1", "0"],
        ["pim_catalog_textarea", "description", "Beschreibung", "1", "1"],
        ["pim_catalog_simpleselect", "size", "Größe", "0", "0"],
    ])
    config = tmp_path / "localize.yaml"
    config.write_text(
        "source: {format: akeneo-csv, path: [models.csv, products.csv], locale: de_DE, channel: ecommerce,\n"
        "         attributes: attributes.csv}\n"
        "markets: [{locale: en-US}]\noutputs: {dir: out, formats: [jsonl, akeneo-csv]}\n"
        "translation: {engine: pseudo}\nstages: [convert, translate, check, gate]\n", encoding="utf-8")
    return config


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_model_copy_is_written_back_to_the_models_file(tmp_path: Path) -> None:
    report = run(load_config(project(tmp_path)))
    assert report.exit_code == 0, report.to_dict()
    out = tmp_path / "out"
    assert str(out / "en-US.akeneo-models.csv") in report.outputs
    models = rows(out / "en-US.akeneo-models.csv")
    assert list(models[0]) == ["code", "parent", "family_variant", "categories", "collection-en_US",
                               "description-en_US-ecommerce"]
    by_code = {m["code"]: m for m in models}
    assert set(by_code) == {"shirt", "shirt-blue"}
    # each attribute lives on one level (as in Akeneo): an empty cell is a value the model does not have
    assert by_code["shirt"]["description-en_US-ecommerce"] and by_code["shirt"]["collection-en_US"] == ""
    assert by_code["shirt"]["description-en_US-ecommerce"] != "<p>Ein Hemd aus Baumwolle.</p>"  # translated
    assert by_code["shirt-blue"]["parent"] == "shirt" and by_code["shirt-blue"]["collection-en_US"]
    assert by_code["shirt-blue"]["description-en_US-ecommerce"] == ""  # lives on the root model
    products = rows(out / "en-US.akeneo.csv")
    assert list(products[0]) == ["sku", "name-en_US"]  # no model-level attribute in the variants' rows
    assert [p["sku"] for p in products] == ["SHIRT-BLUE-M", "SHIRT-BLUE-L", "MUG-1"]
    for name in ("en-US.akeneo.csv", "en-US.akeneo-models.csv"):
        result = validate([out / name], market="en-US", config=tmp_path / "localize.yaml", base=tmp_path)
        assert [f for f in result.findings if f.severity == "error"] == [], name
        assert result.exit_code == 0


def test_the_column_grammar_of_both_imports() -> None:
    assert check_import_header(["code", "parent", "family_variant", "categories", "description-en_US-ecommerce"],
                               None, models=True) == []
    assert check_import_header(["sku", "name-en_US", "price-EUR"], None) == []
    bad_models = check_import_header(["code", "enabled", "description-ecommerce-en_US"], None, models=True)
    assert bad_models == ["'enabled' is a product field; a product-model import does not take it",
                          "'description-ecommerce-en_US': cannot read 'en_US' as a locale, channel, unit or currency"]
    assert check_import_header(["name-en_US"], None) == ["no identifier column 'sku': Akeneo needs it to match products"]
    assert check_import_header(["sku", "name-xx_XX", "price-QQQ"], None) == [
        "'name-xx_XX': 'xx_XX' is not a known locale code", "'price-QQQ': 'QQQ' is not an ISO 4217 currency"]


def test_validate_reads_a_models_file_by_its_code_column(tmp_path: Path) -> None:
    path = tmp_path / "en-US.akeneo-models.csv"
    path.write_text("code;parent;family_variant;enabled;name-en_US\nshirt;;shirt_size;1;Shirt\n;;;;x\n",
                    encoding="utf-8")
    result = validate([path], market="en-US", profile="akeneo")
    messages = sorted(f.message for f in result.findings if f.severity == "error")
    assert result.exit_code == 1
    assert any("'enabled' is a product field" in m for m in messages)
    assert not any("no identifier column" in m for m in messages)
