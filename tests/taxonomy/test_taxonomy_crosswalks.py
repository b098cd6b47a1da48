"""The default taxonomy's crosswalks, checked against Google's and Shopify's own files in ../shared.

Every Google / Shopify id a default category carries must exist there, name the same kind of product
(its label shares a word with ours, or it is the parent's id: a broader category where the other
taxonomy has no leaf, or it is a synonym a person checked: listed below with why), and sit at or below
the id of the category's parent, unless the other taxonomy files that kind elsewhere (listed below
with why). The lists are exact: a new doubtful id or a new disagreement about a parent fails until a
person adds it here with a reason, and one that is fixed fails until it is removed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from localize.taxonomy.google import read_google
from localize.taxonomy.loader import DEFAULT_TAXONOMY, load_taxonomy
from localize.taxonomy.shopify import read_shopify
from localize.taxonomy.taxonomy_model import Taxonomy

DEFAULT = load_taxonomy(DEFAULT_TAXONOMY)

#: Ids whose label shares no word with ours but names the same kind (checked by a person).
NAMED_OTHERWISE = {
    "google": {
        "apparel.underwear.briefs": "Underwear (2562): Google's leaf for briefs and boxers",
        "apparel.bags": "Handbags, Wallets & Cases (6551): Google's group of bags",
        "apparel.jewelry": "Jewelry (188): British spelling; Google's watches are below it",
        "home.tableware.glasses": "Drinkware (674): glasses are drinkware (Google splits stemware and tumblers)",
        "home.tableware.cutlery": "Flatware (675): the American word",
        "home.textiles": "Linens & Bedding (4171): Google's home textiles",
        "electronics.phones": "Telephony (270)",
        "electronics.phones.smartphones": "Mobile Phones (267)",
        "electronics.cameras.camcorders": "Video Cameras (155)",
        "electronics.wearables.smartwatches": "Watches (201), DOUBTFUL: Google has no smartwatch category; "
                                              "Shopify files Smart Watches below Jewelry too",
        "food.beverages.soft_drinks": "Soda (2628)",
        "food.pantry": "Food Items (422): Google's pantry",
        "food.breakfast": "Food Items (422), broader: Google has no breakfast group",
        "food.sweets.biscuits": "Cookies (2229): the American word",
        "toys.plush": "Stuffed Animals (1259)",
        "beauty.fragrance": "Perfume & Cologne (479)",
        "toys.arts": "Art & Drawing Toys (3731): children's arts and crafts",
    },
    "shopify": {
        "apparel.bags": "Handbags, Wallets & Cases (aa-5)",
        "apparel.jewelry": "Jewelry (aa-6): British spelling",
        "home.tableware.glasses": "Drinkware (hg-11-10-5)",
        "home.tableware.cutlery": "Flatware (hg-11-10-6)",
        "home.textiles": "Linens & Bedding (hg-15)",
        "electronics.phones": "Telephony (el-4-8)",
        "electronics.phones.smartphones": "Mobile & Smart Phones (el-4-8-5)",
        "electronics.wearables.smartwatches": "Smart Watches (aa-6-12): one word in ours",
        "food.pantry": "Food Items (fb-2)",
        "food.sweets.biscuits": "Cookies (fb-2-1-6)",
        "toys.plush": "Stuffed Animals (tg-5-8-11)",
        "beauty.fragrance": "Perfumes & Colognes (hb-3-2-8)",
        "toys.arts": "Art & Drawing Toys (tg-5-2)",
    },
}

#: Categories whose id is not below their parent's: the other taxonomy files that kind elsewhere, and
#: the default taxonomy keeps it where retail catalogues file it.
FILED_ELSEWHERE_BOTH = {
    "apparel.bags.backpacks": "Luggage & Bags in both",
    "footwear.accessories": "Shoe Accessories are a sibling of Shoes in both",
    "footwear.accessories.insoles": "foot care (Health & Beauty) in both",
    "footwear.accessories.care": "household supplies in both",
    "home.cookware.bakeware": "a sibling of Cookware below Cookware & Bakeware in both",
    "home.kitchen_tools.storage": "Food Storage is a sibling of the utensils in both",
    "home.textiles.curtains": "window treatments (Decor) in both",
    "home.furniture": "a top-level vertical in both",
    "electronics.computers.keyboards": "electronics accessories in both: shops file them under computers",
    "electronics.computers.mice": "electronics accessories in both: shops file them under computers",
    "electronics.computers.storage": "electronics accessories in both: shops file them under computers",
    "electronics.computers.networking": "a sibling of Computers in both",
    "electronics.phones.chargers": "power accessories in both",
    "electronics.cameras": "Cameras & Optics is a top-level vertical in both",
    "electronics.cameras.lenses": "camera accessories in both",
    "electronics.wearables.smartwatches": "Watches (Jewelry) in both: neither has wearables",
    "food.snacks.nuts": "Nuts & Seeds are no snack group in both",
    "food.sweets.biscuits": "bakery in both",
    "food.dairy.milk": "a beverage in both",
    "food.baby": "Baby & Toddler in both",
    "toys.games.puzzles": "a sibling of Games in both",
    "toys.vehicles.rc": "a sibling of Play Vehicles in both",
    "toys.baby": "Baby & Toddler in both",
    "beauty.makeup.nails": "nail care, a sibling of Makeup, in both",
    "beauty.bath.deodorant": "a sibling of Bath & Body in both",
}
FILED_ELSEWHERE = {
    "google": {**FILED_ELSEWHERE_BOTH,
               # apparel carries Clothing (1604), what its labels say; its accessories, bags, jewellery and
               # shoes are Clothing's siblings below Apparel & Accessories (166) in Google
               "apparel.accessories": "Clothing Accessories (167) is a sibling of Clothing",
               "apparel.bags": "Handbags, Wallets & Cases (6551) is a sibling of Clothing",
               "apparel.jewelry": "Jewelry (188) is a sibling of Clothing",
               "footwear": "Shoes (187) is a sibling of Clothing"},
    "shopify": dict(FILED_ELSEWHERE_BOTH),
}


@pytest.fixture(scope="module")
def others(shared_data: Path) -> dict[str, tuple[Taxonomy, str]]:
    return {
        "google": (read_google([shared_data / "google-taxonomy" / "taxonomy-with-ids.en-US.2021-09-21.txt"]), "en-US"),
        "shopify": (read_shopify([shared_data / "shopify-taxonomy" / "dist" / "en" / "categories.txt"]), "en"),
    }


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace("-", "")) if w not in {"and", "of", "for"}}


def _same_word(a: str, b: str) -> bool:
    """The same word up to an inflection ending ("Shelves"/"Shelving", "Juice"/"Juices")."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 4 and n >= max(len(a), len(b)) - 3 or a == b


