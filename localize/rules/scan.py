"""Finding words in text: one Aho-Corasick automaton over folded words per (language, mode), with
word boundaries built into its keys, hits confirmed against the word they sit in (stem, compound,
clitic), and the market's pre-check literals (`LiteralIndex`) found in the same pass.

We measured a combined regular expression of 10k alternatives against pyahocorasick on the
benchmark corpus (`bench/bench_rules.py` reports both): Python's `re` tries alternatives
one by one at every position, the automaton does not, so the automaton is the default and
the regex is kept only as a measured reference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

import ahocorasick
import ahocorasick_rs

from ..memo import TextMemo
from .folding import folded, is_spaceless, rule_words, word_fold
from .specs import TermSpec, bridged
from .words import CLITICS, COMPOUNDING, MIN_PART, SHORT_ENDINGS, compound_ok, same_word

SCAN_CACHE_SIZE = 20_000
#: Characters of texts one scan memo keeps alive (long descriptions reach it before the entries)
SCAN_CACHE_CHARS = 4_000_000
_EMPTY: frozenset[str] = frozenset()
_NOTHING: tuple[tuple[RawHit, ...], frozenset[str]] = ((), _EMPTY)  # no hit, no literal
_second = itemgetter(1)
_end_start = itemgetter(2, 1)
#: Up to this many keys an automaton is compiled to a DFA (a few instructions a byte; its memory grows
#: with the keys), above it to a contiguous NFA (still faster than a trie walk per character). Measured on a
#: 3-market run's 17 automata (13,600 keys, the largest 5,695): the DFAs of the five above 300 keys cost
#: 42 MiB of peak memory (VmHWM 195 → 153 MiB on 500 products) and 0.9 of the run's 19.3 G instructions to
#: build (2k products: 28 × what all scanning cost), while the contiguous NFA scans ~2 × slower (~1 µs a
#: text): less than its build saves up to ~60k products, ~0.2 % of a 100k run's CPU above.
DFA_MAX_KEYS = 300


def _search_function(keys: list[str]) -> Callable[[str], list[tuple[int, int, int]]]:
    """Every occurrence of every key in a text, overlapping, as (key index, start, end) in
    characters. The Rust `aho-corasick` crate (ahocorasick_rs) scans a byte at a time in a DFA;
    pyahocorasick's trie walk cost about five times as many instructions a character, and the
    scan of every field was a fifth of the checking time (bench_rules). It is given UTF-8 bytes:
    its `str` interface maps every byte offset of the text to a character first, and our texts
    are mostly ASCII, where the offsets are the same (a key's UTF-8 form only matches at a
    character's first byte)."""
    if not keys:
        return _no_matches
    kind = ahocorasick_rs.Implementation.DFA if len(keys) <= DFA_MAX_KEYS else ahocorasick_rs.Implementation.ContiguousNFA
    automaton = ahocorasick_rs.BytesAhoCorasick([k.encode("utf-8") for k in keys], implementation=kind)
    find = partial(automaton.find_matches_as_indexes, overlapping=True)

    def search(text: str) -> list[tuple[int, int, int]]:
        data = text.encode("utf-8")
        matches = find(data)
        if matches and len(data) != len(text):  # byte offsets to characters
            if len(matches) <= 4:
                return [(k, len(data[:s].decode("utf-8")), len(data[:e].decode("utf-8"))) for k, s, e in matches]
            return _to_characters(data, matches)
        return matches

    return search


def _to_characters(data: bytes, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """`matches` with byte offsets into `data` (UTF-8) as character offsets, in one walk over the
    text: decoding the prefix before every offset costs the text's length per match, which is
    quadratic on a long text with many matches (a batch's texts joined). Every offset is at a
    character's first byte or the text's end (keys are whole UTF-8 characters)."""
    chars: dict[int, int] = {}
    byte = char = 0
    for offset in sorted({o for _k, s, e in matches for o in (s, e)}):
        char += len(data[byte:offset].decode("utf-8"))
        byte = offset
        chars[offset] = char
    return [(k, chars[s], chars[e]) for k, s, e in matches]


def _no_matches(_text: str) -> list[tuple[int, int, int]]:
    return []


def _kept(search: Callable[[str], list[tuple[int, int, int]]], positions: Sequence[int],
          text: str) -> list[tuple[int, int, int]]:
    """`search`'s matches of the keys `positions` maps (see `TermAutomaton.share_search`)."""
    out = []
    for key, start, end in search(text):
        mine = positions[key]
        if mine >= 0:
            out.append((mine, start, end))
    return out


@dataclass(slots=True)
class RawHit:
    spec: TermSpec
    start: int  # folded span of the term itself
    end: int
    wstart: int  # folded span extended to the whole word (inflection, compound)
    wend: int


class TermAutomaton:
    """One Aho-Corasick automaton over folded words, with word boundaries built into its keys.

    The text is scanned in its `word_fold` form (punctuation as spaces, one space padding), and
    a whole-word term is stored as " term " plus " term<suffix> " for each inflection, so the
    automaton only reports real matches: a word list with single letters or common fragments
    costs no Python work for the thousands of places they occur inside other words. Terms that
    may sit inside compounds (or are in a script without spaces) drop the space on that side.
    """

    @rule_words
    def __init__(self, specs: Sequence[TermSpec], literals: Sequence[str] = ()) -> None:
        # The automaton's values hold a spec's position in `self.specs`, not the spec: tuples of
        # numbers and texts only, which Python's garbage collector stops tracking, so the tens of
        # thousands of keys of a big word list cost nothing in each full collection of a long run.
        self.specs: list[TermSpec] = []
        keys: dict[str, list[tuple[int, int, int]]] = {}
        for spec in specs:
            self.specs.append(spec)
            si = len(self.specs) - 1
            core = spec.key or " ".join(word_fold(spec.folded).split())
            if not core:
                continue
            if spec.role == "allow":
                for variant in (core, *spec.variants):  # gaps widened (specs.MAX_GAP)
                    keys.setdefault(variant, []).append((si, 0, len(variant)))
                continue
            spaceless_left, spaceless_right = is_spaceless(core[0]), is_spaceless(core[-1])
            left = "" if spec.left_open or spec.mode or spec.clitics or spaceless_left else " "
            if spec.right_open or spaceless_right or (spec.verify and not spec.suffixes):
                rights = [""]  # a stem prefix: the word it sits in is confirmed at the hit
            else:
                rights = [" "] + [suffix + " " for suffix in spec.suffixes]
            cores = [core, *spec.variants]  # and with one gap between words widened (specs.MAX_GAP)
            raw = word_fold(spec.folded).strip()
            if " " in core and raw != " ".join(raw.split()):
                # `No. 1`, `S.A.` in the text keep their punctuation as spaces: the phrase as written matches too
                head = raw[: len(raw) - len(raw.split(" ")[-1])]  # all but the last word, as written
                cores.append(head + core[len(core) - spec.key_last:])
            for variant in cores:
                for right in rights:
                    keys.setdefault(left + variant + right, []).append((si, len(left), len(variant)))
        # Pre-check literals (see LiteralIndex) ride along as plain substrings: one pass per text
        # answers both questions. Only literals that `word_fold` leaves unchanged can be found here.
        lits = {w for w in literals if w and word_fold(w)[1:-1] == w}
        self.literals = frozenset(lits)
        self.size = len(keys)
        # key -> (length, closes on a space, (spec position, left padding, core length)..., literal)
        entries = [(key, (len(key), key.endswith(" "), tuple(group), key if key in lits else None))
                   for key, group in keys.items()]
        entries += [(key, (len(key), False, (), key)) for key in sorted(lits - keys.keys())]
        self.keys = tuple(key for key, _value in entries)
        self._values = [value for _key, value in entries]
        #: built on the first search (`_searcher`), or a larger automaton's filtered (`share_search`)
        self._search: Callable[[str], list[tuple[int, int, int]]] | None = None
        self._cache: TextMemo[tuple[Sequence[RawHit], frozenset[str]]] = TextMemo(SCAN_CACHE_SIZE, SCAN_CACHE_CHARS)

    def key_kind(self, key: int) -> tuple[bool, str | None]:
        """Of a key (`occurrences`): whether it is a word of a rule or condition, and the indexed
        literal it is (None if it is not one)."""
        _length, _closed, group, literal = self._values[key]
        return bool(group), literal

    def occurrences(self, words: str) -> list[tuple[int, int, int]]:
        """Every occurrence of every key (terms and literals) in a `word_fold`ed text, as (key, start,
        end), unordered: the raw answer `scan` confirms and orders. Empty iff `scan_all` finds neither
        a hit nor a literal there (see `MarketRules.loud_texts`)."""
        return self._searcher()(words)

    def _searcher(self) -> Callable[[str], list[tuple[int, int, int]]]:
        if self._search is None:
            self._search = _search_function(list(self.keys))
        return self._search

    def share_search(self, search: Callable[[str], list[tuple[int, int, int]]], positions: Sequence[int]) -> None:
        """Search with the compiled automaton of a superset of this one's keys from now on, its
        matches kept and renumbered by `positions` (the shared key k is this one's key
        `positions[k]`, or -1: not one of ours). The same occurrences, without a DFA of our own:
        a DFA costs ~3-4 KB a key (ahocorasick_rs), and every market held one per language it
        reads beside the language's `loud.LoudUnion` over the same keys (a 3-market run: 30 of
        its 50 MiB of automata, each again in every worker)."""
        self._search = partial(_kept, search, positions)

    def scan(self, words: str) -> Sequence[RawHit]:
        """Hits in a `word_fold`ed text; spans are in the folded text (padding removed)."""
        return self.scan_all(words)[0]

    def scan_all(self, words: str) -> tuple[Sequence[RawHit], frozenset[str]]:
        """`scan`, and the literals (of those given) that occur in `words` as substrings."""
        if not (self.size or self.literals) or len(words) <= 2:
            return _NOTHING
        cached = self._cache.get(words)
        if cached is not None:
            return cached
        return self._cache.put(words, self._scan(words))

    def _scan(self, words: str) -> tuple[Sequence[RawHit], frozenset[str]]:
        out: list[RawHit] = []
        lits: list[str] = []
        n = len(words)
        specs = self.specs
        values = self._values
        matches = self._searcher()(words)
        if not matches:
            return _NOTHING
        if len(matches) > 1:  # by end, the longest key first at one end (the order of a trie's output links)
            matches.sort(key=_end_start)
        for index, key_start, key_end in matches:
            _length, closed_right, group, literal = values[index]
            if literal is not None:
                lits.append(literal)
            end_index = key_end - 1
            for si, left_len, core_len in group:
                spec = specs[si]
                start = key_start + left_len  # padded coordinates
                end = start + core_len
                if spec.role == "allow":
                    out.append(RawHit(spec, start - 1, end - 1, start - 1, end - 1))
                    continue
                wstart, wend = start, end
                while wstart > 1 and words[wstart - 1] != " " and not is_spaceless(words[wstart - 1]):
                    wstart -= 1
                if closed_right:
                    wend = end_index  # the key's trailing space closes the word (suffix included)
                else:
                    while wend < n - 1 and words[wend] != " " and not is_spaceless(words[wend]):
                        wend += 1
                out.append(RawHit(spec, start - 1, end - 1, wstart - 1, wend - 1))
        if not out and not lits:
            return _NOTHING  # most texts: one shared answer, no new object for the cache to hold
        return tuple(out), frozenset(lits) if lits else _EMPTY


class LiteralIndex:
    """Which of a market's pre-check literals (pattern `requires`, a number rule's numbers and
    numerals, a pattern condition's `requires`) occur in a folded text: one Aho-Corasick pass
    per text instead of one substring search per rule, so a field that contains none of them
    skips every pattern and number rule. Exact: a literal is reported iff `literal in text`
    (the automaton reports overlapping occurrences). Results are memoised per folded text,
    and the index is shared by markets with the same literals."""

    @rule_words
    def __init__(self, literals: Sequence[str]) -> None:
        self.literals = frozenset(w for w in literals if w and "\n" not in w)
        # what a term automaton given these literals cannot decide alone (see `from_scan`)
        self._unscanned = tuple(sorted(w for w in self.literals if word_fold(w)[1:-1] != w))
        # each of those has a character the term automaton cannot see (punctuation: `%`, `.` of
        # `no.`); grouped by that character, a one-character search (memchr) rules most of them out
        gates: dict[str, list[str]] = {}
        for w in self._unscanned:
            gate = next((ch for ch in w if not ch.isspace() and word_fold(ch) == "   "), "")
            gates.setdefault(gate, []).append(w)
        self._gated_unscanned = tuple((gate, tuple(ws)) for gate, ws in sorted(gates.items()))
        #: (character, literals with it) of the literals `from_scan` looks up on the folded text
        self.gated_unscanned = self._gated_unscanned
        self._spaced = frozenset(w for w in self.literals if " " in w)
        self._automaton = ahocorasick.Automaton()
        for word in sorted(self.literals):
            self._automaton.add_word(word, word)
        if self.literals:
            self._automaton.make_automaton()
        self._cache: TextMemo[frozenset[str]] = TextMemo(SCAN_CACHE_SIZE, SCAN_CACHE_CHARS)
        #: the record memo keys of its literals anywhere in a record and of each text's (see
        #: `conditions.present_key`), made once: every record of every market asks for them
        self.memo_keys = (f"present_all:{id(self)}", f"presents:{id(self)}")

    def covers(self, words: frozenset[str]) -> bool:
        """Can `present` answer for every one of `words` (non-empty, no line breaks, indexed)?"""
        return words <= self.literals

    def present(self, folded_text: str) -> frozenset[str]:
        """The indexed literals that occur in `folded_text`."""
        found = self._cache.get(folded_text)
        if found is None:
            found = frozenset(map(_second, self._automaton.iter(folded_text))) if self.literals else _EMPTY
            self._cache.put(folded_text, found)
        return found

    def from_scan(self, folded_text: str, candidates: frozenset[str]) -> frozenset[str]:
        """`present`, from what a term automaton built with these literals found in the text's
        `word_fold` form: a literal of word characters occurs there iff it occurs in the folded
        text; one with a space may stand for punctuation there (confirmed on the folded text),
        and literals with punctuation are looked up directly. Same answer as `present`."""
        found = self._cache.get(folded_text)
        if found is None:
            spaced = self._spaced
            hits = [w for w in candidates if w not in spaced or w in folded_text] if candidates else []
            # a handful of punctuation literals (`%`, `no.`, `n°`): a substring search each, and only
            # when the text has their punctuation at all (cheaper than a second automaton pass)
            for gate, words in self._gated_unscanned:
                if gate in folded_text:
                    hits.extend([w for w in words if w in folded_text])
            found = frozenset(hits) if hits else _EMPTY
            self._cache.put(folded_text, found)
        return found


def find_terms(auto: TermAutomaton, text: str, literals: list[frozenset[str]] | None = None,
               ftext: Any = None) -> list[tuple[TermSpec, int, int, str]]:
    """Confirmed hits of an automaton in `text`: (spec, start, end, matched) on the original text,
    allow-lists applied, one hit per rule and place, in text order. `literals` receives the
    automaton's literal candidates in the text (see `TermAutomaton.scan_all`); `ftext` is
    `folded(text)` when the caller has it."""
    if not text:
        return []
    if ftext is None:
        ftext = folded(text)
    raw, lits = auto.scan_all(ftext.words)
    if literals is not None:
        literals.append(lits)
    if not auto.size:
        return []
    spaced = ftext.spaced_words
    if spaced is not None:  # Latin words glued to CJK/Thai text: scan once more with those as spaces
        raw = [*raw, *(h for h in auto.scan(spaced) if not is_spaceless(h.spec.folded[0]))]
    if not raw:
        return []
    allows: dict[str, list[tuple[int, int]]] = {}
    hits = []
    for h in raw:
        if h.spec.role == "allow":
            allows.setdefault(h.spec.rule, []).append((h.start, h.end))
        else:
            hits.append(h)
    kept: list[RawHit] = []
    for h in hits:
        if any(a <= h.start and h.end <= b for a, b in allows.get(h.spec.rule, ())):
            continue
        if h.spec.verify and not confirm(h, ftext, text):
            continue
        if h.spec.variants and "  " in ftext.words[h.start + 1:h.end + 1] and not bridged(h.spec, ftext.folded[h.start:h.end]):
            continue  # a wide gap that is no separator a phrase spans (specs.bridged)
        kept.append(h)
    # One hit per rule and place: a longer phrase of the same rule wins over a word inside it.
    kept.sort(key=lambda h: (h.spec.rule, h.wstart, -h.wend))
    out = []
    last_rule, last_end = "", -1
    for h in kept:
        if h.spec.rule == last_rule and h.wend <= last_end:
            continue
        if h.spec.rule != last_rule:
            last_end = -1
        last_rule, last_end = h.spec.rule, max(last_end, h.wend)
        o_start, o_end = ftext.span(h.wstart, h.wend)
        out.append((h.spec, o_start, o_end, text[o_start:o_end]))
    out.sort(key=lambda item: (item[1], item[0].rule))
    return out


def confirm(h: RawHit, ftext: Any, text: str) -> bool:
    """Is the word a hit sits in really the term (an inflection, a compound part, with a clitic)?
    Stems are taken of the text as written (lower-cased), structure of the folded text."""
    spec = h.spec
    low = ftext.folded
    prefix = low[h.wstart:h.start]
    if prefix and not spec.left_open:
        if spec.clitics:
            if prefix not in CLITICS[spec.lang]:
                return False
        elif not spec.mode or spec.lang not in COMPOUNDING:
            return False  # only compounding languages join words: `jambières`, `password` are no compounds of `bière`, `sword`
    last_start = h.end - spec.key_last
    tail = low[last_start:h.wend]
    if spec.right_open:
        inflected = True
    elif tail == spec.last_folded:
        inflected = True
    else:
        o_start, o_end = ftext.span(last_start, h.wend)
        inflected = same_word(spec.lang, spec.last, text[o_start:o_end].casefold(), spec.suffixes)
    if not spec.mode:
        return inflected
    rest = tail[len(spec.last_folded):] if tail.startswith(spec.last_folded) else None
    if prefix and rest is None and len(tail) < len(spec.last_folded) - 1:
        return False  # a compound part far shorter than the term is its over-reduced stem (taser->tas: Piñatas)
    if not inflected and rest is not None and len(rest) < MIN_PART:
        endings = SHORT_ENDINGS.get(spec.lang)
        # too short to be a compound part: an ending Snowball keeps (Nazis, Kabeln), if it is one
        inflected = endings is None or rest in endings
    if not inflected and rest is None:
        return False
    return compound_ok(spec.mode, prefix if not spec.left_open else "", rest or "", inflected)
