"""Quantities inside free text: find them, rewrite them for a market, compare two texts.

`find_quantities("Gewicht 2,5 kg, Maße 10 x 20 x 5 cm", "de-DE")` finds `2,5 kg` and the
dimensions `10 x 20 x 5 cm`, parsing numbers by the text's locale (see `numbers.py`).
Shapes: single (`1.5 l`, `40 °C`, `5"`, `3/4 in`, `1½ in`), ranges (`2–3 kg`, `2 bis 3 kg`,
`2〜3kg`), dimensions (`10 x 20 x 5 cm`, `10 cm × 20 cm`), feet and inches (`5' 10"`).

`rewrite_quantities(text, "de-DE", units)` applies a market's policy: `convert` replaces
(`5.5 lb`), `both` adds the original (`5.5 lb (2.5 kg)`), `keep` leaves the text alone.

`compare_quantities(source, "de-DE", target, "en-US")` is for translation QA: it says, per
quantity, whether the target states the same value as the source after locale-aware parsing
and unit conversion (`1.5 l` = `1,5 l`, `2.5 kg` = `5.5 lb`). A target value counts as equal
when it is the source value converted into the target's unit and rounded to the precision
the target was written with (so `5.5 lb` matches 2.5 kg but `5.6 lb` does not).
The public names here are an interface the QA checks rely on: add, never rename.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from .akeneo_pint import spec_for
from .conventions import Converted, MarketUnits
from .formatting import format_number, format_quantity
from .lexicon import (
    ATTACHED,
    LATIN_LETTER,
    QUOTE_OPENERS,
    SYMBOLS,
    WORDS,
    cldr_forms,
    quoted_number,
    resolve,
    unit_regex,
)
from .numbers import (
    _VULGAR,
    APOSTROPHES,
    GROUP_ENTITY,
    ParsedNumber,
    _parse_unsigned,
    as_read,
    number_pattern,
    number_style,
    one_reading,
    spaced_group_head,
)
from .registry import UnitError, factor

Kind = Literal["single", "range", "dimensions"]
ATTACHED_QUOTES = frozenset(QUOTE_OPENERS)
MatchStatus = Literal["equal", "different", "missing", "added"]

__all__ = [
    "TextQuantity", "QuantityMatch", "Rewrite", "RewriteResult",
    "find_quantities", "compare_quantities", "rewrite_quantities", "quantities_equal", "deliberate_units",
]


@dataclass(frozen=True, slots=True)
class TextQuantity:
    """One quantity found in a text. `values` has 1 (single), 2 (range) or n (dimensions) numbers."""

    start: int
    end: int
    text: str
    values: tuple[Decimal, ...]
    resolutions: tuple[Decimal, ...]
    unit: str
    family: str
    kind: Kind = "single"
    unit_text: str = ""
    #: where digits grouped with plain spaces begin when this quantity's number may be their last group,
    #: in a locale that does not group with a space (`2 100 ml` in en-US: 2100 ml or 2 × 100 ml?)
    spaced_head: int | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """The verdict on one quantity of a source/target pair of texts."""

    status: MatchStatus
    source: TextQuantity | None
    target: TextQuantity | None
    message: str
    expected: str | None = None  # the source value in the target's unit, e.g. "5.51 lb"

    @property
    def ok(self) -> bool:
        return self.status == "equal"


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One replacement made by `rewrite_quantities` (`span` is in the rewritten text)."""

    quantity: TextQuantity
    replacement: str
    span: tuple[int, int]
    unit: str
    rule: str


@dataclass(frozen=True, slots=True)
class RewriteResult:
    text: str
    rewrites: tuple[Rewrite, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.rewrites)


# ---------------------------------------------------------------- finding

_RANGE = r"\s*(?:[-–—~〜～]|\s(?:to|bis|à|a|до)\s)\s*"
_DIM = r"\s*[x×X*]\s*"
_SIGN = "-−"
_IN_FOLLOWERS = frozenset({
    "x", "by", "wide", "long", "high", "tall", "deep", "thick", "diameter", "dia", "across", "screen",
    "display", "and", "or", "in", "width", "height", "depth", "length",
})


@dataclass
class _Num:
    start: int
    end: int
    parsed: ParsedNumber
    unit: str | None = None
    family: str | None = None
    unit_text: str = ""
    unit_end: int = 0


