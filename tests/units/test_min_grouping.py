"""CLDR's minimumGroupingDigits: Polish, Spanish (Spain), Italian, European Portuguese, Hungarian ... write the
first group mark only from five integer digits (`9000`, `12 345`), where babel (which does not ship the value)
wrote `9 000` / `9.000`. Every number shown to a customer goes through `units.formatting`, so a quantity, a price
and a number the translate stage writes in the market's notation all follow it.

The expected texts are CLDR's (cldr-json `numbers.json`: pl `minimumGroupingDigits` 2, es-419 1) and what every
ICU-based front end writes (`new Intl.NumberFormat("pl-PL").format(9000)` is `9000`)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from localize.units.formatting import format_money, format_number, format_quantity, min_grouping
from localize.units.quantities_in_text import localize_numbers


@pytest.mark.parametrize(("locale", "digits"), [
    ("pl-PL", 2), ("es-ES", 2), ("it-IT", 2), ("it-CH", 2), ("pt-PT", 2), ("hu-HU", 2), ("bg-BG", 2), ("lv-LV", 2),
    ("et-EE", 2), ("sl-SI", 2),
    # inherited along CLDR's parent chain: es-MX and es-AR from es-419 (1), pt-BR from pt (1), pt-MO from pt-PT (2)
    ("es-MX", 1), ("es-AR", 1), ("es-US", 1), ("pt-BR", 1), ("pt-MO", 2), ("ru-RU", 1), ("ru-UA", 2),
    ("en-US", 1), ("de-DE", 1), ("fr-FR", 1), ("de-CH", 1), ("ja-JP", 1), ("en-IN", 1),
])
def test_minimum_grouping_digits_follow_cldr(locale: str, digits: int) -> None:
    assert min_grouping(locale) == digits


@pytest.mark.parametrize(("locale", "four", "five"), [
    ("pl-PL", "9000", "12\u00a0345"),
    ("es-ES", "9000", "12.345"),
    ("it-IT", "9000", "12.345"),
    ("pt-PT", "9000", "12\u00a0345"),
    ("hu-HU", "9000", "12\u00a0345"),
    ("it-CH", "9000", "12’345"),  # the apostrophe locales take their own path (babel's Swiss bug)
    ("es-MX", "9,000", "12,345"),
    ("pt-BR", "9.000", "12.345"),
    ("de-DE", "9.000", "12.345"),
    ("fr-FR", "9\u202f000", "12\u202f345"),
    ("de-CH", "9’000", "12’345"),
])
def test_numbers_quantities_and_prices_group_from_cldrs_minimum(locale: str, four: str, five: str) -> None:
    assert format_number(D("9000"), locale) == four
    assert format_number(D("12345"), locale) == five
    assert format_number(D("-9000.5"), locale).lstrip("-−\u200e\u200f").startswith(four)
    assert format_number(D("1234567"), locale).count(five[2]) == 2  # big numbers keep every group mark
    assert format_quantity(D("9000"), "GRAM", locale).startswith(four)
    money = format_money(D("9000"), "EUR", locale)
    assert four in money and five[2:] not in money.replace(four, "")
    assert five in format_money(D("12345"), "EUR", locale)


def test_a_rounded_value_is_grouped_by_its_rounded_digits() -> None:
    assert format_number(D("9999.96"), "pl-PL", decimals=1) == "10\u00a0000,0"
    assert format_money(D("9999.999"), "PLN", "pl-PL") == "10\u00a0000,00\u00a0zł"
    assert format_money(D("999.999"), "PLN", "pl-PL") == "1000,00\u00a0zł"


def test_copy_written_in_the_markets_notation_follows_it_too() -> None:
    """The translate stage writes a protected number the target's way through `format_number`."""
    assert localize_numbers("9,000", "en-US", "pl-PL") == "9000"
    assert localize_numbers("9,000", "en-US", "es-ES") == "9000"
    assert localize_numbers("12,345", "en-US", "es-ES") == "12.345"
    assert localize_numbers("9.000", "de-DE", "es-MX") == "9,000"
