"""Segments and protected markup: what the engine may translate, and what must come back intact.

A segment is one field value in one locale. Before it leaves the machine, every span that
must not be translated (placeholders `{x}` `%s` `{{x}}`, numbers with units, SKUs and EANs,
URLs, e-mail addresses, do-not-translate terms, the literal `\\n` sequences of Akeneo CSV
exports) is wrapped in an `<lz>` element that the engine is told to ignore
(`ignore_tags=lz`, and `translate="no"` in HTML mode). The engine still *sees* the span,
which keeps its grammar right ("500 g Mehl" stays a quantity of flour), but cannot change it.

Plain text goes in XML mode (escaped), HTML in HTML mode (tags survive, only text nodes
are scanned for spans). After translation `restore` checks that every protected span came
back exactly once (order may change); a failure raises `ProtectionError` and the caller
retries once with opaque placeholders (`<lz i="3"/>`, which engines keep even more reliably)
before flagging the segment. A broken translation is never published.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import unescape as _xml_unescape

from ..units.amounts import UNITS
from ..units.lexicon import CJK_RANGES, JOINING_WORD, QUOTE_OPENERS, quoted_number
from ..units.numbers import (
    INDIAN_GROUPS,
    NO_BREAK_SPACES,
    as_read,
    decimal_mark,
    decode_group_entities,
    group_marks,
    has_group_entity,
    indian_grouping,
    space_groups,
)

#: Characters from which a text is long copy (a description): copy a run repeats across its batches,
#: memoised apart from the one-off names and codes of every batch (translation service and pseudo engine).
LONG_TEXT = 256

#: Bump when the protection rules change: memory entries made under other rules are not reused.
#: p2: digit groups split by a typed or thin space are one span (`protection_version`: the key a segment names).
#: p3: a number without a unit grouped by the source locale's CLDR mark or a no-break space (`9,000` from en-US,
#: `9.000` from de-DE, `50\u00a0000`) is one span, and a space entity between digits of HTML copy is a group mark.
#: p4: a decimal number without a unit in the source locale's decimal mark (`Faktor 2,5` from de-DE, `4.4 stars`
#: from en-US, not `Android 4.4`: `decimal_in_context`) is one span, restored in the target's notation.
#: p5: a number written natively (`٢٫٥ kg`, `２．５ｋｇ`: `units.numbers.as_read`) is matched as its readers read it, and
#: `”` after a number is an inch mark as `″` and `"` are (`27” Monitor`).
#: p6: a number right against CJK text (`重さ2.5kg`, `幅30cm`, `500ml入り`) is a span as after a space, and a
#: number in quotes (`“27”`, `"27"`) is no inch quantity (`units.lexicon.quoted_number`); an INCI ingredient list is
#: one span (`_INCI`, n2: the same version, so `version_of` names it).
PROTECTION_VERSION = "p6"
_NATIVE = "p5"
_DECIMAL = "p4"
_GROUPED_BARE = "p3"
_SPACED_GROUPS = "p2"
_BEFORE_SPACED_GROUPS = "p1"
_INCI = "p6"  # an INCI ingredient list is one span (keyed apart so no memory entry made before serves it)

TAG = "lz"
IGNORE_TAGS = (TAG,)

# --- what is protected -------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\{\{\s*[\w.\-]+\s*\}\}"  # {{name}}
    r"|\{[\w.\-]*\}"  # {name}, {0}, {}
    r"|(?<![\d%])%(?:\(\w+\)|\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifuxXeEgGc@](?![a-zA-Z])"  # %s %1$s %(n)d
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_LITERAL_NEWLINE = re.compile(r"(?:\\r)?(?:\\n)+")

_UNITS = (
    # length, area, volume
    "mm|cm|dm|km|m|µm|nm|in|inch|inches|ft|yd|mi|m²|m2|cm²|cm2|m³|m3|cm³|cm3|ml|cl|dl|l|L|ltr|gal|qt|pt|fl\\.? ?oz"
    # mass
    "|mg|g|kg|t|lb|lbs|oz"
    # temperature, electricity, energy, power
    "|°C|°F|° ?C|° ?F|K|W|kW|mW|V|mV|kV|A|mA|mAh|Ah|Wh|kWh|kcal|kJ|cal|J|Hz|kHz|MHz|GHz|dB|lm|lx|bar|psi|Pa|hPa|kPa|N|Nm"
    # data, display, speed, time
    "|B|KB|kB|MB|GB|TB|Kbit|Mbit|Gbit|Mbps|Gbps|MP|px|dpi|ppi|rpm|U/min|km/h|mph|ms|min|h|s"
    # currencies written as codes or symbols
    "|EUR|USD|GBP|CHF|JPY|€|\\$|£|¥"
    # percent, angles, inches/feet as marks (`”`: p5)
    "|%|‰|°|″|\"|”"
)
_NUMBER = r"[-+±]?\d+(?:[.,\u202f\u00a0'’]\d{3})*(?:[.,]\d+)?"  # p1's; no thin space (p2's `spaced`)
# These patterns run on every text with a digit. The number with unit and the EAN begin with the
# character class of their first character, and only then look behind that character: a pattern that
# begins with a look-behind is tried at every position of the text, one that begins with a class only
# where the regex engine's own scan finds a character of the class (-22 % and -5 % per name with a digit;
# the SKU's class, capitals and digits, is in most names: that form was 9 % slower, so it is kept).
# They match what these did, at the same places (tests/translate/test_translate_span_patterns.py):
#   number with unit: (?<![\w.,]){_NUMBER}(?:\s?[x×]\s?{_NUMBER})*\s?(?:{_UNITS})(?![\w²³])
#                     |(?<![\w.,])(?:[€$£¥]|CHF|EUR|USD|GBP)\s?{_NUMBER}(?![\w])
#   EAN:              (?<![\w.,])(?:\d{8}|\d{12,14})(?![\w.,]\d|\w)
# ... and (p2) digit groups split by a space are one number: see `_number_with_unit`.
_NO_BREAK = "\u00a0\u202f"
#: Spaces that group digits in a source of any locale: a thin space (U+2009) is typed only as a group mark
#: (as the no-break ones, which `_NUMBER` has always read); a typed space groups only where the source
#: locale's CLDR group mark is a space (`SPACE_GROUPED`).
THIN_GROUPED = "\u2009"
SPACE_GROUPED = " \u2009"


@lru_cache(maxsize=16)
def _number_with_unit(spaces: str, bare: str = NO_BREAK_SPACES, decimal: str = "",
                      indian: bool = False) -> re.Pattern[str]:
    """The number-with-unit span pattern whose digit groups may also be split by `spaces` (`THIN_GROUPED`
    or `SPACE_GROUPED`): `1 000 mAh`, `12 345,67 €`, `1 920 x 1 080 px` are one span, never `000 mAh` after a
    `1` that an engine may move away (and a restore would then write `1 000` in the target's notation only
    in part). So is such a number without a unit (`50 000 pages`, `10 000:1`): the engine cannot split or
    regroup it, and the restore writes it the target's way, as the readers read it (`units.amounts`: one
    number in a locale that groups with a space). A group so split has a head of one to three digits and
    at least one of `spaces`; anything else is matched by the p1 alternatives, so a span differs from p1's
    only where it holds such a group (`protection_version`). A p1 alternative and a spaced one never both match at one start (after its
    digits p1 needs a mark, an `x` or a unit, the other a space and a digit), so p1's go first: most
    numbers are matched without trying the other (protect: +3-7 % CPU with the spaced ones first).

    p3, last (`(?P<bare>...)`): a number without a unit whose digit groups `bare` splits (the source locale's
    `units.numbers.group_marks`: its CLDR mark when `.`, `,` or an apostrophe, and the no-break spaces), with a
    `decimal` part: `9,000 pages` from en-US, `9.000 Seiten` from de-DE, `50\u00a0000 pages`. Its marks are the
    source's group marks, so it has one reading (`1,000` from de-DE, where `,` is the decimal mark, is not
    matched), and the restore writes it the target's way as a real engine would. Not a version (`2.0.1`),
    a date (`01.02.2024`): a mark and a digit after the last group end no such number; not a code's part
    (`A-1.000`: a letter and a hyphen before it), but a range's (`ISO 100-12,800`). Tried only where every
    other alternative failed, so a segment without such a match is protected exactly as by p2. With `indian`
    (a source grouped as CLDR writes en-IN: `units.numbers.indian_grouping`), `1,00,000` and `12,34,567` are such
    a number too (`units.numbers.INDIAN_GROUPS`)."""
    w = JOINING_WORD  # `\w` without CJK: `重さ2.5kg` is a quantity as `Gewicht 2,5 kg` is (p6)
    spaced = rf"(?:[{_NO_BREAK}]\d{{3}})*[{spaces}]\d{{3}}(?:[{_NO_BREAK}{spaces}]\d{{3}})*(?!\d)"
    fraction = rf"(?:{re.escape(decimal)}\d+)?" if decimal else ""
    twos = rf"(?<!\d\d\d)\d?{INDIAN_GROUPS}|" if indian else ""  # a head of one or two digits, then twos
    p3 = (rf"|(?<=\d)(?<![^\W\d]-\d)(?P<bare>{twos}\d{{0,2}}(?:[{re.escape(bare)}]\d{{3}})+){fraction}"
          rf"(?!{w}|[²³]|[.,'’]\d)") if bare else ""
    if decimal:  # p4, last: a decimal without a unit (`decimal_in_context` decides on its context)
        p3 += rf"|(?<=\d)(?<![^\W\d]-\d)\d*(?P<decimal>{_decimal_tail(decimal)})"
    number = rf"[-+±]?(?:\d{{1,3}}{spaced}|\d+(?:[.,\u202f\u00a0'’]\d{{3}})*)(?:[.,]\d+)?"
    unit = rf"(?:\s?[x×]\s?{number})*\s?(?:{_UNITS})(?!{w}|[²³])"
    after = rf"(?:[.,\u202f\u00a0'’]\d{{3}})*(?:[.,]\d+)?{unit}"
    return re.compile(
        rf"[-+±\d€$£¥CEUG](?<![.,][\s\S])(?<!{w}[\s\S])"  # a sign, a digit or a currency's first character, not inside a word
        rf"(?:(?<=\d)\d*{after}"  # a number with a unit (a digit read)
        rf"|(?<=\d)\d{{0,2}}{spaced}(?:[.,]\d+)?(?:{unit}|(?!{w}|[²³]))"  # digit groups split by a space
        rf"|(?<=[-+±])\d+{after}"  # (a sign read)
        rf"|(?<=[-+±])\d{{1,3}}{spaced}(?:[.,]\d+)?(?:{unit}|(?!{w}|[²³]))"
        rf"|(?:(?<=[€$£¥])|(?<=C)HF|(?<=E)UR|(?<=U)SD|(?<=G)BP)\s?{number}(?!{w})"  # a currency, then a number
        rf"{p3})"  # a number without a unit grouped by the source's marks (p3)
    )


def _decimal_tail(decimal: str) -> str:
    """After the integer digits: a decimal part in the source's `decimal` mark, not followed by another mark and
    a digit (a version `2.0.1`, a date `01.02.2024`, a list `1,2,3`), a letter or a digit (a code `2.5G`), but
    maybe by a multiplier (`2.5x zoom`, `2,5× Vergrößerung`). Which of these are decimals: `decimal_in_context`."""
    return rf"{re.escape(decimal)}\d+(?![.,'’]\d|[²³]|[x×]\w|\w(?<![x×]))"


def one_reading_decimal(number: str) -> bool:
    """Whether `number` (digits, one `.` or `,`, digits) is a decimal in every reading: not three digits after an
    integer of one to three that does not start with 0 (`1,000`, `1.500`: a digit group copied from another
    notation, or a decimal?)."""
    integer, _, fraction = number.rpartition("," if "," in number else ".")
    return not (len(fraction) == 3 and len(integer) <= 3 and not integer.startswith("0"))


#: A word just before a number, and the first character of one just after it (`factor 2.5`, `4.4 stars`).
_WORD_BEFORE = re.compile(r"([^\W\d_][\w’'-]*)[ \u00a0]+\Z")
_WORD_AFTER = re.compile(r"[ \u00a0-]([^\W\d_])")
#: Words that say the number after them is a version (any case), in the languages of the catalogues read so far.
VERSION_WORDS = frozenset({"v", "ver", "vers", "version", "versions", "versión", "versione", "versão", "versie",
                           "wersja", "verze", "release", "rel", "rev", "revision", "révision", "build", "firmware",
                           "fw", "sdk", "api", "os", "update", "patch", "edition", "édition", "ausgabe", "stand"})
#: A label's last word, before its colon (`HDMI version`)
_LABEL_END = re.compile(r"([^\W\d_][\w’'-]*)[ \u00a0]*\Z")
#: The first number of a range and its dash, just before a number (`4.5 - `, `0,8–`)
_RANGE_LOW = re.compile(r"(?<![\w.,])(\d+[.,]\d+)[ \u00a0]?[-–][ \u00a0]?\Z")
#: A multiplier after a number, then a space or the end (`2.5x zoom`; not a name's `802.1x`)
_MULTIPLIER = re.compile(r"[x×](?:[ \u00a0]|\Z)")
#: One digit, a point, 0 or 1: a version or an audio channel layout (`USB 2.0`, `2.1 speakers`) as often as a decimal
_NAMED_POINT = re.compile(r"\d\.[01]")
#: What a number without a word before it may follow and still be read by the word after it: the start of the
#: text, a line, a sentence, a list item or a bracket (`<b>4.4 stars`, `- 1.5 metres`, `(2.5 times)`).
_OPENERS = frozenset("([{,;:.!?>\n•*–—")


def decimal_in_context(text: str, start: int, end: int, *, unit_words: bool = True) -> bool:
    """Whether `text[start:end]`, a number with a decimal part in the source locale's decimal mark and no unit,
    is a decimal quantity (protected, written in the target's notation: `Faktor 2,5` -> `factor 2.5`) rather than
    a version or a name's number, which stays as written (`Android 4.4`, `USB 3.0`, `iOS 17.1`).

    By kind: a decimal COMMA is never a version's mark (versions and model numbers are written with dots in
    every language), so from a source whose decimal mark is a comma it is a decimal. A decimal DOT is both:
    a decimal when a multiplier follows (`2.5x zoom`), after a label's colon (`Width: 368.5`), or when the word before it has no capital (`factor 2.5`,
    `rated 4.4`, `倍率 2.5`), or, with no word before it, when a word without a capital follows (`4.4 stars`); a word with a
    capital or a digit before it names a thing with a version (`Android 4.4`, `Bluetooth 5.0`, `PCIe 4.0`),
    and a capital after the number reads as a name (`4.4 KitKat`), and so does a number after a version word
    (`VERSION_WORDS`: `version 2.2`, `v 6.7`) or before a multiplier after three digits (`802.1x`): those stay
    as written, as they did before
    p4 (what an engine does with them is its own reading: `Rated 4.4 stars` at a sentence start is such a case),
    and so do `d.0` and `d.1` (`USB 2.0`, `a 2.0 speaker system`, `5.1 surround`: as often a name as a decimal).
    Either mark: three digits after an integer of one to three (`1,000` from de-DE, `1.500` from en-US) may be a
    copied digit group: left as written (`units.numbers.group_marks`)."""
    number = text[start:end]
    if not one_reading_decimal(number):
        return False
    if "," in number:
        return True
    if text[end:end + 1] in ("x", "×"):  # a multiplier (`2.5x zoom`), or a standard's name (`802.1x`)
        return _MULTIPLIER.match(text, end) is not None and len(number.partition(".")[0]) <= 2
    unit = _WORD_AFTER.match(text, end) if unit_words else None
    if unit is not None and _unit_word(text, unit.start(1)):
        return True  # a unit written as a word after it (`16.0 Megapixel`, `2.0 inches`): a quantity, `d.0` too (p5)
    if _NAMED_POINT.fullmatch(number):
        return False  # `2.0`, `5.1`, `3.0`: a version or a channel layout (`USB 2.0`, `5.1 surround`) as often
    before = _WORD_BEFORE.search(text, max(0, start - 48), start)
    if before is not None:
        word = before.group(1)
        if word.casefold() in VERSION_WORDS:
            return False  # `version 2.2`, `v 6.7`, `firmware 1.5`
        return not any(c.isupper() or c.isdigit() for c in word)  # (a script without case: a word)
    lead = text[:start].rstrip()
    if lead[-1:] == ":":  # a label's value (`Width: 368.5`), not a version's (`HDMI version: 1.3`)
        label = _LABEL_END.search(text, max(0, len(lead) - 48), len(lead) - 1)
        return label is None or label.group(1).casefold() not in VERSION_WORDS
    low = _RANGE_LOW.search(text, max(0, start - 32), start)
    if low is not None:  # a range's second number reads as its first (`4.5 - 22.5`)
        return decimal_in_context(text, low.start(1), low.end(1))
    if lead and lead[-1] not in _OPENERS:
        return False  # after a sign, a range's dash, a mark (`ENERGY STAR® 5.0`), a code's part: not read here
    following = _WORD_AFTER.match(text, end)
    return following is not None and not following.group(1).isupper()


_WORD = re.compile(r"[^\W\d_]+")


#: Units written as words that no converter or QA reader needs (a number before them is compared as a number:
#: QA reads `3-megapixel` and `3 megapiksele` alike only while neither side's word is a unit it knows)
_MORE_UNIT_WORDS = frozenset({"megapixel", "megapixels", "mégapixels", "megapíxeles", "megapixeln", "watt", "watts",
                              "volt", "volts"})


def _unit_word(text: str, start: int) -> bool:
    """Whether the word at `start` is a unit written as a word (`Megapixel`, `inches`, `Kilogramm`: the units the
    QA readers know, `units.amounts.UNITS`, and `_MORE_UNIT_WORDS`), not a name (`Android 4.4 KitKat`, `USB 3.0
    Port`)."""
    word = _WORD.match(text, start)
    if word is None or len(word.group()) <= 3:
        return False
    folded = word.group().casefold()
    return folded in UNITS or folded in _MORE_UNIT_WORDS


_NUMBER_WITH_UNIT = _number_with_unit(THIN_GROUPED)
_SPACED_IN_SPAN = re.compile(r"\d[ \u2009]\d")


@lru_cache(maxsize=64)
def quantity_pattern(locale: str) -> re.Pattern[str]:
    """The number-with-unit pattern of a source text in `locale`: its digit groups may be split by a thin space,
    and by a typed space where the locale's CLDR group mark is a space (`_number_with_unit`); a number without
    a unit is one span when the locale's group marks split it (`units.numbers.group_marks`, p3)."""
    if not locale:
        return _NUMBER_WITH_UNIT
    return _number_with_unit(SPACE_GROUPED if space_groups(locale) else THIN_GROUPED, group_marks(locale),
                             decimal_mark(locale), indian_grouping(locale))


