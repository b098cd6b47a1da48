"""A category's children corroborate its decision (`children.py`): bottom-up agreement, calibrated."""

from __future__ import annotations

import dataclasses
import math

import pytest
from taxonomy_trees import DEFAULT, en_de, tree

from localize.taxonomy.calibrate import CHILDREN_FEATURES, Calibration, load_calibration
from localize.taxonomy.children import _logit, agree, features
from localize.taxonomy.mapping import CategoryResolver
from localize.taxonomy.suggest import Candidate, Suggester

# Two groups under a catalogue root (no context): one whose children are kinds of cameras, one whose
# label says "Cameras" too but whose children are kinds of something else (a misfiled branch).
ROWS = [
    ("master", None, en_de("Master catalog", "Hauptkatalog")),
    ("cams", "master", en_de("Cameras", "Kameras")),
    ("digital", "cams", en_de("Digital cameras", "Digitalkameras")),
    ("camcorders", "cams", en_de("Camcorders", "Camcorder")),
    ("lenses", "cams", en_de("Lenses", "Objektive")),
]
MISFILED = [
    ("master", None, en_de("Master catalog", "Hauptkatalog")),
    ("cams", "master", en_de("Cameras", "Kameras")),
    ("boots", "cams", en_de("Boots", "Stiefel")),
    ("sandals", "cams", en_de("Sandals", "Sandalen")),
    ("kettles", "cams", en_de("Kettles", "Wasserkocher")),
]


@pytest.fixture(scope="module")
def shipped() -> Calibration:
    cal = load_calibration()
    assert cal is not None
    return cal


def test_the_shipped_calibration_holds_a_children_model_fitted_on_half_b(shipped: Calibration) -> None:
    assert len(shipped.children_weights) == len(CHILDREN_FEATURES)
    assert "half_b" in shipped.children_fitted_on
    # more of the children inside the decision makes it more likely right
    assert shipped.children_weights[CHILDREN_FEATURES.index("inside")] > 0
    # measured on the half the fit never saw: what is applied at the default threshold stays precise
    points = shipped.curve["dev half_a, German: with children"]
    at_default = [p for p in points if p["threshold"] == shipped.threshold]
    assert at_default and at_default[0]["precision"] >= 0.98


def test_features_count_children_inside_elsewhere_and_ignore_echoes() -> None:
    kids = [[Candidate("electronics.cameras.digital", 0.9, "exact")],
            [Candidate("electronics.cameras", 0.5, "broader")],       # backed off to the decision: says nothing
            [Candidate("footwear.boots", 0.8, "exact")],
            [Candidate("electronics", 0.7, "broader")],               # broader than the decision: neither
            []]                                                       # not ranked: not counted
    row = features(DEFAULT, "electronics.cameras", kids)
    assert row is not None
    got = dict(zip(CHILDREN_FEATURES, row, strict=True))
    assert got["inside"] == pytest.approx(0.9 / 4)
    assert got["outside"] == pytest.approx(0.8 / 4)
    assert features(DEFAULT, "electronics.cameras", [[], []]) is None


def test_children_inside_the_decision_raise_its_confidence_and_misfiled_ones_do_not(shipped: Calibration) -> None:
    without = dataclasses.replace(shipped, children_weights=[])
    rise = {}
    for name, rows in (("agree", ROWS), ("misfiled", MISFILED)):
        t = tree(rows)
        before = Suggester(DEFAULT, calibration=without).suggest(t)["cams"]
        after = Suggester(DEFAULT, calibration=shipped).suggest(t)["cams"]
        assert before[0].id == after[0].id == "electronics.cameras"  # the order never changes
        # the alternatives a person sees next never score above the decision
        assert all(c.score <= after[0].score for c in after[1:])
        rise[name] = after[0].score - before[0].score
        if name == "misfiled":
            # children that back off to the group's own decision (boots under "Cameras") say nothing for it: the
            # group moves only as far as the model moves any group for having that many children that say nothing
            echoes = [[Candidate("electronics.cameras", 0.5, "broader")]] * (len(rows) - 2)
            nothing = features(DEFAULT, "electronics.cameras", echoes)
            assert nothing is not None
            z = _logit(before[0].score) + sum(w * x for w, x in zip(shipped.children_weights, nothing, strict=True))
            assert after[0].score == pytest.approx(1.0 / (1.0 + math.exp(-z)), abs=1e-4)
    assert rise["agree"] > 0 and rise["agree"] > rise["misfiled"]


