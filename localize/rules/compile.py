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

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..memo import TextMemo
from .categories import category_key
from .conditions import (
    SHAPE,
    Condition,
    ConditionIndex,
    PatternCondition,
    TermsCondition,
    compile_condition,
    record_shape,
)
from .folding import fold, folded, has_spaceless, rule_words, word_fold, word_fold_plain
from .matchers import MATCHERS
from .packs import Rule
from .scan import LiteralIndex, RawHit, TermAutomaton, confirm, find_terms
from .specs import Hit, TermSpec
from .view import RecordView

__all__ = ["LiteralIndex", "MarketRules", "RawHit", "TermAutomaton", "compile_market", "confirm", "find_terms",
           "text_gate"]

# Joins the texts of a record for one automaton pass (`MarketRules.loud_texts`): its spaces keep
# each text's word boundaries, its NUL (a space after `word_fold`) is in no word.
_SEPARATOR = " \x00 "
_EMPTY: frozenset[str] = frozenset()
#: Plans of `MarketRules.quiet_checks` kept per market: one per (record shape, category key).
QUIET_PLANS = 10_000


class JoinedForms(NamedTuple):
    """Texts joined by `_SEPARATOR`, folded as one: `folded` (`fold`), `words` (`word_fold`),
    `bounds` (where each text's form starts in both), `spaced` (texts with Latin words next to
    CJK/Thai, which the scan reads twice: their answer is "run the pass")."""

    folded: str
    words: str
    bounds: list[int]
    spaced: tuple[str, ...]


def joined_forms(texts: Sequence[str], remember: bool = True) -> JoinedForms:
    """One search over several texts instead of one per text (`MarketRules.loud_texts`,
    `loud.LoudUnion.facts`). ASCII folds keeping its length in one C call; copy outside ASCII
    folds word by word in Python (`folding._by_words`), so each text's forms come from the run's
    memo of them (`folded`), built once per text, not once per market. `fold` and `word_fold`
    map one character at a time and the separator folds to itself, so joining the texts' forms
    gives the forms of the join (the padding of two neighbouring forms and the separator's NUL
    are the join's three spaces).

    `remember=False` (`LoudUnion.facts`, which asks once per distinct text and remembers its
    own answers): each text is folded (by the byte map, `folding._Charmap`: a few ns a
    character) without a `Folded` kept for it, and the join word-folded in one call. About 2%
    of a catalogue's texts hold anything the per-text pass reads (measured on the synthetic
    10k run: 1,458 of 74,134), and a memo entry for each of the others only cost its making,
    its keeping and its eviction."""
    bounds = [0]
    joined = _SEPARATOR.join(texts)
    if joined.isascii():
        folded_all = fold(joined)
        for text in texts[:-1]:
            bounds.append(bounds[-1] + len(text) + len(_SEPARATOR))
        return JoinedForms(folded_all, word_fold(folded_all), bounds, ())
    if not remember:
        # the join folded in one call: each separator's NUL (in no text, and nothing else folds to
        # one) marks where the next text's form starts; a text with a NUL of its own is folded alone
        folded_all = fold(joined)
        if folded_all.count("\x00") == len(texts) - 1:
            at = -1
            for _ in texts[1:]:
                at = folded_all.find("\x00", at + 1)
                bounds.append(at + 2)
        else:
            folds = [fold(text) for text in texts]
            folded_all = _SEPARATOR.join(folds)
            for f in folds[:-1]:
                bounds.append(bounds[-1] + len(f) + len(_SEPARATOR))
        words_all, maybe_spaceless = word_fold_plain(folded_all)
        spaced: tuple[str, ...] = ()
        if maybe_spaceless and has_spaceless(folded_all):  # some text has CJK/Thai: which ones
            ends = [b - len(_SEPARATOR) for b in bounds[1:]] + [len(folded_all)]
            spaced = tuple(text for text, start, end in zip(texts, bounds, ends, strict=True)
                           if has_spaceless(folded_all[start:end]) and folded(text).spaced_words is not None)
        return JoinedForms(folded_all, words_all, bounds, spaced)
    forms = [folded(text) for text in texts]
    folded_all = _SEPARATOR.join([f.folded for f in forms])
    for f in forms[:-1]:
        bounds.append(bounds[-1] + len(f.folded) + len(_SEPARATOR))
    spaced = ()
    if has_spaceless(folded_all):  # some text has CJK/Thai: which ones
        spaced = tuple(text for text, f in zip(texts, forms, strict=True) if f.spaced_words is not None)
    return JoinedForms(folded_all, " ".join([f.words for f in forms]), bounds, spaced)


