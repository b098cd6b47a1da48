"""An exact label just beside the parent's mapping: the catalogue's group is broader than the taxonomy's.

A catalogue files shoes below "Clothes", where Google files Shoes beside Clothing (both below Apparel &
Accessories): the label is exact, but outside the parent's mapping, which the ranking learnt as usually wrong.
On the dev set's fit half, an exact label outside the parent's mapping is right 12 times in 16 when it lies
below that mapping's parent, and 0 times in 27 further away: `exact_beside` tells the two apart.
An unseen shop structure: an "Accessories" group holding handbags (the default taxonomy's bags are beside
its accessories, both below apparel) and kettles (far away).
"""

from __future__ import annotations

from taxonomy_trees import DEFAULT, en_de_fr, tree

from localize.taxonomy.calibrate import FEATURES
from localize.taxonomy.suggest import Suggester

SUGGESTER = Suggester(DEFAULT)
ROWS = [("root", None, en_de_fr("Catalogue", "Katalog", "Catalogue")),
        ("accessories", "root", en_de_fr("Accessories", "Accessoires", "Accessoires")),
        ("belts", "accessories", en_de_fr("Belts", "Gürtel", "Ceintures")),
        ("gloves", "accessories", en_de_fr("Gloves", "Handschuhe", "Gants")),
        ("handbags", "accessories", en_de_fr("Handbags", "Handtaschen", "Sacs à main")),
        ("kettles", "accessories", en_de_fr("Kettles", "Wasserkocher", "Bouilloires"))]


def rows_of(code: str) -> dict[str, dict[str, float]]:
    collect: list[tuple[str, str, list[float]]] = []
    SUGGESTER.suggest(tree(ROWS), top=3, collect=collect)
    return {cid: dict(zip(FEATURES, f, strict=True)) for c, cid, f in collect if c == code}


def test_an_exact_label_below_the_parent_mappings_parent_is_beside_it() -> None:
    ranked = SUGGESTER.suggest(tree(ROWS), top=3)
    assert ranked["accessories"][0].id == "apparel.accessories"
    got = rows_of("handbags")["apparel.bags.handbags"]
    assert got["exact"] == got["exact_outside"] == got["exact_beside"] == 1.0


def test_an_exact_label_far_outside_is_not_beside() -> None:
    got = rows_of("kettles")["home.appliances.kettles"]
    assert got["exact"] == got["exact_outside"] == 1.0 and got["exact_beside"] == 0.0


def test_an_exact_label_inside_the_parent_mapping_is_neither() -> None:
    got = rows_of("belts")["apparel.accessories.belts"]
    assert got["exact"] == 1.0 and got["exact_outside"] == got["exact_beside"] == 0.0


def test_the_fit_reads_beside_as_more_likely_right_than_far_outside() -> None:
    shipped = SUGGESTER.calibration
    assert shipped is not None
    weights = dict(zip(FEATURES, shipped.weights, strict=True))
    assert weights["exact_beside"] > 0
