"""Numbers and quantities in copy, compared by value between a source text and its translation.

`1.5 l` (en) and `1,5 l` (de) are the same quantity, `2.5 kg` and `5.5 lb` are the same weight
for an en-US market, `1.500` is fifteen hundred in German and one and a half in English:
a digit-by-digit comparison gets all three wrong. Numbers are read by the units capability's
number reading (`numbers`: the text's locale's CLDR symbols), units are recognised with their dimension,
and values are compared after conversion:

- same unit: the values must be equal;
- a converted unit: equal within the rounding the text shows (half of the last digit of
  either side), so `5.5 lb` matches `2.5 kg` but `6 lb` does not;
- a target may repeat a quantity in a second unit (`5.5 lb (2.5 kg)`), as the units
  stage's `both` policy writes.

This is the fast first pass of the `number-mismatch` check: when it finds every number equal
(the common case) nothing else runs. When it finds a difference, the units capability's
`localize.units.quantities_in_text.compare_quantities` gives the verdict on quantities (pint-backed unit
table, CLDR unit names), and this module's verdict stands only for plain numbers and units
that table does not know (`30,4 MP`).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from ..memo import text_memoised
from .lexicon import quoted_number
from .numbers import (
    GROUP_ENTITY,
    GROUP_MARKS,
    NumberError,
    NumberStyle,
    _parse_decimal,
    as_read,
    decode_group_entities,
    has_group_entity,
    has_spaced_digits,
    in_indian_groups,
    number_style,
    space_groups,
)

D = Decimal


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written in copy: its dimension and factors to the dimension's base unit."""

    symbol: str  # canonical symbol for messages
    dimension: str  # mass, volume, length, area, temperature, speed, energy, or the symbol itself
    factors: tuple[Decimal, ...] = (D(1),)  # several when the name is ambiguous (US/imperial gallon)
    offset: str | None = None  # "C", "F", "K" for temperatures


def _u(symbol: str, dimension: str, *factors: str, offset: str | None = None) -> Unit:
    return Unit(symbol, dimension, tuple(D(f) for f in factors) or (D(1),), offset)


_G, _ML, _MM = "mass", "volume", "length"
UNITS: dict[str, Unit] = {}


def _add(aliases: str, unit: Unit) -> None:
    for alias in aliases.split("|"):
        UNITS[alias.lower()] = unit


