"""Two span patterns that run on every text with a digit (number with unit, EAN) begin with the
class of their first character rather than with a look-behind, so that the regex engine scans for
where they can start instead of trying them at every position. They must find exactly what the
patterns before them found (kept here as the oracle), at the same places and with the same groups
of the text: `find_spans`, `protect` and `is_quantity` then give what they gave. Since p2 they also read digit
groups split by a thin space (and by a typed one in a source locale that groups with a space): where a match
holds no such group, they still find exactly what the look-behind forms found
(tests/translate/test_translate_spaced_groups.py pins the groups)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate import segments
from localize.translate.segments import _UNITS, find_spans, is_quantity, protect
from localize.units.lexicon import JOINING_WORD

_NUMBER = r"[-+±]?\d+(?:[.,\u202f\u00a0'’]\d{3})*(?:[.,]\d+)?"
_W = JOINING_WORD  # (p6, h20) `\w` without CJK: a number right against CJK text stands on its own
OLD_NUMBER_WITH_UNIT = re.compile(
    rf"(?<![.,])(?<!{_W}){_NUMBER}(?:\s?[x×]\s?{_NUMBER})*\s?(?:{_UNITS})(?!{_W}|[²³])"
    rf"|(?<![.,])(?<!{_W})(?:[€$£¥]|CHF|EUR|USD|GBP)\s?{_NUMBER}(?!{_W})"
)
OLD_EAN = re.compile(r"(?<![\w.,])(?:\d{8}|\d{12,14})(?![\w.,]\d|\w)")
# p2's patterns (no `bare` alternative: p3's numbers without a unit, tests/translate/test_translate_bare_numbers.py)
PAIRS = [(OLD_NUMBER_WITH_UNIT, segments._number_with_unit(segments.THIN_GROUPED, "")), (OLD_EAN, segments._EAN),
         (OLD_NUMBER_WITH_UNIT, segments._number_with_unit(segments.SPACE_GROUPED, ""))]
SPACED = re.compile(r"\d[ \u2009]\d")

# Pieces that make the patterns match, nearly match and fail: signs, digits, separators, units,
# currencies (their codes' first letters alone too), capitals, word characters and other digits.
PIECES = st.sampled_from([
    "1", "2", "0", "12", "1234", "12345678", "4006381333931", "123456789012", "2,5", "1.000", "1 000", "1\u202f000",
    "1'000", "1’000", ",", ".", "-", "+", "±", " ", "\u00a0", "x", "×", " x ", "kg", "g", "cm", "m²", "m2", "²", "³",
    "%", "°C", "° C", '"', "″", "€", "$", "£", "¥", "C", "CH", "CHF", "E", "EU", "EUR", "USD", "U", "GBP", "G", "JPY",
    "A", "AB", "SKU", "X-12", "_", "/", "a", "é", "Topf", "\n", "٣", "mAh", "U/min", "fl oz", "fl. oz", "\u2009",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=12).map("".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _spaced(pattern: re.Pattern[str], text: str, start: int = 0) -> bool:
    """A match holds digits split by a typed or thin space (p2's digit groups)."""
    return any(SPACED.search(m.group()) for m in pattern.finditer(text, start))


@settings(max_examples=3000, deadline=None)
@given(text=TEXTS)
def test_each_pattern_finds_what_its_look_behind_form_found(text: str) -> None:
    for old, new in PAIRS:
        if _spaced(new, text) or (SPACED.search(text) and new.fullmatch(text)):
            continue
        assert _matches(new, text) == _matches(old, text), (old.pattern[:30], text)
        assert bool(new.fullmatch(text)) == bool(old.fullmatch(text))


@settings(max_examples=1000, deadline=None)
@given(text=TEXTS, start=st.integers(0, 6))
def test_a_search_from_inside_the_text_finds_what_it_found(text: str, start: int) -> None:
    """From a position other than 0 the look-behind reads the character before it, as before."""
    for old, new in PAIRS:
        if not _spaced(new, text, start):
            assert [m.span() for m in new.finditer(text, start)] == [m.span() for m in old.finditer(text, start)]


def test_the_patterns_protect_quantities_codes_and_eans_as_before() -> None:
    text = "Topf 2,5 kg, 10 x 20 cm, € 24,90 oder CHF 30, EAN 4006381333931, Art. AB-12/X, 1.000 W, -5 °C, ±2%"
    assert [text[a:b] for a, b in find_spans(text)] == [
        "2,5 kg", "10 x 20 cm", "€ 24,90", "CHF 30", "4006381333931", "AB-12/X", "1.000 W", "-5 °C", "±2%"]
    assert protect("Topf 2,5 kg").spans == ("2,5 kg",)
    assert is_quantity("10 x 20 cm") and is_quantity("EUR 5") and not is_quantity("AB-12")
    assert find_spans("Topf12 kg, x2,5 kg, ab12, -AB12") == []  # inside a word: nothing
