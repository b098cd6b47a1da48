"""Blind batch G (tests/review/blind_g, session s11): what its misses were fixed with, each as a
mechanism tested on text that is not in the batch. Batch G was written before reading the packs,
committed, and measured once: 0.734 recall / 0.911 precision (139 expected kinds over 218 case x
market checks, 80 of them clean); its misses were fixed by kind (concept vocabularies, verbs with a
word between, a new risk `animal`, category evidence), see tests/review/test_review_blind.py for
the batch itself as a regression guard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import findings, held_by, record

from localize.rules.evaluate import KINDS, RISK_TO_KIND, evaluate, load_corpus


@pytest.mark.parametrize(("locale", "text", "fires"), [
    ("de-DE", "Schützt nachweislich vor Blasenentzündung.", True),     # a word between the verb and its preposition
    ("en-GB", "Said to reverse sleep apnoea within weeks.", True),     # a new verb and a new disease
    ("fr-FR", "Vient à bout des hémorroïdes en trois jours.", True),
    ("pl-PL", "Leczy żylaki i hemoroidy bez operacji.", True),         # Polish verbs and diseases
    ("es-ES", "Tapón antigoteo: previene que se pierda una sola gota.", False),  # `gota` is a drop, not gout
    ("ru-RU", "Избавляет от цистита навсегда.", True),
    ("zh-CN", "降尿酸，远离痛风。", True),                               # 降 with a disease
    ("fr-FR", "Appareil photo, mise au point par zones, stabilisateur contre le flou.", False),  # zone is no shingles
])
def test_disease_claims_new_diseases_and_verbs(shipped: Any, locale: str, text: str, fires: bool) -> None:
    assert ("global-disease-claims" in held_by(shipped, locale, text, code="description")) is fires


@pytest.mark.parametrize(("locale", "text"), [
    ("es-ES", "Queso manchego curado, 12 meses"),
    ("es-MX", "Jamón curado en sal de mar"),
    ("pt-BR", "Queijo curado artesanal da Serra da Canastra"),
])
def test_cured_food_is_no_cure_claim(shipped: Any, locale: str, text: str) -> None:
    rule = {"es-ES": "es-health-claims", "es-MX": "mx-health-claims", "pt-BR": "br-health-claims"}[locale]
    assert rule not in held_by(shipped, locale, text)


@pytest.mark.parametrize(("locale", "text", "rule", "fires"), [
    ("nl-NL", "Degenstok van ebbenhout met zilveren knop", "nl-weapons", True),          # disguised blades
    ("en-US", "Gas blowback replica pistol, full metal", "us-knives-switchblades", True),  # imitation firearms
    ("de-DE", "Deko-Waffe Colt Peacemaker, nicht schussfähig", "de-weapons-minors", True),
    ("en-GB", "Airsoft safety goggles, anti-fog", "gb-prohibited-weapons", False),       # the sport's gear is no weapon
    ("de-DE", "Spazierstock mit eingebauter Klinge", "global-blade-in-walking-stick", True),
    ("de-DE", "Spazierstock aus Buche mit Gummipuffer", "global-blade-in-walking-stick", False),
    ("en-GB", "Lighter gas 250 ml, universal", "gb-age-restricted-goods", True),
    ("en-GB", "Refurbished gaming machine for pubs", "global-gambling", True),
    ("ja-JP", "成人向けコミック 全5巻セット", "global-age-rated-media", True),
    ("en-US", "Pre-rolled cones, 1 1/4 size, 32 pack", "us-tobacco-vaping", True),
    ("ja-JP", "アイコス互換 本体 ホワイト", "jp-tobacco-vaping", True),
])
def test_new_weapon_tobacco_gambling_and_age_words(shipped: Any, locale: str, text: str, rule: str, fires: bool) -> None:
    assert (rule in held_by(shipped, locale, text)) is fires


@pytest.mark.parametrize(("locale", "text", "source_locale", "fires"), [
    ("nl-NL", "Lachgascilinder 615 g met ballonnen", None, True),
    ("en-US", "Magic truffles grow kit, 3 strains", None, True),
    ("pl-PL", "Dopalacze – mieszanka ziołowa", None, True),
    ("ja-JP", "ラッシュガード 長袖 UVカット", None, False),               # katakana inside another word
    ("ja-JP", "USBフラッシュメモリ 64GB", None, False),
])
def test_psychoactive_substances(shipped: Any, locale: str, text: str, source_locale: str | None, fires: bool) -> None:
    assert ("global-psychoactive-substances" in held_by(shipped, locale, text, source_locale)) is fires


@pytest.mark.parametrize(("locale", "text", "fires"), [
    ("ar-SA", "Mohnkuchen vom Blech, 12 Stück", True),
    ("ar-AE", "Bagels with poppy seeds, 6 pack", True),
    ("ar-AE", "Wandbild Mohnblumen auf Leinwand", False),
    ("de-DE", "Mohnkuchen vom Blech, 12 Stück", False),
])
def test_poppy_seeds_only_where_controlled(shipped: Any, locale: str, text: str, fires: bool) -> None:
    source = "en-GB" if "poppy" in text else "de-DE"
    found = {r for r in held_by(shipped, locale, text, source) if r.endswith("poppy-seeds")}
    assert bool(found) is fires


@pytest.mark.parametrize(("locale", "text", "source_locale", "rule", "fires"), [
    ("zh-CN", "和合本圣经 大字版 精装", "zh-CN", "cn-religious-publications", True),
    ("zh-CN", "家常菜烹饪圣经", "zh-CN", "cn-religious-publications", False),   # a "bible" of cooking
    ("zh-CN", "时代革命 贴纸 10张", "zh-CN", "cn-political-symbols", True),
    ("de-DE", "Brass swastik wall hanging for pooja", "en-IN", "de-swastika-lookalikes", True),
    ("de-DE", "Räucherstäbchen-Halter mit 卍-Motiv", "de-DE", "de-swastika-lookalikes", True),
    ("de-DE", "Koppelschloss Wehrmacht, original", "de-DE", "global-third-reich-militaria", True),
    ("de-DE", "Die Wehrmacht im Zweiten Weltkrieg – Sachbuch", "de-DE", "global-third-reich-militaria", False),
    ("ar-SA", "Islamic calligraphy bath mat, non-slip", "en-GB", "sa-sacred-text-on-goods", True),
    ("ar-SA", "Islamic calligraphy canvas print for the living room", "en-GB", "sa-sacred-text-on-goods", False),
])
def test_religious_and_political_signs(shipped: Any, locale: str, text: str, source_locale: str, rule: str,
                                       fires: bool) -> None:
    assert (rule in held_by(shipped, locale, text, source_locale)) is fires


@pytest.mark.parametrize(("locale", "text", "rule", "fires"), [
    ("es-ES", "Ramo de crisantemos para su cumpleaños", "es-funeral-flowers", True),
    ("pl-PL", "Chryzantemy w doniczce na cmentarz", "pl-funeral-flowers", False),    # sold for graves: fine
    ("fr-FR", "Chrysanthèmes en pot pour la Toussaint", "fr-funeral-flowers", False),
    ("it-IT", "Bouquet di crisantemi per il compleanno della mamma", "it-funeral-flowers", True),
    ("zh-CN", "折叠伞 送闺蜜 生日礼物", "cn-umbrella-gift", True),
    ("zh-CN", "广告伞 印logo 企业礼品", "cn-umbrella-gift", False),               # a company's giveaway
])
def test_flowers_and_gifts_with_a_meaning(shipped: Any, locale: str, text: str, rule: str, fires: bool) -> None:
    assert (rule in held_by(shipped, locale, text)) is fires


@pytest.mark.parametrize(("text", "fires"), [
    ("Coarse kosher salt, 1 kg tub", False),
    ("Kosher beef sausages, 6 pack", True),
])
def test_kosher_salt_is_no_kashrut_claim(shipped: Any, text: str, fires: bool) -> None:
    assert ("il-kosher-claim" in held_by(shipped, "he-IL", text, "en-GB")) is fires


def test_animal_products_are_a_kind_of_their_own() -> None:
    assert "animal-products" in KINDS
    assert RISK_TO_KIND["animal"] == "animal-products"


@pytest.mark.parametrize(("locale", "text", "rule", "fires"), [
    ("en-GB", "Victorian writing box with ivory inlay", "global-protected-wildlife", True),
    ("en-GB", "Ivory lace wedding dress, size 12", "global-protected-wildlife", False),   # a colour
    ("zh-CN", "犀牛角 摆件 收藏", "global-protected-wildlife", True),
    ("zh-CN", "象牙白 陶瓷汤碗 4只装", "global-protected-wildlife", False),
    ("de-DE", "Wintermütze mit Echtfellbommel", "global-real-fur", True),
    ("de-DE", "Wintermütze mit Kunstfellbommel", "global-real-fur", False),
    ("de-DE", "Aktenordnerzubehör, 10 Stück", "global-real-fur", False),                  # no mink inside a compound
    ("en-US", "Faux fox fur collar, detachable", "global-real-fur", False),
])
def test_wildlife_and_fur(shipped: Any, locale: str, text: str, rule: str, fires: bool) -> None:
    assert (rule in held_by(shipped, locale, text)) is fires


CATEGORY_CASES = """
cases:
- {id: c-air, note: n, source_locale: pl-PL, categories: [c1], category_labels: {c1: {pl_PL: Wiatrówki}},
   values: {name: 'Model 5, czarny'}, expect: {pl-PL: [knives-weapons]}}