def protection_version(segment: Protected) -> str:
    """The protection version a memory key of `segment` names. p2 made digit groups split by a typed or
    thin space one span (`_number_with_unit`); its number pattern tries p1's alternatives first at every
    start, so where none of its matches holds such a group it matches what p1 matched, and the segment is
    protected exactly as by p1 (same wire, same spans, same restore): it keeps the key "p1", and a memory
    made before p2 still serves it, not billed again. Only a segment where the pattern matched such a group
    (`Batterie 1 000 mAh` from fr-FR, which p1 sent as `1 <lz>000 mAh</lz>`) is keyed p2: translated and billed
    once more. (Decided on the matches, not on the spans kept: a match dropped for an earlier overlapping
    span, as `121 000mAh` for the SKU `A-121`, still leaves out p1's `000mAh`.)"""
    return segment.version


_EAN = re.compile(r"\d(?<![\w.,]\d)(?:\d{7}|\d{11,13})(?![\w.,]\d|\w)")
# An SKU-like code: capitals and digits (both present), optionally joined by - _ . /
_SKU = re.compile(r"(?<![\w-])(?=[A-Z0-9._/-]*\d)(?=[A-Z0-9._/-]*[A-Z])[A-Z0-9]+(?:[-_./][A-Z0-9]+)*(?![\w-])")

