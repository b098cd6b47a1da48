"""The bench's foreign leaves (products calibration, issue 12): a leaf whose products are all of another kind.

`foreign_leaves` picks one leaf in `share` (a stable hash of its code) and pairs it with a leaf of another
top-level tree; `synthetic_products(foreign=...)` files only the partner's family in it; `_with_products(foreign=True)`
makes its truth None, so whatever the ranking decides there counts as wrong (a person must look). These rows
choose the threshold's product bound, so a change here moves the shipped threshold.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from taxonomy_trees import DEFAULT  # noqa: E402

from bench.bench_taxonomy import FOREIGN_SHARE, _right, _with_products, foreign_leaves, synthetic_products  # noqa: E402
from localize.taxonomy.source import SourceCategory, SourceTree  # noqa: E402


def _forest(roots: int, width: int, leaves: int) -> SourceTree:
    """`roots` trees, each with `width` groups of `leaves` leaves; labels name the code (a family's label)."""
    t = SourceTree(locales=("en-US",))
    for r in range(roots):
        t.categories[f"r{r}"] = SourceCategory(f"r{r}", None, {"en-US": f"root {r}"})
        for g in range(width):
            group = f"r{r}g{g}"
            t.categories[group] = SourceCategory(group, f"r{r}", {"en-US": f"group {r} {g}"})
            for k in range(leaves):
                leaf = f"{group}l{k}"
                t.categories[leaf] = SourceCategory(leaf, group, {"en-US": f"leaf {r} {g} {k}"})
    return t


def _leaves(t: SourceTree) -> set[str]:
    parents = {cat.parent for cat in t.categories.values() if cat.parent}
    return {c for c in t.categories if c not in parents}


def test_one_leaf_in_share_is_foreign_and_paired_with_a_leaf_of_another_tree() -> None:
    t = _forest(3, 10, 20)  # 600 leaves
    leaves = _leaves(t)
    got = foreign_leaves(t)
    assert set(got) <= leaves and set(got.values()) <= leaves
    # one in FOREIGN_SHARE, as a hash gives it: between half and twice the expected count
    expected = len(leaves) / FOREIGN_SHARE
    assert expected / 2 <= len(got) <= expected * 2
    for leaf, other in got.items():
        assert t.ancestors(leaf)[0] != t.ancestors(other)[0], leaf
    # every leaf at share 1; a larger share picks a subset of a smaller one's (the same hash, a coarser cut)
    assert set(foreign_leaves(t, 1)) == leaves
    assert set(foreign_leaves(t, 2 * FOREIGN_SHARE)) <= set(got) <= set(foreign_leaves(t, FOREIGN_SHARE // 2))


def test_the_choice_is_stable() -> None:
    """The same on every call and whatever the file order (the hash of the code, not its position, picks
    the leaf; the fit and `calibrate --check` depend on it)."""
    t = _forest(2, 8, 12)
    got = foreign_leaves(t)
    assert foreign_leaves(t) == got
    reordered = SourceTree(locales=t.locales)
    for code in reversed(list(t.categories)):
        reordered.categories[code] = t.categories[code]
    assert set(foreign_leaves(reordered)) == set(got)


def test_in_a_single_tree_the_partner_is_another_leaf() -> None:
    t = _forest(1, 6, 10)
    got = foreign_leaves(t, 4)
    assert got
    assert all(other != leaf and other in _leaves(t) for leaf, other in got.items())


def test_a_foreign_leaf_holds_only_its_partners_family() -> None:
    t = _forest(2, 6, 10)
    foreign = foreign_leaves(t, 4)
    plain_evidence, _ = synthetic_products(t)
    evidence, labels = synthetic_products(t, foreign)
    for leaf, other in foreign.items():
        held = evidence.counts[leaf]
        assert set(held) == {other}, leaf  # none of its own kind, no stray
        assert 2 <= held[other] <= 5
        assert labels[other] == t.categories[other].labels
    # the other leaves hold what they hold without foreign leaves
    for leaf in _leaves(t) - set(foreign):
        assert evidence.counts.get(leaf, Counter()) == plain_evidence.counts.get(leaf, Counter()), leaf


def test_whatever_is_decided_for_a_foreign_leaf_is_wrong() -> None:
    """`_with_products(foreign=True)`: the foreign leaves' truth is None, and `_right` says wrong for any
    candidate, the one the truth named included; the other leaves keep their truth."""
    shop = _forest(2, 4, 10)
    truth = {leaf: "apparel.tops.tshirts" if leaf.startswith("r0") else "home.tableware.mugs" for leaf in _leaves(shop)}
    foreign = foreign_leaves(shop)
    assert foreign  # the premise: some of the 80 leaves are foreign at the bench's share
    [(_, _, right, ranked, evidence, decisions)] = _with_products(None, [(DEFAULT, shop, truth)], foreign=True)
    assert set(decisions) >= set(foreign.values())  # the partners' families were ranked as families
    for leaf in foreign:
        assert right[leaf] is None
        assert evidence.counts[leaf].keys() == {foreign[leaf]}
        for cid in [c.id for c in ranked.get(leaf, [])] + [truth[leaf]]:
            assert not _right(DEFAULT, right, leaf, cid)
    for leaf in set(truth) - set(foreign):
        assert right[leaf] == truth[leaf] and _right(DEFAULT, right, leaf, truth[leaf])
    [(_, _, same, _, _, _)] = _with_products(None, [(DEFAULT, shop, truth)], foreign=False)
    assert same == truth
