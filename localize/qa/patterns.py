"""Tokenizers the translation checks share: HTML tags, placeholders, URLs, e-mails, brackets, quotes.

Every function is pure and memoised on the text (a feed repeats the same strings a lot),
and each one does a cheap character test first so plain copy costs almost nothing.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import NamedTuple

from ..memo import text_memoised
from ..sanitize import closed_names, may_hold_text_tag, written_as_text

# --- HTML tags --------------------------------------------------------------------------

TAG_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s=<>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s<>\"']+))?)*)\s*(/?)>"
)
ATTR_RE = re.compile(r"([^\s=<>/\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s<>\"']+))?")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
# Attribute values a translator is expected to translate: compared by presence, not value.
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "label", "summary", "abbr"})


class Tag(NamedTuple):
    """One tag: `kind` is open, close or void; attrs are (name, value) sorted by name."""

    kind: str
    name: str
    attrs: tuple[tuple[str, str], ...]
    start: int
    end: int

    def signature(self) -> str:
        """The tag as compared between source and target (translatable attribute values elided)."""
        if self.kind == "close":
            return f"</{self.name}>"
        parts = [self.name]
        for key, value in self.attrs:
            parts.append(f'{key}="…"' if key in TRANSLATABLE_ATTRIBUTES else f'{key}="{value}"')
        return "<" + " ".join(parts) + ">"


@text_memoised(8192, 8_000_000)
def tags(text: str) -> tuple[Tag, ...]:
    """The HTML/XML tags of a text, in order (comments skipped)."""
    if "<" not in text:
        return ()
    scan = COMMENT_RE.sub(lambda m: " " * len(m.group(0)), text) if "<!--" in text else text
    out = []
    text_tags = may_hold_text_tag(scan)
    for m in TAG_RE.finditer(scan):
        closing, name, attr_text, self_closing = m.groups()
        if text_tags and not closing and _written_as_text(scan, m.end(), name, attr_text + self_closing):
            continue  # `Größe <XL>`: text its author wrote (published escaped, `sanitize.written_as_text`)
        name = name.lower()
        attrs = tuple(
            sorted((a.lower(), _unquote(v) if v is not None else "") for a, v in ATTR_RE.findall(attr_text))
        ) if attr_text else ()
        if closing:
            kind = "close"
        elif self_closing or name in VOID_ELEMENTS:
            kind = "void"
        else:
            kind = "open"
        out.append(Tag(kind, name, attrs, m.start(), m.end()))
    return tuple(out)


_RAW_TAG = re.compile(r"<[^<>]+>")


@text_memoised(8192, 4_000_000)
def raw_tags(text: str) -> tuple[str, ...]:
    """Tag-like spans exactly as written: when source and target have the same ones, their tags
    are the same and nest the same way, and nothing needs parsing (the common case)."""
    if "<" not in text:
        return ()
    return tuple(_RAW_TAG.findall(text))


@text_memoised(8192, 4_000_000)
def signatures(text: str) -> tuple[str, ...]:
    """The tags of a text as compared between source and target, in order."""
    return tuple(t.signature() for t in tags(text))


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return html.unescape(value[1:-1])
    return html.unescape(value)


def nesting_problem(found: tuple[Tag, ...]) -> tuple[str, Tag | None] | None:
    """The first nesting error of a tag sequence (message and tag), or None when well formed."""
    stack: list[Tag] = []
    for tag in found:
        if tag.kind == "void":
            continue
        if tag.kind == "open":
            stack.append(tag)
            continue
        if not stack:
            return f"</{tag.name}> closes nothing", tag
        if stack[-1].name != tag.name:
            if any(t.name == tag.name for t in stack):
                return f"</{tag.name}> closes before the inner <{stack[-1].name}>: tags overlap", tag
            return f"</{tag.name}> closes <{stack[-1].name}>", tag
        stack.pop()
    if stack:
        return f"<{stack[-1].name}> is never closed", stack[-1]
    return None


_MARKUP_SPAN = re.compile(r"<!--.*?-->|</?([A-Za-z][^\s/<>]*)([^<>]*)>", re.S)


def _markup_as_space(match: re.Match[str]) -> str:
    """A tag or comment as a space; text written as a tag (`Größe <XL>`: `sanitize.written_as_text`) as written."""
    name = match.group(1)
    if name is not None and match.group(0)[1] != "/" and \
            _written_as_text(match.string, match.end(), name, match.group(2)):
        return match.group(0)
    return " "


def _written_as_text(text: str, end: int, name: str, rest: str) -> bool:
    """A start tag that is text its author wrote (`sanitize.written_as_text`: `Größe <XL>`) and that no end tag of
    its name follows (`<lz>…</lz>`, a leftover of the engine's markers, is markup)."""
    return written_as_text(name, rest, closed_names(text)) \
        and re.search(rf"</\s*{re.escape(name)}\b", text[end:], re.I) is None


def plain(text: str) -> str:
    """The text a reader sees: tags replaced by a space, entities decoded.

    Number, URL, bracket and quote checks look at this view so a tag attribute (`width="100"`,
    `href=`) is judged once, by the tag check, and `1&nbsp;234` reads as one number. A plain
    regex substitution is enough here (no attribute parsing): `5 < 7` is not a tag.
    A text with no `<` and no `&` (most names) is its own view: answered here, not through the
    memo, which it would cost a call and an entry (and the texts with markup their room).
    """
    if "<" in text or "&" in text:
        return _plain(text)
    return text


@text_memoised(8192, 4_000_000)
def _plain(text: str) -> str:
    """`plain` of a text with a `<` or an `&` (memoised: copy with markup is long and repeats)."""
    if "<" in text:
        text = _MARKUP_SPAN.sub(_markup_as_space if may_hold_text_tag(text) else " ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


# --- placeholders ----------------------------------------------------------------------

PLACEHOLDER_RE = re.compile(
    r"\{\{\s*[^{}\s]+\s*\}\}"  # {{name}}
    r"|\$\{[^{}\s]+\}"  # ${name}
    r"|\{[A-Za-z0-9_.:,\-]*\}"  # {x} {0} {name:fmt} {}
    r"|%%"  # a literal percent in printf strings (must survive too)
    r"|(?<![\w%])%(?:\d+\$)?[-+#0]*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|z)?[sdifuxXeEgGcpo@](?![^\W\d_])"  # printf
    r"|%\([A-Za-z_][\w]*\)[-+#0]*\d*(?:\.\d+)?[sdifrx]"  # %(name)s
    r"|\[\[[^\[\]\s]+\]\]"  # [[name]]
    r"|:[a-z_]+:(?=\W|$)"  # :name: (rare; slack-style tokens in templates)
)


# What every placeholder above holds: `{` (`{x}`, `{{x}}`, `${x}`), `%` (printf, `%(x)s`, `%%`), `[[`
# or `:name:`. Not a lone `[` or `:`: copy has plenty of those ("Material: cotton", "[sale]", every
# pseudo-translated text), and a text that only has them cannot hold a placeholder.
_NAME_TOKEN = re.compile(r":[a-z_]+:")


def may_hold_placeholder(text: str) -> bool:
    """False when `text` cannot hold a placeholder (`placeholders(text)` is empty): a cheap test.
    Substring tests (memchr), not one regex: an alternation or a character class is tried at
    every position, 8 to 40 µs for a 1,000-character description against ~1 to 5 µs."""
    return "{" in text or "%" in text or _has_pair(text, "[") or (":" in text and _NAME_TOKEN.search(text) is not None)


def _has_pair(text: str, char: str) -> bool:
    """`char * 2 in text`, found by one-character searches first: a search for two characters in a
    text of two-byte characters costs ~2.5 µs a 1,000 characters, a one-character search ~0.05 µs."""
    first = text.find(char)
    return first >= 0 and text.find(char, first + 1) >= 0 and char * 2 in text


@text_memoised(8192, 4_000_000)
def placeholders(text: str) -> tuple[str, ...]:
    """Placeholders in order of appearance (`{x}`, `{{x}}`, `%s`, `%1$s`, `%(x)s`, `${x}`, `[[x]]`)."""
    if not may_hold_placeholder(text):
        return ()
    found = [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]
    return tuple(p for p in found if not _is_time_or_ratio(p))


def _is_time_or_ratio(token: str) -> bool:
    return token.startswith(":") and token[1:-1].isdigit()


# --- URLs and e-mails -------------------------------------------------------------------

URL_RE = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`]+", re.I)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_TRAILING = ".,;:!?)]}»›”’\"'"


@text_memoised(8192, 4_000_000)
def urls(text: str) -> tuple[str, ...]:
    if "://" not in text and "www." not in text.lower():
        return ()
    out = []
    for m in URL_RE.finditer(text):
        url = m.group(0)
        while url and url[-1] in _TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        out.append(url)
    return tuple(out)


@text_memoised(8192, 4_000_000)
def emails(text: str) -> tuple[str, ...]:
    if "@" not in text:
        return ()
    return tuple(m.group(0) for m in EMAIL_RE.finditer(text))


def multiset_diff(source: tuple[str, ...], target: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(missing from target, extra in target), in order of appearance, counting repeats."""
    missing_count = Counter(source) - Counter(target)
    extra_count = Counter(target) - Counter(source)
    return _take(source, missing_count), _take(target, extra_count)


def _take(items: tuple[str, ...], wanted: Counter[str]) -> list[str]:
    out = []
    left = dict(wanted)
    for item in items:
        if left.get(item, 0) > 0:
            out.append(item)
            left[item] -= 1
    return out


# --- brackets and quotes ----------------------------------------------------------------

BRACKETS = {")": "(", "]": "[", "}": "{", "»": "«", "›": "‹", "」": "「", "』": "『", "）": "（", "】": "【"}
OPENERS = frozenset(BRACKETS.values()) - {"«", "‹"}  # guillemets are quotes, handled below
_INCH_FOOT = re.compile(r"(?<=\d)\s?[\"'″′]")
_APOSTROPHE = re.compile(r"(?<=\w)[’'](?=\w)")


_BRACKET_RE = re.compile(r"[()\[\]{}（）【】「」『』]")


@text_memoised(8192, 4_000_000)
def bracket_problem(text: str) -> str | None:
    """The first unpaired bracket, as a message, or None."""
    found = _BRACKET_RE.findall(text)  # only brackets move the stack: walk them, not every character
    if not found:
        return None
    stack: list[str] = []
    for ch in found:
        if ch in OPENERS:
            stack.append(ch)
        elif ch in BRACKETS and BRACKETS[ch] in OPENERS:
            if not stack or stack[-1] != BRACKETS[ch]:
                return f"'{ch}' has no opening '{BRACKETS[ch]}'"
            stack.pop()
    if stack:
        closer = next(k for k, v in BRACKETS.items() if v == stack[-1])
        return f"'{stack[-1]}' is never closed with '{closer}'"
    return None


_QUOTE_RE = re.compile("[\"“”„‟‘’‚‛«»‹›]")


@text_memoised(8192, 4_000_000)
def quote_problem(text: str) -> str | None:
    """An unpaired quotation mark, as a message, or None.

    Typographic quotes differ by language (“…” in English, „…“ in German, «…» in French,
    »…« in Danish), so marks are counted per family rather than matched by shape.
    Inch and foot marks after a digit (`5"`) and apostrophes inside words are not quotes.
    """
    if _QUOTE_RE.search(text) is None:
        return None
    scan = _INCH_FOOT.sub("", text)
    scan = _APOSTROPHE.sub("", scan)
    doubles = sum(scan.count(c) for c in "“”„‟")
    if doubles % 2:
        return "a typographic double quote (“ ” „) is not paired"
    if scan.count('"') % 2:
        return 'a straight double quote (") is not paired'
    singles = sum(scan.count(c) for c in "‘’‚‛")
    if singles % 2:
        return "a typographic single quote (‘ ’ ‚) is not paired"
    if scan.count("«") != scan.count("»"):
        return "guillemets « » are not paired"
    if scan.count("‹") != scan.count("›"):
        return "guillemets ‹ › are not paired"
    return None


# --- words ------------------------------------------------------------------------------

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@text_memoised(8192, 16_000_000, shared=True)  # a short title: ~1,000 characters with its words
def words(text: str) -> tuple[str, ...]:
    """Alphabetic words of the visible text."""
    return tuple(WORD_RE.findall(plain(text)))


def excerpt(text: str, limit: int = 60) -> str:
    """A short, single-line form of a text for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- what a text holds ------------------------------------------------------------------
# Feature bits of a text, for the engine to skip the pair checks that cannot find anything in a
# pair (`check_types.Needs`). Each bit is a superset test: it is set whenever the check's own
# first test could pass. The views the checks read (`plain`) decode entities, which can make any
# character, so a text with `&` has every bit a `plain` view is read for.
TAG = 1  # `<`: tags (tag-mismatch, tag-nesting)
DIGIT = 2  # a digit (`\d`): numbers (number-mismatch, number-format)
PLACEHOLDER = 4  # what a placeholder holds: `{`, `%`, `[[` or `:name:`
URL = 8  # `://` or `www.` (any case) in the text, or `&`
EMAIL = 16  # `@`, or `&`
BRACKET = 32  # a bracket `bracket_problem` walks, or `&`
QUOTE = 64  # a quotation mark `quote_problem` counts, or `&`
OVER_LIMIT = 128  # not a feature of the text: the engine sets it on a target longer than its field's limit

_DIGIT_RE = re.compile(r"\d")
# `features` uses substring tests (`in`: memchr and CPython's fast search in C, ~0.05 µs on a
# 1,000-character text; a character the text's storage cannot hold is refused at once), not regular
# expressions: a character class is tried at every position, and the `\d`, bracket and quote searches
# cost ~40 µs on a 1,000-character description.
_ASCII_DIGITS = "0123456789"
# Every character `\d` matches besides 0-9 is at U+0660 or above, where a UTF-8 lead byte is 0xD9 or
# above (0xD9 starts U+0640): a text whose bytes have none has no other digit; one that has is searched.
_BELOW_U0640 = bytes(range(0xD9))
_BRACKET_CHARS = "()[]{}（）【】「」『』"
_QUOTE_CHARS = "\"“”„‟‘’‚‛«»‹›"


def features(text: str, data: bytes | None = None) -> int:
    """The feature bits of `text` (see above); the engine memoises them per text. `data` is the
    text's UTF-8 bytes (`surrogatepass`) when the caller has them (it hashes them); needed only
    for a text with a character at U+0640 or above and no digit 0-9."""
    bits = 0
    entity = "&" in text
    if "<" in text:
        bits |= TAG
    if _has_digit(text, data):
        bits |= DIGIT
    if may_hold_placeholder(text):
        bits |= PLACEHOLDER
    # only `W` lowercases to `w`: a text without it needs no lowered copy
    if entity or (":" in text and "://" in text) or ("w" in text and "www." in text) \
            or ("W" in text and "www." in text.lower()):
        bits |= URL
    if entity or "@" in text:
        bits |= EMAIL
    if entity or _holds_any(text, _BRACKET_CHARS):
        bits |= BRACKET
    if entity or _holds_any(text, _QUOTE_CHARS):
        bits |= QUOTE
    return bits


def _has_digit(text: str, data: bytes | None) -> bool:
    r"""`\d` anywhere in `text` (`data`: its UTF-8 bytes, or None): 0-9 by substring tests, any
    other digit by the regular expression, on a text with a character at U+0640 or above."""
    for digit in _ASCII_DIGITS:
        if digit in text:
            return True
    if text.isascii():
        return False
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    if not data.translate(None, _BELOW_U0640):
        return False
    return _DIGIT_RE.search(text) is not None


def _holds_any(text: str, chars: str) -> bool:
    for char in chars:
        if char in text:
            return True
    return False
