"""A brand used as the name of a kind ("Post-it", "Tesafilm") is read as the taxonomy's words for that kind, and a
category without any label is read by its code. Made-up taxonomy and catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from taxonomy_trees import tree

from localize.taxonomy.brand_names import BRAND_NAMES, generic
from localize.taxonomy.label_features import fold
from localize.taxonomy.source import SourceCategory
from localize.taxonomy.suggest import Suggester
from localize.taxonomy.taxonomy_model import Category, Taxonomy

DESK = Taxonomy(name="desk", locales=("en", "de"), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("office", None, {"en": "Office Supplies", "de": "Bürobedarf"}),
    ("office.notes", "office", {"en": "Sticky Notes", "de": "Haftnotizen"}),
    ("office.notebooks", "office", {"en": "Notebooks & Notepads", "de": "Notizbücher & -blöcke"}),
    ("office.tape", "office", {"en": "Adhesive Tape", "de": "Klebeband"}),
    ("office.glue", "office", {"en": "Glue", "de": "Klebstoff"}),
]})


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Post-it notes", "en", "sticky notes"),        # the longest name first: not "sticky notes notes"
    ("Post-its", "en", "sticky notes"),
    ("Tesafilm", "de", "Klebeband"),
    ("Post-it & Tesafilm", "de", "Haftnotizen & Klebeband"),
    ("Postiteration", "en", "Postiteration"),       # whole words only
    ("Sticky notes", "en", "Sticky notes"),         # nothing listed: the text as it is
    ("Tesafilm", "it", "Tesafilm"),                 # a language without a section
])
def test_brand_names_read_as_their_generic_words(text: str, language: str, expected: str) -> None:
    assert generic(text, language) == expected


def test_the_list_is_small_folded_and_names_no_ordinary_word() -> None:
    """The shipped list: a resource a reviewer reads in one sitting, every name written as it is compared."""
    data = yaml.safe_load(BRAND_NAMES.read_text(encoding="utf-8"))
    names = [name for section in data.values() for name in section]
    assert len(names) < 100
    assert all(name == fold(name) for name in names)
    # ordinary words that are also brands are left out (the generic words replace the name)
    assert not {"scotch", "uhu", "tempo"} & set(names)


def test_another_list_can_be_given(tmp_path: Path) -> None:
    own = tmp_path / "brands.yaml"
    own.write_text("en:\n  hoover: vacuum cleaners\n", encoding="utf-8")
    assert generic("Hoover bags", "en", own) == "vacuum cleaners bags"
    assert generic("Post-its", "en", own) == "Post-its"


@pytest.mark.parametrize(("locale", "label"), [("en-US", "Post-its"), ("de-DE", "Post-it"), ("de-DE", "Tesafilm")])
def test_a_brand_category_finds_its_kind(locale: str, label: str) -> None:
    src = tree([("office", None, {locale: {"en-US": "Office", "de-DE": "Büro"}[locale]}), ("b", "office", {locale: label})])
    first = Suggester(DESK, calibration=None).suggest(src, top=3)["b"][0]
    expected = "office.tape" if label == "Tesafilm" else "office.notes"
    assert (first.id, first.how) == (expected, "exact")


def test_a_category_without_labels_is_read_by_its_code() -> None:
    src = tree([("office", None, {"en-US": "Office supplies"})])
    src.categories["postit_notes"] = SourceCategory("postit_notes", "office", {})
    src.categories["adhesive_tape"] = SourceCategory("adhesive_tape", "office", {})
    got = Suggester(DESK, calibration=None).suggest(src, top=3)
    assert got["postit_notes"][0].id == "office.notes"
    assert got["adhesive_tape"][0].id == "office.tape"
