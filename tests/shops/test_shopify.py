"""Shopify in and out: the product CSV export as a source, the languages import CSV and the Markets
price list as outputs, the `shopify` validate profile, and the round trip between them."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from localize.model import LocalizedRecord, LocalizedValue, Money, Product, Quantity, Reject, Value
from localize.readers.shopify_csv import image_alt_attribute

from .shop_helpers import (
    copy_example,
    csv_rows,
    feed,
    read_source,
    run_project,
    shopify_languages_import,
    validate,
    write_project,
)

HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Type", "Option1 Name", "Option1 Value", "Variant SKU",
          "Variant Grams", "Variant Price", "Variant Weight Unit", "Image Src", "Status"]


CONFIG = ("version: 1\nsource: {format: shopify-csv, path: products_export.csv, locale: en_US, currency: USD}\n"
          "markets: [{locale: de-DE}]\noutputs: {dir: out, formats: [jsonl, shopify-csv]}\n"
          "translation: {engine: pseudo}\n")


def write_export(folder: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    return write_project(folder, "products_export.csv", header, rows, CONFIG)


def test_reads_variants_with_their_product_fields(tmp_path: Path) -> None:
    items = read_source(copy_example("shopify", tmp_path))
    products = {p.identifier: p for p in items if isinstance(p, Product)}
    assert not [i for i in items if isinstance(i, Reject)]
    assert set(products) == {"ATB-42-BR", "ATB-43-BR", "ATB-43-BK", "MB-01", "CS-GAS", "CS-MULTI"}
    boot = products["ATB-43-BK"]
    assert boot.parent == "alpine-trail-boot"
    # the product's copy is on every variant, in the source locale (translatable)
    assert boot.get("title", "en_US") == "Alpine trail boot"
    assert boot.get("body_html", "en_US").startswith("<p>Waterproof hiking boot with a <strong>Vibram</strong>")
    assert boot.get("option1_name", "en_US") == "Size" and boot.get("option1", "en_US") == "43"
    assert boot.get("option2_name", "en_US") == "Color" and boot.get("option2", "en_US") == "Black"
    assert boot.get("price") == (Money(Decimal("154.00"), "USD"),)
    assert boot.get("compare_at_price") is None  # its own row has none; the other variants' do
    assert products["ATB-42-BR"].get("compare_at_price") == (Money(Decimal("179.00"), "USD"),)
    # Variant Grams is grams whatever the display unit
    assert boot.get("weight") == Quantity(Decimal("1200"), "GRAM") and boot.get("weight_unit") == "kg"
    assert products["CS-MULTI"].get("weight") == Quantity(Decimal("2495"), "GRAM")
    assert boot.categories == ("Apparel & Accessories > Shoes > Boots",)
    assert boot.get("brand") == "Nordlicht Outdoor" and boot.get("tags") == ("hiking", "waterproof", "leather")
    # the image-only row after the variants still reaches them
    assert boot.get("images") == ("https://cdn.example.com/alpine-boot.jpg", "https://cdn.example.com/alpine-boot-sole.jpg")
    assert boot.get("image_alt", "en_US") == "Brown hiking boot on a rock" and boot.get("image2_alt", "en_US") == "Sole of the boot"
    # a product without variants (Title / Default Title) has no parent and no option values
    beanie = products["MB-01"]
    assert beanie.parent is None and beanie.get("option1", "en_US") is None
    assert beanie.get("body_html", "en_US") == "<p>Soft beanie made of 100 % merino wool.</p>\n<p>Hand wash at 30 °C.</p>"


def test_bad_rows_are_rejected_with_line_and_column_and_the_rest_is_read(tmp_path: Path) -> None:
    config = write_export(tmp_path, [
        ["lamp", "Lamp", "<p>A lamp.</p>", "Acme", "Lamps", "Title", "Default Title", "L-1", "90", "€24,90", "g", "", "active"],
        ["pole", "Pole", "<p>A pole.</p>", "Acme", "Poles", "Title", "Default Title", "P-1", "210", "59.00", "stone", "", "active"],
        ["", "Nameless", "", "", "", "Title", "Default Title", "N-1", "1", "1.00", "g", "", "active"],
        ["mug", "Mug", "<p>A mug.</p>", "Acme", "Mugs", "Title", "Default Title", "M-1", "-5", "9.00", "g", "", "active"],
        ["tent", "Tent", "<p>A tent.</p>", "Acme", "Tents", "Size", "For two", "T-2", "2100", "199.00", "kg", "", "active"],
        ["tent", "", "", "", "", "", "3P", "T-3", "2600", "249.00", "kg", "", ""],
        ["cup", "Cup", "<p>A cup.</p>", "Acme", "Cups", "Size", "S", "C-1", "120", "5.00", "g", "", "retired"],
        ["cup", "", "", "", "", "", "L", "C-2", "150", "6.00", "g", "", ""],
        ["short", "Short row"],
    ])
    items = read_source(config)
    rejects = [i for i in items if isinstance(i, Reject)]
    by_line = {r.origin.line: r for r in rejects}
    assert by_line[2].field == "Variant Price" and "'€24,90' is not a number" in by_line[2].reason
    assert by_line[3].field == "Variant Weight Unit" and "stone" in by_line[3].reason
    assert by_line[4].field == "Handle"
    assert by_line[5].field == "Variant Grams" and "negative" in by_line[5].reason
    assert by_line[8].field == "Status" and "retired" in by_line[8].reason
    assert by_line[9].field == "Status" and "its first row (line 8)" in by_line[9].reason  # nothing dropped unsaid
    assert "the header has 13" in by_line[10].reason
    assert all(r.origin.file.endswith("products_export.csv") for r in rejects)
    products = [i.identifier for i in items if isinstance(i, Product)]
    assert products == ["T-2", "T-3"]
    # a run goes on: the good products are published, the bad rows listed in rejects.jsonl
    report = run_project(config)
    assert report.exit_code == 1
    assert set(feed(tmp_path / "out", "de-DE")) == {"T-2", "T-3"}
    assert len((tmp_path / "out" / "rejects.jsonl").read_text(encoding="utf-8").splitlines()) == 7


def test_missing_columns_stop_the_run_naming_them(tmp_path: Path) -> None:
    from localize.errors import InputError

    config = write_export(tmp_path, [["x", "1"]], header=["sku", "price"])
    with pytest.raises(InputError, match="not a Shopify product export: column\\(s\\) 'Handle', 'Title' missing"):
        read_source(config)


def test_round_trip_export_to_translations_and_price_list(tmp_path: Path) -> None:
    """Export -> localize -> Shopify's import files -> read back: every translated field of every product,
    with the export's text as default content and the feed's text as translation; every market price."""
    config = copy_example("shopify", tmp_path)
    source = {p.identifier: p for p in read_source(config) if isinstance(p, Product)}
    ids = {r["Default content"]: r["Identification"].lstrip("'") for r in csv_rows(config.parent / "translations_export.csv")
           if r["Field"] == "handle"}
    assert set(ids) == {p.get("handle") for p in source.values()}
    resources: dict[tuple[str, str], list[str]] = {}
    for r in csv_rows(config.parent / "translations_export.csv"):
        if r["Type"] != "PRODUCT":
            resources.setdefault((r["Type"], r["Default content"]), []).append(r["Identification"].lstrip("'"))
    report = run_project(config)
    assert report.exit_code == 0
    out = config.parent / "out"
    for market, locale, name in (("de-DE", "de", "Germany"), ("fr-FR", "fr", "France"), ("ja-JP", "ja", "Japan")):
        records = feed(out, market)
        assert set(records) == set(source)
        rows = csv_rows(out / f"{market}.shopify-translations.csv")
        assert list(rows[0]) == ["Type", "Identification", "Field", "Locale", "Market", "Status", "Default content",
                                 "Translated content"]
        got = {(r["Type"], r["Identification"], r["Field"]): r for r in rows}
        assert {r["Locale"] for r in rows} == {locale} and {r["Market"] for r in rows} == {name}
        expected = set()
        for product in source.values():
            handle = ids[product.get("handle")]  # the example names its products' Shopify IDs
            record = records[product.identifier]
            for field in ("title", "body_html", "meta_title", "meta_description", "product_type"):
                text = product.get(field, "en_US")
                if text is None or record["status"].get(field) not in ("machine", "human"):
                    continue
                row = got[("PRODUCT", handle, field)]
                assert row["Default content"] == text  # exactly as exported: Shopify matches it
                assert row["Translated content"] == record["values"][field]
                expected.add(("PRODUCT", handle, field))
            for n in (1, 2, 3):
                value = product.get(f"option{n}", "en_US")
                if value is not None and record["status"].get(f"option{n}") in ("machine", "human"):
                    for shop_id in resources[("PRODUCT_OPTION_VALUE", value)]:  # matched by content in the export
                        row = got[("PRODUCT_OPTION_VALUE", shop_id, "name")]
                        assert row["Default content"] == value
                        assert row["Translated content"] == record["values"][f"option{n}"]
                        expected.add(("PRODUCT_OPTION_VALUE", shop_id, "name"))
                option_name = product.get(f"option{n}_name", "en_US")
                if value is not None and record["status"].get(f"option{n}_name") in ("machine", "human"):
                    for shop_id in resources[("PRODUCT_OPTION", option_name)]:
                        assert got[("PRODUCT_OPTION", shop_id, "name")]["Default content"] == option_name
                        expected.add(("PRODUCT_OPTION", shop_id, "name"))
            for n in range(1, len(product.get("images") or (product.get("image"),)) + 1):  # every image's alt
                alt = product.get(image_alt_attribute(n), "en_US")
                if alt and record["status"].get(image_alt_attribute(n)) in ("machine", "human"):
                    expected.update(("MEDIA_IMAGE", shop_id, "alt") for shop_id in resources[("MEDIA_IMAGE", alt)])
        assert set(got) == expected  # nothing missing, nothing extra, each once
        assert len(rows) == len(got)
        assert ("PRODUCT", "7100000000001", "title") in got and ("PRODUCT_OPTION_VALUE", "8200000000004", "name") in got
        assert ("MEDIA_IMAGE", "8300000000002", "alt") in got  # the boot's second image, "Sole of the boot"
        assert all(ident.isdigit() for _, ident, _ in got)  # every row names a resource Shopify's import can find
        prices = csv_rows(out / f"{market}.shopify-prices.csv")
        assert [p["Variant SKU"] for p in prices] == list(source)
        for row in prices:
            record = records[row["Variant SKU"]]
            assert row["Handle"] == source[row["Variant SKU"]].get("handle")
            assert Decimal(row[f"Price / {name}"]) == Decimal(record["values"]["price"][0]["amount"])
            if "compare_at_price" in record["values"]:
                assert Decimal(row[f"Compare At Price / {name}"]) == Decimal(record["values"]["compare_at_price"][0]["amount"])
        result = validate([out / f"{market}.shopify-translations.csv", out / f"{market}.shopify-prices.csv"], market)
        assert result.exit_code == 0, [f.message for f in result.findings]


def test_same_currency_same_price_writes_no_price_list(tmp_path: Path) -> None:
    config = write_export(tmp_path, [
        ["mug", "Mug", "<p>A big mug.</p>", "Acme", "Mugs", "Title", "Default Title", "M-1", "300", "9.00", "g", "", "active"],
    ])
    config.write_text(config.read_text(encoding="utf-8").replace("currency: USD", "currency: EUR")
                      .replace("markets: [{locale: de-DE}]", "markets: [{locale: de-DE, prices: {convert_existing: false}}]"),
                      encoding="utf-8")
    assert run_project(config).exit_code == 0
    assert not (tmp_path / "out" / "de-DE.shopify-prices.csv").exists()
    assert (tmp_path / "out" / "de-DE.shopify-translations.csv").exists()


def test_formula_cells_are_neutralised_outside_the_content(tmp_path: Path) -> None:
    config = write_export(tmp_path, [
        ["=cmd", "Mug", "<p>A big mug.</p>", "Acme", "Mugs", "Title", "Default Title", "@SUM(1)", "300", "9.00", "g", "", "active"],
    ])
    assert run_project(config).exit_code == 0
    text = (tmp_path / "out" / "de-DE.shopify-translations.csv").read_text(encoding="utf-8")
    assert "\nPRODUCT,'=cmd,title,de,Germany,,Mug," in text
    prices = (tmp_path / "out" / "de-DE.shopify-prices.csv").read_text(encoding="utf-8")
    assert "'=cmd," in prices and "'@SUM(1)" in prices


def test_validate_catches_what_shopify_refuses(tmp_path: Path) -> None:
    path = tmp_path / "de-DE.shopify-translations.csv"
    path.write_text("Type,Identification,Field,Locale,Market,Status,Default content,Translated content\n"
                    "PRODUCT,boot,meta_title,de,Germany,,Boot," + "S" * 71 + "\n"
                    "PRODUCT,boot,title,fr,Germany,,Boot,Stiefel\n"
                    "PRODUCT,boot,title,fr,Germany,,Boot,Stiefel\n"
                    "PRODUCT,boot,body_html,de,Germany,,<p>Boot 42</p>,<p>Stiefel 43</p>\n", encoding="utf-8")
    result = validate([path], "de-DE")
    codes = sorted((f.line, f.code) for f in result.findings)
    assert (2, "shopify-values") in codes and (3, "shopify-values") in codes
    assert (4, "duplicate-id") in codes  # same resource, field, locale and market twice
    assert any(code == "number-mismatch" and line == 5 for line, code in codes)  # the translation checks run
    assert result.exit_code == 1


def test_formats_are_registered_everywhere() -> None:
    from importlib import resources

    from localize.channels import WRITERS
    from localize.qa.profiles import NAME_ENDINGS, PROFILE_NAMES
    from localize.readers import FORMATS

    schema = json.loads(resources.files("localize.schemas").joinpath("config.schema.json").read_text(encoding="utf-8"))
    enums: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list) and "jsonl" in node["enum"]:
                enums.append(node["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert list(FORMATS) in enums  # source.format
    assert enums.count(list(WRITERS)) == 2  # outputs.formats and markup.formats
    assert set(NAME_ENDINGS.values()) <= set(PROFILE_NAMES)


def test_product_ids_from_the_shops_translations_export(tmp_path: Path) -> None:
    """Shopify's languages import matches rows by resource ID, which the product export lacks: the shop's
    own translations export names each handle's ID (its PRODUCT handle rows)."""
    config = copy_example("shopify", tmp_path)
    (config.parent / "translations_export.csv").write_text(
        "Type,Identification,Field,Locale,Market,Status,Default content,Translated content\n"
        "PRODUCT,'8079393226938,title,de,,,Alpine trail boot,\n"
        "PRODUCT,'8079393226938,handle,de,,,alpine-trail-boot,\n"
        "PRODUCT,'8079393226999,handle,de,,,camp-stove,\n"
        "PRODUCT_OPTION,'901,name,de,,,Size,\nPRODUCT_OPTION,'902,name,de,,,Size,\n"
        "PRODUCT_OPTION_VALUE,'911,name,de,,,Brown,\nMEDIA_IMAGE,'921,alt,de,,,Grey wool beanie,\n", encoding="utf-8")
    assert "translations_export: translations_export.csv" in config.read_text(encoding="utf-8")
    assert run_project(config).exit_code == 0
    rows = csv_rows(config.parent / "out" / "de-DE.shopify-translations.csv")
    products = {(r["Identification"], r["Field"]) for r in rows if r["Type"] == "PRODUCT"}
    assert ("8079393226938", "title") in products and ("8079393226999", "title") in products
    assert ("merino-beanie", "title") in products  # not in the shop's export: named by its handle
    assert not any(i == "alpine-trail-boot" for i, _ in products)
    resources = {(r["Type"], r["Identification"]) for r in rows if r["Type"] != "PRODUCT"}
    # option names, values and alt texts by content: every ID with that text, each once; texts the shop's
    # export does not hold (Color, Black, Fuel …) get no row rather than an ID Shopify cannot match
    assert resources == {("PRODUCT_OPTION", "901"), ("PRODUCT_OPTION", "902"), ("PRODUCT_OPTION_VALUE", "911"),
                         ("MEDIA_IMAGE", "921")}
    assert sum(r["Identification"] == "901" for r in rows) == 1
    result = validate([config.parent / "out" / "de-DE.shopify-translations.csv"], "de-DE")
    warned = {f.record for f in result.findings if f.code == "shopify-resource-id"}
    assert result.exit_code == 0 and warned and all(w.startswith("PRODUCT/merino-beanie/") for w in warned)
    (config.parent / "translations_export.csv").write_text("Handle,Title\nx,y\n", encoding="utf-8")
    from localize.errors import ConfigError

    with pytest.raises(ConfigError, match="not a Shopify translations export"):
        run_project(config)


