"""Numbers and money are formatted with the pattern and symbols read once per locale
(`localize.units.numberformat`), not through babel per value: the result must be babel's, character
for character, in every locale CLDR ships, for negative, zero, -0, large, many-decimal, rounded values
and currencies with 0, 2, 3 and 4 minor units."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from babel import Locale, localedata
from babel.numbers import format_currency, format_decimal, get_currency_precision, parse_pattern
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.units import formatting
from localize.units.formatting import format_money, format_number
from localize.units.numberformat import compile_number
from localize.units.rounding import trim

ALL_LOCALES = sorted(localedata.locale_identifiers())
MARKETS = ("de-DE", "en-US", "en-GB", "fr-FR", "fr-CH", "de-CH", "de-AT", "it-IT", "it-CH", "es-ES", "es-MX",
           "ja-JP", "zh-CN", "zh-TW", "ko-KR", "tr-TR", "pl-PL", "he-IL", "ar-EG", "ar-SA", "ar-AE", "nl-NL",
           "sv-SE", "fi-FI", "da-DK", "nb-NO", "pt-BR", "pt-PT", "ru-RU", "cs-CZ", "en-IN", "hi-IN", "de-LI",
           "ro-RO", "cy-GB", "lt-LT", "uk-UA", "fa-IR", "bn-BD", "th-TH", "vi-VN", "id-ID", "ms-MY", "es-CL")
#: CLDR supplemental currencyData: digits 2, cashDigits 0
CASH_WHOLE = frozenset({"AMD", "CRC", "CZK", "GYD", "MNT", "MUR", "NOK", "PKR", "RSD", "SEK", "TZS", "TWD", "UZS",
                        "VEF"})
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "JPY", "KRW", "CLP", "BHD", "KWD", "TND", "JOD", "CLF", "INR", "SEK",
              "XXX", "CNY", "ILS", "TWD", "CZK", "NOK")  # 2, 0, 3 and 4 minor units; a code without a symbol
FIXED = [Decimal(t) for t in ("0", "-0", "0.0", "-0.00", "1", "-1", "0.5", "-0.5", "0.05", "0.005", "0.0005", "1.5",
                              "2.5", "2.675", "-2.675", "999.9995", "1234.5", "-1234.50", "1000000", "-1000000.001",
                              "12345678901234.125", "123456789012345678901234567.5", "1E+3", "1E+25", "1E-7",
                              "0.000001", "3.14159265358979", "99.995", "100000", "10", "1.005")]

values = st.one_of(
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=6, allow_nan=False,
                allow_infinity=False),
    st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=2, allow_nan=False,
                allow_infinity=False),
    st.integers(-(10 ** 14), 10 ** 14).map(Decimal),
    st.sampled_from(FIXED),
)


def outcome(fn: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """The text, or the error's type (a value beyond the decimal context's precision raises in both)."""
    try:
        return fn(*args, **kwargs)
    except ArithmeticError as error:
        return f"raises {type(error).__name__}"


def _first_group(value: Decimal, decimals: int, locale: str) -> bool:
    """Whether CLDR writes a group mark in `value`: from 3 + minimumGroupingDigits integer digits
    (babel ignores minimumGroupingDigits; `formatting.min_grouping` is tested in test_min_grouping)."""
    try:
        whole = abs(value).quantize(Decimal(1).scaleb(-decimals))
    except ArithmeticError:
        return True
    return len(str(int(whole))) >= 3 + formatting.min_grouping(locale)


def _old_number(value: Decimal, locale: str, decimals: int | None) -> str:
    """`formatting._format_number` before the compiled patterns: babel's `format_decimal` per value
    (grouped as CLDR's minimumGroupingDigits says)."""
    if decimals is None:
        value = trim(value)
        decimals = formatting.decimals_of(value)
    pattern = formatting._pattern(locale, decimals)
    loc = formatting.babel_locale(locale)
    if not formatting._needs_group_fix(locale):
        return format_decimal(value, pattern, loc, decimal_quantization=True,
                              group_separator=_first_group(value, decimals, locale))
    return formatting._group_swiss(format_decimal(value, pattern, loc, group_separator=False,
                                                  decimal_quantization=True), formatting.min_grouping(locale))


def _old_money(amount: Decimal, currency: str, locale: str) -> str:
    """`formatting._format_money` before the compiled patterns: babel's `format_currency` per value
    (grouped as CLDR's minimumGroupingDigits says)."""
    loc = formatting.babel_locale(locale)
    digits = get_currency_precision(currency)
    if amount.is_finite() and amount == amount.to_integral_value() and currency in CASH_WHOLE:
        digits = 0  # CLDR's cashDigits: a whole price in TWD, SEK ... is shown without its zero fraction
    grouped = _first_group(amount, digits, locale)
    if digits == get_currency_precision(currency):
        text = format_currency(amount, currency, locale=loc, group_separator=grouped)
    else:
        pattern = re.sub(r"\.0+", "", loc.currency_formats["standard"].pattern)
        text = format_currency(amount, currency, format=pattern, locale=loc, group_separator=grouped,
                               currency_digits=False)
    if grouped and formatting._needs_group_fix(locale):
        buggy = format_decimal(amount, formatting._pattern(locale, digits), loc, group_separator=True,
                               decimal_quantization=True)
        fixed = _old_number(amount, locale, digits)
        text = text.replace(buggy, fixed, 1) if buggy in text else text
    return formatting._currency_decimal(text, locale)


@settings(max_examples=800, deadline=None)
@given(value=values, locale=st.sampled_from(MARKETS), decimals=st.one_of(st.none(), st.integers(0, 6)))
def test_format_number_equals_babel_in_market_locales(value: Decimal, locale: str, decimals: int | None) -> None:
    assert outcome(format_number, value, locale, decimals=decimals) == outcome(_old_number, value, locale, decimals)


@settings(max_examples=800, deadline=None)
@given(value=values, locale=st.sampled_from(MARKETS), currency=st.sampled_from(CURRENCIES))
def test_format_money_equals_babel_in_market_locales(value: Decimal, locale: str, currency: str) -> None:
    assert outcome(format_money, value, currency, locale) == outcome(_old_money, value, currency, locale)


@settings(max_examples=1500, deadline=None)
@given(value=values, locale=st.sampled_from(ALL_LOCALES), decimals=st.integers(0, 6), grouped=st.booleans(),
       currency=st.sampled_from(CURRENCIES))
def test_compiled_pattern_equals_babel_in_any_cldr_locale(value: Decimal, locale: str, decimals: int, grouped: bool,
                                                          currency: str) -> None:
    loc = Locale.parse(locale)
    pattern = loc.decimal_formats[None].pattern.split(";")[0].split(".")[0] + ("." + "0" * decimals if decimals else "")
    compiled = compile_number(parse_pattern(pattern), loc, grouped=grouped)
    if compiled is not None:
        assert outcome(compiled.format, value) == outcome(format_decimal, value, pattern, loc,
                                                          group_separator=grouped, decimal_quantization=True)
    money = compile_number(loc.currency_formats["standard"], loc, currency=currency,
                           currency_digits=get_currency_precision(currency))
    if money is not None:
        assert outcome(money.format, value) == outcome(format_currency, value, currency, locale=loc)


def test_every_cldr_locale_formats_like_babel() -> None:
    """Every locale babel ships, the fixed hard cases, 0/2/3/4-digit currencies, grouped or not."""
    differ: list[tuple[str, str, Any, Any]] = []
    fallback: list[str] = []
    for locale in ALL_LOCALES:
        loc = Locale.parse(locale)
        for decimals in (0, 2, 3):
            pattern = formatting._pattern(locale, decimals)
            for grouped in (True, False):
                compiled = compile_number(parse_pattern(pattern), loc, grouped=grouped)
                if compiled is None:
                    fallback.append(locale)
                    continue
                for value in FIXED:
                    got = outcome(compiled.format, value)
                    want = outcome(format_decimal, value, pattern, loc, group_separator=grouped,
                                   decimal_quantization=True)
                    if got != want:
                        differ.append((locale, pattern, got, want))
        for currency in ("EUR", "JPY", "BHD", "CLF", "USD"):
            money = compile_number(loc.currency_formats["standard"], loc, currency=currency,
                                   currency_digits=get_currency_precision(currency))
            if money is None:
                continue
            for value in FIXED:
                got, want = outcome(money.format, value), outcome(format_currency, value, currency, locale=loc)
                if got != want:
                    differ.append((locale, currency, got, want))
    assert differ == []
    # Only the apostrophe-grouping locales keep babel's path for a grouped decimal.
    assert len(ALL_LOCALES) > 1000
    assert sorted(set(fallback)) == sorted(lc for lc in ALL_LOCALES if "'" in Locale.parse(lc).number_symbols["latn"]["group"])


def test_market_locales_do_not_call_babel_per_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is taken: babel's per-value formatting is not called for numbers or money (the
    apostrophe-grouping locales' money keeps babel's path, see `formatting`)."""
    for locale in ("de-DE", "en-US", "fr-FR", "ja-JP", "de-CH", "ar-EG", "en-IN"):
        formatting._format_number.cache_clear()
        formatting._format_money.cache_clear()
        expected = [_old_number(Decimal("-1234567.891"), locale, None), _old_money(Decimal("1234.5"), "EUR", locale)]

        def boom(*args: object, **kwargs: object) -> str:
            raise AssertionError("babel called per value")

        with monkeypatch.context() as patch:
            patch.setattr(formatting, "format_decimal", boom)
            got = [format_number(Decimal("-1234567.891"), locale)]
            if not formatting._needs_group_fix(locale):
                patch.setattr(formatting, "format_currency", boom)
                got.append(format_money(Decimal("1234.5"), "EUR", locale))
        if len(got) == 1:
            got.append(format_money(Decimal("1234.5"), "EUR", locale))
        assert got == expected