def _unexplained(kind: str, other: Taxonomy, locale: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for cid, cat in DEFAULT.categories.items():
        own = cat.crosswalk.get(kind)
        if own is None or (cat.parent is not None and own == DEFAULT.crosswalk(cat.parent, kind)):
            continue  # inherited, or the parent's own: broader where the other taxonomy has no leaf
        ours = set().union(*(_words(t) for t in [cat.labels["en"], *cat.aliases.get("en", [])]))
        theirs = _words(other.categories[own].labels[locale])
        if not any(_same_word(a, b) for a in ours for b in theirs):
            out[cid] = other.categories[own].labels[locale]
    return out


@pytest.mark.parametrize("kind", ["google", "shopify"])
def test_every_crosswalk_id_exists_in_the_other_taxonomy(kind: str, others: dict[str, tuple[Taxonomy, str]]) -> None:
    other, _ = others[kind]
    own = {cid: cat.crosswalk[kind] for cid, cat in DEFAULT.categories.items() if kind in cat.crosswalk}
    assert own and not {cid: i for cid, i in own.items() if i not in other.categories}


@pytest.mark.parametrize("kind", ["google", "shopify"])
def test_every_crosswalk_id_names_the_same_kind(kind: str, others: dict[str, tuple[Taxonomy, str]]) -> None:
    other, locale = others[kind]
    assert set(_unexplained(kind, other, locale)) == set(NAMED_OTHERWISE[kind])


@pytest.mark.parametrize("kind", ["google", "shopify"])
def test_a_categorys_id_sits_below_its_parents_unless_that_kind_is_filed_elsewhere(
        kind: str, others: dict[str, tuple[Taxonomy, str]]) -> None:
    other, _ = others[kind]
    apart = set()
    for cid, cat in DEFAULT.categories.items():
        own, up = cat.crosswalk.get(kind), DEFAULT.crosswalk(cat.parent, kind) if cat.parent else None
        if own is not None and up is not None and own != up and not other.is_ancestor(up, own):
            apart.add(cid)
    assert apart == set(FILED_ELSEWHERE[kind])


def test_kinds_both_other_taxonomies_file_alike_sit_where_they_do() -> None:
    """Monitors are video, webcams cameras, printers and scanners their own group, jeans trousers and
    shoes apparel in Google and in Shopify: a catalogue that files them so has a parent that holds them."""
    for child, parent in [("electronics.computers.monitors", "electronics.video"),
                          ("electronics.computers.webcams", "electronics.cameras"),
                          ("electronics.computers.printers", "electronics.printing"),
                          ("electronics.computers.scanners", "electronics.printing"),
                          ("apparel.bottoms.jeans", "apparel.bottoms.trousers"),
                          ("footwear", "apparel")]:
        assert DEFAULT.categories[child].parent == parent, child


def test_only_wearables_inherit_a_google_id() -> None:
    """A category without its own Google id inherits its parent's, which must hold that kind: shoe
    accessories inherited Shoes (187) before they got Shoe Accessories (1933)."""
    assert [cid for cid, cat in DEFAULT.categories.items() if "google" not in cat.crosswalk] == ["electronics.wearables"]
    assert DEFAULT.crosswalk("footwear.accessories", "google") == "1933"
