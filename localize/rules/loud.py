"""Which texts the per-text pass must read, answered once per text and language for every market.

`MarketRules.loud_texts` answers with one market's automaton, so a batch of three markets asked
it three times about each source text (the source copy is the same in every market) and twice
about each English translation (en-US and en-GB read the same), each time through a memo of its
own. Its answer for a market depends only on which of the market automaton's keys occur in the
text, and on the literals with punctuation its literal index looks up on the folded text
(`LiteralIndex.gated_unscanned`). `LoudUnion` joins the text automata of the markets for one
language into one search: one pass over a text (and one memo entry) records which keys of any of
them occur (`Facts`), and each market's answer is read from those (`LoudUnion.answer`): the same
answer, exact per text (see `MarketRules.loud_texts`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from .compile import MarketRules, joined_forms
from .folding import folded
from .scan import TermAutomaton, _search_function

_EMPTY: frozenset[str] = frozenset()

#: What one text holds for a language's markets: (keys of the joined automata found in its
#: `word_fold` form, punctuation literals of their literal indexes found in its folded form,
#: whether it has Latin words next to CJK/Thai (the pass must run for it in every market)).
Facts = tuple[frozenset[int], frozenset[str], bool]


class LoudUnion:
    """The text automata of several markets for one language, searched as one."""

    def __init__(self, markets: Iterable[MarketRules], lang: str) -> None:
        automata: dict[int, TermAutomaton] = {}
        unscanned: dict[str, set[str]] = {}  # gate character -> punctuation literals (every index's)
        self._unscanned_of: dict[int, frozenset[str]] = {}  # id(literal index) -> its punctuation literals
        for compiled in markets:
            auto = compiled.automaton(lang, "text")
            automata[id(auto)] = auto
            index = compiled.literal_index
            if index is not None and id(index) not in self._unscanned_of:
                mine: set[str] = set()
                for gate, words in index.gated_unscanned:
                    unscanned.setdefault(gate, set()).update(words)
                    mine.update(words)
                self._unscanned_of[id(index)] = frozenset(mine)
        keys = sorted({key for auto in automata.values() for key in auto.keys})
        at = {key: i for i, key in enumerate(keys)}
        self.lang = lang
        self.automata = tuple(automata.values())  # kept alive: answers are keyed by their ids
        self._indexes = tuple(c.literal_index for c in markets if c.literal_index is not None)
        self._search = _search_function(keys)
        for auto in automata.values():  # one DFA per language: the markets' automata search with this one
            own = {key: i for i, key in enumerate(auto.keys)}
            auto.share_search(self._search, [own.get(key, -1) for key in keys])
        self._unscanned = tuple((gate, tuple(sorted(words))) for gate, words in sorted(unscanned.items()))
        self._terms: dict[int, frozenset[int]] = {}  # id(automaton) -> joined keys that are words of a rule or condition
        self._literals: dict[int, dict[int, str]] = {}  # id(automaton) -> joined key -> the indexed literal it is
        for aid, auto in automata.items():
            terms: set[int] = set()
            literals: dict[int, str] = {}
            for i, key in enumerate(auto.keys):
                is_term, literal = auto.key_kind(i)
                if is_term:
                    terms.add(at[key])
                elif literal is not None:
                    literals[at[key]] = literal
            self._terms[aid] = frozenset(terms)
            self._literals[aid] = literals

    def covers(self, compiled: MarketRules) -> bool:
        """Does this union answer for the market (its automaton and literal index joined here)?"""
        auto = compiled.automaton(self.lang, "text")
        index = compiled.literal_index
        return id(auto) in self._terms and (index is None or id(index) in self._unscanned_of)

    def facts(self, texts: Sequence[str]) -> dict[str, Facts]:
        """The facts of each of `texts` that holds anything (a text left out holds no key and no
        punctuation literal of any market: quiet everywhere). One search over the texts joined, as
        `MarketRules.loud_texts` does: each text's padded `word_fold` form is a substring of the
        join's, so every key found in a text alone is found there; a key found across two texts
        only adds it to one of them (a pass that finds nothing, never a lost finding)."""
        if not texts:
            return {}
        folded_all, words_all, bounds, spaced_texts = joined_forms(texts, remember=False)
        spaced = set(spaced_texts)
        keys: dict[str, set[int]] = {}
        for key, start, _end in self._search(words_all):
            keys.setdefault(texts[bisect_right(bounds, start) - 1], set()).add(key)
        puncts: dict[str, set[str]] = {}
        for gate, words in self._unscanned:
            if gate not in folded_all:
                continue
            for word in words:
                found = folded_all.find(word)
                while found != -1:
                    i = bisect_right(bounds, found) - 1
                    puncts.setdefault(texts[i], set()).add(word)
                    if i + 1 == len(bounds):
                        break
                    found = folded_all.find(word, bounds[i + 1])
        out: dict[str, Facts] = {}
        for text in keys.keys() | puncts.keys() | spaced:
            out[text] = (frozenset(keys.get(text, ())), frozenset(puncts.get(text, ())), text in spaced)
        return out

    def answer(self, compiled: MarketRules, facts: Iterable[tuple[str, Facts]]) -> dict[str, frozenset[str] | None]:
        """`MarketRules.loud_texts` of the market for texts with these facts (a text with no facts
        is left out there too): None when a word of its rules or conditions occurs (or the text has
        Latin words next to CJK/Thai), else the literals of its literal index in the text."""
        auto = compiled.automaton(self.lang, "text")
        terms, literals = self._terms[id(auto)], self._literals[id(auto)]
        index = compiled.literal_index
        puncts_of = self._unscanned_of.get(id(index), _EMPTY) if index is not None else _EMPTY
        loud: dict[str, frozenset[str] | None] = {}
        for text, (keys, puncts, spaced) in facts:
            if spaced or not terms.isdisjoint(keys):
                loud[text] = None
                continue
            found = frozenset(literals[k] for k in keys if k in literals)
            if found or not puncts_of.isdisjoint(puncts):
                present = index.from_scan(folded(text).folded, found) if index is not None else _EMPTY
                if present or found:
                    loud[text] = present
        return loud


def union_for(markets: Sequence[MarketRules], lang: str, shared: dict[tuple[Any, ...], Any]) -> LoudUnion:
    """The run's union for `lang` (in the rules' `shared` store), rebuilt with every market it
    answered for so far when one of `markets` is new to it (a run's markets are known after its
    first batch: built once or twice a run)."""
    key = ("loud-union", lang)
    union: LoudUnion | None = shared.get(key)
    if union is not None and all(union.covers(m) for m in markets):
        return union
    known = list(shared.get(("loud-union-markets", lang), ()))
    for m in markets:
        if not any(m is k for k in known):
            known.append(m)
    shared[("loud-union-markets", lang)] = tuple(known)
    union = shared[key] = LoudUnion(known, lang)
    return union
