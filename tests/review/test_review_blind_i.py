"""Blind batch I (tests/review/blind_i, session s13): what its misses were fixed with, each as a mechanism tested
on text that is not in the batch. Batch I was written before reading the packs, committed, and measured once:
0.550 recall / 0.939 precision (169 expected kinds over 246 case x market checks, 29 markets, 78 clean checks).
Most misses were markets no pack covered (Vietnam, Malaysia, Egypt; Romania, Greece, Ukraine for weapons,
alcohol and sacred images), then concepts missing in a language (Vietnamese, Malay, Greek, Romanian,
Ukrainian words), then kinds no rule had (fortune telling, sacred dress as costume, laser pointers, baby
walkers, confections with a toy inside). See test_review_blind.py for the batch itself as a regression guard."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import held_by

from localize.rules.evaluate import RISK_TO_KIND


def _kinds(rs: Any, locale: str, text: str, source_locale: str | None = None) -> set[str]:
    kind_of = {r.id: RISK_TO_KIND.get(r.risk or "") for r in rs.all_rules()}
    return {kind_of.get(r) for r in held_by(rs, locale, text, source_locale)} - {None}


@pytest.mark.parametrize(("locale", "text", "kind", "fires"), [
    # Vietnam: a market without a pack had no alcohol, vape, weapon, adult, gambling or claim rule
    ("vi-VN", "Rượu vang trắng Pháp Chardonnay 750ml", "alcohol", True),
    ("vi-VN", "Giá để rượu vang gỗ sồi 9 chai", "alcohol", False),              # a wine rack
    ("vi-VN", "Tinh dầu vape vị dưa lưới 30ml", "tobacco-vaping", True),
    ("vi-VN", "Dao găm mỹ nghệ lưỡi 20cm", "knives-weapons", True),
    ("vi-VN", "Súng bắn keo nến 20W", "knives-weapons", False),                 # a glue gun
    ("vi-VN", "Bộ phỉnh poker 300 chiếc kèm vali", "gambling", True),
    ("vi-VN", "Viên uống đặc trị gout từ thảo dược", "health-claims", True),
    ("vi-VN", "Sữa công thức cho trẻ 6-12 tháng 900g", "health-claims", True),  # formula may not be advertised
    ("vi-VN", "Bản đồ thế giới có đường lưỡi bò", "disputed-geography", True),
    ("vi-VN", "Vòng tay ngà voi thật", "animal-products", True),
    ("vi-VN", "Sữa dưỡng thể trắng da ban đêm", "gestures-body-images", True),
    # Malaysia: halal market, Malay words
    ("ms-MY", "Wiski campuran 700ml", "alcohol", True),
    ("ms-MY", "Kek coklat dengan rum, 500g", "alcohol", True),                  # alcohol in food
    ("ms-MY", "Sosej daging babi salai 300g", "dietary-law", True),
    ("ms-MY", "Nugget ayam tanpa babi 1kg", "dietary-law", False),
    ("ms-MY", "Kuih bangkit 300g, disahkan halal", "dietary-law", True),         # a halal claim needs JAKIM
    ("ms-MY", "Pistol angin CO2 4.5mm", "knives-weapons", True),
    ("ms-MY", "Keset kaki dengan kaligrafi ayat suci", "religious-political-symbols", True),
    # Egypt: Arabic copy
    ("ar-EG", "بيرة مستوردة 6 علب", "alcohol", True),
    ("ar-EG", "مطواة قرن غزال 12 سم", "knives-weapons", True),
    ("ar-EG", "فيش بوكر 200 قطعة", "gambling", True),
    ("ar-EG", "شحم الخنزير للطبخ 500 جم", "dietary-law", True),
])
def test_markets_without_a_pack_have_their_policy(shipped: Any, locale: str, text: str, kind: str, fires: bool) -> None:
    found = _kinds(shipped, locale, text)  # a local, so a failure shows the kinds, not the rule set
    assert (kind in found) is fires, found


@pytest.mark.parametrize(("locale", "text", "kind", "fires"), [
    ("ro-RO", "Pălincă de pere 700ml", "alcohol", True),
    ("ro-RO", "Set 6 pahare de vin, cristal", "alcohol", False),
    ("el-GR", "Τσίπουρο χωρίς γλυκάνισο 700ml", "alcohol", True),
    ("uk-UA", "Горілка з перцем 0,5 л", "alcohol", True),
    ("ro-RO", "Box metalic pentru autoapărare", "knives-weapons", True),
    ("el-GR", "Σπρέι πιπεριού αυτοάμυνας 40ml", "knives-weapons", True),
    ("uk-UA", "Кастет алюмінієвий", "knives-weapons", True),
    ("ro-RO", "Papuci de casă cu chipul Fecioarei Maria", "religious-political-symbols", True),
    ("ro-RO", "Icoană pictată pe lemn, Sfântul Nicolae", "religious-political-symbols", False),  # an icon as an icon
    ("el-GR", "Χαλάκι μπάνιου με τον Άγιο Γεώργιο", "religious-political-symbols", True),
    ("uk-UA", "Букет з 8 тюльпанів на 8 березня", "numbers-colours", True),
    ("uk-UA", "Букет з 9 тюльпанів", "numbers-colours", False),
])
def test_eastern_european_markets_read_their_own_copy(shipped: Any, locale: str, text: str, kind: str,
                                                      fires: bool) -> None:
    found = _kinds(shipped, locale, text)  # a local, so a failure shows the kinds, not the rule set
    assert (kind in found) is fires, found


@pytest.mark.parametrize(("locale", "text", "source_locale", "rule", "fires"), [
    ("ar-AE", "Tarot Card Deck with Guidebook", "en-GB", "global-fortune-telling", True),
    ("en-GB", "Tarot Card Deck with Guidebook", "en-GB", "global-fortune-telling", False),    # sold freely there
    ("ms-MY", "Papan ouija kayu", "ms-MY", "global-fortune-telling", True),
    ("en-GB", "Feathered War Bonnet, party fancy dress", "en-GB", "global-sacred-dress-as-costume", True),
    ("en-GB", "Feather boa, pink, party fancy dress", "en-GB", "global-sacred-dress-as-costume", False),
    ("en-GB", "Laser pointer, red, 200 mW, USB rechargeable", "en-GB", "global-laser-pointers-over-5mw", True),
    ("en-GB", "Presenter remote with laser pointer, class 2, <1 mW", "en-GB", "global-laser-pointers-over-5mw", False),
    ("en-CA", "Musical Baby Walker with wheels", "en-US", "ca-baby-walkers", True),
    ("en-US", "Musical Baby Walker with wheels", "en-US", "ca-baby-walkers", False),           # a Canadian ban
    ("en-US", "Kinder Egg maxi with surprise toy", "en-US", "us-food-with-embedded-toys-and-ear-candles", True),
    ("en-GB", "Sensory water beads, 10,000 pcs, rainbow", "en-GB", "global-hazardous-childrens-products", True),
    ("el-GR", "Μπλουζάκι Χρυσής Αυγής", "el-GR", "global-extremist-symbols", True),
    ("uk-UA", "Брелок «георгіївська стрічка»", "uk-UA", "global-war-propaganda-symbols", True),
    ("es-AR", "Mapa de las Falklands, lámina enmarcada", "es-AR", "ar-falklands-name", True),
    ("el-GR", "Fruit cake with rum, 900 g", "en-GB", "global-alcohol-in-copy", False),    # food, sold freely
    ("el-GR", "Spiced rum 70cl", "en-GB", "global-alcohol-in-copy", True),
    ("fr-MA", "Cake aux fruits au rhum, 900 g", "fr-FR", "ma-alcohol", True),               # no halal food
])
def test_kinds_no_rule_had(shipped: Any, locale: str, text: str, source_locale: str, rule: str, fires: bool) -> None:
    held = held_by(shipped, locale, text, source_locale)
    assert (rule in held) is fires, held


@pytest.mark.parametrize(("locale", "text", "source_locale", "rule", "fires"), [
    ("ja-JP", "ハンティングナイフ 刃渡り12cm 革シース付き", "ja-JP", "jp-outdoor-knives", True),   # s12's leftover kind
    ("ja-JP", "ペティナイフ 刃渡り12cm", "ja-JP", "jp-outdoor-knives", False),                   # a kitchen knife
    ("ja-JP", "柘植櫛 母の日 ギフト", "ja-JP", "jp-gift-taboo-objects", True),
    ("ja-JP", "柘植櫛 手入れ用 椿油付き", "ja-JP", "jp-gift-taboo-objects", False),                # a comb, no gift
    ("en-GB", "Single malt whisky gift tins, set of 2, empty", "en-GB", "gb-alcohol", False),     # containers
    ("en-GB", "Single malt whisky 70cl, 40% vol, in gift tin", "en-GB", "gb-alcohol", True),
    ("en-IN", "Off-white Kerala saree with kasavu border, wedding gift", "en-IN", "in-white-festive-gift", False),
    ("en-IN", "Plain white silk saree, wedding gift for bride", "en-IN", "in-white-festive-gift", True),
    ("id-ID", "Celengan babi plastik warna biru", "id-ID", "id-pork", False),                     # a piggy bank
    ("tr-TR", "Sıcak silikon tabancası 100W", "tr-TR", "tr-weapons", False),                      # a glue gun
    ("tr-TR", "Kurusıkı tabanca 9mm", "tr-TR", "tr-weapons", True),
    ("en-IN", "Fancy dress set: fake beard and moustache", "en-IN", "global-counterfeit-wording", False),
    ("vi-VN", "Đồng hồ Rolex hàng super fake", "vi-VN", "global-counterfeit-wording", True),
    ("th-TH", "รองเท้า Nike งานก๊อป", "th-TH", "global-counterfeit-wording", True),
    ("pl-PL", "Snus Siberia, saszetki nikotynowe", "pl-PL", "pl-tobacco-vaping", True),
    ("pl-PL", "Zdrapki świąteczne, pakiet 5", "pl-PL", "pl-gambling", True),
    ("hi-IN", "गणेश प्रिंट टॉयलेट सीट कवर", "hi-IN", "in-hi-deities-on-goods", True),
    ("id-ID", "Mainan seks pasangan", "id-ID", "id-age-restricted", True),
    ("pt-BR", "Filme em Blu-ray, classificação 18 anos", "pt-BR", "br-age-restricted", True),
])
def test_phrasings_scripts_and_regional_exceptions(shipped: Any, locale: str, text: str, source_locale: str, rule: str,
                                                   fires: bool) -> None:
    held = held_by(shipped, locale, text, source_locale)
    assert (rule in held) is fires, held
