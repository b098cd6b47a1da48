"""Magento 2 in and out: the product export CSV as a source (store views, configurable children,
additional_attributes), the product import CSV with store-view rows as output, the `magento` validate
profile, and the round trip export -> localize -> import -> export -> read."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from localize.channels.magento.grammar import url_key
from localize.channels.magento.writer import MagentoCsvWriter, store_view_code
from localize.config import build_market, load_config
from localize.errors import InputError, OutputError
from localize.model import LocalizedRecord, LocalizedValue, Money, Product, Quantity, Reject, Value
from localize.readers.magento_csv import (
    format_additional_attributes,
    parse_additional_attributes,
    parse_variations,
)

from .shop_helpers import copy_example, csv_rows, feed, read_source, run_project, validate, write_project

HEADER = ["sku", "store_view_code", "attribute_set_code", "product_type", "categories", "name", "description",
          "weight", "price", "url_key", "additional_attributes", "configurable_variations"]
CONFIG = ("version: 1\nsource: {format: magento-csv, path: export.csv, locale: en_US, currency: EUR,\n"
          "  shop: {weight_unit: KILOGRAM, store_views: {german: de_DE}}}\n"
          "markets: [{locale: de-DE}]\noutputs: {dir: out, formats: [jsonl, magento-csv]}\n"
          "translation: {engine: pseudo}\n")


def write_export(folder: Path, rows: list[list[str]], config: str = CONFIG) -> Path:
    return write_project(folder, "export.csv", HEADER, rows, config)


def test_reads_store_views_configurable_children_and_additional_attributes(tmp_path: Path) -> None:
    items = read_source(copy_example("magento", tmp_path))
    assert not [i for i in items if isinstance(i, Reject)]
    products = {p.identifier: p for p in items if isinstance(p, Product)}
    assert list(products) == ["MB-DUFFLE-BLK", "MB-DUFFLE-OLV", "MB-DUFFLE", "WB-750"]
    black = products["MB-DUFFLE-BLK"]
    # the child precedes its configurable product in the export and still knows it
    assert black.parent == "MB-DUFFLE" and products["MB-DUFFLE-OLV"].parent == "MB-DUFFLE"
    assert products["MB-DUFFLE"].parent is None and products["WB-750"].parent is None
    assert black.family == "Bag" and black.get("product_type") == "simple"
    assert black.categories == ("Default Category/Gear", "Default Category/Gear/Bags")
    # default copy in the source locale, a store view's override in its locale (fr_fr spells fr_FR)
    assert black.get("name", "en_US") == "Weekender Duffle Bag, Black"
    assert black.get("name", "fr_FR") == "Sac week-end, noir"
    assert black.get("description", "fr_FR") is None  # not overridden in that store view
    assert black.get("description", "en_US").startswith("<p>A roomy weekender in <strong>waxed canvas</strong>")
    # additional_attributes: a comma inside a value stays in it (Magento appends pieces without `=`)
    assert black.get("color") == "Black" and black.get("material") == "Waxed canvas, leather trim"
    # weights in the store's unit (lbs in this example), prices in the base currency
    assert black.get("weight") == Quantity(Decimal("1.2"), "POUND")
    assert black.get("price") == (Money(Decimal("89.00"), "USD"),)
    bottle = products["WB-750"]
    assert bottle.get("name", "de_DE") == "Isolierflasche 750 ml"  # store view `de` mapped in source.shop
    assert bottle.get("url_key", "de_DE") == "isolierflasche-750" and bottle.get("url_key", "en_US") == "insulated-water-bottle-750"
    assert bottle.get("url_key", "fr_FR") is None  # the default key is not a French store view's key
    assert products["MB-DUFFLE"].get("url_key", "fr_FR") == "sac-week-end"
    assert products["MB-DUFFLE"].get("meta_keywords", "en_US") == "duffle bag, weekender, travel bag"


def test_bad_rows_are_rejected_with_file_line_and_column_and_the_rest_is_read(tmp_path: Path) -> None:
    config = write_export(tmp_path, [
        ["LAMP", "", "Default", "simple", "", "Lamp", "<p>A lamp.</p>", "1.5", "24,90", "lamp", "", ""],     # 2
        ["POLE", "", "Default", "simple", "", "Pole", "<p>A pole.</p>", "heavy", "59.00", "pole", "", ""],   # 3
        ["MUG", "german", "", "", "", "Becher", "", "", "", "", "", ""],                                    # 4 orphan
        ["MUG", "", "Default", "simple", "", "Mug", "<p>A mug.</p>", "0.3", "9.00", "mug", "", ""],          # 5
        ["MUG", "klingon", "", "", "", "Becher", "", "", "", "", "", ""],                                   # 6
        ["MUG", "german", "", "", "", "Becher", "", "", "", "becher", "", ""],                              # 7
        ["X" * 65, "", "Default", "simple", "", "Long", "", "", "1.00", "long", "", ""],                     # 8
        ["", "", "Default", "simple", "", "Nameless", "", "", "1.00", "nameless", "", ""],                   # 9
        ["SHORT", "", "Default"],                                                                          # 10
        ["LAMP", "german", "", "", "", "Lampe", "", "", "", "", "", ""],                                    # 11
        ["CUP", "", "Default", "simple", "", "Cup", "<p>A cup.</p>", "0.2", "5.00", "cup", "", ""],          # 12
        ["CUP", "wholesale", "", "", "", "Cup (carton of 6)", "", "", "", "", "", ""],                     # 13
        ["CUP", "default", "", "", "", "Cup!", "", "", "", "", "", ""],                                     # 14
    ], CONFIG.replace("store_views: {german: de_DE}", "store_views: {german: de_DE, wholesale: null}"))
    items = read_source(config)
    rejects = {r.origin.line: r for r in items if isinstance(r, Reject)}
    assert all(r.origin.file.endswith("export.csv") for r in rejects.values())
    assert rejects[2].field == "price" and "'24,90' is not a number" in rejects[2].reason
    assert rejects[3].field == "weight" and "'heavy'" in rejects[3].reason
    assert rejects[4].field == "store_view_code" and "does not follow that SKU's default row" in rejects[4].reason
    assert rejects[6].field == "store_view_code" and "source.shop.store_views" in rejects[6].reason
    assert rejects[8].field == "sku" and "at most 64" in rejects[8].reason
    assert rejects[9].field == "sku" and "missing SKU" in rejects[9].reason
    assert "the header has 12" in rejects[10].reason
    assert rejects[11].field == "store_view_code"  # LAMP's default row (line 2) was not this group
    assert set(rejects) == {2, 3, 4, 6, 8, 9, 10, 11}
    products = {p.identifier: p for p in items if isinstance(p, Product)}
    assert list(products) == ["MUG", "CUP"]
    assert products["MUG"].get("name", "de_DE") == "Becher" and products["MUG"].get("url_key", "de_DE") == "becher"
    # `wholesale` is mapped to null: not read; `default` (the default store view) is in the admin language
    assert products["CUP"].get("name", "en_US") == "Cup" and all(v.data != "Cup (carton of 6)" for v in products["CUP"].values["name"])
    assert [v.data for v in products["CUP"].values["name"]] == ["Cup", "Cup!"]
    # the run goes on: rejects listed with their line, the good products published
    report = run_project(config)
    assert report.exit_code == 1  # rejects make the run fail by default, after writing everything else
    out = tmp_path / "out"
    assert set(feed(out, "de-DE")) == {"MUG", "CUP"}
    assert {r["sku"] for r in csv_rows(out / "de-DE.magento.csv")} == {"MUG", "CUP"}


def test_prices_and_weights_need_their_currency_and_unit(tmp_path: Path) -> None:
    config = write_export(tmp_path, [["CUP", "", "Default", "simple", "", "Cup", "", "0.2", "5.00", "cup", "", ""]],
                          CONFIG.replace(" currency: EUR,", ""))
    with pytest.raises(InputError, match="price column.*currency"):
        read_source(config)
    config.write_text(CONFIG.replace("weight_unit: KILOGRAM, ", ""), encoding="utf-8")
    with pytest.raises(InputError, match="weight column.*unit"):
        read_source(config)


@pytest.mark.parametrize("pairs", [
    {"color": "Black", "material": "Waxed canvas, leather trim"},
    {"note": "a=b", "size": "10 = large"},  # `=` inside the first piece is kept
    {"fit": "loose, length=long"},  # would split into a `length` attribute: goes to its own column
    {"quote": '"quoted"'},
])
def test_additional_attributes_are_written_so_magento_reads_them_back(pairs: dict[str, str]) -> None:
    text, apart = format_additional_attributes(pairs)
    assert {**parse_additional_attributes(text), **apart} == pairs
    if "fit" in pairs:
        assert apart == {"fit": "loose, length=long"} and text == ""


def test_wrapped_additional_attributes_and_variations_are_parsed() -> None:
    assert parse_additional_attributes('color="Black",material="Canvas, ""waxed"""') == {
        "color": "Black", "material": 'Canvas, "waxed"'}
    assert parse_variations("sku=A-1,color=Red,size=S|sku=A-2,color=Blue") == [
        {"sku": "A-1", "color": "Red", "size": "S"}, {"sku": "A-2", "color": "Blue"}]


