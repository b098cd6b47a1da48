"""Numbers, quantities and prices as a market's customers read them (CLDR data via babel).

We use babel's `format_unit` / `format_decimal` / `format_currency` (pure CLDR data,
thread-safe) and not pint's babel formatting, which goes through OS locales.

babel 2.19 workaround: its data for de-CH, fr-CH, it-CH, de-LI (every locale that groups
with an apostrophe) holds an ASCII apostrophe as the group symbol, and babel's pattern
code then strips pairs of apostrophes as if they quoted literal text, so
`format_decimal(1234567.5, locale="de_CH")` gives `1234567.5` (no grouping at all) while
1234.5 gives `1'234.5`. For those locales we format without grouping and insert CLDR's
group symbol, the right single quotation mark: `1’234’567.5`. Tests pin the bug, so a
babel release that fixes it is noticed.

CLDR's minimumGroupingDigits (babel does not ship it): pl, es, it, pt-PT, hu, bg, lv, et, sl ...
write `9000` and `12 345` (the first group mark only from five integer digits), as CLDR and
every ICU-based shop front do; `min_grouping` reads localize/data/cldr_min_grouping.json and every
number and price shown here (`format_number`, `format_quantity`, `format_money`) follows it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from babel.core import get_global
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)
from babel.units import _find_unit_pattern, format_unit

from ..locale import babel_locale
from .akeneo_pint import spec_for
from .numberformat import CompiledNumber, compile_number
from .rounding import trim

#: CLDR's group symbol for the apostrophe-grouping locales (babel 2.19 has an ASCII one).
SWISS_GROUP = "\u2019"
_NARROW_SPACE_LANGS = frozenset({"fr"})


@lru_cache(maxsize=1)
def _min_grouping_table() -> dict[str, int]:
    text = resources.files("localize").joinpath("data/cldr_min_grouping.json").read_text(encoding="utf-8")
    return dict(json.loads(text)["locales"])


@lru_cache(maxsize=256)
def min_grouping(locale: str) -> int:
    """CLDR's minimumGroupingDigits of `locale` (`pl-PL` 2: `9000`, `12 345`; `en-US` 1: `9,000`),
    inherited along CLDR's parent chain (es-MX from es-419: 1; pt-AO's own 1 under pt-PT's 2)."""
    table = _min_grouping_table()
    parents = get_global("parent_exceptions")
    name: str | None = str(babel_locale(locale))
    while name:
        if name in table:
            return table[name]
        name = parents.get(name) or (name.rsplit("_", 1)[0] if "_" in name else None)
    return 1


def _grouped(amount: Decimal, decimals: int, locale: str) -> bool:
    """Whether the first group mark is written (babel's fallbacks, which ignore minimumGroupingDigits)."""
    whole = abs(amount).quantize(Decimal(1).scaleb(-decimals)) if amount.is_finite() else amount
    return not whole.is_finite() or len(str(int(whole))) >= 3 + min_grouping(locale)


@lru_cache(maxsize=256)
def _needs_group_fix(locale: str) -> bool:
    return get_group_symbol(babel_locale(locale)) == "'"


@lru_cache(maxsize=1024)
def _pattern(locale: str, decimals: int) -> str:
    """The locale's decimal pattern with exactly `decimals` fraction digits."""
    base = babel_locale(locale).decimal_formats[None].pattern.split(";")[0]
    integer = base.split(".")[0]
    return integer + ("." + "0" * decimals if decimals > 0 else "")


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# Catalogues repeat their numbers (weights, sizes, price points) across products and markets, and
# babel re-reads its pattern for each call: each public function below formats one distinct
# (value, unit, locale ...) once. The key holds `str(value)`, which keeps the value's digits
# (`Decimal("2.5") == Decimal("2.50")`, but they are shown differently).
_CACHE_SIZE = 16_384


def format_number(value: Decimal, locale: str, *, decimals: int | None = None) -> str:
    """A number in the locale's format, with the digits `value` has (or exactly `decimals`)."""
    return _format_number(str(value), locale, decimals)