_add("mg|milligram|milligrams|milligramm|milligramme|milligrammes", _u("mg", _G, "0.001"))
_add("g|gr|gram|grams|gramm|gramme|grammes|gramos|grammi|grammo", _u("g", _G, "1"))
_add("kg|kilo|kilos|kilogram|kilograms|kilogramm|kilogramme|kilogrammes|kilogramos|chilogrammi", _u("kg", _G, "1000"))
_add("t|tonne|tonnes|tonnen", _u("t", _G, "1000000"))
_add("oz|ounce|ounces|unze|unzen|once|onces|onzas", _u("oz", _G, "28.349523125"))
_add("lb|lbs|pound|pounds|livre|livres|libra|libras", _u("lb", _G, "453.59237"))
_add("ml|milliliter|millilitre|milliliters|millilitres|mililitros", _u("ml", _ML, "1"))
_add("cl|centiliter|centilitre|centiliters|centilitres", _u("cl", _ML, "10"))
_add("dl|deciliter|decilitre", _u("dl", _ML, "100"))
_add("l|ltr|liter|litre|liters|litres|litro|litros|litri", _u("l", _ML, "1000"))
_add("hl|hectoliter|hectolitre", _u("hl", _ML, "100000"))
_add("fl oz|fl. oz|fl.oz|floz|fluid ounce|fluid ounces", _u("fl oz", _ML, "29.5735295625", "28.4130625"))
_add("gal|gallon|gallons", _u("gal", _ML, "3785.411784", "4546.09"))
_add("qt|quart|quarts", _u("qt", _ML, "946.352946", "1136.5225"))
_add("pt|pint|pints", _u("pt", _ML, "473.176473", "568.26125"))
_add("cup|cups", _u("cup", _ML, "236.5882365", "250"))
_add("cm³|cm3|ccm|cc", _u("cm³", _ML, "1"))
_add("m³|m3|cbm", _u("m³", _ML, "1000000"))
_add("µm|μm|micrometer|micrometre", _u("µm", _MM, "0.001"))
_add("mm|millimeter|millimetre|millimeters|millimetres|milímetros", _u("mm", _MM, "1"))
_add("cm|centimeter|centimetre|centimeters|centimetres|zentimeter|centímetros|centimètres|centimetri", _u("cm", _MM, "10"))
_add("dm|decimeter|decimetre", _u("dm", _MM, "100"))
_add("m|meter|metre|meters|metres|metros|mètres|metri", _u("m", _MM, "1000"))
_add("km|kilometer|kilometre|kilometers|kilometres|kilómetros", _u("km", _MM, "1000000"))
_add('in|inch|inches|zoll|pouce|pouces|pulgadas|pollici|"|″|”', _u("in", _MM, "25.4"))
_add("ft|foot|feet|fuß|fuss|pieds|pies|'|′", _u("ft", _MM, "304.8"))
_add("yd|yard|yards", _u("yd", _MM, "914.4"))
_add("mi|mile|miles|meile|meilen", _u("mi", _MM, "1609344"))
_add("mm²|mm2", _u("mm²", "area", "1"))
_add("cm²|cm2", _u("cm²", "area", "100"))
_add("m²|m2|qm|sqm|sq m", _u("m²", "area", "1000000"))
_add("sq in|in²|square inches", _u("sq in", "area", "645.16"))
_add("sq ft|ft²|sqft|square feet", _u("sq ft", "area", "92903.04"))
_add("°c|℃|° c|grad celsius|degrees celsius|celsius", _u("°C", "temperature", offset="C"))
_add("°f|℉|° f|degrees fahrenheit|fahrenheit", _u("°F", "temperature", offset="F"))
_add("km/h|kmh|km/std", _u("km/h", "speed", "1"))
_add("mph", _u("mph", "speed", "1.609344"))
_add("kcal", _u("kcal", "energy", "4.184"))
_add("kj", _u("kJ", "energy", "1"))
_add("bar", _u("bar", "pressure", "100000"))
_add("psi", _u("psi", "pressure", "6894.757293168"))
_add("pa", _u("Pa", "pressure", "1"))
# Units no market converts: compared as they are (the dimension is the symbol).
for _sym in ("w", "kw", "v", "mv", "kv", "a", "ma", "mah", "ah", "wh", "kwh", "hz", "khz", "mhz", "ghz", "kb", "mb",
             "gb", "tb", "mp", "db", "lm", "rpm", "%", "k", "ppi", "dpi", "fps", "bit", "ms", "s", "min", "h", "nm",
             "lux", "n", "nm"):
    UNITS[_sym] = Unit(_sym, "=" + _sym)

# A number: grouped (1.234.567,89 / 1,234.5 / 1’234.5 / 1 234,5), plain, or a fraction.
_NUMBER = (
    r"(?:\d+\s\d+/\d+|\d+/\d+"
    rf"|\d{{1,3}}(?:(?:[{re.escape(GROUP_MARKS)}]|{GROUP_ENTITY})\d{{3}})+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
)
# A letter that makes a digit part of a word (`MP3`, `H2O`): Latin, Greek, Cyrillic ... but not
# CJK, which writes numbers right against its characters (`綿100%`, `最大14日間`, `EUサイズ42`).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
_WORD_CHAR = rf"[^\W{_CJK}]"
NUMBER_RE = re.compile(rf"(?<!{_WORD_CHAR})(?<![.,’'/])(?P<sign>[-−])?(?P<num>{_NUMBER})(?![\d/])")
# What may follow a number as its unit: a word (with ² ³ or /h), a degree sign with a letter,
# or a symbol; looked up in UNITS, trying two words first (`fl oz`, `sq ft`, `grad celsius`).
_LETTER = rf"[^\W\d_{_CJK}]"  # a unit word is written in letters other than CJK (`2.8 cmの`)
UNIT_TOKEN_RE = re.compile(
    rf"(?P<space>[\u00a0\u202f\u2009 ]?|-(?={_LETTER}{{2}}))(?P<unit>°\s?[A-Za-z]|[\"'″′”%℃℉]|{_LETTER}+[²³23]?(?:/{_LETTER}+)?\.?"
    rf"(?:[ .]{_LETTER}+[²³]?)?)"
)
_DIGIT = re.compile(r"\d")