def test_url_keys_follow_magento() -> None:
    assert url_key("Sac week-end, noir") == "sac-week-end-noir"
    assert url_key("Größe & Weiß") == "grosse-weiss"
    assert url_key("保温ボトル") == ""
    assert len(url_key("Word " * 100)) <= 255


def _record(market: object, sku: str, values: dict[str, tuple[str, str]], extra: dict[str, list[Value]] | None = None
            ) -> LocalizedRecord:
    product = Product(identifier=sku, origin=SimpleNamespace(file="x", line=1))  # type: ignore[arg-type]
    for code, (text, _) in values.items():
        product.add(code, Value("en_US", None, text + " (en)"))
    for code, entries in (extra or {}).items():
        product.values[code] = entries
    record = LocalizedRecord(product=product, market=market)  # type: ignore[arg-type]
    for code, (text, status) in values.items():
        record.values[code] = LocalizedValue(text, text + " (en)", status, True)  # type: ignore[arg-type]
    return record


def _writer(tmp_path: Path, shop: str = "{store_views: {de: de_DE}}") -> tuple[MagentoCsvWriter, object]:
    (tmp_path / "export.csv").write_text("sku\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        f"version: 1\nsource: {{format: magento-csv, path: export.csv, locale: en_US, shop: {shop}}}\n"
        "markets: [{locale: de-DE}]\noutputs: {dir: out, formats: [magento-csv]}\n", encoding="utf-8")
    cfg = load_config(tmp_path / "localize.yaml")
    market = cfg.markets[0]
    ctx = SimpleNamespace(config=cfg, out_dir=tmp_path / "out", catalog=None, source=None, identifier_column="sku",
                          taxonomy=None)
    return MagentoCsvWriter(ctx, market), market  # type: ignore[arg-type]


