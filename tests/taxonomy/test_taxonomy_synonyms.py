"""The default taxonomy knows the words retail catalogues use for a kind of product, in each language."""

from __future__ import annotations

import pytest

from localize.taxonomy.loader import DEFAULT_TAXONOMY, load_taxonomy
from localize.taxonomy.source import SourceCategory, SourceTree
from localize.taxonomy.suggest import Suggester

DEFAULT = load_taxonomy(DEFAULT_TAXONOMY)
SUGGESTER = Suggester(DEFAULT)


@pytest.mark.parametrize(("locale", "label", "expected"), [
    ("de-DE", "Bildschirme", "electronics.computers.monitors"),
    ("en-US", "Computer monitors", "electronics.computers.monitors"),
    ("fr-FR", "Moniteurs", "electronics.computers.monitors"),
    ("de-DE", "Beamer", "electronics.video.projectors"),
    ("fr-FR", "Vidéoprojecteurs", "electronics.video.projectors"),
    ("de-DE", "Notebooks", "electronics.computers.laptops"),
    ("en-US", "TVs", "electronics.video.televisions"),
    ("de-DE", "Fernsehgeräte", "electronics.video.televisions"),
    ("en-US", "Clothing", "apparel"),
    ("de-DE", "Kleidung", "apparel"),
    ("en-US", "Shoes", "footwear"),
    ("de-DE", "Unterwäsche", "apparel.underwear"),
    ("en-US", "Office furniture", "home.furniture"),
    ("de-DE", "Bürostühle", "home.furniture.chairs"),
    ("en-US", "Desks", "home.furniture.tables"),
    ("de-DE", "Multifunktionsdrucker", "electronics.computers.printers"),
    ("en-US", "Mugs", "home.tableware.mugs"),
])
def test_common_retail_words_are_exact_matches(locale: str, label: str, expected: str) -> None:
    tree = SourceTree(locales=(locale,))
    tree.categories["c"] = SourceCategory("c", None, {locale: label})
    first = SUGGESTER.suggest(tree, top=3)["c"][0]
    assert (first.id, first.how) == (expected, "exact")


def test_english_notebooks_stay_ambiguous() -> None:
    """In English a notebook is as often paper as a computer: no alias says it is a laptop."""
    laptops = DEFAULT.categories["electronics.computers.laptops"]
    assert "Notebooks" not in laptops.aliases.get("en", [])
    assert "Notebooks" in laptops.aliases.get("de", [])


def test_a_regional_source_matches_its_language_labels_exactly() -> None:
    """An en-US catalogue reads the taxonomy's `en` label where no `en-US` one exists: word for word, exact."""
    tree = SourceTree(locales=("en-US",))
    tree.categories["c"] = SourceCategory("c", None, {"en-US": "Televisions"})
    first = SUGGESTER.suggest(tree, top=3)["c"][0]
    assert "en-US" not in DEFAULT.categories["electronics.video.televisions"].labels
    assert (first.id, first.how) == ("electronics.video.televisions", "exact")
