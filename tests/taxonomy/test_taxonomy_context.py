"""What a category's parent tells about it: a catalogue root tells nothing; a label listing kinds names their parent."""

from __future__ import annotations

from taxonomy_trees import DEFAULT, tree

from localize.taxonomy.calibrate import default_threshold
from localize.taxonomy.suggest import Suggester

SUGGESTER = Suggester(DEFAULT)


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


def test_groupings_below_a_catalogue_root_give_their_children_no_context_either() -> None:
    """Seasons' collections (and a group the taxonomy has no kind for) under a root: still no kind of product,
    so the kinds below them are placed as at the top level, not pushed into the groupings' unlikely guesses."""
    rows = [("y2024", None, {"en-US": "2024 collection", "de-DE": "Kollektion 2024"}),
            ("winter", "y2024", {"en-US": "Winter collection", "de-DE": "Winterkollektion"}),
            ("summer", "y2024", {"en-US": "Summer collection", "de-DE": "Sommerkollektion"}),
            ("boots", "winter", {"en-US": "Boots", "de-DE": "Stiefel"}),
            ("sandals", "summer", {"en-US": "Sandals", "de-DE": "Sandalen"})]
    ranked = SUGGESTER.suggest(tree(rows), top=3)
    for grouping in ("y2024", "winter", "summer"):
        assert ranked[grouping][0].score < 0.5
    for code, labels in (("boots", rows[3][2]), ("sandals", rows[4][2])):
        alone = first(labels)
        assert (ranked[code][0].id, ranked[code][0].score) == alone[:2]
        # and surely enough that a run applies them (0.959 was the calibrated default threshold when this was written)
        assert alone[0].startswith("footwear.") and alone[1] >= default_threshold()


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


def test_an_office_electronics_tree_finds_scanners_and_mp3_players_and_their_common_parent() -> None:
    """A PIM's "print and scan" group holds printers and scanners, its audio group MP3 players: kinds every
    electronics catalogue has, so the default taxonomy must hold them (a scanner is no printer and no pan)."""
    rows = [("root", None, {"de-DE": "Hauptkatalog", "en-US": "Master catalogue"}),
            ("print_scan", "root", {"de-DE": "Drucker und Scanner", "en-US": "Printers and scanners"}),
            ("scanners", "print_scan", {"de-DE": "Dokumentenscanner", "en-US": "Document scanners"}),
            ("printers", "print_scan", {"de-DE": "Tintenstrahldrucker", "en-US": "Inkjet printers"}),
            ("audio", "root", {"de-DE": "Audio", "en-US": "Audio"}),
            ("players", "audio", {"de-DE": "MP3-Player", "en-US": "MP3 players"})]
    ranked = SUGGESTER.suggest(tree(rows), top=3)
    assert ranked["print_scan"][0].id == "electronics.printing"  # their common parent (Google's 345, Shopify's el-13)
    assert ranked["scanners"][0].id == "electronics.computers.scanners"
    assert ranked["printers"][0].id == "electronics.computers.printers"
    assert ranked["players"][0].id == "electronics.audio.players"
    assert min(ranked[c][0].score for c in ("scanners", "printers", "players")) >= 0.9
    assert DEFAULT.crosswalk("electronics.computers.scanners", "google") == "306"
    assert DEFAULT.crosswalk("electronics.audio.players", "google") == "233"