def _unit_at(text: str, pos: int) -> tuple[Unit | None, str, bool, int]:
    """The unit written right after a number ending at `pos`: (unit, text, spaced, end)."""
    unit, token, spaced, length = _unit_in(text[pos:pos + 32])
    return unit, token, spaced, pos + length


@lru_cache(maxsize=16384)
def _unit_in(text: str) -> tuple[Unit | None, str, bool, int]:
    """`_unit_at` on the text after a number (memoised: the same few units follow most numbers)."""
    pos = 0
    m = UNIT_TOKEN_RE.match(text, pos)
    if m is None:
        return None, "", False, pos
    token = m.group("unit")
    spaced = bool(m.group("space"))
    start = m.start("unit")
    candidates = [token]
    if " " in token or "." in token[:-1]:
        first = re.split(r"[ .]", token, maxsplit=1)[0]
        candidates.append(first)
    if token.endswith("."):
        candidates.insert(0, token[:-1])
    hyphen = m.group("space") == "-"
    for cand in candidates:
        unit = UNITS.get(cand.lower().rstrip(".") if cand not in ('"', "'") else cand)
        if unit is None:
            continue
        if hyphen and (len(cand) < 2 or cand.lower() == "in"):
            continue  # `1.1-inch` and `5-kg` are quantities; `2-in-1` is not
        end = start + len(cand)
        if end < len(text) and ((text[end].isalpha() and _joins(text[end])) or text[end] in "²³"):
            continue
        return unit, cand, spaced, end
    return None, "", False, pos


_CONNECTOR = re.compile(r"\s*(?:x|×|\*|-|–|—|/|to|bis|à|a|al|-)\s*", re.I)


class Amount(NamedTuple):
    """A number found in a text, with its unit if it has one (a NamedTuple: made by the million)."""

    value: Decimal
    text: str  # as written, e.g. `2,5 kg`
    unit: Unit | None
    decimals: int  # digits after the decimal mark (for the rounding tolerance)
    span: tuple[int, int]
    fraction_step: Decimal | None = None  # 1/8 for `3 1/8 in`


_GROUPS = re.compile(r"[.,' ]")


@lru_cache(maxsize=8192)
def parse_amount(token: str, locale: str) -> tuple[Decimal, int] | None:
    """A number token as written in `locale` -> (value, decimals shown); None when not a number.

    `numbers` reads it as `numbers.parse_number` does (the locale decides what an ambiguous
    mark means: `1.500` is 1500 in de-DE, 1.5 in en-US; a mark that cannot be a group separator is
    read as a decimal mark). Copy is read leniently: a locale babel does not know reads as en, a
    group mark (`.` `,` space, apostrophe) groups digits only in threes, and a fraction shows three decimals.
    """
    text = decode_group_entities(token).replace("\u202f", " ").replace("\u00a0", " ").replace("\u2009", " ").replace("’", "'")
    if "/" in text:
        whole, _, frac = text.rpartition(" ") if " " in text else ("", "", text)
        num, _, den = frac.partition("/")
        try:
            value = D(num) / D(den) + (D(whole) if whole else D(0))
        except (InvalidOperation, ZeroDivisionError):
            return None
        return value, 3
    marks = set(_GROUPS.findall(text))
    if len(marks) > 1 and marks & {" ", "'"}:
        # a space or apostrophe besides another mark: the last mark is the decimal mark (`149 713.500`)
        mark = _GROUPS.findall(text)[-1]
        if text.count(mark) > 1:
            return None
        integer, _, fraction = text.rpartition(mark)
        if not _in_threes(integer):
            return None
        return D("".join(c for c in integer if c.isdigit()) + "." + fraction), len(fraction)
    try:
        style = number_style(locale)
    except NumberError:
        style = _EN
    parsed = _parse_decimal(text, style)
    if parsed is None:
        return None
    decimals = -int(parsed.resolution.as_tuple().exponent)
    integer = text[:len(text) - decimals - 1] if decimals else text
    if not _in_threes(integer) and not (style.indian and in_indian_groups(integer)):
        return None  # `5671,619`, `12 34`: not digits grouped in threes (nor en-IN's `12,34,567`)
    return parsed.value, decimals


