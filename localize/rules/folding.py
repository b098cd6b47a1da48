"""Folding text for matching: case- and diacritic-insensitive, width-insensitive, offsets kept.

Why a translate table and not per-character Python: checking 100k products x 5 fields per
second budget leaves a few microseconds a field, and `str.translate` runs in C. Each
character folds on its own (cached on first sight), so a match in the folded text maps back
to the original span by replaying the per-character lengths, which we only do for fields
that matched.

What folds:
- Latin, Greek, Cyrillic: NFKD, combining marks dropped, casefolded (`Über` -> `uber`,
  `Straße` -> `strasse`, `ﬁ` -> `fi`); Turkish dotless `ı` folds to `i` like its dotted `İ`: Turkish
  upper case writes `ı` as `I` (`KILIÇ` is `kılıç`), which casefolds to `i`, so the dot is an accent here;
- combining marks written separately (NFD input) are dropped;
- Arabic diacritics (harakat) and tatweel are dropped;
- every separator a regex `\\s` matches (line breaks, NBSP, the ASCII information separators, NEL,
  U+2028/2029) folds to a space, so a phrase is found whatever separates its words;
- everything else: NFKC and casefold only (full-width `Ａ４` -> `a4`, half-width katakana
  -> full-width). Kana voicing marks and Indic vowel signs are letters there, not accents,
  so `が` never folds to `か`, and Hangul syllables are never split into jamo.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from ..memo import TextMemo

#: How text folds; part of the rule set's fingerprint, so records checked under another folding are checked again.
FOLD_VERSION = "fold-2"  # fold-2: Turkish dotless ı -> i

__all__ = ["FOLD_VERSION", "Folded", "fold", "fold_with_map", "folded", "has_spaceless", "is_word_char", "is_spaceless", "orig_span"]


def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "  # every separator `\s` matches, as NFKD/NFKC already make of NBSP and most others
    code = ord(ch)
    if 0x0300 <= code <= 0x036F or 0x1AB0 <= code <= 0x1AFF or 0x1DC0 <= code <= 0x1DFF or 0x20D0 <= code <= 0x20FF:
        return ""  # combining marks for Latin/Greek/Cyrillic written separately
    if 0x064B <= code <= 0x065F or code in (0x0670, 0x0640):
        return ""  # Arabic harakat, superscript alef, tatweel
    if 0xAC00 <= code <= 0xD7A3:
        return ch  # Hangul syllables stay whole
    if code == 0x0131:
        return "i"  # Turkish dotless ı: upper case `I`, which casefolds to `i` (`KILIÇ` = `kılıç`)
    if code < 0x0530 or 0x1E00 <= code <= 0x1FFF or 0xFB00 <= code <= 0xFB06:
        decomposed = unicodedata.normalize("NFKD", ch)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        return stripped.casefold()
    return unicodedata.normalize("NFKC", ch).casefold()


class _FoldTable(dict):  # type: ignore[type-arg]
    """A `str.translate` table that computes each character's folding on first use."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()
for _c in range(128):
    _TABLE[_c] = chr(_c).lower()
for _c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f":
    _TABLE[ord(_c)] = " "  # phrases match across line breaks (and the other ASCII separators `\s` matches)


class _WordTable(dict):  # type: ignore[type-arg]
    """Second pass over folded text: every non-word character becomes a space (length kept)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = ch if is_word_char(ch) else " "
        self[code] = value
        return value


_WORDS = _WordTable()
# ASCII fast paths (most catalogue copy): `str.translate` with a dict table costs ~10 ns a
# character, `str.lower` and `bytes.translate` a tenth of that, with the same result on ASCII.
_ASCII_WORDS = bytes(c if chr(c).isalnum() or c == 0x5F else 0x20 for c in range(256))
_ASCII_SPACES = str.maketrans("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", "         ")


def word_fold(folded_text: str) -> str:
    """Folded text with punctuation and spaces as single spaces, padded with one space each side,
    so word boundaries can be part of the automaton's keys (see compile.TermAutomaton)."""
    if folded_text.isascii():
        return " " + folded_text.encode("ascii").translate(_ASCII_WORDS).decode("ascii") + " "
    mapped = _CHARMAP.word_fold(folded_text)
    if mapped is not None:
        return " " + mapped + " "
    return " " + _by_words(folded_text, _WORD_FOLDS, _WORDS) + " "


