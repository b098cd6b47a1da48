"""A product in a kind and in a broader kind that holds it is that kind, however sure each mapping is.

`CategoryResolver.for_product` checks whether a product's categories go to different product types: all
of them must lie on the path of the deepest one. Which one is deepest is a question of the taxonomy's
depth, not of confidence: a surer broader kind (apparel at 0.9985) beside a slightly less sure specific
one (sneakers at 0.9984) is no conflict. (Before, the deepest was picked by score first, so a refit that
moved the two scores by 0.0001 turned Bekleidung + Sneaker into a conflict.)
"""

from __future__ import annotations

import pytest
from taxonomy_trees import DEFAULT
from test_taxonomy_tree_shapes import SHOP

from localize.taxonomy.mapping import CategoryResolver, Resolution


@pytest.mark.parametrize(("broad", "specific"), [(0.9985, 0.9984), (0.95, 0.99), (0.999, 0.9)])
def test_the_deeper_kind_decides_whatever_the_scores(broad: float, specific: float) -> None:
    res = CategoryResolver(DEFAULT, SHOP, threshold=0.5)
    assert DEFAULT.is_ancestor("apparel", "footwear.sneakers")
    res.resolutions["bekleidung"] = Resolution("bekleidung", "apparel", "auto", broad)
    res.resolutions["sneaker"] = Resolution("sneaker", "footwear.sneakers", "auto", specific)
    got = res.for_product(("bekleidung", "sneaker"))
    assert got is not None and got.id == "footwear.sneakers" and not got.conflict


def test_two_kinds_apart_stay_a_conflict_whatever_the_scores() -> None:
    res = CategoryResolver(DEFAULT, SHOP, threshold=0.5)
    res.resolutions["jacken"] = Resolution("jacken", "apparel.outerwear.jackets", "auto", 0.9985)
    res.resolutions["sneaker"] = Resolution("sneaker", "footwear.sneakers", "auto", 0.9984)
    got = res.for_product(("jacken", "sneaker"))
    assert got is not None and got.id is None and sorted(r.code for r in got.conflict) == ["jacken", "sneaker"]