def text_gate(rule: Rule, state: Any, lang: str) -> frozenset[str] | None:
    """The literals one of which must occur in a folded text for a text-scanning rule to find
    anything there (the check each matcher makes first), or None when the rule always scans."""
    words: Sequence[str] | None = None
    if rule.kind == "pattern":
        words = getattr(state, "requires", ()) or None
    elif rule.kind == "number":
        words = state.literals(lang)
    if words is None or any(not w for w in words):
        return None
    return frozenset(words)


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
    gates: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # rule id -> (when, unless) conditions
    condition_index: Any = None  # conditions.ConditionIndex over every terms condition of the market
    text_kinds: tuple[int, ...] = ()  # rules that scan text themselves (pattern, number)
    record_kinds: tuple[int, ...] = ()  # rules with record-level checks
    _record_checks: tuple[Any, list[tuple[int, Any]]] | None = None
    _quiet: tuple[list[tuple[int, Any]], TextMemo[tuple[int, ...]]] | None = None  # see `quiet_checks`
    _triggered: tuple[list[tuple[int, Any]], frozenset[str], frozenset[str]] | None = None  # see `quiet_hits`
    _text_rules: list[tuple[Rule, Any, Any]] | None = None
    _by_field: dict[tuple[str, str], list[tuple[Rule, Any, Any]]] = field(default_factory=dict)
    literal_index: LiteralIndex | None = None  # pre-check literals of pattern/number rules and pattern conditions
    _gated: dict[tuple[str, str, str], list[tuple[Rule, Any, Any, frozenset[str] | None]]] = field(default_factory=dict)

    def text_rules(self) -> list[tuple[Rule, Any, Any]]:
        """(rule, state, matcher) of the rules that scan text themselves (pattern, number)."""
        cached = self._text_rules
        if cached is None:
            cached = self._text_rules = [(self.rules[i], self.states[i], MATCHERS[self.rules[i].kind]) for i in self.text_kinds]
        return cached

    def text_rules_for(self, code: str, side: str) -> list[tuple[Rule, Any, Any]]:
        """The text-scanning rules that apply to a field on one side (cached per field code)."""
        key = (code, side)
        found = self._by_field.get(key)
        if found is None:
            found = self._by_field[key] = [
                (rule, state, matcher) for rule, state, matcher in self.text_rules()
                if rule.side in ("both", side) and rule.applies_to_field(code)]
        return found

    def gated_text_rules(self, code: str, side: str, lang: str) -> list[tuple[Rule, Any, Any, frozenset[str] | None]]:
        """`text_rules_for` with each rule's pre-check literals in `lang` (None: always scans);
        a rule whose literals the literal index cannot answer for is never gated."""
        key = (code, side, lang)
        found = self._gated.get(key)
        if found is None:
            index = self.literal_index
            found = []
            for rule, state, matcher in self.text_rules_for(code, side):
                gate = text_gate(rule, state, lang)
                if gate is not None and (index is None or not index.covers(gate)):
                    gate = None
                found.append((rule, state, matcher, gate))
            self._gated[key] = found
        return found

    def loud_texts(self, texts: Sequence[str], lang: str) -> dict[str, frozenset[str] | None] | None:
        """Of `texts` (copy in `lang`), those in which the per-text pass (`term_hits`) may find
        something, each with what the checker needs of it: None when the pass must run (a key of
        a term-like rule or `terms` condition occurs, or CJK/Thai text), else the literals of the
        literal index in the text (the pass would find no hit). A text not in the answer has no
        key and no literal: the checker skips its pass. None: every text needs the pass. Why: most
        fields of a catalogue match nothing, and one automaton pass over all texts of a record
        joined costs a fraction of the call chain of a pass per text.

        Each text's `word_fold` form, padding included, is a substring of the joined form (`fold`
        and `word_fold` map one character at a time), so every key found in a text alone is found
        there; a key found across two texts (a phrase with several spaces) only makes one of them
        loud, which costs a pass, not a finding."""
        auto = self.automaton(lang, "text")
        if len(texts) == 1 or not (auto.size or auto.literals):
            return None
        folded_all, words_all, bounds, spaced = joined_forms(texts)
        loud: dict[str, frozenset[str] | None] = dict.fromkeys(spaced)  # scanned twice: the pass must run
        found: dict[str, set[str]] = {}  # text -> indexed literals among the keys found in it
        for key, start, _end in auto.occurrences(words_all):
            text = texts[bisect_right(bounds, start) - 1]
            is_term, literal = auto.key_kind(key)
            if is_term:
                loud[text] = None
            elif literal is not None:
                found.setdefault(text, set()).add(literal)
        index = self.literal_index
        if index is not None:
            for gate, words in index.gated_unscanned:
                if gate in folded_all and any(word in folded_all for word in words):
                    # looked up below in the texts that hold one of these literals (`from_scan` finds
                    # none in a text without): many texts joined (a chunk's) hold one somewhere far
                    # more often than one text of them. No literal spans a separator (" \x00 ").
                    if len(texts) <= 8:
                        for text in texts:
                            found.setdefault(text, set())
                        continue
                    for word in words:
                        at = folded_all.find(word)
                        while at != -1:
                            i = bisect_right(bounds, at) - 1
                            found.setdefault(texts[i], set())
                            if i + 1 == len(bounds):
                                break
                            at = folded_all.find(word, bounds[i + 1])
        for text, literals in found.items():
            if text not in loud:
                present = index.from_scan(folded(text).folded, frozenset(literals)) if index is not None else _EMPTY
                if present or literals:
                    loud[text] = present
        return loud

    def record_checks(self) -> list[tuple[int, Any]]:
        """(rule index, triggers) of the rules with record-level checks: what a record needs for
        the check to find anything (`conditions.Triggers`; None: always check). Triggers depend on
        the literal and condition indexes, so they are rebuilt when either is replaced."""
        key = (self.literal_index, self.condition_index)
        cached = self._record_checks
        if cached is None or cached[0][0] is not key[0] or cached[0][1] is not key[1]:
            checks = [(i, MATCHERS[self.rules[i].kind].triggers(self.rules[i], self.states[i], *key))
                      for i in self.record_kinds]
            cached = self._record_checks = (key, checks)
        return cached[1]

    def quiet_checks(self, view: RecordView) -> tuple[int, ...]:
        """The rule indexes of `record_checks` to run on a record whose copy holds no literal of
        the literal index and no hit of a condition that a record check's triggers name
        (`quiet_hits`; most records of a catalogue hold none at all): the rules
        whose triggers the record's shape has and whose matcher cannot rule the record out
        (`Matcher.quiet_on`). Without hits, both read only the record's shape and category
        information, so the answer is worked out once per (shape, category key) and market
        (this MarketRules: its market and date), not once per record and rule."""
        checks = self.record_checks()
        if not checks:
            return ()
        memo = self._quiet
        if memo is None or memo[0] is not checks:  # the triggers were rebuilt: every plan with them
            memo = self._quiet = (checks, TextMemo(QUIET_PLANS, QUIET_PLANS))
        key = (view.memo.get(SHAPE) or record_shape(view), category_key(view))
        plan = memo[1].get(key)
        if plan is None:
            rules, states = self.rules, self.states
            plan = memo[1].put(key, tuple(
                i for i, triggers in checks
                if (triggers is None or triggers.may_hold(view, (), _EMPTY))
                and not MATCHERS[rules[i].kind].quiet_on(rules[i], states[i], view)), 1)
        return plan

    def quiet_hits(self, cids: Any, literals: frozenset[str]) -> bool:
        """Whether a record with these condition hits and literals in its copy may take the plan
        of `quiet_checks`: none of them is a trigger of a record check, as its matcher declares
        them (then every `may_hold` answers as for a record without hits; a category rule's
        `match` triggers, which its `quiet_on` reads, are part of its own)."""
        if not (cids or literals):
            return True
        wanted = self._triggered
        checks = self.record_checks()
        if wanted is None or wanted[0] is not checks:
            lits: set[str] = set()
            ids: set[str] = set()
            for i, _triggers in checks:
                rule = self.rules[i]
                declared = MATCHERS[rule.kind].triggers(rule, self.states[i], self.literal_index, self.condition_index)
                if declared is not None:
                    lits.update(declared.literals)
                    ids.update(declared.cids)
            wanted = self._triggered = (checks, frozenset(lits), frozenset(ids))
        return wanted[1].isdisjoint(literals) and wanted[2].isdisjoint(cids)

    def has_words(self, mode: str) -> bool:
        return bool(self.words.get(mode))

    def automaton(self, lang: str, mode: str) -> TermAutomaton:
        """The automaton for text in `lang` (`*` words included), shared by markets with the same words."""
        key = (lang, mode)
        auto = self.automata.get(key)
        if auto is None:
            specs = [s for s in self.words.get(mode, ()) if s.lang in (lang, "*")]
            literals = sorted(self.literal_index.literals) if mode == "text" and self.literal_index else []
            shared_key = (mode, lang, tuple(sorted({s.rule for s in specs})), tuple(literals))
            auto = self.shared.get(shared_key)
            if auto is None:
                auto = self.shared[shared_key] = TermAutomaton(specs, literals)
            self.automata[key] = auto
        return auto

    def term_hits(self, text: str, lang: str, mode: str,
                  conditions: list[tuple[TermSpec, str]] | None = None,
                  literals: list[frozenset[str]] | None = None) -> list[tuple[int, Hit]]:
        """Hits of term-like rules in `text` (rule index, hit), allow-lists applied, spans on the original text.
        Hits of `terms` conditions (their words share the automaton) go to `conditions` as (spec, matched);
        the literal index's literals in the text (`LiteralIndex.present`) to `literals`, when given."""
        auto = self.automaton(lang, mode)
        if not text:
            return []
        ftext = folded(text)
        found = find_terms(auto, text, literals, ftext)
        if literals is not None and self.literal_index is not None:
            literals[-1] = self.literal_index.from_scan(ftext.folded, literals[-1])
        if not found:
            return []
        index = self.index
        out = []
        for spec, start, end, matched in found:
            i = index.get(spec.rule)
            if i is not None:
                out.append((i, Hit(spec, start, end, matched)))
            elif conditions is not None:
                conditions.append((spec, matched))
        if len(out) > 1:
            out.sort(key=lambda item: (item[1].start, item[0]))
        return out