def _in_threes(integer: str) -> bool:
    """Digits grouped in threes after a first group of one to three, or not grouped at all."""
    groups = _GROUPS.split(integer)
    return len(groups) == 1 or (all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3)


_EN = NumberStyle(decimal=".", group=",", space_groups=False, apostrophe_groups=False)


def find_amounts(text: str, locale: str) -> list[Amount]:
    """Every number in `text`, with its unit; a unit after `10 x 20 x 5` applies to all three.

    HTML copy (a title or description with `19,99&nbsp;€`, `2,5&#160;kg`, `<b>5</b> kg`) is read as a reader
    sees it (`decoded_html`): raw, `2,5&nbsp;kg` was the bare number 2.5 and `&#160;` the number 160. Each
    amount's span and text are those of `text` (`text[start:end]` as written). Natively written numbers
    (`٢٫٥ كغ`, `２．５ｋｇ`) are read through `units.numbers.as_read` (one character for one: the same spans)."""
    read = as_read(text, locale)
    if read is not text:
        return [_as_written(a, text) for a in find_amounts(read, locale)]
    decoded = decoded_html(text)
    if decoded is None:
        return list(_find_amounts(text, reading_locale(text, locale)))
    plain, starts, ends = decoded
    out = []
    for amount in _find_amounts(plain, reading_locale(plain, locale)):
        start, end = amount.span
        span = (starts[start], ends[end - 1]) if end > start else (starts[start], starts[start])
        written = text[span[0]:span[1]] if plain[start:end] == amount.text else amount.text
        out.append(amount._replace(span=span, text=written))
    return out


_HTML_PIECE = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", re.S)


def decoded_html(text: str) -> tuple[str, list[int], list[int]] | None:
    """`text` as a reader of HTML copy sees it: each tag a space, each entity the character it stands for
    (`html.unescape`); with, per character of it, where it starts and ends in `text`. None when `text` has
    no tag or entity (most copy: one membership test)."""
    if "&" not in text and "<" not in text:
        return None
    pieces = list(_HTML_PIECE.finditer(text))
    if not pieces:
        return None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in pieces:
        begin, stop = match.span()
        token = match.group()
        char = " " if token[0] == "<" else html.unescape(token)
        if char == token:  # an entity HTML does not define: as written
            continue
        out.append(text[pos:begin])  # the text before it, character for character (ranges: C speed)
        starts.extend(range(pos, begin))
        ends.extend(range(pos + 1, begin + 1))
        out.append(char)
        starts.extend([begin] * len(char))
        ends.extend([stop] * len(char))
        pos = stop
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(out), starts, ends


#: The locale a text with neither `.` nor `,` is read in, whatever its own: see `reading_locale`.
ANY_STYLE = "en"