def test_a_label_listing_kinds_names_the_one_category_whose_label_lists_them_all() -> None:
    """Google's "Print, Copy, Scan & Fax" holds what a catalogue calls "Print and scan"; when two labels list
    both kinds, neither is named."""
    from localize.taxonomy.taxonomy_model import Category, Taxonomy

    rows = [("el", None, {"en": "Electronics"}),
            ("pcsf", "el", {"en": "Print, Copy, Scan & Fax"}),
            ("scanners", "pcsf", {"en": "Scanners"}),
            ("printers", "pcsf", {"en": "Printers, Copiers & Fax Machines"}),
            ("av", "el", {"en": "Audio & Video"}),
            ("office", None, {"en": "Office Supplies"}),
            ("paper", "office", {"en": "Paper, Envelopes & Labels"})]
    tax = Taxonomy(name="t", categories={c: Category(c, p, labels) for c, p, labels in rows}, locales=("en",))
    suggester = Suggester(tax)

    def decision(label: str) -> tuple[str, str]:
        got = suggester.suggest(tree([("c", None, {"en-US": label})]), top=3)["c"][0]
        return got.id, got.how

    assert decision("Print and scan") == ("pcsf", "exact")
    assert decision("Scan & print") == ("pcsf", "exact")
    assert decision("Copiers and fax machines") == ("printers", "exact")
    assert decision("Print and audio")[1] != "exact"  # no label lists both
    assert decision("Envelopes and labels") == ("paper", "exact")
    rows.append(("kits", "office", {"en": "Envelopes, Labels & Stamps"}))
    two = Suggester(Taxonomy(name="t", categories={c: Category(c, p, labels) for c, p, labels in rows}, locales=("en",)))
    got = two.suggest(tree([("c", None, {"en-US": "Envelopes and labels"})]), top=3)["c"][0]
    assert got.how != "exact"  # two labels list both kinds: the label names neither


def _part_features(label: str) -> dict[str, list[float]]:
    """The candidate features (taxonomy id -> row of FEATURES) of one top-level catalogue category."""
    from localize.taxonomy.calibrate import FEATURES
    from localize.taxonomy.taxonomy_model import Category, Taxonomy

    rows = [("app", None, {"en": "Apparel"}),
            ("outer", "app", {"en": "Outerwear"}),
            ("coats", "outer", {"en": "Coats & Jackets"}),
            ("vests", "outer", {"en": "Vests"}),
            ("el", None, {"en": "Electronics"}),
            ("pcsf", "el", {"en": "Print, Copy, Scan & Fax"}),
            ("jacks", "el", {"en": "Jacks and Plugs"}),
            ("plugs", "el", {"en": "Plugs"}),
            ("music", None, {"en": "Musical Instruments"}),
            ("brass", "music", {"en": "Brass Instrument Cases & Gigbags"})]
    tax = Taxonomy(name="t", categories={c: Category(c, p, labels) for c, p, labels in rows}, locales=("en",))
    collect: list = []  # type: ignore[type-arg]
    Suggester(tax, calibration=None).suggest(tree([("c", None, {"en-US": label})]), top=3, collect=collect)
    at = (FEATURES.index("part"), FEATURES.index("part_share"))
    return {cid: [feats[i] for i in at] for _, cid, feats in collect}


def test_a_label_naming_one_kind_of_a_listing_label_is_a_part_match_with_its_share() -> None:
    """"Jackets" is one of the two kinds "Coats & Jackets" lists, "Fax" one of four in "Print, Copy, Scan & Fax":
    the feature says so, with the share of the list that kind is (the calibration prices it, not a rule)."""
    got = _part_features("Jackets")
    assert got["coats"][-2:] == [1.0, 0.5]
    assert all(f[-2:] == [0.0, 0.0] for cid, f in got.items() if cid != "coats")
    got = _part_features("Fax")
    assert got["pcsf"][-2:] == [1.0, 0.25]
    # kinds are compared stemmed, like exact labels: "Jack" is the kind "Jacks"
    assert _part_features("Jack")["jacks"][-2:] == [1.0, 0.5]
    # a category that is the kind exactly says it: no part match
    assert _part_features("Plugs")["jacks"][-2:] == [0.0, 0.0]
    # a qualifier may bind to one kind or all ("Brass Instrument Cases & Gigbags"): only plain lists count
    assert _part_features("Gigbags").get("brass", [0.0, 0.0])[-2:] == [0.0, 0.0]
    # the whole listing is an exact label, not a part
    assert _part_features("Coats and jackets")["coats"][-2:] == [0.0, 0.0]
    # a label sharing a word with a kind but naming another thing is no part match
    assert _part_features("Jacket liners").get("coats", [0.0, 0.0])[-2:] == [0.0, 0.0]
