"""Which categories hold goods sold by measure (weight, volume): food and drink, cosmetics and
personal care, household cleaning and laundry products.

Google's unit pricing page names food, beverages and perfume among the products that use
`unit_pricing_measure` (support.google.com/merchants/answer/6324455); the EU, UK, AU and NZ
rules apply to goods sold by weight, volume, length or area, which in a retail catalogue
are mostly groceries, drinks, cosmetics, cleaning and laundry products and pet food.

Three kinds of evidence, strongest first:

- a Google product category id (`GOOGLE_KINDS`: the food, beverage, cosmetics, cleaning and
  laundry branches and their main children, ids from Google's product taxonomy);
- an id of localize's default shared taxonomy (`DEFAULT_TAXONOMY_KINDS`, by prefix);
- a category path in words (a localized `product_type`, a Google path, another taxonomy's
  labels), matched against terms in the languages of Google's localized taxonomies (en, de,
  fr, es, it, nl, pl, ja). A category that names a device, tool, container or appliance
  (`Hair dryers`, `Food storage`, `Cosmetic tools`), or a branch such as toys or food
  service, is not sold by measure, whatever else the path names.

`food` is strong evidence (groceries are sold by weight or volume almost always); `care` and
`household` are weaker (a toothbrush is personal care): the checks ask for a quantity in
the title before they call such an item clearly sold by measure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

FOOD, CARE, HOUSEHOLD, OTHER = "food", "care", "household", "other"
STRONG_KINDS = frozenset({FOOD})

# Google product category id -> kind (Google product taxonomy ids are stable across versions).
GOOGLE_KINDS: dict[str, str] = {
    **dict.fromkeys((
        "412", "413", "422",  # Food, Beverages & Tobacco; Beverages; Food Items
        "499676", "414", "417", "421",  # Alcoholic Beverages; Beer; Liquor & Spirits; Wine
        "1868", "2887", "418", "5724", "2628", "5723", "2073", "420",  # coffee, juice, milk ... tea, water
        "1876", "4748", "427", "2660", "428", "5740", "430", "431", "432", "433", "434", "5814", "4608",
        "423", "2423", "5807",  # bakery, candy & chocolate, condiments ... snack foods, soups
        "3741",  # Loose Tobacco
        "3367", "543684", "543683", "3530", "543682", "543681",  # cat food, dog food
    ), FOOD),
    **dict.fromkeys((
        "473", "474", "477", "479", "567", "484",  # Cosmetics; Bath & Body; Makeup; Perfume; Skin Care; Deodorant
    ), CARE),
    **dict.fromkeys(("623", "627"), HOUSEHOLD),  # Household Cleaning Supplies; Laundry Supplies
}
# localize's default shared taxonomy (taxonomies/default.yaml): id prefix -> kind
DEFAULT_TAXONOMY_KINDS: dict[str, str] = {
    "food": FOOD,
    "beauty.skincare": CARE, "beauty.makeup": CARE, "beauty.hair.shampoo": CARE, "beauty.hair.conditioner": CARE,
    "beauty.fragrance": CARE, "beauty.bath": CARE, "beauty.oral.toothpaste": CARE,
}


def _terms(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.I)


_FOOD_TERMS = _terms(
    r"\bfood", r"beverage", r"grocer", r"lebensmittel", r"nahrungsmittel", r"getränk", r"alimentaire",
    r"boisson", r"épicerie", r"\balimentos", r"\bbebida", r"\bcibo\b", r"bevand", r"alimentari", r"alimenti\b",
    r"eten, drinken", r"żywność", r"napoje", r"食品", r"飲料", r"nourriture", r"\baliments?\b",
    r"tierfutter", r"hundefutter", r"katzenfutter", r"tiernahrung", r"comida para", r"hondenvoer", r"kattenvoer",
    r"karma dla", r"ドッグフード", r"キャットフード", r"ペットフード",
)
_ROOT_FOOD_TERMS = _terms(r"^alimentation", r"^alimentación", r"^alimentazione")  # "feeding" further down
_CARE_TERMS = _terms(
    r"skin ?care", r"hautpflege", r"soins? de la peau", r"cuidado de la piel", r"cura della pelle",
    r"huidverzorging", r"pielęgnacja skóry", r"スキンケア", r"bath (?:&|and) body", r"bad & körper",
    r"körperpflege", r"badeartikel", r"bain et corps", r"baño y cuidado", r"bagno e corpo", r"bad en lichaam",
    r"ボディケア", r"cosmetic", r"kosmetik", r"cosmétique", r"cosmético", r"cosmetici", r"cosmetica", r"kosmetyk",
    r"コスメ", r"fragrance", r"perfume", r"parfum", r"düfte", r"profum", r"香水", r"deodorant", r"déodorant",
    r"desodorante", r"dezodorant", r"デオドラント", r"shampoo", r"champú", r"シャンプー", r"conditioner", r"spülung",
    r"acondicionador", r"toothpaste", r"zahnpasta", r"zahncreme", r"dentifric", r"pasta de dientes", r"歯磨き粉",
    r"sunscreen", r"sonnenschutz", r"solaire", r"protección solar", r"protezione solare", r"日焼け止め",
    r"moisturi", r"feuchtigkeitscreme", r"hydratant", r"idratant", r"保湿", r"\bsoap", r"seife", r"savon",
    r"jabón", r"sapone", r"石鹸", r"shower gel", r"duschgel", r"gel douche", r"make-?up", r"maquillage",
    r"maquillaje", r"\btrucco", r"メイク",
)
_HOUSEHOLD_TERMS = _terms(
    r"cleaning suppl", r"household cleaning", r"reinigungsmittel", r"putzmittel", r"nettoyage", r"limpieza",
    r"pulizia", r"schoonmaak", r"sprzątan", r"掃除用品", r"laundry", r"wäschepflege", r"waschmittel",
    r"blanchisserie", r"lessive", r"lavado de ropa", r"detersiv", r"lavanderia", r"wasbenodigd", r"wasmiddel",
    r"pralni", r"洗濯用品", r"洗剤", r"dishwashing", r"spülmittel", r"detergent", r"détergent",
)
# Branches whose goods are never sold by measure, wherever the words above appear in them.
_NEVER_TERMS = _terms(
    r"\btoys?\b", r"spielzeug", r"jouet", r"juguete", r"giocattol", r"giochi", r"speelgoed", r"zabawk", r"おもちゃ",
    r"玩具", r"food service", r"nahrungsmittelservice", r"restauration", r"飲食業", r"instrument", r"furniture",
    r"möbel", r"meuble", r"mueble", r"mobili", r"koffer", r"\bbags?\b", r"tasche", r"trousse", r"neceser", r"borse",
    r"zain", r"gewerbe", r"salon", r"uniform", r"divise",
)
# Devices, tools, containers and appliances: not sold by measure when they are the category (or
# below it) that names the goods (`Cosmetics > Cosmetic tools`, `Food storage`, `Hair dryers`).
_DEVICE_TERMS = _terms(
    r"\btools?\b", r"werkzeug", r"outil", r"herramient", r"utensil", r"accessor", r"zubehör", r"accessoire",
    r"appliance", r"gerät", r"appareil", r"electrodom", r"elettrodom", r"家電", r"器具", r"機", r"machine", r"maschine",
    r"máquina", r"macchin", r"processor", r"dryer", r"trockner", r"sèche", r"secador", r"asciuga", r"ドライヤー",
    r"brush", r"bürste", r"brosse", r"cepillo", r"spazzol", r"ブラシ", r"\bscales?\b", r"waage", r"pèse",
    r"báscula", r"bilanc", r"体重計", r"thermom", r"termóm", r"termom", r"体温計", r"razor", r"rasierer", r"rasoir",
    r"rasoio", r"シェーバー", r"storage", r"aufbewahrung", r"container", r"behälter", r"rangement",
    r"conservation", r"almacenamiento", r"contenitor", r"dispenser", r"spender", r"distributeur", r"shield",
    r"schild", r"biberon", r"bottle", r"flasche", r"bavoir", r"\bbibs?\b", r"ハット",
)


def path_kind(segments: Iterable[str]) -> str:
    """FOOD, CARE or HOUSEHOLD for a category path in words, else OTHER: the first category that
    names such goods decides, unless it or a category below it names a device or a container."""
    parts = [s.strip() for s in segments if s and s.strip()]
    if not parts or _NEVER_TERMS.search(" > ".join(parts)):
        return OTHER
    for i, part in enumerate(parts):
        for pattern, kind in ((_FOOD_TERMS, FOOD), (_HOUSEHOLD_TERMS, HOUSEHOLD), (_CARE_TERMS, CARE)):
            if pattern.search(part) or (i == 0 and kind == FOOD and _ROOT_FOOD_TERMS.search(part)):
                return OTHER if _DEVICE_TERMS.search(" > ".join(parts[i:])) else kind
    return OTHER


def split_path(text: str) -> list[str]:
    """`A > B > C` -> [A, B, C] (Google's separator; `/` in some exports)."""
    parts = re.split(r"\s*>\s*", text.strip()) if ">" in text else re.split(r"\s*/\s*", text.strip())
    return [p for p in parts if p]


def google_kind(category: str) -> str | None:
    """The kind of a google_product_category (an id or a path); None for an id we do not know."""
    category = category.strip()
    if not category:
        return None
    if category.isdigit():
        return GOOGLE_KINDS.get(category)
    return path_kind(split_path(category))


def taxonomy_kind(taxonomy: Mapping[str, Any], source: str | None) -> str | None:
    """The kind of a record's shared-taxonomy category (its id, ancestors and localized path):
    Google ids when the taxonomy is Google's, localize's default ids by prefix, else the path."""
    ident = str(taxonomy.get("id") or "")
    if not ident:
        return None
    path = taxonomy.get("path")
    return _taxonomy_kind(ident, tuple(str(a) for a in taxonomy.get("ancestors") or ()), source,
                          tuple(str(p) for p in path) if isinstance(path, list) else ())


@lru_cache(maxsize=4096)
def _taxonomy_kind(ident: str, ancestors: tuple[str, ...], source: str | None, path: tuple[str, ...]) -> str | None:
    """`taxonomy_kind` on hashable parts (a catalogue has few categories and many products)."""
    if source == "google" or (ident.isdigit() and all(a.isdigit() for a in ancestors)):
        for candidate in (ident, *reversed(ancestors)):
            if candidate in GOOGLE_KINDS:
                return GOOGLE_KINDS[candidate]
    elif source in (None, "localize"):
        prefixes = [p for p in DEFAULT_TAXONOMY_KINDS if ident == p or ident.startswith(p + ".")]
        if prefixes:
            return DEFAULT_TAXONOMY_KINDS[max(prefixes, key=len)]
        if source == "localize" or "." in ident:
            return OTHER
    return path_kind(path) if path else None
