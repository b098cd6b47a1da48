"""Suggestions (exact, broader-category back-off, cross-lingual), precedence, attributes and units."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from taxonomy_trees import tree

from localize.model import Quantity
from localize.taxonomy.attributes import AttributeMapper, EnumIndex, canonical_quantity, to_unit
from localize.taxonomy.crosslingual import learn
from localize.taxonomy.loader import DEFAULT_TAXONOMY, load_taxonomy
from localize.taxonomy.mapping import CategoryResolver, load_mapping
from localize.taxonomy.suggest import Suggester
from localize.taxonomy.taxonomy_model import Category, Taxonomy


def taxonomy(rows: list[tuple[str, str | None, dict[str, str]]]) -> Taxonomy:
    return Taxonomy(name="t", categories={cid: Category(cid, parent, labels) for cid, parent, labels in rows},
                    locales=("en", "de"))


TAX = taxonomy([
    ("apparel", None, {"en": "Apparel", "de": "Bekleidung"}),
    ("apparel.active", "apparel", {"en": "Activewear", "de": "Sportbekleidung"}),
    ("apparel.pants", "apparel", {"en": "Pants", "de": "Hosen"}),
    ("apparel.active.martial", "apparel.active", {"en": "Martial Arts Pants", "de": "Kampfsporthosen"}),
    ("kitchen", None, {"en": "Kitchen", "de": "Küche"}),
    ("kitchen.knives", "kitchen", {"en": "Kitchen Knives", "de": "Küchenmesser"}),
    ("kitchen.pots", "kitchen", {"en": "Pots", "de": "Töpfe"}),
])



def test_exact_label_in_the_parents_subtree_wins() -> None:
    src = tree([("bek", None, {"de-DE": "Bekleidung"}), ("sport", "bek", {"de-DE": "Sportbekleidung"})])
    ranked = Suggester(TAX, calibration=None).suggest(src)
    assert ranked["bek"][0].id == "apparel" and ranked["bek"][0].how == "exact" and ranked["bek"][0].score == 1.0
    assert ranked["sport"][0].id == "apparel.active" and ranked["sport"][0].score == 1.0


def test_no_exact_category_backs_off_to_the_nearest_broader_one() -> None:
    # "Jogginghosen" under "Sportbekleidung": the taxonomy has no jogging pants, and "Hosen" lives
    # outside the parent's subtree; the honest answer is the broader "Activewear".
    src = tree([
        ("bek", None, {"de-DE": "Bekleidung"}),
        ("sport", "bek", {"de-DE": "Sportbekleidung"}),
        ("jogging", "sport", {"de-DE": "Jogginghosen"}),
        ("grill", "bek", {"de-DE": "Grillzubehör"}),
    ])
    ranked = Suggester(TAX, calibration=None).suggest(src, top=3)
    assert ranked["jogging"][0].id == "apparel.active" and ranked["jogging"][0].how == "broader"
    assert ranked["jogging"][0].score == 0.6
    assert ranked["grill"][0].id == "apparel" and ranked["grill"][0].how == "broader"
    assert all(0.0 <= c.score <= 1.0 for cands in ranked.values() for c in cands)


def test_a_clearly_better_match_elsewhere_still_wins() -> None:
    src = tree([("bek", None, {"de-DE": "Bekleidung"}), ("messer", "bek", {"de-DE": "Küchenmesser"})])
    ranked = Suggester(TAX, calibration=None).suggest(src)
    # exact match outside the subtree of a sure parent: 0.6 share, ties go to the subtree
    assert ranked["messer"][0].id == "apparel"
    assert ranked["messer"][1].id == "kitchen.knives"


def test_a_fixed_parent_gives_the_context() -> None:
    src = tree([("k", None, {"de-DE": "Haushaltswaren"}), ("m", "k", {"de-DE": "Töpfe"}),
                ("x", "k", {"de-DE": "Eierbecher"})])
    free = Suggester(TAX, calibration=None).suggest(src)
    assert all(c.score < 0.6 for c in free["k"]) and all(c.score < 0.6 for c in free["x"])
    fixed = Suggester(TAX, calibration=None).suggest(src, fixed={"k": "kitchen"})
    assert fixed["k"] == [fixed["k"][0]] and fixed["k"][0].id == "kitchen" and fixed["k"][0].how == "fixed"
    assert fixed["m"][0].id == "kitchen.pots" and fixed["m"][0].score == 1.0
    # nothing like it in the taxonomy: the parent's (explicit) category, the nearest broader one
    assert (fixed["x"][0].id, fixed["x"][0].how, fixed["x"][0].score) == ("kitchen", "broader", 0.6)


def test_word_list_learned_from_aligned_labels_bridges_languages() -> None:
    tax = load_taxonomy(DEFAULT_TAXONOMY)
    lexicon = learn(tax, "de", "en")
    assert lexicon.translate(["kopfhor"])["headphon"] > 0.5
    assert lexicon.split("sportschuh") == ["sport", "schuh"]


def test_category_with_only_an_english_label_is_found_from_german(tmp_path: Path) -> None:
    tax = taxonomy([
        ("el", None, {"en": "Electronics", "de": "Elektronik"}),
        ("el.audio", "el", {"en": "Audio", "de": "Audio"}),
        ("el.audio.hp", "el.audio", {"en": "Headphones & Headsets", "de": "Kopfhörer & Headsets"}),
        ("el.audio.hp.headphones", "el.audio.hp", {"en": "Headphones"}),  # added later, English only
        ("el.audio.hp.headsets", "el.audio.hp", {"en": "Headsets"}),
    ])
    src = tree([("a", None, {"de-DE": "Audio"}), ("b", "a", {"de-DE": "Kopfhörer & Headsets"}),
                ("c", "b", {"de-DE": "Kopfhörer"})])
    ranked = Suggester(tax, calibration=None).suggest(src)
    assert ranked["b"][0].id == "el.audio.hp"
    # the group's German list names its English-only children ("Kopfhörer & Headsets" = "Headphones & Headsets"):
    # "Kopfhörer" is that child's label, read exactly (`crosslingual.listed_children`; the word list found it before)
    assert ranked["c"][0].id == "el.audio.hp.headphones" and ranked["c"][0].how == "exact"


def test_precedence_explicit_rule_accepted_auto_review(tmp_path: Path) -> None:
    mapping_file = tmp_path / "m.yaml"
    mapping_file.write_text("""\
