"""The second witness's cost in a resolver (`pivot.py`, `CategoryResolver._without_witness_outside_types`).

Onto Google's taxonomy the resolver ranks every category with the witness, decides which trees describe
product types, and ranks the categories outside them again without the witness. That second ranking used to
build a second `Suggester` of the whole target taxonomy (its TF-IDF indexes, vocabularies, word lists: half of
`taxonomy suggest`'s CPU on icecat onto Google); it now reuses the resolver's own, with the witness off for that
call (`Suggester.suggest(witness=False)`), and must rank exactly as a suggester without the pivot does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from taxonomy_trees import tree

from localize.taxonomy.google import read_google
from localize.taxonomy.mapping import CategoryResolver
from localize.taxonomy.suggest import Suggester, SuggestOptions


@pytest.fixture(scope="module")
def google(shared_data: Path):  # type: ignore[no-untyped-def]
    files = shared_data / "google-taxonomy"
    return read_google([files / "taxonomy-with-ids.en-US.2021-09-21.txt", files / "taxonomy-with-ids.de-DE.2015-02-19.txt"])


def de(label: str) -> dict[str, str]:
    return {"de-DE": label}


# A made-up shop: a tree of product kinds, and a sales tree that groups them by occasion (not a kind of product).
SHOP = [
    ("master", None, de("Sortiment")),
    ("tech", "master", de("Technik")), ("kitchen", "master", de("Küche")),
    ("tv", "tech", de("Fernsehgeräte")), ("scan", "tech", de("Dokumentenscanner")), ("cam", "tech", de("Camcorder")),
    ("beamer", "tech", de("Beamer")), ("mugs", "kitchen", de("Becher")), ("knives", "kitchen", de("Küchenmesser")),
    ("sales", None, de("Aktionen")),
    ("gifts", "sales", de("Geschenkideen")), ("summer", "sales", de("Sommerschlussverkauf")),
    ("home", "gifts", de("Fürs Zuhause")), ("kids", "gifts", de("Für Kinder")), ("last", "summer", de("Restposten")),
]


def test_the_resolver_builds_one_index_of_the_target_taxonomy(google, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Fails on the old code: it built a second Suggester of Google's taxonomy for the sales tree."""
    built: list[str] = []
    init = Suggester.__init__

    def counting(self, taxonomy, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(taxonomy.name)
        init(self, taxonomy, *args, **kwargs)

    monkeypatch.setattr(Suggester, "__init__", counting)
    resolver = CategoryResolver(google, tree(SHOP))
    assert resolver.type_roots == {"master"}  # the premise: a tree outside the product types, ranked again
    assert built.count(google.name) == 1
    assert len(built) == 2  # ... and one of the default taxonomy: the witness's ranking


def test_without_the_witness_the_same_suggester_ranks_as_one_without_the_pivot(google) -> None:  # type: ignore[no-untyped-def]
    """The old path (a Suggester with `pivot=False`, same calibration) is the oracle; the witness moves
    something in this shop (else the test could not tell the two apart), and a call without it leaves
    nothing behind for the next call with it."""
    shop = tree(SHOP)
    suggester = Suggester(google)
    with_witness = suggester.suggest(shop, top=5)
    without = suggester.suggest(shop, top=5, witness=False)
    oracle = Suggester(google, SuggestOptions(pivot=False), calibration=suggester.calibration).suggest(shop, top=5)
    assert without == oracle
    assert with_witness != without
    assert suggester.suggest(shop, top=5) == with_witness


def test_outside_the_product_types_the_resolver_keeps_no_witness(google) -> None:  # type: ignore[no-untyped-def]
    """The sales tree's categories are ranked as a resolver without the pivot ranks them (the trees are
    ranked independently of each other; `_copies` does not apply: no sales label repeats a master label)."""
    with_pivot = CategoryResolver(google, tree(SHOP))
    plain = CategoryResolver(google, tree(SHOP), options=SuggestOptions(pivot=False))
    assert plain.type_roots == with_pivot.type_roots == {"master"}
    sales = [c for c in tree(SHOP).categories if c == "sales" or tree(SHOP).ancestors(c)[:1] == ["sales"]]
    assert len(sales) == 6
    for code in sales:
        got, want = with_pivot.resolutions[code], plain.resolutions[code]
        assert (got.how, got.id, got.score, got.candidates) == (want.how, want.id, want.score, want.candidates), code


def test_named_product_type_trees_rank_the_others_once_without_the_witness(google, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With `taxonomy.trees` the product-type trees are known before the ranking: the sales tree is ranked once,
    never with the witness (fails on the old code: it ranked every category with the witness first, then the
    sales tree again), and every resolution is the one the detected trees give."""
    from localize.taxonomy.pivot import Pivot

    detected = CategoryResolver(google, tree(SHOP))
    asked: list[set[str]] = []
    witnesses = Pivot.witnesses

    def recording(self, source, codes):  # type: ignore[no-untyped-def]
        asked.append(set(codes))
        return witnesses(self, source, codes)

    monkeypatch.setattr(Pivot, "witnesses", recording)
    named = CategoryResolver(google, tree(SHOP), trees=["master"])
    sales = {c for c in tree(SHOP).categories if c == "sales" or tree(SHOP).ancestors(c)[:1] == ["sales"]}
    assert asked and not any(codes & sales for codes in asked)
    assert detected.type_roots == named.type_roots == {"master"}
    for code in tree(SHOP).categories:
        got, want = named.resolutions[code], detected.resolutions[code]
        assert (got.how, got.id, got.score, got.candidates) == (want.how, want.id, want.score, want.candidates), code
