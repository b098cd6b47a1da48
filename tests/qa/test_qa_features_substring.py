"""`features` finds its bits with substring tests, not regular expressions (a character class is
tried at every position: ~45 µs for a 1,000-character description against a few µs): the bits
must be those of the regular-expression version, for any text, with or without its bytes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.qa import patterns
from localize.qa.patterns import BRACKET, DIGIT, EMAIL, PLACEHOLDER, QUOTE, TAG, URL, features

_BRACKET_RE = re.compile(r"[()\[\]{}（）【】「」『』]")
_QUOTE_RE = re.compile("[\"“”„‟‘’‚‛«»‹›]")
_NAME_TOKEN = re.compile(r":[a-z_]+:")


def _old_features(text: str) -> int:
    """The regular-expression version (main 7bc66b7), the oracle."""
    bits = 0
    entity = "&" in text
    if "<" in text:
        bits |= TAG
    if re.search(r"\d", text) is not None:
        bits |= DIGIT
    if "{" in text or "%" in text or "[[" in text or (":" in text and _NAME_TOKEN.search(text) is not None):
        bits |= PLACEHOLDER
    if entity or "://" in text or "www." in text or ("W" in text and "www." in text.lower()):
        bits |= URL
    if entity or "@" in text:
        bits |= EMAIL
    if entity or _BRACKET_RE.search(text) is not None:
        bits |= BRACKET
    if entity or _QUOTE_RE.search(text) is not None:
        bits |= QUOTE
    return bits


# what each bit is about, digits of other scripts (Arabic-Indic, Devanagari, fullwidth, Thai), characters
# just below U+0640 and others whose UTF-8 starts like them, and plain copy
_PIECES = list("<>&{}%[]():/@.wW\"“”„‟‘’‚‛«»‹›（）【】「」『』0123456789") + [
    "٣", "९", "５", "๓", "\u063f", "\u0640", "ٟ", "ß", "ţ", "ɱ", "漢", "\ud800", "www.", "WWW.", "://", "[[", ":name:",
    "Robust", " ", "boots", "é", "\u00a0", "²"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join) | st.text(max_size=40)


@settings(max_examples=2_000, deadline=None)
@given(_TEXT)
def test_the_bits_are_those_of_the_regular_expressions(text: str) -> None:
    expected = _old_features(text)
    assert features(text) == expected
    assert features(text, text.encode("utf-8", "surrogatepass")) == expected


def test_a_digit_of_another_script_is_found_and_a_letter_near_them_is_not() -> None:
    assert features("Größe ٣") & DIGIT and features("ｻｲｽﾞ５") & DIGIT and features("पृष्ठ ९") & DIGIT
    assert not features("\u063f\u0640 ţ ɱ 漢 Größe") & DIGIT


def test_a_long_text_without_digits_is_not_searched_with_the_regular_expression(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The `\\d` search runs only for a text with a character at U+0640 or above and no 0-9
    (fails on the old `features`, which searched every text)."""
    searched: list[str] = []
    real = patterns._DIGIT_RE

    class Counting:
        def search(self, text: str) -> object:
            searched.append(text)
            return real.search(text)

    monkeypatch.setattr(patterns, "_DIGIT_RE", Counting())
    for text in ("<p>Robuste Stiefel für jedes Wetter</p>" * 30, "[Ŧŕàîļ ßööţš ~~]" * 30, "Boots 42"):
        features(text)
    assert searched == []
    features("漢字のテキスト")
    assert searched == ["漢字のテキスト"]