categories:
  a: kitchen
  promo: null
rules:
  - match: "a/b*"
    to: kitchen.pots
  - regex: "(?i)messer"
    to: kitchen.knives
accepted:
  b: apparel
  c: apparel.pants
""", encoding="utf-8")
    mapping = load_mapping(mapping_file, TAX)
    src = tree([
        ("a", None, {"de-DE": "Haushalt"}),
        ("b", "a", {"de-DE": "Töpfe"}),            # rule beats accepted
        ("c", "a", {"de-DE": "Hosen"}),            # accepted
        ("d", "a", {"de-DE": "Brotmesser"}),       # regex rule on the label path
        ("e", None, {"de-DE": "Hose"}),            # auto (exact; not a copy of c, which would make it a copy outside the type trees)
        ("f", None, {"de-DE": "Gartenmöbel"}),     # review
        ("promo", None, {"de-DE": "Aktionen"}),
        ("gifts", "promo", {"de-DE": "Geschenke"}),
    ])
    resolver = CategoryResolver(TAX, src, mapping, threshold=0.6)
    got = {code: (res.how, res.id) for code, res in resolver.resolutions.items()}
    assert got == {
        "a": ("explicit", "kitchen"), "b": ("rule", "kitchen.pots"), "c": ("accepted", "apparel.pants"),
        "d": ("rule", "kitchen.knives"), "e": ("auto", "apparel.pants"), "f": ("review", None),
        "promo": ("ignored", None), "gifts": ("ignored", None),
    }
    assert resolver.for_product(("gifts", "e")).code == "e"
    assert resolver.for_product(("e", "b")).how == "rule"
    assert resolver.coverage() == {"explicit": 1, "rule": 2, "accepted": 1, "auto": 1, "review": 1, "ignored": 2}


def test_enum_values_normalise_across_spellings_and_languages() -> None:
    tax = load_taxonomy(DEFAULT_TAXONOMY)
    index = EnumIndex.build(tax.attributes["color"])
    for spelling in ("rot", "Rot", "red", "RED", "rouge", "Rojo", "rosso", "レッド", "color_red"):
        assert index.normalize(spelling, prefix="color") == "red", spelling
    assert index.normalize("Marineblau") == "navy" and index.normalize("navy_blue") == "navy"
    assert index.normalize("bordeaux") is None
    mapper = AttributeMapper(tax, values={"color": {"bordeaux": "red"}})
    assert mapper.enum_value("color", "Bordeaux") == "red"
    assert tax.value_label("color", "navy", "fr-CH") == "Bleu marine"


def test_attribute_codes_are_suggested_from_names_and_labels() -> None:
    tax = load_taxonomy(DEFAULT_TAXONOMY)
    mapper = AttributeMapper(tax)
    assert mapper.resolve("colour").shared == "color"
    assert mapper.resolve("farbe_x", {"de_DE": "Farbe"}).shared == "color"
    assert mapper.resolve("net_weight").shared == "weight"
    assert mapper.resolve("internal_note") is None


@pytest.mark.parametrize(("amount", "unit", "target", "expected"), [
    ("500", "GRAM", "KILOGRAM", "0.5"),
    ("2", "POUND", "KILOGRAM", "0.90718474"),
    ("55", "INCH", "CENTIMETER", "139.7"),
    ("1", "GALLON", "LITER", "4.54609"),  # Akeneo's GALLON is the imperial one (localize.units)
    ("1", "KILOBYTE", "BYTE", "1024"),
    ("212", "FAHRENHEIT", "CELSIUS", "100"),
])
def test_metric_values_to_canonical_units(amount: str, unit: str, target: str, expected: str) -> None:
    got = to_unit(Quantity(Decimal(amount), unit), None, target)
    assert got is not None and got.unit == target and got.amount == Decimal(expected)


def test_canonical_unit_of_a_shared_attribute() -> None:
    tax = load_taxonomy(DEFAULT_TAXONOMY)
    assert canonical_quantity(tax.attributes["weight"], Quantity(Decimal("180"), "GRAM")) == Quantity(Decimal("0.18"), "KILOGRAM")
    assert canonical_quantity(tax.attributes["weight"], Quantity(Decimal("1"), "LITER")) is None


def test_every_spelling_of_the_default_taxonomy_leads_back_to_its_value() -> None:
    tax = load_taxonomy(DEFAULT_TAXONOMY)
    ambiguous = []
    for attr in tax.attributes.values():
        if attr.type != "enum":
            continue
        index = EnumIndex.build(attr)
        for value in attr.values.values():
            for spelling in (value.code, *value.aliases):
                assert index.normalize(spelling) == value.code, (attr.code, spelling)
            for locale, label in value.labels.items():
                got = index.normalize(label)
                assert got in (value.code, None), (attr.code, locale, label, got)
                if got is None:
                    ambiguous.append((attr.code, locale, label))
    # A label two values share across languages is ambiguous and left out on purpose; keep that rare.
    assert len(ambiguous) <= 5, ambiguous
