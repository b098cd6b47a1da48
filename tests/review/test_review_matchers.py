import datetime as dt
from decimal import Decimal
from pathlib import Path

from conftest import eur, findings, pack_ruleset, record

TERMS = """\
pack: t
scope: {global: true}
rules:
  - id: t-words
    kind: terms
    severity: review
    message: m
    source: test pack
    terms:
      en: [ass, "bad phrase"]
      de: [nazi, anal]
    allow:
      de: [analyse, analog, kanal]
      en: [assassin]
"""


def matched(fs, rule=None):
    return [(f.rule, f.field, f.locale, f.matched, f.span) for f in fs if rule is None or f.rule == rule]


def test_terms_word_boundaries_case_diacritics_and_plural(tmp_path: Path) -> None:
    rs = pack_ruleset(tmp_path, TERMS)
    rec = record("en-US", {"name": ("x", "Class pass: ASSES and a Bad  Phrase, bad\nphrase")}, source_locale="de-DE")
    assert matched(findings(rs, rec)) == [
        ("t-words", "name", "en-US", "ASSES", (12, 17)),
        ("t-words", "name", "en-US", "Bad  Phrase", (24, 35)),  # a whitespace run between the words (specs.MAX_GAP)
        ("t-words", "name", "en-US", "bad\nphrase", (37, 47)),
    ]


def test_german_compounds_and_the_scunthorpe_allow_list(tmp_path: Path) -> None:
    rs = pack_ruleset(tmp_path, TERMS)
    text = "Neonazis und Naziparolen; eine Analyse am Kanal, analoge Technik; Anal-Plug"
    rec = record("de-DE", {"description": text})
    got = [f.matched for f in findings(rs, rec)]
    assert got == ["Neonazis", "Naziparolen", "Anal"]


def test_diacritic_insensitive_terms_match_both_ways(tmp_path: Path) -> None:
    rs = pack_ruleset(tmp_path, TERMS.replace("de: [nazi, anal]", "de: [\"mädchen\"]"))
    rec = record("de-DE", {"name": "MADCHEN und Mädchen"})
    assert [f.span for f in findings(rs, rec)] == [(0, 7), (12, 19)]


def test_untranslated_names_get_the_market_languages_words(shipped) -> None:
    translated = record("en-US", {"name": ("Schmuck Kette", "Jewellery chain")})
    assert not [f for f in findings(shipped, translated) if f.rule == "us-embarrassing-names"]
    kept = record("en-US", {"brand": ("Schmuck", "Schmuck")})
    assert matched(findings(shipped, kept), "us-embarrassing-names") == [
        ("us-embarrassing-names", "brand", "en-US", "Schmuck", (0, 7))]
    same_language = record("de-DE", {"brand": ("Schmuck", "Schmuck")})
    assert not [f for f in findings(shipped, same_language) if f.rule == "us-embarrassing-names"]


def test_number_four_in_sets_prices_and_pack_sizes(shipped) -> None:
    rec = record("ja-JP", {
        "name": ("4er-Set Teller, 14 cm, 4.5 kg", "4枚セット 皿 14cm"),
        "description": ("Set mit 4 Tassen. Modell i4", "四個セットのカップ"),
        "price": eur("4444", "JPY"),
        "pack_size": Decimal("4"),
    })
    got = matched(findings(shipped, rec), "jp-unlucky-numbers")
    # a field whose published (Japanese) text matches is asked about once, not again for its German source
    assert got == [
        ("jp-unlucky-numbers", "name", "ja-JP", "4枚", (0, 2)),
        ("jp-unlucky-numbers", "description", "ja-JP", "四個", (0, 2)),
        ("jp-unlucky-numbers", "price", None, "4444 JPY", None),
        ("jp-unlucky-numbers", "pack_size", None, "4", None),
    ]


def test_number_ignores_other_numbers_and_other_currencies(shipped) -> None:
    rec = record("zh-CN", {"name": ("14 Stück, 4,5 cm, 2x4 m", "14件"), "price": eur("4.44", "EUR")})
    assert not matched(findings(shipped, rec), "cn-number-four")
    priced = record("zh-CN", {"price": eur("44.44", "CNY")})
    assert matched(findings(shipped, priced), "cn-number-four") == [("cn-number-four", "price", None, "44.44 CNY", None)]


def test_colour_needs_the_gift_context(shipped) -> None:
    plain = record("zh-CN", {"name": ("Weiße Tasse", "白色杯子"), "main_color": "white"})
    assert not matched(findings(shipped, plain), "cn-gift-colors")
    gift = record("zh-CN", {"name": ("Weiße Tasse als Geschenk", "白色礼品杯"), "main_color": "white_gold"})
    assert matched(findings(shipped, gift), "cn-gift-colors") == [
        ("cn-gift-colors", "name", "zh-CN", "白色", (0, 2)),
        ("cn-gift-colors", "main_color", None, "white_gold", None),
    ]
    hat = record("zh-CN", {"name": ("Grüne Kappe", "绿色帽子"), "color": "green"})
    assert [f.field for f in findings(shipped, hat) if f.rule == "cn-green-hat"] == ["name", "color"]
    capacity = record("zh-CN", {"name": ("Grüner Akku, capacity 5 Ah", "绿色电池"), "color": "green"})
    assert not matched(findings(shipped, capacity), "cn-green-hat")


