"""Which of the catalogue's category trees say what a product is.

An Akeneo catalogue has several trees: a master tree of product types, and often trees for
sales channels, brands, campaigns or seasonal collections. Only a product-type tree answers
"what is this product?"; a sales tree that files monitors under "Home appliances", a brand or a
"2015 winter collection" must never decide the product's taxonomy category.

A tree describes product types when many of its leaves (the categories products are filed
in) look like product types: their mapping onto the taxonomy is at least `LIKELY` probable
(calibrated); at least `MINIMUM` of them, and at least half as many as in the most type-like tree
(a taxonomy need not hold every branch of the master tree). Brand names and collection names match nothing; a sales tree that copies the
master tree's labels copies product types, so a leaf whose label repeats a category of a tree
already found to describe types counts for that tree, not for the copy. When no tree qualifies
(or there is only one) every tree is used, since there is nothing to prefer.
`taxonomy.trees` in the config names the trees explicitly and overrides the detection.
"""

from __future__ import annotations

from typing import Any

from .label_features import fold
from .source import SourceTree

#: A leaf whose mapping is at least this probable looks like a product type.
LIKELY = 0.5
#: A tree describes product types when this share of its leaves looks like product types...
MINIMUM = 0.2
#: ... and at least this fraction of the share of the most type-like tree.
SHARE = 0.5


def roots(tree: SourceTree) -> list[str]:
    """The root codes, in file order."""
    return [c for c, cat in tree.categories.items() if cat.parent is None or cat.parent not in tree.categories]


def root_of(tree: SourceTree, code: str) -> str:
    up = tree.ancestors(code)
    return up[0] if up else code


def detect(tree: SourceTree, resolutions: dict[str, Any]) -> tuple[set[str], dict[str, dict[str, Any]]]:
    """(root codes of the product-type trees, per root: leaves, those that look like types, share)."""
    members: dict[str, list[str]] = {r: [] for r in roots(tree)}
    has_children = {cat.parent for cat in tree.categories.values() if cat.parent is not None}
    for code in tree.categories:
        root = root_of(tree, code)
        if code != root and code not in has_children:
            members.setdefault(root, []).append(code)
    info: dict[str, dict[str, Any]] = {}
    for root, leaves in members.items():
        leaves = leaves or [root]
        typed = [c for c in leaves if _looks_typed(resolutions.get(c))]
        info[root] = {"leaves": len(leaves), "types": len(typed), "share": round(len(typed) / len(leaves), 4),
                      "typed": typed}
    if len(members) <= 1:
        return set(members), _public(info)
    chosen: set[str] = set()
    labels_of_chosen: set[str] = set()
    best = 0.0
    for root in sorted(info, key=lambda r: (-info[r]["share"], -info[r]["leaves"], r)):
        typed = [c for c in info[root]["typed"] if not (_labels(tree, c) & labels_of_chosen)]
        share = len(typed) / info[root]["leaves"]
        info[root]["share"] = round(share, 4)
        best = max(best, share)
        # A taxonomy may not hold every branch of the master tree (office supplies in a taxonomy
        # without them): a tree qualifies by comparison with the most type-like one.
        if share >= MINIMUM and share >= best * SHARE:
            chosen.add(root)
            for code in tree.categories:
                if root_of(tree, code) == root and code != root:
                    labels_of_chosen |= _labels(tree, code)
    if not chosen:
        return set(members), _public(info)
    return chosen, _public(info)


def _public(info: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r: {k: v for k, v in d.items() if k != "typed"} for r, d in info.items()}


def _labels(tree: SourceTree, code: str) -> set[str]:
    return {fold(t) for t in tree.categories[code].labels.values() if t}


def _looks_typed(res: Any) -> bool:
    if res is None:
        return False
    if res.how in ("explicit", "rule", "accepted"):
        return res.id is not None
    return bool(res.candidates) and res.candidates[0].score >= LIKELY
