"""A category or family known only by its code matches the label the code was made from.

Akeneo codes have no spaces or hyphens: "T-Shirts" becomes `tshirts`, "PC Monitors" `pc_monitors` or
`pcmonitors`. A family without labels in families.csv (icecat's `tshirts`) is known by its code only
(`products.family_tree`), as is a category missing from the categories file (`map_context.add_codes`); its
text `tshirts` shares no word with "T-Shirts", so icecat's T-shirt family went to Shirts (0.41) and its 108
products contradicted the category's own exact label (0.9986 -> 0.9035, under the threshold). The content
words written as one word (`readable_codes.joined`) are an exact match for such a category, never for a label a
person wrote (there "Tshirts" is what it says).
"""

from __future__ import annotations

from taxonomy_trees import DEFAULT

from localize.taxonomy.products import family_tree
from localize.taxonomy.readable_codes import joined
from localize.taxonomy.source import SourceCategory, SourceTree
from localize.taxonomy.suggest import Suggester

LOCALES = ("en-US", "de-DE", "fr-FR")


def test_the_words_of_a_label_written_as_one() -> None:
    assert joined("T-Shirts", "en") == joined("tshirts", "en") == joined("tshirt", "en")
    assert joined("PC Monitors", "en") == joined("pcmonitors", "en") == joined("pc monitors", "en")
    assert joined("T-Shirts", "en") != joined("Shirts", "en")
    assert joined("Tシャツ", "ja") is None  # no spaces to drop


def test_a_family_known_by_its_code_matches_the_label_it_was_made_from() -> None:
    """Fails on the old code: `tshirts` went to apparel.tops.shirts (0.41, a similar label)."""
    ranked = Suggester(DEFAULT).suggest(family_tree(["tshirts", "pcmonitors"], {}, LOCALES), top=3)
    assert ranked["tshirts"][0].id == "apparel.tops.tshirts" and ranked["tshirts"][0].how == "exact"
    assert ranked["pcmonitors"][0].id == "electronics.computers.monitors" and ranked["pcmonitors"][0].how == "exact"


def test_only_a_code_reads_so() -> None:
    """The same text as a label a person wrote is not an exact match (nor would the fitted data have any)."""
    tree = SourceTree(locales=LOCALES)
    tree.categories["x"] = SourceCategory("x", None, dict.fromkeys(LOCALES, "tshirts"))
    first = Suggester(DEFAULT).suggest(tree, top=3)["x"][0]
    assert not (first.id == "apparel.tops.tshirts" and first.how == "exact")
