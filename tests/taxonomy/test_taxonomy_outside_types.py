"""A category outside the product-type trees is never applied on its own ranking (`CategoryResolver._review_outside_types`).

A made-up shoe shop: an assortment of product types and a brands tree. One brand's name, "Monitor", is the
default taxonomy's "Monitors" word for word in both languages (as icecat's brand "Adapt" is Google's
"Adapters"): its own ranking is sure, but a brand is not a kind of product, so a person decides.
"""

from __future__ import annotations

from taxonomy_trees import DEFAULT, tree

from localize.taxonomy.mapping import CategoryResolver


def de_en(de: str, en: str) -> dict[str, str]:
    return {"de-DE": de, "en-US": en}


SHOP = [
    ("sortiment", None, de_en("Sortiment", "Assortment")),
    ("schuhe", "sortiment", de_en("Schuhe", "Shoes")),
    ("sneaker", "schuhe", de_en("Sneaker", "Sneakers")),
    ("stiefel", "schuhe", de_en("Stiefel", "Boots")),
    ("bekleidung", "sortiment", de_en("Bekleidung", "Clothing")),
    ("jacken", "bekleidung", de_en("Jacken", "Jackets")),
    ("hosen", "bekleidung", de_en("Hosen", "Trousers")),
    ("marken", None, de_en("Marken", "Brands")),
    ("lowa", "marken", de_en("Lowa", "Lowa")),
    ("meindl", "marken", de_en("Meindl", "Meindl")),
    ("puma", "marken", de_en("Puma", "Puma")),
    ("monitor", "marken", de_en("Monitor", "Monitor")),
]


def test_a_brand_that_names_a_taxonomy_category_goes_to_a_person_with_its_suggestion() -> None:
    resolver = CategoryResolver(DEFAULT, tree(SHOP))
    assert resolver.type_roots == {"sortiment"}
    brand = resolver.resolve("monitor")
    assert brand is not None and (brand.how, brand.id) == ("review", None)
    # the suggestion is kept for the person, with its confidence, and the note says why it was not applied
    assert brand.candidates and brand.candidates[0].id == "electronics.computers.monitors"
    assert brand.score == brand.candidates[0].score >= resolver.threshold
    assert brand.note == "outside the product-type trees (sortiment)"
    # the assortment's own categories are applied as before
    boots = resolver.resolve("stiefel")
    assert boots is not None and (boots.how, boots.id) == ("auto", "footwear.boots")
    assert resolver.coverage()["auto"] == sum(1 for r in resolver.resolutions.values() if r.how == "auto")


def test_the_same_holds_when_the_config_names_the_product_type_trees() -> None:
    resolver = CategoryResolver(DEFAULT, tree(SHOP), trees=["sortiment"])
    brand = resolver.resolve("monitor")
    assert brand is not None and (brand.how, brand.id) == ("review", None)
    # a tree the config names is a product-type tree: the same brand is then applied on its ranking
    named = CategoryResolver(DEFAULT, tree(SHOP), trees=["sortiment", "marken"]).resolve("monitor")
    assert named is not None and (named.how, named.id) == ("auto", "electronics.computers.monitors")
    assert named.note is None


def test_a_product_in_the_brand_and_a_kind_gets_the_kind() -> None:
    resolver = CategoryResolver(DEFAULT, tree(SHOP))
    got = resolver.for_product(("monitor", "sneaker"))
    assert got is not None and (got.code, got.id, got.how) == ("sneaker", "footwear.sneakers", "auto")
    alone = resolver.for_product(("monitor",))
    assert alone is not None and alone.id is None and alone.how == "review"
