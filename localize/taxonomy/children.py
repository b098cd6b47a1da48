"""A category's children as evidence of its own mapping (bottom-up agreement).

The ranking works top-down: a category is placed with its parent's mapping as context. A
category without useful context (a top-level group under a "Master catalog" root, a tree's
root) then rests on its label alone, and "Cameras", "Audio and Video" or "Print and scan"
stay under the threshold although every product kind below them lands inside the one
taxonomy category the label names. What a category holds is what its children hold: when
its children's own decisions sit at or below the category's decision, that decision is
corroborated; when they land elsewhere (a misfiled `pc_monitors` under "TVs and
projectors"), it is not.

`features` describes the agreement of one category's decision with its children's
decisions (`CHILDREN_FEATURES`); `agree` moves the decision's calibrated log-odds by a
logistic model over them (Platt-style, the label model's log-odds as offset), fitted on the
dev set's calibration half (`bench/bench_taxonomy.py calibrate-children`) and checked on the
other half. Only the first candidate's confidence changes, never the order; a category
without ranked children keeps its confidence.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Mapping
from typing import Any

from .calibrate import CHILDREN_FEATURES


def _logit(p: float) -> float:
    p = min(1.0 - 1e-4, max(1e-4, p))
    return math.log(p / (1.0 - p))


def children_of(tree: Any, codes: Mapping[str, Any]) -> dict[str, list[str]]:
    """parent code -> its children among `codes` (file order)."""
    out: dict[str, list[str]] = {}
    for code in codes:
        cat = tree.categories.get(code) if code in tree.categories else None
        if cat is not None and cat.parent is not None:
            out.setdefault(cat.parent, []).append(code)
    return out


def features(taxonomy: Any, decision: str, kids: list[Any], top_level: bool = False) -> list[float] | None:
    """The agreement of `decision` with the first candidates of the children (`kids`: candidate lists),
    in the order of `CHILDREN_FEATURES`; None when no child has a candidate. A child that only backed
    off to the decision itself (the nearest broader category) counts as a child that says nothing.
    `top_level`: the decision was made without context (its label alone)."""
    inside = outside = 0.0
    n = 0
    for cands in kids:
        if not cands:
            continue
        n += 1
        cid, score = cands[0].id, float(cands[0].score)
        if cid == decision and cands[0].how == "broader":
            continue  # backed off to the parent's own decision: an echo of it, not evidence for it
        if cid == decision or taxonomy.is_ancestor(decision, cid):
            inside += score
        elif not taxonomy.is_ancestor(cid, decision):  # strictly above: a broader child says nothing
            outside += score
    if not n:
        return None
    row = [1.0, inside / n, outside / n, math.log1p(n) / 5.0, inside / n if top_level else 0.0]
    assert len(row) == len(CHILDREN_FEATURES)
    return row


def agree(taxonomy: Any, calibration: Any, tree: Any, everything: Mapping[str, list[Any]],
          ranked: dict[str, list[Any]], collect: list[tuple[str, float, list[float]]] | None = None,
          top_level: Collection[str] = ()) -> dict[str, list[Any]]:
    """`ranked` with each decision's confidence moved by its children's agreement.

    `everything`: the candidates of every category known (the children's decisions, before this
    step); `collect` receives (code, the decision's confidence, features) for fitting. `top_level`:
    the categories ranked without context (`Suggester.suggest(top_level=...)`): a group placed by its
    label alone, whose children are the only other witness of what it holds.
    """
    weights = getattr(calibration, "children_weights", None) if calibration is not None else None
    if not weights and collect is None:
        return ranked
    kids = children_of(tree, everything)
    out = dict(ranked)
    for code, cands in ranked.items():
        if not cands or cands[0].how == "fixed" or code not in kids:
            continue
        row = features(taxonomy, cands[0].id, [everything.get(k) for k in kids[code]], code in top_level)
        if row is None:
            continue
        if collect is not None:
            collect.append((code, float(cands[0].score), row))
        if not weights:
            continue
        z = _logit(float(cands[0].score)) + sum(w * x for w, x in zip(weights, row, strict=True))
        conf = round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 4)
        first = dataclasses.replace(cands[0], score=conf)
        out[code] = [first, *(dataclasses.replace(c, score=min(c.score, conf)) for c in cands[1:])]
    return out
