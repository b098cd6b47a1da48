"""Below its parent's mapping a label is read by its head: "Stamps" below Office Supplies are its "Office Rubber
Stamps", "Umstandskleider" below Clothing its "Kleider" (`Suggester._head_pick`)."""

from __future__ import annotations

import pytest
from taxonomy_trees import tree

from localize.taxonomy.label_features import kind_heads
from localize.taxonomy.readable_codes import code_words
from localize.taxonomy.source import SourceCategory
from localize.taxonomy.suggest import Suggester
from localize.taxonomy.taxonomy_model import Category, Taxonomy


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Stamps", "en", ["stamp"]),                                   # one word: its own head
    ("Office Rubber Stamps", "en", ["stamp"]),
    ("Kleider", "de", ["kleid"]),
    ("Drucker, Kopierer & Faxgeräte", "de", ["druck", "kopi", "faxgerat"]),   # each listed kind
    # a list after a preposition qualifies the kind: these are accessories, not printers or copiers
    ("Zubehör für Drucker, Kopierer & Faxgeräte", "de", ["zubehor"]),
    ("Accessoires pour imprimantes, copieurs et télécopieurs", "fr", ["accessoir"]),
    ("Chaises de bureau", "fr", ["chais"]),
    ("Laser and LED printers", "en", ["laser", "printer"]),
])
def test_kind_heads(text: str, language: str, expected: list[str]) -> None:
    assert kind_heads(text, language) == expected


TAX = Taxonomy(name="t", locales=("en", "de"), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("office", None, {"en": "Office Supplies", "de": "Bürobedarf"}),
    ("office.instruments", "office", {"en": "Office Instruments", "de": "Büroarbeitsmittel"}),
    ("office.instruments.stamps", "office.instruments", {"en": "Office Rubber Stamps", "de": "Bürostempel"}),
    ("office.instruments.staplers", "office.instruments", {"en": "Staplers", "de": "Hefter"}),
    ("office.general", "office", {"en": "General Office Supplies", "de": "Schreibwaren"}),
    ("office.general.paper", "office.general", {"en": "Paper Products", "de": "Papierprodukte"}),
    ("office.general.paper.notes", "office.general.paper", {"en": "Sticky Notes", "de": "Haftnotizen"}),
    ("office.general.paper.pads", "office.general.paper", {"en": "Notebooks & Notepads", "de": "Notizbücher & Notizblöcke"}),
    ("arts", None, {"en": "Arts & Entertainment", "de": "Kunst & Unterhaltung"}),
    ("arts.collectibles", "arts", {"en": "Collectibles", "de": "Sammlerstücke"}),
    ("arts.collectibles.stamps", "arts.collectibles", {"en": "Postage Stamps", "de": "Briefmarken"}),
    ("arts.collectibles.seals", "arts.collectibles", {"en": "Seal Stamps", "de": "Siegelstempel"}),
    ("apparel", None, {"en": "Apparel & Accessories", "de": "Bekleidung & Accessoires"}),
    ("apparel.clothing", "apparel", {"en": "Clothing", "de": "Bekleidung"}),
    ("apparel.clothing.dresses", "apparel.clothing", {"en": "Dresses", "de": "Kleider"}),
    ("apparel.clothing.skirts", "apparel.clothing", {"en": "Skirts", "de": "Röcke"}),
    ("apparel.clothing.pants", "apparel.clothing", {"en": "Pants", "de": "Hosen"}),
    ("apparel.clothing.swim", "apparel.clothing", {"en": "Swimwear", "de": "Bademode"}),
]})


def _first(src_rows: list[tuple[str, str | None, dict[str, str]]], code: str) -> str:
    return Suggester(TAX, calibration=None).suggest(tree(src_rows), top=5)[code][0].id


def test_a_short_label_is_the_one_kind_below_its_parent_that_has_its_head(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Stamps" below Office Supplies: the office's only stamps, two levels down; not the back-off to the
    # parent's mapping ("somewhere in office supplies"), nor the collectors' stamps elsewhere
    rows = [("desk", None, {"en-US": "Office Supplies"}), ("stamps", "desk", {"en-US": "Stamps"})]
    assert _first(rows, "desk") == "office"
    assert _first(rows, "stamps") == "office.instruments.stamps"
    coll = [("coll", None, {"en-US": "Collectibles"}), ("stamps", "coll", {"en-US": "Postal stamps"})]
    got = Suggester(TAX, calibration=None).suggest(tree(coll), top=5)["stamps"]
    # without the rule: the back-off to the parent's mapping, as before
    monkeypatch.setattr(Suggester, "_head_pick", lambda self, parent, named: None)
    assert _first(rows, "stamps") == "office"
    # below the collectibles two kinds have that head: the rule says nothing, the labels decide as before
    assert Suggester(TAX, calibration=None).suggest(tree(coll), top=5)["stamps"] == got


def test_a_compound_is_the_kind_its_head_names_below_the_parent() -> None:
    # maternity dresses and skirts below Clothing are its dresses and skirts (German compounds, cut by the
    # taxonomy's own words): before, the back-off to Clothing won
    rows = [("clothes", None, {"de-DE": "Bekleidung"}), ("dresses", "clothes", {"de-DE": "Umstandskleider"}),
            ("skirts", "clothes", {"de-DE": "Umstandsröcke"})]
    assert _first(rows, "dresses") == "apparel.clothing.dresses"
    assert _first(rows, "skirts") == "apparel.clothing.skirts"


def test_a_label_without_a_kind_below_the_parent_backs_off_as_before() -> None:
    rows = [("clothes", None, {"de-DE": "Bekleidung"}), ("hats", "clothes", {"de-DE": "Mützen"})]
    assert _first(rows, "hats") == "apparel.clothing"


def test_the_shipped_calibration_ranks_the_head_first() -> None:
    # the calibrated ranking (`same_head`, fitted on the dev set's half_b) keeps the head's kind first
    src = tree([("desk", None, {"en-US": "Office Supplies", "de-DE": "Bürobedarf"}),
                ("stamps", "desk", {"en-US": "Stamps", "de-DE": "Stempel"})])
    ranked = Suggester(TAX).suggest(src, top=5)
    assert ranked["stamps"][0].id == "office.instruments.stamps", ranked["stamps"]


@pytest.mark.parametrize(("code", "expected"), [
    ("postit_notes", "postit notes"), ("desk-supplies", "desk supplies"), ("tshirts", "tshirts"),
    ("aa-1-24-1", None), ("1234", None), ("x_1", None),   # ids, not words
])
def test_code_words(code: str, expected: str | None) -> None:
    assert code_words(code) == expected


def test_a_category_listed_without_labels_is_read_by_its_code() -> None:
    # Akeneo shows a category without labels by its code, and the code is all there is to read: "postit_notes"
    # below office supplies are its sticky notes (before: the back-off to the parent's mapping, from nothing)
    rows = [("desk", None, {"en-US": "Office Supplies", "de-DE": "Bürobedarf"}), ("postit_notes", "desk", {})]
    src = tree(rows)
    assert _first(rows, "postit_notes") == "office.general.paper.notes"
    # an id is no label: such a category still has nothing to be read by, and backs off
    src.categories["aa-1-24"] = SourceCategory("aa-1-24", "desk", {})
    assert Suggester(TAX, calibration=None).suggest(src, top=5)["aa-1-24"][0].id == "office"
