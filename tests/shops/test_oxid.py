"""OXID eShop in and out: the oxarticles export (with oxartextends and oxobject2category) as a source,
the generic import's language fields (`OXTITLE_1`, `OXLONGDESC_1`) as output, the `oxid` validate
profile, and the round trip export -> localize -> import -> read."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from localize.channels.oxid.writer import OxidCsvWriter, language_id
from localize.config import build_market, load_config
from localize.errors import ConfigError, InputError, OutputError
from localize.model import LocalizedRecord, LocalizedValue, Money, Product, Quantity, Reject
from localize.readers.oxid_csv import decode_cell, encode_cell, language_locales

from .shop_helpers import copy_example, feed, read_source, run_project, validate

SHIRT, RED, BLUE, BOTTLE = ("a1b2c3d4e5f60718293a4b5c6d7e8f90", "a1b2c3d4e5f60718293a4b5c6d7e8f91",
                            "a1b2c3d4e5f60718293a4b5c6d7e8f92", "b9e8d7c6b5a4938271605f4e3d2c1b0a")


def oxid_rows(path: Path) -> list[dict[str, str]]:
    """A generic import CSV as the import reads it (`;`, `"`, entities decoded)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: decode_cell(v) for k, v in row.items()} for row in csv.DictReader(fh, delimiter=";")]


def write_oxid(path: Path, rows: list[dict[str, str]], header: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([encode_cell(row.get(h, "")) for h in header])


def test_reads_articles_variants_languages_long_descriptions_and_categories(tmp_path: Path) -> None:
    items = read_source(copy_example("oxid", tmp_path))
    assert not [i for i in items if isinstance(i, Reject)]
    products = {p.identifier: p for p in items if isinstance(p, Product)}
    assert list(products) == [SHIRT, RED, BLUE, BOTTLE]  # the joined files yield no products
    shirt, red, bottle = products[SHIRT], products[RED], products[BOTTLE]
    assert red.parent == SHIRT and shirt.parent is None
    assert shirt.get("oxtitle", "de_DE") == "T-Shirt „Kiel“ aus Bio-Baumwolle"
    assert shirt.get("oxvarname", "de_DE") == "Farbe | Größe" and red.get("oxvarselect", "de_DE") == "Rot | M"
    assert red.get("oxartnum") == "TS-100-RM"
    # oxartextends joined by OXID, its entities decoded (&#10; a line break, &#34; a quote)
    assert bottle.get("oxlongdesc", "de_DE") == ('<p>Die Flasche hält Getränke 24 Stunden kalt und 12 Stunden heiß.</p>\n'
                                                 '<p>Deckel mit "Klick"-Verschluss.</p>')
    # language 1 is English in a German shop by default: the existing copy is read in en_GB
    assert bottle.get("oxtitle", "en_GB") == "Water Bottle 0.75 l"
    assert bottle.get("oxprice") == (Money(Decimal("19.95"), "EUR"),)
    assert bottle.get("oxweight") == Quantity(Decimal("0.35"), "KILOGRAM")
    assert bottle.get("oxlength") == Quantity(Decimal("0.26"), "METER")
    # oxobject2category, in OXPOS order, as paths of oxcategories titles
    assert bottle.categories == ("Freizeit/Trinkflaschen", "Freizeit/Sport & Outdoor")
    assert shirt.categories == ("Bekleidung/T-Shirts",)
    assert red.categories == shirt.categories  # a variant without assignments of its own: its parent's


def test_bad_rows_are_rejected_with_file_line_and_column_and_the_rest_is_read(tmp_path: Path) -> None:
    header = ["OXID", "OXPARENTID", "OXTITLE", "OXPRICE", "OXWEIGHT", "OXTITLE_1"]
    write_oxid(tmp_path / "oxarticles.csv", [
        {"OXID": "a1", "OXTITLE": "Lampe", "OXPRICE": "19,95"},
        {"OXID": "x" * 33, "OXTITLE": "Lang", "OXPRICE": "1.00"},
        {"OXID": "", "OXTITLE": "Ohne", "OXPRICE": "1.00"},
        {"OXID": "a4", "OXTITLE": "Becher", "OXPRICE": "9.00", "OXWEIGHT": "schwer"},
        {"OXID": "a5", "OXTITLE": "Tasse", "OXPRICE": "5.00", "OXWEIGHT": "0.2", "OXTITLE_1": "null"},
    ], header)
    with (tmp_path / "oxarticles.csv").open("a", encoding="utf-8") as fh:
        fh.write('"a6";"kurz"\n')
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: oxid-csv, path: oxarticles.csv, locale: de_DE, currency: EUR}\n"
        "markets: [{locale: en-GB}]\noutputs: {dir: out, formats: [jsonl, oxid-csv]}\ntranslation: {engine: pseudo}\n",
        encoding="utf-8")
    items = read_source(tmp_path / "localize.yaml")
    rejects = {r.origin.line: r for r in items if isinstance(r, Reject)}
    assert all(r.origin.file.endswith("oxarticles.csv") for r in rejects.values())
    assert rejects[2].field == "OXPRICE" and "'19,95' is not a number" in rejects[2].reason
    assert rejects[3].field == "OXID" and "32" in rejects[3].reason
    assert rejects[4].field == "OXID" and "missing OXID" in rejects[4].reason
    assert rejects[5].field == "OXWEIGHT" and "'schwer'" in rejects[5].reason
    assert "the header has 6" in rejects[7].reason
    products = [p for p in items if isinstance(p, Product)]
    assert [p.identifier for p in products] == ["a5"]
    assert products[0].get("oxtitle", "en_GB") is None  # the import's NULL is no copy
    report = run_project(tmp_path / "localize.yaml")
    assert report.exit_code == 1  # rejects fail the run by default, after the good article was written
    assert set(feed(tmp_path / "out", "en-GB")) == {"a5"}
    assert [r["OXID"] for r in oxid_rows(tmp_path / "out" / "en-GB.oxid.csv")] == ["a5"]


