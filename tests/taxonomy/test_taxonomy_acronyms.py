"""Acronyms a taxonomy spells out in its own paths ("Television Accessories > TV Mounts"), read in source labels
(`localize/taxonomy/words.py`: `learn_abbreviations`, `Vocabulary.acronyms`, `Vocabulary.spelled_out`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from taxonomy_trees import tree

from localize.taxonomy.google import read_google
from localize.taxonomy.label_features import features, heads
from localize.taxonomy.suggest import Suggester
from localize.taxonomy.taxonomy_model import Category, Taxonomy
from localize.taxonomy.words import learn_abbreviations, spells_out, vocabularies

SMALL = Taxonomy(name="t", locales=("en",), categories={cid: Category(cid, parent, labels) for cid, parent, labels in [
    ("electronics", None, {"en": "Electronics"}),
    ("video", "electronics", {"en": "Video"}),
    ("video.televisions", "video", {"en": "Televisions"}),
    ("video.soundbars", "video", {"en": "Soundbars"}),
    ("video.accessories", "video", {"en": "Television Accessories"}),
    ("video.accessories.mounts", "video.accessories", {"en": "TV Mounts"}),
    ("video.accessories.remotes", "video.accessories", {"en": "TV Remotes"}),
    ("video.accessories.antennas", "video.accessories", {"en": "TV Antennas"}),
    ("baby", None, {"en": "Baby"}),
    ("baby.monitors", "baby", {"en": "Baby Monitors"}),
]})


@pytest.mark.parametrize(("short", "word", "expected"), [
    ("tv", "television", True), ("gps", "geopositioning", True), ("tv", "tuner", False),  # no v after the t
    ("tv", "video", False),  # starts with another letter
    ("pc", "pcs", False),    # not a word it abbreviates: too short
])
def test_spells_out(short: str, word: str, expected: bool) -> None:
    assert spells_out(short, word) is expected


def test_an_acronym_is_the_one_word_above_it_that_spells_it_out_when_categories_agree() -> None:
    assert vocabularies(SMALL)["en"].abbreviations == {"tv": "televis"}
    # one category is chance, not a spelling: "PC" in "Tablet PC Speakers" below "Pieces"
    assert learn_abbreviations("en", [["Pieces", "Tablet PC Speakers"], ["Television", "TV Mounts"]]) == {}
    assert learn_abbreviations("en", [["Pieces", "Tablet PC Speakers"], ["Pieces", "PC Cases"]]) == {"pc": "piec"}
    # two words that spell it out in one path, or two categories that disagree: nothing
    assert learn_abbreviations("en", [["Television Transceivers", "TV Mounts"], ["Television Transceivers", "TV Remotes"]]) == {}
    assert learn_abbreviations("en", [["Television", "TV Mounts"], ["Teleview", "TV Remotes"]]) == {}
    # the word in the acronym's own label is no spelling out of it ("Pièces pour tablettes PC")
    assert learn_abbreviations("en", [["Video", "Pieces PC"], ["Video", "Pieces PC Cases"]]) == {}


def test_a_source_label_says_the_acronym_and_the_word_it_stands_for() -> None:
    english = vocabularies(SMALL)["en"]
    assert english.acronyms("Curved TVs") == {"tvs": ("tv", "televis")}  # a plural no stemmer takes off
    assert english.acronyms("TV Stands") == {"tv": ("televis",)}
    assert english.acronyms("Tvs") == {} and english.acronyms("GPS Watches") == {}  # not written so / unknown
    got = features("Curved TVs", "en", english)
    assert got["w:tv"] == got["w:televis"] == 1.0
    assert "w:televis" not in features("Curved TVs", "en")  # only with the taxonomy's words
    assert heads("Curved TVs", "en", english) == ["tvs", "tv", "televis"]
    assert english.spelled_out("TVs") == "televis" and english.spelled_out("Soundbars") is None


def test_an_acronyms_plural_ranks_the_kind_it_stands_for_first() -> None:
    # before: "Curved TVs" shared only "tv" n-grams, with the TV accessories
    src = tree([("x", None, {"en-US": "Curved TVs"})])
    got = Suggester(SMALL, calibration=None).suggest(src, top=3)["x"]
    assert got[0].id == "video.televisions", got


def test_a_label_listing_an_acronym_among_its_kinds_names_the_category_holding_them() -> None:
    # "Soundbars & TVs": both kinds exact once TVs reads as Televisions -> their common parent (before: no list)
    src = tree([("x", None, {"en-US": "Soundbars & TVs"})])
    got = Suggester(SMALL, calibration=None).suggest(src, top=3)["x"]
    assert got[0].id == "video", got


@pytest.fixture(scope="module")
def google(shared_data: Path) -> Taxonomy:
    files = shared_data / "google-taxonomy"
    return read_google([files / f"taxonomy-with-ids.{loc}.txt" for loc in ("en-US.2021-09-21", "de-DE.2015-02-19",
                                                                          "fr-FR.2015-02-19")])


def test_googles_own_paths_spell_out_tv_and_nothing_by_chance(google: Taxonomy) -> None:
    got = {lang: v.abbreviations for lang, v in vocabularies(google).items()}
    assert got["en"] == {"tv": "televis"}          # "Television Parts & Accessories > TV Converter Boxes"
    assert got["fr"] == {"tv": "téléviseur"}       # "Accessoires et pièces pour téléviseurs > Adaptateurs TV"
    assert got["de"] == {}                         # "TV-Zubehör > Ersatzlampen für Fernseher": no spelling out
