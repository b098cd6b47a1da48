"""The default taxonomy as a second witness when a catalogue is mapped onto Google's or Shopify's taxonomy.

A catalogue mapped onto a large taxonomy (Google's 5,600 categories) has one witness for each
candidate: its labels against Google's. The same catalogue mapped onto the small, curated default
taxonomy (208 categories) is a second, independent one: that mapping is right far more often (the
hand-labelled Akeneo catalogues: 37 of 38 applied onto the default taxonomy, 20 of 52 onto Google's),
and every default category carries a reviewed id of the same kind in Google's and Shopify's taxonomy
(its crosswalk, `google:`/`shopify:` in `taxonomies/default.yaml`). So for each source category the
default taxonomy's decision, carried over its crosswalk, names a target category (the *witness*),
with the confidence of that decision. A candidate equal to it, below it or above it is corroborated;
one elsewhere is contradicted (`Witness.features`, the candidate features `pivot_*` of `calibrate.py`,
fitted like every other feature). The witness is also a candidate however its label compares, so the
pivot can add the right category that the direct ranking missed.

What the pivot reads: the source categories' labels and tree only, ranked onto the default taxonomy by
the same `Suggester`; never the source's codes as ids, never the default taxonomy's crosswalk of the
source's own kind (the dev set's sources are Shopify categories whose ids the default taxonomy carries
as `shopify:`: the ranking never reads a crosswalk, only labels and aliases).

On by default when the target taxonomy is Google's or Shopify's (`Taxonomy.source`); off with
`taxonomy.suggest.pivot: false` (`SuggestOptions.pivot`). Onto the default taxonomy itself nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .loader import load_taxonomy, resolve_taxonomy_path
from .taxonomy_model import Taxonomy

#: The target taxonomies the default taxonomy has a crosswalk into (`Taxonomy.source`).
KINDS = ("google", "shopify")


@dataclass(frozen=True, slots=True)
class Witness:
    """The default taxonomy's decision for one source category, carried over its crosswalk."""

    target: str  # the target taxonomy's id
    confidence: float  # the default taxonomy's calibrated confidence of its decision
    via: str  # the default category that decided


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The shipped default taxonomy (read once: the pivot of every ranking onto Google's or Shopify's)."""
    return load_taxonomy(resolve_taxonomy_path("default"))


def pivot_kind(target: Taxonomy) -> str | None:
    """The crosswalk that leads from the default taxonomy into `target`, or None (no pivot)."""
    return target.source if target.source in KINDS else None


class Pivot:
    """Ranks a catalogue onto the default taxonomy and carries each decision over into the target's ids."""

    def __init__(self, target: Taxonomy, kind: str, ranking: Any) -> None:
        """`ranking`: a `Suggester` onto the default taxonomy, without a pivot of its own (`Suggester.pivot`
        builds it: this module cannot import the ranking it is part of)."""
        self.target = target
        self.kind = kind
        self.suggester = ranking
        self.default: Taxonomy = ranking.taxonomy
        self._carried: dict[str, str | None] = {}

    def carried(self, default_id: str) -> str | None:
        """The target id of a default category: its own crosswalk id, else its nearest ancestor's (broader,
        never elsewhere), among those the target taxonomy has."""
        if default_id not in self._carried:
            got = None
            for cid in (default_id, *reversed(self.default.ancestors(default_id))):
                other = self.default.categories[cid].crosswalk.get(self.kind)
                if other and other in self.target.categories:
                    got = other
                    break
            self._carried[default_id] = got
        return self._carried[default_id]

    def witnesses(self, tree: Any, codes: set[str]) -> dict[str, Witness]:
        """code -> the witness of each of `codes` (those whose default decision has a target id)."""
        ranked = self.suggester.suggest(tree, codes=sorted(codes), top=1)
        out: dict[str, Witness] = {}
        for code, cands in ranked.items():
            if not cands:
                continue
            target = self.carried(cands[0].id)
            if target is not None:
                out[code] = Witness(target, float(cands[0].score), cands[0].id)
        return out
