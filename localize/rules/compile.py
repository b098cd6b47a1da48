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
from operator import itemgetter
from typing import Any

from .matchers import MATCHERS
from .matchers.base import Hit, TermSpec
from .packs import Rule
from .folding import folded, is_spaceless, word_fold
from .words import CLITICS, MIN_PART, compound_ok, same_word

SCAN_CACHE_SIZE = 20_000
_EMPTY: frozenset[str] = frozenset()
_second = itemgetter(1)


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

    def __init__(self, specs: Sequence[TermSpec], literals: Sequence[str] = ()) -> None:
        import ahocorasick

        keys: dict[str, list[tuple[TermSpec, int, int]]] = {}
        for spec in specs:
            core = spec.key or " ".join(word_fold(spec.folded).split())
            if not core:
                continue
            if spec.role == "allow":
                keys.setdefault(core, []).append((spec, 0, len(core)))
                continue
            spaceless_left, spaceless_right = is_spaceless(core[0]), is_spaceless(core[-1])
            left = "" if spec.left_open or spec.mode or spec.clitics or spaceless_left else " "
            if spec.right_open or spaceless_right or (spec.verify and not spec.suffixes):
                rights = [""]  # a stem prefix: the word it sits in is confirmed at the hit
            else:
                rights = [" "] + [suffix + " " for suffix in spec.suffixes]
            cores = [core]
            raw = word_fold(spec.folded).strip()
            if " " in core and raw != " ".join(raw.split()):
                # `No. 1`, `S.A.` in the text keep their punctuation as spaces: the phrase as written matches too
                head = raw[: len(raw) - len(raw.split(" ")[-1])]  # all but the last word, as written
                cores.append(head + core[len(core) - spec.key_last:])
            for variant in cores:
                for right in rights:
                    keys.setdefault(left + variant + right, []).append((spec, len(left), len(variant)))
        # Pre-check literals (see LiteralIndex) ride along as plain substrings: one pass per text
        # answers both questions. Only literals that `word_fold` leaves unchanged can be found here.
        lits = {w for w in literals if w and word_fold(w)[1:-1] == w}
        self.literals = frozenset(lits)
        self.size = len(keys)
        self.automaton = ahocorasick.Automaton()
        for key, group in keys.items():
            self.automaton.add_word(key, (len(key), key.endswith(" "), tuple(group), key if key in lits else None))
        for key in sorted(lits - keys.keys()):
            self.automaton.add_word(key, (len(key), False, (), key))
        if keys or lits:
            self.automaton.make_automaton()
        self._cache: dict[str, tuple[list[RawHit], frozenset[str]]] = {}

    def scan(self, words: str) -> list[RawHit]:
        """Hits in a `word_fold`ed text; spans are in the folded text (padding removed)."""
        return self.scan_all(words)[0]

    def scan_all(self, words: str) -> tuple[list[RawHit], frozenset[str]]:
        """`scan`, and the literals (of those given) that occur in `words` as substrings."""
        if not (self.size or self.literals) or len(words) <= 2:
            return [], _EMPTY
        cached = self._cache.get(words)
        if cached is not None:
            return cached
        found = self._scan(words)
        if len(self._cache) >= SCAN_CACHE_SIZE:
            self._cache.clear()
        self._cache[words] = found
        return found

    def _scan(self, words: str) -> tuple[list[RawHit], frozenset[str]]:
        out: list[RawHit] = []
        lits: list[str] = []
        n = len(words)
        for end_index, (length, closed_right, group, literal) in self.automaton.iter(words):
            if literal is not None:
                lits.append(literal)
            key_start = end_index + 1 - length
            for spec, left_len, core_len in group:
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
        return out, frozenset(lits) if lits else _EMPTY


