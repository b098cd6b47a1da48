"""The reader contract: every Akeneo format reads the same catalogue to the same products."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import core_catalogue as cat
import pytest

from localize.attributes import AttributeCatalog
from localize.config import SourceConfig
from localize.model import Money, Product, Quantity, Reject
from localize.readers import open_reader
from localize.serialize import product_to_dict


def source(fmt: str, path: Path, **kw: Any) -> SourceConfig:
    return SourceConfig(format=fmt, paths=(path,), locale="de_DE", **kw)


def read_all(fmt: str, path: Path, catalog: AttributeCatalog | None = None, **kw: Any) -> list[Product | Reject]:
    reader = open_reader(path, source(fmt, path, **kw), catalog or AttributeCatalog())
    return list(reader)


def normalised(products: list[Product | Reject]) -> list[dict[str, Any]]:
    """Products as dicts with numbers compared by value (a spreadsheet cannot keep 19.90's zero)."""

    def norm(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: norm(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [norm(v) for v in obj]
        if isinstance(obj, str):
            try:
                if obj and obj[0].isdigit() and obj.replace(".", "", 1).isdigit():
                    return str(Decimal(obj).normalize())
            except ArithmeticError:
                pass
        return obj

    out = []
    for p in products:
        assert isinstance(p, Product), p
        out.append(norm(product_to_dict(p)))
    return out


WRITERS = {
    "akeneo-csv": ("products.csv", cat.write_akeneo_csv),
    "akeneo-xlsx": ("products.xlsx", cat.write_akeneo_xlsx),
    "akeneo-json": ("products.json", cat.write_akeneo_json),
    "akeneo-json-lines": ("products.jsonl", cat.write_akeneo_jsonl),
}


@pytest.fixture
def catalog(tmp_path: Path) -> AttributeCatalog:
    return AttributeCatalog.load(cat.write_attributes(tmp_path / "attributes.csv"))


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_akeneo_format_reads_the_same_products(kind: str, tmp_path: Path, catalog: AttributeCatalog) -> None:
    name, write = WRITERS[kind]
    path = write(tmp_path / name)
    fmt = "akeneo-json" if kind.startswith("akeneo-json") else kind
    got = normalised(read_all(fmt, path, catalog))
    expected = normalised(read_all("akeneo-csv", cat.write_akeneo_csv(tmp_path / "ref.csv"), catalog))
    assert got == expected
    assert [p["identifier"] for p in got] == ["TS-1", "MUG-1", "OIL-1"]


def test_akeneo_csv_values_are_typed_and_scoped(tmp_path: Path, catalog: AttributeCatalog) -> None:
    products = read_all("akeneo-csv", cat.write_akeneo_csv(tmp_path / "p.csv"), catalog)
    ts, mug, oil = products
    assert isinstance(ts, Product) and isinstance(mug, Product) and isinstance(oil, Product)
    assert ts.get("name", "de_DE") == "T-Shirt „Basic“"
    assert ts.get("name", "en_US") == "Basic T-shirt"
    assert ts.get("description", "de_DE", "ecommerce") == "<p>Weiches <b>Baumwoll</b>-Shirt.\nZweite Zeile</p>"
    assert ts.get("description", "de_DE", "print") is None
    assert ts.get("weight") == Quantity(Decimal("180"), "GRAM")
    assert ts.get("price") == (Money(Decimal("19.90"), "EUR"), Money(Decimal("24.00"), "USD"))
    assert ts.get("material") == ("cotton", "elastane")
    assert ts.get("organic") is False and oil.get("organic") is True
    assert ts.get("pieces") == Decimal("1")
    assert ts.categories == ("apparel", "tshirts")
    assert ts.associations == {"X_SELL-products": "TS-2"}
    # a literal backslash-n from the export is kept verbatim; a real newline too
    assert mug.get("description", "de_DE", "ecommerce").endswith("</ul>\\nmit Henkel")
    assert mug.groups == ("promo",)
    assert oil.enabled is False
    assert ts.origin.line == 2 and mug.origin.line == 4  # the quoted newline makes row 1 two lines long


def test_akeneo_csv_without_attribute_definitions_uses_the_column_shape(tmp_path: Path) -> None:
    ts = read_all("akeneo-csv", cat.write_akeneo_csv(tmp_path / "p.csv"))[0]
    assert isinstance(ts, Product)
    assert ts.get("weight") == Quantity(Decimal("180"), "GRAM")
    assert ts.get("price") == (Money(Decimal("19.90"), "EUR"), Money(Decimal("24.00"), "USD"))
    assert ts.get("material") == "cotton,elastane"  # unknown type: kept as text


def test_combined_metric_and_price_forms(tmp_path: Path) -> None:
    path = cat.write_akeneo_csv(
        tmp_path / "p.csv",
        header=["sku", "weight", "price", "name-de_DE"],
        rows=[["A", "500 GRAM", "10.00 EUR, 12.00 USD", "x"]],
    )
    (product,) = read_all("akeneo-csv", path)
    assert isinstance(product, Product)
    assert product.get("weight") == Quantity(Decimal("500"), "GRAM")
    assert product.get("price") == (Money(Decimal("10.00"), "EUR"), Money(Decimal("12.00"), "USD"))


def test_bom_and_uuid_column_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("\ufeffuuid;sku;name-de_DE\n0b8e;A;Apfel\n", encoding="utf-8")
    (product,) = read_all("akeneo-csv", path)
    assert isinstance(product, Product)
    assert product.identifier == "A" and product.get("name", "de_DE") == "Apfel"
    assert "uuid" not in product.values


def test_generic_csv_through_a_column_map(tmp_path: Path) -> None:
    path = cat.write_generic_csv(tmp_path / "shop.csv")
    products = read_all("csv", path, columns=cat.GENERIC_COLUMNS)
    ts, mug, oil = products
    assert isinstance(ts, Product) and isinstance(mug, Product) and isinstance(oil, Product)
    assert ts.identifier == "TS-1" and ts.family == "tshirts"
    assert ts.categories == ("apparel", "tshirts")
    assert ts.get("name", "de_DE") == "T-Shirt „Basic“"
    assert ts.get("weight") == Quantity(Decimal("180"), "GRAM")
    assert mug.get("weight") == Quantity(Decimal("350"), "GRAM")
    assert ts.get("price") == (Money(Decimal("19.90"), "EUR"),)
    assert oil.get("organic") is True and oil.enabled is False


def test_generic_jsonl_through_dotted_paths(tmp_path: Path) -> None:
    path = cat.write_generic_jsonl(tmp_path / "shop.jsonl")
    ts, mug, oil = read_all("jsonl", path, columns=cat.GENERIC_JSONL_COLUMNS)
    assert isinstance(ts, Product) and isinstance(mug, Product) and isinstance(oil, Product)
    assert ts.get("name", "de_DE") == "T-Shirt „Basic“"
    assert ts.get("color") == "red" and mug.get("color") == "white" and oil.get("color") is None
    assert ts.get("price") == (Money(Decimal("19.9"), "EUR"),)
    assert ts.categories == ("apparel", "tshirts")
    assert ts.origin.line == 1 and oil.origin.line == 3


def test_readers_stream_without_reading_the_whole_file(tmp_path: Path) -> None:
    # A generator that has produced one product must not have consumed the rest of the file.
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("sku;name-de_DE\n")
        for i in range(20000):
            fh.write(f"P{i};Name {i}\n")
    reader = iter(open_reader(path, source("akeneo-csv", path), AttributeCatalog()))
    first = next(reader)
    assert isinstance(first, Product) and first.identifier == "P0"


def test_json_array_is_streamed_with_line_numbers(tmp_path: Path) -> None:
    path = cat.write_akeneo_json(tmp_path / "p.json")
    products = read_all("akeneo-json", path)
    assert len(products) == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    for p in products:
        assert lines[p.origin.line - 1].strip() == "{"


def test_product_models_are_recognised(tmp_path: Path) -> None:
    path = tmp_path / "models.csv"
    path.write_text("code;family_variant;parent;name-de_DE\nM1;shirts_by_size;;Hemd\n", encoding="utf-8")
    reader = open_reader(path, source("akeneo-csv", path), AttributeCatalog())
    assert reader.is_models()
    (model,) = list(reader)
    assert isinstance(model, Product) and model.is_model and model.identifier == "M1"
    assert model.family_variant == "shirts_by_size"


def test_akeneo_json_associations_that_are_not_lists_reject_the_record_not_the_run(tmp_path: Path) -> None:
    """Found by the fuzz test: `"associations": {"X_SELL": {"products": 1}}` crashed the reader
    (a TypeError ended the run). The record goes to rejects naming the field; the others are read."""
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"identifier": "A", "values": {}, "associations": {"X_SELL": {"products": 1}}}\n'
        '{"identifier": "B", "values": {}, "associations": {"X_SELL": {"products": ["A"], "groups": []}}}\n',
        encoding="utf-8")
    got = read_all("akeneo-json", path)
    reject, product = got
    assert isinstance(reject, Reject) and reject.identifier == "A"
    assert "associations.X_SELL.products" in reject.reason and reject.origin.line == 1
    assert isinstance(product, Product) and product.associations == {"X_SELL-products": "A"}


def test_akeneo_json_associations_of_the_wrong_shape_reject_the_record_naming_the_field(tmp_path: Path) -> None:
    """An association type holding a list (`"X_SELL": ["A"]`) or `associations` that is not an object was ignored:
    the product was published without its associations and nobody was told. Empty lists (PHP's empty object) are
    no associations."""
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"identifier": "A", "values": {}, "associations": {"X_SELL": ["B"]}}\n'
        '{"identifier": "B", "values": {}, "associations": ["X_SELL"]}\n'
        '{"identifier": "C", "values": {}, "associations": [], "categories": []}\n'
        '{"identifier": "D", "values": {}, "associations": {"X_SELL": [], "UPSELL": {"products": ["C"]}}}\n',
        encoding="utf-8")
    first, second, third, fourth = read_all("akeneo-json", path)
    assert isinstance(first, Reject) and first.identifier == "A" and first.origin.line == 1
    assert "associations.X_SELL" in first.reason and first.field == "associations.X_SELL"
    assert isinstance(second, Reject) and second.identifier == "B" and second.origin.line == 2
    assert second.field == "associations" and "must be an object" in second.reason
    assert isinstance(third, Product) and third.associations == {}
    assert isinstance(fourth, Product) and fourth.associations == {"UPSELL-products": "C"}