def reading_locale(text: str, locale: str) -> str:
    """The locale `_find_amounts` reads `text` in for `locale` (and is memoised under): the first
    locale of `locale`'s number style (`style_locale`), or `ANY_STYLE` for a text with neither `.`
    nor `,` nor digits after a plain space. A locale's style decides only what a `.` or `,` inside a
    number means, and whether a plain space groups digits (`1 000 mm` is 1000 mm in fr-FR, 1 and
    000 mm in en-US: CLDR's group mark); no-break spaces, apostrophes and fractions read alike
    everywhere. So another text (most product names: `Tshirts Passform 0`, and their translations)
    has the same numbers in every locale and is read once for all markets, not once per number
    style (tests/units/test_units_amounts_style.py)."""
    if "." in text or "," in text or has_spaced_digits(text):
        return style_locale(locale)
    return ANY_STYLE


# Digits grouped in threes with plain spaces (`12 345`): one number where the locale groups with a space.
_PLAIN_GROUPED = re.compile(r"\d(?<![\w.,'’]\d)\d{0,2}(?: \d{3})+(?!\d)")


def _no_break_groups(text: str) -> str:
    """`text` with the plain spaces between digit groups made no-break (same length, same offsets),
    so the scan reads `1 000 mm` as it reads `1\u00a0000 mm`: for locales that group with a space."""
    return _PLAIN_GROUPED.sub(lambda m: m.group().replace(" ", "\u00a0"), text)


@lru_cache(maxsize=256)
def style_locale(locale: str) -> str:
    """The first locale asked for with `locale`'s number style: `_find_amounts` reads a text's
    numbers through the style alone (`parse_amount`), so en-US and en-GB copy (or de-DE and
    de-AT), often the same text, are read once and remembered once."""
    try:
        style = number_style(locale)
    except NumberError:
        style = _EN
    return _BY_STYLE.setdefault(style, locale)


_BY_STYLE: dict[NumberStyle, str] = {}


_FRACTION = re.compile(r"\d/\d")
# a word after the number, also after a range or dimension chain (`30-81 kHz`, `10 x 20 cm`)
_WORD_AFTER = re.compile(r"(?:\s*(?:[-–—x×~]|to|bis|à)\s*\d[\d.,]*)*[\u00a0\u202f\u2009 ]?[^\W\d_]")
_FAST_NUMBER = re.compile(rf"(?:[-−](?=\d)|\d)[\d{re.escape(GROUP_MARKS)}]*")
_SEPARATORS = GROUP_MARKS
_JOINING = re.compile(_WORD_CHAR)


def _joins(char: str) -> bool:
    """A character that makes a following digit part of a word (not CJK: `綿100%` is 100 %)."""
    return _JOINING.match(char) is not None


