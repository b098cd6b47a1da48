"""The runners-up of a suggestion: the parent's other hypotheses, their children, broader categories."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from localize.taxonomy.google import read_google
from localize.taxonomy.hypotheses import Hypotheses, Priors
from localize.taxonomy.source import SourceCategory, SourceTree
from localize.taxonomy.suggest import Suggester, SuggestOptions
from localize.taxonomy.taxonomy_model import Category, Taxonomy


def taxonomy(rows: list[tuple[str, str | None, dict[str, str]]]) -> Taxonomy:
    return Taxonomy(name="t", categories={cid: Category(cid, parent, labels) for cid, parent, labels in rows},
                    locales=("en", "de"))


def tree(rows: list[tuple[str, str | None, str]]) -> SourceTree:
    t = SourceTree(locales=("de-DE",))
    for code, parent, label in rows:
        t.categories[code] = SourceCategory(code, parent, {"de-DE": label})
    return t


# Clothing with a dozen kinds, plus unrelated branches whose labels share letters with the source's.
CLOTHING = taxonomy([
    ("apparel", None, {"en": "Apparel", "de": "Bekleidung"}),
    ("apparel.pants", "apparel", {"en": "Pants", "de": "Hosen"}),
    ("apparel.tops", "apparel", {"en": "Shirts & Tops", "de": "Oberteile"}),
    ("apparel.dresses", "apparel", {"en": "Dresses", "de": "Kleider"}),
    ("apparel.swim", "apparel", {"en": "Swimwear", "de": "Bademode"}),
    ("apparel.skirts", "apparel", {"en": "Skirts", "de": "Röcke"}),
    ("apparel.socks", "apparel", {"en": "Socks", "de": "Socken"}),
    ("apparel.outer", "apparel", {"en": "Outerwear", "de": "Überbekleidung"}),
    ("apparel.suits", "apparel", {"en": "Suits", "de": "Anzüge"}),
    ("apparel.sleep", "apparel", {"en": "Sleepwear", "de": "Nachtwäsche"}),
    ("apparel.under", "apparel", {"en": "Underwear", "de": "Unterwäsche"}),
    ("home", None, {"en": "Home", "de": "Haushalt"}),
    ("home.stands", "home", {"en": "Umbrella Stands", "de": "Schirmständer"}),
    ("home.states", "home", {"en": "Status Lights", "de": "Statusleuchten"}),
    ("home.jeans", "home", {"en": "Denim Fabric", "de": "Jeansstoff"}),
])


def test_the_parents_second_hypothesis_reaches_the_children() -> None:
    # "Umstandshosen" (maternity trousers) is decided as the broader "Bekleidung", but "Hosen"
    # is its best specific hypothesis; "Jeans" below it says nothing the taxonomy knows, and
    # "Hosen" must be among its candidates, right after the broader category.
    src = tree([
        ("bek", None, "Bekleidung"),
        ("mat", "bek", "Umstandsmode"),
        ("mpants", "mat", "Umstandshosen"),
        ("jeans", "mpants", "Jeans"),
    ])
    ranked = Suggester(CLOTHING, calibration=None).suggest(src)
    assert ranked["mpants"][0].id == "apparel" and ranked["mpants"][0].how == "broader"
    assert "apparel.pants" in [c.id for c in ranked["mpants"]]
    jeans = [c.id for c in ranked["jeans"]]
    assert jeans[0] == "apparel" and jeans[1] == "apparel.pants"
    assert ranked["jeans"][0].how == "broader" and ranked["jeans"][0].score == 0.6
    # nothing from an unrelated branch that merely shares letters ("Jeansstoff", "Schirmständer")
    assert not any(c.startswith("home") for c in jeans[:3])


def test_children_of_a_small_node_without_labels_in_the_language_are_offered() -> None:
    # Categories added to the taxonomy after its last translation have an English label only,
    # and here nothing links the German word to them. When the parent maps exactly onto a node
    # with two such children, both are candidates, ahead of German look-alikes elsewhere.
    tax = taxonomy([
        ("media", None, {"en": "Media", "de": "Medien"}),
        ("media.music", "media", {"en": "Music", "de": "Musik"}),
        ("media.music.vinyl", "media.music", {"en": "Vinyl"}),
        ("media.music.tapes", "media.music", {"en": "Cassettes"}),
        ("media.books", "media", {"en": "Books", "de": "Bücher"}),
        ("home", None, {"en": "Home", "de": "Haushalt"}),
        ("home.hotplates", "home", {"en": "Hotplates", "de": "Herdplatten"}),
        ("home.tiles", "home", {"en": "Tiles", "de": "Fliesenplatten"}),
        ("home.boards", "home", {"en": "Cutting Boards", "de": "Schneidplatten"}),
        ("hardware", None, {"en": "Hardware", "de": "Baumarkt"}),
        ("hardware.soundproofing", "hardware", {"en": "Soundproofing", "de": "Schallschutz"}),
        ("hardware.plates", "hardware", {"en": "Mending Plates", "de": "Lochplatten"}),
    ])
    src = tree([("m", None, "Medien"), ("mu", "m", "Musik"), ("lp", "mu", "Schallplatten")])
    ranked = Suggester(tax, calibration=None).suggest(src)
    assert ranked["mu"][0].id == "media.music" and ranked["mu"][0].how == "exact"
    got = [c.id for c in ranked["lp"]]
    assert got[0] == "media.music" and ranked["lp"][0].how == "broader"
    assert set(got[1:3]) == {"media.music.vinyl", "media.music.tapes"}
    assert [c.how for c in ranked["lp"][1:3]] == ["label", "label"]  # narrower, not broader


def test_alternatives_read_best_first_with_scores_in_range() -> None:
    src = tree([("bek", None, "Bekleidung"), ("mat", "bek", "Umstandsmode"), ("mpants", "mat", "Umstandshosen"),
                ("jeans", "mpants", "Jeans"), ("socks", "bek", "Socken")])
    ranked = Suggester(CLOTHING, calibration=None).suggest(src, top=5)
    for code, cands in ranked.items():
        assert 1 <= len(cands) <= 5, code
        assert len({c.id for c in cands}) == len(cands), code  # no category twice
        scores = [c.score for c in cands]
        assert scores == sorted(scores, reverse=True), (code, scores)
        assert all(0.0 <= s <= 1.0 for s in scores)
        assert all(c.how in ("exact", "label", "broader", "fixed") for c in cands)
    # the decision itself is unchanged: an exact label is 1.0, a back-off is the parent's 0.6
    assert (ranked["socks"][0].id, ranked["socks"][0].how, ranked["socks"][0].score) == ("apparel.socks", "exact", 1.0)


def test_a_fixed_parent_keeps_the_alternatives_in_its_subtree() -> None:
    src = tree([("k", None, "Sonstiges"), ("x", "k", "Umstandsmode")])
    ranked = Suggester(CLOTHING, calibration=None).suggest(src, fixed={"k": "apparel"})
    got = [c.id for c in ranked["x"]]
    assert got[0] == "apparel"
    assert all(c.startswith("apparel.") for c in got[1:]) and len(got) == 5


def _shape() -> Hypotheses:
    # rows: 0 root A (children 1, 2, 3), 4 root B (children 5, 6), 7 root C (child 8)
    parent = np.array([-1, 0, 0, 0, -1, 4, 4, -1, 7])
    return Hypotheses(parent, Priors())


def test_posterior_spreads_over_the_parents_hypotheses_when_labels_say_nothing() -> None:
    hyp = _shape()
    flat = np.zeros(9)
    q = hyp.posterior(flat, [(0, 0.55), (4, 0.45)])
    assert abs(q.sum() - 1.0) < 1e-9
    best = [row for row, _ in hyp.best(q, 5)]
    # both parent hypotheses first (the category is most likely where its parent is) ...
    assert best[:2] == [0, 4]
    # ... then the children of the second hypothesis (two of them) before those of the first (three)
    assert set(best[2:4]) == {5, 6}
    assert q[8] < q[1]  # a child of a node the parent does not hold is unlikely


def test_posterior_follows_clear_label_evidence_and_roots_follow_labels_alone() -> None:
    hyp = _shape()
    sims = np.zeros(9)
    sims[3] = 0.9  # the label matches one child of the first hypothesis
    q = hyp.posterior(sims, [(0, 0.55), (4, 0.45)])
    assert hyp.best(q, 1)[0][0] == 3
    sims = np.zeros(9)
    sims[8] = 1.0  # an exact label under a node the parent does not hold still wins against nothing
    q = hyp.posterior(sims, [(0, 1.0)])
    assert hyp.best(q, 1)[0][0] == 8
    root = hyp.posterior(np.array([0.1, 0, 0, 0, 0.5, 0, 0, 0, 0]), None)
    assert hyp.best(root, 1)[0][0] == 4 and abs(root.sum() - 1.0) < 1e-9


@pytest.fixture(scope="module")
def google(shared_data: Path) -> Taxonomy:
    folder = shared_data / "google-taxonomy"
    return read_google([folder / "taxonomy-with-ids.en-US.2021-09-21.txt", folder / "taxonomy-with-ids.de-DE.2015-02-19.txt"])


def test_on_the_google_taxonomy_a_partial_label_match_gives_way_to_the_parents_category(google: Taxonomy) -> None:
    # "Electric Toothbrushes" resembles "Toothbrush Covers" as much as "Toothbrushes"; the
    # parent maps exactly onto Toothbrushes (527), which has no children: the category
    # belongs there.
    src = SourceTree(locales=("de-DE", "en-US"))
    for code, parent, de, en in [
        ("gs", None, "Gesundheit & Schönheit", "Health & Beauty"), ("mp", "gs", "Mundpflege", "Oral Care"),
        ("zb", "mp", "Zahnbürsten", "Toothbrushes"), ("ez", "zb", "Elektrische Zahnbürsten", "Electric Toothbrushes"),
    ]:
        src.categories[code] = SourceCategory(code, parent, {"de-DE": de, "en-US": en})
    ranked = Suggester(google, calibration=None).suggest(src)
    assert [c.id for c in ranked["zb"][:1]] == ["527"]
    assert (ranked["ez"][0].id, ranked["ez"][0].how) == ("527", "broader")
    assert ranked["ez"][0].score < 1.0  # a judgement, not an exact match
    # without the model's say, the partial match would have won
    plain = Suggester(google, SuggestOptions(overrule=0.0), calibration=None).suggest(src)
    assert plain["ez"][0].id != "527"


def test_on_the_google_taxonomy_english_only_children_and_the_parents_alternatives_are_offered(google: Taxonomy) -> None:
    src = tree([
        ("bu", None, "Bürobedarf"), ("tr", "bu", "Taschenrechner"), ("wr", "tr", "Wissenschaftliche Rechner"),
        ("bk", None, "Bekleidung"), ("um", "bk", "Umstandsmode"), ("uh", "um", "Umstandshosen"), ("uj", "uh", "Jeans"),
    ])
    ranked = Suggester(google, calibration=None).suggest(src)
    # Scientific Calculators (543520) came with the 2021 English release and has no German label
    assert google.categories["543520"].labels.get("de-DE") is None
    assert ranked["wr"][0].id == "333" and "543520" in [c.id for c in ranked["wr"]]
    # maternity jeans: nothing in the taxonomy says "Jeans"; Clothing (1604), then Pants (204)
    assert [c.id for c in ranked["uj"][:2]] == ["1604", "204"]