def test_market_name_from_the_market_section(tmp_path: Path) -> None:
    config = write_export(tmp_path, [
        ["mug", "Mug", "<p>A big mug.</p>", "Acme", "Mugs", "Title", "Default Title", "M-1", "300", "9.00", "g", "", "active"],
    ])
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markets: [{locale: de-DE}]", "markets: [{locale: de-DE, shopify: {market: Europe}}]"), encoding="utf-8")
    assert run_project(config).exit_code == 0
    rows = csv_rows(tmp_path / "out" / "de-DE.shopify-translations.csv")
    assert rows and {r["Market"] for r in rows} == {"Europe"}
    assert "Price / Europe" in csv_rows(tmp_path / "out" / "de-DE.shopify-prices.csv")[0]


def test_a_row_shopify_would_refuse_keeps_the_record_out_of_the_shopify_files_only(tmp_path: Path) -> None:
    """A translated SEO title over Shopify's 70 characters: the run's check stage checks the rows the
    writer would write, so the record goes to review for the Shopify output and stays in the others."""
    title = "Lightweight merino wool hiking sock with cushioned sole, size 42-44"  # 67 characters
    header = HEADER + ["SEO Title"]
    config = write_export(tmp_path, [
        ["sock", "Sock", "<p>A warm sock.</p>", "Acme", "Socks", "Title", "Default Title", "S-1", "80", "12.00", "g", "",
         "active", title],
        ["cap", "Cap", "<p>A cap.</p>", "Acme", "Caps", "Title", "Default Title", "C-1", "80", "15.00", "g", "",
         "active", "Warm cap"],
    ], header=header)
    report = run_project(config)
    out = tmp_path / "out"
    assert set(feed(out, "de-DE")) == {"S-1", "C-1"}  # the pseudo translation is longer than 70 characters
    rows = csv_rows(out / "de-DE.shopify-translations.csv")
    assert {r["Identification"] for r in rows} == {"cap"}
    queue = [line for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines() if '"S-1"' in line]
    assert len(queue) == 1 and '"withheld_outputs":["shopify-csv"]' in queue[0]
    finding = [f for f in json.loads(queue[0])["findings"] if f["code"] == "shopify-values"]
    assert finding[0]["field"] == "meta_title" and finding[0]["severity"] == "review"
    assert report.exit_code == 0
    result = validate([out / "de-DE.shopify-translations.csv"], "de-DE")
    assert result.exit_code == 0


