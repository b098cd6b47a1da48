"""Compound heads and misspelt heads, learnt from the taxonomy's own words (`localize/taxonomy/words.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from taxonomy_trees import tree

from localize.taxonomy.google import read_google
from localize.taxonomy.label_features import features, heads, stem, tokens
from localize.taxonomy.suggest import Suggester
from localize.taxonomy.taxonomy_model import Category, Taxonomy
from localize.taxonomy.words import MIN_HEAD, MIN_MODIFIER, Vocabulary, one_edit, vocabularies


def vocabulary(language: str, *labels: str) -> Vocabulary:
    return Vocabulary.learn(language, [pair for label in labels for pair in tokens(label, language)])


GERMAN = vocabulary("de", "Drucker", "Laserpointer", "Laser-Wasserwaagen", "Büromöbel", "Tische", "Arbeit",
                    "Handschuhe", "Schuhe", "Hände", "Computermonitore", "Kameramonitore", "Computer", "Kamera",
                    "Projektoren", "Projekte", "Fotos", "Scanner")


@pytest.mark.parametrize(("word", "expected"), [
    ("Laserdrucker", ("las", "druck")),           # "Laser" stems to "las", as in the taxonomy's "Laserpointer"
    ("Bürotische", ("buro", "tisch")),            # cut before stemming: the word's own stem "burot" lost "-isch"
    ("Arbeitshandschuhe", ("arbeit", "handschuh")),  # the longest known head (not Schuh), linking -s- dropped
    ("Fotoscanner", ("foto", "scann")),
    ("Handschuhe", ()),                           # a word the taxonomy knows is not cut: gloves are not shoes
    ("Drucker", ()),
    ("PC", ()),
])
def test_a_source_compound_is_cut_at_the_longest_head_the_taxonomy_knows(word: str, expected: tuple[str, ...]) -> None:
    ((folded, stemmed),) = tokens(word, "de")
    assert GERMAN.split(folded, stemmed) == expected


def test_a_head_the_taxonomy_writes_only_inside_compounds_is_a_head() -> None:
    # "Monitor" never stands alone in this taxonomy, but ends two compounds after known modifiers
    assert "monitor" not in GERMAN.known and "monitor" in GERMAN.tails
    ((folded, stemmed),) = tokens("Fitnessmonitore", "de")
    assert GERMAN.split(folded, stemmed) == ("fitness", "monitor")  # an unknown modifier as written
    assert heads("Fitnessmonitore", "de", GERMAN) == ["monitor"]
    assert heads("Laserdrucker", "de", GERMAN) == ["druck"]
    assert heads("Laserdrucker", "de") == []  # without the vocabulary: one word, its own head


def test_a_misspelt_head_is_read_as_the_one_known_word_one_letter_away() -> None:
    assert GERMAN.correct(stem("projectoren", "de")) == "projektor"
    assert "w:projektor" in features("TVs und projectoren", "de", GERMAN)
    assert heads("TVs und projectoren", "de", GERMAN) == ["tvs", "tv", "projektor"]  # an acronym's plural: TV
    # ambiguous: two known words one letter away -> left as it is
    two = vocabulary("de", "Kasten", "Kassen", "Tasten")
    assert two.correct("kaste") is None or len({w for w in two.known if one_edit("kaste", w)}) == 1
    assert two.correct("xasten") is None
    # a short word is another word, not a misspelling ("Tasse" / "Kasse")
    assert vocabulary("de", "Kasse").correct("tass") is None
    # without the vocabulary (the taxonomy's own labels) nothing is corrected, and a modifier is not a head
    assert "w:projektor" not in features("projectoren", "de")
    assert "w:projekt" not in features("Projecte Drucker", "de", GERMAN)


def test_english_words_are_not_cut() -> None:
    english = vocabulary("en", "Printers", "Laser Pointers", "Lasers")
    ((folded, stemmed),) = tokens("Laserprinters", "en")
    assert english.split(folded, stemmed) == ()


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("projector", "projektor", True), ("projektor", "projektr", True), ("projektor", "projektorx", True),
    ("projektor", "porjektor", True), ("projektor", "projektor", False), ("projektor", "prjektr", False),
    ("drucker", "drucken", True), ("ab", "ba", True), ("abc", "cab", False),
])
def test_one_edit(a: str, b: str, expected: bool) -> None:
    assert one_edit(a, b) is expected
    assert one_edit(b, a) is expected


# ---- against the taxonomy's own compounds (Google's German labels) --------------------------------------------

@pytest.fixture(scope="module")
def google_de(shared_data: Path) -> tuple[Vocabulary, list[str]]:
    google = shared_data / "google-taxonomy"
    taxonomy = read_google([google / "taxonomy-with-ids.en-US.2021-09-21.txt",
                            google / "taxonomy-with-ids.de-DE.2015-02-19.txt"])
    german = vocabularies(taxonomy)["de"]
    # the taxonomy's one-word German labels of plain letters: modifiers and heads to build new compounds from
    singles = sorted({w for c in taxonomy.categories.values() if (t := c.labels.get("de-DE"))
                      for w, s in tokens(t, "de") if w.isalpha() and len(tokens(t, "de")) == 1
                      and len(w) >= MIN_HEAD + 1 and len(s) >= MIN_HEAD})
    return german, singles


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_unseen_compound_of_two_taxonomy_words_is_cut_into_them(google_de: tuple[Vocabulary, list[str]],
                                                                  data: st.DataObject) -> None:
    german, singles = google_de
    modifier = data.draw(st.sampled_from(singles), label="modifier")
    head = data.draw(st.sampled_from(singles), label="head")
    word = modifier + head
    stemmed = stem(word, "de")
    assume(stemmed not in german.known)  # an unseen word
    # no longer tail of the new word is a word of the taxonomy (then that one is the head, rightly)
    assume(all(stem(word[cut:], "de") not in german.known for cut in range(MIN_MODIFIER, len(modifier))))
    got = german.split(word, stemmed)
    assert got[-1] == stem(head, "de"), (word, got)
    assert got[0] == german._base(modifier)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_taxonomy_word_with_one_letter_changed_is_read_back_when_unambiguous(
        google_de: tuple[Vocabulary, list[str]], data: st.DataObject) -> None:
    german, singles = google_de
    word = data.draw(st.sampled_from(sorted(w for w in german.known if len(w) >= 7 and w.isalpha())), label="word")
    at = data.draw(st.integers(1, len(word) - 2), label="at")
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), label="letter")
    misspelt = word[:at] + letter + word[at + 1:]
    assume(misspelt not in german.known)
    near = {k for k in german.known if one_edit(misspelt, k)}
    assert german.correct(misspelt) == (word if near == {word} else None)


# ---- what it changes in the ranking -----------------------------------------------------------------------------

SMALL = Taxonomy(name="t", locales=("de",), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("office", None, {"de": "Bürobedarf"}),
    ("office.printers", "office", {"de": "Drucker"}),
    ("office.pointers", "office", {"de": "Laserpointer"}),
    ("office.levels", "office", {"de": "Laser-Wasserwaagen"}),
    ("office.monitors", "office", {"de": "Computermonitore"}),
    ("office.camera_monitors", "office", {"de": "Kameramonitore"}),
    ("office.projectors", "office", {"de": "Projektoren"}),
    ("office.projects", "office", {"de": "Projekte"}),
    ("office.computers", "office", {"de": "Computer"}),
    ("office.cameras", "office", {"de": "Kameras"}),
]})


@pytest.mark.parametrize(("label", "expected"), [
    ("Laserdrucker", "office.printers"),      # a kind of Drucker, not of Laserpointer
    ("Projectoren", "office.projectors"),     # misspelt (Dutch spelling)
])
def test_the_label_most_similar_names_the_heads_kind(label: str, expected: str) -> None:
    src = tree([("x", None, {"de-DE": label})])
    suggester = Suggester(SMALL, calibration=None)
    sims = suggester.similarity(src, ["x"])[0]
    best = max(range(len(sims)), key=lambda i: (sims[i], -i))
    assert suggester.ids[best] == expected, {suggester.ids[i]: round(float(s), 3) for i, s in enumerate(sims)}


@pytest.fixture(scope="module")
def google_suggester(shared_data: Path) -> Suggester:
    google = shared_data / "google-taxonomy"
    return Suggester(read_google([google / "taxonomy-with-ids.en-US.2021-09-21.txt",
                                  google / "taxonomy-with-ids.de-DE.2015-02-19.txt"]), calibration=None)


@pytest.mark.parametrize(("label", "kind"), [
    ("Laserdrucker", "drucker"),          # before: Laserpointer (the modifier's match)
    ("Arbeitshandschuhe", "handschuhe"),  # before: Arbeitshosen
])
def test_onto_google_the_best_label_names_the_compounds_head(google_suggester: Suggester, label: str, kind: str) -> None:
    # the decision's view of the labels (a label matching only a modifier keeps half its similarity)
    sims = google_suggester.similarities(tree([("x", None, {"de-DE": label})]), ["x"], (0.0,), headed=(True,))[0][0]
    best = google_suggester.ids[int(sims.argmax())]
    assert kind in google_suggester.taxonomy.categories[best].labels["de-DE"].casefold(), (
        best, google_suggester.taxonomy.categories[best].labels)