def test_a_bad_row_of_a_joined_file_is_a_reject_of_that_file(tmp_path: Path) -> None:
    config = copy_example("oxid", tmp_path)
    extends = config.parent / "oxartextends.csv"
    extends.write_text(extends.read_text(encoding="utf-8") + '"c0ffee";"<p>x</p>"\n'
                       '"d00d";"<p>Lost</p>";"";""\n', encoding="utf-8")
    items = read_source(config)
    rejects = {r.origin.line: r for r in items if isinstance(r, Reject)}
    assert all(r.origin.file.endswith("oxartextends.csv") for r in rejects.values()) and set(rejects) == {4, 5}
    assert "the header has 4" in rejects[4].reason
    assert rejects[5].field == "OXID" and "not an article" in rejects[5].reason  # nothing dropped unseen
    assert len([i for i in items if isinstance(i, Product)]) == 4  # the articles are read all the same


def test_category_paths_from_the_category_tree() -> None:
    from localize.readers.oxid_csv import category_paths

    tree = {"a": ("oxrootid", "Home"), "b": ("a", "Kitchen"), "c": ("b", ""), "d": ("gone", "Lost"),
            "e": ("f", "Loop"), "f": ("e", "Loop 2")}
    assert category_paths(tree) == {"a": "Home", "b": "Home/Kitchen", "c": "Home/Kitchen/c"}
    # a broken chain or a cycle: no path (the article keeps the category id)


def test_language_ids_per_market(tmp_path: Path) -> None:
    source = SimpleNamespace(locale="de_DE", shop={"languages": {"2": "fr_FR", "3": "fr_CH"}})
    languages = language_locales(source)  # type: ignore[arg-type]
    assert languages == {0: "de_DE", 1: "en_GB", 2: "fr_FR", 3: "fr_CH"}
    assert language_id(build_market({"locale": "en-US"}, None), languages) == 1  # the one English id
    assert language_id(build_market({"locale": "fr-CH"}, None), languages) == 3  # the exact locale first
    assert language_id(build_market({"locale": "fr-BE"}, None), languages) is None  # two French ids: ambiguous
    assert language_id(build_market({"locale": "it-IT"}, None), languages) is None
    english = SimpleNamespace(locale="en_US", shop={})
    assert language_locales(english) == {0: "en_US"}  # no default beyond language 0 for a non-German shop
    with pytest.raises(ConfigError, match="languages"):
        language_locales(SimpleNamespace(locale="de_DE", shop={"languages": {"two": "fr_FR"}}))  # type: ignore[arg-type]


def _writer(tmp_path: Path, market: str = "en-GB") -> tuple[OxidCsvWriter, object]:
    (tmp_path / "oxarticles.csv").write_text("OXID\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: oxid-csv, path: oxarticles.csv, locale: de_DE}\n"
        f"markets: [{{locale: {market}}}]\noutputs: {{dir: out, formats: [oxid-csv]}}\n", encoding="utf-8")
    cfg = load_config(tmp_path / "localize.yaml")
    ctx = SimpleNamespace(config=cfg, out_dir=tmp_path / "out", catalog=None, source=None, identifier_column="OXID",
                          taxonomy=None)
    return OxidCsvWriter(ctx, cfg.markets[0]), cfg.markets[0]  # type: ignore[arg-type]


def _record(market: object, oxid: str, values: dict[str, tuple[str, str]]) -> LocalizedRecord:
    product = Product(identifier=oxid, origin=SimpleNamespace(file="x", line=1))  # type: ignore[arg-type]
    record = LocalizedRecord(product=product, market=market)  # type: ignore[arg-type]
    for code, (text, status) in values.items():
        record.values[code] = LocalizedValue(text, "de", status, True)  # type: ignore[arg-type]
    return record


