"""Shopware 6 in and out: the "Default product" export as a source, the product import with the
market language's `translations.<locale>.<field>` columns as output, the `shopware` validate profile,
and the round trip between them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from localize.model import Money, Product, Quantity, Reject

from .shop_helpers import copy_example, csv_rows, feed, read_source, run_project, validate, write_project

HEADER = ["id", "parent_id", "product_number", "active", "name", "description", "price_net", "price_gross", "weight"]
ID = "0123456789abcdef0123456789abcdef"


CONFIG = ("version: 1\nsource: {format: shopware-csv, path: product_export.csv, locale: de_DE, currency: EUR}\n"
          "markets: [{locale: en-GB}]\noutputs: {dir: out, formats: [jsonl, shopware-csv]}\n"
          "translation: {engine: pseudo}\n")


def write_export(folder: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    return write_project(folder, "product_export.csv", header, rows, CONFIG, delimiter=";")


def test_reads_the_default_profile_with_variants_and_existing_translations(tmp_path: Path) -> None:
    items = read_source(copy_example("shopware", tmp_path))
    assert not [i for i in items if isinstance(i, Reject)]
    products = {p.identifier: p for p in items if isinstance(p, Product)}
    assert list(products) == ["SW-BOOT", "SW-BOOT-42", "SW-BOOT-43", "SW-BOOT-43W", "SW-MUTZE", "SW-KOCHER"]
    boot = products["SW-BOOT"]
    assert boot.get("name", "de_DE") == "Wanderschuh Alpin"
    assert boot.get("description", "de_DE").startswith("<p>Wasserdichter Wanderschuh mit <strong>Vibram</strong>")
    assert boot.get("metaTitle", "de_DE") == "Wanderschuh Alpin, wasserdicht"
    assert boot.get("price") == (Money(Decimal("149.00"), "EUR"),)
    assert boot.get("price_net") == (Money(Decimal("125.21"), "EUR"),)
    assert boot.get("weight") == Quantity(Decimal("1.2"), "KILOGRAM")
    assert boot.get("manufacturer") == "Nordlicht Outdoor" and len(boot.categories) == 2
    # a variant is read with its own cells only: Shopware inherits the rest from the parent
    variant = products["SW-BOOT-42"]
    assert variant.parent == boot.get("shopware_id") and variant.get("name", "de_DE") is None
    assert products["SW-BOOT-43W"].get("name", "de_DE") == "Wanderschuh Alpin, weite Passform"
    # copy the export already has in another language is that locale's copy
    assert products["SW-MUTZE"].get("name", "en_GB") == "Merino beanie"
    assert products["SW-KOCHER"].get("length") == Quantity(Decimal("300"), "MILLIMETER")


def test_bad_rows_are_rejected_with_line_and_column_and_the_rest_is_read(tmp_path: Path) -> None:
    config = write_export(tmp_path, [
        [ID, "", "SW-1", "1", "Becher", "<p>Ein Becher.</p>", "8.40", "9,99 €", "0.3"],
        [ID, "", "SW-2", "no", "Tasse", "<p>Eine Tasse.</p>", "8.40", "9.99", "0,3"],
        [ID, "", "", "1", "Namenlos", "", "1.00", "1.19", ""],
        [ID, "", "SW-3", "1", "Teller", "<p>Ein Teller.</p>", "8.40", "9.99", "schwer"],
        [ID, "", "SW-4", "1", "Schale", "<p>Eine Schale.</p>", "8.40", "9.99", "0.5"],
        [ID, "SW-4"],
    ])
    items = read_source(config)
    by_line = {r.origin.line: r for r in items if isinstance(r, Reject)}
    assert by_line[2].field == "price_gross" and "'9,99 €' is not a number" in by_line[2].reason
    assert by_line[3].field == "weight" and "'0,3' is not a number" in by_line[3].reason
    assert by_line[4].field == "product_number"
    assert by_line[5].field == "weight"
    assert "the header has 9" in by_line[7].reason
    assert all(r.origin.file.endswith("product_export.csv") for r in by_line.values())
    assert [i.identifier for i in items if isinstance(i, Product)] == ["SW-4"]
    report = run_project(config)
    assert report.exit_code == 1
    assert set(feed(tmp_path / "out", "en-GB")) == {"SW-4"}
    assert len((tmp_path / "out" / "rejects.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_round_trip_export_to_import_and_back(tmp_path: Path) -> None:
    """Export -> localize -> Shopware import -> read back with the reader (the file is a profile CSV too):
    the same products by id and number, each translated field with the feed's text, nothing else."""
    config = copy_example("shopware", tmp_path)
    source = {p.identifier: p for p in read_source(config) if isinstance(p, Product)}
    assert run_project(config).exit_code == 0
    out = config.parent / "out"
    for market, locale, pim in (("en-GB", "en-GB", "en_GB"), ("fr-FR", "fr-FR", "fr_FR")):
        records = feed(out, market)
        assert set(records) == set(source)
        path = out / f"{market}.shopware.csv"
        rows = csv_rows(path, ";")
        assert list(rows[0]) == ["id", "product_number", *(f"translations.{locale}.{f}" for f in
                                                          ("name", "description", "metaTitle", "metaDescription",
                                                           "keywords")),
                                 "cover_media_id", f"cover.media.translations.{locale}.alt",
                                 f"cover.media.translations.{locale}.title"]
        # the cover's alt text goes back with the cover's media id (Shopware then updates that image)
        boot = next(r for r in rows if r["product_number"] == "SW-BOOT")
        assert boot["cover_media_id"] == source["SW-BOOT"].get("cover_media_id")
        assert boot[f"cover.media.translations.{locale}.alt"] == records["SW-BOOT"]["values"]["cover_media_alt"]
        assert records["SW-BOOT"]["status"]["cover_media_alt"] == "machine"
        with_copy = {i for i, r in records.items() if any(s in ("machine", "human") for s in r["status"].values())}
        assert {r["product_number"] for r in rows} == with_copy
        assert with_copy >= {"SW-BOOT", "SW-BOOT-43W", "SW-MUTZE", "SW-KOCHER"}
        assert "SW-BOOT-42" not in with_copy  # inherits its parent's copy in Shopware
        # read the import file back as a Shopware profile CSV
        back = tmp_path / f"back-{market}"
        back.mkdir()
        (back / "product_export.csv").write_bytes(path.read_bytes())
        (back / "localize.yaml").write_text(
            "version: 1\nsource: {format: shopware-csv, path: product_export.csv, locale: de_DE}\n"
            "markets: [{locale: en-GB}]\n", encoding="utf-8")
        read_back = {p.identifier: p for p in read_source(back / "localize.yaml") if isinstance(p, Product)}
        assert set(read_back) == with_copy
        for ident, product in read_back.items():
            assert product.get("shopware_id") == source[ident].get("shopware_id")
            values = records[ident]["values"]
            for field in ("name", "description", "metaTitle", "metaDescription", "keywords", "cover_media_alt",
                          "cover_media_title"):
                status = records[ident]["status"].get(field)
                expected = values.get(field) if status in ("machine", "human", "pim") else None
                assert product.get(field, pim) == expected, (ident, field)
        result = validate([path], market)
        assert result.exit_code == 0, [f.message for f in result.findings]