_HTML_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_HTML_TAG = re.compile(r"</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>")
_WRAPPED = re.compile(rf"<{TAG}(?:\s[^>]*)?>(.*?)</{TAG}\s*>", re.S)
_OPAQUE = re.compile(rf"<{TAG}\s+i=\"(\d+)\"\s*/>")
_ANY_TAG_REST = re.compile(rf"</?{TAG}\b[^>]*>")
_OPEN, _CLOSE = f"<{TAG}", f"</{TAG}"  # what `_WRAPPED` and `_ANY_TAG_REST` need to match at all
_ENTITY = re.compile(r"&#?\w+;")


def is_html(text: str) -> bool:
    """True when the value contains HTML tags (sent with `tag_handling="html"`)."""
    return bool(_HTML_TAG.search(text))


def normalise(text: str) -> str:
    """The text a memory key is computed from: NFC, LF line ends, Akeneo's literal `\\n`
    read as a line break, outer whitespace removed. Same meaning, same key."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\\r\\n", "\n").replace("\\n", "\n")
    return text.strip()


class ProtectionError(ValueError):
    """A translation lost, duplicated or altered a protected span."""

    def __init__(self, missing: list[str], extra: list[str]) -> None:
        self.missing = missing
        self.extra = extra
        parts = []
        if missing:
            parts.append("missing " + ", ".join(repr(s) for s in missing))
        if extra:
            parts.append("unexpected " + ", ".join(repr(s) for s in extra))
        super().__init__("protected span(s) not returned exactly once: " + "; ".join(parts))


@dataclass(frozen=True, slots=True)
class Protected:
    """A segment ready for the engine. `wire` is what is sent; `spans` what must come back."""

    source: str  # the original value
    wire: str  # protected text sent to the engine (no outer whitespace)
    spans: tuple[str, ...]  # protected spans, in order of appearance
    html: bool
    lead: str = ""  # outer whitespace, re-applied after translation
    trail: str = ""
    #: the protection rules its memory keys name (`protection_version`)
    version: str = "p1"

    @property
    def tag_handling(self) -> str:
        return "html" if self.html else "xml"

    @property
    def has_text(self) -> bool:
        """False when nothing is left to translate (only spans, tags, punctuation, digits)."""
        # each pass only where its pattern can match (`<lz`, `<`, `&`): most copy has no span or entity
        rest = _WRAPPED.sub(" ", self.wire) if _OPEN in self.wire else self.wire
        if self.html and "<" in rest:
            rest = _HTML_TOKEN.sub(" ", rest)
        if "&" in rest:
            rest = _ENTITY.sub(" ", rest)
        return any(ch.isalpha() for ch in rest)

    def opaque(self) -> str:
        """The same segment with each span replaced by an empty `<lz i="N"/>` (the retry form)."""
        counter = iter(range(len(self.spans)))
        return _WRAPPED.sub(lambda m: f'<{TAG} i="{next(counter)}"/>', self.wire)


# An INCI ingredient list (EU 1223/2009 art. 19: the international names, never translated): four or more
# capitalised names joined by commas (`AQUA, GLYCERIN, CAPRYLIC/CAPRIC TRIGLYCERIDE, …, CI 42090`) that hold a
# name only an ingredient list has. A real engine translates `AQUA` to `WASSER` and `PARFUM` to `FRAGRANCE`.
_INCI_NAME = r"[A-Z0-9][A-Z0-9\-/.()']*(?: [A-Z0-9(][A-Z0-9\-/.()']*)*"
_INCI_LIST = re.compile(rf"(?<![\w-]){_INCI_NAME}(?:, ?{_INCI_NAME}){{3,}}(?![\w-])")
_INCI_HINT = re.compile(r"[A-Z]{3,}, ?[A-Z]{3,}").search
_INCI_HALLMARK = re.compile(r"\b(?:AQUA|PARFUM|GLYCERIN|SODIUM|ALCOHOL|TOCOPHEROL|LIMONENE|LINALOOL|CITRIC ACID|"
                            r"CETEARYL|DIMETHICONE|PHENOXYETHANOL|BUTANE|CI \d{5})\b").search


def find_spans(text: str, terms: Iterable[str] = (), patterns: list[re.Pattern[str]] | None = None,
               locale: str = "", versions: list[str] | None = None, spaced: bool = True) -> list[tuple[int, int]]:
    """Non-overlapping protected spans in plain text, earliest (and then longest) first. `patterns`:
    `_patterns_for(text, ...)` when the caller has it already; else those of a source in `locale`
    (its digit groups: `quantity_pattern`). With `versions`, the protection version a match asks for is
    appended to it (`protection_version`, decided on every match, kept or not): "p3" when a match is a number
    without a unit grouped by the source's marks (`bare`), "p2" when one holds digits a typed or thin space splits
    (looked for only with `spaced`: where the source groups with a space or the text has a thin space, as p2 did)."""
    found: list[tuple[int, int]] = []
    for pattern in _patterns_for(text, quantity_pattern(locale)) if patterns is None else patterns:
        for match in pattern.finditer(text):
            span = match.span()
            if span[1] > span[0]:
                if pattern is _INCI_LIST:
                    if not _INCI_HALLMARK(match.group(0)):
                        continue
                    if versions is not None:
                        versions.append(_INCI)
                if match.lastgroup == "decimal":  # a version or a decimal? (p4, read in its context)
                    if not decimal_in_context(text, *span):
                        continue
                    if versions is not None:
                        after = _WORD_AFTER.match(text, span[1])
                        # p5 where only the unit word after it makes it a decimal (`16.0 Megapixel`; `1,5 Liter` was p4)
                        by_unit = after is not None and _unit_word(text, after.start(1)) \
                            and not decimal_in_context(text, *span, unit_words=False)
                        versions.append(_NATIVE if by_unit else _DECIMAL)
                if text[span[1] - 1] in QUOTE_OPENERS and quoted_number(text, *span):
                    if versions is not None:
                        versions.append(PROTECTION_VERSION)  # p6: `“27”` is a number in quotes
                    continue
                found.append(span)
                if versions is not None:
                    if text[span[1] - 1] == "”":
                        versions.append(_NATIVE)  # p5: `27”`
                    if _CJK_CHAR(text[span[0] - 1:span[0]] + text[span[1]:span[1] + 1]):
                        versions.append(PROTECTION_VERSION)  # p6: `重さ2.5kg`
                if versions is not None and match.lastgroup == "bare":
                    versions.append(_GROUPED_BARE)
    if terms:  # most texts have no term in them (`protect` passes only those found in the text)
        term_re = _terms_pattern(tuple(sorted(set(t for t in terms if t.strip()), key=lambda t: (-len(t), t))))
        if term_re is not None:
            found.extend(m.span() for m in term_re.finditer(text))
    if versions is not None and spaced:
        for start, stop in found:
            if _SPACED_IN_SPAN.search(text, start, stop) is not None:
                versions.append(_SPACED_GROUPS)
                break
    if len(found) < 2:  # nothing to order or to drop
        return found
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int]] = []
    end = -1
    for start, stop in found:
        if start >= end:
            chosen.append((start, stop))
            end = stop
    return chosen


def _patterns_for(text: str, quantities: re.Pattern[str] = _NUMBER_WITH_UNIT) -> list[re.Pattern[str]]:
    """The span patterns that can match in `text`: each needs a character (a digit, `@`, `{`,
    `%`, `\\`, `:` or `www.`) that plain words lack, and a membership test is far cheaper than a
    regex scan. The patterns keep their order, so the spans found are the same. `quantities`: the
    source locale's number-with-unit pattern (`quantity_pattern`)."""
    out: list[re.Pattern[str]] = []
    if "://" in text or "www." in text:
        out.append(_URL)
    if "@" in text:
        out.append(_EMAIL)
    if "{" in text or "%" in text:
        out.append(_PLACEHOLDER)
    if "\\" in text:
        out.append(_LITERAL_NEWLINE)
    if _HAS_DIGIT(text) is not None:
        out += (quantities, _EAN, _SKU)
    if "," in text and _INCI_HINT(text) is not None:
        out.append(_INCI_LIST)  # last: a quantity or code inside the list is the list's (the longest span wins)
    return out


