"""Exports of PIMs that are not Akeneo, read through the column map (`source.columns`), as their tools
and people write them: Pimcore's localized `name#de` columns and a de-DE decimal comma, Salsify's JSON
export (sections, one-value lists, property names with dots), a workbook a person saved (a title row
above the header, codes stored as numbers), UTF-8 declared as a one-byte encoding.

Each test builds the file the way that tool writes it and asserts what a user would see: the value
read, or the record set aside / the run stopped with file, line, field and what to do.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from localize.api import run
from localize.attributes import AttributeCatalog
from localize.config import SourceConfig, load_config
from localize.errors import ConfigError, InputError
from localize.model import Money, Product, Quantity, Reject
from localize.readers import open_reader
from localize.stages import RunOptions


def read(path: Path, fmt: str, columns: dict[str, Any], **kw: Any) -> list[Product | Reject]:
    source = SourceConfig(format=fmt, paths=(path,), locale="en_US", columns=columns, **kw)
    return list(open_reader(path, source, AttributeCatalog()))


def reader(path: Path, fmt: str, columns: dict[str, Any], **kw: Any) -> Any:
    source = SourceConfig(format=fmt, paths=(path,), locale="en_US", columns=columns, **kw)
    return open_reader(path, source, AttributeCatalog())


PRICE = {"column": "price", "type": "price", "currency": "EUR"}


# ---- numbers as spreadsheets write them --------------------------------------------------------------

def test_a_decimal_comma_export_is_read_with_source_columns_decimal(tmp_path: Path) -> None:
    path = tmp_path / "pimcore.csv"
    path.write_text('"key";"price";"weight"\n"A";"1.299,00";"1.500"\n"B";"19,90";"250"\n"C";"1.5";"1"\n'
                    '"D";"-3,5";""\n"E";"1 299,00";""\n', encoding="utf-8")
    columns = {"identifier": "key", "decimal": ",",
               "values": {"price": PRICE, "weight": {"column": "weight", "type": "metric", "unit": "GRAM"}}}
    a, b, c, d, e = read(path, "csv", columns, delimiter=";")
    assert isinstance(a, Product) and a.get("price") == (Money(Decimal("1299.00"), "EUR"),)
    assert a.get("weight") == Quantity(Decimal("1500"), "GRAM")  # 1.500 in a comma file is fifteen hundred
    assert isinstance(b, Product) and b.get("price") == (Money(Decimal("19.90"), "EUR"),)
    assert isinstance(d, Product) and d.get("price") == (Money(Decimal("-3.5"), "EUR"),)
    assert isinstance(e, Product) and e.get("price") == (Money(Decimal("1299.00"), "EUR"),)
    # 1.5 is no number in a comma file (a dot between 1 and 5 digits is no digit group): set aside, named
    assert isinstance(c, Reject) and c.origin.line == 4 and c.field == "price"
    assert "decimal '.'" in c.reason and 'source.columns.decimal: "."' in c.reason


def test_a_dot_file_reads_digit_groups_but_refuses_an_ambiguous_comma(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('id,price\nA,"1,299.00"\nB,"1,299"\nC,"19,90"\nD,12.5\nE,1 299.50\n', encoding="utf-8")
    a, b, c, d, e = read(path, "csv", {"identifier": "id", "values": {"price": PRICE}})
    assert isinstance(a, Product) and a.get("price") == (Money(Decimal("1299.00"), "EUR"),)
    assert isinstance(d, Product) and d.get("price") == (Money(Decimal("12.5"), "EUR"),)
    assert isinstance(e, Product) and e.get("price") == (Money(Decimal("1299.50"), "EUR"),)
    # 1,299 is 1299 grouped or 1.299 with a decimal comma: a price 1000 x off either way it is guessed
    assert isinstance(b, Reject) and "ambiguous" in b.reason and 'source.columns.decimal: ","' in b.reason
    assert isinstance(c, Reject) and c.origin.line == 4 and 'source.columns.decimal: ","' in c.reason


def test_a_decimal_mark_in_the_config_is_validated(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("id\nA\n", encoding="utf-8")
    config = tmp_path / "localize.yaml"
    text = ("source:\n  format: csv\n  path: p.csv\n  locale: de_DE\n  columns:\n    identifier: id\n"
            "    decimal: 'MARK'\nmarkets: [{locale: de-DE}]\n")
    config.write_text(text.replace("MARK", ","), encoding="utf-8")
    assert load_config(config).source.columns == {"identifier": "id", "decimal": ","}
    config.write_text(text.replace("MARK", ";"), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert "decimal" in str(info.value)


# ---- one attribute, a column per locale (Pimcore name#de) ---------------------------------------------

def test_a_localized_attribute_maps_one_column_per_locale(tmp_path: Path) -> None:
    path = tmp_path / "pimcore.csv"
    path.write_text('"key";"name#en";"name#de";"name#fr"\n"A";"Kettle";"Wasserkocher";""\n', encoding="utf-8")
    columns = {"identifier": "key",
               "values": {"name": {"columns": {"en_US": "name#en", "de-DE": "name#de", "fr_FR": "name#fr"}}}}
    (a,) = read(path, "csv", columns, delimiter=";")
    assert isinstance(a, Product)
    assert a.get("name", "en_US") == "Kettle" and a.get("name", "de_DE") == "Wasserkocher"
    assert a.get("name", "fr_FR") is None  # an empty cell is no value: the run translates it


def test_column_and_columns_together_is_a_config_error_naming_the_attribute(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("id\nA\n", encoding="utf-8")
    config = tmp_path / "localize.yaml"
    text = ("source:\n  format: csv\n  path: p.csv\n  locale: de_DE\n  columns:\n    identifier: id\n"
            "    values:\n      name: {MAP}\nmarkets: [{locale: de-DE}]\n")
    config.write_text(text.replace("MAP", "columns: {de_DE: n, en-US: m}"), encoding="utf-8")
    assert load_config(config).source.columns["values"]["name"] == {"columns": {"de_DE": "n", "en-US": "m"}}
    config.write_text(text.replace("MAP", "column: n, columns: {de_DE: n}"), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert "source.columns.values.name: names both `column` and `columns`" in str(info.value)


def test_the_pims_own_german_copy_is_published_not_a_translation(tmp_path: Path) -> None:
    """End to end: before, only one locale of `description` could be mapped, so de-DE published a machine
    translation of the English copy although the export held the PIM's German copy."""
    (tmp_path / "pimcore.csv").write_text(
        '\ufeff"id";"key";"description#en";"description#de";"price"\n'
        '"1000";"KETTLE-1";"A fast kettle";"Ein schneller Wasserkocher";"1.299,00"\n'
        '"1001";"KETTLE-2";"A slow kettle";"";"19,90"\n', encoding="utf-8")
    config = tmp_path / "localize.yaml"
    config.write_text("""
source:
  format: csv
  path: pimcore.csv
  locale: en_US
  delimiter: ";"
  columns:
    identifier: key
    decimal: ","
    values:
      description: {columns: {en_US: "description#en", de_DE: "description#de"}}
      price: {column: price, type: price, currency: EUR}
markets: [{locale: de-DE}]
outputs: {dir: out, formats: [jsonl]}
prices: {rates_date: 2026-10-30}
""", encoding="utf-8")
    report = run(load_config(config), RunOptions(engine="pseudo"))
    assert report.markets["de-DE"].rejected == 0
    feed = {r["identifier"]: r for r in map(json.loads, (tmp_path / "out" / "de-DE.jsonl").read_text().splitlines())}
    assert feed["KETTLE-1"]["values"]["description"] == "Ein schneller Wasserkocher"
    assert feed["KETTLE-1"]["status"]["description"] == "pim"
    assert feed["KETTLE-2"]["status"]["description"] == "machine"
    assert feed["KETTLE-1"]["values"]["price"] == [{"amount": "1299.00", "currency": "EUR"}]


