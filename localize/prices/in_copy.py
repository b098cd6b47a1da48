"""Prices written into copy: an amount with a currency sign or code inside a description.

Product copy of food and drink states unit prices and deposits (`Grundpreis: 16,90 € / 1 kg`,
`zzgl. 0,25 € Pfand`); a translation carries them into every market as written, so a US or Japanese
shop would publish a euro amount beside its own price, and a unit conversion of the copy turned
`16,90 € / 1 kg` into `16.90 € / 2.2 lb`. Converting such an amount is not safe (is it gross or net,
which rate, does the deposit exist there?), so a market whose currency the amount is not in sends
the copy to a reviewer. Searched only in copy that holds a digit (one regex search per distinct text).
"""

from __future__ import annotations

import re

# Signs that name a currency (or a few): an amount with one of them is in one of these currencies.
_SIGNS: dict[str, frozenset[str]] = {
    "€": frozenset({"EUR"}), "£": frozenset({"GBP", "EGP", "GIP", "FKP", "SHP"}),
    "¥": frozenset({"JPY", "CNY"}), "￥": frozenset({"JPY", "CNY"}), "円": frozenset({"JPY"}),
    "元": frozenset({"CNY"}), "₹": frozenset({"INR"}), "₩": frozenset({"KRW"}), "₽": frozenset({"RUB"}),
    "₺": frozenset({"TRY"}), "₪": frozenset({"ILS"}), "฿": frozenset({"THB"}), "₫": frozenset({"VND"}),
    "₱": frozenset({"PHP"}), "₴": frozenset({"UAH"}), "zł": frozenset({"PLN"}), "Kč": frozenset({"CZK"}),
    "$": frozenset({"USD", "CAD", "AUD", "NZD", "MXN", "SGD", "HKD", "TWD", "ARS", "CLP", "COP", "BRL"}),
}
_SIGN = "|".join(re.escape(s) for s in sorted(_SIGNS, key=len, reverse=True))
_NUMBER = r"\d+(?:[.,\u00a0\u202f' ]\d+)*(?:[.,]\d+|[.,]-)?"
# `16,90 €`, `€ 16,90`, `EUR 7,00`, `7.00 EUR`, `US$ 5` (a sign, or three capitals, right beside a number)
_AMOUNT = re.compile(rf"(?:(?P<pre>{_SIGN}|\b[A-Z]{{3}}\b)\s?{_NUMBER})|(?:{_NUMBER}\s?(?P<post>{_SIGN}|[A-Z]{{3}}\b))")


# ISO 4217 codes written beside amounts in copy. Not every code: `ALL`, `PEN`, `CUP`, `TOP`, `TRY`, `GEL`
# are words too (`FOR ALL 4 SEASONS`, `PEN 2 PACK` in copy written in capitals).
_CODES = frozenset({"EUR", "USD", "GBP", "CHF", "JPY", "CNY", "RMB", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
                    "RON", "BGN", "CAD", "AUD", "NZD", "INR", "BRL", "MXN", "ZAR", "KRW", "SGD", "HKD", "TWD",
                    "RUB", "UAH", "AED", "SAR", "QAR", "ILS", "THB", "IDR", "MYR", "PHP", "VND", "EGP"})


def currencies_of(token: str) -> frozenset[str]:
    """The currencies a sign or an ISO 4217 code beside a number may name (empty: not a currency)."""
    if token in _SIGNS:
        return _SIGNS[token]
    return frozenset({"CNY"} if token == "RMB" else {token}) if token in _CODES else frozenset()


def foreign_prices(text: str, currency: str) -> list[str]:
    """The amounts `text` states in a currency other than `currency`, as written (`16.90 €`)."""
    found = []
    for m in _AMOUNT.finditer(text):
        names = currencies_of(m.group("pre") or m.group("post"))
        if names and currency not in names:
            found.append(m.group(0))
    return found
