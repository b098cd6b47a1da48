"""QA reads the numbers of a text through the locale's number style alone, so copy in locales that
write numbers alike (en-US and en-GB, de-DE and de-AT) is read once (`amounts.style_locale`): the
answers must be what reading it in its own locale gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.units import amounts
from localize.units.amounts import compare_amounts, find_amounts, style_locale
from localize.units.numbers import has_spaced_digits

LOCALES = ("en-US", "en-GB", "en-IN", "de-DE", "de-AT", "de-CH", "fr-FR", "fr-CH", "fr-CA", "it-IT", "es-ES", "sv-SE",
           "ja-JP", "pl-PL", "xx-XX", "ar-EG", "hi-IN")
PIECES = st.sampled_from(["2,5", "2.5", "1.500", "1,500", "1 500", "1’234.5", "1'234,5", "3/4", "1 1/2", "½", "-5",
                          "kg", " kg", "cm", "m²", " x ", "–", "to", "l", "%", "€", "Tasse", " ", "SPF30", "10k", "\u202f",
                          "\u00a0", "ml", "\"", "°C", "5", "100", "0,75", "12.345,67", "IPX7"])


@settings(max_examples=400, deadline=None)
@given(text=st.lists(PIECES, max_size=12).map("".join), other=st.lists(PIECES, max_size=8).map("".join))
def test_reading_in_a_locale_of_the_same_style_equals_reading_in_the_locale(text: str, other: str) -> None:
    for locale in LOCALES:
        assert find_amounts(text, locale) == list(amounts._find_amounts.__wrapped__(text, locale)), (text, locale)
    for a, b in (("de-DE", "en-GB"), ("en-US", "fr-CH"), ("de-AT", "de-CH")):
        fast = compare_amounts(text, a, other, b)
        amounts._find_amounts.cache_clear()
        slow = [(p.side, p.amount) for p in _compare_in_own_locales(text, a, other, b)]
        assert [(p.side, p.amount) for p in fast] == slow


def _compare_in_own_locales(source: str, sl: str, target: str, tl: str) -> list[amounts.QuantityMismatch]:
    original = amounts.reading_locale
    amounts.reading_locale = lambda text, locale: locale  # type: ignore[assignment]
    try:
        return compare_amounts(source, sl, target, tl)
    finally:
        amounts.reading_locale = original


# Pieces without `.` or `,`: numbers grouped by spaces and apostrophes, fractions, signs, units, digits
# of other scripts, words glued to digits.
NO_MARK = st.sampled_from(["1 500", "1’234", "1'234", "3/4", "1 1/2", "½", "-5", "−5", "kg", " kg", "cm", "m²", " x ",
                           "–", "to", "l", "%", "Tasse", " ", "SPF30", "10k", "\u202f", "\u00a0", "\u2009", "1\u2009500",
                           "ml", "\"", "°C", "5",
                           "100", "IPX7", "٣", "١٢", "७", "12 345", "2'", "'", "/", "fl oz", "in", "~", "[", "]", "0"])


@settings(max_examples=600, deadline=None)
@given(text=st.lists(NO_MARK, max_size=12).map("".join))
def test_a_text_without_dot_or_comma_reads_alike_in_every_locale(text: str) -> None:
    """What `reading_locale` rests on: a locale's style only decides what a `.` or `,` means, and whether
    a plain space groups digits (`12 345` is one number in fr-FR and sv-SE, two in en-US: CLDR's group)."""
    if has_spaced_digits(text):
        assert amounts.reading_locale(text, "fr-FR") == style_locale("fr-FR") != amounts.reading_locale(text, "en-US")
        text = text.replace(" ", "  ")  # the same pieces with no digit group after a plain space
    assert amounts.reading_locale(text, "de-DE") == amounts.ANY_STYLE
    first = amounts._find_amounts.__wrapped__(text, LOCALES[0])
    for locale in LOCALES[1:]:
        assert amounts._find_amounts.__wrapped__(text, locale) == first, (text, locale)


def test_a_text_without_dot_or_comma_is_read_once_for_every_locale() -> None:
    """Fails on the reading by number style alone (one reading per style: en, de, fr, de-CH ...)."""
    amounts._find_amounts.cache_clear()
    name = "Tshirts Passform 40 x 60 cm 2’500 g"
    found = [find_amounts(name, locale) for locale in LOCALES]
    assert len(amounts._find_amounts.memo) == 1  # type: ignore[attr-defined]
    assert all(f == found[0] for f in found) and [a.text for a in found[0]] == ["40 cm", "60 cm", "2’500 g"]
    find_amounts("Tshirts Passform 4,5 cm", "de-DE")
    find_amounts("Tshirts Passform 4,5 cm", "en-US")
    assert len(amounts._find_amounts.memo) == 3  # type: ignore[attr-defined]


def test_copy_in_two_locales_that_write_numbers_alike_is_read_once() -> None:
    amounts._find_amounts.cache_clear()
    text = "Fasst 0.75 l, 25 x 10 cm, 1,500 g"
    us = find_amounts(text, "en-US")
    assert len(amounts._find_amounts.memo) == 1  # type: ignore[attr-defined]
    assert find_amounts(text, "en-GB") == us
    assert len(amounts._find_amounts.memo) == 1  # type: ignore[attr-defined]
    find_amounts(text, "de-DE")
    assert len(amounts._find_amounts.memo) == 2  # type: ignore[attr-defined]
    assert style_locale("en-GB") == style_locale("en-US") and style_locale("de-CH") != style_locale("de-DE")
