"""A sales tree's copy of a product-type category gets the original's mapping (`CategoryResolver._copies`)."""

from __future__ import annotations

from taxonomy_trees import DEFAULT, en_de, tree

from localize.taxonomy.mapping import CategoryMapping, CategoryResolver

ROWS = [
    ("master", None, en_de("Master catalog", "Hauptkatalog")),
    ("clothing", "master", en_de("Clothing", "Bekleidung")),
    ("tshirts", "clothing", en_de("T-shirts", "T-Shirts")),
    ("trousers", "clothing", en_de("Trousers", "Hosen")),
    ("dresses", "clothing", en_de("Dresses", "Kleider")),
    ("kitchen", "master", en_de("Kitchen", "Küche")),
    ("knives", "kitchen", en_de("Kitchen knives", "Küchenmesser")),
    ("pots", "kitchen", en_de("Cooking pots", "Kochtöpfe")),
    ("sales", None, en_de("Sales catalog", "Verkaufskatalog")),
    ("home_deals", "sales", en_de("Home appliances", "Haushaltsgeräte")),
    ("clothing_sales", "home_deals", en_de("Clothing", "Bekleidung")),       # a copy, in both languages
    ("knives_sales", "home_deals", en_de("Kitchen knives", "Messer")),       # not a copy: German differs
    ("brands", "sales", en_de("Brands", "Marken")),
    ("acme", "brands", en_de("Acme", "Acme")),
    ("zenith", "brands", en_de("Zenith", "Zenith")),
]


def test_a_copy_outside_the_type_trees_gets_the_originals_mapping() -> None:
    t = tree(ROWS)
    resolver = CategoryResolver(DEFAULT, t)
    assert resolver.type_roots == {"master"}
    original, copy = resolver.resolve("clothing"), resolver.resolve("clothing_sales")
    assert original is not None and copy is not None
    assert (copy.how, copy.id, copy.score) == (original.how, original.id, original.score)
    assert copy.note == "copy of clothing"
    # its own ranking, below "Home appliances", was less sure (every tree named as a type tree: no copies)
    own = CategoryResolver(DEFAULT, t, trees=["master", "sales"]).resolve("clothing_sales")
    assert own is not None and own.score < original.score and own.note is None


def test_labels_that_differ_in_one_language_a_persons_mapping_and_products_are_left_alone() -> None:
    t = tree(ROWS)
    mapping = CategoryMapping()
    mapping.explicit["clothing_sales"] = ("apparel.tops", "test")
    resolver = CategoryResolver(DEFAULT, t, mapping)
    assert resolver.resolve("knives_sales").note is None  # type: ignore[union-attr]
    assert resolver.resolve("clothing_sales").how == "explicit"  # type: ignore[union-attr]
    # a product filed only in the copy is still not placed by a sales tree
    plain = CategoryResolver(DEFAULT, t)
    got = plain.for_product(["clothing_sales", "acme"])
    assert got is not None and got.id is None