def _numbers_slow(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end of the number, sign, number text) with the full pattern (fractions included)."""
    for m in NUMBER_RE.finditer(text):
        yield m.start(), m.end("num"), m.group("sign") or "", m.group("num")


def _numbers_fast(text: str) -> Iterator[tuple[int, int, str, str]]:
    """The same as `_numbers_slow` for texts without fractions, several times faster.

    The pattern starts with a character class, so the regex engine skips to candidate
    characters in C; the look-behind and grouping rules are applied here instead.
    """
    for m in _FAST_NUMBER.finditer(text):
        start = m.start()
        token = m.group()
        sign = ""
        before = text[start - 1] if start else " "
        if token[0] in "-−":
            if _joins(before) or before in "_.,’'/":
                start += 1  # a hyphen inside a word (`TM-100`): the number starts after it
                token = token[1:]
            else:
                sign = token[0]
                token = token[1:]
                start += 1
        elif _joins(before) or before in "_.,’'/":
            continue
        num = token.rstrip(_SEPARATORS)
        if not num:
            continue
        num_start = start
        if sign:
            num_start = start
            start -= 1
        yield start, num_start + len(num), sign, num


# Dimensions whose values multiply into `a × b × c` (`10 x 20 x 5 cm`); before any other unit an `x` joins counts.
_CHAINED = frozenset({"length"})
_COUNT_JOIN = re.compile(r"\s*[x×*]\s*", re.I)


@text_memoised(16384, 4_000_000)
def _find_amounts(text: str, locale: str) -> tuple[Amount, ...]:
    if _DIGIT.search(text) is None:
        return ()
    out: list[Amount] = []
    chain: list[int] = []  # indexes of unit-less numbers joined by x / – / to
    prev_end = -1
    scan = text
    if " " in text and locale != ANY_STYLE and space_groups(locale):
        scan = _no_break_groups(text)
    # the full pattern reads fractions and space entities between digits (`1&thinsp;000` in HTML copy)
    slow = _FRACTION.search(text) is not None or has_group_entity(text)
    numbers = _numbers_slow(scan) if slow else _numbers_fast(scan)
    for start, num_end, sign, num in numbers:
        parsed = parse_amount(num, locale)
        if parsed is None:
            prev_end = -1
            chain = []
            continue
        value, decimals = parsed
        if sign:
            value = -value
        unit, unit_text, spaced, unit_end = _unit_at(text, num_end)
        if unit is not None and unit_text in ("'", '"', "″", "′", "”", "’") \
                and (spaced or quoted_number(text, start, unit_end)):
            unit = None  # `5 "quoted"` is not five inches, nor is `“27”` (a number in quotes)
        if unit is not None and unit.symbol == "k":
            value, unit = value * 1000, None  # `800k` is 800,000
        step = None
        if "/" in num:
            den = num.rsplit("/", 1)[1]
            step = D(1) / D(den) if den.isdigit() and int(den) else None
        if chain and (prev_end < 0 or _CONNECTOR.fullmatch(text[prev_end:start]) is None):
            chain = []
        if start and text[start - 1] == "#":
            chain = []  # `#8 x 1-1/4 in.`: a gauge, not the first of two lengths (as the converter reads it)
        end = unit_end if unit else num_end
        amount = Amount(value, text[start:end], unit, decimals, (start, end), step)
        out.append(amount)
        if unit is None:
            if not (start and text[start - 1] == "#"):
                chain.append(len(out) - 1)
            prev_end = num_end
        elif unit.dimension not in _CHAINED and not any(out[i].value < 0 for i in chain) and chain \
                and _COUNT_JOIN.fullmatch(text[out[chain[-1]].span[1]:start]):
            chain = []  # `6 x 0,5 l`, `3 x 1,5 mm²`: counts before a volume, mass or area (only lengths chain)
            prev_end = unit_end
        else:
            for i in chain:
                a = out[i]
                out[i] = Amount(a.value, a.text + " " + unit.symbol, unit, a.decimals, a.span, a.fraction_step)
            chain = []
            prev_end = unit_end
    return tuple(out)


def _to_base(amount: Amount, factor: Decimal) -> Decimal:
    unit = amount.unit
    if unit is None:
        return amount.value
    if unit.offset == "F":
        return (amount.value - 32) * D(5) / D(9)
    if unit.offset == "K":
        return amount.value - D("273.15")
    return amount.value * factor


def _tolerance(amount: Amount, factor: Decimal) -> Decimal:
    """Half of the last digit shown, in base units (what rounding may have changed)."""
    step = amount.fraction_step if amount.fraction_step else D(1).scaleb(-amount.decimals)
    half = step / 2
    if amount.unit is not None and amount.unit.offset == "F":
        return half * D(5) / D(9)
    if amount.unit is not None and amount.unit.offset:
        return half
    return half * factor


def same_quantity(a: Amount, b: Amount) -> bool:
    """True when `b` states `a`'s quantity: equal in one unit; across units, `a` converted and rounded
    to the digits `b` shows gives `b` (directional: `a` is the source, the target may round)."""
    if a.unit is None or b.unit is None:
        return a.unit is None and b.unit is None and a.value == b.value
    if a.unit.dimension != b.unit.dimension:
        return False
    if a.unit.symbol == b.unit.symbol:
        return a.value == b.value
    for fa in a.unit.factors:
        for fb in b.unit.factors:
            diff = abs(_to_base(a, fa) - _to_base(b, fb))
            if diff <= _tolerance(b, fb) * D("1.0001"):
                return True
    return False


@dataclass(frozen=True, slots=True)
class QuantityMismatch:
    """A number or quantity of one side with no equal counterpart on the other side."""

    side: str  # "source" (missing in the target) or "target" (not in the source)
    amount: Amount

    def message(self) -> str:
        if self.side == "source":
            return f"{self.amount.text!s} is missing in the target (no equal number or quantity there)"
        return f"{self.amount.text!s} in the target matches no number or quantity of the source"


def _in_code(amount: Amount, text: str) -> bool:
    """A whole number of the source that the target writes glued to letters, as a code:
    `LSF 30` -> `SPF30` (Japanese copy writes SPF, IPX and USB ratings that way)."""
    if amount.value != amount.value.to_integral_value() or amount.value < 0:
        return False
    digits = str(int(amount.value))
    return re.search(rf"{_WORD_CHAR}(?<!\d){digits}(?![\d.,]\d)(?!\d)", text) is not None


def _read_amounts(text: str, locale: str) -> tuple[Amount, ...]:
    """`_find_amounts` of `text` as its readers read it, each amount's text as written."""
    read = as_read(text, locale)
    found = _find_amounts(read, reading_locale(read, locale))
    if read is text:
        return found
    return tuple(_as_written(a, text) for a in found)