def test_writer_encodes_what_the_generic_import_interprets(tmp_path: Path) -> None:
    writer, market = _writer(tmp_path)
    writer.write(_record(market, "a1", {"oxtitle": ("=1+2 \"Bottle\"; it's", "machine"),
                                        "oxlongdesc": ("<p>Line 1</p>\r\n<p>Line; 2</p>", "machine")}))
    writer.write(_record(market, "a2", {"oxtitle": ("Mug", "pim"), "oxshortdesc": ("Big mug.", "machine")}))
    writer.write(_record(market, "a3", {"oxtitle": ("Cup", "pim")}))  # nothing new: not listed
    paths = writer.commit()
    assert [p.name for p in paths] == ["en-GB.oxid.csv", "en-GB.oxid-longdesc.csv"]
    text = paths[0].read_text(encoding="utf-8")
    assert text.splitlines()[0] == '"OXID";"OXTITLE_1";"OXSHORTDESC_1"'
    # quotes as entities; copy otherwise as it is (an apostrophe would reach shoppers)
    assert '"a1";"=1+2 &#34;Bottle&#34;; it&#39;s";""' in text
    assert '"a2";"Mug";"Big mug."' in text  # the existing title kept: an empty cell would clear it
    long = paths[1].read_text(encoding="utf-8")
    assert long == '"OXID";"OXLONGDESC_1"\n"a1";"<p>Line 1</p>&#13;&#10;<p>Line; 2</p>"\n'  # one line per article
    assert oxid_rows(paths[1])[0]["OXLONGDESC_1"] == "<p>Line 1</p>\r\n<p>Line; 2</p>"
    assert validate(paths, "en-GB").exit_code == 0


def test_writer_refuses_what_the_import_would_misread(tmp_path: Path) -> None:
    writer, market = _writer(tmp_path)
    writer.write(_record(market, "a1", {"oxtitle": ("Null", "machine")}))
    with pytest.raises(OutputError, match="read as NULL"):
        writer.commit()
    assert not (tmp_path / "out" / "en-GB.oxid.csv").exists()
    writer, market = _writer(tmp_path)
    writer.write(_record(market, "a1", {"oxtitle": ("T" * 256, "machine"), "oxlongdesc": ("<p>ok</p>", "machine")}))
    with pytest.raises(OutputError, match="at most 255"):
        writer.commit()
    assert not (tmp_path / "out" / "en-GB.oxid-longdesc.csv").exists()  # both files or neither


def test_a_variant_selection_must_keep_its_parts(tmp_path: Path) -> None:
    writer, market = _writer(tmp_path)
    record = _record(market, "a1", {"oxvarselect": ("Red, XL", "machine")})
    record.values["oxvarselect"].source = "Rot | XL"
    writer.write(record)
    with pytest.raises(OutputError, match="has not the 2 parts of 'Rot | XL'"):
        writer.commit()


def test_a_market_without_a_language_id_stops_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="source.shop.languages"):
        _writer(tmp_path, "it-IT")
    with pytest.raises(ConfigError, match="language 0, the source's"):
        _writer(tmp_path, "de-AT")  # German too, but language 0 is the German source copy


def test_missing_oxid_column_or_currency_stops_the_read(tmp_path: Path) -> None:
    (tmp_path / "oxarticles.csv").write_text('"OXTITLE";"OXPRICE"\n"Lampe";"1.00"\n', encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: oxid-csv, path: oxarticles.csv, locale: de_DE}\nmarkets: [{locale: en-GB}]\n",
        encoding="utf-8")
    with pytest.raises(InputError, match="no OXID column"):
        read_source(tmp_path / "localize.yaml")
    (tmp_path / "oxarticles.csv").write_text('"OXID";"OXPRICE"\n"a1";"1.00"\n', encoding="utf-8")
    with pytest.raises(InputError, match="currency"):
        read_source(tmp_path / "localize.yaml")


def test_validate_catches_what_oxid_refuses(tmp_path: Path) -> None:
    path = tmp_path / "en-GB.oxid.csv"
    path.write_text('"OXID";"OXTITLE_1";"OXPRICE"\n"a1";"Bottle";"1.00"\n"' + "x" * 33 + '";"Long id";"1"\n'
                    '"a3";"null";"2"\n', encoding="utf-8")
    result = validate([path], "en-GB")
    found = {(f.line, f.code, f.field) for f in result.findings}
    assert (1, "oxid-columns", "OXPRICE") in found
    assert (3, "oxid-values", "OXID") in found and (4, "oxid-values", "OXTITLE_1") in found
    assert result.exit_code == 1