_HAS_DIGIT = re.compile(r"\d").search
_CJK_CHAR = re.compile(f"[{CJK_RANGES}]").search

_TERMS_CACHE: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if terms not in _TERMS_CACHE:
        if not terms:
            _TERMS_CACHE[terms] = None
        else:
            alternatives = "|".join(re.escape(t.strip()) for t in terms)
            _TERMS_CACHE[terms] = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return _TERMS_CACHE[terms]


def protect(text: str, *, html: bool | None = None, terms: Iterable[str] = (), locale: str = "") -> Protected:
    """Wrap every protected span of `text` for the engine.

    `html=None` detects HTML. `terms` are do-not-translate terms (brand and product names,
    the product's identifier), matched case-sensitively as whole words. `locale`: the source's, whose
    CLDR group mark says whether a typed space groups digits (`1 000 mAh` is one span from fr-FR; from
    en-US, where it may be 1 × 000 mAh, `000 mAh` is, as in p1); "" reads as a locale that does not.
    """
    if html is None:
        html = is_html(text)
    stripped = text.strip()
    if stripped is text:  # no outer whitespace (`strip` gave the text itself)
        lead = trail = ""
    else:
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
    # Only the terms the text contains can match: the pattern (compiled once per set of terms)
    # then depends on the text, not on every product's own terms (its identifier).
    terms = tuple(t for t in terms if t.strip() and t.strip() in text) if terms else ()
    quantities = quantity_pattern(locale)
    # numbers written natively (`٢٫٥ كغ`, `２．５ｋｇ`) are matched as their readers read them, and protected as written
    read = as_read(stripped, locale)
    patterns = _patterns_for(read, quantities)
    if not terms and not patterns:
        # No span can match anywhere (each pattern needs a character the text lacks; every piece is a
        # part of it): the wire is the text itself, escaped as plain text. Most copy, long descriptions too.
        return Protected(source=text, wire=stripped if html else _xml_escape(stripped), spans=(), html=html,
                         lead=lead, trail=trail)
    spans: list[str] = []
    out: list[str] = []
    versions: list[str] = []  # what the matches ask for (`protection_version`)
    # where p2 may differ from p1: a source whose typed spaces group digits, or a thin space in the text
    spaced = space_groups(locale) or "\u2009" in stripped
    if html:
        for piece in _HTML_TOKEN.split(stripped):
            if not piece:
                continue
            if _HTML_TOKEN.fullmatch(piece):
                out.append(piece)
                continue
            if has_group_entity(piece):  # `1&thinsp;000 mAh`: the entity is the number's group mark (p3)
                piece = decode_group_entities(piece)
                versions.append(_GROUPED_BARE)
            piece_read = as_read(piece, locale) if read is not stripped else piece
            out.append(_wrap(piece, terms, spans, escape=False, attr=' translate="no"',
                             patterns=_patterns_for(piece_read, quantities), versions=versions, spaced=spaced,
                             read=piece_read))
    else:
        out.append(_wrap(stripped, terms, spans, escape=True, attr="", patterns=patterns, versions=versions,
                         spaced=spaced, read=read))
    return Protected(source=text, wire="".join(out), spans=tuple(spans), html=html, lead=lead, trail=trail,
                     version=version_of(versions))


