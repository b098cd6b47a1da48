"""A whole price in a currency whose coins below the unit are not used (CLDR supplemental currencyData
`cashDigits="0"`: TWD, CZK, SEK, NOK, PKR ...) is shown without a zero fraction, as the market's shops show it
(`$372` in zh-TW, `1 290 Kč`, `299 kr`), where babel writes the currency's `digits` (`$372.00`). A price with a
fraction keeps every digit (showing a price never changes it); currencies whose cash digits equal their digits
(USD, EUR, CHF: cash rounding 0.05 is a rule for tender, not for shelf prices) are shown as before. Feed amounts
keep ISO 4217 minor units."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from localize.model import Money
from localize.prices.market import market_prices
from localize.prices.rates import RateTable
from localize.units.formatting import format_money, shown_digits


@pytest.mark.parametrize(("amount", "currency", "locale", "shown"), [
    ("372", "TWD", "zh-TW", "$372"),
    ("1290", "CZK", "cs-CZ", "1\u00a0290\u00a0Kč"),
    ("299", "SEK", "sv-SE", "299\u00a0kr"),
    ("299", "NOK", "nb-NO", "299\u00a0kr"),
    ("1290", "SEK", "de-CH", "SEK\u00a01’290"),  # babel's own path (apostrophe grouping)
    ("12900", "SEK", "it-CH", "SEK\u00a012’900"),
    # a fraction keeps every digit
    ("372.5", "TWD", "zh-TW", "$372.50"),
    ("1290.5", "CZK", "cs-CZ", "1\u00a0290,50\u00a0Kč"),
    ("299.9", "SEK", "de-CH", "SEK\u00a0299.90"),
    # cash digits equal to the digits: as before
    ("10", "USD", "en-US", "$10.00"),
    ("10", "EUR", "de-DE", "10,00\u00a0€"),
    ("10", "CHF", "de-CH", "CHF\u00a010.00"),
    ("10", "CAD", "fr-CA", "10,00\u00a0$"),
    ("10", "DKK", "da-DK", "10,00\u00a0kr."),
])
def test_whole_prices_follow_the_cash_digits(amount: str, currency: str, locale: str, shown: str) -> None:
    assert format_money(D(amount), currency, locale) == shown


def test_the_digits_come_from_cldr_per_currency() -> None:
    assert [shown_digits(c, True) for c in ("TWD", "CZK", "SEK", "NOK", "PKR", "HUF", "JPY", "USD", "CHF", "BHD")] == \
        [0, 0, 0, 0, 0, 0, 0, 2, 2, 3]
    assert [shown_digits(c, False) for c in ("TWD", "CZK", "SEK", "USD", "BHD")] == [2, 2, 2, 2, 3]


def test_a_market_price_in_twd_is_shown_whole_and_fed_in_minor_units() -> None:
    table = RateTable({date(2031, 11, 14): {"USD": D("1.2"), "TWD": D("35.0")}}, "test")
    policy = market_prices("zh-TW", "TW", "TWD", None, None, lambda: table.on(None))
    result = policy.localize((Money(D("24.90"), "EUR"),))
    assert result.rule == "whole" and result.money.amount == D("872")
    assert result.display == "$872"
    assert result.to_dict()["amount"] == "872.00"  # ISO 4217: TWD has 2 minor units
    sek = market_prices("sv-SE", "SE", "SEK", {"rules": {"SEK": "whole"}}, None, lambda: table.on(None))
    assert sek.localize((Money(D("299"), "SEK"),)).display == "299\u00a0kr"