@lru_cache(maxsize=64)
def _number_regex(locale: str) -> re.Pattern[str]:
    # A number starts at no letter/digit/decimal mark (not inside `H2O`, `MP3`, `1.2.3`).
    # After `#` a number is a gauge or an item number (`#8 x 1-1/4 in. screws`: a No. 8 screw), not a value.
    return re.compile(rf"(?<!{LATIN_LETTER})(?<![\d_.,/'’#]){number_pattern(locale)}")


# Characters no unit is written with first (a quantity is a number with a unit right after it, or after
# one space or a hyphen): digits, spaces and punctuation. `_unit_may_follow` leaves out any a unit
# form of the locale does start with.
_NEVER_UNIT_START = "0123456789 \t\n\r\u00a0\u202f\u2009.,;:!?()[]{}<>~*+=|/\\&#@$^_-"


@lru_cache(maxsize=64)
def _unit_may_follow(locale: str) -> re.Pattern[str]:
    """A number's last character (a digit or a fraction: every number `find_quantities` reads ends in
    one) followed, directly or after one space or hyphen, by a character a unit form may start with."""
    firsts = {form[:1] for form in (*SYMBOLS, *WORDS, *cldr_forms(locale), *ATTACHED, *APOSTROPHES)}
    firsts |= {f.upper() for f in firsts} | {f.lower() for f in firsts}
    never = "".join(ch for ch in _NEVER_UNIT_START if ch not in firsts)
    return re.compile(rf"[\d{_VULGAR}][ \u00a0\u202f\u2009-]?[^{re.escape(never)}]")


def _narrow(text: str, locale: str) -> str:
    """`text` with natively written numbers' marks read as `locale`'s (`units.numbers.as_read`: full-width
    `２．５ｋｇ` in ja/zh/ko, the Arabic decimal mark `٢٫٥`), one character for one: the same spans."""
    return as_read(text, locale)


def may_hold_quantity(text: str, locale: str) -> bool:
    """False when `find_quantities(text, locale)` is certainly empty: no number in `text` has a
    character after it that a unit of `locale` could start with (`iPhone 15`, `Größe 42.`, `Set 3 (neu)`).
    Product names and copy with numbers but no measure are common: they skip the search."""
    return _unit_may_follow(locale).search(_narrow(text, locale)) is not None


def find_quantities(text: str, locale: str) -> list[TextQuantity]:
    """Every quantity in `text`, written in `locale`'s conventions, in order of appearance."""
    if not text:
        return []
    style = number_style(locale)  # an unknown locale is an error, with or without numbers
    written = text
    text = _narrow(text, locale)  # `２．５ｋｇ` is read as `2.5kg` (same spans: one character for one)
    if not may_hold_quantity(text, locale):
        return []
    numbers = [m for m in _number_regex(locale).finditer(text)]
    found: list[TextQuantity] = []
    consumed = 0
    i = 0
    while i < len(numbers):
        m = numbers[i]
        if m.start() < consumed:
            i += 1
            continue
        group, kind, used = _extend(text, numbers, i, style, locale)
        i += max(used, 1)
        if group is None:
            continue
        quantity = _build(text, group, kind, locale)
        if quantity is None or (quantity.unit_text in ATTACHED_QUOTES and quoted_number(text, quantity.start, quantity.end)):
            continue  # (`The model “27” is`: a number in quotes, not 27 inches)
        quantity = _merge_feet_inches(text, found, quantity)
        if not style.space_groups and text[quantity.start - 1:quantity.start] == " ":
            head = spaced_group_head(text, quantity.start)
            if head is not None:
                quantity = replace(quantity, spaced_head=head)
        if found and quantity.start == found[-1].start:
            found[-1] = quantity
        else:
            found.append(quantity)
        consumed = quantity.end
    if text is not written:  # each quantity as written (its span is the same)
        return [replace(q, text=written[q.start:q.end]) for q in found]
    return found


def _read_num(text: str, m: re.Match[str], style: object) -> _Num | None:
    parsed = _parse_unsigned(m.group(0), style)  # type: ignore[arg-type]
    if parsed is None:
        return None
    return _Num(m.start(), m.end(), parsed)


