"""A space entity between digits of HTML copy (`1&thinsp;000 mm`, `&#8201;`, `&#x2009;`, `&nbsp;`, `&#160;`,
`&#8239;`) is the number's group mark for every reader, as the character it stands for is (`NO_BREAK_SPACES`).

Before, the readers stopped the number at the `&`: the convert stage read `000 mm` as a quantity of its own and
published `<p>Length 1&thinsp;0 in</p>` for en-US (1000 mm is 39.4 in), and the amounts reader read `1`, `000 mm`
(and `160` of `&#160;`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.units.amounts import find_amounts
from localize.units.conventions import default_market_units
from localize.units.numbers import decode_group_entities, parse_number
from localize.units.quantities_in_text import find_quantities, localize_numbers, rewrite_quantities

ENTITIES = ["&thinsp;", "&#8201;", "&#x2009;", "&nbsp;", "&#160;", "&#xA0;", "&#8239;", "&#x202f;"]


@pytest.mark.parametrize("entity", ENTITIES)
def test_the_convert_stage_reads_the_whole_number(entity: str) -> None:
    text = f"<p>Length 1{entity}000 mm, 2 kg</p>"
    assert rewrite_quantities(text, "de-DE", default_market_units("en-US")).text == "<p>Length 39.4 in, 4.4 lb</p>"
    assert [(q.text, q.values) for q in find_quantities(text, "de-DE")] == [
        (f"1{entity}000 mm", (Decimal(1000),)), ("2 kg", (Decimal(2),))]
    assert [(a.text, a.value) for a in find_amounts(text, "de-DE")] == [(f"1{entity}000 mm", 1000), ("2 kg", 2)]
    assert localize_numbers(f"1{entity}000 mAh", "de-DE", "en-US") == "1,000 mAh"


def test_other_entities_stay_markup() -> None:
    assert rewrite_quantities("<p>A &amp; 5 mm</p>", "de-DE", default_market_units("en-US")).text == "<p>A &amp; 0.2 in</p>"
    assert decode_group_entities("1&amp;000 &nbsp;5 a&thinsp;b 2&thinsp;500") == "1&amp;000 &nbsp;5 a&thinsp;b 2\u2009500"


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1000, 10**9), entity=st.sampled_from(ENTITIES), locale=st.sampled_from(["de-DE", "en-US", "fr-FR"]))
def test_a_number_grouped_by_entities_reads_as_its_decoded_form(n: int, entity: str, locale: str) -> None:
    digits = f"{n:,}".replace(",", entity)
    assert parse_number(digits, locale).value == n == parse_number(decode_group_entities(digits), locale).value
    assert [a.value for a in find_amounts(f"bis {digits} Seiten", locale)] == [n]


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1000, 10**12), cents=st.sampled_from([None, 5]),
       locale=st.sampled_from(["en-IN", "hi-IN", "bn-IN", "ta-IN", "mr-IN", "gu-IN"]))
def test_the_indian_grouping_cldr_writes_reads_back(n: int, cents: int | None, locale: str) -> None:
    """CLDR groups en-IN, hi ... numbers by two after the first three (`12,34,567`), and the restore writes them so
    (`format_number`): every reader reads them back. Before, `1,00,000 mAh` restored into en-IN was no number to
    QA (`100.000 mAh` of the source "missing from the target"), nor to parse_number."""
    from localize.qa.checks.numbers import analyse
    from localize.units.formatting import format_number

    value = Decimal(n) + (Decimal(cents) / 100 if cents else 0)
    written = format_number(value, locale, decimals=2 if cents else 0)
    assert parse_number(written, locale).value == value, (written, locale)
    assert [q.values for q in find_quantities(f"Akku {written} mAh", locale)] == [(value,)], written
    assert [a.value for a in find_amounts(f"Akku {written} mAh", locale)] == [value], written
    source = localize_numbers(f"{format_number(value, 'de-DE', decimals=2 if cents else 0)} mAh", "de-DE", "de-DE")
    assert analyse(f"Akku {source}", "de-DE", f"Battery {written} mAh", locale) == ([], [], None)
