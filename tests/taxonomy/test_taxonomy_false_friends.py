"""A top-level group whose label matches a false friend is no context for the kinds below it.

An unseen shop structure (not one of the labelled Akeneo catalogues): a "Topseller" group whose English
label "Tops" is exactly the default taxonomy's tops (a false friend: the group holds kettles, headphones,
lipsticks and puzzles). Its label alone makes it likely enough to be its children's context (≥ ROOT_CONTEXT),
and placed with it as context its children only back off to it (echoes, which say nothing). Their own labels,
read without it (`Suggester._uncorroborated`'s probe), say other kinds: their agreement takes it back under
ROOT_CONTEXT, so they are placed as at the top level.
"""

from __future__ import annotations

from taxonomy_trees import DEFAULT, en_de_fr, tree

from localize.taxonomy.suggest import ROOT_CONTEXT, Suggester

SUGGESTER = Suggester(DEFAULT)
ROOT = ("root", None, en_de_fr("Catalogue", "Katalog", "Catalogue"))
KINDS = {"kettles": (en_de_fr("Kettles", "Wasserkocher", "Bouilloires"), "home.appliances.kettles"),
         "headphones": (en_de_fr("Headphones", "Kopfhörer", "Casques audio"), "electronics.audio.headphones"),
         "lipstick": (en_de_fr("Lipsticks", "Lippenstifte", "Rouges à lèvres"), "beauty.makeup.lipstick"),
         "puzzles": (en_de_fr("Puzzles", "Puzzles", "Puzzles"), "toys.games.puzzles")}


def test_the_kinds_below_a_false_friend_group_are_placed_as_at_the_top_level() -> None:
    rows = [ROOT, ("top", "root", en_de_fr("Tops", "Topseller", "Meilleures ventes")),
            *((code, "top", labels) for code, (labels, _) in KINDS.items())]
    ranked = SUGGESTER.suggest(tree(rows), top=3)
    assert ranked["top"][0].id == "apparel.tops"  # the false friend: exact in English only
    for code, (labels, right) in KINDS.items():
        alone = SUGGESTER.suggest(tree([ROOT, (code, "root", labels)]), top=3)[code][0]
        got = ranked[code][0]
        # before: every kind backed off to "Tops" (apparel.tops, 0.45, "broader")
        assert (got.id, got.score, got.how) == (alone.id, alone.score, alone.how)
        assert got.id == right and got.score >= 0.95


def test_the_false_friend_group_passed_the_context_test_on_its_label_alone() -> None:
    """Without its children the group is sure enough to be context: it is their agreement that takes it back."""
    alone = SUGGESTER.suggest(tree([ROOT, ("top", "root", en_de_fr("Tops", "Topseller", "Meilleures ventes"))]), top=3)
    assert alone["top"][0].id == "apparel.tops" and alone["top"][0].score >= ROOT_CONTEXT


def test_a_group_its_children_corroborate_stays_their_context() -> None:
    """"Games" (exact: toys.games) holding plush toys and building blocks (inside toys, some below games' parent)
    stays sure: the children are placed with it as context, and one without a label of its own backs off to it."""
    rows = [ROOT, ("play", "root", en_de_fr("Games", "Spiele", "Jeux")),
            ("plush", "play", en_de_fr("Plush toys", "Plüschtiere", "Peluches")),
            ("blocks", "play", en_de_fr("Building blocks", "Bausteine", "Jeux de construction")),
            ("rc", "play", en_de_fr("RC cars", "Ferngesteuerte Autos", "Voitures télécommandées"))]
    ranked = SUGGESTER.suggest(tree(rows), top=3)
    assert ranked["play"][0].id == "toys.games" and ranked["play"][0].score >= ROOT_CONTEXT
    assert (ranked["rc"][0].id, ranked["rc"][0].how) == ("toys.games", "broader")


def test_the_fit_sees_each_placed_category_once() -> None:
    """The probe and the first placement of the detached group's children never reach the fit's rows."""
    rows = [ROOT, ("top", "root", en_de_fr("Tops", "Topseller", "Meilleures ventes")),
            *((code, "top", labels) for code, (labels, _) in KINDS.items())]
    collect: list[tuple[str, str, list[float]]] = []
    SUGGESTER.suggest(tree(rows), top=3, collect=collect)
    pairs = [(code, cid) for code, cid, _ in collect]
    assert len(pairs) == len(set(pairs))
    for code, (labels, _) in KINDS.items():
        alone: list[tuple[str, str, list[float]]] = []
        SUGGESTER.suggest(tree([ROOT, (code, "root", labels)]), top=3, collect=alone)
        assert [item for item in collect if item[0] == code] == [item for item in alone if item[0] == code]