def _condition_index(compiled: MarketRules, shared: dict[tuple[Any, ...], Any]) -> Any:
    """One ConditionIndex for the `terms` conditions every record needs: the positive side of the
    category rules' `match`. A `when`/`unless` is asked only of a record the rule already found
    something in, and a `not` only after the rest of its `all` held, so their words stay out of
    the per-field pass (a common word such as `glass` in an `unless` would otherwise be found
    and carried in every field of a catalogue of kitchenware); they scan on their own when asked."""
    roots: list[Condition] = []
    for state in compiled.states:
        cond = getattr(state, "evidence_match", None)
        if isinstance(cond, Condition):
            roots.append(cond)
    terms = [c for root in roots for c in root.walk(positive=True) if isinstance(c, TermsCondition)]
    if not terms:
        return None
    key = ("conditions", tuple(sorted(c.cid for c in terms)))
    index = shared.get(key)
    if index is None:
        index = shared[key] = ConditionIndex(terms)
    return index


def _literal_index(compiled: MarketRules, text_kinds: Sequence[int], shared: dict[tuple[Any, ...], Any]) -> LiteralIndex | None:
    """One LiteralIndex over every pre-check literal of the market's text rules (in every language
    the market's texts may be in) and pattern conditions."""
    literals: set[str] = set()
    for i in text_kinds:
        rule, state = compiled.rules[i], compiled.states[i]
        if rule.kind == "pattern":
            literals.update(getattr(state, "requires", ()))
        elif rule.kind == "number":
            for lang in {*state.numerals, "*"}:
                literals.update(state.literals(lang))
    roots: list[Condition] = [s.evidence_match for s in compiled.states
                              if isinstance(getattr(s, "evidence_match", None), Condition)]
    for when, unless in compiled.gates.values():
        roots.extend(c for c in (when, unless) if c is not None)
    for root in roots:
        for c in root.walk():
            if isinstance(c, PatternCondition):
                literals.update(c.requires)
    literals.discard("")
    if not literals:
        return None
    key = ("literals", tuple(sorted(literals)))
    index = shared.get(key)
    if index is None:
        index = shared[key] = LiteralIndex(sorted(literals))
    return index


