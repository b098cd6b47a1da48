"""Compile the rules that apply to a market into one scanner, once per run.

Every term-like rule (terms, geo, claim, colour words, language) of a market puts its words
into one Aho-Corasick automaton per (language, mode), so a field costs one pass over its
folded text however many rules and terms there are. Automata are shared between markets
whose rules and language are the same (fr-FR and fr-CH share most), and scan results are
memoised per folded text, because the same source copy is checked in every market.

We measured a combined regular expression of 10k alternatives against pyahocorasick on the
benchmark corpus (`bench/bench_rules.py` reports both): Python's `re` tries alternatives
one by one at every position, the automaton does not, so the automaton is the default and
the regex is kept only as a measured reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .matchers import MATCHERS
from .matchers.base import Hit, TermSpec
from .rules import Rule
from .text import folded, is_spaceless, is_word_char

SCAN_CACHE_SIZE = 50_000


@dataclass(slots=True)
class RawHit:
    spec: TermSpec
    start: int  # folded span of the term itself
    end: int
    wstart: int  # folded span extended to the whole word (inflection, compound)
    wend: int


class TermAutomaton:
    """One Aho-Corasick automaton over folded words; `scan` returns hits that pass the boundary rules."""

    def __init__(self, specs: Sequence[TermSpec]) -> None:
        import ahocorasick

        grouped: dict[str, list[TermSpec]] = {}
        for spec in specs:
            grouped.setdefault(spec.folded, []).append(spec)
        self.size = len(grouped)
        self.automaton = ahocorasick.Automaton()
        for word, group in grouped.items():
            self.automaton.add_word(word, (len(word), tuple(group)))
        if grouped:
            self.automaton.make_automaton()
        self._cache: dict[str, list[RawHit]] = {}

    def scan(self, folded: str) -> list[RawHit]:
        if not self.size or not folded:
            return []
        cached = self._cache.get(folded)
        if cached is not None:
            return cached
        hits = self._scan(folded)
        if len(self._cache) >= SCAN_CACHE_SIZE:
            self._cache.clear()
        self._cache[folded] = hits
        return hits

    def _scan(self, folded: str) -> list[RawHit]:
        n = len(folded)
        out: list[RawHit] = []
        for end_index, (length, specs) in self.automaton.iter(folded):
            end = end_index + 1
            start = end - length
            left_inside = (start > 0 and is_word_char(folded[start - 1])
                           and not is_spaceless(folded[start - 1]) and not is_spaceless(folded[start]))
            right_inside = (end < n and is_word_char(folded[end])
                            and not is_spaceless(folded[end]) and not is_spaceless(folded[end - 1]))
            wstart, wend = start, end
            if left_inside:
                while wstart > 0 and is_word_char(folded[wstart - 1]) and not is_spaceless(folded[wstart - 1]):
                    wstart -= 1
            if right_inside:
                while wend < n and is_word_char(folded[wend]) and not is_spaceless(folded[wend]):
                    wend += 1
            suffix = folded[end:wend] if right_inside else ""
            for spec in specs:
                if spec.role == "allow":
                    out.append(RawHit(spec, start, end, start, end))
                    continue
                if left_inside and not spec.left_open:
                    continue
                if right_inside and not spec.right_open and suffix not in spec.suffixes:
                    continue
                out.append(RawHit(spec, start, end, wstart, wend))
        return out


@dataclass
class MarketRules:
    """The rules of one market, compiled: per-kind states, and automata built on first use."""

    market: Any
    rules: tuple[Rule, ...]
    states: list[Any]
    shared: dict[tuple[Any, ...], Any]
    words: dict[str, list[TermSpec]] = field(default_factory=dict)  # mode -> specs of all languages
    automata: dict[tuple[str, str], TermAutomaton] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)  # rule id -> position in `rules`
    text_kinds: tuple[int, ...] = ()  # rules that scan text themselves (pattern, number)
    record_kinds: tuple[int, ...] = ()  # rules with record-level checks

    def automaton(self, lang: str, mode: str) -> TermAutomaton:
        """The automaton for text in `lang` (`*` words included), shared by markets with the same words."""
        key = (lang, mode)
        auto = self.automata.get(key)
        if auto is None:
            specs = [s for s in self.words.get(mode, ()) if s.lang in (lang, "*")]
            shared_key = (mode, lang, tuple(sorted({s.rule for s in specs})))
            auto = self.shared.get(shared_key)
            if auto is None:
                auto = self.shared[shared_key] = TermAutomaton(specs)
            self.automata[key] = auto
        return auto

    def term_hits(self, text: str, lang: str, mode: str) -> list[tuple[int, Hit]]:
        """Hits of term-like rules in `text` (rule index, hit), allow-lists applied, spans on the original text."""
        auto = self.automaton(lang, mode)
        if not auto.size or not text:
            return []
        ftext = folded(text)
        raw = auto.scan(ftext.folded)
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
            out.append((self.index[h.spec.rule], Hit(h.spec, o_start, o_end, text[o_start:o_end])))
        out.sort(key=lambda item: (item[1].start, item[0]))
        return out


def compile_market(market: Any, rules: Sequence[Rule], shared: dict[tuple[Any, ...], Any]) -> MarketRules:
    """Compile `rules` (already filtered for the market and date) into a MarketRules."""
    rules = tuple(rules)
    states = []
    for r in rules:  # prepared states (and their per-text memos) are shared between markets
        state = shared.get(("state", r.id))
        if state is None and ("state", r.id) not in shared:
            state = shared[("state", r.id)] = MATCHERS[r.kind].prepare(r)  # type: ignore[assignment]
        states.append(state)
    compiled = MarketRules(market=market, rules=rules, states=states, shared=shared,
                           index={r.id: i for i, r in enumerate(rules)})
    words: dict[str, list[TermSpec]] = {}
    text_kinds, record_kinds = [], []
    for i, rule in enumerate(rules):
        matcher = MATCHERS[rule.kind]
        specs = list(matcher.words(rule))
        if specs:
            words.setdefault(matcher.mode, []).extend(specs)
        if type(matcher).scan_text is not type(MATCHERS["terms"]).scan_text:
            text_kinds.append(i)
        if type(matcher).check_record is not type(MATCHERS["terms"]).check_record:
            record_kinds.append(i)
    compiled.words = words
    compiled.text_kinds = tuple(text_kinds)
    compiled.record_kinds = tuple(record_kinds)
    return compiled