def version_of(versions: list[str]) -> str:
    """The protection version a segment's memory keys name: the latest its matches asked for (`find_spans`)."""
    return (PROTECTION_VERSION if PROTECTION_VERSION in versions else _NATIVE if _NATIVE in versions
            else _DECIMAL if _DECIMAL in versions
            else _GROUPED_BARE if _GROUPED_BARE in versions else _SPACED_GROUPS if versions
            else _BEFORE_SPACED_GROUPS)


def _wrap(text: str, terms: tuple[str, ...], spans: list[str], *, escape: bool, attr: str,
          patterns: list[re.Pattern[str]] | None = None, versions: list[str] | None = None,
          spaced: bool = True, read: str | None = None) -> str:
    """`text` with its spans wrapped (appended to `spans`); the version each match asks for appended to
    `versions` (`find_spans`, `protection_version`: decided on every match, kept or not). `read`: `text` as
    its readers read it (`units.numbers.as_read`, the same length), where the spans are found."""
    found = find_spans(text if read is None else read, terms, patterns, versions=versions, spaced=spaced)
    if not found:  # nothing protected (most copy without digits)
        return _xml_escape(text) if escape else text
    if read is not None and read is not text and versions is not None \
            and any(read[start:stop] != text[start:stop] for start, stop in found):
        versions.append(_NATIVE)  # p5: a number written natively is one span
    esc = _xml_escape if escape else (lambda s: s)
    pos = 0
    parts: list[str] = []
    for start, stop in found:
        parts.append(esc(text[pos:start]))
        span = text[start:stop]
        spans.append(span)
        parts.append(f"<{TAG}{attr}>{esc(span)}</{TAG}>")
        pos = stop
    parts.append(esc(text[pos:]))
    return "".join(parts)


