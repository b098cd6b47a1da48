"""Blind batch H (tests/review/blind_h, session s12): what its misses were fixed with, each as a mechanism
tested on text that is not in the batch. Batch H was written before reading the packs, committed, and
measured once: 0.679 recall / 0.918 precision (131 expected kinds over 204 case x market checks, 24 markets,
57 clean cases); its misses were fixed by kind (alcohol in food by market policy, cannabinoids outside the
narcotic markets, drug paraphernalia, counterfeit and product-safety kinds, disputed names in Russian,
Ukrainian and Greek copy, war symbols, colours and gifts, skin lightening, formula idealising, exotic skins),
and category labels are read by their head (`categories.names_the_head`). See test_review_blind.py for the
batch itself as a regression guard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import findings, held_by, record

from localize.rules.categories import names_the_head
from localize.rules.evaluate import KINDS, RISK_TO_KIND, evaluate, load_corpus


def _kinds(rs: Any, locale: str, text: str, source_locale: str | None = None) -> set[str]:
    kind_of = {r.id: RISK_TO_KIND.get(r.risk or "") for r in rs.all_rules()}
    return {kind_of.get(r) for r in held_by(rs, locale, text, source_locale)} - {None}


@pytest.mark.parametrize(("locale", "text", "source_locale", "alcohol"), [
    ("en-GB", "Sticky toffee pudding with dark rum, 450 g", "en-GB", False),   # sold freely as food
    ("ar-AE", "Sticky toffee pudding with dark rum, 450 g", "en-GB", True),    # alcohol in food: licensed
    ("ar-SA", "كعكة الفواكه بالروم والبراندي", "ar-SA", True),                  # liqueur cake in Arabic copy
    ("id-ID", "Angciu Shaoxing untuk masakan 640 ml", "id-ID", True),          # cooking wine in a halal market
    ("ja-JP", "甘酒 米麹 アルコール分1%未満 500ml", "ja-JP", False),            # under 1 %: no liquor
    ("en-US", "Navy strength gin 70cl", "en-US", True),                        # a drink name the list lacked
    ("ja-JP", "小型エンジン用 点火プラグ", "ja-JP", False),                     # ジン inside エンジン
])
def test_alcohol_in_food_and_cooking_by_market(shipped: Any, locale: str, text: str, source_locale: str,
                                               alcohol: bool) -> None:
    assert ("alcohol" in _kinds(shipped, locale, text, source_locale)) is alcohol


@pytest.mark.parametrize(("locale", "text", "rule", "fires"), [
    ("de-DE", "Fruchtgummi mit CBD, 5 mg je Stück", "global-cannabinoid-products", True),
    ("en-GB", "Night cream with cannabis sativa seed oil", "global-cannabinoid-products", False),
    ("nl-NL", "Glazen bong 25 cm met percolator", "global-drug-paraphernalia", True),
    ("en-US", "Bongo drums, pair, natural skin", "global-drug-paraphernalia", False),
    ("en-GB", "Replica Cartier love bracelet, rose gold", "global-replica-of-a-brand", True),
    ("en-GB", "Replica of the Rosetta Stone, museum shop", "global-replica-of-a-brand", False),
    ("zh-CN", "精仿 劳力士 机械表", "global-counterfeit-wording", True),
    ("nl-NL", "Namaaksieraden, set van 3 oorbellen", "global-counterfeit-wording", False),  # costume jewellery
    ("fr-FR", "Billes magnétiques 5 mm, 512 pièces", "global-hazardous-childrens-products", True),
    ("en-GB", "Scratchcard advent calendar, 24 cards", "global-gambling", True),
    ("de-DE", "Jagdschleuder mit Armstütze und Stahlkugeln", "de-prohibited-weapons", True),
    ("en-US", "Self-defense keychain with whistle and cat knuckles", "us-knives-switchblades", True),
])
def test_substances_paraphernalia_counterfeits_and_hazards(shipped: Any, locale: str, text: str, rule: str,
                                                          fires: bool) -> None:
    assert (rule in held_by(shipped, locale, text)) is fires


def test_counterfeits_and_hazards_are_kinds_of_their_own() -> None:
    assert {"counterfeit", "product-safety"} <= set(KINDS)
    assert RISK_TO_KIND["counterfeit"] == "counterfeit" and RISK_TO_KIND["product-safety"] == "product-safety"


@pytest.mark.parametrize(("locale", "text", "source_locale", "rule", "fires"), [
    ("uk-UA", "Магніт «Республіка Крим»", "uk-UA", "global-geo-crimea", True),
    ("el-GR", "Red wine, made in Macedonia (Tikveš)", "en-GB", "global-geo-macedonia", True),
    ("el-GR", "Μακεδονικός χαλβάς 400γρ", "el-GR", "global-geo-macedonia", False),
    ("el-GR", "Wall map with the Turkish Republic of Northern Cyprus", "en-GB", "global-geo-northern-cyprus", True),
    ("tr-TR", "KKTC haritası, çerçeveli", "tr-TR", "global-geo-northern-cyprus", False),      # Türkiye's own name
    ("fr-MA", "Drapeau de la RASD 90x150", "fr-FR", "global-geo-western-sahara", True),
    ("he-IL", "Map of Palestine wall art, olive wood", "en-GB", "il-palestine-maps", True),
    ("de-DE", "T-Shirt mit „Z“-Aufdruck", "de-DE", "global-war-propaganda-symbols", True),
    ("de-DE", "Modellauto \"Z4\" Roadster 1:18", "de-DE", "global-war-propaganda-symbols", False),
    ("pl-PL", "Wycieraczka z wizerunkiem Matki Bożej", "pl-PL", "pl-sacred-images-on-degrading-goods", True),
    ("pl-PL", "Obraz Matki Bożej Częstochowskiej, 30x40", "pl-PL", "pl-sacred-images-on-degrading-goods", False),
])
def test_disputed_names_symbols_and_sacred_images(shipped: Any, locale: str, text: str, source_locale: str,
                                                  rule: str, fires: bool) -> None:
    assert (rule in held_by(shipped, locale, text, source_locale)) is fires


@pytest.mark.parametrize(("locale", "text", "rule", "fires"), [
    ("ko-KR", "이름 도장 빨간 글씨 각인", "kr-red-ink-names", True),
    ("ko-KR", "빨간 펜 12자루 세트", "kr-red-ink-names", False),                  # red pens, no name
    ("en-IN", "White chikankari kurta, Diwali gift", "in-white-festive-gift", True),
    ("en-IN", "White kurta for the prayer meeting, cotton", "in-white-festive-gift", False),
    ("zh-TW", "鬧鐘 生日禮物 送男友", "tw-clock-gift", True),
    ("zh-CN", "天丝四件套 1.5m床", "cn-number-four", False),                     # what bedding is called
    ("zh-CN", "天丝四件套 送礼 礼盒装", "cn-number-four", True),                  # ... but sold as a gift
    ("en-GB", "Skin whitening serum with kojic acid", "global-skin-lightening", True),
    ("en-GB", "Teeth whitening strips, 14 days", "global-skin-lightening", False),
    ("es-ES", "Leche de inicio en polvo, como la leche materna", "global-breastmilk-substitute-claims", True),
    ("fr-FR", "Sac en cuir de python véritable", "global-exotic-skins", True),
    ("fr-FR", "Sac à main effet croco", "global-exotic-skins", False),
    ("en-GB", "Dried shark fin, 200 g", "global-protected-wildlife", True),
    ("en-GB", "Digital upright piano, ivory-feel keys", "global-protected-wildlife", False),
    ("en-US", "Cooling teether that relieves teething pain", "global-disease-claims", True),
])
def test_colours_gifts_bodies_formula_and_animals(shipped: Any, locale: str, text: str, rule: str, fires: bool) -> None:
    assert (rule in held_by(shipped, locale, text)) is fires


@pytest.mark.parametrize(("lang", "label", "term", "head"), [
    ("en", "Weapon Lights", "Weapon", False),
    ("en", "Air Guns", "Air Guns", True),
    ("en", "Cases for Air Guns", "Air Guns", False),
    ("en", "Tobacco Products", "Tobacco", True),              # a generic head leaves the kind to the modifier
    ("en", "Erotic Games", "Erotic", True),                   # an adjective names the kind
    ("de", "Batterien für Softairwaffen", "Softairwaffen", False),
    ("ja", "エアガン用バッテリー", "エアガン", False),
    ("fr", "Nettoyage d'armes", "armes", False),
    ("fr", "Armes à feu", "Armes", True),
    ("es", "Productos del tabaco", "tabaco", True),
    ("pl", "Czyszczenie broni", "broni", False),
    ("pl", "Pneumatyczna broń", "broń", True),
])
def test_a_category_word_counts_as_the_labels_head(lang: str, label: str, term: str, head: bool) -> None:
    start = label.index(term)
    assert names_the_head(lang, label, start, start + len(term)) is head


CATEGORY_CASES = """
cases:
- {id: h-acc, note: n, source_locale: en-GB, categories: [c1], category_labels: {c1: {en_GB: Crossbow Bolt Quivers}},
   values: {name: 'Quiver 12, black'}, expect: {en-GB: []}}