class LiteralIndex:
    """Which of a market's pre-check literals (pattern `requires`, a number rule's numbers and
    numerals, a pattern condition's `requires`) occur in a folded text: one Aho-Corasick pass
    per text instead of one substring search per rule, so a field that contains none of them
    skips every pattern and number rule. Exact: a literal is reported iff `literal in text`
    (the automaton reports overlapping occurrences). Results are memoised per folded text,
    and the index is shared by markets with the same literals."""

    def __init__(self, literals: Sequence[str]) -> None:
        import ahocorasick

        self.literals = frozenset(w for w in literals if w and "\n" not in w)
        # what a term automaton given these literals cannot decide alone (see `from_scan`)
        self._unscanned = tuple(sorted(w for w in self.literals if word_fold(w)[1:-1] != w))
        self._spaced = frozenset(w for w in self.literals if " " in w)
        self._automaton = ahocorasick.Automaton()
        for word in sorted(self.literals):
            self._automaton.add_word(word, word)
        if self.literals:
            self._automaton.make_automaton()
        self._cache: dict[str, frozenset[str]] = {}

    def covers(self, words: frozenset[str]) -> bool:
        """Can `present` answer for every one of `words` (non-empty, no line breaks, indexed)?"""
        return words <= self.literals

    def present(self, folded_text: str) -> frozenset[str]:
        """The indexed literals that occur in `folded_text`."""
        found = self._cache.get(folded_text)
        if found is None:
            found = frozenset(map(_second, self._automaton.iter(folded_text))) if self.literals else _EMPTY
            if len(self._cache) >= SCAN_CACHE_SIZE:
                self._cache.clear()
            self._cache[folded_text] = found
        return found

    def from_scan(self, folded_text: str, candidates: frozenset[str]) -> frozenset[str]:
        """`present`, from what a term automaton built with these literals found in the text's
        `word_fold` form: a literal of word characters occurs there iff it occurs in the folded
        text; one with a space may stand for punctuation there (confirmed on the folded text),
        and literals with punctuation are looked up directly. Same answer as `present`."""
        found = self._cache.get(folded_text)
        if found is None:
            spaced = self._spaced
            hits = [w for w in candidates if w not in spaced or w in folded_text]
            hits.extend(w for w in self._unscanned if w in folded_text)
            found = frozenset(hits) if hits else _EMPTY
            if len(self._cache) >= SCAN_CACHE_SIZE:
                self._cache.clear()
            self._cache[folded_text] = found
        return found


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
        index = self.index
        out = []
        found = find_terms(auto, text, literals)
        if literals is not None and self.literal_index is not None:
            literals[-1] = self.literal_index.from_scan(folded(text).folded, literals[-1])
        for spec, start, end, matched in found:
            i = index.get(spec.rule)
            if i is not None:
                out.append((i, Hit(spec, start, end, matched)))
            elif conditions is not None:
                conditions.append((spec, matched))
        out.sort(key=lambda item: (item[1].start, item[0]))
        return out


def find_terms(auto: TermAutomaton, text: str,
               literals: list[frozenset[str]] | None = None) -> list[tuple[TermSpec, int, int, str]]:
    """Confirmed hits of an automaton in `text`: (spec, start, end, matched) on the original text,
    allow-lists applied, one hit per rule and place, in text order. `literals` receives the
    automaton's literal candidates in the text (see `TermAutomaton.scan_all`)."""
    if not text:
        return []
    ftext = folded(text)
    raw, lits = auto.scan_all(ftext.words)
    if literals is not None:
        literals.append(lits)
    if not auto.size:
        return []
    spaced = ftext.spaced_words
    if spaced is not None:  # Latin words glued to CJK/Thai text: scan once more with those as spaces
        raw = raw + [h for h in auto.scan(spaced) if not is_spaceless(h.spec.folded[0])]
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
        elif not spec.mode:
            return False
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
    if not inflected and rest is not None and len(rest) < MIN_PART:
        inflected = True  # too short to be a compound part: an ending Snowball keeps (Nazis, Kabeln)
    if not inflected and rest is None:
        return False
    return compound_ok(spec.mode, prefix if not spec.left_open else "", rest or "", inflected)


def _condition_index(compiled: MarketRules, shared: dict[tuple[Any, ...], Any]) -> Any:
    """One ConditionIndex for the `terms` conditions every record needs: the positive side of the
    category rules' `match`. A `when`/`unless` is asked only of a record the rule already found
    something in, and a `not` only after the rest of its `all` held, so their words stay out of
    the per-field pass (a common word such as `glass` in an `unless` would otherwise be found
    and carried in every field of a catalogue of kitchenware); they scan on their own when asked."""
    from .conditions import Condition, ConditionIndex, TermsCondition

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
    from .conditions import Condition, PatternCondition

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
                from .conditions import compile_condition

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

