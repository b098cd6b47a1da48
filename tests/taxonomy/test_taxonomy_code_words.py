"""A category the categories file lists without any label is read by its code, as one missing from the file is
(`readable_codes.code_words`): Akeneo shows it by its code, and `postit_notes` is all there is to read."""

from __future__ import annotations

import pytest
from taxonomy_trees import tree

from localize.taxonomy.readable_codes import code_words
from localize.taxonomy.suggest import Suggester
from localize.taxonomy.taxonomy_model import Category, Taxonomy

TAX = Taxonomy(name="t", locales=("en", "de"), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("office", None, {"en": "Office Supplies", "de": "Bürobedarf"}),
    ("office.instruments", "office", {"en": "Office Instruments", "de": "Büroarbeitsmittel"}),
    ("office.instruments.stamps", "office.instruments", {"en": "Office Rubber Stamps", "de": "Bürostempel"}),
    ("office.instruments.staplers", "office.instruments", {"en": "Staplers", "de": "Hefter"}),
    ("office.general", "office", {"en": "General Office Supplies", "de": "Schreibwaren"}),
    ("office.general.paper", "office.general", {"en": "Paper Products", "de": "Papierprodukte"}),
    ("office.general.paper.notes", "office.general.paper", {"en": "Sticky Notes", "de": "Haftnotizen"}),
    ("office.general.paper.pads", "office.general.paper", {"en": "Notebooks & Notepads", "de": "Notizbücher & Notizblöcke"}),
    ("office.general.tape", "office.general", {"en": "Office Tape", "de": "Klebeband"}),
    ("arts", None, {"en": "Arts & Entertainment", "de": "Kunst & Unterhaltung"}),
    ("arts.collectibles", "arts", {"en": "Collectibles", "de": "Sammlerstücke"}),
    ("arts.collectibles.stamps", "arts.collectibles", {"en": "Postage Stamps", "de": "Briefmarken"}),
]})


@pytest.mark.parametrize(("code", "expected"), [
    ("postit_notes", "postit notes"), ("desk-supplies", "desk supplies"), ("tshirts", "tshirts"),
    ("aa-1-24-1", None), ("1234", None), ("x_1", None),   # ids, not words
])
def test_code_words(code: str, expected: str | None) -> None:
    assert code_words(code) == expected


@pytest.mark.parametrize("calibration", [None, "default"])
def test_a_category_listed_without_labels_is_read_by_its_code(calibration: str | None) -> None:
    src = tree([("desk", None, {"en-US": "Office Supplies", "de-DE": "Bürobedarf"}),
                ("sticky_notes", "desk", {}), ("office_tape", "desk", {}), ("aa-1-24", "desk", {})])
    ranked = Suggester(TAX, calibration=calibration).suggest(src, top=5)
    # before, a category without labels was ranked from nothing: the back-off to its parent's mapping, and
    # alternatives the top-down model spread over the parent's children alone
    assert ranked["sticky_notes"][0].id == "office.general.paper.notes", ranked["sticky_notes"]
    assert ranked["office_tape"][0].id == "office.general.tape", ranked["office_tape"]
    # an id is no label: such a category still has nothing to be read by, and backs off to its parent's mapping
    assert ranked["aa-1-24"][0].id == "office", ranked["aa-1-24"]
    assert all(c.how != "exact" for c in ranked["aa-1-24"])
