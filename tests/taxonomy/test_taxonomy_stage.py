"""The map stage on real records: taxonomy ids and paths per market, review findings, enum labels."""

from __future__ import annotations

import json
from pathlib import Path

from localize import api
from localize.config import load_config
from localize.stages.base import RunOptions

PRODUCTS = """\
sku;family;categories;name-de_DE;color;material;size;weight;weight-unit
TS-1;clothing;tops;T-Shirt;rot;cotton;m;180;GRAM
TS-2;clothing;tops,promo;T-Shirt blau;Blau;organic_cotton,polyester;xl;0.2;KILOGRAM
MUG-1;mugs;becher;Becher;weiss;ceramic;;350;GRAM
GRILL-1;garden;grill;Grill;black;;;;
NONE-1;misc;;Ohne Kategorie;;;;;
"""

CATEGORIES = """\
code;parent;label-de_DE;label-en_US
master;;Hauptkatalog;Master catalog
kleidung;master;Bekleidung;Apparel
tops;kleidung;Oberteile;Tops
kueche;master;Haushalt & Küche;Home & kitchen
becher;kueche;Tassen & Becher;Mugs & cups
grill;master;Grillzubehör;Barbecue accessories
promo;;Aktionen;Promotions
"""

ATTRIBUTES = """\
type;code;label-de_DE;label-en_US;localizable;scopable;metric_family;default_metric_unit
pim_catalog_identifier;sku;SKU;SKU;0;0;;
pim_catalog_text;name;Name;Name;1;0;;
pim_catalog_simpleselect;color;Farbe;Color;0;0;;
pim_catalog_multiselect;material;Material;Material;0;0;;
pim_catalog_simpleselect;size;Größe;Size;0;0;;
pim_catalog_metric;weight;Gewicht;Weight;0;0;Weight;GRAM
"""

MAPPING = """\
categories:
  promo: null
  becher: home.tableware.mugs
"""


