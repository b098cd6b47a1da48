"""`format_quantity` puts its number into CLDR's unit pattern itself (looked up once per locale,
unit and length) instead of calling babel's `format_unit` per value: it must give exactly what
the babel path gives, for every unit we format through CLDR, in many market locales, for negative,
zero, large, many-decimal and rounded values."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from babel.units import format_unit
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.locale import babel_locale
from localize.units import formatting
from localize.units.akeneo_pint import SPECS
from localize.units.formatting import decimals_of, format_number, format_quantity
from localize.units.rounding import trim

LOCALES = ("de-DE", "en-US", "en-GB", "fr-FR", "fr-CH", "de-CH", "de-AT", "it-IT", "it-CH", "es-ES", "es-MX",
           "ja-JP", "zh-CN", "zh-TW", "ko-KR", "tr-TR", "pl-PL", "he-IL", "ar-EG", "ar-SA", "ar-AE", "nl-NL",
           "sv-SE", "fi-FI", "da-DK", "nb-NO", "pt-BR", "ru-RU", "cs-CZ", "en-IN", "hi-IN", "de-LI", "ro-RO",
           "cy-GB", "lt-LT", "uk-UA")
CLDR_SPECS = sorted(((family, spec.code) for (family, _), spec in SPECS.items() if spec.cldr))
LENGTHS = ("short", "long", "narrow")

values = st.one_of(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False,
                allow_infinity=False),
    st.sampled_from([Decimal(t) for t in ("0", "-0", "0.0", "1", "-1", "1.0", "2", "0.5", "1.5", "2.5",
                                          "1234.5", "-1234.50", "1000000", "0.000001", "999.9995",
                                          "12345678901234.125", "1E+3", "21", "11", "101", "3.14159265")]),
)


def _babel_path(value: Decimal, unit: str, family: str, locale: str, length: str, decimals: int | None) -> str:
    """The implementation before the shortcut: babel's `format_unit`, its number swapped for ours."""
    if decimals is None:
        value = trim(value)
        decimals = decimals_of(value)
    number = format_number(value, locale, decimals=decimals)
    spec = SPECS[(family, unit)]
    loc = babel_locale(locale)
    pattern = formatting._pattern(locale, decimals)
    formatted = format_unit(value, spec.cldr, length, format=pattern, locale=loc)
    babel_number = format_decimal(value, pattern, loc, decimal_quantization=True)
    return formatted.replace(babel_number, number, 1) if babel_number != number else formatted


@settings(max_examples=600, deadline=None)
@given(value=values, spec=st.sampled_from(CLDR_SPECS), locale=st.sampled_from(LOCALES),
       length=st.sampled_from(LENGTHS), decimals=st.one_of(st.none(), st.integers(0, 4)))
def test_unit_pattern_shortcut_equals_format_unit(value: Decimal, spec: tuple[str, str], locale: str, length: str,
                                                   decimals: int | None) -> None:
    family, unit = spec
    expected = _babel_path(value, unit, family, locale, length, decimals)
    assert format_quantity(value, unit, locale, length=length, decimals=decimals, family=family) == expected


def test_every_unit_locale_and_length_once() -> None:
    """Every (CLDR unit, locale, length), with a value of each plural category the locale has."""
    for locale in LOCALES:
        for family, unit in CLDR_SPECS:
            for length in LENGTHS:
                for text in ("0", "1", "2", "3", "5", "11", "21", "100", "1.5", "-1", "1000000.25"):
                    value = Decimal(text)
                    assert format_quantity(value, unit, locale, length=length, family=family) == \
                        _babel_path(value, unit, family, locale, length, None), (locale, unit, length, text)


def test_the_shortcut_is_taken() -> None:
    """Outside the apostrophe-grouping locales the patterns are looked up once per unit, not per value."""
    formatting._unit_patterns.cache_clear()
    for amount in ("1.25", "2.5", "17", "-3"):
        format_quantity(Decimal(amount), "KILOGRAM", "fr-FR", family="Weight")
    info = formatting._unit_patterns.cache_info()
    assert (info.misses, info.hits) == (1, 3)


def test_a_unit_that_reads_the_same_in_every_plural_form_skips_the_plural_rule(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`{0} kg` in every form: the value's plural form (babel's costliest step here) is not worked out;
    `kilogramme`/`kilogrammes` still asks it. Both equal the babel path (the tests above, every form)."""
    from babel.core import Locale

    asked: list[str] = []
    real = Locale.plural_form

    def counted(self: Locale) -> object:
        asked.append(str(self))
        return real.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(Locale, "plural_form", property(counted))
    assert format_quantity(Decimal("1.2345"), "KILOGRAM", "fr-FR", family="Weight") == "1,2345\u202fkg"
    assert asked == []
    assert format_quantity(Decimal("2.3456"), "KILOGRAM", "fr-FR", length="long", family="Weight") == \
        _babel_path(Decimal("2.3456"), "KILOGRAM", "Weight", "fr-FR", "long", None)
    assert asked