def is_quantity(span: str, locale: str = "") -> bool:
    """True for a protected number with a unit (`2,5 kg`, `10 x 20 cm`, `€ 24,90`) or digit groups a space
    splits (`50 000`), whose numbers the restore writes the target's way; not a code. `locale`: the source's,
    as for `protect` (`1 000 mAh` and `50 000` are one from fr-FR)."""
    match = quantity_pattern(locale).fullmatch(span)
    if match is None:
        return False
    return match.lastgroup != "decimal" or one_reading_decimal(span)  # its context was read when protected


def restore(translated: str, segment: Protected, *, opaque: bool = False,
            rewrite: Callable[[str], str] | None = None) -> str:
    """The engine's output with the protection removed, after checking every span came back.

    Raises `ProtectionError` if a span is missing, duplicated or altered. `opaque=True` reads
    the retry form (`<lz i="N"/>`), whose spans are put back by index. `rewrite` maps each span
    as it is put back (the checks compare the original spans).
    """
    if not opaque and not segment.spans and _OPEN not in translated and _CLOSE not in translated:
        # nothing protected, and no <lz> element or tag the checks below could find (most answers)
        body = translated if segment.html else _unescape_xml(translated)
        return segment.lead + body.replace("\x00", "").strip() + segment.trail
    put = rewrite or _itself
    if opaque:
        indices = [int(m.group(1)) for m in _OPAQUE.finditer(translated)]
        counts = Counter(indices)
        expected = range(len(segment.spans))
        missing = [segment.spans[i] for i in expected if counts[i] == 0]
        extra = [segment.spans[i] if i < len(segment.spans) else f"#{i}" for i, n in sorted(counts.items()) if n > 1 or i >= len(segment.spans)]
        if missing or extra:
            raise ProtectionError(missing, extra)
        body = _OPAQUE.sub(lambda m: f"\x00{m.group(1)}\x00", translated)
        if _ANY_TAG_REST.search(body):
            raise ProtectionError([], ["a damaged <lz> tag"])
        if not segment.html:
            body = _xml_unescape(body, {"&quot;": '"', "&apos;": "'"})
        body = re.sub("\x00(\\d+)\x00", lambda m: put(segment.spans[int(m.group(1))]), body)
    else:
        unescape = _no_unescape if segment.html else _unescape_xml
        returned = [unescape(m.group(1)) for m in _WRAPPED.finditer(translated)]
        if returned != list(segment.spans):  # the same spans in the same order: nothing to count
            want, got = Counter(segment.spans), Counter(returned)
            if want != got:
                raise ProtectionError(sorted((want - got).elements()), sorted((got - want).elements()))
        if rewrite is None:
            body = _WRAPPED.sub(lambda m: "\x00" + m.group(1) + "\x00", translated)
        else:
            reescape = (lambda s: s) if segment.html else _xml_escape
            body = _WRAPPED.sub(lambda m: "\x00" + reescape(put(unescape(m.group(1)))) + "\x00", translated)
        if _ANY_TAG_REST.search(body):
            raise ProtectionError([], ["a damaged <lz> tag"])
        body = unescape(body).replace("\x00", "")
    return segment.lead + body.strip() + segment.trail


def _no_unescape(text: str) -> str:
    return text


_itself = _no_unescape


def _unescape_xml(text: str) -> str:
    if "&" not in text:  # every entity starts with it (most answers have none)
        return text
    return _xml_unescape(text, _XML_ENTITIES)


_XML_ENTITIES = {"&quot;": '"', "&apos;": "'"}


def newline_style_like(target: str, source: str) -> str:
    """Write line breaks in `target` the way `source` does (Akeneo's literal `\\n` or real ones)."""
    if "\\n" in source and "\n" not in source:
        return target.replace("\r\n", "\n").replace("\n", "\\n")
    if "\n" in source and "\\n" not in source:
        return target.replace("\\n", "\n")
    return target
