"""Languages vote on exact labels (`Suggester._vote`, `SuggestOptions.vote`): with three labelled languages, a
taxonomy row that one of them names exactly while the others name another row exactly, or share nothing with it,
is not an exact match.

A made-up taxonomy in English, German and French. French stemming reads "Sur-chaussures" (shoe covers) as
"Chaussures" (shoes); "Fournitures de bureau" is office supplies, and "Desk supplies" shares a word with it;
"Cameras" has the French label "Appareils photo" where a catalogue says "Caméras"; "Play Gyms" has an English
label only.
"""

from __future__ import annotations

from taxonomy_trees import tree

from localize.taxonomy.suggest import Suggester, SuggestOptions
from localize.taxonomy.taxonomy_model import Category, Taxonomy

TAX = Taxonomy(name="t", locales=("en", "de", "fr"), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("shoes", None, {"en": "Shoes", "de": "Schuhe", "fr": "Chaussures"}),
    ("shoes.covers", "shoes", {"en": "Shoe Covers", "de": "Überschuhe", "fr": "Sur-chaussures"}),
    ("office", None, {"en": "Office Supplies", "de": "Bürobedarf", "fr": "Fournitures de bureau"}),
    ("office.general", "office", {"en": "General Office Supplies", "de": "Schreibwaren",
                                  "fr": "Fournitures de bureau générales"}),
    ("baby", None, {"en": "Play Mats", "de": "Spieldecken", "fr": "Tapis de jeu"}),
    ("cams", None, {"en": "Cameras", "de": "Kameras", "fr": "Appareils photo"}),
    ("baby.gyms", "baby", {"en": "Play Gyms"}),
]})

SOURCE = [
    ("shoes", None, {"en-US": "Shoes", "de-DE": "Schuhe", "fr-FR": "Chaussures"}),
    ("desk", None, {"en-US": "Desk supplies", "de-DE": "Schreibtisch Versorgung", "fr-FR": "Fournitures de bureau"}),
    ("gyms", None, {"en-US": "Play Gyms", "de-DE": "Spielbögen", "fr-FR": "Tapis d'éveil"}),
    ("cams", None, {"en-US": "Cameras", "de-DE": "Cameras", "fr-FR": "Caméras"}),
]


def similarity(rows: list[tuple[str, str | None, dict[str, str]]], vote: bool) -> dict[tuple[str, str], float]:
    s = Suggester(TAX, SuggestOptions(vote=vote), calibration=None)
    src = tree(rows)
    codes = list(src.categories)
    sims = s.similarity(src, codes)
    return {(code, cid): float(sims[r, s.row[cid]]) for r, code in enumerate(codes) for cid in s.ids}


def test_a_row_one_language_of_three_names_while_the_others_name_another_is_not_exact() -> None:
    old, new = similarity(SOURCE, False), similarity(SOURCE, True)
    # one language alone made both exact
    assert old["shoes", "shoes.covers"] == old["shoes", "shoes"] == 1.0
    # the three languages name shoes; only French names shoe covers, and German and English name shoes exactly
    assert new["shoes", "shoes"] == 1.0
    assert new["shoes", "shoes.covers"] < 0.999
    # what is left is the languages' mean: the French exact label still counts for a third
    assert 1.0 / 3.0 <= new["shoes", "shoes.covers"] < 1.0


def test_a_language_whose_label_is_near_the_row_is_no_vote_against_it() -> None:
    """A synonym or another spelling is not disagreement: "Cameras" (German shops write it so) is near "Kameras",
    and "Desk supplies" shares a word with "Office Supplies"; only French names each row exactly or not at all."""
    new = similarity(SOURCE, True)
    assert new["cams", "cams"] == 1.0
    assert new["desk", "office"] == 1.0
    # the decision then goes to shoes alone
    ranked = Suggester(TAX, SuggestOptions(vote=True), calibration=None).suggest(tree(SOURCE[:1]), top=3)
    assert ranked["shoes"][0].id == "shoes" and ranked["shoes"][0].how == "exact"


def test_languages_a_row_has_no_label_in_have_no_say() -> None:
    # "Play Gyms" is labelled in English only: German and French cannot disagree about it
    assert similarity(SOURCE, True)["gyms", "baby.gyms"] == 1.0


def test_two_languages_have_no_minority() -> None:
    two = [("desk", None, {"en-US": "Desk supplies", "fr-FR": "Fournitures de bureau"})]
    assert similarity(two, True)["desk", "office"] == similarity(two, False)["desk", "office"] == 1.0


def test_a_group_named_by_a_false_friend_in_one_language_is_not_exact() -> None:
    """test_taxonomy_false_friends' "Topseller" group: "Tops" is the default taxonomy's tops in English only; German
    and French say best sellers. The vote takes the exact match away before any context is given."""
    from taxonomy_trees import DEFAULT, en_de_fr

    rows = [("top", None, en_de_fr("Tops", "Topseller", "Meilleures ventes"))]
    for vote, exact in ((False, True), (True, False)):
        s = Suggester(DEFAULT, SuggestOptions(vote=vote), calibration=None)
        got = float(s.similarity(tree(rows), ["top"])[0, s.row["apparel.tops"]])
        assert (got >= 0.999) is exact
