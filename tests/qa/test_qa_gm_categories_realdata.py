"""The categories sold by measure against Google's own product taxonomy (../shared): every id in
`GOOGLE_KINDS` is where we say it is, and the category paths in words are classified the same
way in all nine localized taxonomies, with few categories outside those branches caught."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from localize.channels.google_merchant.categories import (
    CARE,
    FOOD,
    GOOGLE_KINDS,
    HOUSEHOLD,
    OTHER,
    path_kind,
    split_path,
)

pytestmark = pytest.mark.shared

BRANCH = {FOOD: ("Food, Beverages & Tobacco", "Animals & Pet Supplies > Pet Supplies"),
          CARE: ("Health & Beauty > Personal Care",),
          HOUSEHOLD: ("Home & Garden > Household Supplies",)}
MEASURED_ROOTS = ("Food, Beverages & Tobacco", "Health & Beauty", "Home & Garden", "Animals & Pet Supplies",
                  "Baby & Toddler", "Hardware", "Vehicles & Parts", "Mature")


def load(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+) - (.+)$", line.strip())
        if m:
            out[m.group(1)] = m.group(2)
    return out


@pytest.fixture(scope="module")
def taxonomies(shared_data: Path) -> dict[str, dict[str, str]]:
    folder = shared_data / "google-taxonomy"
    return {p.name.split(".")[1] + ("" if "2015" in p.name else "-2021"): load(p)
            for p in sorted(folder.glob("taxonomy-with-ids.*.txt")) if "MOJIBAKE" not in p.name}


def test_every_google_id_is_in_its_branch(taxonomies: dict[str, dict[str, str]]) -> None:
    english = taxonomies["en-US-2021"]
    for ident, kind in GOOGLE_KINDS.items():
        assert english[ident].startswith(BRANCH[kind]), (ident, english[ident], kind)


def test_paths_in_words_agree_with_the_ids_in_every_language(taxonomies: dict[str, dict[str, str]]) -> None:
    """A feed that names its category in words (product_type, a localized Google path) gets the
    same answer as one that gives the id; 623 is the exception German shows: `Reinigungsutensilien`
    (cleaning utensils) reads as tools, so only its id says cleaning supplies."""
    assert len(taxonomies) == 9
    for locale, paths in taxonomies.items():
        wrong = {i: paths[i] for i, kind in GOOGLE_KINDS.items() if i in paths and path_kind(split_path(paths[i])) != kind}
        assert set(wrong) <= ({"623"} if locale == "de-DE" else set()), (locale, wrong)


def test_food_is_found_in_words_and_little_else_is(taxonomies: dict[str, dict[str, str]]) -> None:
    english = taxonomies["en-US-2021"]
    for locale, paths in taxonomies.items():
        food = [i for i, p in paths.items() if english.get(i, "").startswith("Food, Beverages & Tobacco")]
        assert all(path_kind(split_path(paths[i])) == FOOD for i in food), locale
        elsewhere = [p for i, p in paths.items() if not english.get(i, "").startswith(MEASURED_ROOTS)
                     and path_kind(split_path(p)) != OTHER]
        # cleaning solvents for guns and cameras, horse feed ...: goods sold by measure too, or a handful of slips
        assert len(elsewhere) <= 25, (locale, elsewhere)
