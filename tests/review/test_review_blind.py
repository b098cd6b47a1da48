"""Blind batches (tests/review/blind_a, blind_b, blind_c): cases written before reading the packs
(A) or the changes made since (B, C), and what those changes do as mechanisms, each tested here on
text that is not in the batches.

Each batch was committed before it was measured, and measured once before any change for it:
A (123 cases) 0.828 recall / 0.898 precision; B (85 cases, after A's fixes) 0.826 / 0.877 (the
packs before A's fixes: 0.812 / 0.875); C (66 cases, after B's fixes) 0.836 / 0.902 (the same
with the packs before any fix); D (39 cases, after C's fixes) 0.737 / 1.0 (0.658 / 1.0 with the
packs before any fix); E (131 cases, written before reading the packs at all, after D) 0.782 / 0.919.
D's and E's misses were then fixed by kind (shared concept vocabularies, Turkish consonant voicing,
counters, rating labels), and F (40 cases, written after those fixes with new concepts and phrasings)
measured once: 0.679 / 1.0 (0.679 / 0.95 with the packs before D's and E's fixes); after its own
fixes 0.929 / 1.0 (its two misses are left: a red-ink name stamp, liqueur chocolates in Arabic copy).
G (166 cases, 218 checks over 23 markets, 80 clean; written before reading the packs, with drugs,
adult goods, animal products, age limits and category-only evidence) measured once: 0.734 / 0.911;
after its fixes by kind (tests/review/test_review_blind_g.py) 0.978 / 0.944. H (176 cases, 204 checks over
24 markets incl. el-GR, uk-UA, fr-MA, 57 clean; written before reading the packs, with counterfeit and
children's-product-safety kinds, alcohol in food by market, disputed names in Russian, Ukrainian and Greek
copy, gifts and colours) measured once: 0.679 / 0.918 (0.712 without the two kinds no pack had); after its
fixes by kind (tests/review/test_review_blind_h.py) 0.993 / 0.993, with three expectations corrected after
measuring (organic claims, the ROC flag in China) and one miss left (a survival knife in Japan, fixed in I).
I (235 cases, 246 checks over 29 markets incl. vi-VN, ms-MY, ar-EG, ro-RO, es-AR, 78 clean; written before
reading the packs, with fortune telling, sacred dress as costume, medical devices sold as toys, recalls and
gift taboos) measured once: 0.550 / 0.939 (most misses in markets no pack covered); after its fixes by kind
(tests/review/test_review_blind_i.py) 0.994 / 1.0, with one expectation corrected after measuring (a
handkerchief gift in Japan) and one miss left (a tallit-styled beach towel in Israel). Those first figures
are the honest estimate for catalogues nobody tuned for; after the changes made for each, A to E and G to I
guard against regressions here. Run with `-s` for the tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AS_OF, findings, pack_ruleset, record

from localize.rules.evaluate import Evaluation, evaluate, load_corpus
from localize.rules.matchers.number import GENERIC_COUNTERS
from localize.rules.ruleset import load_ruleset
from localize.rules.specs import earlier_word_forms, kana_forms, written_forms
from localize.rules.words import same_word
from localize.stages.rules import markup_step

HERE = Path(__file__).parent


def _evaluate(folder: str) -> Evaluation:
    result = evaluate(load_corpus([HERE / folder]), load_ruleset(as_of=AS_OF), markup=markup_step())
    print(f"\n{folder}\n" + result.table())
    return result


@pytest.mark.parametrize("folder", ["blind_a", "blind_b", "blind_c", "blind_d", "blind_e", "blind_g", "blind_h",
                                    "blind_i"])
def test_blind_batches_after_their_fixes(folder: str) -> None:
    """Each batch, after the changes made for its misses: what was fixed stays fixed, and its clean
    look-alikes stay mostly clean (the remaining false alarms are listed in the report)."""
    result = _evaluate(folder)
    overall = result.overall()
    problems = "\n".join(result.problems())
    assert overall["recall"] >= 0.95, problems
    assert overall["precision"] >= 0.90, problems


# --- the mechanisms, on words batch A does not use -------------------------------------------------

@pytest.mark.parametrize(("lang", "term", "word", "same"), [
    ("ru", "десять", "десяти", True),      # Snowball: десять -> деся, десяти -> десят
    ("ru", "тюльпан", "тюльпанов", True),  # тюльпан -> тюльпа, тюльпанов -> тюльпан
    ("ru", "пистолет", "пистолетов", True),
    ("ru", "нож", "ножи", True),
    ("de", "messer", "messing", False),    # a stem that is no prefix of the term stays another word
    ("de", "rose", "rosette", False),
    ("ru", "роза", "розетка", False),      # "socket"
])
def test_a_stem_between_the_terms_stem_and_the_term_is_the_term(lang: str, term: str, word: str, same: bool) -> None:
    assert same_word(lang, term, word, ()) is same


def test_kana_forms_swap_the_syllabary_and_keep_kanji() -> None:
    assert kana_forms("タバコ") == ["たばこ"]
    assert kana_forms("たばこ") == ["タバコ"]
    assert sorted(kana_forms("加熱式タバコ")) == ["加熱式たばこ"]
    assert kana_forms("煙草") == []
    assert kana_forms("ウォッカ") == ["うぉっか"]


PACK_JA = """
pack: t
scope: {global: true}
rules:
- id: t-sake
  kind: terms
  risk: alcohol
  severity: review
  message: Sake.
  source: test source
  terms:
    ja: [にごり酒, ウイスキー]
