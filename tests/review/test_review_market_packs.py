"""The market packs added for issue 13 (ar-SA ... nl-NL): what every pack must carry, and words
as each market writes them (inflections, compounds, clitics, scripts without spaces, false friends)."""

from __future__ import annotations

import pytest
from conftest import AS_OF, findings, record

from localize.rules.packs import load_packs, shipped_rules_dir
from localize.rules.ruleset import load_ruleset

NEW = ("ar-SA", "he-IL", "hi-IN", "ko-KR", "zh-TW", "ru-RU", "tr-TR", "th-TH", "id-ID", "pt-BR", "es-MX", "pl-PL",
       "it-IT", "es-ES", "nl-NL")
EVERYWHERE = {"alcohol", "tobacco", "weapons", "age-restricted", "health-claim", "environmental-claim", "comparative",
              "gambling", "religious-political", "gestures-body"}


@pytest.fixture(scope="module")
def rs():  # type: ignore[no-untyped-def]
    return load_ruleset(as_of=AS_OF)


def test_every_new_pack_says_it_needs_a_legal_review_and_every_rule_has_a_risk_and_a_source() -> None:
    packs = {p.id: p for p in load_packs([shipped_rules_dir()])}
    for code in NEW:
        path = shipped_rules_dir() / f"{code}.yaml"
        assert path.read_text(encoding="utf-8").startswith("# Needs a legal review"), code
        pack = packs[code]
        for rule in pack.rules:
            assert rule.risk, rule.id
            assert len(rule.source) > 40, rule.id
        assert EVERYWHERE <= {r.risk for r in pack.rules}, (code, EVERYWHERE - {r.risk for r in pack.rules})


def rules_of(rs, locale: str, values: dict, **kw) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.rule for f in findings(rs, record(locale, values, **kw))}


@pytest.mark.parametrize(("locale", "values", "rule"), [
    # inflection and case in the market's own language
    ("ru-RU", {"name": ("Reiseführer", "Путеводитель по Крыму (Украина)")}, "ru-crimea"),
    ("pl-PL", {"name": ("Set", "Koszulka z nadrukiem sierpa i młota")}, "pl-communist-symbols"),
    ("tr-TR", {"name": ("Wurst", "Domuzlu sucuk")}, "tr-pork"),
    ("es-ES", {"description": ("x", "Zapatillas climáticamente neutras")}, "es-environmental-claims"),
    # German compounds on the source copy
    ("id-ID", {"description": "Zucker, Schweinegelatine, Aroma"}, "id-pork"),
    ("hi-IN", {"name": "Rindfleisch-Jerky Teriyaki"}, "in-hi-beef"),
    ("th-TH", {"description": "Liquid mit Nikotinstärke 12 mg/ml"}, "th-tobacco-vaping"),
    ("nl-NL", {"name": ("Set", "Accu-lijmpistool en vlindermes")}, "nl-weapons"),
    # clitics and scripts without spaces
    ("ar-SA", {"description": ("x", "لؤلؤ طبيعي من الخليج الفارسي")}, "sa-gulf-name"),
    ("he-IL", {"name": ("x", "צלעות חזיר על האש")}, "il-pork"),
    ("zh-TW", {"description": ("x", "產地：中國台灣省")}, "tw-taiwan-name"),
    ("ko-KR", {"name": ("x", "욱일기 디자인 티셔츠")}, "kr-rising-sun"),
    # ABV as people write it
    ("ko-KR", {"description": ("x", "부드러운 레드 와인, 알코올 13.5%.")}, "kr-alcohol"),
    ("tr-TR", {"description": ("x", "Pilsener birası, %4,9 alkol")}, "tr-alcohol"),
    ("ar-SA", {"description": "Gin & tonic set (41.5% alc./vol.)"}, "sa-alcohol"),
])
def test_words_as_each_market_writes_them(rs, locale: str, values: dict, rule: str) -> None:  # type: ignore[no-untyped-def]
    assert rule in rules_of(rs, locale, values)


@pytest.mark.parametrize(("locale", "values", "rule"), [
    ("ar-SA", {"name": "Sparschwein aus Keramik"}, "sa-alcohol"),  # wein inside Schwein
    ("ar-SA", {"name": "Speckstein-Bastelset"}, "sa-pork"),
    ("hi-IN", {"name": "Rindenmulch 60 l"}, "in-hi-beef"),
    ("tr-TR", {"description": ("x", "Biraz daha büyük")}, "tr-alcohol"),  # biraz = a little
    ("nl-NL", {"name": ("Set", "Lijmpistool 60 W")}, "nl-weapons"),
    ("id-ID", {"description": "Vegane Fruchtgummis mit Pektin. Ohne Gelatine."}, "id-gelatine"),
    ("zh-TW", {"description": "Origin: Taiwan. Frame made in Taiwan."}, "tw-taiwan-name"),
    ("th-TH", {"name": ("x", "ขนาดพอดีมือ")}, "th-tobacco-vaping"),
    ("ko-KR", {"name": "The Ward: Season 1 (DVD)"}, "kr-comparative-claims"),
    ("he-IL", {"name": ("x", "אקדח דבק חם")}, "il-weapons"),
])
def test_false_friends_are_not_findings(rs, locale: str, values: dict, rule: str) -> None:  # type: ignore[no-untyped-def]
    assert rule not in rules_of(rs, locale, values, source_locale="de-DE" if locale != "ko-KR" else "en-US")