def apply_generic_import(table: Path, import_file: Path, header: list[str]) -> None:
    """What OXID's generic import does with our file: the article with that OXID gets each column's
    value (entities decoded; an empty cell is NULL, stored as '')."""
    rows = oxid_rows(table)
    by_id = {r["OXID"]: r for r in rows}
    for imp in oxid_rows(import_file):
        target = by_id.get(imp["OXID"])
        if target is None:
            target = by_id[imp["OXID"]] = {h: "" for h in header} | {"OXID": imp["OXID"]}
            rows.append(target)
        for column, value in imp.items():
            assert column in header, f"{column} is not a field of the table"
            target[column] = value
    write_oxid(table, rows, header)


def test_round_trip_export_localize_import_export(tmp_path: Path) -> None:
    """Export -> localize -> the two import files -> (the shop imports them) -> export -> read: the same
    articles with the same German values, and in each market's language exactly the feed's copy."""
    config = copy_example("oxid", tmp_path)
    folder = config.parent
    before = {p.identifier: p for p in read_source(config) if isinstance(p, Product)}
    report = run_project(config)
    assert report.exit_code == 0
    out = folder / "out"
    articles = list(csv.reader((folder / "oxarticles.csv").open(encoding="utf-8"), delimiter=";"))[0]
    extends = list(csv.reader((folder / "oxartextends.csv").open(encoding="utf-8"), delimiter=";"))[0]
    for market in ("en-GB", "fr-FR"):
        apply_generic_import(folder / "oxarticles.csv", out / f"{market}.oxid.csv", articles)
        apply_generic_import(folder / "oxartextends.csv", out / f"{market}.oxid-longdesc.csv", extends)
        assert validate([out / f"{market}.oxid.csv", out / f"{market}.oxid-longdesc.csv"], market).exit_code == 0
    after = {p.identifier: p for p in read_source(config) if isinstance(p, Product)}
    assert list(after) == list(before)
    fields = ("oxtitle", "oxshortdesc", "oxvarname", "oxvarselect", "oxsearchkeys", "oxlongdesc")
    for oxid, product in after.items():
        old = before[oxid]
        assert (product.parent, product.categories, product.enabled) == (old.parent, old.categories, old.enabled)
        for code in ("oxprice", "oxweight", "oxartnum", "oxlength"):
            assert product.get(code) == old.get(code)
        for code in fields:
            assert product.get(code, "de_DE") == old.get(code, "de_DE")  # language 0 untouched
    written = 0
    for market, locale in (("en-GB", "en_GB"), ("fr-FR", "fr_FR")):
        records = feed(out, market)
        for oxid, record in records.items():
            for code in fields:
                if record["status"].get(code) in ("machine", "human", "pim"):
                    assert after[oxid].get(code, locale) == record["values"][code], (oxid, code, market)
                    written += 1
        # a withheld article (the review queue) is not imported: its language fields stay as they were
        for oxid in set(before) - set(records):
            for code in fields:
                assert after[oxid].get(code, locale) == before[oxid].get(code, locale)
    assert written >= 12
    assert after[BOTTLE].get("oxlongdesc", "en_GB").endswith('<p>Lid with a "click" closure.</p>')
    assert after[RED].get("oxvarselect", "fr_FR") == "Rouge | M"


def test_a_row_oxid_would_refuse_keeps_the_record_out_of_the_oxid_files_only(tmp_path: Path) -> None:
    import json

    header = ["OXID", "OXPARENTID", "OXTITLE", "OXVARNAME", "OXPRICE"]
    write_oxid(tmp_path / "oxarticles.csv", [
        {"OXID": "a1", "OXTITLE": "Lampe " + "sehr " * 47, "OXPRICE": "19.95"},
        {"OXID": "a2", "OXTITLE": "Tasse", "OXVARNAME": "Farbe | Größe", "OXPRICE": "5.00"},
    ], header)
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: oxid-csv, path: oxarticles.csv, locale: de_DE, currency: EUR}\n"
        "markets: [{locale: en-GB}]\noutputs: {dir: out, formats: [jsonl, oxid-csv]}\ntranslation: {engine: pseudo}\n",
        encoding="utf-8")
    assert run_project(tmp_path / "localize.yaml").exit_code == 0
    out = tmp_path / "out"
    assert set(feed(out, "en-GB")) == {"a1", "a2"}
    rows = oxid_rows(out / "en-GB.oxid.csv")
    assert [r["OXID"] for r in rows] == ["a2"] and rows[0]["OXVARNAME_1"].count("|") == 1
    queue = [json.loads(line) for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    (held,) = [r for r in queue if r["identifier"] == "a1"]
    assert held["withheld_outputs"] == ["oxid-csv"]
    assert [f["field"] for f in held["findings"] if f["code"] == "oxid-values"] == ["oxtitle"]