"""


@pytest.mark.parametrize(("text", "hit"), [
    ("濁り酒ではなくニゴリ酒セット", True),  # hiragana term, katakana copy
    ("ういすきーボンボン", True),            # katakana term, hiragana copy
    ("ウイスキー", True),
    ("ニゴリ", False),
])
def test_japanese_terms_match_in_either_syllabary(tmp_path: Path, text: str, hit: bool) -> None:
    rs = pack_ruleset(tmp_path, PACK_JA)
    rec = record("ja-JP", {"name": text}, source_locale="ja-JP")
    assert bool([f for f in findings(rs, rec) if f.rule == "t-sake"]) is hit


def _four(locale: str, values: dict[str, str]) -> list[str]:
    rs = load_ruleset(as_of=AS_OF)
    rule = {"ja-JP": "jp-unlucky-numbers", "zh-CN": "cn-number-four", "ko-KR": "kr-number-four"}[locale]
    rec = record(locale, values, source_locale=locale)
    return [f.matched for f in findings(rs, rec) if f.rule == rule]


def test_gift_set_counters_count() -> None:
    assert _four("ja-JP", {"name": "会席膳 四膳セット"}) == ["四膳"]
    assert _four("ja-JP", {"name": "座椅子 4脚組"}) == ["4脚"]
    assert _four("ko-KR", {"name": "한복 4벌 세트"}) == ["4벌"]
    assert _four("zh-CN", {"name": "陶瓷碗 4碗装"}) == ["4碗"]


def test_generic_classifiers_count_in_the_name_or_before_a_set_word() -> None:
    assert {"个", "개", "個"} <= GENERIC_COUNTERS
    assert _four("zh-CN", {"name": "笔记本电脑", "description": "配有4个USB接口和双风扇。"}) == []
    assert _four("ko-KR", {"name": "노트북", "description": "USB 포트 4개와 듀얼 팬."}) == []
    assert _four("zh-CN", {"name": "玻璃杯", "description": "礼盒内含4个装玻璃杯。"}) == ["4个"]
    assert _four("zh-CN", {"name": "玻璃杯 4个"}) == ["4个"]
    assert _four("ko-KR", {"name": "유리컵 4개"}) == ["4개"]


def _rules(locale: str, values: dict[str, object], source_locale: str) -> set[str]:
    rs = load_ruleset(as_of=AS_OF)
    return {f.rule for f in findings(rs, record(locale, values, source_locale=source_locale))
            if f.severity in ("block", "review")}


@pytest.mark.parametrize(("locale", "text", "fires"), [
    ("de-DE", "Kräuterbad, lindert die Beschwerden bei Rheuma.", True),
    ("de-DE", "Hilft bei der Gartenarbeit, rostfrei.", False),          # a verb without a disease
    ("en-GB", "Elderberry syrup that fights flu naturally.", True),
    ("en-GB", "Flu season planner: a notebook for your year.", False),  # a disease without a verb
    ("fr-FR", "Tisane qui soulage l'insomnie.", True),
    ("zh-CN", "本品可缓解关节炎疼痛。", True),
    ("ja-JP", "関節炎を改善するサプリ", True),
    ("tr-TR", "Romatizma ağrılarına karşı bitkisel krem.", True),
])
def test_disease_claims_need_a_disease_and_a_verb(locale: str, text: str, fires: bool) -> None:
    assert ("global-disease-claims" in _rules(locale, {"description": text}, locale)) is fires


def test_disease_claims_yield_to_a_marketing_authorisation() -> None:
    values: dict[str, object] = {"description": "Lindert Schmerzen bei Arthrose.", "medicinal_licence": "Zul.-Nr. 12345.00.00"}
    assert "global-disease-claims" not in _rules("de-DE", values, "de-DE")


@pytest.mark.parametrize(("locale", "text", "source_locale", "fires"), [
    ("ar-SA", "نقانق لحم الخنزير المدخنة", "ar-SA", True),
    ("ar-SA", "نقانق دجاج، خالية من لحم الخنزير", "ar-SA", False),
    ("tr-TR", "Tavuk sosis, domuz eti ve domuz yağı içermez.", "tr-TR", False),
    ("tr-TR", "Domuz pastırması dilimleri", "tr-TR", True),
    ("id-ID", "Sosis ayam tanpa babi", "id-ID", False),
    ("he-IL", "נקניק עוף ללא חזיר", "he-IL", False),
    ("ar-SA", "Chicken sausages, pork-free", "en-GB", False),
    ("ar-SA", "Geflügelwurst ohne Schweinefleisch", "de-DE", False),
    ("ar-SA", "Schweinswürstel vom Grill", "de-DE", True),
    ("tr-TR", "Plüschtier Schwein, 30 cm", "de-DE", False),   # a toy pig is no pork
    ("id-ID", "Mainan boneka babi lucu", "id-ID", False),
])
def test_pork_rules_read_no_pork_and_toy_pigs(locale: str, text: str, source_locale: str, fires: bool) -> None:
    rule = {"ar-SA": "sa-pork", "tr-TR": "tr-pork", "id-ID": "id-pork", "he-IL": "il-pork"}[locale]
    assert (rule in _rules(locale, {"name": text}, source_locale)) is fires


@pytest.mark.parametrize(("lang", "term", "form"), [
    ("fr", "couteau papillon", "couteaux papillon"),      # the head noun first, in the plural
    ("fr", "étoile de lancer", "étoiles de lancer"),
    ("it", "bottiglia di vino", "bottiglie di vino"),
    ("es", "bebida alcohólica", "bebidas alcohólica"),     # the last word is stemmed at a hit anyway
    ("pl", "sierp i młot", "sierpem i młot"),              # Polish: every word takes the case
    ("ru", "нож с фиксированным клинком", "ножом с фиксированным клинком"),
])
def test_earlier_words_of_a_phrase_are_inflected(lang: str, term: str, form: str) -> None:
    assert form in earlier_word_forms(lang, term)


def test_earlier_word_forms_are_confirmed_by_the_stemmer() -> None:
    assert earlier_word_forms("en", "pork gelatine") == []           # English: no such inflection
    assert earlier_word_forms("fr", "couteau") == []                 # one word: the stemmer's business
    assert "couteaue papillon" not in earlier_word_forms("fr", "couteau papillon")
    assert all(f.endswith(" de lancer") for f in earlier_word_forms("fr", "étoile de lancer"))  # only the head


def test_slavic_two_word_names_in_either_order() -> None:
    assert "нож охотничий" in written_forms("ru", "охотничий нож")
    assert "nóż myśliwski" in written_forms("pl", "myśliwski nóż")
    assert "knife hunting" not in written_forms("en", "hunting knife")


PACK_PHRASES = """
pack: t
scope: {global: true}
rules:
- id: t-phrase
  kind: terms
  risk: weapons
  severity: review
  message: A phrase.
  source: test source
  terms:
    fr: [coup de poing américain]
    pl: [kastet mosiężny]
    ru: [складной нож]