def _as_written(amount: Amount, text: str) -> Amount:
    """`amount` (found in `as_read(text)`: the same spans) with its text as `text` writes it (a unit a
    chain took from its last number stays appended: `٢ x ٣ cm`'s first number reads `٢ cm`)."""
    start, end = amount.span
    return amount._replace(text=text[start:end] + amount.text[end - start:])


def compare_amounts(source: str, source_locale: str, target: str, target_locale: str) -> list[QuantityMismatch]:
    """Numbers and quantities that differ in value between a source text and its translation (natively
    written numbers read through `as_read`: `٢٫٥ كغ` is 2.5)."""
    src = _read_amounts(source, source_locale)  # () without a digit
    tgt = _read_amounts(target, target_locale)
    if not src and not tgt:
        return []
    if len(src) == len(tgt):
        src_key = [(a.value, a.unit) for a in src]
        tgt_key = [(b.value, b.unit) for b in tgt]
        if src_key == tgt_key or Counter(src_key) == Counter(tgt_key):
            return []  # the same numbers in the same units: the common case, decided without matching
    used = [False] * len(tgt)
    matched_src: list[Amount] = []
    problems: list[QuantityMismatch] = []
    for a in src:
        hit = next((i for i, b in enumerate(tgt) if not used[i] and same_quantity(a, b)), None)
        if hit is None:
            problems.append(QuantityMismatch("source", a))
        else:
            used[hit] = True
            matched_src.append(a)
    # A unit word we do not know on one side (`30 B/s` for `30 fps`, a transliterated unit):
    # the same number counts as the same quantity rather than as a difference.
    def word_after(amount: Amount, text: str) -> bool:
        return amount.unit is None and _WORD_AFTER.match(text, amount.span[1]) is not None

    for a in [p.amount for p in problems if p.side == "source"]:
        hit = next((i for i, b in enumerate(tgt) if not used[i] and b.value == a.value
                    and (word_after(a, source) or word_after(b, target))), None)
        if hit is not None:
            used[hit] = True
            problems = [p for p in problems if p.amount is not a]
        elif a.unit is None and _in_code(a, target):
            problems = [p for p in problems if p.amount is not a]
    for i, b in enumerate(tgt):
        if used[i]:
            continue
        # a second statement of a quantity already matched, in another unit: `5.5 lb (2.5 kg)`
        if b.unit is not None and any(a.unit is not None and (same_quantity(a, b) or same_quantity(b, a)) for a in src):
            continue
        problems.append(QuantityMismatch("target", b))
    return problems
