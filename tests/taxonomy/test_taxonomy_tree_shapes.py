"""Which trees say what a product is, on catalogue shapes the detection was not written for.

A German shop's export: an assortment tree of product types, brands ("Marken"), seasonal collections
("Kollektionen") whose leaves repeat product types, and promotions ("Aktionen"). Only the assortment
decides; a collection's copy of "Stiefel" counts for the assortment, a product in two product types is
a conflict for a person, and one in a kind and the kind's own parent (shoes are apparel) is not.
"""

from __future__ import annotations

from taxonomy_trees import DEFAULT, tree

from localize.taxonomy.mapping import CategoryResolver
from localize.taxonomy.trees import detect


def de_en(de: str, en: str) -> dict[str, str]:
    return {"de-DE": de, "en-US": en}


SHOP = tree([
    ("sortiment", None, de_en("Sortiment", "Assortment")),
    ("schuhe", "sortiment", de_en("Schuhe", "Shoes")),
    ("sneaker", "schuhe", de_en("Sneaker", "Sneakers")),
    ("stiefel", "schuhe", de_en("Stiefel", "Boots")),
    ("sandalen", "schuhe", de_en("Sandalen", "Sandals")),
    ("bekleidung", "sortiment", de_en("Bekleidung", "Clothing")),
    ("jacken", "bekleidung", de_en("Jacken", "Jackets")),
    ("hosen", "bekleidung", de_en("Hosen", "Trousers")),
    ("jeans", "hosen", de_en("Jeans", "Jeans")),
    ("marken", None, de_en("Marken", "Brands")),
    ("adidas", "marken", de_en("Adidas", "Adidas")),
    ("puma", "marken", de_en("Puma", "Puma")),
    ("lowa", "marken", de_en("Lowa", "Lowa")),
    ("meindl", "marken", de_en("Meindl", "Meindl")),
    ("kollektionen", None, de_en("Kollektionen", "Collections")),
    ("sommer_2024", "kollektionen", de_en("Sommer 2024", "Summer 2024")),
    ("winter_2024", "kollektionen", de_en("Winter 2024/25", "Winter 2024/25")),
    ("winter_stiefel", "winter_2024", de_en("Stiefel", "Boots")),
    ("sommer_sandalen", "sommer_2024", de_en("Sandalen", "Sandals")),
    ("aktionen", None, de_en("Aktionen", "Promotions")),
    ("black_friday", "aktionen", de_en("Black Friday", "Black Friday")),
    ("neu", "aktionen", de_en("Neuheiten", "New arrivals")),
])


def test_only_the_assortment_describes_product_types() -> None:
    res = CategoryResolver(DEFAULT, SHOP)
    roots, info = detect(SHOP, res.resolutions)
    assert roots == res.type_roots == {"sortiment"}
    assert info["marken"]["types"] == info["aktionen"]["types"] == 0
    # the collections' "Stiefel" and "Sandalen" look like types, but repeat the assortment's: no share of their own
    assert info["kollektionen"]["types"] == 2 and info["kollektionen"]["share"] == 0.0


def test_a_product_gets_its_kind_from_the_assortment_whatever_else_it_is_filed_in() -> None:
    res = CategoryResolver(DEFAULT, SHOP)
    got = res.for_product(("sneaker", "adidas", "sommer_2024", "black_friday"))
    assert got is not None and (got.code, got.id, got.how) == ("sneaker", "footwear.sneakers", "auto")
    boots = res.for_product(("winter_stiefel", "stiefel", "meindl"))
    assert boots is not None and (boots.code, boots.id) == ("stiefel", "footwear.boots")
    # a brand and a collection's copy alone do not say what the product is: a person decides
    only_copy = res.for_product(("winter_stiefel", "meindl"))
    assert only_copy is not None and only_copy.id is None and "product-type tree" in (only_copy.note or "")


def test_two_product_types_are_a_conflict_and_a_kind_with_its_parent_is_not() -> None:
    res = CategoryResolver(DEFAULT, SHOP)
    both = res.for_product(("sneaker", "jacken"))
    assert both is not None and both.id is None and both.how == "review"
    assert sorted(r.code for r in both.conflict) == ["jacken", "sneaker"]
    # shoes are apparel (Google's and Shopify's trees, and the default taxonomy's): "Bekleidung" and
    # "Sneaker" on one product is no conflict, the more specific kind decides
    shoes = res.for_product(("bekleidung", "sneaker"))
    assert shoes is not None and shoes.id == "footwear.sneakers" and not shoes.conflict
    jeans = res.for_product(("hosen", "jeans"))
    assert jeans is not None and jeans.id == "apparel.bottoms.jeans"


def test_a_collections_tree_that_holds_the_product_types_is_the_type_tree() -> None:
    """Named like a season tree, but its leaves are kinds: the name does not decide, the leaves do."""
    shop = tree([
        ("kollektionen", None, de_en("Kollektionen", "Collections")),
        ("sommer", "kollektionen", de_en("Sommer", "Summer")),
        ("kleider", "sommer", de_en("Kleider", "Dresses")),
        ("sandalen", "sommer", de_en("Sandalen", "Sandals")),
        ("winter", "kollektionen", de_en("Winter", "Winter")),
        ("maentel", "winter", de_en("Mäntel", "Coats")),
        ("stiefel", "winter", de_en("Stiefel", "Boots")),
        ("marken", None, de_en("Marken", "Brands")),
        ("lowa", "marken", de_en("Lowa", "Lowa")),
        ("esprit", "marken", de_en("Esprit", "Esprit")),
    ])
    res = CategoryResolver(DEFAULT, shop)
    assert res.type_roots == {"kollektionen"}
    got = res.for_product(("stiefel", "lowa"))
    assert got is not None and got.id == "footwear.boots"