def word_fold_plain(folded_text: str) -> tuple[str, bool]:
    """`word_fold(folded_text)`, and whether `folded_text` may hold a character of a script
    without spaces (`has_spaceless`): False when ASCII or the byte map took it, which holds no
    such character (`_Charmap` refuses them), so the caller need not search for them."""
    if folded_text.isascii():
        return " " + folded_text.encode("ascii").translate(_ASCII_WORDS).decode("ascii") + " ", False
    mapped = _CHARMAP.word_fold(folded_text)
    if mapped is not None:
        return " " + mapped + " ", False
    return " " + _by_words(folded_text, _WORD_FOLDS, _WORDS) + " ", True


def fold(text: str) -> str:
    """The folded form of `text` (see the module docstring)."""
    if text.isascii():
        low = text.lower()
        if ("\t" in low or "\n" in low or "\r" in low or "\x0b" in low or "\x0c" in low or "\x1c" in low
                or "\x1d" in low or "\x1e" in low or "\x1f" in low):  # ~0.1 ns a character each (`isprintable`: 2.8)
            low = low.translate(_ASCII_SPACES)
        return low
    mapped = _CHARMAP.fold(text)
    if mapped is not None:
        return mapped
    return _by_words(text, _FOLDS, _TABLE)


#: Non-ASCII characters the byte map (`_Charmap`) holds besides ASCII's 128, and characters that fold
#: to several (`ß` -> `ss`) it replaces before encoding.
CHARMAP_SLOTS = 128
CHARMAP_EXPANDERS = 8
_UNSET = "\ufffe"  # a slot of the decoding table no character is in (charmap codecs: "undefined")


class _Charmap:
    """`fold` and `word_fold` of copy outside ASCII in three C calls instead of a dict lookup per
    character: the text is encoded one byte per character through a charmap of ASCII and the
    other characters the run's copy has shown (`codecs.charmap_encode`, ~3 ns a character),
    the bytes are mapped by `bytes.translate` (fold: to the byte of the folded character, or
    deleted; word fold: to itself or a space) and decoded back (`codecs.charmap_decode`).
    Measured on the synthetic catalogue's German and pseudo-accented copy: ~5 ns a character
    against ~15 for `_by_words` (and ~30-40 for `str.translate` with the table).

    Exactly the per-character maps `_TABLE` / `_WORDS`: a character gets a byte only when its
    folded form is one character that has a byte too, or nothing (deleted); a character folding
    to several characters that each fold to themselves (`ß` -> `ss`) is replaced by them before
    encoding, which folds to the same string (`fold` maps one character at a time). A text with
    a character the map does not hold (more than `CHARMAP_SLOTS` others seen; CJK, Thai and Hangul,
    kept out so they cannot fill it; more than `CHARMAP_EXPANDERS` several-character folds) is
    answered None: the caller translates it word by word. The map only grows (a byte keeps its
    character)."""

    def __init__(self) -> None:
        self.chars: list[str] = [chr(i) for i in range(128)]
        self.slot: dict[str, int] = {c: i for i, c in enumerate(self.chars)}
        self.expand: dict[str, str] = {}  # character -> its several-character folded form
        self.refused: set[str] = set()  # characters no byte stands for (none left, no one-character fold)
        self._build()

    def _build(self) -> None:
        decoding = "".join(self.chars).ljust(256, _UNSET)
        folds = bytearray(range(256))
        words = bytearray(range(256))
        delete = bytearray()
        for i, ch in enumerate(self.chars):
            f = _TABLE[ord(ch)]
            if f:
                folds[i] = self.slot[f]
            else:
                delete.append(i)
            words[i] = self.slot[_WORDS[ord(ch)]]
        # one tuple, replaced whole: a caller holds a consistent map while another text grows it
        self.state = (codecs.charmap_build(decoding), decoding, bytes(folds), bytes(delete), bytes(words),
                      tuple(self.expand.items()))

    def fold(self, text: str) -> str | None:
        encoding, decoding, folds, delete, _words, expand = self.state
        for ch, rep in expand:
            if ch in text:
                text = text.replace(ch, rep)
        try:
            data = _charmap_encode(text, "strict", encoding)[0]
        except UnicodeEncodeError as exc:
            if not self._admit(text, text[exc.start], expanding=True):
                return None
            return self.fold(text)
        return _charmap_decode(data.translate(folds, delete), "strict", decoding)[0]

    def word_fold(self, folded_text: str) -> str | None:
        encoding, decoding, _folds, _delete, words, _expand = self.state
        try:
            data = _charmap_encode(folded_text, "strict", encoding)[0]
        except UnicodeEncodeError as exc:
            if not self._admit(folded_text, folded_text[exc.start], expanding=False):
                return None
            return self.word_fold(folded_text)
        return _charmap_decode(data.translate(words), "strict", decoding)[0]

    def _admit(self, text: str, first: str, expanding: bool) -> bool:
        """Give bytes to the characters of `text` that have none (and to their folded forms), or
        take several-character folds as replacements (`expanding`: `fold`'s input), when all of
        them can be held; False (nothing changed) otherwise. `first`: the character the encoder
        stopped at (a character refused before is answered at once, without reading the text)."""
        if first in self.refused or _RULE_WORDS[0]:
            return False
        slots: dict[str, None] = {}
        expand: dict[str, str] = {}
        # (character, whether it must have a byte: a folded form or word form of another)
        todo = [(ch, False) for ch in sorted(set(text)) if ch not in self.slot and not (expanding and ch in self.expand)]
        while todo:
            ch, needed = todo.pop()
            if ch in self.slot or ch in slots or (ch in expand and not needed):
                continue
            f = _TABLE[ord(ch)]
            if len(f) > 1 or ch in expand or ch in self.expand:
                if needed or not expanding or any(_TABLE[ord(c)] != c for c in f):
                    if expanding and not needed:
                        self.refused.add(ch)
                    return False
                expand[ch] = f
                todo.extend((c, True) for c in f)
                continue
            if (ch > "\uffff" or "\ud800" <= ch <= "\udfff" or is_spaceless(ch)
                    or len(self.chars) + len(slots) >= 128 + CHARMAP_SLOTS):
                # the charmap holds the BMP without surrogates, in 256 bytes; scripts without spaces
                # (thousands of CJK characters) would fill it: their copy is one run for `_by_words`
                self.refused.add(ch)
                return False
            slots[ch] = None
            if f:
                todo.append((f, True))
            todo.append((_WORDS[ord(ch)], True))
        if not (slots or expand) or len(self.expand) + len(expand) > CHARMAP_EXPANDERS:
            return False
        for ch in slots:
            self.slot[ch] = len(self.chars)
            self.chars.append(ch)
        self.expand.update(expand)
        self._build()
        return True