def _read_unit(text: str, pos: int, locale: str, num: _Num) -> bool:
    """Attach the unit written at `pos` (after optional space) to `num`."""
    if pos < len(text) and text[pos] in ATTACHED:
        nxt = text[pos + 1: pos + 2]
        if not nxt or not re.match(rf"{LATIN_LETTER}|\d", nxt):
            (num.unit, num.family), num.unit_text, num.unit_end = resolve(text[pos], locale), text[pos], pos + 1
            return True
        return False
    if pos < len(text) and text[pos] in "'’" and not text[pos + 1: pos + 2].isdigit():
        # 6' (feet) only when the mark touches the number and no digit follows (not 1'234)
        nxt = text[pos + 1: pos + 2]
        if not nxt or not re.match(LATIN_LETTER, nxt):
            num.unit, num.unit_text, num.unit_end = "FEET", text[pos], pos + 1
            return True
    ws = re.compile(r"[ \u00a0\u202f\u2009]?").match(text, pos)
    start = ws.end() if ws else pos
    hyphen = start == pos and text[pos:pos + 1] == "-" and re.match(rf"{LATIN_LETTER}{{2}}", text[pos + 1:pos + 3])
    if hyphen:
        start = pos + 1  # a compound adjective: `1.1-inch display`, `5-kg bag`, `2-Liter-Flasche`
    um = unit_regex(locale).match(text, start)
    if not um:
        return False
    surface = um.group(0)
    if hyphen and (len(surface.strip()) < 2 or surface.strip().lower() in ("in", "in.")):
        return False  # `2-in-1` is not two inches
    if hyphen and um.end() < len(text) and re.match(LATIN_LETTER, text[um.end()]):
        return False  # `5-minutes`: the unit word must end there
    if surface.strip() in ("in", "in.") and not (num.parsed.resolution < 1 or _inch_word_ok(text, um.end())):
        return False
    if _COMPOUND.match(text, um.end()):
        return False  # `60 ft-lbs`, `20 kg-cm`, `50 N·m`: a torque's compound unit, not a length or a mass
    (num.unit, num.family) = resolve(surface, locale)
    num.unit_text, num.unit_end = surface, um.end()
    return True


# A unit joined to another by a hyphen or a dot operator (`ft-lbs`, `in·lbf`, `kg-cm`, `oz-in`): one compound unit.
_COMPOUND = re.compile(r"[-·⋅]\s?(?:lbs?|lbf|pounds?|kgf?|kp|n|nm|m|cm|in|ft|oz)\b", re.I)


def _inch_word_ok(text: str, end: int) -> bool:
    """`in` is inches unless it reads as the preposition (`2 in 1`, `5 in black`)."""
    rest = text[end:]
    nxt = re.match(r"\s+(\S+)", rest)
    if not nxt or not rest[:1].isspace():
        return True
    word = nxt.group(1).strip(".,;:!?)").lower()
    if word[:1].isdigit():
        return False
    if word[:1].isalpha():
        return word in _IN_FOLLOWERS
    return True


def _extend(text: str, numbers: list[re.Match[str]], i: int, style: object,
            locale: str) -> tuple[list[_Num] | None, Kind, int]:
    """From number i, read `NUM [UNIT] (SEP NUM [UNIT])*`; return the group, its kind, numbers used."""
    first = _read_num(text, numbers[i], style)
    if first is None:
        return None, "single", 1
    group = [first]
    kind: Kind = "single"
    j = i
    while True:
        cur = group[-1]
        pos = cur.end
        if cur.unit is None and _read_unit(text, pos, locale, cur):
            pos = cur.unit_end
        if j + 1 >= len(numbers):
            break
        nxt_m = numbers[j + 1]
        between = text[pos:nxt_m.start()]
        sep_kind: Kind | None = None
        if re.fullmatch(_DIM, between):
            sep_kind = "dimensions"
        elif re.fullmatch(_RANGE, between) and (kind in ("single", "range")) and len(group) == 1:
            sep_kind = "range"
        if sep_kind is None or (kind != "single" and sep_kind != kind):
            break
        nxt = _read_num(text, nxt_m, style)
        if nxt is None:
            break
        group.append(nxt)
        kind = sep_kind
        j += 1
    if group[-1].unit is None:
        # a unit may be given once at the start of a range/dimension group and nowhere else
        if not any(n.unit for n in group):
            return None, kind, j - i + 1
        if kind == "range" and group[0].unit is not None:
            # `1/4 in.-20` is a thread (diameter and threads per inch), not 1/4 to 20 inches: a range
            # writes its unit after the last number (`2–3 kg`) or after each
            return group[:1], "single", len(group)
    return group, kind, j - i + 1