def test_command_line_run_without_a_config_needs_the_shop_currency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from localize.cli import app

    write_export(tmp_path, [
        ["mug", "Mug", "<p>A big mug.</p>", "Acme", "Mugs", "Title", "Default Title", "M-1", "300", "9.00", "g", "", "active"],
    ])
    monkeypatch.chdir(tmp_path)
    args = ["run", "--source", "products_export.csv", "--source-format", "shopify-csv", "--source-locale", "en_US",
            "--market", "de-DE", "--format", "shopify-csv", "--engine", "pseudo"]
    failed = CliRunner().invoke(app, args)
    assert failed.exit_code == 2 and "--source-currency" in failed.output
    done = CliRunner().invoke(app, [*args, "--source-currency", "USD"])
    assert done.exit_code == 0, done.output
    assert csv_rows(tmp_path / "out" / "de-DE.shopify-prices.csv")[0]["Variant SKU"] == "M-1"


def test_bom_crlf_and_multiline_bodies_keep_the_line_numbers(tmp_path: Path) -> None:
    """Exports saved by spreadsheets: a BOM, CRLF line ends, bodies over several lines; a reject names the
    line its row starts on."""
    config = write_export(tmp_path, [])
    text = ("\ufeff" + ",".join(HEADER) + "\r\n"
            'tent,Tent,"<p>Two people.</p>\r\n<p>Three seasons.</p>",Acme,Tents,Size,2P,T-2,2100,199.00,kg,,active\r\n'
            "tent,,,,,,3P,T-3,2600,2.4.9,kg,,\r\n")
    (tmp_path / "products_export.csv").write_bytes(text.encode("utf-8"))
    items = read_source(config)
    product, reject = items
    assert isinstance(product, Product) and product.identifier == "T-2" and product.origin.line == 2
    assert product.get("body_html", "en_US") == "<p>Two people.</p>\r\n<p>Three seasons.</p>"
    assert isinstance(reject, Reject) and reject.origin.line == 4 and reject.field == "Variant Price"