def test_writer_escapes_what_magento_interprets(tmp_path: Path) -> None:
    writer, market = _writer(tmp_path)
    scoped = [Value("en_US", None, "x"), Value("de_DE", None, "y")]
    writer.write(_record(market, "A-1", {"name": ("=HYPERLINK(\"http://x\")", "machine"),
                                         "description": ("<p>Zeile 1,\nZeile 2 \"zitiert\"</p>", "machine"),
                                         "fit": ("locker, Länge=lang", "machine"), "material": ("Leinen", "machine")},
                         extra={"fit": scoped, "material": scoped}))
    writer.write(_record(market, "A-2", {"name": ("Tasche", "machine")}))
    writer.write(_record(market, "@A-7", {"name": ("Kiste", "machine")}))
    writer.write(_record(market, "A-3", {"name": ("Tasche", "human")}))  # same name: the url_key gets the SKU
    writer.write(_record(market, "A-4", {"name": ("Tasche", "pim")}))  # nothing new: not listed
    writer.write(_record(market, "A-5", {"name": ("Notiz", "machine"), "internal": ("intern", "machine")}))
    writer.write(_record(market, "A-6", {"name": ("保温ボトル", "machine")},
                         extra={"url_key": [Value("en_US", None, "insulated-bottle")]}))
    path = writer.commit()[0]
    assert path.name == "de-DE.magento.csv"
    rows = csv_rows(path)
    assert [r["sku"] for r in rows] == ["A-1", "A-2", "'@A-7", "A-3", "A-5", "A-6"]  # an identifier: neutralised
    assert {r["store_view_code"] for r in rows} == {"de"}
    first = rows[0]
    assert first["name"] == "=HYPERLINK(\"http://x\")"  # copy reaches the shop as it is
    assert first["description"] == "<p>Zeile 1,\nZeile 2 \"zitiert\"</p>"  # the CSV quoting carries it whole
    assert parse_additional_attributes(first["additional_attributes"]) == {"material": "Leinen"}
    assert first["fit"] == "locker, Länge=lang"  # would split in additional_attributes: own column
    # a name without Latin letters keeps the default row's key
    assert [r["url_key"] for r in rows] == ["hyperlink-http-x", "tasche", "kiste", "tasche-a-3", "notiz", "insulated-bottle"]
    assert "internal" not in rows[0]  # an attribute of unknown scope is never written to a store view
    assert validate([path], "de-DE").exit_code == 0
    assert store_view_code(build_market({"locale": "fr-CH"}, None), {}) == "fr_ch"


