"""The products inside a category as evidence of what it holds (`localize/taxonomy/products.py`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from taxonomy_trees import DEFAULT, en_de_fr, tree

from localize.config import load_config
from localize.taxonomy.calibrate import PRODUCT_FEATURES, fit_logistic, load_calibration
from localize.taxonomy.map_context import from_config
from localize.taxonomy.mapping import CategoryResolver
from localize.taxonomy.products import (
    FAMILIES_PER_CATEGORY,
    OTHER,
    ProductEvidence,
    read_families,
    read_product_rows,
    shares,
)

# A catalogue that files loudspeakers under "TVs and projectors" (another kind of product): the path
# context points the wrong way; the products' family says what the category holds.
MISFILED = tree([
    ("master", None, en_de_fr("Master catalog", "Hauptkatalog", "Catalogue principal")),
    ("tvs_projectors", "master", en_de_fr("TVs and projectors", "TVs und Projektoren", "TV et projecteurs")),
    ("speakers", "tvs_projectors", en_de_fr("Speakers", "Lautsprecher", "Enceintes")),
    ("led_tvs", "tvs_projectors", en_de_fr("LED TVs", "LED-Fernseher", "Téléviseurs LED")),
    ("clothing", "master", en_de_fr("Clothing", "Bekleidung", "Vêtements")),
    ("tshirts", "clothing", en_de_fr("T-shirts", "T-Shirts", "T-shirts")),
])
FAMILIES = {
    "speakers": en_de_fr("Speakers", "Lautsprecher", "Enceintes"),
    "led_tvs": en_de_fr("LED TVs", "LED-Fernseher", "Téléviseurs LED"),
    "kitchen_knives": en_de_fr("Kitchen knives", "Küchenmesser", "Couteaux de cuisine"),
}


def evidence(products: list[tuple[list[str], str]]) -> ProductEvidence:
    ev = ProductEvidence(MISFILED)
    for cats, family in products:
        ev.add(cats, family)
    return ev


def test_evidence_counts_each_product_once_per_category_up_the_tree() -> None:
    ev = evidence([(["speakers", "tvs_projectors"], "speakers"), (["led_tvs"], "led_tvs"), (["led_tvs"], "")])
    assert ev.counts["speakers"] == {"speakers": 1}
    # the parent holds its children's products, each once (a product listed in both is not counted twice)
    assert ev.counts["tvs_projectors"] == {"speakers": 1, "led_tvs": 1}
    assert ev.counts["master"] == {"speakers": 1, "led_tvs": 1}
    assert ev.products == 3  # the product without a family is read, but says nothing
    assert ev.families() == ["led_tvs", "speakers"]


def test_evidence_memory_is_bounded_per_category() -> None:
    ev = evidence([(["tshirts"], f"family_{i}") for i in range(FAMILIES_PER_CATEGORY + 10)])
    assert len(ev.counts["tshirts"]) == FAMILIES_PER_CATEGORY + 1
    assert ev.counts["tshirts"][OTHER] == 10
    assert OTHER not in ev.families()


def test_products_raise_the_confidence_of_a_misfiled_category_and_stay_right() -> None:
    plain = CategoryResolver(DEFAULT, MISFILED)
    ev = evidence([(["speakers"], "speakers")] * 40 + [(["led_tvs"], "led_tvs")] * 40)
    with_products = CategoryResolver(DEFAULT, MISFILED, products=ev, families=FAMILIES)
    before = plain.resolutions["speakers"]
    after = with_products.resolutions["speakers"]
    assert before.candidates[0].id == after.candidates[0].id == "electronics.audio.speakers"
    assert after.candidates[0].score > before.candidates[0].score
    assert (before.how, after.how) == ("review", "auto")  # the context alone left it to a person


def test_products_of_another_kind_lower_the_confidence() -> None:
    plain = CategoryResolver(DEFAULT, MISFILED)
    ev = evidence([(["tshirts"], "kitchen_knives")] * 50)
    contradicted = CategoryResolver(DEFAULT, MISFILED, products=ev, families=FAMILIES)
    assert plain.resolutions["tshirts"].how == "auto"
    assert contradicted.resolutions["tshirts"].how == "review"
    assert contradicted.resolutions["tshirts"].score < plain.resolutions["tshirts"].score


def test_shares_place_families_inside_above_or_outside_a_candidate() -> None:
    decisions = {"speakers": ("electronics.audio.speakers", 1.0), "electronics": ("electronics", 0.5),
                 "knives": ("home.kitchen_tools", 1.0)}
    from collections import Counter

    counts = Counter({"speakers": 2, "electronics": 1, "knives": 1})
    inside, over, outside, exactly = shares(DEFAULT, counts, decisions, "electronics.audio")
    assert (inside, over, outside, exactly) == (0.5, 0.125, 0.25, 0.0)
    assert shares(DEFAULT, counts, decisions, "electronics.audio.speakers")[3] == 0.5


def test_the_shipped_product_model_matches_its_features() -> None:
    cal = load_calibration()
    assert cal is not None and len(cal.products_weights) == len(PRODUCT_FEATURES)
    assert "half_b" in cal.products_fitted_on and "akeneo" not in cal.products_fitted_on.lower()


def test_offset_logistic_fits_only_the_change() -> None:
    rng = np.random.default_rng(7)
    z = rng.normal(0, 2, 4000)
    y = (rng.random(4000) < 1 / (1 + np.exp(-z))).astype(float)
    x = np.column_stack([np.ones(4000), rng.normal(0, 1, 4000)])  # a feature that says nothing
    w = fit_logistic(x, y, offset=z)
    assert abs(w[0]) < 0.15 and abs(w[1]) < 0.15


def test_reading_products_and_families(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text("sku;family;categories\nA;speakers;speakers,acme\nB;;led_tvs\n",
                                           encoding="utf-8")
    (tmp_path / "families.csv").write_text("code;label-en_US;label-de_DE\nspeakers;Speakers;Lautsprecher\n",
                                           encoding="utf-8")
    assert list(read_product_rows(tmp_path / "products.csv")) == [(["speakers", "acme"], "speakers"),
                                                                   (["led_tvs"], None)]
    assert read_families(tmp_path / "families.csv") == {"speakers": {"en-US": "Speakers", "de-DE": "Lautsprecher"}}
    assert read_families(tmp_path / "missing.csv") == {}


def _config(tmp_path: Path, suggest: str) -> Path:
    lines = ["code;parent;label-en_US;label-de_DE;label-fr_FR"]
    lines += [f"{code};{cat.parent or ''};{cat.labels['en-US']};{cat.labels['de-DE']};{cat.labels['fr-FR']}"
              for code, cat in MISFILED.categories.items()]
    (tmp_path / "categories.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "families.csv").write_text(
        "code;label-en_US;label-de_DE;label-fr_FR\n"
        + "".join(f"{k};{v['en-US']};{v['de-DE']};{v['fr-FR']}\n" for k, v in FAMILIES.items()), encoding="utf-8")
    (tmp_path / "products.csv").write_text("sku;family;categories\nA;speakers;speakers\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, categories: categories.csv, locale: de_DE}\n"
        f"markets: [{{locale: de-DE}}]\ntaxonomy: {{path: default{suggest}}}\noutputs: {{dir: out}}\n", encoding="utf-8")
    return tmp_path / "localize.yaml"


def test_the_config_reads_families_beside_the_categories_and_can_turn_products_off(tmp_path: Path) -> None:
    products = [(["speakers"], "speakers")] * 30
    on = from_config(load_config(_config(tmp_path, "")), cache=False, products=iter(products))
    assert on is not None and on.resolver.products is not None
    assert on.resolver.products.counts["speakers"] == {"speakers": 30}
    assert on.resolver.families["speakers"]["de-DE"] == "Lautsprecher"
    off = from_config(load_config(_config(tmp_path, ", suggest: {products: 0}")), cache=False, products=iter(products))
    assert off is not None and off.resolver.products is None
    limited = from_config(load_config(_config(tmp_path, ", suggest: {products: 5}")), cache=False, products=iter(products))
    assert limited is not None and limited.resolver.products.counts["speakers"] == {"speakers": 5}


def test_shopify_crosswalk_ids_exist_and_never_inherit_across_trees(shared_data: Path) -> None:
    """Every Shopify id of the default taxonomy is a Shopify category, and ids nest as the categories do."""
    import re

    lines = (shared_data / "shopify-taxonomy" / "dist" / "en" / "categories.txt").read_text(encoding="utf-8")
    known = set(re.findall(r"gid://shopify/TaxonomyCategory/(\S+)", lines))
    own = {cid: cat.crosswalk["shopify"] for cid, cat in DEFAULT.categories.items() if cat.crosswalk.get("shopify")}
    assert len(own) >= 120 and set(own.values()) <= known
    apart = []
    for cid, sid in own.items():
        parent = DEFAULT.categories[cid].parent
        inherited = DEFAULT.crosswalk(parent, "shopify") if parent else None
        if inherited and not (sid == inherited or sid.startswith(inherited + "-")):
            apart.append(cid)
    # Where Shopify files a kind elsewhere than the default taxonomy does, the child carries its own id
    # (it would otherwise inherit its parent's, which is not an ancestor there): these, and no others.
    assert set(apart) == {
        "apparel.bags.backpacks", "footwear.accessories", "home.kitchen_tools.storage", "home.textiles.curtains",
        "electronics.computers.keyboards", "electronics.computers.mice", "electronics.computers.storage",
        "electronics.computers.networking", "electronics.cameras", "electronics.cameras.lenses", "food.baby",
        # monitors, webcams, printers and scanners now sit where Shopify files them (video, cameras, el-13);
        # these got their own Shopify id where Shopify files them apart
        "footwear.accessories.insoles", "footwear.accessories.care", "home.cookware.bakeware",
        "electronics.phones.chargers", "electronics.wearables.smartwatches", "food.snacks.nuts",
        "food.sweets.biscuits", "food.dairy.milk", "toys.games.puzzles", "toys.vehicles.rc", "toys.baby",
        "beauty.makeup.nails", "beauty.bath.deodorant", "home.furniture"}
    # below electronics.computers every kind lives elsewhere in Shopify: none may inherit el-6 (Computers)
    for child in DEFAULT.children("electronics.computers"):
        assert DEFAULT.categories[child].crosswalk.get("shopify"), child


def test_the_product_evidence_is_read_once_per_source_file_and_again_when_it_changes(tmp_path: Path) -> None:
    """A nightly rerun over the same export takes the evidence from the state folder instead of reading the
    products a second time before the run; a changed export (or a damaged cache file) is read again."""
    config = _config(tmp_path, "")
    read: list[int] = []

    def rows(n: int, family: str = "speakers"):  # type: ignore[no-untyped-def]
        for _ in range(n):
            read.append(1)
            yield ["speakers"], family

    first = from_config(load_config(config), products=rows(30))
    assert first is not None and len(read) == 30
    cached = list(load_config(config).state_dir.joinpath("cache").glob("product-evidence-*.json"))
    assert len(cached) == 1
    again = from_config(load_config(config), products=rows(30))
    assert again is not None and len(read) == 30  # not one product read
    assert again.resolver.products.counts == first.resolver.products.counts
    assert again.resolver.products.products == 30
    assert {c: (r.id, r.how, r.score) for c, r in again.resolver.resolutions.items()} == \
        {c: (r.id, r.how, r.score) for c, r in first.resolver.resolutions.items()}
    # a dry run (cache off) reads the products itself
    from_config(load_config(config), cache=False, products=rows(30))
    assert len(read) == 60
    # the export changed: read again, and the old copy is gone
    (tmp_path / "products.csv").write_text("sku;family;categories\nA;led_tvs;speakers\n", encoding="utf-8")
    changed = from_config(load_config(config), products=rows(30, "led_tvs"))
    assert changed is not None and len(read) == 90 and changed.resolver.products.counts["speakers"] == {"led_tvs": 30}
    files = list(load_config(config).state_dir.joinpath("cache").glob("product-evidence-*.json"))
    assert len(files) == 1 and files != cached
    # another number of products to read is another key
    from_config(load_config(_config(tmp_path, ", suggest: {products: 10}")), products=rows(30, "led_tvs"))
    assert len(read) == 100
    # a damaged cache file is ignored
    config = _config(tmp_path, "")
    from_config(load_config(config), products=rows(30, "led_tvs"))
    assert len(read) == 130
    for f in load_config(config).state_dir.joinpath("cache").glob("product-evidence-*.json"):
        f.write_text("{not json", encoding="utf-8")
    damaged = from_config(load_config(config), products=rows(30, "led_tvs"))
    assert len(read) == 160 and damaged is not None and damaged.resolver.products.counts["speakers"] == {"led_tvs": 30}


# A catalogue whose "Accessories" group (a label of several kinds) holds products of two kinds, and whose
# "Phones" hold only belts.
MIXED = tree([
    ("master", None, en_de_fr("Master catalog", "Hauptkatalog", "Catalogue principal")),
    ("accessories", "master", en_de_fr("Accessories", "Zubehör", "Accessoires")),
    ("phones", "master", en_de_fr("Phones", "Handys", "Téléphones")),
])


def test_mixed_or_misfiled_products_never_decide_a_category_on_their_own() -> None:
    """Wrong or split evidence must not push a category over the threshold: half belts and half phone cases in
    "Accessories", or phones whose products are all belts, go to a person, never to the products' kind."""
    families = {"belts": en_de_fr("Belts", "Gürtel", "Ceintures"),
                "cases": en_de_fr("Phone cases", "Handyhüllen", "Coques de téléphone")}
    ev = ProductEvidence(MIXED)
    for cats, family, n in ((["accessories"], "belts", 20), (["accessories"], "cases", 20), (["phones"], "belts", 30)):
        for _ in range(n):
            ev.add(cats, family)
    resolver = CategoryResolver(DEFAULT, MIXED, products=ev, families=families)
    for code in ("accessories", "phones"):
        res = resolver.resolutions[code]
        assert res.how == "review" and res.id is None and res.score < resolver.threshold, (code, res)
    assert all(c.id != "apparel.accessories.belts" or c.score < resolver.threshold
               for c in resolver.resolutions["phones"].candidates)
