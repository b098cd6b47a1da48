"""Numbers as people write them in a locale: `2,5` (de), `1.234,5` (de), `1’234.5` (de-CH),
`1 234,5` (fr), `1,234.5` (en), fractions `3/4`, `1 1/2`, `½`.

Parsing follows the locale's CLDR symbols first and falls back to what writers actually do:
a German text saying `1.5 l` means one and a half litres (a dot followed by other than
three digits cannot be a thousands separator), and an English text saying `2,5 kg` means
2.5 kg. Every parsed number keeps its resolution (the value of its last written digit) so
comparisons can allow exactly the rounding the writer applied, no more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..errors import LocalizeError
from ..locale import babel_locale

VULGAR_FRACTIONS = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5),
    "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8),
}
_VULGAR = "".join(VULGAR_FRACTIONS)
SPACES = "\u0020\u00a0\u202f\u2009"
#: Spaces typed only as a digit-group mark (`1\u202f000`): a group in every locale. A plain space
#: groups digits only where the locale's own group mark is a space (`space_groups`); elsewhere
#: `2 100 ml` may be 2100 ml or 2 × 100 ml (`spaced_group_head`).
NO_BREAK_SPACES = "\u00a0\u202f\u2009"
APOSTROPHES = "'’"


class NumberError(LocalizeError):
    """Text that is not a number in the given locale."""


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number as written: its value and its resolution (0.1 for `2.5`, 1/8 for `3/8`)."""

    value: Decimal
    resolution: Decimal
    fraction: bool = False


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """A locale's decimal and group symbols (CLDR via babel), plus what we accept leniently."""

    decimal: str
    group: str
    space_groups: bool  # the locale groups with a space (fr, ru, sv ...)
    apostrophe_groups: bool  # the locale groups with an apostrophe (de-CH, fr-CH, it-CH ...)
    #: CLDR groups by two after the first three (en-IN, hi, bn, ta ...: `12,34,567`), as `format_number` writes
    indian: bool = False


@lru_cache(maxsize=256)
def number_style(locale: str) -> NumberStyle:
    """The number symbols of a locale (`de-DE`, `de_CH`, `fr`)."""
    try:
        loc = babel_locale(locale)
    except (UnknownLocaleError, ValueError) as exc:
        raise NumberError(f"unknown locale {locale!r}", hint="use a BCP 47 tag such as de-DE, en-US, fr-CH") from exc
    decimal = get_decimal_symbol(loc)
    group = get_group_symbol(loc)
    try:
        indian = loc.decimal_formats[None].grouping == (3, 2)
    except (KeyError, AttributeError):
        indian = False
    return NumberStyle(
        decimal=decimal,
        group=group,
        space_groups=group in SPACES,
        apostrophe_groups=group in APOSTROPHES,
        indian=indian,
    )


@lru_cache(maxsize=256)
def space_groups(locale: str) -> bool:
    """Whether `locale` groups digits with a space (CLDR: fr-FR, sv-SE, pl-PL ...); False for a locale
    babel does not know (read as en)."""
    try:
        return number_style(locale).space_groups
    except NumberError:
        return False


# Numbers written with native digits (`٢٥٠`, `۲٫۵`, `२.५`, `๒.๕`, full-width `２．５`) are read as numbers: `\d`
# and `Decimal` already take every Unicode decimal digit (unicodedata.decimal); what they do not take are the
# marks such numbers are written with: the Arabic decimal and thousands separators and percent sign (U+066B,
# U+066C, U+066A; Arabic and Persian copy), and, in Japanese, Chinese and Korean copy, the full-width forms of
# ASCII (`２．５ｋｇ`, `５００ｍｌ`) and the ideographic space. `as_read` maps each to what the locale's readers
# read, one character for one, so a number's span in the mapped text is its span as written.
_ARABIC_MARKS = "\u066a\u066b\u066c"
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WRITES_FULL_WIDTH = frozenset({"ja", "zh", "ko"})


@lru_cache(maxsize=256)
def _reading_table(locale: str) -> dict[int, int | str]:
    """The characters `as_read` maps for `locale`: the Arabic marks onto its CLDR (Latin) decimal and group
    marks (a no-break space for a locale grouping with a space), and the full-width forms where written."""
    try:
        style = number_style(locale)
    except NumberError:
        style = NumberStyle(".", ",", False, False)
    group = "\u00a0" if style.space_groups else style.group
    table: dict[int, int | str] = {0x066A: "%", 0x066B: style.decimal, 0x066C: group}
    if _writes_full_width(locale):
        table.update(_FULL_WIDTH)
    return table


