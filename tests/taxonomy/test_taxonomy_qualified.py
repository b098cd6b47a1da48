"""A child named by what it adds to its parent: "Accessories" below "Clothes" is "Clothing Accessories"."""

from __future__ import annotations

from taxonomy_trees import tree

from localize.taxonomy.suggest import Suggester, SuggestOptions
from localize.taxonomy.taxonomy_model import Category, Taxonomy

TAX = Taxonomy(name="t", locales=("en",), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("aa", None, {"en": "Apparel & Accessories"}),
    ("aa.clothing", "aa", {"en": "Clothing"}),
    ("aa.clothing.shirts", "aa.clothing", {"en": "Shirts"}),
    ("aa.accessories", "aa", {"en": "Clothing Accessories"}),
    ("bikes", None, {"en": "Bicycles"}),
    ("bikes.parts", "bikes", {"en": "Bicycle Parts"}),
    ("electronics", None, {"en": "Electronics"}),
    ("electronics.accessories", "electronics", {"en": "Electronics Accessories"}),
]})


def test_a_label_qualified_by_its_parents_is_an_exact_match() -> None:
    src = tree([("clothes", None, {"en-US": "Clothing"}), ("acc", "clothes", {"en-US": "Accessories"}),
                ("bikes", None, {"en-US": "Bicycles"}), ("parts", "bikes", {"en-US": "Parts"})])
    for calibration in (None, "default"):
        ranked = Suggester(TAX, calibration=calibration).suggest(src, top=5)
        acc = {c.id: c for c in ranked["acc"]}
        assert acc["aa.accessories"].how == "exact", ranked["acc"]
        assert ranked["parts"][0].id == "bikes.parts" and ranked["parts"][0].how == "exact"
    assert Suggester(TAX).suggest(src, top=5)["acc"][0].id == "aa.accessories"
    # without the parent's label, "Accessories" is no more than a word: never an exact match
    old = Suggester(TAX, SuggestOptions(qualified=False)).suggest(src, top=5)
    assert all(c.how != "exact" for c in old["acc"])


def test_the_parents_own_category_and_a_child_repeating_its_parent_are_not_qualified() -> None:
    # "Clothing" below "Apparel & Accessories": the child's words are inside the parent's, nothing added
    src = tree([("aa", None, {"en-US": "Accessories"}), ("cl", "aa", {"en-US": "Clothing Accessories"}),
                ("root", None, {"en-US": "Apparel & Accessories"}), ("sub", "root", {"en-US": "Apparel"})])
    sug = Suggester(TAX, calibration=None)
    ranked = sug.suggest(src, top=5)
    assert ranked["cl"][0].id == "aa.accessories" and ranked["cl"][0].how == "exact"  # its own label, as before
    index = sug.indexes[next(iter(sug.indexes))]
    assert sug._qualified(src, "sub", "en-US", index, "Apparel") == []
    assert sug._qualified(src, "cl", "en-US", index, "Clothing Accessories") == []