@lru_cache(maxsize=_CACHE_SIZE)
def _format_number(text: str, locale: str, decimals: int | None) -> str:
    value = Decimal(text)
    if decimals is None:
        value = trim(value)
        decimals = decimals_of(value)
    if not _needs_group_fix(locale):
        return format_decimal_plain(value, locale, decimals, grouped=True)
    return _group_swiss(format_decimal_plain(value, locale, decimals, grouped=False), min_grouping(locale))


@lru_cache(maxsize=1024)
def _compiled_decimal(locale: str, decimals: int, grouped: bool) -> CompiledNumber | None:
    """The locale's decimal pattern with `decimals` fraction digits, compiled once (None: babel's path)."""
    return compile_number(parse_pattern(_pattern(locale, decimals)), babel_locale(locale), grouped=grouped,
                          min_grouping=min_grouping(locale))


@lru_cache(maxsize=1024)
def _compiled_money(locale: str, currency: str, digits: int) -> CompiledNumber | None:
    """The locale's standard currency pattern for `currency` with `digits` fraction digits, compiled
    once (None: babel's path)."""
    loc = babel_locale(locale)
    return compile_number(loc.currency_formats["standard"], loc, currency=currency,
                          currency_digits=digits, min_grouping=min_grouping(locale))


@lru_cache(maxsize=256)
def shown_digits(currency: str, amount_is_whole: bool) -> int:
    """The fraction digits a price in `currency` is shown with: CLDR's `digits`, or its `cashDigits`
    when they are fewer and the amount has no fraction (TWD, CZK, SEK, NOK, PKR ...: `NT$372`, `1 290 Kč`,
    `299 kr`, not `372.00`; coins below the unit are not used there, and shops show whole prices so).
    A price with a fraction keeps every digit: the amount is never changed by showing it."""
    digits = get_currency_precision(currency)
    if not amount_is_whole:
        return digits
    fractions = get_global("currency_fractions")
    cash = fractions.get(currency, fractions["DEFAULT"])[2]
    return min(digits, cash)


def _group_swiss(plain: str, min_group: int = 1) -> str:
    """Insert ’ every three digits into the first run of digits (the integer part), from
    3 + `min_group` digits on (it-CH: `1234.50`, `12’345.50`)."""
    match = re.search(r"\d+", plain)
    if not match:
        return plain
    digits = match.group(0)
    if len(digits) < 3 + min_group:
        return plain
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return plain[: match.start()] + SWISS_GROUP.join(groups) + plain[match.end():]


def format_quantity(value: Decimal, unit: str, locale: str, *, length: str = "short",
                    decimals: int | None = None, family: str | None = None) -> str:
    """`2,5 kg` (de-DE), `5.5 lb` (en-US), `104°F`, `1’234.5 m` (de-CH): CLDR unit patterns."""
    return _format_quantity(str(value), unit, locale, length, decimals, family)


@lru_cache(maxsize=_CACHE_SIZE)
def _format_quantity(text: str, unit: str, locale: str, length: str, decimals: int | None,
                     family: str | None) -> str:
    value = Decimal(text)
    if decimals is None:
        value = trim(value)
        decimals = decimals_of(value)
    number = format_number(value, locale, decimals=decimals)
    spec = spec_for(unit, family)
    loc = babel_locale(locale)
    if spec is not None and spec.cldr:
        patterns = None if _needs_group_fix(locale) else _unit_patterns(locale, spec.cldr, length)
        if patterns:
            # What `format_unit` does, minus its second babel number formatting: `number` is
            # already babel's `format_decimal` with this pattern (outside the apostrophe locales).
            # Most short units read the same in every plural form (`{0} kg`): then the form babel
            # would work out (the costliest step here) cannot change the answer.
            same = _one_pattern(locale, spec.cldr, length)
            chosen = same or patterns.get(loc.plural_form(value)) or patterns.get("other")
            if chosen:
                return chosen.format(number)
        pattern = _pattern(locale, decimals)
        formatted = format_unit(value, spec.cldr, length, format=pattern, locale=loc)
        babel_number = format_decimal(value, pattern, loc, decimal_quantization=True)
        if babel_number != number:
            formatted = formatted.replace(babel_number, number, 1)
        return formatted
    symbol = spec.symbol if spec is not None else unit
    space = "\u202f" if loc.language in _NARROW_SPACE_LANGS else " "
    return f"{number}{space}{symbol}"