def test_every_image_alt_text_reaches_the_shop(tmp_path: Path) -> None:
    """A product with three images (the second without alt text): the alt text of each image is translated
    and Shopify's languages import, simulated over the shop's content, takes every row; read back, every
    translatable text of the shop has its translation, each image's alt the feed's."""
    header = HEADER + ["Image Alt Text"]
    config = write_export(tmp_path, [
        ["tent", "Tent", "<p>A tent.</p>", "Acme", "Tents", "Size", "For two", "T-2", "2100", "199.00", "kg",
         "https://cdn.example.com/tent-1.jpg", "active", "Tent pitched in snow"],
        ["tent", "", "", "", "", "", "For three", "T-3", "2600", "249.00", "kg", "", "", ""],
        ["tent", "", "", "", "", "", "", "", "", "", "", "https://cdn.example.com/tent-2.jpg", "", ""],
        ["tent", "", "", "", "", "", "", "", "", "", "", "https://cdn.example.com/tent-3.jpg", "", "Packed tent, poles"],
    ], header=header)
    config.write_text(config.read_text(encoding="utf-8").replace(
        "formats: [jsonl, shopify-csv]}", "formats: [jsonl, shopify-csv], shopify: {translations_export: shop.csv}}"),
        encoding="utf-8")
    # the shop: its translatable content by resource ID (what its own translations export lists)
    shop = {("PRODUCT", "7001", "handle"): "tent", ("PRODUCT", "7001", "title"): "Tent",
            ("PRODUCT", "7001", "body_html"): "<p>A tent.</p>", ("PRODUCT", "7001", "product_type"): "Tents",
            ("PRODUCT_OPTION", "7101", "name"): "Size", ("PRODUCT_OPTION_VALUE", "7201", "name"): "For two",
            ("PRODUCT_OPTION_VALUE", "7202", "name"): "For three", ("MEDIA_IMAGE", "7301", "alt"): "Tent pitched in snow",
            ("MEDIA_IMAGE", "7303", "alt"): "Packed tent, poles"}
    with (tmp_path / "shop.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Type", "Identification", "Field", "Locale", "Market", "Status", "Default content",
                      "Translated content"])
        out.writerows([kind, f"'{ident}", field, "de", "", "", text, ""] for (kind, ident, field), text in shop.items())
    assert run_project(config).exit_code == 0
    record = feed(tmp_path / "out", "de-DE")["T-2"]
    taken, refused = shopify_languages_import(shop, tmp_path / "out" / "de-DE.shopify-translations.csv")
    assert refused == []
    # every translatable text of the shop but the handle (which we do not translate) is translated
    assert {key[:3] for key in taken} == set(shop) - {("PRODUCT", "7001", "handle")}
    assert taken[("MEDIA_IMAGE", "7301", "alt", "de")] == record["values"]["image_alt"]
    assert taken[("MEDIA_IMAGE", "7303", "alt", "de")] == record["values"]["image3_alt"]  # the third image's
    assert record["source"]["image3_alt"] == "Packed tent, poles" and "image2_alt" not in record["source"]
    assert record["values"]["image3_alt"] != "Packed tent, poles"