def _build(text: str, group: list[_Num], kind: Kind, locale: str) -> TextQuantity | None:
    last_unit = next((n for n in reversed(group) if n.unit), None)
    if last_unit is None or last_unit.unit is None:
        return None
    unit = last_unit.unit
    spec = spec_for(unit, last_unit.family)
    if spec is None:
        return None
    families = set()
    for n in group:
        if n.unit:
            other = spec_for(n.unit, n.family)
            families.add(other.family if other else None)
    if families != {spec.family}:
        return None
    if kind == "dimensions" and spec.family != "Length" and not any(n.unit for n in group[:-1]):
        # Only lengths multiply into dimensions: before a volume, mass or area the numbers are counts
        # (`6 x 0,5 l` is a six-pack of half litres, `3 x 1,5 mm²` three conductors), not values of it.
        group = group[-1:]
        kind = "single"
    values: list[Decimal] = []
    resolutions: list[Decimal] = []
    for n in group:
        value = n.parsed.value
        if n.unit and n.unit != unit:
            f = factor(n.unit, unit, spec.family)
            value, res = f.apply(value), n.parsed.resolution * abs(f.scale)
        else:
            res = n.parsed.resolution
        values.append(value)
        resolutions.append(res)
    start = group[0].start
    # a minus sign right before a single temperature belongs to it (-5 °C)
    if kind == "single" and spec.family == "Temperature" and start > 0 and text[start - 1] in _SIGN:
        if start == 1 or not text[start - 2].isalnum():
            start -= 1
            values[0] = -values[0]
    last = group[-1]
    end = last.unit_end if last.unit else last.end
    if kind == "single" and len(group) > 1:
        kind = "dimensions"
    unit_text = next((n.unit_text for n in reversed(group) if n.unit), "")
    return TextQuantity(start, end, text[start:end], tuple(values), tuple(resolutions), unit,
                        spec.family, kind, unit_text)


def _merge_feet_inches(text: str, found: list[TextQuantity], q: TextQuantity) -> TextQuantity:
    """`5' 10"` -> one length of 70 in."""
    if not found or q.unit != "INCH" or q.kind != "single":
        return q
    prev = found[-1]
    if prev.unit != "FEET" or prev.kind != "single" or not re.fullmatch(r"\s?", text[prev.end:q.start]):
        return q
    value = prev.values[0] * 12 + q.values[0]
    return TextQuantity(prev.start, q.end, text[prev.start:q.end], (value,), (q.resolutions[0],), "INCH",
                        "Length", "single", q.unit_text)


# ---------------------------------------------------------------- comparing

def _convert(value: Decimal, unit: str, target: str, family: str) -> Decimal:
    return factor(unit, target, family).apply(value)


def quantities_equal(a: TextQuantity, b: TextQuantity) -> bool:
    """True if `b` states `a`'s value(s): `a` converted into `b`'s unit and rounded to the
    precision `b` is written with gives `b` (`2.5 kg` -> `5.5 lb` yes, `5.6 lb` no).

    Directional on purpose: the reference is `a` (the source); a target may round, but only
    to the digits it shows. The same unit must give the same number (`2.5` = `2.50`).
    """
    if a.family != b.family or a.kind != b.kind or len(a.values) != len(b.values):
        return False
    if a.unit == b.unit:
        return all(x == y for x, y in zip(a.values, b.values, strict=True))
    return _within(a, b)


def _within(a: TextQuantity, b: TextQuantity) -> bool:
    """`a` converted into `b`'s unit, rounded to `b`'s precision, gives `b`."""
    try:
        for va, vb, rb in zip(a.values, b.values, b.resolutions, strict=True):
            converted = _convert(va, a.unit, b.unit, a.family)
            if abs(converted - vb) > rb / 2 + abs(vb) * Decimal("1e-9"):
                return False
    except UnitError:
        return False
    return True


def _groups(quantities: list[TextQuantity], text: str) -> list[list[TextQuantity]]:
    """Quantities with their parenthesised equivalents: `5.5 lb (2.5 kg)` is one group."""
    out: list[list[TextQuantity]] = []
    for q in quantities:
        if out:
            head = out[-1][-1]
            gap = text[head.end:q.start]
            first = out[-1][0]
            if re.fullmatch(r"\s*[(\[/]\s*", gap) and (quantities_equal(first, q) or quantities_equal(q, first)):
                out[-1].append(q)
                continue
        out.append([q])
    return out


def _show(q: TextQuantity) -> str:
    return q.text.strip()


