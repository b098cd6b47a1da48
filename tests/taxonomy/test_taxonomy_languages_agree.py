"""Short PIM labels in several languages onto a taxonomy (issue 12):

- whether each of the source's languages, read alone, chooses the same category is a feature of its own
  (`languages_agree`, `suggest.agreement`): three labels that each find "Envelopes" are three witnesses, which the
  mean similarity does not say;
- the head decides the kind: the top-down model (which reads a label whole) does not overrule the decision towards a
  category whose label matches only the source label's modifiers ("Desks" for "Desk chairs");
- the one category whose label is exact in every one of two or more source languages leaves the parent's mapping
  when it lies beside it ("Shoes/Schuhe/Chaussures" below "Clothes": Google files Shoes beside Clothing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from taxonomy_trees import en_de, en_de_fr, tree

from localize.taxonomy.calibrate import EVIDENCE_FEATURES, FEATURES
from localize.taxonomy.google import read_google
from localize.taxonomy.suggest import Suggester, agreement
from localize.taxonomy.taxonomy_model import Category, Taxonomy

SMALL = Taxonomy(name="t", locales=("en", "de", "fr"), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("office", None, {"en": "Office Supplies", "de": "Bürobedarf", "fr": "Fournitures de bureau"}),
    ("office.envelopes", "office", {"en": "Envelopes", "de": "Briefumschläge", "fr": "Enveloppes"}),
    ("office.seals", "office", {"en": "Envelope Seals", "de": "Siegel", "fr": "Cachets"}),
    ("office.paper", "office", {"en": "Paper", "de": "Papier", "fr": "Papier"}),
    ("home", None, {"en": "Home", "de": "Haus", "fr": "Maison"}),
    ("home.mugs", "home", {"en": "Mugs", "de": "Becher", "fr": "Chopes"}),
    ("home.cups", "home", {"en": "Cups", "de": "Tassen", "fr": "Tasses"}),
]})


def test_agreement_counts_the_languages_beyond_the_first() -> None:
    assert [agreement(k) for k in (0, 1, 2, 3, 4)] == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_the_languages_agreement_is_a_feature_of_both_models() -> None:
    assert "languages_agree" in FEATURES and "languages_agree" in EVIDENCE_FEATURES


def _agree(src_rows: list[tuple[str, str | None, dict[str, str]]], code: str) -> dict[str, float]:
    collect: list[tuple[str, str, list[float]]] = []
    Suggester(SMALL, calibration=None).suggest(tree(src_rows), top=5, collect=collect)
    column = FEATURES.index("languages_agree")
    return {cid: feats[column] for c, cid, feats in collect if c == code}


def test_each_language_that_chooses_the_category_alone_is_counted() -> None:
    # all three languages find the envelopes, each alone ("Umschläge" is no exact label: still the most similar)
    three = _agree([("env", None, en_de_fr("Envelopes", "Umschläge", "Enveloppes"))], "env")
    assert three["office.envelopes"] == 1.0
    assert three.get("office.seals", 0.0) == 0.0
    # two of three: the German label finds the cups, English and French the mugs
    two = _agree([("mug", None, en_de_fr("Mugs", "Tassen", "Chopes"))], "mug")
    assert two["home.mugs"] == 0.5 and two["home.cups"] == 0.0
    # one language: nothing to agree
    one = _agree([("env", None, {"en-US": "Envelopes"})], "env")
    assert one["office.envelopes"] == 0.0


def test_a_category_known_only_by_its_code_has_no_languages_to_agree() -> None:
    # its code is one text tried as each language: the "languages" are not independent witnesses
    bare = tree([("labelled", None, en_de_fr("Home", "Haus", "Maison")), ("envelopes", None, {})])
    collect: list[tuple[str, str, list[float]]] = []
    Suggester(SMALL, calibration=None).suggest(bare, top=5, collect=collect)
    column = FEATURES.index("languages_agree")
    mine = [feats[column] for code, _, feats in collect if code == "envelopes"]
    assert mine and set(mine) == {0.0}


@pytest.fixture(scope="module")
def google(shared_data: Path) -> Taxonomy:
    files = shared_data / "google-taxonomy"
    return read_google([files / f"taxonomy-with-ids.{loc}.txt" for loc in ("en-US.2021-09-21", "de-DE.2015-02-19",
                                                                          "fr-FR.2015-02-19")])


class _Rankings(dict):  # type: ignore[type-arg]
    """One ranking onto Google's taxonomy per calibration, built when first asked for (one costs seconds)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        super().__init__()
        self.taxonomy = taxonomy

    def __missing__(self, calibration: str | None) -> Suggester:
        self[calibration] = Suggester(self.taxonomy, calibration=calibration)
        return self[calibration]


@pytest.fixture(scope="module")
def onto_google(google: Taxonomy) -> dict[str | None, Suggester]:
    return _Rankings(google)


@pytest.mark.parametrize("calibration", [None, "default"])
def test_the_head_decides_the_kind_not_the_modifier(onto_google: dict[str | None, Suggester], calibration: str | None) -> None:
    # "Desk chairs" are chairs: before, the top-down model (reading "desk" as much as "chairs") overruled the
    # decision Office Chairs with Desks
    src = tree([("office_furniture", None, en_de_fr("Office furniture", "Büromöbel", "Mobilier de bureau")),
                ("desk_chairs", "office_furniture", en_de_fr("Desk chairs", "Schreibtisch-Stühle", "Chaises de bureau"))])
    got = onto_google[calibration].suggest(src, top=3)["desk_chairs"]
    assert got[0].id == "2045", got  # Furniture > Office Furniture > Office Chairs


@pytest.mark.parametrize("calibration", [None, "default"])
@pytest.mark.parametrize(("labels", "expected"), [
    (en_de_fr("Shoes", "Schuhe", "Chaussures"), "187"),   # Apparel & Accessories > Shoes
    (en_de("Handbags", "Handtaschen"), "3032"),          # ... > Handbags, Wallets & Cases > Handbags
    (en_de("Jewelry", "Schmuck"), "188"),                # ... > Jewelry
])
def test_a_label_exact_in_every_language_leaves_the_parents_mapping(onto_google: dict[str | None, Suggester],
                                                                    calibration: str | None, labels: dict[str, str],
                                                                    expected: str) -> None:
    # a catalogue's "Clothes" holds more than Google's Clothing: its children named exactly in every language
    # they have are Google's siblings of Clothing, not Clothing
    src = tree([("clothes", None, {loc: {"en-US": "Clothes", "de-DE": "Kleidung", "fr-FR": "Vêtements"}[loc]
                                   for loc in labels}),
                ("child", "clothes", labels)])
    got = onto_google[calibration].suggest(src, top=3)["child"]
    assert got[0].id == expected, got


def test_one_language_alone_may_be_a_false_friend_and_keeps_the_parents_mapping(
        onto_google: dict[str | None, Suggester]) -> None:
    # one exact label is not enough to leave the parent's subtree for free ("Bureau" is a desk in French)
    src = tree([("clothes", None, {"en-US": "Clothes"}), ("shoes", "clothes", {"en-US": "Shoes"})])
    got = onto_google[None].suggest(src, top=3)["shoes"]
    assert got[0].id == "1604" and got[0].how == "broader", got
