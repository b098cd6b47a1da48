"""Amounts in HTML copy are read on the text a reader sees (`units.amounts.decoded_html`), spans mapped back.

Raw, `2,5&nbsp;kg` was the bare number 2.5 (the unit lost behind the entity) and `2,5&#160;kg` two numbers,
2.5 and 160 (the entity's code point read as a number): a title `Riesling 0,75&nbsp;l` declared no unit price.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.channels.google_merchant.unit_pricing import declared_quantity
from localize.units.amounts import find_amounts

ENTITIES = ("&nbsp;", "&#160;", "&#xA0;", "&#8239;", "&thinsp;", "&#8201;")


def test_an_amount_with_a_space_entity_before_its_unit_is_read_with_its_unit() -> None:
    for entity in ENTITIES:
        for text in (f"Gewicht 2,5{entity}kg", f"<p>Gewicht: 2,5{entity}kg</p>"):
            found = find_amounts(text, "de-DE")
            assert [(a.value, a.unit.symbol if a.unit else None) for a in found] == [(Decimal("2.5"), "kg")], text
            start, end = found[0].span
            assert text[start:end] == found[0].text == f"2,5{entity}kg"
    price = find_amounts("<p>Preis 1&#160;299,00&nbsp;€</p>", "de-DE")
    assert [a.value for a in price] == [Decimal("1299.00")]  # no 160, no 299


def test_a_unit_price_is_declared_from_a_title_with_an_entity() -> None:
    declared = declared_quantity("Riesling trocken 0,75&nbsp;l", "de-DE")
    assert declared is not None and declared.dimension == "volume" and declared.value == Decimal("0.75")


PIECES = st.sampled_from(["2,5", "19,99", "1", "1.234", " ", "&nbsp;", "&#160;", "&#8201;", "&amp;", "kg", "€",
                          "<b>", "</b>", "<br/>", "Preis", "x", "l", "&lt;", "mm", "3"])


@settings(max_examples=400, deadline=None)
@given(text=st.lists(PIECES, max_size=8).map("".join), locale=st.sampled_from(["de-DE", "en-US", "fr-FR"]))
def test_html_copy_reads_as_its_decoded_text(text: str, locale: str) -> None:
    """The same amounts (value, unit, decimals) as in the decoded text (tags as spaces), each span a piece of
    `text` that decodes to what was read there."""
    plain = html.unescape(re.sub(r"</?[A-Za-z][^<>]*>", " ", text))
    want = [(a.value, a.unit, a.decimals) for a in find_amounts(plain, locale)]
    got = find_amounts(text, locale)
    assert [(a.value, a.unit, a.decimals) for a in got] == want
    for amount in got:
        start, end = amount.span
        assert 0 <= start <= end <= len(text)