def test_validate_catches_what_shopware_refuses(tmp_path: Path) -> None:
    path = tmp_path / "en-GB.shopware.csv"
    path.write_text("id;product_number;translations.en-GB.name;translations.en-GB.metaTitle\n"
                    f"{ID};SW-1;Boot;{'T' * 256}\n"
                    "42;SW-2;Cup;Cup\n"
                    f"{ID};{'N' * 65};Plate;Plate\n", encoding="utf-8")
    result = validate([path], "en-GB")
    found = sorted((f.line, f.field) for f in result.findings if f.code == "shopware-values")
    assert found == [(2, "translations.en-GB.metaTitle"), (3, "id"), (4, "product_number")]
    wrong = tmp_path / "de-DE.shopware.csv"
    wrong.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert any(f.code == "shopware-columns" for f in validate([wrong], "de-DE").findings)


def test_profile_columns_named_by_their_keys(tmp_path: Path) -> None:
    """A custom profile whose column names are its keys: `translations.DEFAULT.name` is the default copy."""
    config = write_export(tmp_path, [[ID, "SW-1", "Becher", "<p>Ein Becher.</p>", "Mug"]],
                          header=["id", "product_number", "translations.DEFAULT.name", "translations.DEFAULT.description",
                                  "translations.en-GB.name"])
    (product,) = read_source(config)
    assert isinstance(product, Product)
    assert product.get("name", "de_DE") == "Becher" and product.get("name", "en_GB") == "Mug"
    assert product.get("description", "de_DE") == "<p>Ein Becher.</p>"


def test_a_row_shopware_would_refuse_keeps_the_record_out_of_the_shopware_file_only(tmp_path: Path) -> None:
    long_name = "Becher " + "sehr " * 48  # 247 characters: the pseudo translation is longer than 255
    config = write_export(tmp_path, [
        [ID, "", "SW-1", "1", long_name.strip(), "<p>Ein Becher.</p>", "8.40", "9.99", "0.3"],
        [ID.replace("0", "1"), "", "SW-2", "1", "Tasse", "<p>Eine Tasse.</p>", "8.40", "9.99", "0.3"],
    ])
    assert run_project(config).exit_code == 0
    out = tmp_path / "out"
    assert set(feed(out, "en-GB")) == {"SW-1", "SW-2"}
    assert [r["product_number"] for r in csv_rows(out / "en-GB.shopware.csv", ";")] == ["SW-2"]
    queue = [json.loads(line) for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    (held,) = [r for r in queue if r["identifier"] == "SW-1"]
    assert held["withheld_outputs"] == ["shopware-csv"]
    assert [f["field"] for f in held["findings"] if f["code"] == "shopware-values"] == ["name"]


def test_active_reads_as_shopware_reads_it(tmp_path: Path) -> None:
    """Shopware's import reads 0, false, n and no as false and anything else as true; empty inherits."""
    config = write_export(tmp_path, [
        [ID, "", f"SW-{flag or 'empty'}", flag, "Becher", "", "8.40", "9.99", ""]
        for flag in ("1", "0", "true", "FALSE", "n", "no", "yes", "")
    ])
    items = read_source(config)
    assert {p.identifier: p.enabled for p in items if isinstance(p, Product)} == {
        "SW-1": True, "SW-0": False, "SW-true": True, "SW-FALSE": False, "SW-n": False, "SW-no": False,
        "SW-yes": True, "SW-empty": True}