def _shop_writer(tmp_path: Path, extra: str = "") -> tuple[Any, Any, Any]:
    from localize.channels.shopify.writer import ShopifyWriter
    from localize.config import load_config
    from localize.report import RunReport

    (tmp_path / "shop.csv").write_text(
        "Type,Identification,Field,Locale,Market,Status,Default content,Translated content\n"
        "PRODUCT_OPTION_VALUE,'911,name,de,,,Black,\nPRODUCT_OPTION_VALUE,'912,name,de,,,Black,\n"
        "PRODUCT_OPTION_VALUE,'913,name,de,,,Red,\nPRODUCT_OPTION_VALUE,'914,name,de,,,Red,\n", encoding="utf-8")
    config = write_export(tmp_path, [])
    config.write_text(config.read_text(encoding="utf-8").replace(
        "formats: [jsonl, shopify-csv]}", "formats: [shopify-csv], shopify: {translations_export: shop.csv}}") + extra,
        encoding="utf-8")
    cfg = load_config(config)
    report = RunReport()
    ctx = SimpleNamespace(config=cfg, out_dir=tmp_path / "out", catalog=None, source=None, identifier_column="sku",
                          taxonomy=None, report=report)
    return ShopifyWriter(ctx, cfg.markets[0]), cfg.markets[0], report  # type: ignore[arg-type]


