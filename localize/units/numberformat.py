"""babel's number and currency formatting, with the pattern and the locale's symbols read once.

`babel.numbers.format_decimal` / `format_currency` parse the pattern string and look the
locale's symbols up (`Locale.parse`, the numbering system, the currency symbol) on every call,
then run a regex over the result for quoted literals. A run formats every distinct price and
quantity of a catalogue once per market, so that lookup dominated. `compile_number` reads all of it
once per (locale, pattern, currency) and `CompiledNumber.format` does only the arithmetic babel
does (`NumberPattern.apply` for a plain decimal or currency pattern: the same `Decimal`
operations, the same grouping and fraction rules), so the result is babel's, character for character.

Anything this does not mirror exactly returns None from `compile_number` and the caller keeps
babel: scientific, significant-digit, percent/permille (scaled) patterns, long currency names
(`¤¤¤`, plural-dependent), and a literal or symbol with an apostrophe (babel strips quote pairs
over the whole string, number included: see the Swiss grouping note in `formatting`).
tests/units/test_numberformat.py compares both over every CLDR locale babel ships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.numbers import (
    NumberPattern,
    get_currency_symbol,
    get_decimal_quantum,
    get_decimal_symbol,
    get_group_symbol,
)

_QUOTED = re.compile(r"'([^']*)'")


@dataclass(frozen=True, slots=True)
class CompiledNumber:
    """One number pattern of one locale (and currency), ready to format values."""

    prefix: tuple[str, str]  # (positive, negative), currency symbols and quoting already applied
    suffix: tuple[str, str]
    group: str
    decimal: str
    grouping: tuple[int, int]
    int_min: int
    frac_min: int
    frac_max: int
    quantum: Decimal
    grouped: bool  # babel's `group_separator`
    min_grouping: int = 1  # CLDR's minimumGroupingDigits (babel ignores it: 1 is babel's result)

    def format(self, value: Decimal) -> str:
        """What babel's `NumberPattern.apply(value, locale, currency, decimal_quantization=True,
        group_separator=self.grouped)` gives (the same `Decimal` operations in the same order)."""
        value = value.scaleb(0)  # babel scales by the pattern's scale (0 here); it rounds to the context
        negative = int(value.is_signed())
        value = abs(value).normalize()
        a, _, b = f"{value.quantize(self.quantum):f}".partition(".")
        if self.grouped:
            if len(a) < self.int_min:
                a = "0" * (self.int_min - len(a)) + a
            size = self.grouping[0]
            if len(a) >= size + self.min_grouping:
                tail = ""
                while len(a) > size:
                    tail = self.group + a[-size:] + tail
                    a = a[:-size]
                    size = self.grouping[1]
                a += tail
        return self.prefix[negative] + a + self._fraction(b or "0") + self.suffix[negative]

    def _fraction(self, digits: str) -> str:
        low = self.frac_min
        if len(digits) < low:
            digits += "0" * (low - len(digits))
        if self.frac_max == 0 or (low == 0 and int(digits) == 0):
            return ""
        while len(digits) > low and digits[-1] == "0":
            digits = digits[:-1]
        return self.decimal + digits


def compile_number(pattern: NumberPattern, locale: Locale, *, currency: str | None = None,
                   currency_digits: int | None = None, grouped: bool = True,
                   min_grouping: int = 1) -> CompiledNumber | None:
    """`pattern` (babel's parsed pattern) for `locale`, or None where babel's result could differ.

    `currency_digits`: the currency's minor units (babel's `get_currency_precision`), which
    replace the pattern's fraction digits as `format_currency` does by default. `min_grouping`:
    CLDR's minimumGroupingDigits (`formatting.min_grouping`); 1, the default, is babel's result."""
    if pattern.exp_prec or "@" in pattern.pattern or pattern.scale or pattern.number_pattern == "":
        return None
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    if (grouped and "'" in group) or "'" in decimal or not decimal or pattern.grouping[0] <= 0 or pattern.grouping[1] <= 0:
        return None
    symbol = get_currency_symbol(currency, locale) if currency else ""

    def literal(text: str) -> str | None:
        if currency is not None and "¤" in text:
            if "¤¤¤" in text:
                return None
            text = text.replace("¤¤", currency.upper()).replace("¤", symbol)
        if text.count("'") % 2:
            return None  # a quote pairing across the number: babel's regex runs over the whole string
        return _QUOTED.sub(lambda m: m.group(1) or "'", text)

    prefix = tuple(literal(p) for p in pattern.prefix)
    suffix = tuple(literal(s) for s in pattern.suffix)
    if None in prefix or None in suffix:
        return None
    frac = (currency_digits, currency_digits) if currency and currency_digits is not None else pattern.frac_prec
    return CompiledNumber(prefix=(prefix[0], prefix[1]), suffix=(suffix[0], suffix[1]),  # type: ignore[arg-type]
                          group=group, decimal=decimal, grouping=pattern.grouping, int_min=pattern.int_prec[0],
                          frac_min=frac[0], frac_max=frac[1], quantum=get_decimal_quantum(frac[1]), grouped=grouped,
                          min_grouping=min_grouping)