def as_read(text: str, locale: str) -> str:
    """`text` with the marks of natively written numbers as `locale`'s readers read them (`٢٫٥` → `٢.٥` in
    ar-SA, `２．５ｋｇ` → `2.5kg` in ja-JP; see above), one character for one; `text` itself (the same object)
    when it has none: an ASCII text at once, another after a few substring tests."""
    if text.isascii():
        return text
    full_width = _writes_full_width(locale) and _HAS_FULL_WIDTH.search(text) is not None
    if not full_width and not any(mark in text for mark in _ARABIC_MARKS):
        return text
    return text.translate(_reading_table(locale))


_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


@lru_cache(maxsize=256)
def _writes_full_width(locale: str) -> bool:
    return re.split("[-_]", locale, maxsplit=1)[0].lower() in _WRITES_FULL_WIDTH


#: Characters between digit groups that the readers of every locale read as a group mark: the one
#: definition of "a digit-group mark" the number regexes build on (readers, QA, protection). Each locale
#: adds its CLDR mark (`group_marks`); a plain space only where that mark is a space.
GROUP_MARKS = ".,'’" + NO_BREAK_SPACES
#: HTML entities for a space written inside a number in HTML copy (`1&thinsp;000 mAh`): a group mark
#: as the characters they stand for (`NO_BREAK_SPACES`), not the end of the number.
GROUP_ENTITY = r"&(?:thinsp|nbsp|#8201|#160|#8239|#[xX](?:2009|[aA]0|202[fF]));"
_ENTITY_IN_NUMBER = re.compile(rf"(?<=\d){GROUP_ENTITY}(?=\d)")
_ENTITY_CHAR = {"thinsp": "\u2009", "8201": "\u2009", "x2009": "\u2009", "nbsp": "\u00a0", "160": "\u00a0",
                "xa0": "\u00a0", "8239": "\u202f", "x202f": "\u202f"}


def has_group_entity(text: str) -> bool:
    """Whether `text` (HTML copy) has a space entity between two digits (`1&thinsp;000`, `1&#160;000`)."""
    return "&" in text and _ENTITY_IN_NUMBER.search(text) is not None


def decode_group_entities(text: str) -> str:
    """`text` with each space entity between two digits (`1&thinsp;000`) written as the character it stands
    for (`1\u2009000`), which every reader reads as a digit-group mark; other entities stay as written."""
    if "&" not in text:
        return text
    return _ENTITY_IN_NUMBER.sub(lambda m: _ENTITY_CHAR[m.group(0)[1:-1].lstrip("#").lower()], text)


@lru_cache(maxsize=256)
def group_marks(locale: str) -> str:
    """The characters that split digits in groups of three in a text written in `locale`, so that the
    number has one reading there: the no-break and thin spaces (typed only as group marks), and the
    locale's CLDR group mark when it is `.`, `,` or an apostrophe (`9,000` in en-US, `9.000` in de-DE,
    `9’000` in de-CH; `9,000` in de-DE is nine with three decimals or a copied nine thousand: not here).
    A plain space is left to `space_groups` (`1 000` may be 1 × 000 outside fr, sv ...: `one_reading`)."""
    try:
        style = number_style(locale)
    except NumberError:
        return NO_BREAK_SPACES
    if style.apostrophe_groups:
        return NO_BREAK_SPACES + APOSTROPHES
    return NO_BREAK_SPACES + (style.group if style.group in ".," else "")


@lru_cache(maxsize=256)
def decimal_mark(locale: str) -> str:
    """The locale's CLDR decimal mark when it is `.` or `,` ("" for another or an unknown locale)."""
    try:
        decimal = number_style(locale).decimal
    except NumberError:
        return ""
    return decimal if decimal in ".," else ""


#: After the head of one or two digits, the groups of a number grouped as CLDR writes it for en-IN, hi, bn, ta ...
#: (`NumberStyle.indian`): twos, then the last three (`1,00,000`, `12,34,567`).
INDIAN_GROUPS = r"(?:,\d{2})+,\d{3}"


@lru_cache(maxsize=256)
def indian_grouping(locale: str) -> bool:
    """Whether `locale` groups digits by two after the first three (CLDR: en-IN, hi-IN ...); False for a locale
    babel does not know."""
    try:
        return number_style(locale).indian
    except NumberError:
        return False