- {id: h-slot, note: n, source_locale: en-GB, categories: [c2], category_labels: {c2: {en_GB: Slot Machines}},
   values: {name: 'Model 7, refurbished'}, expect: {ar-SA: [gambling], de-DE: [gambling]}}
- {id: h-wheel, note: n, source_locale: fr-FR, categories: [c3], category_labels: {c3: {fr_FR: Roulettes de vélo}},
   values: {name: 'Lot de 2, 20 mm'}, expect: {fr-FR: []}}
"""


def test_category_evidence_by_the_labels_head(tmp_path: Path, shipped: Any) -> None:
    path = tmp_path / "cats.yaml"
    path.write_text(CATEGORY_CASES, encoding="utf-8")
    assert evaluate(load_corpus([path]), shipped).problems() == []


def test_a_weapon_in_a_weapons_category_is_one_finding(shipped: Any) -> None:
    rec = record("de-DE", {"name": "Elektroschocker 5 Mio Volt"}, source_locale="de-DE",
                 taxonomy={"id": "727", "path": ["Erwachsene", "Waffen", "Elektroschocker"]})
    weapons = [f for f in findings(shipped, rec) if f.rule and "weapon" in f.rule]
    assert len(weapons) == 1, [f.rule for f in weapons]
    signals = {e.get("signal") for e in weapons[0].evidence or ()}
    assert "category" in signals  # the category's evidence travels with the copy's finding
