"""The products' names as a second witness of what a category holds (`localize/taxonomy/products.py`).

A name says what the product is when it names a kind ("HP LaserJet 1160 Printer"), and nothing when it is
a model number ("NEC EX201W-BK"). It is read against the category's candidates only, by their head words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomy_trees import DEFAULT, en_de_fr, tree
from test_taxonomy_products import FAMILIES, MISFILED

from localize.model import Origin, Product, Value
from localize.taxonomy.mapping import CategoryResolver
from localize.taxonomy.products import (
    NAME_CHARS,
    NAMES_PER_CATEGORY,
    NameReader,
    ProductEvidence,
    load_evidence,
    named_shares,
    product_text,
    read_product_rows,
    save_evidence,
)
from localize.taxonomy.words import vocabularies

READER = NameReader(DEFAULT, vocabularies(DEFAULT))


def evidence(products: list[tuple[list[str], str | None, str | None]], source: object = MISFILED) -> ProductEvidence:
    ev = ProductEvidence(source)  # type: ignore[arg-type]
    for cats, family, name in products:
        ev.add(cats, family, name)
    return ev


def test_names_are_kept_per_category_up_the_tree_bounded_and_distinct() -> None:
    ev = evidence([(["speakers"], None, f"Acme S{i}  Bluetooth speaker") for i in range(NAMES_PER_CATEGORY + 5)]
                  + [(["speakers"], None, "Acme S0 Bluetooth speaker")])
    assert ev.names["speakers"] == [f"Acme S{i} Bluetooth speaker" for i in range(NAMES_PER_CATEGORY)]
    assert ev.names["tvs_projectors"] == ev.names["master"] == ev.names["speakers"]  # the parents hold them too
    assert "speakers" not in ev.counts  # a name without a family is a name, not a family
    assert ev.products == NAMES_PER_CATEGORY + 6


def test_a_name_names_a_kind_by_its_head_word_or_the_acronym_the_taxonomy_spells_out() -> None:
    assert READER.names("Acme BX-200 Bookshelf Speaker", "electronics.audio.speakers")
    assert READER.names("LG 32LS570S LED TV", "electronics.video.televisions")
    assert READER.names("Samsung UE32 LED-Fernseher, Full HD", "electronics.video.televisions")
    assert not READER.names("NEC EX201W-BK", "electronics.video.televisions")
    # "Cutting boards" is about boards: a cutting mat does not name them
    assert READER.names("Acme bamboo cutting board 40 cm", "home.kitchen_tools.cutting_boards")
    assert not READER.names("Acme cutting mat A3", "home.kitchen_tools.cutting_boards")


def test_named_shares_count_names_naming_nothing_as_silent() -> None:
    said = [frozenset({"electronics.audio.speakers"}), frozenset(), frozenset({"electronics.audio"}),
            frozenset({"home.kitchen_tools.knives"})]
    # inside: speakers (at it); the broader "audio" is on its path (neither); knives elsewhere; the empty one silent
    assert named_shares(DEFAULT, said, "electronics.audio.speakers") == (0.25, 0.25)
    assert named_shares(DEFAULT, said, "electronics.audio") == (0.5, 0.25)
    assert named_shares(DEFAULT, [], "electronics.audio") == (0.0, 0.0)


def test_names_raise_a_misfiled_category_whose_products_say_what_it_is() -> None:
    products = [(["speakers"], "speakers", f"Acme S{i} Bluetooth Speaker") for i in range(8)]
    products += [(["led_tvs"], "led_tvs", f"Acme T{i} LED TV") for i in range(8)]
    families_only = CategoryResolver(DEFAULT, MISFILED, products=evidence([(c, f, None) for c, f, _ in products]),
                                     families=FAMILIES).resolutions["speakers"]
    named = CategoryResolver(DEFAULT, MISFILED, products=evidence(products), families=FAMILIES).resolutions["speakers"]
    assert families_only.candidates[0].id == named.candidates[0].id == "electronics.audio.speakers"
    assert named.score > families_only.score


def test_names_of_another_candidate_kind_lower_the_confidence_and_model_numbers_say_nothing() -> None:
    def led_tvs(names: list[str | None]) -> Any:
        ev = evidence([(["led_tvs"], "led_tvs", name) for name in names])
        return CategoryResolver(DEFAULT, MISFILED, products=ev, families=FAMILIES).resolutions["led_tvs"]

    silent = led_tvs([f"Acme KX-{i}" for i in range(8)])
    assert silent.candidates[0].id == "electronics.video.televisions"
    assert silent.score == led_tvs([None] * 8).score  # model numbers say what no name says: nothing
    other = next(c.id for c in silent.candidates[1:] if not DEFAULT.is_ancestor(c.id, silent.candidates[0].id))
    label = DEFAULT.categories[other].labels["en"]
    assert led_tvs([f"Acme {label} {i}" for i in range(8)]).score < silent.score
    assert led_tvs([f"Acme T{i} LED TV" for i in range(8)]).score > silent.score
    # a kind the labels never proposed is not weighed: it says nothing either way
    assert led_tvs(["Acme cutting mat"] + [f"Acme KX-{i}" for i in range(7)]).score == silent.score


# A catalogue whose "Accessories" group (a label of several kinds) holds products of two kinds.
MIXED = tree([
    ("master", None, en_de_fr("Master catalog", "Hauptkatalog", "Catalogue principal")),
    ("accessories", "master", en_de_fr("Accessories", "Zubehör", "Accessoires")),
    ("phones", "master", en_de_fr("Phones", "Handys", "Téléphones")),
])


def test_mixed_or_misfiled_products_never_decide_a_category_on_their_own() -> None:
    """Wrong or split evidence must not push a category over the threshold: half belts and half phone cases
    (names and families) in "Accessories", or phones whose products are all belts, go to a person."""
    families = {"belts": en_de_fr("Belts", "Gürtel", "Ceintures"),
                "cases": en_de_fr("Phone cases", "Handyhüllen", "Coques de téléphone"), **FAMILIES}
    mixed = [(["accessories"], "belts", f"Acme leather belt {i}") for i in range(20)]
    mixed += [(["accessories"], "cases", f"Acme phone case {i}") for i in range(20)]
    misfiled = [(["phones"], "belts", f"Acme leather belt B{i}") for i in range(30)]
    resolver = CategoryResolver(DEFAULT, MIXED, products=evidence(mixed + misfiled, MIXED), families=families)
    for code in ("accessories", "phones"):
        res = resolver.resolutions[code]
        assert res.how == "review" and res.id is None, (code, res)
        assert res.score < resolver.threshold
    # and the products alone never apply their own kind to the category
    assert all(c.id != "apparel.accessories.belts" or c.score < resolver.threshold
               for c in resolver.resolutions["phones"].candidates)


def test_names_are_read_from_products_and_akeneo_rows(tmp_path: Path) -> None:
    product = Product("A1", Origin("p.csv", 2), values={
        "name": [Value("fr_FR", None, "Enceinte Acme"), Value("de_DE", None, "Acme Lautsprecher")],
        "description": [Value("de_DE", "print", "<b>Kabelloser Lautsprecher</b> " + "x" * 400)]})
    text = product_text(product, "de_DE")
    assert text is not None and text.startswith("Acme Lautsprecher <b>Kabelloser Lautsprecher</b>")
    assert len(text) == len("Acme Lautsprecher ") + NAME_CHARS
    assert product_text(Product("A2", Origin("p.csv", 3)), "de_DE") is None
    (tmp_path / "products.csv").write_text(
        "sku;family;categories;name;short_description-en_US-print;description-en_US-print\n"
        "A;speakers;speakers,acme;Acme S1;;Bookshelf speaker\nB;;led_tvs;;;\n", encoding="utf-8")
    assert list(read_product_rows(tmp_path / "products.csv")) == [
        (["speakers", "acme"], "speakers", "Acme S1 Bookshelf speaker"), (["led_tvs"], None, None)]


def test_names_survive_the_evidence_cache(tmp_path: Path) -> None:
    ev = evidence([(["speakers"], "speakers", "Acme S1 speaker"), (["led_tvs"], None, "Acme T1 LED TV")])
    save_evidence(tmp_path / "product-evidence-x.json", ev)
    again = load_evidence(tmp_path / "product-evidence-x.json", MISFILED)
    assert again is not None and again.names == ev.names and again.counts == ev.counts
