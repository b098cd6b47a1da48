"""Calibrated confidence: the probability that a suggested category is the right one.

The ranking in `suggest.py` produces candidates with heuristic scores. A run turns the first
candidate into a decision, so the score that decides must mean something a team can rely on:
"of the categories applied at 0.9, nine in ten are right". That needs labelled data, and a
small model over what the ranking already knows about each candidate (`FEATURES`): how similar
its label is, how much better than everything else, what the top-down model (`hypotheses.py`)
thinks of it, where it sits relative to the parent's mapping, and how sure that parent was.

Two stages, both fitted on labelled mappings (the dev set's verticals of one half; see
`bench/bench_taxonomy.py calibrate`), stored in `calibration.json` beside this file:

1. a logistic regression over the candidate features (Platt scaling on many features) gives
   every candidate a probability of being right, and the candidates are ranked by it;
2. isotonic regression maps the first candidate's probability onto the share of first
   candidates that were right at that level, so the confidence is calibrated as a decision
   (a back-off to the nearest broader category gets its own probability like any other).

The default threshold is a promise about catalogues the fit never saw, so it is chosen on decisions
the model did not fit: half_b's verticals in two folds, each judged by a model fitted on the other,
and the threshold is the lowest confidence at which a one-sided 95 % lower bound of their precision
(`bound_threshold`, counting categories) reaches `PRECISION_GOAL`. The isotonic maps are lines through
their blocks' middles (`smooth_steps`), not staircases, so that a refit of the same quality moves the
threshold a little, not from block to block. The same file holds the precision/coverage curve measured
on the labelled data kept out of the fit, so a team can pick its own.

The file is what `python -m bench.bench_taxonomy calibrate` writes from the code and the data,
byte for byte (the fit is deterministic: the same file under other hash seeds and BLAS thread counts). Every fitted
number is rounded to the file's precision (`DIGITS`) the moment it is fitted (`fitted`), so the model each later
step of the fit starts from, the one the threshold and the curves are measured with and the one a run loads are
the same model. The stems are inputs too: the fit's input digest (`bench_taxonomy.fit_inputs`) includes the data
as the installed Snowball release stems it, and pyproject.toml pins that release. It records the fingerprint of the code it was fitted
for (`suggest.code_fingerprint`: the ranking version, the ranking's options, the feature lists): a
model fitted for other features or another ranking reads its weights wrongly, so a ranking that
loads such a file fails with a message that says how to refit, instead of deciding on a stale model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ExitCode, LocalizeError

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
PRECISION_GOAL = 0.98
#: Decimals of every fitted number, in the file and in memory (`fitted`).
DIGITS = 6


def fitted(values: Any) -> list[float]:
    """Fitted numbers as the file stores them (`DIGITS` decimals).

    Why at fitting time, not only when writing: the fit has several steps (the label model three times, the
    isotonic maps, the threshold folds, the product model, the children's agreement), each starting from the
    model the step before fitted. Rounded only on writing, each step worked with digits the file drops (so the
    threshold and curves were measured on a slightly other model than the one a run loads), and those digits
    carry the machine's arithmetic noise: BLAS splits a sum differently on 1 and 2 threads, and the weights'
    last bits differ. Rounded here, such noise changes nothing unless a number lies within it of a rounding
    boundary."""
    return [round(float(v), DIGITS) for v in values]

#: The candidate features, in the order of the model's weights.
FEATURES = (
    "bias",
    "similarity",       # label similarity of the candidate (0..1), best over the shared languages
    "exact",            # an exact label (or alias) match
    "margin",           # similarity minus the best similarity of any other category
    "best",             # the best similarity of any category: does anything resemble the source?
    "posterior",        # the top-down model's probability of the candidate
    "log_posterior",    # its logarithm (scaled), to separate the small ones
    "decision",         # the candidate is the ranking's own first choice
    "backoff",          # ... reached as the nearest broader category
    "same",             # the candidate is the parent's mapping
    "child",            # a child of the parent's mapping
    "below",            # deeper below the parent's mapping
    "above",            # an ancestor of the parent's mapping
    "root",             # the source category has no parent (no context)
    "parent_p",         # the parent's calibrated confidence
    "parent_same",      # parent_p x same
    "parent_below",     # parent_p x (child or below)
    "leaf",             # the candidate has no children in the taxonomy
    "coded",            # the source category has no label, only a code
    "exact_outside",    # an exact label outside the parent's mapping (the catalogue files it elsewhere)
    "ambiguous",        # an exact label that several taxonomy categories share ("Accessories")
    "top_similar",      # the most similar category of all
    "mean_similarity",  # the similarity averaged over the source's languages (do they agree?)
    "part",             # the candidate's label lists the source's label as one of its kinds ("Coats & Jackets")
    "part_share",       # ... the share that kind is of the list (1/kinds: 1/2 for "Coats & Jackets")
    "exact_beside",     # an exact label outside the parent's mapping but below that mapping's parent: the
                        # catalogue's group is broader than the taxonomy's ("Shoes" below "Clothes", Google files
                        # Shoes beside Clothing); dev half_b, German: 12 of 16 right, where far outside 0 of 27
    # the second witness onto Google's/Shopify's taxonomy (`pivot.py`): the default taxonomy's decision for the
    # source category, carried over its crosswalk; each is that decision's confidence, 0 without a witness
    "pivot_same",       # the candidate is the witness
    "pivot_below",      # ... lies below it (the target is finer than the default taxonomy there)
    "pivot_above",      # ... lies above it (broader)
    "pivot_other",      # ... lies elsewhere: the witness disagrees
)

#: The features of a candidate in the product model (`products.py`), in the order of its weights.
PRODUCT_FEATURES = (
    "bias",
    "label_logit",    # the label ranking's score of the candidate, as a (scaled) logit
    "inside",         # share of the products whose family lands at or below the candidate (confidence-weighted)
    "over",           # ... strictly above it (a broader family: compatible)
    "outside",        # ... elsewhere (a contradiction)
    "label_first",    # the candidate is the label ranking's first
    "log_products",   # how many products say so (scaled log)
    "exactly",        # share of the products whose family lands exactly on the candidate (confidence-weighted)
    "first_inside",   # label_first x inside: the label's choice and the products agree
)

#: The agreement of a category's decision with its children's decisions (`children.py`).
CHILDREN_FEATURES = (
    "bias",
    "inside",        # mean confidence of the children whose decision is at or below the category's
    "outside",       # ... of those whose decision is elsewhere (neither below nor above it)
    "log_children",  # how many children were ranked (scaled log)
    "top_inside",    # inside, for a category ranked without context (a top-level group its label alone placed):
                     # there the children are the only other witness of what it holds
)


def label_odds(rows: Any) -> Any:
    """The label ranking's own log-odds of each row of `PRODUCT_FEATURES` (the product model's offset)."""
    return np.asarray(rows, dtype=np.float64)[:, PRODUCT_FEATURES.index("label_logit")] * 5.0


#: The label evidence of a candidate without context (a subset of `FEATURES`).
EVIDENCE_FEATURES = ("bias", "similarity", "exact", "margin", "mean_similarity", "part", "part_share",
                     "pivot_same", "pivot_other")


class StaleCalibration(LocalizeError):
    """The shipped calibration was fitted for other code (a bug of the release, not of the input)."""

    exit_code = ExitCode.INTERNAL


@dataclass
class Calibration:
    """The fitted model: candidate weights, the isotonic map of the decision, the threshold."""

    weights: list[float]
    iso_x: list[float] = field(default_factory=list)
    iso_y: list[float] = field(default_factory=list)
    threshold: float = 0.9
    #: Without context (no parent, or outside the parent's mapping) a candidate is only as likely
    #: as its label evidence alone makes it: isotonic map of similarity -> share right.
    evidence_x: list[float] = field(default_factory=list)
    evidence_y: list[float] = field(default_factory=list)
    #: Weights over `EVIDENCE_FEATURES`: how far the label stands out (margin) and whether the
    #: source's languages agree say as much as the similarity itself, most of all in a small
    #: taxonomy where a clear margin is rare by chance. Empty: the similarity alone.
    evidence_weights: list[float] = field(default_factory=list)
    curve: dict[str, Any] = field(default_factory=dict)
    fitted_on: str = ""
    #: The product model (`products.py`): weights over `products.PRODUCT_FEATURES`, and the isotonic
    #: map of its first candidate. Empty: products are not used as evidence.
    products_weights: list[float] = field(default_factory=list)
    products_x: list[float] = field(default_factory=list)
    products_y: list[float] = field(default_factory=list)
    products_fitted_on: str = ""
    #: The children's agreement (`children.py`): weights over `CHILDREN_FEATURES` that move a decision's
    #: log-odds. Empty: the children are not used as evidence.
    children_weights: list[float] = field(default_factory=list)
    children_fitted_on: str = ""
    #: `suggest.code_fingerprint()` of the code it was fitted with, and the digest of the data it was fitted on
    #: (`bench_taxonomy.fit_inputs`): the shipped file is checked against both.
    fingerprint: str = ""
    inputs: str = ""

    def candidate(self, rows: Any) -> Any:
        """Probability of each candidate (rows of features) being right."""

        z = np.asarray(rows, dtype=np.float64) @ np.asarray(self.weights)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def decision(self, p: float) -> float:
        """The calibrated confidence of a first candidate whose candidate probability is `p`."""
        if not self.iso_x:
            return p

        return float(np.interp(p, self.iso_x, self.iso_y))

    def evidence_score(self, features: list[float]) -> float:
        """The label evidence of a candidate (its row of `FEATURES`) on the scale the evidence map was fitted on."""
        if not self.evidence_weights:
            return features[FEATURES.index("similarity")]
        z = sum(w * features[FEATURES.index(name)] for w, name in zip(self.evidence_weights, EVIDENCE_FEATURES, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def evidence(self, features: list[float]) -> float:
        """The most a candidate resting on its label alone can be: the share right at that evidence."""
        if not self.evidence_x:
            return 1.0

        return float(np.interp(self.evidence_score(features), self.evidence_x, self.evidence_y))

    def product_probability(self, rows: Any) -> Any:
        """Probability of each candidate (rows of `PRODUCT_FEATURES`) being right, products considered: the
        label ranking's log-odds (`label_odds`) moved by what the products say."""
        rows = np.asarray(rows, dtype=np.float64)
        z = label_odds(rows) + rows @ np.asarray(self.products_weights)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def product_decision(self, p: float) -> float:
        """The calibrated confidence of a first candidate whose product-model probability is `p`."""
        if not self.products_x:
            return p
        return float(np.interp(p, self.products_x, self.products_y))

    def to_json(self) -> str:
        data = {"features": list(FEATURES), "weights": fitted(self.weights),
                "isotonic": {"x": fitted(self.iso_x), "y": fitted(self.iso_y)},
                "evidence": {"x": fitted(self.evidence_x), "y": fitted(self.evidence_y),
                             "features": list(EVIDENCE_FEATURES), "weights": fitted(self.evidence_weights)},
                "threshold": self.threshold, "precision_goal": PRECISION_GOAL,
                "fitted_on": self.fitted_on, "curve": self.curve,
                "fingerprint": {"code": self.fingerprint, "inputs": self.inputs}}
        if self.products_weights:
            data["products"] = {"features": list(PRODUCT_FEATURES), "weights": fitted(self.products_weights),
                                "isotonic": {"x": fitted(self.products_x), "y": fitted(self.products_y)},
                                "fitted_on": self.products_fitted_on}
        if self.children_weights:
            data["children"] = {"features": list(CHILDREN_FEATURES), "weights": fitted(self.children_weights),
                                "fitted_on": self.children_fitted_on}
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


