"""Measuring category mapping against hand labels: what a run applies, and how much of it is right.

A labels file (YAML) gives, per catalogue and source category, the right taxonomy id for one or
more taxonomies (`default`, `google`, ...; null = nothing holds this kind of product, or the
category does not say what a product is) and `type: false` for categories outside the
product-type trees. `tests/taxonomy/labels/akeneo-2017.yaml` is one. The figures are the ones a
team needs before leaving the map stage unattended: the precision of what is applied without a
person, the share applied, top-1/top-5 of the ranking, and products published in a wrong
category.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .mapping import CategoryResolver


@dataclass(frozen=True, slots=True)
class Label:
    """The right id per taxonomy kind (None = no category is right), and whether it is a product type."""

    ids: dict[str, str | None]
    type: bool = True


def load_labels(path: Path) -> dict[str, dict[str, Label]]:
    """catalogue -> source code -> Label."""

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, dict[str, Label]] = {}
    for catalogue, entries in data.items():
        table: dict[str, Label] = {}
        for code, item in (entries or {}).items():
            item = dict(item or {})
            kind_type = bool(item.pop("type", True))
            table[str(code)] = Label({k: (None if v is None else str(v)) for k, v in item.items()}, kind_type)
        out[str(catalogue)] = table
    return out


def label_of(labels: dict[str, Label], tree: Any, code: str) -> Label:
    """The label of a category; an unlisted one inherits `type` from its nearest listed ancestor, ids None."""
    if code in labels:
        return labels[code]
    for up in reversed(tree.ancestors(code)) if code in tree.categories else ():
        if up in labels:
            return Label({}, labels[up].type)
    return Label({}, True)


def category_figures(resolver: CategoryResolver, labels: dict[str, Label], kind: str) -> dict[str, Any]:
    """Precision of the categories applied automatically, share applied, top-1/top-5, the wrong ones."""
    applied = right = labelled = top1 = top5 = 0
    wrong: list[str] = []
    for code in resolver.tree.real():
        res = resolver.resolutions.get(code)
        if res is None:
            continue
        truth = label_of(labels, resolver.tree, code).ids.get(kind)
        if truth is not None:
            labelled += 1
            ids = [c.id for c in res.candidates] if res.candidates else ([res.id] if res.id else [])
            top1 += bool(ids) and ids[0] == truth
            top5 += truth in ids[:5]
        if res.how == "auto":
            applied += 1
            if res.id == truth:
                right += 1
            else:
                wrong.append(f"{code} -> {res.id} (right: {truth})")
    applied_labelled = applied - sum(1 for w in wrong if w.endswith("(right: None)"))
    return {
        "categories": len(resolver.tree.real()),
        "labelled": labelled,
        "applied": applied,
        "precision": round(right / applied, 4) if applied else 1.0,
        "share_applied": round(right / labelled, 4) if labelled else 0.0,
        "share_applied_any": round(applied_labelled / labelled, 4) if labelled else 0.0,
        "top1": round(top1 / labelled, 4) if labelled else 0.0,
        "top5": round(top5 / labelled, 4) if labelled else 0.0,
        "wrong": wrong,
    }


#: A parent's confidence below which it gives its children no context (as `suggest.py` treats it).
NO_CONTEXT = 0.5


def not_applied(resolver: CategoryResolver, labels: dict[str, Label], kind: str,
                products: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Every labelled category a run would NOT apply rightly, with what a person needs to tell why.

    Per category: its confidence, the rank of the right answer among the candidates (None = not among
    them: the ranking missed it), what is ranked first, the parent and where the parent's decision
    went (None: no parent, or one mapped nowhere likely, below `NO_CONTEXT`), whether the right answer
    lies inside that decision's subtree (False = the context points elsewhere, as for a category
    filed under another kind), and the products it holds (own and
    descendants', from `products`: code -> count). The causes differ (a label the taxonomy does not
    hold, no context, weak evidence, a misfiled category), and so do the levers.
    """
    out: list[dict[str, Any]] = []
    tree, taxonomy = resolver.tree, resolver.taxonomy
    for code in resolver.tree.real():
        res = resolver.resolutions.get(code)
        truth = label_of(labels, tree, code).ids.get(kind) if res is not None else None
        if res is None or truth is None or (res.how == "auto" and res.id == truth):
            continue
        ids = [c.id for c in res.candidates] if res.candidates else ([res.id] if res.id else [])
        parent = tree.categories[code].parent
        above = resolver.resolutions.get(parent) if parent is not None and parent in tree.categories else None
        above_id = (above.id or (above.candidates[0].id if above.candidates else None)) if above is not None else None
        if above is not None and above.how in ("auto", "review") and above.score < NO_CONTEXT:
            above_id = None  # a parent mapped nowhere likely (a catalogue root, a season): no context
        out.append({
            "code": code,
            "how": res.how,
            "confidence": round(float(res.score), 4),
            "right": truth,
            "right_rank": ids.index(truth) + 1 if truth in ids else None,
            "first": ids[0] if ids else None,
            "parent": parent,
            "parent_decision": above_id,
            "right_inside_parent": (None if above_id is None else
                                    truth == above_id or taxonomy.is_ancestor(above_id, truth)),
            "products": (products or {}).get(code, 0),
            "note": res.note,
        })
    return out


def product_figures(resolver: CategoryResolver, products: Iterable[tuple[str, tuple[str, ...]]],
                    labels: dict[str, Label], kind: str) -> dict[str, Any]:
    """Products published automatically, and those in a category their labels do not allow.

    A product may land in the label of any of its product-type categories (its most specific
    one, or a broader one it also has); with none labelled, any automatic category is wrong.
    """
    total = auto = wrong = review = 0
    examples: list[str] = []
    for identifier, categories in products:
        total += 1
        res = resolver.for_product(categories)
        if res is None or res.id is None:
            review += 1
            continue
        if res.how != "auto":
            continue
        auto += 1
        allowed = {label_of(labels, resolver.tree, c).ids.get(kind) for c in categories
                   if label_of(labels, resolver.tree, c).type} - {None}
        if res.id not in allowed:
            wrong += 1
            if len(examples) < 10:
                examples.append(f"{identifier} ({','.join(categories)}) -> {res.id}")
    return {"products": total, "auto": auto, "review": review, "wrong": wrong, "wrong_examples": examples}