def test_a_group_whose_children_agree_is_applied_where_its_label_alone_is_not(shipped: Calibration) -> None:
    t = tree(ROWS)
    without = dataclasses.replace(shipped, children_weights=[])
    before = Suggester(DEFAULT, calibration=without).suggest(t)["cams"][0].score
    after = Suggester(DEFAULT, calibration=shipped).suggest(t)["cams"][0].score
    threshold = (before + after) / 2  # a team's threshold between the two
    assert CategoryResolver(DEFAULT, t, threshold=threshold).resolve("cams").how == "auto"
    assert CategoryResolver(DEFAULT, t, threshold=threshold,
                            suggester=Suggester(DEFAULT, calibration=without)).resolve("cams").how == "review"


def test_a_category_ranked_later_sees_its_known_children() -> None:
    """`CategoryResolver.add` ranks new categories with the earlier ones known: the same confidence."""
    t = tree(ROWS)
    full = Suggester(DEFAULT).suggest(t)
    known = {c: type("R", (), {"candidates": v, "id": v[0].id, "score": v[0].score})() for c, v in full.items() if c != "cams"}
    again = Suggester(DEFAULT).suggest(t, codes=["cams"], known=known)
    assert again["cams"][0] == full["cams"][0]


def test_without_a_children_model_nothing_changes() -> None:
    ranked = {"cams": [Candidate("electronics.cameras", 0.9, "exact")]}
    everything = {**ranked, "digital": [Candidate("electronics.cameras.digital", 0.99, "exact")]}
    t = tree(ROWS)
    assert agree(DEFAULT, Calibration(weights=[]), t, everything, ranked) == ranked
    collect: list = []  # type: ignore[type-arg]
    agree(DEFAULT, None, t, everything, ranked, collect=collect)
    assert [c for c, _, _ in collect] == ["cams"]


def test_a_group_ranked_without_context_reads_its_children_apart(shipped: Calibration) -> None:
    """A top-level group rests on its label alone: its children's agreement is a feature of its own (fitted on
    half_b with its categories one and two levels down cut loose as top-level groups), and weighs more."""
    kids = [[Candidate("electronics.cameras.digital", 0.9, "exact")], [Candidate("footwear.boots", 0.8, "exact")]]
    inner = dict(zip(CHILDREN_FEATURES, features(DEFAULT, "electronics.cameras", kids) or [], strict=True))
    top = dict(zip(CHILDREN_FEATURES, features(DEFAULT, "electronics.cameras", kids, top_level=True) or [], strict=True))
    assert inner["top_inside"] == 0.0 and top["top_inside"] == pytest.approx(0.9 / 2) == top["inside"]
    assert {k: v for k, v in inner.items() if k != "top_inside"} == {k: v for k, v in top.items() if k != "top_inside"}
    assert shipped.children_weights[CHILDREN_FEATURES.index("top_inside")] > 0
    # the same children: a group ranked without context gains more from them than one deep in a tree
    ranked = {"cams": [Candidate("electronics.cameras", 0.8, "exact")]}
    everything = {**ranked, "digital": kids[0], "camcorders": kids[1]}
    deep = agree(DEFAULT, shipped, tree(ROWS), everything, ranked)["cams"][0].score
    alone = agree(DEFAULT, shipped, tree(ROWS), everything, ranked, top_level={"cams"})["cams"][0].score
    assert alone > deep