# ---- JSON exports: lists, objects, Salsify's sections, keys with dots ---------------------------------

def test_json_lists_and_objects_are_never_published_as_python_repr(tmp_path: Path) -> None:
    path = tmp_path / "salsify.jsonl"
    rows = [
        {"salsify:id": "A", "Color": ["black"], "Feature": ["Child Lock"], "Name": "Kettle"},
        {"salsify:id": "B", "Color": ["black", "white"], "Name": "Mug"},
        {"salsify:id": "C", "Color": "red", "Name": {"en": "Lamp", "de": "Lampe"}},
        {"salsify:id": "D", "Color": "red", "Name": "Box", "Category": [{"id": "x"}]},
        {"salsify:id": "E", "Name": "Cup", "salsify:parent_id": ["CUPS"], "Family": ["mugs", "cups"]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    columns = {"identifier": "salsify:id", "categories": "Category", "parent": "salsify:parent_id",
               "values": {"color": {"column": "Color", "type": "option"}, "feature": "Feature", "name": "Name"}}
    a, b, c, d, e = read(path, "jsonl", columns)
    assert isinstance(a, Product) and a.get("color") == "black" and a.get("feature", "en_US") == "Child Lock"
    assert isinstance(b, Reject) and b.field == "Color" and "list of 2" in b.reason and "type: options" in b.reason
    assert isinstance(c, Reject) and c.field == "Name" and "JSON object (keys: en, de)" in c.reason
    assert "Name.en" in c.reason  # what to write instead
    assert isinstance(d, Reject) and d.field == "Category"
    assert isinstance(e, Product) and e.parent == "CUPS"
    e2 = read(path, "jsonl", {**columns, "family": "Family"})[4]
    assert isinstance(e2, Reject) and e2.field == "Family" and "family code" in e2.reason
    for rejected in (b, c, d, e2):
        assert "['" not in rejected.reason and "{'" not in rejected.reason


def test_salsify_json_export_sections_are_read_as_products(tmp_path: Path) -> None:
    """Salsify's documented JSON format: [{"header"}, {"attributes"}, {"attribute_values"}, {"products"}]."""
    path = tmp_path / "salsify.json"
    path.write_text(json.dumps([
        {"header": {"version": "3", "scope": [{"products": "dynamic"}]}},
        {"attributes": [{"salsify:id": "Product Name"}]},
        {"attribute_values": []},
        {"products": [{"salsify:id": "A", "Product Name": "Kettle", "Item Weight (g.)": "850"},
                      {"salsify:id": "B", "Product Name": "Mug"}]},
    ], indent=1), encoding="utf-8")
    columns = {"identifier": "salsify:id",
               "values": {"name": "Product Name",
                          "weight": {"column": "Item Weight (g.)", "type": "metric", "unit": "GRAM"}}}
    items = read(path, "jsonl", columns)
    assert [type(i).__name__ for i in items] == ["Product", "Product"]
    a, b = items
    assert isinstance(a, Product) and a.get("name", "en_US") == "Kettle"
    assert a.get("weight") == Quantity(Decimal("850"), "GRAM")  # a key holding a dot is one key


def test_a_json_path_no_record_holds_is_a_warning_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "erp.jsonl"
    path.write_text('{"id": "A", "texts": {"en": {"title": "Kettle"}}}\n{"id": "B", "texts": {"en": {}}}\n',
                    encoding="utf-8")
    r = reader(path, "jsonl", {"identifier": "id", "values": {"name": "texts.en.title", "body": "texts.en.bdoy"}})
    items = list(r)
    assert all(isinstance(i, Product) for i in items)
    (message,) = r.messages()
    assert "'texts.en.bdoy'" in message and "no record of 2" in message and "texts.en.title" not in message


# ---- CSV headers ----------------------------------------------------------------------------------

def test_a_column_twice_in_the_header_is_an_error_when_the_map_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,Description,Notes,Description\nA,old copy,,new copy\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read(path, "csv", {"identifier": "id", "values": {"description": "Description"}})
    assert f"{path}:1" in str(info.value) and "'Description'" in str(info.value)
    # a repeated column the map does not read is no problem
    path.write_text("id,Notes,Notes\nA,x,y\n", encoding="utf-8")
    assert isinstance(read(path, "csv", {"identifier": "id"})[0], Product)


def test_a_tab_separated_header_read_with_commas_names_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"  # Excel's "Unicode Text": UTF-16 with a BOM, tab separated
    path.write_text("SKU\tName\nA\tKettle\n", encoding="utf-16")
    with pytest.raises(InputError) as info:
        read(path, "csv", {"identifier": "SKU", "values": {"name": "Name"}}, encoding="utf-16")
    assert "source.delimiter: '\\t'" in (info.value.hint or "")
    (a,) = read(path, "csv", {"identifier": "SKU", "values": {"name": "Name"}}, encoding="utf-16", delimiter="\t")
    assert isinstance(a, Product) and a.get("name", "en_US") == "Kettle"


# ---- encodings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "iso-8859-15"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "akeneo-csv"])
def test_utf8_declared_as_a_one_byte_encoding_stops_instead_of_publishing_mojibake(
        tmp_path: Path, encoding: str, fmt: str) -> None:
    path = tmp_path / ("p.jsonl" if fmt == "jsonl" else "p.csv")
    if fmt == "jsonl":
        path.write_text('{"id": "A", "name": "Kettle"}\n{"id": "B", "name": "Système d\'enceintes"}\n', encoding="utf-8")
    elif fmt == "csv":
        path.write_text("id,name\nA,Kettle\nB,Système d'enceintes\n", encoding="utf-8")
    else:
        path.write_text("sku;name-fr_FR\nA;Kettle\nB;Système d'enceintes\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read(path, fmt, {"identifier": "id", "values": {"name": "name"}}, encoding=encoding)
    assert f"{path}:" in str(info.value) and "UTF-8" in str(info.value) and "Ã" in str(info.value)
    assert "source.encoding: utf-8" in (info.value.hint or "")


def test_a_real_cp1252_file_is_still_read_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("id,name\nA,Kaffeemühle – 250 g\n".encode("cp1252"))
    (a,) = read(path, "csv", {"identifier": "id", "values": {"name": "name"}}, encoding="cp1252")
    assert isinstance(a, Product) and a.get("name", "en_US") == "Kaffeemühle – 250 g"


# ---- a workbook a person saved --------------------------------------------------------------------

def person_workbook(path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Product list December 2026 (internal)"])
    ws.merge_cells("A1:F1")
    ws.append(["SKU", "Name", "Price", "EAN", "Launch", "Internal"])
    ws.append(["KETTLE-1", "Kettle", 29.9, 4006381333931, dt.date(2026, 3, 1), "secret"])
    ws.append([1712634, "Mug", 7, "0012345678905", dt.datetime(2026, 4, 2), "x"])
    ws.append([None, None, None, None, None, None])
    ws.append(["LAMP-1", "Lamp", "12,5", 12345678905, None, None])
    ws.column_dimensions["F"].hidden = True
    for row in range(7, 20):
        ws.cell(row=row, column=1).number_format = "@"  # formatted, empty rows below the data
    wb.save(path)


def test_a_workbook_is_read_through_the_column_map(tmp_path: Path) -> None:
    path = tmp_path / "products.xlsx"
    person_workbook(path)
    columns = {"identifier": "SKU", "values": {"name": "Name", "price": {"column": "Price", "type": "price",
                                                                          "currency": "EUR"},
                                               "ean": "EAN", "launch": {"column": "Launch", "type": "date"}}}
    r = reader(path, "csv", columns)
    items = list(r)
    assert len(items) == 3  # the title row, the blank row and the formatted empty rows are no records
    kettle, mug, lamp = items
    assert isinstance(kettle, Product) and kettle.origin.line == 3  # the sheet's own row number
    assert kettle.get("price") == (Money(Decimal("29.9"), "EUR"),)
    assert kettle.get("ean", "en_US") == "4006381333931"  # a float cell without float noise
    assert kettle.get("launch") == "2026-03-01"
    assert isinstance(mug, Product) and mug.identifier == "1712634" and mug.get("ean", "en_US") == "0012345678905"
    assert isinstance(lamp, Reject) and lamp.origin.line == 6 and lamp.field == "Price"
    messages = r.messages()
    # the EAN column holds numbers in two rows: a spreadsheet drops leading zeros there (12345678905)
    assert any("'EAN'" in m and "2 row(s)" in m and "leading zeros" in m for m in messages)


def test_a_workbook_without_the_mapped_columns_names_them(tmp_path: Path) -> None:
    path = tmp_path / "products.xlsx"
    person_workbook(path)
    with pytest.raises(InputError) as info:
        read(path, "csv", {"identifier": "SKU", "values": {"name": "Title"}})
    assert f"{path}:2" in str(info.value) and "'Title'" in str(info.value)


def test_codes_a_spreadsheet_saved_in_scientific_notation_are_set_aside(tmp_path: Path) -> None:
    """Excel shows a 13-digit EAN in a General column as 4.00638E+12 and saves the CSV as shown."""
    path = tmp_path / "excel.csv"
    path.write_text("SKU;EAN;Name\nA;4.00638E+12;Kettle\n1.23457E+11;4006381333931;Mug\nC;4,00638E+12;Lamp\n"
                    "D;4006381333931;Rated 1e3 times\n", encoding="utf-8")
    a, b, c, d = read(path, "csv", {"identifier": "SKU", "values": {"ean": "EAN", "name": "Name"}}, delimiter=";")
    assert isinstance(a, Reject) and a.field == "EAN" and a.origin.line == 2 and "scientific notation" in a.reason
    assert isinstance(b, Reject) and b.field == "SKU" and "Text" in b.reason
    assert isinstance(c, Reject) and c.field == "EAN"
    assert isinstance(d, Product) and d.get("name", "en_US") == "Rated 1e3 times"  # copy is copy


def test_an_unknown_enabled_word_is_set_aside_not_published_as_enabled(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"  # a de-DE Excel saves booleans as WAHR/FALSCH
    path.write_text("SKU;Aktiv;Bio\nA;FALSCH;WAHR\nB;WAHR;FALSCH\nC;nein;\nD;;\nE;Inactive;\n", encoding="utf-8")
    a, b, c, d, e = read(path, "csv", {"identifier": "SKU", "enabled": "Aktiv",
                                       "values": {"organic": {"column": "Bio", "type": "bool"}}}, delimiter=";")
    assert isinstance(a, Product) and a.enabled is False and a.get("organic") is True
    assert isinstance(b, Product) and b.enabled is True and b.get("organic") is False
    assert isinstance(c, Reject) and c.field == "Aktiv" and "'nein' is not a yes/no value" in c.reason
    assert isinstance(d, Product) and d.enabled is True  # no value: the product is enabled, as in Akeneo
    assert isinstance(e, Product) and e.enabled is False


def test_a_currency_format_beside_the_amount_is_read_when_it_is_the_maps_currency(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"  # a de-DE Excel price list in currency format, saved as CSV
    path.write_text('SKU;Preis\nA;19,90 €\nB;"1.299,00 €"\nC;EUR 7,00\nD;19,90 £\nE;12,50\nF;USD 3,00\n',
                    encoding="utf-8")
    a, b, c, d, e, f = read(path, "csv", {"identifier": "SKU", "decimal": ",",
                                          "values": {"price": {"column": "Preis", "type": "price",
                                                               "currency": "EUR"}}}, delimiter=";")
    assert isinstance(a, Product) and a.get("price") == (Money(Decimal("19.90"), "EUR"),)
    assert isinstance(b, Product) and b.get("price") == (Money(Decimal("1299.00"), "EUR"),)
    assert isinstance(c, Product) and c.get("price") == (Money(Decimal("7.00"), "EUR"),)
    assert isinstance(e, Product) and e.get("price") == (Money(Decimal("12.50"), "EUR"),)
    # another currency's sign is no EUR price: converting it as EUR publishes the wrong price
    assert isinstance(d, Reject) and d.field == "Preis" and "GBP" in d.reason and "EUR" in d.reason
    assert isinstance(f, Reject) and "USD" in f.reason


@pytest.mark.parametrize(("value", "said"), [
    ("{column: g, type: metric}", "a metric value needs its unit"),
    ("{column: g, type: metric, unit: GRAMM}", "unknown unit code 'GRAMM'"),
    ("{column: p, type: price}", "a price needs its currency"),
])
def test_a_column_map_every_row_would_fail_is_a_config_error_naming_the_value(
        tmp_path: Path, value: str, said: str) -> None:
    (tmp_path / "p.csv").write_text("id,g,p\nA,1,2\n", encoding="utf-8")
    config = tmp_path / "localize.yaml"
    config.write_text("source:\n  format: csv\n  path: p.csv\n  locale: de_DE\n  columns:\n    identifier: id\n"
                      f"    values:\n      weight: {value}\nmarkets: [{{locale: de-DE}}]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert f"source.columns.values.weight: {said}" in str(info.value)


def test_formulas_without_a_saved_value_are_warned_about(tmp_path: Path) -> None:
    """A workbook written by a program (openpyxl, a report tool) holds `=C3*1.19` and no value: read as empty."""
    path = tmp_path / "products.xlsx"
    person_workbook(path)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active["G2"] = "Gross"
    wb.active["G3"] = "=C3*1.19"
    wb.active["G4"] = "=C4*1.19"
    wb.active["H3"] = "=C3*2"  # a column the map does not read: no warning about it
    wb.save(path)
    r = reader(path, "csv", {"identifier": "SKU", "values": {"gross": {"column": "Gross", "type": "number"}}})
    kettle = next(iter(r))
    assert isinstance(kettle, Product) and kettle.get("gross") is None
    assert any("2 formula cell(s) hold no saved value (e.g. G3)" in m for m in r.messages())
