"""A taxonomy label names the kind of its own head: "Printer Filters" are filters, whatever the source says of printers.

Made-up taxonomies and catalogues (no real shop's structure): the rule is read from how noun phrases work,
not from any labelled catalogue.
"""

from __future__ import annotations

import numpy as np
import pytest
from taxonomy_trees import tree

from localize.taxonomy.head_match import head_table, label_heads, named_stems, other_kinds
from localize.taxonomy.label_features import heads, listed_kinds
from localize.taxonomy.suggest import Suggester, SuggestOptions
from localize.taxonomy.taxonomy_model import Category, Taxonomy
from localize.taxonomy.words import vocabularies

# A small shop-supplies taxonomy: one listing label holds the printers, its siblings are things *for* printers.
PRINT = Taxonomy(name="print", locales=("en", "de"), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("office", None, {"en": "Office Equipment", "de": "Büroausstattung"}),
    ("office.print", "office", {"en": "Print, Copy & Scan", "de": "Drucken, Kopieren & Scannen"}),
    ("office.print.machines", "office.print", {"en": "Printers, Copiers & Fax Machines", "de": "Drucker, Kopierer & Faxgeräte"}),
    ("office.print.filters", "office.print", {"en": "Laser Printer Filters", "de": "Filter für Laserdrucker"}),
    ("office.print.stands", "office.print", {"en": "Printer Stands", "de": "Ständer für Drucker"}),
    ("office.print.scanners", "office.print", {"en": "Scanners", "de": "Scanner"}),
    ("office.pointers", "office", {"en": "Laser Pointers", "de": "Laserpointer"}),
    ("games", None, {"en": "Games", "de": "Spiele"}),
    ("games.chips", "games", {"en": "Poker Chips & Sets", "de": "Pokerchips & -sets"}),
    ("games.cards", "games", {"en": "Playing Cards", "de": "Spielkarten"}),
    ("games.chip_cases", "games", {"en": "Chip Cases", "de": "Chips"}),
    ("furniture", None, {"en": "Furniture", "de": "Möbel"}),
    ("furniture.chairs", "furniture", {"en": "Chairs", "de": "Stühle"}),
    ("furniture.office_chairs", "furniture", {"en": "Office Chairs", "de": "Büro- & Schreibtischstühle"}),
    ("furniture.desks", "furniture", {"en": "Desks", "de": "Schreibtische"}),
]})
VOCABULARY = vocabularies(PRINT)


def test_a_taxonomy_labels_head_must_be_named_by_the_source() -> None:
    labels = ["Printer Filters", "3D Printers", "Printers", None, "Laser Pointers", "Printers, Copiers & Fax Machines"]
    table = head_table(labels, "en")
    got = other_kinds(table, [named_stems("Laser and LED printers", "en"), None])
    # filters and pointers are other kinds; a one-word label has no head of its own; a list needs one kind named
    assert got[0].tolist() == [True, False, False, False, True, False]
    assert not got[1].any()  # a source without a label in this language lowers nothing


def test_suspended_hyphens_leave_the_head_to_the_next_kind() -> None:
    # "Büro-" is not a kind: "Büro- & Schreibtischstühle" are Bürostühle and Schreibtischstühle
    assert heads("Büro- & Schreibtischstühle", "de") == ["schreibtischstuhl"]
    de = VOCABULARY["de"]
    assert label_heads("Büro- & Schreibtischstühle", "de", de) == ["schreibtischstuhl", "stuhl"]
    assert listed_kinds("Büro- & Schreibtischstühle", "de", de) == ["bürostühle", "schreibtischstühle"]
    assert listed_kinds("Pokerchips & -sets", "de", de) == ["pokerchips", "pokersets"]
    assert listed_kinds("Activewear-Sweatshirts und -Hoodies", "de", de) == ["activewear-sweatshirts", "activewear-hoodies"]
    # without a vocabulary nothing is guessed
    assert listed_kinds("Pokerchips & -sets", "de") == ["pokerchips", "-sets"]


def test_a_german_compound_names_the_head_of_a_hyphenated_one() -> None:
    # "Schreibtisch-Stühle" are Stühle, and so are "Büro- & Schreibtischstühle": not another kind
    table = head_table(["Büro- & Schreibtischstühle", "Filter für Drucker"], "de", VOCABULARY["de"])
    said = named_stems("Schreibtisch-Stühle", "de", VOCABULARY["de"])
    assert other_kinds(table, [said]).tolist() == [[False, True]]


@pytest.mark.parametrize(("locale", "label"), [("en-US", "Laser printers"), ("de-DE", "Laserdrucker")])
def test_things_for_printers_do_not_take_the_printers(locale: str, label: str) -> None:
    src = tree([("print", None, {locale: {"en-US": "Printing", "de-DE": "Drucken"}[locale]}),
                ("laser", "print", {locale: label})])
    new = Suggester(PRINT, SuggestOptions(theirs=True), calibration=None).suggest(src, top=5)["laser"][0]
    old = Suggester(PRINT, SuggestOptions(theirs=False), calibration=None).suggest(src, top=5)["laser"][0]
    # "Laser Printer Filters" says everything the source says, but they are filters: the printers, or their
    # broader group when no label of printers is close enough
    assert new.id in ("office.print.machines", "office.print"), new
    assert old.id == "office.print.filters", old  # the old decision took them


def test_the_rule_lowers_only_labels_of_other_kinds() -> None:
    """The mask the decision reads: exactly the rows whose head the source does not name (and never an exact match)."""
    s = Suggester(PRINT, SuggestOptions(theirs=True), calibration=None)
    src = tree([("chips", None, {"en-US": "Casino chips"})])
    modifiers: list[np.ndarray] = []
    s.similarities(src, ["chips"], (0.0,), headed=(True,), modifiers=modifiers)
    lowered = {s.ids[i] for i in np.flatnonzero(modifiers[0][0])}
    assert "games.chips" not in lowered          # Poker Chips & Sets: chips
    assert "games.chip_cases" in lowered         # Chip Cases: cases