def compare_quantities(source_text: str, source_locale: str, target_text: str,
                       target_locale: str) -> list[QuantityMatch]:
    """Compare the quantities of a source text and its translation, one verdict per quantity.

    `equal`: the target states the source's value (in any unit of the same kind);
    `different`: a target quantity of the same kind states another value;
    `missing`: a source quantity has no counterpart; `added`: a target quantity has none.
    Order in the text does not matter (translations reorder); equal pairs are found first.
    """
    src = _groups(find_quantities(source_text, source_locale), source_text)
    tgt = _groups(find_quantities(target_text, target_locale), target_text)
    used: set[int] = set()
    verdicts: list[tuple[int, QuantityMatch]] = []
    unmatched: list[int] = []
    for si, sg in enumerate(src):
        hit = None
        for ti, tg in enumerate(tgt):
            if ti not in used and any(quantities_equal(a, b) for a in sg for b in tg):
                hit = ti
                break
        if hit is None:
            unmatched.append(si)
            continue
        used.add(hit)
        a, b = sg[0], tgt[hit][0]
        verdicts.append((si, QuantityMatch("equal", a, b, f"{_show(a)!r} matches {_show(b)!r}")))
    for si in unmatched:
        a = src[si][0]
        hit = next((ti for ti, tg in enumerate(tgt) if ti not in used and tg[0].family == a.family
                    and tg[0].kind == a.kind), None)
        if hit is None:
            verdicts.append((si, QuantityMatch(
                "missing", a, None, f"{_show(a)!r} of the source is missing from the target")))
            continue
        used.add(hit)
        b = tgt[hit][0]
        expected = _expected(a, b, target_locale)
        verdicts.append((si, QuantityMatch(
            "different", a, b,
            f"the source says {_show(a)!r}" + (f" (= {expected})" if expected else "")
            + f" but the target says {_show(b)!r}",
            expected,
        )))
    verdicts.sort(key=lambda item: item[0])
    out = [v for _, v in verdicts]
    for ti, tg in enumerate(tgt):
        if ti not in used:
            b = tg[0]
            out.append(QuantityMatch("added", None, b, f"{_show(b)!r} of the target is not in the source"))
    return out


def _expected(a: TextQuantity, b: TextQuantity, locale: str) -> str | None:
    """The source value in the target's unit, at the target's precision, formatted for the target."""
    if len(a.values) != 1:
        return None
    try:
        value = _convert(a.values[0], a.unit, b.unit, a.family)
    except UnitError:
        return None
    step = b.resolutions[0] if b.resolutions[0] < 1 else Decimal(1)
    value = (value / step).quantize(Decimal(1)) * step
    try:
        return format_quantity(value, b.unit, locale, family=b.family)
    except Exception:  # noqa: BLE001 - a display nicety only
        return None


# ---------------------------------------------------------------- rewriting

# a tag or an entity, not a space entity between two digits (`1&thinsp;000 mm`: the number's group mark)
_MARKUP = re.compile(rf"<[^<>]*>|(?!(?<=\d){GROUP_ENTITY}\d)&#?\w+;")

