"""A list label holds the narrower kinds of each kind it lists: "Laserdrucker" belongs in "Drucker, Kopierer &
Faxgeräte", "Schreibtisch-Stühle" in "Büro- & Schreibtischstühle".

Made-up taxonomies and catalogues (no real shop's structure): the rule is read from how compounds and noun
phrases work, not from any labelled catalogue.
"""

from __future__ import annotations

import pytest
from taxonomy_trees import tree

from localize.taxonomy.kind_lists import KindLists, head_ending
from localize.taxonomy.suggest import Suggester, SuggestOptions
from localize.taxonomy.taxonomy_model import Category, Taxonomy
from localize.taxonomy.words import vocabularies

# An office taxonomy: the machines are one list label; the group above lists verbs that stem alike ("Drucken").
OFFICE = Taxonomy(name="office", locales=("en", "de", "fr"), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("office", None, {"en": "Office", "de": "Büro", "fr": "Bureau"}),
    ("office.print", "office", {"en": "Print, Copy, Scan & Fax", "de": "Drucken, Kopieren, Scannen & Faxen",
                                "fr": "Impression, copie, numérisation et télécopie"}),
    ("office.print.machines", "office.print", {"en": "Printers, Copiers & Fax Machines", "de": "Drucker, Kopierer & Faxgeräte",
                                               "fr": "Imprimantes, copieurs et télécopieurs"}),
    ("office.print.paper", "office.print", {"en": "Printer Paper", "de": "Druckerpapier", "fr": "Papier d'imprimante"}),
    ("office.print.scanners", "office.print", {"en": "Scanners", "de": "Scanner", "fr": "Scanners"}),
    ("office.print.ink", "office.print", {"en": "Toner & Ink", "de": "Toner & Tinte", "fr": "Toner et encre"}),
    ("office.furniture", "office", {"en": "Office Furniture", "de": "Büromöbel", "fr": "Mobilier de bureau"}),
    ("office.furniture.chairs", "office.furniture", {"en": "Office Chairs", "de": "Büro- & Schreibtischstühle",
                                                     "fr": "Sièges de bureau"}),
    ("office.furniture.seats", "office.furniture", {"en": "Chairs", "de": "Stühle", "fr": "Chaises"}),
    ("office.furniture.desks", "office.furniture", {"en": "Desks", "de": "Schreibtische", "fr": "Bureaux"}),
    ("office.furniture.kitchen", "office.furniture", {"en": "Kitchen Chairs & Stools", "de": "Küchenstühle & Hocker",
                                                      "fr": "Chaises et tabourets de cuisine"}),
    ("office.care", "office", {"en": "Care & Accessories", "de": "Pflege & Zubehör", "fr": "Entretien et accessoires"}),
]})
VOCABULARY = vocabularies(OFFICE)


def lists(language: str) -> KindLists:
    s = Suggester(OFFICE, calibration=None)
    index = next(i for i in s.indexes.values() if i.language == language)
    assert index.lists is not None
    return index.lists


def held(language: str, text: str) -> dict[str, float]:
    s = Suggester(OFFICE, calibration=None)
    index = next(i for i in s.indexes.values() if i.language == language)
    return {s.ids[row]: round(share, 3) for row, (share, _) in s._holding(index, text).items()}


@pytest.mark.parametrize(("language", "label"), [
    ("de", "Laserdrucker"),               # a compound whose known head is a listed kind
    ("en", "Laser printers"),             # "Printers, Copiers & Fax Machines" is no plain list in English: not used
    ("fr", "Imprimantes laser"),          # head first: "Imprimantes laser" starts with the listed "Imprimantes"
])
def test_a_narrower_kind_is_held_by_the_list_of_its_kind(language: str, label: str) -> None:
    want = {} if language == "en" else {"office.print.machines": 0.333}
    assert held(language, label) == want