#: > 0 while the rules' own words are folded (`rule_words`): the byte map's slots are for the characters
#: of the run's copy. Packs name words in a dozen scripts (shared concepts put Cyrillic, Hebrew,
#: Devanagari and Polish words into every market's rules); folded first, at compile time, they took
#: the 128 slots and the catalogue's own umlauts and accents went the slow way (`_by_words`) for the
#: whole run. The rules' words fold to the same strings either way.
_RULE_WORDS = [0]
_F = TypeVar("_F", bound=Callable[..., Any])


def rule_words(func: _F) -> _F:
    """Decorate a function that folds the rules' own words (compiling, validating, building
    automata): while it runs, `fold`/`word_fold` give no new character a byte of the byte map."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _RULE_WORDS[0] += 1
        try:
            return func(*args, **kwargs)
        finally:
            _RULE_WORDS[0] -= 1
    return wrapper  # type: ignore[return-value]


def byte_map_size() -> int:
    """Characters the byte map holds (ASCII's 128 and those the run's copy gave it): for tests."""
    return len(_CHARMAP.chars)


_charmap_encode = codecs.charmap_encode
_charmap_decode = codecs.charmap_decode


#: Words (runs between single spaces) of non-ASCII text and their `fold` / `word_fold` forms.
#: Why: `str.translate` leaves its C fast path at the first non-ASCII character and then costs
#: ~50-120 ns a character through the lazily filled table (measured: German copy with umlauts,
#: pseudo-accented copy), while a catalogue's copy is written with a few thousand distinct words.
#: Both maps work one character at a time and a space maps to a space, so translating word by
#: word and joining with spaces is the same string. Bounded: cleared when full; long runs (CJK
#: and Thai copy has no spaces: a whole text is one run) are translated directly, not kept.
WORD_MEMO_ENTRIES = 20_000
WORD_MEMO_MAX_LEN = 48
_FOLDS: dict[str, str] = {}
_WORD_FOLDS: dict[str, str] = {}


def _by_words(text: str, memo: dict[str, str], table: dict[int, str]) -> str:
    """`text.translate(table)`, each distinct word of it translated once (see `WORD_MEMO_ENTRIES`)."""
    if len(text) <= WORD_MEMO_MAX_LEN and " " not in text:
        return _word(text, memo, table)
    get = memo.get
    return " ".join([f if (f := get(w)) is not None else _word(w, memo, table) for w in text.split(" ")])


def _word(word: str, memo: dict[str, str], table: dict[int, str]) -> str:
    out = word.translate(table)
    if len(word) <= WORD_MEMO_MAX_LEN:
        if len(memo) >= WORD_MEMO_ENTRIES:
            memo.clear()
        memo[word] = out
    return out


class Folded:
    """A text and its folded form; the offset map back to the original is built only when asked
    (only fields with a hit need it)."""

    __slots__ = ("text", "folded", "_offsets", "_mapped", "_words", "_latin")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self._mapped = False
        self._offsets: list[int] | None = None
        self._words: str | None = None
        self._latin: str | None = None

    @property
    def words(self) -> str:
        """`word_fold(self.folded)`: one space before, so index i here is index i - 1 in `folded`."""
        if self._words is None:
            self._words = word_fold(self.folded)
        return self._words

    @property
    def spaced_words(self) -> str | None:
        """`words` with characters of scripts without spaces (CJK, Thai) as spaces, so a Latin word
        written right next to them (`これは3pです`) still has word boundaries; None when there are none."""
        if self._latin is None:
            # every spaceless script is outside ASCII: ASCII text needs no regex search; `words`
            # holds the characters of `folded` or spaces, so it has one only when `folded` does
            f = self.folded
            if f.isascii() or _SPACELESS_RE.search(f) is None:
                self._latin = ""
            else:
                w = self.words
                self._latin = _SPACELESS_RE.sub(" ", w) if _SPACELESS_RE.search(w) else ""
        return self._latin or None

    @property
    def offsets(self) -> list[int] | None:
        if not self._mapped:
            self._mapped = True
            if not (len(self.folded) == len(self.text) and self.text.isascii()):
                offsets: list[int] = []
                for i, ch in enumerate(self.text):
                    n = len(ch.translate(_TABLE))
                    if n == 1:
                        offsets.append(i)
                    elif n:
                        offsets.extend([i] * n)
                if len(offsets) != len(self.text) or offsets != list(range(len(self.text))):
                    self._offsets = offsets
        return self._offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of a folded span."""
        return orig_span(self.offsets, start, end, len(self.text))