_CACHE: dict[Path, Calibration | None] = {}


def load_calibration(path: Path | None = None, *, expect: str | None = None) -> Calibration | None:
    """The shipped calibration (None when the file is missing).

    `expect`: the fingerprint of the code that will use it (`suggest.code_fingerprint`); a file fitted
    for other code raises `StaleCalibration`, since its weights would be read against other features."""
    path = path or CALIBRATION_FILE
    if path not in _CACHE:
        _CACHE[path] = read_calibration(path) if path.is_file() else None
    got = _CACHE[path]
    if got is not None and expect is not None and got.fingerprint != expect:
        raise StaleCalibration(
            f"{path} was fitted for other code (fingerprint {got.fingerprint or 'none'}, this code's is "
            f"{expect}): the ranking, its options or its features changed since the fit",
            hint="refit it with `python -m bench.bench_taxonomy calibrate` (needs ../shared/data) and commit the file")
    return got


def read_calibration(path: Path) -> Calibration:
    """A calibration file as it is (no check against the code)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    ev = data.get("evidence") or {}
    iso = data.get("isotonic") or {}
    got = Calibration(weights=list(data["weights"]), iso_x=list(iso.get("x", [])), iso_y=list(iso.get("y", [])),
                      evidence_x=list(ev.get("x", [])), evidence_y=list(ev.get("y", [])),
                      evidence_weights=list(ev.get("weights", [])),
                      threshold=float(data.get("threshold", 0.9)), curve=data.get("curve") or {},
                      fitted_on=data.get("fitted_on", ""),
                      fingerprint=(data.get("fingerprint") or {}).get("code", ""),
                      inputs=(data.get("fingerprint") or {}).get("inputs", ""))
    prod = data.get("products") or {}
    if prod.get("weights"):
        got.products_weights = list(prod["weights"])
        got.products_x = list((prod.get("isotonic") or {}).get("x", []))
        got.products_y = list((prod.get("isotonic") or {}).get("y", []))
        got.products_fitted_on = prod.get("fitted_on", "")
    kids = data.get("children") or {}
    if kids.get("weights"):
        got.children_weights = [float(w) for w in kids["weights"]]
        got.children_fitted_on = kids.get("fitted_on", "")
    return got


def default_threshold() -> float:
    """The threshold chosen for precision at fitting time (0.9 when nothing is fitted)."""
    cal = load_calibration()
    return cal.threshold if cal is not None else 0.9


# ---- fitting ---------------------------------------------------------------------------
def fit_logistic(x: Any, y: Any, *, l2: float = 1.0, iterations: int = 50, offset: Any = None) -> list[float]:
    """Logistic regression by Newton's method (IRLS) with an L2 penalty (not on the bias).

    `offset`: a log-odds every row starts from (another model's), so the weights fit only the change."""

    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    base = np.zeros(len(y)) if offset is None else np.asarray(offset, dtype=np.float64)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        z = np.clip(base + x @ w, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        if offset is not None:
            # from another model's log-odds Newton can overshoot where they are extreme: halve the step
            # until the penalised loss goes down
            def loss(v: Any) -> float:
                zz = base + x @ v
                return float(np.sum(np.logaddexp(0.0, zz) - y * zz) + 0.5 * np.sum(penalty * v * v))
            current = loss(w)
            while np.abs(step).max() > 1e-10 and loss(w - step) > current:
                step = step / 2.0
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return fitted(w)


def fit_isotonic(p: Any, y: Any) -> tuple[list[float], list[float]]:
    """Pool-adjacent-violators: a non-decreasing map from `p` to the observed share of `y`."""

    order = np.argsort(p, kind="stable")
    xs = np.asarray(p, dtype=np.float64)[order]
    ys = np.asarray(y, dtype=np.float64)[order]
    blocks: list[list[float]] = []  # [sum y, count, min x, max x]
    for xv, yv in zip(xs, ys, strict=True):
        blocks.append([yv, 1.0, xv, xv])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            s, n, lo, hi = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
            blocks[-1][3] = hi
    out_x: list[float] = []
    out_y: list[float] = []
    level = 0.0
    for s, n, lo, hi in blocks:
        # One unseen failure per block: a small block (few cases) claims less certainty.
        level = max(level, s / (n + 1.0))
        share = level
        out_x.extend([lo, hi])
        out_y.extend([share, share])
    mid_x, mid_y = smooth_steps(out_x, out_y)
    return fitted(mid_x), fitted(mid_y)


def smooth_steps(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """The steps of an isotonic map (a [low, high] pair per block, one level) as a line through the blocks'
    middles: still monotone, but continuous.

    Why: pool-adjacent-violators answers one level for a whole block, so hundreds of decisions share one
    confidence and the threshold chosen for precision can only fall between blocks; a few decisions moved
    by a refit of the same quality then move it from block to block (0.921 -> 0.927 -> 0.939 -> 0.981
    across model variants, issue 12). Between two middles the confidence is interpolated, so a decision's
    confidence moves as little as its probability does."""
    if len(xs) < 4:
        return xs, ys
    mid_x = [(xs[i] + xs[i + 1]) / 2.0 for i in range(0, len(xs), 2)]
    mid_y = [ys[i] for i in range(0, len(ys), 2)]
    return mid_x, mid_y


def precision_curve(confidence: list[float], correct: list[bool], total: int | None = None,
                    thresholds: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98)) -> list[dict[str, float]]:
    """Precision of what is applied and the share applied, per threshold."""
    total = total if total is not None else len(confidence)
    out = []
    for t in thresholds:
        applied = [ok for c, ok in zip(confidence, correct, strict=True) if c >= t]
        out.append({"threshold": t, "applied": round(len(applied) / max(1, total), 4),
                    "precision": round(sum(applied) / len(applied), 4) if applied else 1.0})
    return out


#: One-sided confidence of the bound the default threshold is chosen by (`choose_threshold`).
BOUND_CONFIDENCE = 0.95
_Z_ONE_SIDED_95 = 1.6448536269514722  # the standard normal's 95th percentile


def precision_lower_bound(right: float, applied: float, z: float = _Z_ONE_SIDED_95) -> float:
    """One-sided Wilson lower confidence bound of a precision of `right` out of `applied`.

    Why Wilson: closed form, sound near 1 (unlike the normal approximation, which claims certainty
    from a run of rights) and, unlike an exact Clopper-Pearson bound, needs no beta quantile at
    fitting time; on hundreds of cases the two differ in the fourth decimal.
    """
    if applied <= 0:
        return 0.0
    share = right / applied
    z2 = z * z
    centre = share + z2 / (2 * applied)
    spread = z * math.sqrt(share * (1 - share) / applied + z2 / (4 * applied * applied))
    return (centre - spread) / (1 + z2 / applied)


def choose_threshold(confidence: list[float], correct: list[bool], goal: float = PRECISION_GOAL) -> float:
    """The lowest threshold at which the mappings applied (all at or above it) are at least `goal` right."""
    return _lowest_threshold(confidence, correct, lambda right, n: right / n >= goal)


def _lowest_threshold(confidence: list[float], correct: list[bool], passes: Callable[[int, int], bool]) -> float:
    """The lowest confidence at which `passes(right, applied)` holds for everything at or above it
    (rounded down to 0.001; 1.0 when no level passes)."""
    pairs = sorted(zip(confidence, correct, strict=True), key=lambda x: -x[0])
    best = 1.0
    right = 0
    for n, (c, ok) in enumerate(pairs, start=1):
        right += ok
        if n < len(pairs) and pairs[n][0] == c:
            continue  # a threshold applies all cases of one confidence or none
        if passes(right, n):
            best = c
    return round(math.floor(best * 1000) / 1000, 3)


def bound_threshold(confidence: list[float], correct: list[bool], goal: float = PRECISION_GOAL,
                    copies: int = 1) -> float:
    """The lowest threshold at which the mappings applied (all at or above it) are at least `goal` right
    with 95 % confidence: the one-sided lower bound of their precision (`precision_lower_bound`) reaches it.

    Why a bound, not the observed share (`choose_threshold`): the share at the top of the confidence
    scale rests on few cases, so the lowest level where it reaches a goal jumps between isotonic plateaus
    when a neutral refit moves a handful of them; the bound weighs how many cases the claim rests on.
    Meant for decisions the model did not fit (`bench_taxonomy threshold-bound`). `copies`: how many
    times each labelled category is in the data (German, and German with English, labels of the same
    categories are not independent cases), so the bound counts categories, not rows.
    """
    return _lowest_threshold(confidence, correct,
                             lambda right, n: precision_lower_bound(right / copies, n / copies) >= goal)