def test_a_kind_written_otherwise_is_the_listed_one() -> None:
    # "Schreibtisch-Stühle" is "Schreibtischstühle" of "Büro- & Schreibtischstühle" (suspended hyphen filled in)
    assert held("de", "Schreibtisch-Stühle") == {"office.furniture.chairs": 0.5}


@pytest.mark.parametrize("label", [
    "Bürostühle und Zubehör",    # a label listing kinds names no narrower kind of one of them
    "Zubehör",                   # one word, no compound: the kind itself, not a narrower one
    "Gartenstühle",              # a chair, but no listed kind says garden (not the kitchen's, not the office's)
])
def test_what_is_no_narrower_kind(label: str) -> None:
    assert held("de", label) == {}


def test_the_written_word_decides_between_kinds_that_stem_alike() -> None:
    # "Drucker" (printers) and "Drucken" (printing) share the stem "druck": the head word's ending tells them apart
    assert held("de", "Laserdrucker") == {"office.print.machines": 0.333}
    assert held("de", "Laserdrucken") == {"office.print": 0.25}


def test_head_ending_keeps_the_written_word() -> None:
    assert head_ending("Drucker", "de") == "er" != head_ending("Drucken", "de")
    assert head_ending("LED printer", "en") == head_ending("Printers", "en")
    assert head_ending("Imprimantes laser", "fr") == head_ending("Imprimantes", "fr")


def test_a_kind_that_is_a_category_of_its_own_is_not_taken_from_the_list() -> None:
    # "Scanner" is a category: a "Flachbettscanner" belongs there, never in a list that names scanners too
    extra = Taxonomy(name="x", locales=("de",), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
        ("a", None, {"de": "Geräte"}),
        ("a.s", "a", {"de": "Scanner"}),
        ("a.l", "a", {"de": "Drucker & Scanner"}),
        ("a.k", "a", {"de": "Kopierer & Drucker"}),
    ]})
    s = Suggester(extra, calibration=None)
    index = s.indexes["de"]
    got = {s.ids[r] for r in s._holding(index, "Flachbettscanner")}
    assert got == set()
    assert {s.ids[r] for r in s._holding(index, "Laserdrucker")} == {"a.l", "a.k"}


def test_the_decision_reads_a_narrower_kind_as_the_listed_kind() -> None:
    s = Suggester(OFFICE, calibration=None)
    src = tree([("c", None, {"de-DE": "Laserdrucker"}), ("k", None, {"de-DE": "Drucker"})])
    narrower: list[dict[int, float]] = []
    sims = s.similarities(src, ["c", "k"], (0.0,), part_of=[], narrower=narrower)[0]
    machines = s.row["office.print.machines"]
    # the compound alone is barely similar to the list; the decision reads it as the listed kind "Drucker"
    assert sims[0, machines] < 0.5 * sims[1, machines]
    assert narrower[0] == {machines: pytest.approx(sims[1, machines])}
    assert narrower[1] == {}  # the kind itself: the exact-kind rule (`part_of`) says it already


def test_the_decision_scores_the_list_as_the_kind_it_lists() -> None:
    src = tree([("p", None, {"de-DE": "Büromöbel"}), ("c", "p", {"de-DE": "Schreibtisch-Stühle"}),
                ("k", "p", {"de-DE": "Schreibtischstühle"})])
    # the decision rule alone (the top-down model's overrule is another judgement, see test_taxonomy_alternatives)
    new = Suggester(OFFICE, SuggestOptions(overrule=0.0), calibration=None).suggest(src, top=5)
    old = Suggester(OFFICE, SuggestOptions(overrule=0.0, narrower=0.0), calibration=None).suggest(src, top=5)
    assert new["c"][0].id == old["c"][0].id == "office.furniture.chairs"
    # the hyphenated spelling is scored as the listed kind's own spelling is; without the rule it scored less
    assert new["c"][0].score == new["k"][0].score == old["k"][0].score
    assert old["c"][0].score < new["c"][0].score
