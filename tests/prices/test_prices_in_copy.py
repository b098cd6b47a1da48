"""Amounts in copy (`Grundpreis: 16,90 € / 1 kg`, `zzgl. 0,25 € Pfand`) in a market of another currency.

On a8c3c63 a food catalogue's unit prices and deposits went to en-US, en-GB and ja-JP as euro amounts,
and the unit conversion of the copy made `16.90 € / 2.2 lb` of `16,90 € / 1 kg`; nothing was said.
"""
from __future__ import annotations

from localize.prices.in_copy import foreign_prices


def test_amounts_in_another_currency_are_found_with_the_sign_before_or_after() -> None:
    text = "Grundpreis 1 l = 2,49 €. Zzgl. 0,25\u00a0€ Pfand. Sonst EUR 7,00 oder 1.299,- €."
    assert foreign_prices(text, "USD") == ["2,49 €", "0,25\u00a0€", "EUR 7,00", "1.299,- €"]
    assert foreign_prices(text, "EUR") == []
    assert foreign_prices("Only $19.99 and ¥1,200", "JPY") == ["$19.99"]


def test_numbers_with_units_codes_and_capitals_are_not_prices() -> None:
    for text in ("USB 3.0, 10 GB, 230 V, ISO 9001", "FOR ALL 4 SEASONS, PEN 2 PACK", "Art.-Nr. 4711, 70 % Kakao"):
        assert foreign_prices(text, "USD") == [], text