"""


@pytest.mark.parametrize(("locale", "text", "hit"), [
    ("fr-FR", "Lot de deux coups de poing américains en laiton", True),
    ("pl-PL", "Kastetem mosiężnym nie handlujemy", True),
    ("ru-RU", "Нож складной туристический", True),
    ("ru-RU", "Складного ножа нет в наборе", True),
    ("ru-RU", "Нож кухонный", False),
])
def test_phrases_match_inflected_and_inverted(tmp_path: Path, locale: str, text: str, hit: bool) -> None:
    rs = pack_ruleset(tmp_path, PACK_PHRASES)
    rec = record(locale, {"name": text}, source_locale=locale)
    assert bool([f for f in findings(rs, rec) if f.rule == "t-phrase"]) is hit


@pytest.mark.parametrize(("locale", "text", "fires"), [
    ("ja-JP", "白菊の花束 誕生日に", True),
    ("ja-JP", "白菊の供花 葬儀用", False),          # sold for a funeral, where it belongs
    ("ko-KR", "흰 국화 꽃다발 선물", True),
    ("ko-KR", "근조 바구니 흰 국화", False),
])
def test_funeral_flowers_sold_for_a_funeral_are_no_finding(locale: str, text: str, fires: bool) -> None:
    rule = {"ja-JP": "jp-white-chrysanthemums", "ko-KR": "kr-funeral-flowers"}[locale]
    assert (rule in _rules(locale, {"name": text}, locale)) is fires