@lru_cache(maxsize=256)
def grouped_number(locale: str) -> re.Pattern[str]:
    """A number without its unit whose digits are split in groups of three by `group_marks(locale)` (or by a
    plain space where the locale groups with one), with the locale's decimal part if any: `9,000` and
    `12,345.67` in en-US, `50\u00a0000` anywhere, `50 000` in fr-FR. Not a version (`2.0.1`), a date
    (`01.02.2024`), a code (`X1,200`, `A-1.000`), an EAN (no mark) or `1,000` in de-DE (`group_marks`)."""
    marks = group_marks(locale) + (" " if space_groups(locale) else "")
    decimal = decimal_mark(locale)
    fraction = rf"(?:{re.escape(decimal)}\d+)?" if decimal else ""
    # `1,00,000` where the locale groups as CLDR writes en-IN (`indian_grouping`): one number there
    indian = rf"\d{{1,2}}{INDIAN_GROUPS}|" if indian_grouping(locale) else ""
    return re.compile(rf"(?<![\w.,])(?<![^\W\d]-)(?:{indian}\d{{1,3}}(?:[{re.escape(marks)}]\d{{3}})+){fraction}"
                      rf"(?![\w²³]|[.,'’]\d)")


@lru_cache(maxsize=256)
def number_pattern(locale: str) -> str:
    """A regex (no groups) for one written number in `locale`, fractions included."""
    style = number_style(locale)
    group_chars = ".," + NO_BREAK_SPACES
    if style.space_groups:
        group_chars += " "
    if style.apostrophe_groups:
        group_chars += APOSTROPHES
    g = re.escape(group_chars)
    # `12,34,567` where CLDR groups by two after the first three (en-IN): before the groups of three
    indian = r"|\d{1,2}(?:,\d{2})*,\d{3}(?:\.\d+)?(?![\d])" if style.indian else ""
    # a space entity between digits of HTML copy groups them as the character it stands for (`1&thinsp;000`)
    return (
        rf"(?:\d+[ \u00a0-]\d{{1,2}}/\d{{1,3}}(?!\d)"  # 1 1/2, 1-1/2
        rf"|\d{{1,3}}/\d{{1,3}}(?![\d/])"  # 3/4
        rf"|\d*[{_VULGAR}]"  # ½, 1½
        rf"{indian}"
        rf"|\d{{1,3}}(?:(?:[{g}]|{GROUP_ENTITY})\d{{3}})+(?:[.,]\d+)?(?![\d])"  # 1.234.567,5 / 1’234.5 / 1 234,5
        rf"|\d+(?:[.,]\d+)?)"
    )


# One to three digits, then groups of three, each after a plain space, and the space before the number at the end.
_SPACED_HEAD = re.compile(r"(?<![\w.,'’])\d{1,3}(?: \d{3})* \Z")
_THREE_DIGITS = re.compile(r"\d{3}(?!\d)")
_SPACED_DIGITS = re.compile(r"\d \d{3}")


def has_spaced_digits(text: str) -> bool:
    """Whether `text` has digits split by a plain space that may be a digit-group mark (`1 000`, `2 100 ml`).

    What a typed space between digits means depends on the locale (CLDR's group mark: `space_groups`): a
    group in fr-FR, two numbers or a group in en-US (`spaced_group_head`). So a text without it reads the
    same in every locale as far as spaces go, and one with it is read by its locale's style
    (`amounts.reading_locale`); a unit price shown to customers is never declared from it (Google unit
    pricing). A no-break or thin space (`NO_BREAK_SPACES`) is typed only as a group mark: not this."""
    return _SPACED_DIGITS.search(text) is not None


_SPACED_NUMBER = re.compile(r"\d{1,3}((?:[ \u00a0\u202f\u2009]\d{3})+)([.,]\d+)?")
_GROUP_MARK = re.compile(r"[ \u00a0\u202f\u2009]")


def one_reading(number: str) -> bool:
    """Whether a number whose digits a typed space splits (`1 000`, read as one number where the locale
    groups with a space) can only be that one number: a group starts with 0 (`1 000`, `1 080`: no number
    is written `000`), there are two groups or more (`10 000 000`), or a decimal part follows (`12 345,67`).
    `3 100 g` (`Lot de 3 100 g`: 3 × 100 g?) and `15 128 Go` (`iPhone 15 128 Go`) have two readings; a text
    written in another notation commits to one of them, which is not guessed from a typed space (as no unit
    price is: Google unit pricing). True for a number no typed space splits."""
    if " " not in number:
        return True
    match = _SPACED_NUMBER.fullmatch(number)
    if match is None:
        return True
    groups = _GROUP_MARK.split(match.group(1))[1:]
    return len(groups) > 1 or match.group(2) is not None or any(group[0] == "0" for group in groups)