def _variant(market: object, handle: str, sku: str, values: dict[str, tuple[str, str]]) -> LocalizedRecord:
    product = Product(identifier=sku, origin=SimpleNamespace(file="x", line=1), parent=handle)  # type: ignore[arg-type]
    product.add("handle", Value(None, None, handle))
    record = LocalizedRecord(product=product, market=market)  # type: ignore[arg-type]
    for code, (source, translated) in values.items():
        product.add(code, Value("en_US", None, source))
        status = "human" if translated.endswith("*") else "machine"
        record.values[code] = LocalizedValue(translated.rstrip("*"), source, status, True)  # type: ignore[arg-type]
    return record


def _conflicting_writes(writer: Any, market: object, cap_option: str = "Anthrazit*") -> None:
    writer.write(_variant(market, "boot", "B-1", {"title": ("Boot", "Stiefel"), "option1": ("Black", "Schwarz"),
                                                  "option2": ("Red", "Rot")}))
    writer.write(_variant(market, "boot", "B-2", {"title": ("Boot", "Wanderstiefel*"), "option1": ("Black", "Schwarz")}))
    writer.write(_variant(market, "cap", "C-1", {"title": ("Cap", "Mütze"), "option1": ("Black", cap_option),
                                                 "option2": ("Red", "Rot")}))
    writer.write(_variant(market, "sock", "S-1", {"title": ("Sock", "Socke"), "option1": ("Black", "Schwarz")}))


def _held_queue(tmp_path: Path, writer: Any) -> Any:
    from localize.review.queue import read_queue

    path = tmp_path / "review-queue.jsonl"
    path.write_bytes(b"".join(line + b"\n" for line in writer.held()))
    return read_queue(path)


def test_a_resource_translated_two_ways_is_held_for_review(tmp_path: Path) -> None:
    """One shop resource reached by several records with different translations (a reviewer's edit on one
    product's option value, one variant's title): Shopify keeps one translation per resource and its export
    does not say which product an option value belongs to, so no translation is chosen without a person:
    the resource gets no row and each translation becomes a review-queue entry of its first product, naming
    the resource, its text and every translation with its products. Held for review like any record: exit 0
    unless `review.fail_on` lists `review`. Resources translated one way are written once, as before."""
    writer, market, report = _shop_writer(tmp_path)
    _conflicting_writes(writer, market)
    paths = writer.commit()
    rows = csv_rows(paths[0])
    written = [(r["Type"], r["Identification"], r["Field"], r["Translated content"]) for r in rows]
    assert written == [("PRODUCT_OPTION_VALUE", "913", "name", "Rot"), ("PRODUCT_OPTION_VALUE", "914", "name", "Rot"),
                       ("PRODUCT", "cap", "title", "Mütze"), ("PRODUCT", "sock", "title", "Socke")]
    assert report.requested_exit == 0
    queue = _held_queue(tmp_path, writer)
    items = {(i.product, i.field): i for i in queue.items}
    assert sorted(items) == [("B-1", "option1"), ("B-1", "title"), ("B-2", "title"), ("C-1", "option1")]
    black = items[("C-1", "option1")]
    assert (black.severity, black.rule, black.source_text, black.target_text, black.text_field) == (
        "review", "shopify-translation-conflict", "Black", "Anthrazit", True)
    assert ("PRODUCT_OPTION_VALUE name 'Black' (911, 912) is translated 2 ways" in black.message
            and "'Schwarz' (B-1 and 2 more record(s))" in black.message and "'Anthrazit' (C-1)" in black.message)
    assert items[("B-1", "option1")].message == black.message and items[("B-1", "option1")].target_text == "Schwarz"
    boot = items[("B-2", "title")]
    assert "PRODUCT title 'Boot' (boot)" in boot.message and "'Stiefel' (B-1)" in boot.message
    assert boot.target_text == "Wanderstiefel" and items[("B-1", "title")].target_text == "Stiefel"
    assert len(report.warnings) == 1 and "4 translation(s)" in report.warnings[0]

    (tmp_path / "strict").mkdir()
    strict, market, report = _shop_writer(tmp_path / "strict", "review: {fail_on: [review]}\n")
    _conflicting_writes(strict, market)
    strict.commit()
    assert report.requested_exit == 1