_CACHE_SIZE = 20_000
#: Characters the memo keeps alive (each entry: the text, its folded and word-folded forms):
#: ~24 MB of one-byte text at most, however long a catalogue's descriptions are.
_CACHE_CHARS = 8_000_000
_CACHE: TextMemo[Folded] = TextMemo(_CACHE_SIZE, _CACHE_CHARS)


def folded(text: str) -> Folded:
    """`Folded(text)`, memoised: the same source copy is checked once per market."""
    f = _CACHE.get(text)
    if f is None:
        f = _CACHE.put(text, Folded(text), 3 * len(text))
    return f


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, when lengths changed, the original index of each folded character."""
    f = folded(text)
    return f.folded, f.offsets


def orig_span(offsets: list[int] | None, start: int, end: int, text_len: int) -> tuple[int, int]:
    """Map a span of the folded text back onto the original text."""
    if offsets is None:
        return start, end
    o_start = offsets[start] if start < len(offsets) else text_len
    o_end = offsets[end - 1] + 1 if 0 < end <= len(offsets) else text_len
    return o_start, o_end


@lru_cache(maxsize=65536)
def is_word_char(ch: str) -> bool:
    """Letters, digits, marks and the underscore count as word characters for boundaries."""
    if ch.isalnum() or ch == "_":
        return True
    return unicodedata.category(ch)[0] == "M"


_SPACELESS_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x9FFF),  # CJK radicals, kana, CJK ideographs
    (0xAC00, 0xD7A3),  # Hangul (spaces exist, but particles attach to words)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width katakana
    (0x20000, 0x2FA1F),
)


_SPACELESS_RE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _SPACELESS_RANGES) + "]")


def has_spaceless(folded_text: str) -> bool:
    """Whether a folded text has a character of a script written without spaces (CJK, Thai):
    False means no text inside it has `Folded.spaced_words`."""
    return not folded_text.isascii() and _SPACELESS_RE.search(folded_text) is not None


@lru_cache(maxsize=65536)
def is_spaceless(ch: str) -> bool:
    """Scripts written without spaces between words: no word-boundary check next to them."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _SPACELESS_RANGES)


_CHARMAP = _Charmap()  # after `is_word_char`: the word map of ASCII is built with it