def spaced_group_head(text: str, start: int) -> int | None:
    """Where the digit groups before the number at `start` begin when that number (three digits) may be
    the last group of a number grouped with plain spaces (`2 100 ml`, `1 000 000 mm`); else None.

    CLDR says which locales group digits with a space (fr, sv, pl: `number_style().space_groups`); there
    writers type a plain space for the no-break one and `2 100 ml` is 2100 ml. Elsewhere (en, de, de-CH,
    ja) it is 2100 ml or 2 × 100 ml: a reader there must not guess, and `000 mm` is no quantity at all."""
    if start < 2 or text[start - 1] != " " or not text[start - 2].isdigit() or not _THREE_DIGITS.match(text, start):
        return None
    # the 64 characters before the number (no slice: `endpos` ends the text there for `\Z`; the look-behind
    # still sees the character before the window, so a head is never cut out of a longer number)
    head = _SPACED_HEAD.search(text, max(0, start - 64), start)
    return None if head is None else head.start()


def parse_number(text: str, locale: str) -> ParsedNumber:
    """Parse one number written in `locale`'s conventions (raises NumberError if it is not one)."""
    raw = text.strip()
    if not raw:
        raise NumberError("empty text is not a number")
    sign = 1
    if raw[0] in "-−":
        sign, raw = -1, raw[1:].strip()
    parsed = _parse_unsigned(raw, number_style(locale))
    if parsed is None:
        raise NumberError(f"{text!r} is not a number in {locale}")
    if sign < 0:
        return ParsedNumber(-parsed.value, parsed.resolution, parsed.fraction)
    return parsed


def _parse_unsigned(raw: str, style: NumberStyle) -> ParsedNumber | None:
    if raw and raw[-1] in VULGAR_FRACTIONS:
        num, den = VULGAR_FRACTIONS[raw[-1]]
        whole = raw[:-1].strip()
        if whole and not whole.isdigit():
            return None
        value = Decimal(int(whole or 0)) + Decimal(num) / Decimal(den)
        return ParsedNumber(value, Decimal(1) / Decimal(den), True)
    if "/" in raw:
        return _parse_fraction(raw)
    return _parse_decimal(raw, style)


def _parse_fraction(raw: str) -> ParsedNumber | None:
    match = re.fullmatch(r"(?:(\d+)[ \u00a0-])?(\d+)/(\d+)", raw)
    if not match:
        return None
    whole, num, den = match.group(1), int(match.group(2)), int(match.group(3))
    if den == 0:
        return None
    value = Decimal(int(whole or 0)) + Decimal(num) / Decimal(den)
    return ParsedNumber(value, Decimal(1) / Decimal(den), True)


def _parse_decimal(raw: str, style: NumberStyle) -> ParsedNumber | None:
    text = _ENTITY_IN_NUMBER.sub("", raw) if "&" in raw else raw
    for ch in SPACES + APOSTROPHES:
        if ch in text:
            text = text.replace(ch, "")
    if not text or not re.fullmatch(r"[\d.,]+", text) or not text[0].isdigit() or not text[-1].isdigit():
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        if text.count(decimal_sep) > 1:
            return None
        integer, fraction = text.split(decimal_sep)
        if not _grouped(integer, group_sep) and not (style.indian and in_indian_groups(integer)):
            return None
        digits = integer.replace(group_sep, "")
    elif dots or commas:
        sep = "." if dots else ","
        parts = text.split(sep)
        if len(parts) > 2:
            if not _grouped(text, sep) and not (style.indian and in_indian_groups(text)):
                return None
            digits, fraction = text.replace(sep, ""), ""
        elif sep != style.decimal and sep == style.group and len(parts[1]) == 3:
            digits, fraction = parts[0] + parts[1], ""
        else:
            digits, fraction = parts
    else:
        digits, fraction = text, ""
    try:
        value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:
        return None
    resolution = Decimal(1).scaleb(-len(fraction))
    return ParsedNumber(value, resolution)


_INDIAN_GROUPS = re.compile(rf"\d{{1,2}}(?:{INDIAN_GROUPS}|,\d{{3}})")


def in_indian_groups(integer: str) -> bool:
    """Digits grouped as CLDR's en-IN, hi, bn ... write them: three last, twos before (`12,34,567`)."""
    return _INDIAN_GROUPS.fullmatch(integer) is not None


def _grouped(integer: str, sep: str) -> bool:
    """True if `integer` is digits grouped by threes with `sep` (`1.234.567`)."""
    parts = integer.split(sep)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