def write_job(folder: Path, *, taxonomy: bool = True) -> Path:
    (folder / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (folder / "categories.csv").write_text(CATEGORIES, encoding="utf-8")
    (folder / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    section = "taxonomy:\n  path: default\n  mapping: mapping.yaml\n  threshold: 0.6\n" if taxonomy else ""
    config = folder / "localize.yaml"
    config.write_text(f"""\
source:
  format: akeneo-csv
  path: products.csv
  locale: de_DE
  categories: categories.csv
  attributes: attributes.csv
markets:
  - locale: de-DE
  - locale: fr-FR
  - locale: ja-JP
{section}outputs:
  dir: out
""", encoding="utf-8")
    return config


def lines(path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out[record["identifier"]] = record
    return out


def test_map_stage_end_to_end(tmp_path: Path) -> None:
    report = api.run(load_config(write_job(tmp_path)), RunOptions(engine="pseudo"))
    fr = lines(tmp_path / "out" / "fr-FR.jsonl")
    ja = lines(tmp_path / "out" / "ja-JP.jsonl")
    queue = tmp_path / "out" / "review-queue.jsonl"
    held = [json.loads(x) for x in queue.read_text(encoding="utf-8").splitlines()]

    # exact label match (auto), in the market's language
    score = fr["TS-1"]["taxonomy"].pop("score")
    assert fr["TS-1"]["taxonomy"] == {"category": "tops", "how": "auto", "id": "apparel.tops", "ancestors": ["apparel"],
                                      "path": ["Vêtements", "Hauts"], "google": "212",
                                      "shopify": "aa-1-13"}
    # a calibrated probability: an exact label is very likely right, never certain
    assert 0.9 < score < 1.0
    assert ja["TS-1"]["taxonomy"]["path"] == ["衣料品", "トップス"]
    # the campaign category is ignored, the real one decides
    shirt = [r for r in held if r["identifier"] == "TS-2" and r["market"] == "fr-FR"][0]
    assert shirt["taxonomy"]["category"] == "tops"
    # explicit mapping
    assert fr["MUG-1"]["taxonomy"]["how"] == "explicit" and fr["MUG-1"]["taxonomy"]["id"] == "home.tableware.mugs"

    # enum values from the taxonomy's labels, never translated
    assert fr["TS-1"]["display"]["color"] == "Rouge" and ja["TS-1"]["display"]["color"] == "レッド"
    # `organic_cotton` is filed under the taxonomy's `cotton` (an alias), whose label would drop "organic"
    # (until h11 this showed "Coton, Polyester"): with no PIM label for it (no `source.options`), nothing
    # says what it is in French, so the shirt is held for review and its code is not shown
    assert "material" not in shirt.get("display", {}) and shirt["display"]["size"] == "XL"
    narrowed = [f for f in shirt["findings"] if f["code"] == "enum-value-narrowed"]
    assert [(f["severity"], f["field"], f["matched"]) for f in narrowed] == [("review", "material", "organic_cotton")]
    assert "drops 'organic'" in narrowed[0]["message"]
    assert "color" not in fr["TS-1"].get("source", {})  # not translatable copy
    assert fr["MUG-1"]["display"]["color"] == "Blanc"

    # no category in the taxonomy: withheld for review, with the candidates in the message
    grill = [r for r in held if r["identifier"] == "GRILL-1" and r["market"] == "fr-FR"][0]
    finding = [f for f in grill["findings"] if f["code"] == "category-unmapped"][0]
    assert finding["severity"] == "review" and finding["field"] == "categories"
    assert finding["message"].startswith("category grill is not mapped to the shared taxonomy (best suggestions: ")
    assert grill["taxonomy"]["how"] == "review" and grill["taxonomy"]["id"] is None
    none = [r for r in held if r["identifier"] == "NONE-1" and r["market"] == "de-DE"][0]
    assert none["findings"][0]["message"].startswith("the product has no category")

    counts = report.markets["fr-FR"]
    assert (counts.read, counts.written, counts.withheld) == (5, 2, 3)
    section = report.sections["taxonomy"]
    assert section["records"] == {"auto": 6, "explicit": 3, "review": 6}
    assert section["categories"]["ignored"] == 1 and section["categories"]["explicit"] == 1
    assert section["attributes"]["color"] == "color" and section["attributes"]["weight"] == "weight"
    assert section["enum_values_narrowed"] == {"material=organic_cotton": {"value": "cotton", "dropped": ["organic"]}}


def test_metric_values_carry_their_canonical_unit(tmp_path: Path) -> None:
    config = load_config(write_job(tmp_path))
    from localize.stages.map import MapStage

    stage = MapStage()
    from localize.model import Market, Origin, Product, Quantity, Value
    from localize.records import RecordBuilder
    from localize.report import RunReport
    from localize.stages.base import Batch, RunContext

    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(),
                     log=__import__("logging").getLogger("t"))
    stage.open(ctx)
    product = Product("P", Origin("x.csv", 2), categories=("tops",))
    from decimal import Decimal

    product.add("weight", Value(None, None, Quantity(Decimal("180"), "GRAM")))
    product.add("colour", Value(None, None, "bordeaux"))
    from localize.attributes import AttributeCatalog

    market: Market = config.markets[1]
    record = RecordBuilder("de_DE", None, AttributeCatalog()).build(product, market)
    stage.process(Batch([product], [record]), ctx)
    assert record.values["weight"].extra["canonical"] == {"amount": "0.18", "unit": "KILOGRAM"}
    unknown = [f for f in record.findings if f.code == "enum-value-unknown"]
    assert [f.severity for f in unknown] == ["info"] and unknown[0].matched == "bordeaux"
    assert record.values["colour"].display is None


def test_without_a_taxonomy_section_the_stage_says_it_is_off(tmp_path: Path) -> None:
    report = api.run(load_config(write_job(tmp_path, taxonomy=False)), RunOptions(engine="pseudo"))
    assert report.stages["map"]["status"] == "off"
    fr = lines(tmp_path / "out" / "fr-FR.jsonl")
    assert "taxonomy" not in fr["TS-1"] and len(fr) == 5


def test_without_a_categories_file_the_codes_are_ranked(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(
        "sku;categories;name-de_DE\nK-1;kitchen_knives;Messer\nK-2;kuechenmesser,promo;Messer\nX-1;zzz_qqq;X\n",
        encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE}\nmarkets: [{locale: fr-FR}]\n"
        "taxonomy: {path: default}\noutputs: {dir: out}\n", encoding="utf-8")
    report = api.run(load_config(tmp_path / "localize.yaml"), RunOptions(engine="pseudo"))
    fr = lines(tmp_path / "out" / "fr-FR.jsonl")
    assert fr["K-1"]["taxonomy"]["id"] == "home.kitchen_tools.knives"
    assert fr["K-2"]["taxonomy"]["id"] == "home.kitchen_tools.knives"
    assert fr["K-1"]["taxonomy"]["path"] == ["Maison et cuisine", "Ustensiles de cuisine", "Couteaux de cuisine"]
    assert report.markets["fr-FR"].withheld == 1  # zzz_qqq means nothing


def test_a_changed_mapping_redoes_the_products_in_an_incremental_run(tmp_path: Path) -> None:
    config = write_job(tmp_path)
    api.run(load_config(config), RunOptions(engine="pseudo"))
    assert lines(tmp_path / "out" / "fr-FR.jsonl")["MUG-1"]["taxonomy"]["id"] == "home.tableware.mugs"
    (tmp_path / "mapping.yaml").write_text(MAPPING.replace("home.tableware.mugs", "home.tableware"), encoding="utf-8")
    api.run(load_config(config), RunOptions(engine="pseudo"))
    mug = lines(tmp_path / "out" / "fr-FR.jsonl")["MUG-1"]
    assert mug["taxonomy"]["id"] == "home.tableware" and mug["taxonomy"]["path"] == ["Maison et cuisine", "Vaisselle"]


def test_a_rerun_takes_the_product_evidence_from_the_state_folder(tmp_path: Path) -> None:
    """The products are read as evidence before the first run only: the rerun over the same export uses the
    counts kept in the state folder (here altered on purpose, so using them shows in the score)."""
    config = write_job(tmp_path)
    api.run(load_config(config), RunOptions(engine="pseudo", dry_run=True))
    state = load_config(config).state_dir / "cache"
    assert not list(state.glob("product-evidence-*.json"))  # a dry run keeps nothing
    api.run(load_config(config), RunOptions(engine="pseudo"))
    kept = list(state.glob("product-evidence-*.json"))
    assert len(kept) == 1
    data = json.loads(kept[0].read_text(encoding="utf-8"))
    assert data["products"] == 5 and data["counts"]["tops"] == {"clothing": 2}
    first = lines(tmp_path / "out" / "fr-FR.jsonl")["TS-1"]["taxonomy"]
    # as if the export said the T-shirt category held 40 mugs: a rerun that read the products would not see this
    data["counts"]["tops"] = {"mugs": 40}
    data["counts"]["kleidung"] = {"mugs": 40}
    kept[0].write_text(json.dumps(data), encoding="utf-8")
    api.run(load_config(config), RunOptions(engine="pseudo", full=True))
    second = lines(tmp_path / "out" / "fr-FR.jsonl").get("TS-1")
    assert second is None or second["taxonomy"]["score"] < first["score"]
