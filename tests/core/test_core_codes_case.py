"""Akeneo codes are case-insensitive: models, attributes, options and categories join in any case."""

from __future__ import annotations

import json
from pathlib import Path

from localize.api import build_config, run
from localize.codes import CodeMap
from localize.records import RecordBuilder


def write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_code_map_keeps_the_first_spelling_and_finds_any_case() -> None:
    m: CodeMap[int] = CodeMap()
    m["Model-Tshirt"] = 1
    m["model-tshirt"] = 2
    assert list(m) == ["Model-Tshirt"] and m["MODEL-TSHIRT"] == 2 and "model-TSHIRT" in m
    assert m.key("model-tshirt") == "Model-Tshirt" and m.get("other") is None


def catalogue(tmp_path: Path) -> Path:
    write(tmp_path / "models.csv", [
        ["code", "family_variant", "categories", "description-de_DE", "Color"],
        ["model-tshirt-divided-blue", "tshirt_size", "Tshirts", "Ein Hemd aus Baumwolle.", "Blue"],
    ])
    write(tmp_path / "products.csv", [
        ["sku", "parent", "family", "categories", "size", "name-de_DE"],
        ["TS-S", "Model-tshirt-divided-BLUE", "Clothing", "", "s", "Hemd S"],
    ])
    write(tmp_path / "attributes.csv", [
        ["type", "code", "label-de_DE", "localizable", "scopable"],
        ["pim_catalog_identifier", "sku", "SKU", "0", "0"],
        ["pim_catalog_text", "name", "Name", "1", "0"],
        ["pim_catalog_textarea", "description", "Beschreibung", "1", "0"],
        ["pim_catalog_simpleselect", "color", "Farbe", "0", "0"],
        ["pim_catalog_simpleselect", "size", "Größe", "0", "0"],
    ])
    write(tmp_path / "options.csv", [
        ["attribute", "code", "label-de_DE", "label-en_US"],
        ["COLOR", "blue", "Blau", "Blue"],
        ["size", "S", "S", "Small"],
    ])
    write(tmp_path / "categories.csv", [
        ["code", "parent", "label-de_DE", "label-en_US"],
        ["master", "", "Hauptkatalog", "Master catalog"],
        ["tshirts", "MASTER", "T-Shirts", "T-shirts"],
    ])
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: [models.csv, products.csv], locale: de_DE, attributes: attributes.csv,\n"
        "         options: options.csv, categories: categories.csv}\n"
        "markets: [{locale: en-US}]\nstages: [convert, translate, gate]\ntranslation: {engine: pseudo}\n",
        encoding="utf-8")
    return tmp_path / "localize.yaml"


def test_mixed_case_codes_join(tmp_path: Path) -> None:
    report = run(build_config(config=catalogue(tmp_path)))
    assert report.warning_count == 0, report.warnings  # no "not among the sources"
    line = json.loads((tmp_path / "out" / "en-US.jsonl").read_text(encoding="utf-8"))
    # the variant inherits its model's copy, option and category though the parent is spelled differently
    assert line["source"]["description"] == "Ein Hemd aus Baumwolle."
    assert line["categories"] == ["Tshirts"]
    # `Color` in the header is the attribute `color`; the option `Blue` is `blue` of `COLOR` in options.csv
    assert "color" in line["values"] and "Color" not in line["values"]
    assert line["display"]["color"] == "Blue" and line["display"]["size"] == "Small"


def test_category_context_follows_parents_in_any_case(tmp_path: Path) -> None:
    from localize.translate.field_context import ContextBuilder as Builder

    cfg = build_config(config=catalogue(tmp_path))
    from localize.pipeline.source import Source
    from localize.report import RunReport

    source = Source(cfg, RunReport())
    builder = RecordBuilder("de_DE", None, source.catalog)
    products = [p for batch in source.batches(10) for p in batch]
    record = builder.build(products[-1], cfg.markets[0])
    ctx = Builder("de-DE", categories=tmp_path / "categories.csv", catalog=source.catalog)
    assert ctx.category_path(record) == ["T-Shirts"]  # `Tshirts` -> tshirts, its parent `MASTER` is the root


def test_category_mapping_and_tree_join_in_any_case(tmp_path: Path) -> None:
    from localize.taxonomy.source import read_source_categories

    write(tmp_path / "categories.csv", [
        ["code", "parent", "label-en_US"],
        ["Master", "", "Master catalog"],
        ["audio", "MASTER", "Audio"],
        ["sales", "", "Sales"],
    ])
    tree = read_source_categories(tmp_path / "categories.csv")
    assert tree.ancestors("AUDIO") == ["Master"]
    assert tree.code_path("Audio") == "Master/audio"
    from localize.taxonomy.loader import load_taxonomy, resolve_taxonomy_path
    from localize.taxonomy.mapping import CategoryMapping, CategoryResolver

    taxonomy = load_taxonomy(resolve_taxonomy_path("default"))
    mapping = CategoryMapping()
    mapping.explicit["AUDIO"] = ("apparel.tops.tshirts", "mapping.yaml:3")
    mapping.ignored["SALES"] = "mapping.yaml:4"
    resolver = CategoryResolver(taxonomy, tree, mapping, suggest=False)
    assert resolver.resolve("audio").how == "explicit"
    assert resolver.for_product(("Audio",)).id == "apparel.tops.tshirts"
    assert resolver.resolve("Sales").how == "ignored"
    assert mapping.unknown_sources(tree) == []
