"""The bench's `misfiled` copy of a tree (products calibration, issue 12) stays a tree on any subset."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.bench_taxonomy import misfiled  # noqa: E402
from localize.taxonomy.source import SourceCategory, SourceTree  # noqa: E402


def _tree(roots: int, depth: int, width: int) -> SourceTree:
    cats: dict[str, SourceCategory] = {}

    def add(code: str, parent: str | None, level: int) -> None:
        cats[code] = SourceCategory(code=code, parent=parent, labels={"en-US": code})
        if level < depth:
            for i in range(width):
                add(f"{code}_{i}", code, level + 1)

    for r in range(roots):
        add(f"r{r}", None, 0)
    return SourceTree(locales=["en-US"], categories=cats)


def _chain_ends(tree: SourceTree, code: str) -> bool:
    seen: set[str] = set()
    node: str | None = code
    while node is not None:
        if node in seen:
            return False
        seen.add(node)
        node = tree.categories[node].parent
    return True


def test_misfiled_moves_categories_to_another_tree_without_closing_a_loop() -> None:
    # a category moved under another tree's category that sits below a category moved into the first
    # tree closes a loop (RecursionError further on); these shapes did that before
    for share, roots, depth in ((2, 3, 2), (2, 4, 3), (4, 2, 3)):
        tree = _tree(roots, depth, 3)
        out = misfiled(tree, share)
        assert set(out.categories) == set(tree.categories)
        assert all(_chain_ends(out, code) for code in out.categories), (share, roots, depth)
        moved = [c for c in tree.categories if out.categories[c].parent != tree.categories[c].parent]
        assert moved
        for code in moved:  # filed under another top-level tree, as the original place said
            assert out.categories[code].parent.split("_")[0] != code.split("_")[0]