@rule_words
def compile_market(market: Any, rules: Sequence[Rule], shared: dict[tuple[Any, ...], Any]) -> MarketRules:
    """Compile `rules` (already filtered for the market and date) into a MarketRules."""
    rules = tuple(rules)
    states = []
    for r in rules:  # prepared states (and their per-text memos) are shared between markets
        state = shared.get(("state", r.id))
        if state is None and ("state", r.id) not in shared:
            state = shared[("state", r.id)] = MATCHERS[r.kind].prepare(r)  # type: ignore[assignment]
        states.append(state)
    gates: dict[str, tuple[Any, Any]] = {}
    for r in rules:
        if "when" in r.spec or "unless" in r.spec:
            gate = shared.get(("gate", r.id))
            if gate is None:
                gate = shared[("gate", r.id)] = (compile_condition(r.spec.get("when"), r.id),
                                                 compile_condition(r.spec.get("unless"), r.id))
            gates[r.id] = gate
    compiled = MarketRules(market=market, rules=rules, states=states, shared=shared,
                           index={r.id: i for i, r in enumerate(rules)}, gates=gates)
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
    compiled.condition_index = _condition_index(compiled, shared)
    if compiled.condition_index is not None:  # one pass per text for rules and conditions alike
        words.setdefault("text", []).extend(compiled.condition_index.specs)
    compiled.words = words
    compiled.literal_index = _literal_index(compiled, text_kinds, shared)
    compiled.text_kinds = tuple(text_kinds)
    compiled.record_kinds = tuple(record_kinds)
    return compiled

