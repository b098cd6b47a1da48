"""What a category's parent tells about it: a catalogue root tells nothing; a label listing kinds names their parent."""

from __future__ import annotations

from localize.taxonomy.loader import DEFAULT_TAXONOMY, load_taxonomy
from localize.taxonomy.source import SourceCategory, SourceTree
from localize.taxonomy.suggest import Suggester

DEFAULT = load_taxonomy(DEFAULT_TAXONOMY)
SUGGESTER = Suggester(DEFAULT)


def tree(rows: list[tuple[str, str | None, dict[str, str]]]) -> SourceTree:
    """A catalogue tree in the locales its labels use."""
    out = SourceTree(locales=tuple(sorted({loc for row in rows for loc in row[2]})))
    out.categories.update({code: SourceCategory(code, parent, labels) for code, parent, labels in rows})
    return out


def first(labels: dict[str, str]) -> tuple[str, float, str]:
    got = SUGGESTER.suggest(tree([("c", None, labels)]), top=3)["c"][0]
    return got.id, got.score, got.how


def test_a_catalogue_root_gives_its_children_no_context() -> None:
    """Under "Product catalogue" (no kind of product) a category is as sure as at the top level."""
    rows = [("root", None, {"en-US": "Product catalogue", "de-DE": "Produktkatalog"}),
            ("kitchen", "root", {"en-US": "Cookware", "de-DE": "Kochgeschirr"}),
            ("garments", "root", {"en-US": "Clothing", "de-DE": "Kleidung"})]
    ranked = SUGGESTER.suggest(tree(rows), top=3)
    assert ranked["root"][0].score < 0.5
    for code, labels in (("kitchen", rows[1][2]), ("garments", rows[2][2])):
        alone = first(labels)
        assert (ranked[code][0].id, ranked[code][0].score) == alone[:2]
        assert alone[1] >= 0.9


def test_a_label_listing_kinds_names_their_common_parent() -> None:
    assert first({"en-US": "Televisions and projectors"})[::2] == ("electronics.video", "exact")
    assert first({"de-DE": "Fernseher und Projektoren"})[::2] == ("electronics.video", "exact")
    assert first({"fr-FR": "Téléviseurs, projecteurs"})[::2] == ("electronics.video", "exact")
    assert first({"en-US": "Headphones & speakers"})[::2] == ("electronics.audio", "exact")


def test_kinds_without_a_common_parent_or_unknown_name_nothing_joined() -> None:
    # different top-level categories: no parent holds both
    got = first({"en-US": "Sandals and mugs"})
    assert got[2] != "exact" and got[0] not in ("footwear", "home")
    # one kind the taxonomy does not know: the label says no more than its words
    assert first({"en-US": "Televisions and aquariums"})[2] != "exact"
