"""Numbers in copy: locale-aware parsing and comparison by value (property tests and the classic traps)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.units.amounts import compare_amounts, find_amounts, parse_amount

LOCALES = ["en-US", "de-DE", "fr-FR", "de-CH", "it-IT", "es-ES", "nl-NL", "ja-JP", "pl-PL", "sv-SE"]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999"), places=2, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(value=amounts, locale=st.sampled_from(LOCALES))
def test_a_number_formatted_by_cldr_parses_back(value: Decimal, locale: str) -> None:
    text = format_decimal(value, format="#,##0.00", locale=locale.replace("-", "_"))
    parsed = parse_amount(text, locale)
    assert parsed is not None and parsed[0] == value, (text, locale)


@settings(max_examples=200, deadline=None)
@given(value=amounts, source=st.sampled_from(LOCALES), target=st.sampled_from(LOCALES),
       unit=st.sampled_from(["kg", "l", "cm", "mm", "g", "ml"]))
def test_the_same_quantity_in_two_locales_is_not_a_mismatch(value: Decimal, source: str, target: str,
                                                              unit: str) -> None:
    def text(locale: str) -> str:
        return f"Inhalt {format_decimal(value, format='#,##0.00', locale=locale.replace('-', '_'))} {unit}"

    assert compare_amounts(text(source), source, text(target), target) == []


@settings(max_examples=100, deadline=None)
@given(value=amounts, delta=st.decimals(min_value=Decimal("0.1"), max_value=Decimal("50"), places=1))
def test_a_changed_value_is_always_found(value: Decimal, delta: Decimal) -> None:
    source = f"Weight {format_decimal(value, format='#,##0.00', locale='en_US')} kg"
    target = f"Gewicht {format_decimal(value + delta, format='#,##0.00', locale='de_DE')} kg"
    assert compare_amounts(source, "en-US", target, "de-DE") != []


@pytest.mark.parametrize(
    ("token", "locale", "value"),
    [
        ("1.500", "de-DE", Decimal("1500")),  # a German thousands separator
        ("1.500", "en-US", Decimal("1.500")),  # an English decimal point
        ("1,5", "de-DE", Decimal("1.5")),
        ("1.5", "de-DE", Decimal("1.5")),  # not a valid German grouping: copy kept the source's notation
        ("1’234.5", "de-CH", Decimal("1234.5")),
        ("1 234,5", "fr-FR", Decimal("1234.5")),
        ("1,234.5", "en-US", Decimal("1234.5")),
        ("3/4", "en-US", Decimal("0.75")),
    ],
)
def test_parse_amount(token: str, locale: str, value: Decimal) -> None:
    parsed = parse_amount(token, locale)
    assert parsed is not None and parsed[0] == value


def test_a_plain_digit_comparison_would_be_wrong() -> None:
    """`1.5 l` and `1,5 l` have different characters and the same value; `1,500` and `1.500` have
    the same digits and, in en-US vs de-DE, the same value; `1,500` vs `1,5` do not."""
    assert compare_amounts("Bottle 1.5 l", "en-US", "Flasche 1,5 l", "de-DE") == []
    assert compare_amounts("1,500 sheets", "en-US", "1.500 Blatt", "de-DE") == []
    assert [m.side for m in compare_amounts("1,500 sheets", "en-US", "1,5 Blatt", "de-DE")] == ["source", "target"]


def test_units_apply_to_dimension_lists_and_ranges() -> None:
    found = [(a.value, a.unit.symbol if a.unit else None) for a in find_amounts("10 x 20 x 5 cm, 2–3 kg", "de-DE")]
    assert found == [(Decimal(10), "cm"), (Decimal(20), "cm"), (Decimal(5), "cm"), (Decimal(2), "kg"), (Decimal(3), "kg")]


def test_inch_marks_and_quotes() -> None:
    assert [a.text for a in find_amounts('15.6" display, size 5 "classic"', "en-US")] == ['15.6"', "5"]
