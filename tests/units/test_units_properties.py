"""Property tests: there and back within the rounding rules, parsing what we format."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.units.conventions import default_market_units
from localize.units.formatting import format_quantity
from localize.units.quantities_in_text import find_quantities
from localize.units.registry import factor
from localize.units.rounding import rule

amounts = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("100000"), places=3, allow_nan=False)
PAIRS = [  # (source unit, market that converts it, market that converts back)
    ("KILOGRAM", "en-US", "de-DE"), ("GRAM", "en-US", "fr-FR"), ("CENTIMETER", "en-US", "de-DE"),
    ("METER", "en-US", "ja-JP"), ("MILLILITER", "en-US", "fr-CH"), ("CELSIUS", "en-US", "de-DE"),
    ("KILOMETER_PER_HOUR", "en-GB", "de-DE"), ("POUND", "de-DE", "en-US"), ("INCH", "fr-FR", "en-US"),
    ("FAHRENHEIT", "ja-JP", "en-US"),
]


def _tolerance(rule_name: str, value: Decimal) -> Decimal:
    return rule(rule_name.split(">")[-1]).tolerance(value)


@settings(max_examples=200, deadline=None)
@given(amount=amounts, pair=st.sampled_from(PAIRS))
def test_there_and_back_within_the_rules(amount: Decimal, pair: tuple[str, str, str]) -> None:
    unit, there_market, back_market = pair
    there = default_market_units(there_market).convert(amount, unit)
    assert there.unit != unit
    back = default_market_units(back_market).convert(there.amount, there.unit)
    assert back.unit == unit
    f_there = factor(unit, there.unit)
    f_back = factor(there.unit, unit)
    # rounding there moves by at most tol1 (in the target unit), back by tol2 (in the source unit)
    tol = _tolerance(there.rule, f_there.apply(amount)) * abs(f_back.scale) + _tolerance(back.rule, back.amount)
    assert abs(back.amount - amount) <= tol


formatted_units = st.sampled_from([
    "KILOGRAM", "GRAM", "POUND", "OUNCE", "CENTIMETER", "MILLIMETER", "METER", "INCH", "FEET", "LITER",
    "MILLILITER", "CELSIUS", "FAHRENHEIT", "US_FLUID_OUNCE", "WATT", "VOLT",
])
locales = st.sampled_from(["de-DE", "en-US", "en-GB", "fr-FR", "fr-CH", "de-CH", "ja-JP", "it-IT", "es-ES"])


@settings(max_examples=300, deadline=None)
@given(amount=st.decimals(min_value=Decimal(0), max_value=Decimal("9999999"), places=2, allow_nan=False),
       unit=formatted_units, locale=locales)
def test_parsing_a_formatted_quantity_gives_it_back(amount: Decimal, unit: str, locale: str) -> None:
    text = format_quantity(amount, unit, locale)
    found = find_quantities(f"Spec: {text}.", locale)
    assert len(found) == 1, (text, found)
    q = found[0]
    assert q.text == text
    assert q.values == (amount,)
    assert q.unit == unit