def rewrite_quantities(text: str, locale: str, units: MarketUnits, *, policy: str | None = None,
                       target_locale: str | None = None, keep_units: frozenset[str] = frozenset(),
                       kinds: tuple[Any, ...] = ()) -> RewriteResult:
    """Rewrite the quantities of `text` (written in `locale`) for the market `units` describes.

    Numbers are formatted for `target_locale` (default: the market's locale) because the
    rewritten spans are kept verbatim through translation. `keep` returns the text as is.
    Quantities in one of `keep_units` (Akeneo codes) stay as written: see `deliberate_units`.
    `kinds` (`units.kinds.UnitKind`) convert a quantity of their family as they say: product kinds
    (wine) every such quantity of the text, kinds with context words (a display diagonal) those
    with one of the words close by.
    """
    policy = policy or units.text_policy
    out_locale = target_locale or units.locale
    if policy == "keep" or not text:
        return RewriteResult(text)
    pieces: list[str] = []
    rewrites: list[Rewrite] = []
    problems: list[str] = []
    last = 0
    out_len = 0
    markup = [m.span() for m in _MARKUP.finditer(text)] if "<" in text or "&" in text else []
    found = find_quantities(text, locale)
    paired = _dual_declarations(text, found) if len(found) > 1 else ()
    for i, q in enumerate(found):
        if any(a < q.end and q.start < b for a, b in markup):
            continue  # inside a tag or an entity (`<img src="a-5g.png">`): not copy
        if i in paired or q.unit in keep_units or _conventional_mm(text, q) or _declared_nominal(text, q) \
                or _nominal_inch(text, q):
            continue
        kind = _text_kind(text, q, kinds) if kinds else None
        try:
            if kind is not None:
                converted = [units.convert_kind(v, q.unit, q.family, kind) for v in q.values]
            else:
                converted = [units.convert(v, q.unit, q.family) for v in q.values]
        except UnitError as exc:
            problems.append(f"{q.text!r}: {exc.message}")
            continue
        target_unit = converted[-1].unit
        if any(c.unit != target_unit for c in converted):  # a ladder split a range: use the last rung
            converted = [_force(units, v, q, target_unit) for v in q.values]
        if target_unit == q.unit:
            continue
        if q.spaced_head is not None:  # converted, it would publish a guess (`2 100 mm`: 2100 mm or 2 × 100 mm?)
            problems.append(_ambiguous(text, q, locale))
            continue
        new = _format_group([c.amount for c in converted], target_unit, q, out_locale, format_quantity)
        if policy == "both":
            original = _format_group(list(q.values), q.unit, q, out_locale, format_quantity)
            new = f"{new} ({original})"
        prefix = text[last:q.start]
        pieces.append(prefix)
        out_len += len(prefix)
        rewrites.append(Rewrite(q, new, (out_len, out_len + len(new)), target_unit, converted[0].rule))
        pieces.append(new)
        out_len += len(new)
        last = q.end
    pieces.append(text[last:])
    return RewriteResult("".join(pieces), tuple(rewrites), tuple(problems))


# Measures every market states in millimetres, US shops included: a jacket's hydrostatic head
# (`10,000 mm`, not `393.7 in`) and a running shoe's heel-to-toe drop (`an 8 mm drop`).
# Tool and fitting sizes are names in millimetres too: a 13 mm spanner (`SW 13 mm`, across flats) or a
# Ø 6 mm drill bit is not a 0.5 in or 0.2 in one (those are other tools: 12.7 mm, 5.08 mm).
_MM_CONTEXT = re.compile(
    r"hydrostatic|water[- ]?column|wassers[äa]ule|colonne d'eau|耐水圧|\bdrop\b|sprengung|heel[- ]to[- ]toe"
    r"|\bSW\b|schlüsselweite|across[- ]flats|\bA/F\b|sur plats|二面幅",
    re.I)
# The sign of a nominal diameter right before the number (`Ø 32 mm`, `Bohrer-Ø 6 mm`).
_DIAMETER_SIGN = re.compile(r"[Ø⌀∅]\s*(?:[:=]\s*)?$")
# A thread designation before its length (`M8 × 40 mm`, `M6x30 mm`, `1/4 in.-20 x 2 in.`, `1/4"-20 x 2"`):
# the length is part of the fastener's name.
_THREAD = re.compile(r"(?:\bM\d+(?:[.,]\d+)?|\d+/\d+\s*(?:in\.?|\"|″)?\s*-\s*\d+)\s*[xX×]\s*$")


_CLAUSE_END = re.compile(r"[.;,!?\n<>()\[\]|•·、。，；]\s|[;\n<>()\[\]|•·、。，；]")


def _ambiguous(text: str, q: TextQuantity, locale: str) -> str:
    """Why a quantity whose number may be the last group of a number grouped with plain spaces is not
    converted: either reading may be the writer's, and a guess would publish a wrong quantity."""
    head = text[q.spaced_head:q.start].rstrip()
    return (f"'{text[q.spaced_head:q.end]}': {locale} does not group digits with a space, so this is "
            f"{head.replace(' ', '')}{q.text} or {head} and {q.text}; not converted")


_CELL = re.compile(r"</?t[dh]\b[^<>]*>", re.I)