def test_geo_names_suggest_the_markets_wording(shipped) -> None:
    rec = record("ar-AE", {"description": ("Perlen aus dem Persischen Golf", "لؤلؤ من الخليج الفارسي")})
    got = [f for f in findings(shipped, rec) if f.rule == "ae-gulf-name"]
    assert [(f.locale, f.matched) for f in got] == [("ar-AE", "الخليج الفارسي")]  # the published text's match
    assert got[0].action == "Replace \u201cالخليج الفارسي\u201d with \u201cالخليج العربي\u201d."
    assert got[0].code == "geo-name"
    # when the translation does not carry the name, the source's match stays, with the market's wording
    dropped = record("ar-AE", {"description": ("Perlen aus dem Persischen Golf", "لؤلؤ طبيعي")})
    got = [f for f in findings(shipped, dropped) if f.rule == "ae-gulf-name"]
    assert [(f.locale, f.matched) for f in got] == [("de-DE", "Persischen Golf")]
    assert got[0].message.endswith("Expected wording in ar-AE: \u201cArabischer Golf\u201d.")
    en = record("en-GB", {"description": ("x", "Pearls from the Persian Gulf")})
    assert not [f for f in findings(shipped, en) if f.rule == "ae-gulf-name"]


def test_category_rules_use_taxonomy_first_and_source_codes_otherwise(shipped) -> None:
    mapped = record("zh-CN", {"name": "Liquid"}, categories=("misc",),
                    taxonomy={"category": "499963", "path": ["Health & Beauty", "Vaporizers & Electronic Cigarettes"]})
    got = [f for f in findings(shipped, mapped) if f.rule == "cn-e-cigarettes"]
    assert [(f.severity, f.field, f.matched, f.code) for f in got] == [
        ("block", "categories", "vaporizers & electronic cigarettes", "restricted-category")]
    by_code = record("zh-CN", {"name": "Liquid"}, categories=("vape_liquids",))
    assert [f.matched for f in findings(shipped, by_code) if f.rule == "cn-e-cigarettes"] == ["vape_liquids"]
    approved_map = record("zh-CN", {"name": "Globe", "map_approval": "GS(2024)1234"}, categories=("globes",))
    assert not [f for f in findings(shipped, approved_map) if f.rule == "cn-maps"]


def test_green_claims_apply_in_the_eu_from_27_september_2026(tmp_path: Path, shipped) -> None:
    from localize.rules.ruleset import load_ruleset

    rec = record("fr-FR", {"description": ("Umweltfreundliche Verpackung", "Emballage écologique")})
    before = load_ruleset(as_of=dt.date(2026, 9, 26))
    assert not [f for f in findings(before, rec) if f.rule == "global-eu-green-claims"]
    assert [f.matched for f in findings(shipped, rec) if f.rule == "global-eu-green-claims"] == ["écologique"]
    us = record("en-US", {"description": ("x", "Eco-friendly packaging")})
    assert not [f for f in findings(shipped, us) if f.rule == "global-eu-green-claims"]
    labelled = record("fr-FR", {"description": ("x", "Emballage écologique"), "eu_ecolabel": "FR/020/001"})
    got = [f for f in findings(shipped, labelled) if f.rule == "global-eu-green-claims"]
    assert [(f.severity, f.matched) for f in got] == [("info", "écologique")]


def test_pattern_rules_and_field_filters(shipped) -> None:
    rec = record("en-US", {"description": ("x", "Call +49 30 1234567 or mail shop@example.com. FREE SHIPPING!!"),
                           "internal_note": ("x", "mail shop@example.com")})
    got = sorted((f.rule, f.matched) for f in findings(shipped, rec) if f.rule.startswith("global-"))
    assert got == [
        ("global-contact-details", "+49 30 1234567"),
        ("global-contact-details", "shop@example.com"),
        ("global-promotional-text", "!!"),
        ("global-promotional-text", "FREE SHIPPING"),
    ]


def test_identifiers_are_not_copy(shipped) -> None:
    rec = record("de-DE", {"sku": "HAKENKREUZ-1", "ean": "4444444444444", "name": "Tasse"})
    assert findings(shipped, rec) == []


def test_findings_carry_everything_a_reviewer_needs(shipped) -> None:
    rec = record("de-DE", {"name": "Butterflymesser Deluxe"}, identifier="SKU-9")
    (f,) = findings(shipped, rec)
    assert f.to_dict() == {
        "code": "sensitive-term", "severity": "block", "rule": "de-prohibited-weapons", "market": "de-DE",
        "product": "SKU-9", "field": "name", "locale": "de-DE", "matched": "Butterflymesser", "span": [0, 15],
        "message": "A weapon that is prohibited in Germany (sale and possession).",
        "action": "Do not publish in Germany.", "stage": "check",
        "evidence": [{"signal": "terms", "field": "name", "language": "de", "side": "source", "matched": "Butterflymesser"}],
    }


def test_prices_read_as_customers_see_them(shipped) -> None:
    def hits(amount: str) -> list[str]:
        rec = record("de-DE", {"price": eur(amount)})
        return [f.matched for f in findings(shipped, rec) if f.rule == "global-number-666"]

    assert hits("6.66") == ["6.66 EUR"]
    assert hits("666.00") == ["666.00 EUR"]
    assert hits("66.60") == [] and hits("16.66") == [] and hits("0.00") == []
