"""A label listing kinds is not a qualified one: "Accessories" below "Clothes" is "Clothing Accessories", never
"Clothing & Accessories" (a group holding clothes and accessories side by side; Google's French "Vêtements et
accessoires" is its "Apparel & Accessories")."""

from __future__ import annotations

from taxonomy_trees import tree

from localize.taxonomy.suggest import Suggester
from localize.taxonomy.taxonomy_model import Category, Taxonomy

# Google's shape: the list label is the parent of both the parent's kind and the qualified one
TAX = Taxonomy(name="t", locales=("fr",), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("aa", None, {"fr": "Vêtements et accessoires"}),
    ("aa.clothing", "aa", {"fr": "Vêtements"}),
    ("aa.accessories", "aa", {"fr": "Accessoires vêtements"}),
    ("aa.accessories.ties", "aa.accessories", {"fr": "Cravates"}),
]})


def test_a_list_of_the_parents_kind_and_the_childs_is_not_the_childs_qualified_label() -> None:
    src = tree([("clothes", None, {"fr-FR": "Vêtements"}), ("acc", "clothes", {"fr-FR": "Accessoires"}),
                ("ties", "acc", {"fr-FR": "Cravates"})])
    sug = Suggester(TAX, calibration=None)
    index = sug.indexes["fr"]
    # both labels' words are {vêtements, accessoires}, but only one of them names accessories of clothes
    assert sug._qualified(src, "acc", "fr-FR", index, "Accessoires") == [sug.row["aa.accessories"]]
    sims = sug.similarity(src, ["acc"])[0]
    assert [sug.ids[i] for i in range(len(sug.ids)) if sims[i] >= 0.999] == ["aa.accessories"]
