"""The runners-up: a probability over taxonomy categories for each catalogue category, top-down.

`suggest.py` decides the single best answer (a label match in the parent's subtree, or the
nearest broader category). A person reviewing that answer, and the categories below it, also
need the next most likely answers, and those are not simply "the next most similar labels":
a catalogue's category almost always sits exactly where its parent's mapping sits (the
catalogue is finer than the taxonomy) or one level below it. So the plausible alternatives
are the parent's own alternatives, their children and, rarely, a strong label match elsewhere;
five similar-sounding siblings under one parent guess, or labels from unrelated branches that
share a few letters, are not.

This module is that observation as a small top-down probability model. For a category `c`
whose parent has the hypotheses `h` with probabilities `π(h)`:

    P(t | c) ∝ Σ_h π(h) · ( same                        · L(t) · [t = h]
                          + child / |children(h)|       · L(t) · [t is a child of h]
                          + grandchild / |grandchildren| · L(t) · [t is a grandchild of h] )
               + elsewhere / N · L(t)

with `L(t) = exp(similarity(c, t) / temperature)`, the evidence of the labels. The priors say
how a category relates to its parent's mapping. Splitting `child` across the children of `h`
gives each child of a small node a real chance even when the labels say nothing (a category
added to the taxonomy after its last translation has no label to compare with), while among
fifty children the labels must decide. A category without a parent gets `P(t | c) ∝ L(t)`.
Because the parent's hypotheses include its own broader fallbacks, the nearest broader
categories flow down the tree without a separate rule, and when the parent's mapping is
uncertain the children's alternatives spread over the parent's second and third hypotheses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Priors:
    """How a category relates to its parent's mapping, and how sharply labels decide.

    Structural assumptions about catalogues and taxonomies, not figures fitted to one
    catalogue: the category is its parent's category, or one of its children, rarely a
    grandchild, and rarely somewhere else entirely.
    """

    same: float = 0.4
    child: float = 0.5
    grandchild: float = 0.05
    elsewhere: float = 0.05
    #: Label similarity (0..1) is turned into evidence as exp(similarity / temperature).
    temperature: float = 0.15


class Hypotheses:
    """The taxonomy's shape as index arrays, and the posterior of one category at a time."""

    def __init__(self, parent: Any, priors: Priors | None = None) -> None:
        """`parent`: numpy array, the parent row of every taxonomy row (-1 for roots)."""

        self.priors = priors or Priors()
        n = len(parent)
        self.size = n
        lists: list[list[int]] = [[] for _ in range(n)]
        for row in range(n):
            up = int(parent[row])
            if up >= 0:
                lists[up].append(row)
        self.children = [np.asarray(k, dtype=np.int64) for k in lists]
        self.grandchildren: list[Any] = []
        self.grand_share: list[Any] = []  # chance of each grandchild: pick a child, then one of its children
        empty_rows, empty_share = np.zeros(0, dtype=np.int64), np.zeros(0)
        for row in range(n):
            kids = lists[row]
            rows = [lists[k] for k in kids if lists[k]]
            if not rows:
                self.grandchildren.append(empty_rows)
                self.grand_share.append(empty_share)
                continue
            self.grandchildren.append(np.asarray([g for r in rows for g in r], dtype=np.int64))
            self.grand_share.append(np.asarray([1.0 / len(kids) / len(r) for r in rows for _ in r]))

    def posterior(self, similarity: Any, parent: list[tuple[int, float]] | None) -> Any:
        """P(t | c) for every taxonomy row t, given c's label similarities and its parent's hypotheses."""

        p = self.priors
        evidence = np.exp(similarity / p.temperature)
        if not parent:
            q = evidence.copy()
        else:
            q = evidence * (p.elsewhere / self.size)
            for row, weight in parent:
                q[row] += weight * p.same * evidence[row]
                kids = self.children[row]
                if kids.size:
                    q[kids] += (weight * p.child / kids.size) * evidence[kids]
                grand = self.grandchildren[row]
                if grand.size:
                    q[grand] += (weight * p.grandchild) * self.grand_share[row] * evidence[grand]
        total = q.sum()
        return q / total if total > 0 else q

    @staticmethod
    def best(q: Any, k: int) -> list[tuple[int, float]]:
        """The `k` most likely rows with their probabilities, most likely first (ties: lower row)."""

        k = min(k, len(q))
        if k <= 0:
            return []
        rows = np.argpartition(-q, k - 1)[:k] if k < len(q) else np.arange(len(q))
        ranked = sorted(((float(q[i]), int(i)) for i in rows), key=lambda x: (-x[0], x[1]))
        return [(i, s) for s, i in ranked if s > 0]