def test_writer_refuses_a_file_magento_would_refuse(tmp_path: Path) -> None:
    writer, market = _writer(tmp_path)
    writer.write(_record(market, "A-1", {"name": ("N" * 256, "machine")}))
    with pytest.raises(OutputError, match="column name: 256 characters"):
        writer.commit()
    assert not (tmp_path / "out" / "de-DE.magento.csv").exists()


def test_validate_catches_what_magento_refuses(tmp_path: Path) -> None:
    path = tmp_path / "de-DE.magento.csv"
    path.write_text("sku,store_view_code,name,url_key,additional_attributes\n"
                    "A-1,de,Tasche,tasche,\n"
                    "A-2,de,Tasche,tasche,\n"
                    + "L" * 65 + ",de,Lang,lang,\n"
                    "A-3,de,Tasche,Tasche Groß,Material Leinen\n", encoding="utf-8")
    result = validate([path], "de-DE")
    found = {(f.line, f.code, f.field) for f in result.findings}
    assert (3, "magento-values", "url_key") in found  # another SKU's key in the same store view
    assert (4, "magento-values", "sku") in found
    assert (5, "magento-values", "url_key") in found and (5, "magento-values", "additional_attributes") in found
    assert result.exit_code == 1


def apply_import(export: list[dict[str, str]], rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """What the shop's export looks like after importing `rows` (Add/Update): a row's non-empty
    values replace the SKU's values in that store view (a new store-view row after the SKU's rows
    when it had none); an empty cell changes nothing."""
    out = [dict(r) for r in export]
    for imp in rows:
        sku, view = imp["sku"], imp["store_view_code"]
        at = [i for i, r in enumerate(out) if r["sku"] == sku]
        assert at, f"{sku} is not in the shop"
        target = next((out[i] for i in at if out[i]["store_view_code"] == view), None)
        if target is None:
            target = {k: "" for k in out[0]} | {"sku": sku, "store_view_code": view}
            out.insert(at[-1] + 1, target)
        for column, value in imp.items():
            if value and column != "additional_attributes":
                target[column] = value
        if imp.get("additional_attributes"):  # pairs merge into the store view's values
            pairs = parse_additional_attributes(target.get("additional_attributes", ""))
            pairs.update(parse_additional_attributes(imp["additional_attributes"]))
            target["additional_attributes"] = ",".join(f"{k}={v}" for k, v in pairs.items())
    return out


def test_round_trip_export_localize_import_export(tmp_path: Path) -> None:
    """Export -> localize -> import file -> (the shop applies it) -> export -> read: the same products
    with the same default values, and in each store view exactly the copy the feed published."""
    config = copy_example("magento", tmp_path)
    before = {p.identifier: p for p in read_source(config) if isinstance(p, Product)}
    report = run_project(config)
    assert report.exit_code == 0
    out = config.parent / "out"
    export = csv_rows(config.parent / "products.csv")
    for market, view in (("de-DE", "de"), ("fr-FR", "fr_fr")):
        rows = csv_rows(out / f"{market}.magento.csv")
        assert {r["store_view_code"] for r in rows} == {view}
        export = apply_import(export, rows)
    with (config.parent / "products.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(export[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(export)
    after = {p.identifier: p for p in read_source(config) if isinstance(p, Product)}
    assert list(after) == list(before)
    copy = ("name", "description", "short_description", "meta_title", "meta_keywords", "meta_description")
    for sku, product in after.items():
        old = before[sku]
        assert product.parent == old.parent and product.family == old.family and product.categories == old.categories
        for code in ("price", "weight", "product_type", "color", "material"):
            assert product.get(code) == old.get(code)
        for code in copy + ("url_key",):
            assert product.get(code, "en_US") == old.get(code, "en_US")  # the default values are untouched
    for market, locale in (("de-DE", "de_DE"), ("fr-FR", "fr_FR")):
        records = feed(out, market)
        assert set(records) == set(before)
        for sku, record in records.items():
            for code in copy:
                if record["status"].get(code) in ("machine", "human", "pim"):
                    assert after[sku].get(code, locale) == record["values"][code], (sku, code, locale)
                    assert record["values"][code] != before[sku].get(code, "en_US")
        rows = {r["sku"]: r for r in csv_rows(out / f"{market}.magento.csv")}
        assert set(rows) == set(before)  # every product had new copy
        for sku, row in rows.items():
            assert after[sku].get("url_key", locale) == row["url_key"]
            for code in parse_additional_attributes(row.get("additional_attributes", "")):
                assert after[sku].get(code, locale) == records[sku]["values"][code], (sku, code, locale)
    # a store-view scoped custom attribute, with a comma in its value, through additional_attributes
    assert after["WB-750"].get("care_instructions", "fr_FR") == "Lavage à la main uniquement, pas au lave-vaisselle"
    assert after["WB-750"].get("care_instructions", "de_DE") == "Nur Handwäsche, nicht in die Spülmaschine"
    assert after["WB-750"].get("care_instructions", "en_US") == "Hand wash only, no dishwasher"
    assert after["WB-750"].get("url_key", "de_DE") == "isolierflasche-750"  # the store view's own key is kept
    assert after["MB-DUFFLE"].get("url_key", "de_DE") == "weekender-reisetasche"


def test_a_row_magento_would_refuse_keeps_the_record_out_of_the_magento_file_only(tmp_path: Path) -> None:
    import json

    long_name = "Lamp " + "very " * 47  # 240 characters: the pseudo translation is longer than 255
    config = write_export(tmp_path, [
        ["LAMP", "", "Default", "simple", "", long_name.strip(), "<p>A lamp.</p>", "1.5", "24.90", "lamp", "", ""],
        ["CUP", "", "Default", "simple", "", "Cup", "<p>A cup.</p>", "0.2", "5.00", "cup", "", ""],
    ])
    assert run_project(config).exit_code == 0
    out = tmp_path / "out"
    assert set(feed(out, "de-DE")) == {"LAMP", "CUP"}  # the other outputs still have it
    assert [r["sku"] for r in csv_rows(out / "de-DE.magento.csv")] == ["CUP"]
    queue = [json.loads(line) for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    (held,) = [r for r in queue if r["identifier"] == "LAMP"]
    assert held["withheld_outputs"] == ["magento-csv"]
    assert [f["field"] for f in held["findings"] if f["code"] == "magento-values"] == ["name"]
