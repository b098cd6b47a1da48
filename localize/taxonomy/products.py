"""The products inside a category as evidence of what the category holds.

A category's label and place say what the catalogue *calls* it; its products say what it
*holds*. A catalogue files `pc_monitors` under "TVs and projectors" and `shoes` under
"Clothes": the path context then points the wrong way, but the products' families (their
product types, named independently of the category tree) still say "PC monitors" and
"footwear". Retail category mappers read this; so does this module:

1. `ProductEvidence` streams over the products once and keeps, per source category, how many
   products of each family it holds, its own and its descendants' (a product counted once per
   category). Memory is bounded by the number of (category, family) pairs, capped per category
   (`FAMILIES_PER_CATEGORY`; the rest is counted as one "other" family), never by the number of
   products.
2. The families are mapped onto the taxonomy by their labels alone (`Suggester` on a flat tree
   of families: no context, so the confidence is the label evidence's).
3. `combine` re-scores a category's candidates with what the products say about each one: the
   share of its products whose family lands at or below the candidate (`inside`), strictly above
   it (`over`: a broader family, neutral) or elsewhere (`outside`: a contradiction), each share
   weighted by the family's confidence. A logistic model over these and the label-based
   confidence, and an isotonic map of its first candidate, give the calibrated confidence. Both
   are fitted on synthetic products of the calibration set (`bench/bench_taxonomy.py
   calibrate`), never on a catalogue used to measure.

Categories without products keep their label-based candidates and confidence.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..codes import CodeMap
from ..errors import OutputError
from ..locale import to_bcp47
from .calibrate import PRODUCT_FEATURES
from .readable_codes import code_label
from .source import SourceCategory, SourceTree
from .suggest import Candidate

#: Distinct families remembered per category; further ones are counted together as `OTHER`.
FAMILIES_PER_CATEGORY = 32
OTHER = "\x00other"

#: Products read as evidence of what the categories hold (`taxonomy.suggest.products`), in file order:
#: enough for every category of a large catalogue to show its families, bounded in time.
PRODUCTS_READ = 200_000



@dataclass
class ProductEvidence:
    """Per source category: how many of its products (own and descendants') have each family."""

    tree: SourceTree
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    products: int = 0
    _up: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def _self_and_ancestors(self, code: str) -> tuple[str, ...]:
        got = self._up.get(code)
        if got is None:
            if code in self.tree.categories:
                key = self.tree.categories.key(code)
                got = (*self.tree.ancestors(key), key)
            else:
                got = (code,)
            self._up[code] = got
        return got

    def add(self, categories: Iterable[str], family: str | None) -> None:
        """One product: its categories and family (None or "" = no family)."""
        self.products += 1
        fam = (family or "").strip()
        if not fam:
            return
        seen: set[str] = set()
        for code in categories:
            if not code:
                continue
            for cat in self._self_and_ancestors(code):
                if cat in seen:
                    continue
                seen.add(cat)
                counter = self.counts.setdefault(cat, Counter())
                if fam in counter or len(counter) < FAMILIES_PER_CATEGORY:
                    counter[fam] += 1
                else:
                    counter[OTHER] += 1

    def families(self) -> list[str]:
        """Every family seen, sorted (deterministic)."""
        return sorted({f for c in self.counts.values() for f in c if f != OTHER})


#: Changes whenever `ProductEvidence` counts differently (a cached copy of another format is ignored).
EVIDENCE_FORMAT = 1
_CACHE_PREFIX = "product-evidence-"


def evidence_key(files: Iterable[Path], settings: str, wanted: int) -> str | None:
    """A digest of everything the evidence is counted from: the bytes of the source files (a folder: of
    every file in it), how they are read (`settings`), how many products are read and the counting's
    format. None when a file cannot be read (nothing is cached then)."""
    h = hashlib.sha256(f"{EVIDENCE_FORMAT}\0{FAMILIES_PER_CATEGORY}\0{wanted}\0{settings}".encode())
    try:
        for path in files:
            members = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for member in members:
                h.update(b"\0" + member.name.encode() + b"\0")
                with member.open("rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):  # noqa: B023 - fh is the loop's own
                        h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def evidence_cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{_CACHE_PREFIX}{key}.json"


def load_evidence(path: Path, tree: SourceTree) -> ProductEvidence | None:
    """The evidence counted by an earlier run from the same source files (None: not cached, or damaged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != EVIDENCE_FORMAT:
            return None
        counts = {str(cat): Counter({str(f): int(k) for f, k in fams.items()}) for cat, fams in data["counts"].items()}
        return ProductEvidence(tree, counts=counts, products=int(data["products"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged cache is ignored: the products are read again


def save_evidence(path: Path, evidence: ProductEvidence) -> None:
    """Keep the evidence for the next run over the same source files; older copies are removed (a nightly
    run over a changed export would otherwise leave one file per night). JSON, never pickle."""
    data = {"format": EVIDENCE_FORMAT, "products": evidence.products,
            "counts": {cat: dict(fams) for cat, fams in evidence.counts.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        for old in path.parent.glob(f"{_CACHE_PREFIX}*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, OutputError):
        pass  # a cache that cannot be written only costs time


def read_product_rows(path: Path) -> Iterator[tuple[list[str], str | None]]:
    """(categories, family) of each row of an Akeneo products CSV/TSV (`categories` comma-separated),
    streamed; a file without a `categories` column gives nothing."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        delimiter = max((";", ",", "\t"), key=first.count)
        reader = csv.DictReader(fh, delimiter=delimiter)
        if "categories" not in (reader.fieldnames or ()):
            return
        for row in reader:
            cats = [c.strip() for c in (row.get("categories") or "").split(",") if c.strip()]
            yield cats, (row.get("family") or "").strip() or None


def read_families(path: Path | None) -> dict[str, dict[str, str]]:
    """Family labels from an Akeneo `families.csv` (`code;label-de_DE;...`): code -> {BCP 47: label}.

    A missing or unreadable file gives no labels: families are then known by their code.
    """
    if path is None or not path.is_file():
        return {}
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        delimiter = max((";", ",", "\t"), key=first.count)
        for row in csv.DictReader(fh, delimiter=delimiter):
            code = (row.get("code") or "").strip()
            if not code:
                continue
            labels = {to_bcp47(k[len("label-"):]): v.strip() for k, v in row.items()
                      if k and k.startswith("label-") and v and v.strip()}
            out[code] = labels
    return out


def family_tree(names: list[str], labels: dict[str, dict[str, str]], locales: tuple[str, ...]) -> SourceTree:
    """The families as a flat tree (no parents: a family's label is all that is compared)."""
    tree = SourceTree(locales=locales)
    tree.categories = CodeMap()
    for name in names:
        got = {loc: text for loc, text in labels.get(name, {}).items() if loc in locales}
        if got:
            tree.categories[name] = SourceCategory(name, None, got)
        else:  # known by its code only, as a category missing from the file is
            tree.categories[name] = SourceCategory(name, None, dict.fromkeys(locales, code_label(name)), from_code=True)
    return tree


def family_decisions(suggester: Any, evidence: ProductEvidence, labels: dict[str, dict[str, str]],
                     locales: tuple[str, ...]) -> dict[str, tuple[str, float]]:
    """family -> (taxonomy id, confidence) from the family's label alone."""
    names = evidence.families()
    if not names:
        return {}
    ranked = suggester.suggest(family_tree(names, labels, locales), top=1)
    return {name: (cands[0].id, float(cands[0].score)) for name, cands in ranked.items() if cands}


def shares(taxonomy: Any, counts: Counter[str], decisions: dict[str, tuple[str, float]],
           cid: str) -> tuple[float, float, float, float]:
    """(inside, over, outside, exactly): the confidence-weighted shares of the products whose family lands at
    or below `cid`, strictly above it, elsewhere, and exactly on it."""
    total = sum(counts.values())
    if not total:
        return 0.0, 0.0, 0.0, 0.0
    inside = over = outside = exactly = 0.0
    for fam, k in counts.items():
        got = decisions.get(fam)
        if got is None:
            continue
        fid, p = got
        w = k / total * p
        if fid == cid:
            exactly += w
        if fid == cid or taxonomy.is_ancestor(cid, fid):
            inside += w
        elif taxonomy.is_ancestor(fid, cid):
            over += w
        else:
            outside += w
    return inside, over, outside, exactly


def majority(taxonomy: Any, counts: Counter[str], decisions: dict[str, tuple[str, float]]) -> str | None:
    """The deepest taxonomy category holding more than half of the products (confidence-weighted)."""
    total = sum(counts.values())
    if not total:
        return None
    weight: dict[str, float] = {}
    for fam, k in counts.items():
        got = decisions.get(fam)
        if got is None:
            continue
        fid, p = got
        for cid in (*taxonomy.ancestors(fid), fid):
            weight[cid] = weight.get(cid, 0.0) + k / total * p
    held = [c for c, w in weight.items() if w > 0.5]
    if not held:
        return None
    return max(held, key=lambda c: (taxonomy.depth(c), weight[c], c))


def _logit(p: float) -> float:
    p = min(1.0 - 1e-4, max(1e-4, p))
    return math.log(p / (1.0 - p)) / 5.0


def candidate_features(  # features in the order of PRODUCT_FEATURES
        taxonomy: Any, counts: Counter[str], decisions: dict[str, tuple[str, float]],
        candidates: list[Candidate]) -> list[tuple[str, list[float]]]:
    """(taxonomy id, features) of the label ranking's decision and of the products' majority category.

    Only these two are weighed: the decision's score is a calibrated confidence (the others' are not),
    and the products' majority is the one alternative the products themselves propose.
    """
    first = candidates[0]
    ids = [first.id] if first.id in taxonomy.categories else []
    extra = majority(taxonomy, counts, decisions)
    if extra is not None and extra not in ids:
        ids.append(extra)
    score = {c.id: c.score for c in candidates}
    n = sum(counts.values())
    out = []
    for cid in ids:
        inside, over, outside, exactly = shares(taxonomy, counts, decisions, cid)
        is_first = 1.0 if cid == first.id else 0.0
        row = [1.0, _logit(score.get(cid, 0.0) if is_first else 0.0), inside, over, outside, is_first,
               math.log1p(n) / 5.0, exactly, is_first * inside]
        assert len(row) == len(PRODUCT_FEATURES)
        out.append((cid, row))
    return out


def combine(taxonomy: Any, calibration: Any, evidence: ProductEvidence, decisions: dict[str, tuple[str, float]],
            ranked: dict[str, list[Candidate]], top: int = 5,
            collect: list[tuple[str, str, list[float]]] | None = None) -> dict[str, list[Candidate]]:
    """The candidates of every category that holds products, re-scored with what its products say.

    Without a fitted product model (`calibration.products_weights`) the ranking is returned as it is.
    """
    out = dict(ranked)
    for code, cands in ranked.items():
        if not cands or cands[0].how == "fixed":
            continue
        key = evidence.tree.categories.key(code) if code in evidence.tree.categories else code
        counts = evidence.counts.get(key)
        if not counts or not any(f in decisions for f in counts):
            continue
        rows = candidate_features(taxonomy, counts, decisions, cands)
        if collect is not None:
            collect.extend((code, cid, f) for cid, f in rows)
        if calibration is None or not calibration.products_weights:
            continue
        probs = calibration.product_probability([f for _, f in rows])
        order = sorted(zip(probs, range(len(rows)), strict=True), key=lambda x: (-x[0], x[1]))
        how = {c.id: c.how for c in cands}
        new: list[Candidate] = []
        for p, i in order:
            cid = rows[i][0]
            conf = calibration.product_decision(float(p)) if not new else min(float(p), new[-1].score)
            new.append(Candidate(cid, round(conf, 4), how.get(cid, "label")))
        # then the label ranking's other candidates, never above the decision
        chosen = {c.id for c in new}
        new += [Candidate(c.id, min(c.score, new[-1].score), c.how) for c in cands if c.id not in chosen]
        out[code] = new[:top]
    return out