def test_a_reviewers_choice_settles_a_resource_translated_two_ways(tmp_path: Path) -> None:
    """Decisions on the queue entries: approving one translation writes it for every ID of the resource,
    an edit writes the corrected text, rejecting every translation leaves the shop's own (no row); two
    different texts chosen stay open. A settled resource leaves the queue."""
    from localize.review.apply import apply_file
    from localize.review.decisions import DecisionStore, store_path

    writer, market, _report = _shop_writer(tmp_path)
    _conflicting_writes(writer, market)
    writer.commit()
    queue = _held_queue(tmp_path, writer)
    keys = {(i.product, i.field): i.key for i in queue.items}
    sheet = tmp_path / "decisions.csv"
    sheet.write_text("key,decision,corrected_text,reviewer\n"
                     f"{keys[('C-1', 'option1')]},approve,,ana\n"
                     f"{keys[('B-1', 'title')]},reject,,ana\n{keys[('B-2', 'title')]},reject,,ana\n",
                     encoding="utf-8")
    cfg = writer.ctx.config
    with DecisionStore(store_path(cfg)) as store:
        assert apply_file(sheet, queue, store).applied == 3

    again, market, report = _shop_writer(tmp_path)
    _conflicting_writes(again, market)
    rows = csv_rows(again.commit()[0])
    written = [(r["Type"], r["Identification"], r["Field"], r["Translated content"]) for r in rows]
    assert ("PRODUCT_OPTION_VALUE", "911", "name", "Anthrazit") in written
    assert ("PRODUCT_OPTION_VALUE", "912", "name", "Anthrazit") in written
    assert not [w for w in written if w[1] == "boot"]  # every title rejected: the shop keeps its own
    assert again.held() == [] and report.warnings == []

    sheet.write_text(f"key,decision,corrected_text,reviewer\n{keys[('B-1', 'option1')]},edit,Tiefschwarz,ana\n",
                     encoding="utf-8")
    with DecisionStore(store_path(cfg)) as store:  # now two texts chosen for "Black": open again
        apply_file(sheet, queue, store)
    third, market, _report = _shop_writer(tmp_path)
    _conflicting_writes(third, market)
    rows = csv_rows(third.commit()[0])
    assert not [r for r in rows if r["Identification"] in ("911", "912")]
    assert {(i.product, i.field) for i in _held_queue(tmp_path, third).items} == {("B-1", "option1"),
                                                                                  ("C-1", "option1")}


