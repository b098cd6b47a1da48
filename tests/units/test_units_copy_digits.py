"""The quantities-in-copy job skips copy without digits with one regex search; it must call
exactly what `str.isdigit` calls a digit (superscripts and circled digits included), or copy
with `m²` alone would be skipped."""

from __future__ import annotations

import sys

from localize.stages.convert_copy import _DIGIT


def test_the_digit_search_agrees_with_isdigit_on_every_code_point() -> None:
    differ = [hex(c) for c in range(sys.maxunicode + 1) if (_DIGIT(chr(c)) is not None) != chr(c).isdigit()]
    assert differ == []


def test_copy_without_digits_is_skipped_and_with_any_digit_is_not() -> None:
    assert _DIGIT("Weiche Baumwolle, leicht und robust.") is None
    assert _DIGIT("Fläche 3 m") is not None and _DIGIT("Fläche m²") is not None and _DIGIT("Stufe ③") is not None
