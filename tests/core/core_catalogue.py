"""One small catalogue written in every input format, for the reader contract tests.

Each writer here produces the same products in a different format; every reader must read
them back to the same `product_to_dict` form.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HEADER = [
    "sku", "family", "parent", "categories", "enabled", "groups",
    "name-de_DE", "name-en_US", "description-de_DE-ecommerce", "color", "material",
    "weight", "weight-unit", "volume", "volume-unit", "price-EUR", "price-USD", "organic", "pieces",
    "X_SELL-products",
]

ROWS = [
    ["TS-1", "tshirts", "", "apparel,tshirts", "1", "",
     "T-Shirt „Basic“", "Basic T-shirt", "<p>Weiches <b>Baumwoll</b>-Shirt.\nZweite Zeile</p>", "red", "cotton,elastane",
     "180", "GRAM", "", "", "19.90", "24.00", "0", "1", "TS-2"],
    ["MUG-1", "mugs", "", "kitchen", "1", "promo",
     "Tasse 0,3 l", "", "<ul><li>Spülmaschinenfest</li><li>30 x 8 cm</li></ul>\\nmit Henkel", "white", "",
     "0.35", "KILOGRAM", "0.3", "LITER", "9.50", "", "", "", ""],
    ["OIL-1", "food", "", "food,oils", "0", "",
     "Olivenöl extra nativ", "", "Kaltgepresst; 40 °C", "", "",
     "", "", "500", "MILLILITER", "12.00", "", "1", "2", ""],
]

ATTRIBUTES = [
    ["type", "code", "label-de_DE", "label-en_US", "localizable", "scopable", "metric_family", "default_metric_unit"],
    ["pim_catalog_identifier", "sku", "SKU", "SKU", "0", "0", "", ""],
    ["pim_catalog_text", "name", "Name", "Name", "1", "0", "", ""],
    ["pim_catalog_textarea", "description", "Beschreibung", "Description", "1", "1", "", ""],
    ["pim_catalog_simpleselect", "color", "Farbe", "Color", "0", "0", "", ""],
    ["pim_catalog_multiselect", "material", "Material", "Material", "0", "0", "", ""],
    ["pim_catalog_metric", "weight", "Gewicht", "Weight", "0", "0", "Weight", "GRAM"],
    ["pim_catalog_metric", "volume", "Volumen", "Volume", "0", "0", "Volume", "LITER"],
    ["pim_catalog_price_collection", "price", "Preis", "Price", "0", "0", "", ""],
    ["pim_catalog_boolean", "organic", "Bio", "Organic", "0", "0", "", ""],
    ["pim_catalog_number", "pieces", "Stück", "Pieces", "0", "0", "", ""],
]


def write_akeneo_csv(path: Path, rows: list[list[str]] | None = None, header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header or HEADER)
        writer.writerows(rows if rows is not None else ROWS)
    return path


def write_attributes(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(ATTRIBUTES)
    return path


def write_akeneo_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in ROWS:
        cells: list[object] = []
        for name, cell in zip(HEADER, row, strict=True):
            # Spreadsheets hold numbers as numbers: the reader must not turn 19.90 into 19.899999.
            if name in ("weight", "volume", "price-EUR", "price-USD", "pieces") and cell:
                cells.append(float(cell) if "." in cell else int(cell))
            else:
                cells.append(cell or None)
        ws.append(cells)
    wb.save(path)
    return path


def _api_values(row: dict[str, str]) -> dict[str, list[dict[str, object]]]:
    values: dict[str, list[dict[str, object]]] = {}

    def add(code: str, data: object, locale: str | None = None, scope: str | None = None) -> None:
        values.setdefault(code, []).append({"locale": locale, "scope": scope, "data": data})

    for loc in ("de_DE", "en_US"):
        if row[f"name-{loc}"]:
            add("name", row[f"name-{loc}"], loc)
    if row["description-de_DE-ecommerce"]:
        add("description", row["description-de_DE-ecommerce"], "de_DE", "ecommerce")
    if row["color"]:
        add("color", row["color"])
    if row["material"]:
        add("material", row["material"].split(","))
    for code in ("weight", "volume"):
        if row[code]:
            add(code, {"amount": row[code], "unit": row[f"{code}-unit"]})
    prices = [{"amount": row[f"price-{c}"], "currency": c} for c in ("EUR", "USD") if row[f"price-{c}"]]
    if prices:
        add("price", prices)
    if row["organic"]:
        add("organic", row["organic"] == "1")
    if row["pieces"]:
        add("pieces", row["pieces"])
    return values


def api_products() -> list[dict[str, object]]:
    out = []
    for raw in ROWS:
        row = dict(zip(HEADER, raw, strict=True))
        item: dict[str, object] = {
            "identifier": row["sku"],
            "family": row["family"],
            "parent": row["parent"] or None,
            "categories": row["categories"].split(","),
            "enabled": row["enabled"] == "1",
            "groups": [g for g in row["groups"].split(",") if g],
            "values": _api_values(row),
        }
        if row["X_SELL-products"]:
            item["associations"] = {"X_SELL": {"products": row["X_SELL-products"].split(",")}}
        out.append(item)
    return out


def write_akeneo_json(path: Path) -> Path:
    path.write_text(json.dumps(api_products(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def write_akeneo_jsonl(path: Path) -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in api_products()), encoding="utf-8")
    return path


GENERIC_COLUMNS = {
    "identifier": "id",
    "family": "type",
    "enabled": "active",
    "categories": {"column": "cats", "separator": "|"},
    "values": {
        "name": "title",
        "color": {"column": "colour", "type": "option"},
        "weight": {"column": "grams", "type": "metric", "unit": "GRAM"},
        "price": {"column": "eur", "type": "price", "currency": "EUR"},
        "organic": {"column": "bio", "type": "bool"},
    },
}


def generic_rows() -> list[dict[str, object]]:
    out = []
    for raw in ROWS:
        row = dict(zip(HEADER, raw, strict=True))
        grams = ""
        if row["weight"]:
            grams = row["weight"] if row["weight-unit"] == "GRAM" else str(int(float(row["weight"]) * 1000))
        out.append({
            "id": row["sku"], "type": row["family"], "active": row["enabled"],
            "cats": row["categories"].replace(",", "|"), "title": row["name-de_DE"], "colour": row["color"],
            "grams": grams, "eur": row["price-EUR"], "bio": row["organic"],
        })
    return out


def write_generic_csv(path: Path) -> Path:
    rows = generic_rows()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_generic_jsonl(path: Path) -> Path:
    lines = []
    for row in generic_rows():
        nested = {"id": row["id"], "type": row["type"], "active": row["active"] == "1", "cats": str(row["cats"]).split("|"),
                  "attributes": {"title": row["title"], "colour": row["colour"] or None},
                  "grams": int(str(row["grams"])) if row["grams"] else None,
                  "eur": float(str(row["eur"])) if row["eur"] else None, "bio": row["bio"] == "1" if row["bio"] else None}
        lines.append(json.dumps(nested, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GENERIC_JSONL_COLUMNS = {
    **GENERIC_COLUMNS,
    "categories": "cats",
    "values": {**GENERIC_COLUMNS["values"], "name": "attributes.title",  # type: ignore[dict-item]
               "color": {"column": "attributes.colour", "type": "option"}},
}