def _text_kind(text: str, q: TextQuantity, kinds: tuple[Any, ...]) -> Any:
    """The unit kind a quantity in copy belongs to: a product kind of its family, or a kind whose
    context words stand within a few words of it (`55-Zoll-Bildschirm`, `Bildschirmdiagonale: 139 cm`)."""
    window = None
    for kind in kinds:
        if q.family not in kind.families:
            continue
        if kind.product_words:
            return kind
        if kind.context is not None:
            if window is None:  # the quantity's own clause: `Screen diagonal: 139 cm, width 123 cm`
                # a table row is one clause: `<tr><td>Fett</td><td>12 g</td></tr>` names its quantity
                left = _CLAUSE_END.split(_CELL.sub(" ", text[max(0, q.start - 60):q.start]))[-1]
                right = _CLAUSE_END.split(_CELL.sub(" ", text[q.end:q.end + 30]))[0]
                window = f"{left} {right}"
            if kind.context.search(window):
                return kind
    return None


def _conventional_mm(text: str, q: TextQuantity) -> bool:
    """A millimetre quantity next to words of a measure that stays in mm in every market, a nominal
    diameter (`Ø 6 mm`), or (in any unit) the length of a thread designation (`M8 × 40 mm`, `1/4"-20 x 2"`)."""
    before = text[max(0, q.start - 16):q.start]
    if _THREAD.search(before):
        return True
    if q.unit != "MILLIMETER":
        return False
    if _DIAMETER_SIGN.search(before):
        return True
    window = text[max(0, q.start - 30):q.end + 25]
    return _MM_CONTEXT.search(window) is not None


_DUAL_JOIN = re.compile(r"\s*(?:[(/=|]|\)\s*\(?)?\s*")


def _dual_declarations(text: str, found: list[TextQuantity]) -> frozenset[int]:
    """Indexes of quantities the text states in two units side by side (`8 fl oz (236 ml)`, `250 ml / 8.4 fl.
    oz.`, `16 oz (1 lb) 454 g`): the writer gave both systems, so every market reads its own; converting
    one half wrote `237 ml (236 ml)` and `454 g (0,45 kg) 454 g`. Equal within 3 % and of one family."""
    out: set[int] = set()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.family != b.family or a.unit == b.unit or len(a.values) != 1 or len(b.values) != 1:
            continue
        if not _DUAL_JOIN.fullmatch(text, a.end, b.start):
            continue
        try:
            other = factor(a.unit, b.unit, a.family).apply(a.values[0])
        except Exception:  # noqa: BLE001 - no factor between them: not one quantity twice
            continue
        if b.values[0] and abs(other - b.values[0]) <= abs(b.values[0]) * Decimal("0.03"):
            out.update((i, i + 1))
    return frozenset(out)


# What an inch size names rather than measures: drives, shanks, chucks, pipe threads, hoses and wheels are
# sold by their nominal inch size in metric markets too (`1/4" Sechskant`, `1/2"-Schlauch`, `28 Zoll`); a 1/2"
# hose is not a 1.3 cm one (its bore is 13 mm, its thread 20.96 mm).
_INCH_NOMINAL = re.compile(
    r"hex|shank|drive|chuck|socket|ratchet|\bbits?\b|npt|bsp|thread|hose|fitting|connector|coupling|valve|pipe|"
    r"faucet|\bwheels?\b|\btires?\b|\btyres?\b|\brims?\b|sechskant|schaft|antrieb|vierkant|bohrfutter|ratsche|"
    r"gewinde|schlauch|anschluss|kupplung|ventil|\brohr|laufrad|reifen|felge|embout|douille|carré|filetage|raccord|"
    r"tuyau|\broues?\b|pneu|差込角|六角|ネジ|ホース|ビット|ホイール|タイヤ", re.I)


_UNIFIED_THREAD = re.compile(r"\s?-\s?\d+(?![\d.,/])")


def _nominal_inch(text: str, q: TextQuantity) -> bool:
    """An inch quantity beside the word of a fitting, drive or wheel it sizes (`1/4" hex shank`)."""
    if q.unit != "INCH" or q.kind != "single":
        return False
    if _UNIFIED_THREAD.match(text, q.end):
        return True  # `1/4"-20`: a Unified thread's diameter and threads per inch
    return _INCH_NOMINAL.search(text, max(0, q.start - 25), min(len(text), q.end + 25)) is not None


def _declared_nominal(text: str, q: TextQuantity) -> bool:
    """A quantity marked with the estimated sign (`500 g ℮`, EU 76/211/EEC): the nominal quantity the
    packer declares and is checked against. Converted (`17.6 oz ℮`) it would declare an amount nobody
    filled, so it stays as written in every market."""
    return text[q.end:q.end + 3].lstrip(" \u00a0\u202f").startswith("\u212e")