- {id: c-toy, note: n, source_locale: de-DE, categories: [c2], category_labels: {c2: {de_DE: Spielzeugwaffen}},
   values: {name: 'Modell 5, schwarz'}, expect: {de-DE: []}}
- {id: c-clean, note: n, source_locale: en-GB, categories: [c3], category_labels: {c3: {en_GB: Gun Cleaning Kits}},
   values: {name: 'Kit 12, 20 pieces'}, expect: {en-GB: []}}
- {id: c-tob, note: n, source_locale: en-GB, categories: [c4], category_labels: {c4: {en_GB: Cigarettes}},
   values: {name: 'Gold 20s'}, expect: {tr-TR: [tobacco-vaping], ko-KR: [tobacco-vaping]}}
- {id: c-case, note: n, source_locale: en-GB, categories: [c5], category_labels: {c5: {en_GB: Cigarette Cases}},
   values: {name: 'Slim case, silver'}, expect: {tr-TR: []}}
- {id: c-ero, note: n, source_locale: de-DE, categories: [c6], category_labels: {c6: {de_DE: Erotik}},
   values: {name: 'Set Mitternacht, 6 Teile'}, expect: {de-DE: [age-restricted]}}
"""


def test_a_restricted_category_is_evidence_when_the_copy_avoids_the_words(tmp_path: Path, shipped: Any) -> None:
    path = tmp_path / "cats.yaml"
    path.write_text(CATEGORY_CASES, encoding="utf-8")
    result = evaluate(load_corpus([path]), shipped)
    assert result.problems() == []


def test_a_weapons_taxonomy_category_is_evidence(shipped: Any) -> None:
    rec = record("en-US", {"name": "Model 77, black"}, source_locale="en-US",
                 taxonomy={"id": "727", "path": ["Mature", "Weapons", "Stun Guns & Tasers"]})
    assert "global-weapons-category" in {f.rule for f in findings(shipped, rec)}
    rec = record("en-US", {"name": "Model 77, black"}, source_locale="en-US",
                 taxonomy={"id": "4073", "path": ["Arts & Entertainment", "Glue Guns"]})
    assert "global-weapons-category" not in {f.rule for f in findings(shipped, rec)}
