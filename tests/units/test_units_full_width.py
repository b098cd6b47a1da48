"""Japanese, Chinese and Korean copy writes quantities in full-width forms (`２．５ｋｇ`, `250ｇ`, `５００ｍｌ`).
Only full-width digits before a half-width unit were read: `２．５ｋｇ` was no quantity, so it was neither
converted for a market that reads other units nor compared with its translation (`5.5 lb` read as added)."""

from __future__ import annotations

from decimal import Decimal

from localize.units.conventions import default_market_units
from localize.units.quantities_in_text import compare_quantities, find_quantities, rewrite_quantities


def test_full_width_quantities_are_read_with_their_spans_as_written() -> None:
    text = "容量：５００ｍｌ、重さ２．５ｋｇ、幅１２０ｃｍ"
    found = find_quantities(text, "ja-JP")
    assert [(q.text, q.values, q.unit) for q in found] == [
        ("５００ｍｌ", (Decimal("500"),), "MILLILITER"), ("２．５ｋｇ", (Decimal("2.5"),), "KILOGRAM"),
        ("１２０ｃｍ", (Decimal("120"),), "CENTIMETER")]
    assert [text[q.start:q.end] for q in found] == ["５００ｍｌ", "２．５ｋｇ", "１２０ｃｍ"]


def test_a_full_width_quantity_is_converted_and_compared_like_a_half_width_one() -> None:
    us = default_market_units("en-US")
    assert rewrite_quantities("重さ２．５ｋｇ", "ja-JP", us).text == "重さ5.5 lb"
    assert [m.status for m in compare_quantities("重さ２．５ｋｇ", "ja-JP", "Weight: 5.5 lb", "en-US")] == ["equal"]
    assert [m.status for m in compare_quantities("重さ２．５ｋｇ", "ja-JP", "Weight: 6.5 lb", "en-US")] == ["different"]


def test_full_width_forms_are_read_only_where_they_are_written() -> None:
    # a German text is not narrowed (and pays nothing for it); a Japanese one without full-width forms as before
    assert find_quantities("Gewicht ２,５ｋｇ", "de-DE") == []
    assert [q.text for q in find_quantities("重さ2.5kg", "ja-JP")] == ["2.5kg"]
