"""Numbers in copy across the seams: the QA checker, the units capability and the convert stage
agree on Japanese copy (numbers written against kana and kanji), compound adjectives (`1.1-inch`),
ratings written as codes (`SPF30`) and units the source chose on purpose (`1,1 Zoll`)."""

from __future__ import annotations

import pytest

from localize.qa.checks.numbers import analyse
from localize.units.amounts import find_amounts
from localize.units.conventions import market_units
from localize.units.quantities_in_text import deliberate_units, find_quantities, rewrite_quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("オーガニックコットン100%の生地", [("100%", "%")]),
        ("最大14日間使える", [("14", None)]),
        ("片足の重さ：約280 g（EUサイズ42）", [("280 g", "g"), ("42", None)]),
        ("2.8 cmのカラーディスプレイ", [("2.8 cm", "cm")]),
        ("30 °Cまで洗濯機洗い可", [("30 °C", "°C")]),
    ],
)
def test_japanese_numbers_against_kana_and_kanji_are_found(text: str, expected: list) -> None:
    found = [(a.text, a.unit.symbol if a.unit else None) for a in find_amounts(text, "ja-JP")]
    assert found == expected


def test_numbers_inside_latin_codes_are_still_not_numbers() -> None:
    assert [a.text for a in find_amounts("MP3-Player, H2O, TM-100", "de-DE")] == ["100"]


@pytest.mark.parametrize(
    ("source", "target", "locale"),
    [
        ("Weiches Shirt aus 100 % Bio-Baumwolle.", "オーガニックコットン100%の柔らかなTシャツ。", "ja-JP"),
        ("bis zu 14 Tagen Akkulaufzeit", "最大14日間使える", "ja-JP"),
        ("Gewicht pro Schuh: ca. 280 g (Größe 42)", "片足の重さ：約280 g（EUサイズ42）", "ja-JP"),
        ("Farbdisplay mit 1,1 Zoll", "1.1-inch color display", "en-US"),
        ("Farbdisplay mit 1,1 Zoll", "1.1インチのカラーディスプレイ", "ja-JP"),
        ("Sonnenspray LSF 30, 200 ml", "日焼け止めスプレー SPF30 200 ml", "ja-JP"),
    ],
)
def test_faithful_translations_are_not_number_mismatches(source: str, target: str, locale: str) -> None:
    errors, formats, _ = analyse(source, "de-DE", target, locale)
    assert (errors, formats) == ([], [])


@pytest.mark.parametrize(
    ("source", "target", "locale", "message"),
    [
        ("Weiches Shirt aus 100 % Bio-Baumwolle.", "オーガニックコットン10%の柔らかなTシャツ。", "ja-JP",
         "source 100 % not found in the target; target 10% not in the source"),
        ("bis zu 14 Tagen Akkulaufzeit", "最大12日間使える", "ja-JP",
         "source 14 not found in the target; target 12 not in the source"),
        ("Sonnenspray LSF 30, 200 ml", "日焼け止めスプレー SPF50 200 ml", "ja-JP", "source 30 not found in the target"),
    ],
)
def test_wrong_numbers_in_japanese_copy_are_still_found(source: str, target: str, locale: str, message: str) -> None:
    errors, _, _ = analyse(source, "de-DE", target, locale)
    assert "; ".join(errors) == message


def test_hyphenated_units_are_quantities_but_two_in_one_is_not() -> None:
    found = [(q.text, q.unit) for q in find_quantities("a 1.1-inch display, a 5-kg bag, 2-in-1, 5-minute", "en-US")]
    assert found == [("1.1-inch", "INCH"), ("5-kg", "KILOGRAM")]
    assert [(a.text, a.unit.symbol if a.unit else None) for a in find_amounts("a 5-kg bag, 2-in-1", "en-US")] == [
        ("5-kg", "kg"), ("2", None), ("1", None)]


def test_units_a_metric_source_chose_on_purpose_stay_in_every_market() -> None:
    german = market_units("de-DE", "DE")
    assert deliberate_units("Farbdisplay mit 1,1 Zoll, 2 m Kabel", "de-DE", german) == frozenset({"INCH"})
    keep = deliberate_units("Farbdisplay mit 1,1 Zoll", "de-DE", german)
    french = market_units("fr-FR", "FR")
    assert rewrite_quantities("Écran couleur de 1,1 pouce", "fr-FR", french, keep_units=keep).text == \
        "Écran couleur de 1,1 pouce"
    # without the source's choice the same text is converted, as before
    assert rewrite_quantities("Écran couleur de 1,1 pouce", "fr-FR", french).text == "Écran couleur de 2,8\u202fcm"
    # a US source writes inches natively: nothing deliberate, a metric market converts them
    assert deliberate_units("10 in skillet", "en-US", market_units("en-US", "US")) == frozenset()


def test_swiss_french_prices_use_cldrs_currency_decimal_mark() -> None:
    from decimal import Decimal

    from localize.units.formatting import format_money, format_number

    # CLDR fr-CH: numbers `1’234,5`, money `182.95 CHF` (babel ignores `currencyDecimal`)
    assert format_money(Decimal("182.95"), "CHF", "fr-CH") == "182.95\u00a0CHF"
    assert format_money(Decimal("1234.50"), "CHF", "fr-CH") == "1’234.50\u00a0CHF"
    assert format_number(Decimal("1234.5"), "fr-CH") == "1’234,5"
    assert format_money(Decimal("182.95"), "CHF", "fr-FR") == "182,95\u00a0CHF"


def test_measures_every_market_states_in_millimetres_stay_in_millimetres() -> None:
    us = market_units("en-US", "US")
    for text in ("Waterproof rain jacket with a 10,000 mm hydrostatic head.", "A responsive midsole and an 8 mm drop."):
        assert rewrite_quantities(text, "en-US", us).text == text
    # other millimetres are still converted
    assert rewrite_quantities("A board 20 mm thick.", "en-US", us).text == "A board 0.8 in thick."