@lru_cache(maxsize=1024)
def _unit_patterns(locale: str, cldr_unit: str, length: str) -> dict[str, str] | None:
    """CLDR's patterns ({plural form: "{0} kg"}) for one unit and length in one locale, looked up
    the way babel's `format_unit` does, once per (locale, unit, length) instead of per value;
    None when babel has none (the caller then goes through `format_unit` and its error)."""
    loc = babel_locale(locale)
    unit = _find_unit_pattern(cldr_unit, locale=loc)
    if not unit:
        return None
    return dict(loc._data["unit_patterns"][unit].get(length, {})) or None


@lru_cache(maxsize=1024)
def _one_pattern(locale: str, cldr_unit: str, length: str) -> str | None:
    """The unit's pattern when every plural form has the same one as `other` (a form CLDR does not
    list falls back to `other`; `per` is a compound pattern, not a form), else None (the value's
    plural form decides)."""
    patterns = _unit_patterns.__wrapped__(locale, cldr_unit, length)
    other = patterns.get("other") if patterns else None
    if not other or any(p != other for k, p in patterns.items() if k in _PLURAL_FORMS):  # type: ignore[union-attr]
        return None
    return other


_PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many"})


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """`1.234,50 €` (de-DE), `$1,234.50` (en-US), `CHF 1’234.50` (de-CH), `182.95 CHF` (fr-CH),
    `￥1,235` (ja-JP).

    The amount shows the currency's ISO 4217 minor units (CLDR's `currency_digits`).
    """
    return _format_money(str(amount), currency, locale)


@lru_cache(maxsize=_CACHE_SIZE)
def _format_money(amount_text: str, currency: str, locale: str) -> str:
    amount = Decimal(amount_text)
    digits = shown_digits(currency, amount.is_finite() and amount == amount.to_integral_value())
    compiled = _compiled_money(locale, currency, digits)
    if compiled is not None:
        return _currency_decimal(compiled.format(amount), locale)
    loc = babel_locale(locale)
    grouped = _grouped(amount, digits, locale)
    text = format_currency(amount, currency, locale=loc, group_separator=grouped)
    full = get_currency_precision(currency)
    if digits < full:  # babel's path knows only the currency's digits: drop the zero fraction it wrote
        text = re.sub(rf"{re.escape(get_decimal_symbol(loc))}0{{{full}}}(?!\d)", "", text, count=1)
    if grouped and _needs_group_fix(locale):
        buggy = format_decimal_plain(amount, locale, digits, grouped=True)
        fixed = format_number(amount, locale, decimals=digits)
        text = text.replace(buggy, fixed, 1) if buggy in text else text
    return _currency_decimal(text, locale)


@lru_cache(maxsize=256)
def _currency_marks(locale: str) -> tuple[str, str] | None:
    """(decimal, currencyDecimal) when CLDR writes amounts of money with another decimal mark:
    Swiss French `1’234,5` but `182.95 CHF` (babel 2.19 ignores `currencyDecimal`)."""
    symbols = babel_locale(locale).number_symbols.get("latn", {})
    decimal, money = symbols.get("decimal"), symbols.get("currencyDecimal")
    return (decimal, money) if decimal and money and decimal != money else None


def _currency_decimal(text: str, locale: str) -> str:
    marks = _currency_marks(locale)
    if marks is None:
        return text
    decimal, money = marks
    return re.sub(rf"(?<=\d){re.escape(decimal)}(?=\d)", money, text)


def format_decimal_plain(amount: Decimal, locale: str, decimals: int, *, grouped: bool) -> str:
    """babel's `format_decimal` with the locale's pattern and exactly `decimals` fraction digits."""
    compiled = _compiled_decimal(locale, decimals, grouped)
    if compiled is not None:
        return compiled.format(amount)
    return format_decimal(amount, _pattern(locale, decimals), babel_locale(locale),
                          group_separator=grouped and _grouped(amount, decimals, locale), decimal_quantization=True)