def test_a_conflict_asks_the_store_for_its_own_translations_only(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Settling conflicts looks up the conflicts' decision keys (`get_many`), never every stored decision
    (a store may hold millions): with `DecisionStore.all` unavailable the outcome is the same."""
    from localize.review.apply import apply_file
    from localize.review.decisions import Decision, DecisionStore, store_path

    writer, market, _report = _shop_writer(tmp_path)
    _conflicting_writes(writer, market)
    writer.commit()
    queue = _held_queue(tmp_path, writer)
    keys = {(i.product, i.field): i.key for i in queue.items}
    sheet = tmp_path / "decisions.csv"
    sheet.write_text(f"key,decision,corrected_text,reviewer\n{keys[('C-1', 'option1')]},approve,,ana\n",
                     encoding="utf-8")
    with DecisionStore(store_path(writer.ctx.config)) as store:
        assert apply_file(sheet, queue, store).applied == 1
        for n in range(50):  # decisions on other findings
            store.put(Decision(key=f"other-{n}", market=market.code, product=f"X-{n}", field="name", rule="r",
                               decision="approve", reviewer="ana", decided_at="2026-11-20T10:00:00Z"))
    asked: list[list[str]] = []
    real_get_many = DecisionStore.get_many

    def get_many(self: DecisionStore, wanted: Any) -> dict[str, Decision]:
        asked.append(sorted(wanted))
        return real_get_many(self, wanted)

    def no_all(self: DecisionStore) -> dict[str, Decision]:
        raise AssertionError("DecisionStore.all called")

    monkeypatch.setattr(DecisionStore, "all", no_all)
    monkeypatch.setattr(DecisionStore, "get_many", get_many)
    again, market, _report = _shop_writer(tmp_path)
    _conflicting_writes(again, market)
    written = [(r["Identification"], r["Translated content"]) for r in csv_rows(again.commit()[0])]
    assert ("911", "Anthrazit") in written and ("912", "Anthrazit") in written
    assert asked == [sorted(keys.values())]  # the 4 held translations' keys, nothing else
    assert {(i.product, i.field) for i in _held_queue(tmp_path, again).items} == {("B-1", "title"),
                                                                                  ("B-2", "title")}


def test_a_held_translation_is_escaped_in_the_review_report(tmp_path: Path) -> None:
    """The candidates reach the reviewer's HTML report as text, never as markup."""
    from localize.review.export import render_html

    writer, market, _report = _shop_writer(tmp_path)
    _conflicting_writes(writer, market, cap_option="<script>alert(1)</script>*")
    writer.commit()
    html = render_html(_held_queue(tmp_path, writer))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_image_alt_text_is_checked_alike(tmp_path: Path) -> None:
    """The `untranslated` check treats each image's alt text the same (the field's kind, not its name): the
    same text left in Latin script for ja-JP gives the same finding on the first and the second image. (In the
    shop example only `image_alt` gets it because "Sole of the boot" has three words of three letters or more,
    below the four the script check needs, not because of the field.)"""
    header = HEADER + ["Image Alt Text"]
    alt = "Brown hiking boot on a rock"
    config = write_export(tmp_path, [
        ["boot", "Boot", "<p>A boot.</p>", "Acme", "Boots", "Size", "42", "B-42", "900", "99.00", "kg",
         "https://cdn.example.com/boot-1.jpg", "active", alt],
        ["boot", "", "", "", "", "", "", "", "", "", "", "https://cdn.example.com/boot-2.jpg", "", alt],
    ], header=header)
    config.write_text(config.read_text(encoding="utf-8").replace("[{locale: de-DE}]", "[{locale: ja-JP}]"),
                      encoding="utf-8")
    run_project(config)
    record = feed(tmp_path / "out", "ja-JP")["B-42"]
    found = {f["field"]: (f["code"], f["severity"], f["message"]) for f in record["findings"]
             if f["field"] in ("image_alt", "image2_alt")}
    assert set(found) == {"image_alt", "image2_alt"} and found["image_alt"] == found["image2_alt"]
    assert found["image_alt"][0] == "untranslated"


def test_a_run_holds_a_resource_its_records_translate_differently_until_a_reviewer_chooses(tmp_path: Path) -> None:
    """End to end: a reviewer edits one product's "Black" and approves the other's; the shop's export gives
    both the same option value resource, so the next run writes no row for it and lists both translations in
    review-queue.jsonl (exit 0: held for review, like any record); approving one there writes it."""
    from localize.config import load_config
    from localize.review.apply import apply_file
    from localize.review.decisions import DecisionStore, store_path
    from localize.review.queue import read_queue

    config = write_export(tmp_path, [
        ["cap", "Cap", "<p>A cap.</p>", "Acme", "Hats", "Colour", "Black", "C-1", "90", "19.00", "kg", "", "active"],
        ["sock", "Sock", "<p>A sock.</p>", "Acme", "Socks", "Colour", "Black", "S-1", "50", "9.00", "kg", "", "active"],
    ])
    (tmp_path / "pack.yaml").write_text(
        "pack: shop-test\nscope: {global: true}\nrules:\n  - id: t-black\n    kind: terms\n    severity: review\n"
        "    message: check the colour name\n    source: test pack\n    fields: [option1]\n    terms:\n      en: [black]\n",
        encoding="utf-8")
    (tmp_path / "shop.csv").write_text(
        "Type,Identification,Field,Locale,Market,Status,Default content,Translated content\n"
        "PRODUCT,'701,handle,de,,,cap,\nPRODUCT,'702,handle,de,,,sock,\n"
        "PRODUCT_OPTION_VALUE,'911,name,de,,,Black,\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "formats: [jsonl, shopify-csv]}", "formats: [jsonl, shopify-csv], shopify: {translations_export: shop.csv}}")
        + "state: .localize\nrules: {shipped: false, packs: [pack.yaml]}\n", encoding="utf-8")
    out = tmp_path / "out"
    cfg = load_config(config)

    def decide(rows: dict[str, tuple[str, str]], rule: str) -> None:
        queue = read_queue(out / "review-queue.jsonl")
        keys = {i.product: i.key for i in queue.items if i.rule == rule}
        sheet = tmp_path / "sheet.csv"
        sheet.write_text("key,decision,corrected_text,reviewer\n" + "".join(
            f"{keys[p]},{d},{text},ana\n" for p, (d, text) in rows.items()), encoding="utf-8")
        with DecisionStore(store_path(cfg)) as store:
            assert apply_file(sheet, queue, store).applied == len(rows)

    assert run_project(config).exit_code == 1  # both held for the colour finding: the market published none
    decide({"C-1": ("edit", "Anthrazit"), "S-1": ("approve", "")}, "t-black")
    report = run_project(config)
    assert report.exit_code == 0
    assert feed(out, "de-DE")["C-1"]["values"]["option1"] == "Anthrazit"
    rows = csv_rows(out / "de-DE.shopify-translations.csv")
    assert not [r for r in rows if r["Type"] == "PRODUCT_OPTION_VALUE"]
    held = [i for i in read_queue(out / "review-queue.jsonl").items if i.rule == "shopify-translation-conflict"]
    assert {(i.product, i.target_text) for i in held} == {("C-1", "Anthrazit"), ("S-1", feed(out, "de-DE")["S-1"]["values"]["option1"])}
    assert any("held for review" in w for w in report.warnings)

    decide({"C-1": ("approve", "")}, "shopify-translation-conflict")
    assert run_project(config).exit_code == 0
    rows = csv_rows(out / "de-DE.shopify-translations.csv")
    assert [(r["Identification"], r["Translated content"]) for r in rows if r["Type"] == "PRODUCT_OPTION_VALUE"] == [
        ("911", "Anthrazit")]
    assert not [i for i in read_queue(out / "review-queue.jsonl").items if i.rule == "shopify-translation-conflict"]