def deliberate_units(source_text: str, source_locale: str, source_units: MarketUnits) -> frozenset[str]:
    """Units the source copy uses although its own market would convert them: a German text that
    gives a display in inches (`1,1 Zoll`) or a bike wheel in `28 Zoll` chose the unit on purpose
    (screens, wheels and threads are measured in inches in metric markets too), so a translation
    of it keeps that unit in every market rather than turning it into `2,8 cm`."""
    if not source_text or not any(ch.isdigit() for ch in source_text):
        return frozenset()
    kept: set[str] = set()
    for q in find_quantities(source_text, source_locale):
        try:
            converted = source_units.convert(q.values[0], q.unit, q.family)
        except UnitError:
            continue
        if converted.unit != q.unit:
            kept.add(q.unit)
    return frozenset(kept)


def _force(units: MarketUnits, value: Decimal, q: TextQuantity, unit: str):  # type: ignore[no-untyped-def]
    rounding = units.rule_for(unit)
    amount = rounding.apply(factor(q.unit, unit, q.family).apply(value))
    return Converted(amount, unit, rounding.name, value, q.unit, q.family)


def _format_group(values: list[Decimal], unit: str, q: TextQuantity, locale: str, fmt) -> str:  # type: ignore[no-untyped-def]
    if len(values) == 1:
        return fmt(values[0], unit, locale, family=q.family)
    numbers = [format_number(v, locale) for v in values[:-1]]
    last = fmt(values[-1], unit, locale, family=q.family)
    joiner = "–" if q.kind == "range" else " × "
    return joiner.join(numbers + [last])


def spaced_groups_certain(texts: Iterable[str], locale: str) -> bool:
    """Whether the digits a typed space splits in `texts` (one segment's protected spans, written in
    `locale`) are digit groups for sure: one such number of them has `one_reading` (`1 000 mAh`), so its
    writer groups digits with spaces and `2 100 mm` beside it is 2100 mm too (`localize_numbers`)."""
    pattern = _number_regex(locale)
    return any(" " in m.group(0) and one_reading(m.group(0))
               for text in texts if " " in text for m in pattern.finditer(text))


_NATIVE_DIGIT = re.compile(r"(?![0-9])\d")


def localize_numbers(text: str, from_locale: str, to_locale: str, grouped: bool | None = None) -> str:
    """The numbers of `text`, written in `from_locale`'s conventions, rewritten in `to_locale`'s
    with the digits they have (`2,5 kg` -> `2.5 kg`, `1.500 g` -> `1,500 g`); units, fractions
    and everything else stay as written.

    The translate stage applies this to the protected quantities an engine hands back verbatim,
    so translated copy reads numbers the market's way and can be parsed in its locale. Digits a typed
    space splits are rewritten only when they are groups for sure (`grouped`: the caller knows, from the
    whole segment, `spaced_groups_certain`; None: from `text` alone): `1 000 mAh` -> `1.000 mAh`, and
    `1 920 x 1 080 px` (its writer groups digits with spaces); `3 100 g` stays as written, and the QA check
    and the convert stage send it to review in a market that does not group with a space.
    """
    from_style, to_style = number_style(from_locale), number_style(to_locale)
    if not text:
        return text
    # `٢٫٥` is read as `٢.٥` (one character for one) and written the target's way (Latin digits: `2.5`, `2,5`)
    read = as_read(text, from_locale)
    if from_style == to_style and read is text and (text.isascii() or _NATIVE_DIGIT.search(text) is None):
        return text  # the same marks and grouping (en-IN groups `1,00,000`, en-US not), Latin digits
    if grouped is None:
        grouped = " " not in text or spaced_groups_certain((text,), from_locale)
    pieces: list[str] = []
    last = 0
    for m in _number_regex(from_locale).finditer(read):
        raw = m.group(0)
        if "/" in raw or not raw[-1].isdigit():
            continue  # fractions and vulgar fractions read the same everywhere
        if raw[0] == "0" and raw[1:2].isdigit():
            continue  # `000` of `1 000 mAh` (a group, not the number 0): the digits stay as written
        if not grouped and " " in raw:
            continue  # `3 100 g` from fr-FR: 3100 g or 3 × 100 g? `3.100 g` would say which: kept as written
        parsed = _parse_unsigned(raw, from_style)
        if parsed is None:
            continue
        exponent = parsed.resolution.normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
        pieces.append(text[last:m.start()])
        pieces.append(format_number(parsed.value, to_locale, decimals=decimals))
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)
