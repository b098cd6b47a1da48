"""Evidence from every signal: conditions over a record's categories, family, attribute values
and copy, combined with any/all/not.

A rule's `match` (category rules: evidence besides the category), `when` (narrows any rule)
and `unless` (cancels it) are conditions. A condition answers with the evidence that made it
true (which signal, which field, which language, which side, what matched), so a finding can
tell the reviewer why it was raised, or None when it is false.

Text signals read the source copy in the source language and the market's translated copy
in the market language, with the same word matching as `terms` rules (stems, compounds,
clitics, substrings for CJK/Thai; see `rules.words`). Conditions are compiled once per run
and shared between markets; scans are memoised per text by the automata and regex caches.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fnmatch import fnmatchcase
from typing import Any

from ..memo import TextMemo
from ..model import Quantity
from .categories import CategoryMatch
from .folding import fold, folded, word_fold_plain
from .packs import glob_regex
from .regexgate import BranchSearch
from .scan import TermAutomaton, find_terms
from .specs import TermSpec, condition_specs
from .view import FieldView, RecordView, evidence

__all__ = ["TRIGGERED", "AllOf", "AnyOf", "Condition", "ConditionIndex", "Evidence", "PatternCondition", "TermsCondition",
           "Triggers", "any_triggers", "compile_condition", "condition_specs", "evidence"]

SIGNALS = ("category", "categories", "family", "attribute", "terms", "pattern", "patterns")
OPS = ("exists", "equals", "in", "gt", "gte", "lt", "lte", "contains")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
PATTERN_CACHE = 20_000
PATTERN_CACHE_CHARS = 2_000_000  # per condition: long copy must not make 20,000 entries a leak
_COUNTER = itertools.count(1)
Evidence = list[dict[str, str]]
_JOIN = " \x00 "  # between texts searched as one (`TermsCondition._may_hit`): folds to itself, is in no word


class Condition:
    """A compiled condition: `test` gives the evidence when it holds (a list, maybe empty), else None."""

    def test(self, view: RecordView) -> Evidence | None:  # pragma: no cover - interface
        raise NotImplementedError

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        """What a record needs for this condition to be able to hold (see `Triggers`), given the
        market's literal and condition indexes; None when it cannot tell."""
        return None

    def walk(self, positive: bool = False) -> Iterator[Condition]:
        """This condition and every condition inside it (`positive`: not those under a `not`)."""
        yield self
        if isinstance(self, Not):
            if not positive:
                yield from self.part.walk()
            return
        for part in getattr(self, "parts", ()):
            yield from part.walk(positive)


@dataclass(frozen=True)
class Triggers:
    """What a record must have for a condition to be able to hold: a category, a family, an
    attribute matching one of `attributes`, a hit of one of the indexed `terms` conditions
    `cids`, or one of the pre-check `literals` in its copy. A record with none of them is
    skipped without testing (most records of a catalogue have none); `None` in place of a
    Triggers means "cannot tell, always test" (a `not`, a pattern without `requires`)."""

    category: bool = False
    family: bool = False
    attributes: tuple[str, ...] = ()
    cids: frozenset[str] = frozenset()
    literals: frozenset[str] = frozenset()
    # with `family`: the family conditions one of which the family must match (empty: any family).
    # Why: every product has a family, so "has a family" let every record through to the test.
    families: tuple[FamilyCondition, ...] = ()
    # record shape (`record_shape`) -> the answer of the category, family and attribute triggers
    _by_shape: TextMemo[bool] = field(default_factory=lambda: TextMemo(SHAPE_ENTRIES, SHAPE_ENTRIES),
                                      compare=False, repr=False)

    def __or__(self, other: Triggers) -> Triggers:
        families: tuple[FamilyCondition, ...] = ()
        if self.family and other.family:
            if self.families and other.families:  # one of either's (any family when one takes any)
                families = self.families + tuple(f for f in other.families
                                                  if not any(f is g for g in self.families))
        else:
            families = self.families if self.family else other.families
        return Triggers(self.category or other.category, self.family or other.family,
                        tuple(dict.fromkeys(self.attributes + other.attributes)),
                        self.cids | other.cids, self.literals | other.literals, families)

    def may_hold(self, view: RecordView, cids: Any, literals: frozenset[str]) -> bool:
        """Whether the record has one of the triggers (`cids`: the hit terms conditions,
        `literals`: the pre-check literals in the record's copy). The category, family and
        attribute triggers are answered once per record shape (`record_shape`): every record
        of every market asks them for each rule with a record check, and a catalogue's records
        share a few dozen shapes."""
        if self.literals and not self.literals.isdisjoint(literals):
            return True
        if self.cids and not self.cids.isdisjoint(cids):
            return True
        if not (self.category or self.family or self.attributes):
            return False
        shape = view.memo.get(SHAPE) or record_shape(view)
        hit = self._by_shape.get(shape)
        if hit is None:
            hit = self._by_shape.put(shape, self._shape_holds(view), 1)
        return hit

    def _shape_holds(self, view: RecordView) -> bool:
        """The category, family and attribute triggers of the record (what `record_shape` keys)."""
        record = view.record
        if self.category and (record.taxonomy or record.categories or record.product.categories):
            return True
        if self.family and record.product.family:
            if not self.families or any(f.matches(record.product.family) for f in self.families):
                return True
        if self.attributes:
            codes = tuple(view.fields)
            values = tuple(record.product.values)
            for glob in self.attributes:
                if _matching_codes(glob, codes) or (values and _matching_codes(glob, values)):
                    return True
        return False


#: The record memo key of the number of its shape (`record_shape`).
SHAPE = "shape"
SHAPE_ENTRIES = 10_000
_SHAPES: TextMemo[int] = TextMemo(SHAPE_ENTRIES, 1_000_000)  # shape -> its number (weight: its codes)
_SHAPE_NUMBERS = itertools.count(1)


def record_shape(view: RecordView) -> int:
    """A number for what `Triggers.may_hold` reads of a record besides its copy: whether it has a
    category, its family, the codes of its fields and of its product's attributes. Records
    (and markets of a product) that look the same have the same number; a number is never
    given to another shape (after the memo of shapes starts over, new shapes get new numbers,
    so an answer remembered for a number stays right). Kept in the record's memo."""
    record = view.record
    product = record.product
    key = (bool(record.taxonomy or record.categories or product.categories), product.family,
           tuple(view.fields), tuple(product.values))
    shape = _SHAPES.get(key)
    if shape is None:
        shape = _SHAPES.put(key, next(_SHAPE_NUMBERS), len(key[2]) + len(key[3]) + 2)
    view.memo[SHAPE] = shape
    return shape


#: The record memo key of (literal index, condition index, hit condition ids, literals in the copy):
#: what the check pass found in the record, for `Triggers.may_hold` of parts of a rule's check.
TRIGGERED = "triggered"


def any_triggers(parts: list[Triggers | None]) -> Triggers | None:
    """The triggers of `any` of conditions: all of theirs (None when one cannot tell)."""
    out = Triggers()
    for t in parts:
        if t is None:
            return None
        out = out | t
    return out


class ConditionIndex:
    """The word lists of every `terms` condition of a market in one automaton per language, so a
    record's texts are scanned once for all of them (not once per condition); each condition then
    reads its own hits. Built once per market, shared by markets with the same conditions."""

    def __init__(self, conditions: list[TermsCondition]) -> None:
        self.specs = [spec for c in conditions for spec in c.specs]
        self.cids = frozenset(c.cid for c in conditions)
        self._automata: dict[str, Any] = {}

    def automaton(self, lang: str) -> Any:
        auto = self._automata.get(lang)
        if auto is None:
            auto = self._automata[lang] = TermAutomaton([s for s in self.specs if s.lang in (lang, "*")])
        return auto

    def hits(self, view: RecordView) -> dict[str, list[tuple[FieldView, str, str, str]]]:
        """condition id -> [(field, language, side, matched)] in field order, memoised per record."""
        found = view.memo.get("condition_hits")
        if found is None:
            found = view.memo["condition_hits"] = {}
            for fv, text, lang, side in _texts(view, (), "both"):
                auto = self.automaton(lang)
                if not auto.size:
                    continue
                for spec, _start, _end, matched in find_terms(auto, text):
                    found.setdefault(spec.rule, []).append((fv, lang, side, matched))
        return found


@dataclass
class AnyOf(Condition):
    parts: list[Condition]

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        return any_triggers([p.triggers(literal_index, condition_index) for p in self.parts])

    def test(self, view: RecordView) -> Evidence | None:
        for part in self.parts:
            found = part.test(view)
            if found is not None:
                return found
        return None


@dataclass
class AllOf(Condition):
    parts: list[Condition]

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        for part in self.parts:  # every part must hold: the needs of any one of them will do
            found = part.triggers(literal_index, condition_index)
            if found is not None:
                return found
        return None

    def test(self, view: RecordView) -> Evidence | None:
        out: Evidence = []
        for part in self.parts:
            found = part.test(view)
            if found is None:
                return None
            out.extend(found)
        return out


@dataclass
class Not(Condition):
    part: Condition

    def test(self, view: RecordView) -> Evidence | None:
        return [] if self.part.test(view) is None else None


@dataclass
class CategoryCondition(Condition):
    match: Any  # matchers.category.CategoryMatch

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        return Triggers(category=True)  # CategoryMatch.evidence needs some category

    def test(self, view: RecordView) -> Evidence | None:
        return self.match.evidence(view)


@dataclass
class FamilyCondition(Condition):
    globs: tuple[str, ...]

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        return Triggers(family=True, families=(self,))  # `test` holds iff the family `matches`

    _hits: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def test(self, view: RecordView) -> Evidence | None:
        family = view.record.product.family
        if family and self.matches(family):
            return [evidence("family", field="family", matched=family)]
        return None

    def matches(self, family: str) -> bool:
        """Whether a family code matches a glob, once per distinct code: a catalogue has a few
        hundred families and every record asks (glob matching per record was ~2% of a run)."""
        hit = self._hits.get(family)
        if hit is None:
            if len(self._hits) >= 10_000:
                self._hits.clear()
            low = family.lower()
            hit = self._hits[family] = any(fnmatchcase(low, g.lower()) for g in self.globs)
        return hit


@dataclass
class AttributeCondition(Condition):
    """An attribute's value: present, equal to, one of, compared as a number, containing a text."""

    glob: str
    ops: dict[str, Any]

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        if self.ops.get("exists") is False:
            return None  # holds when no such attribute is there
        return Triggers(attributes=(self.glob,))

    def test(self, view: RecordView) -> Evidence | None:
        for code, value in _attribute_values(view, self.glob):
            shown = _show(value)
            if self._holds(value):
                return [evidence("attribute", field=code, matched=f"{code} = {shown}" if shown else code)]
        if self.ops.get("exists") is False and not any(True for _ in _attribute_values(view, self.glob)):
            return [evidence("attribute", field=self.glob, matched=f"no {self.glob}")]
        return None

    def _holds(self, value: Any) -> bool:
        ops = self.ops
        if not ops:
            return _truthy(value)
        if "exists" in ops:
            if ops["exists"] is False:
                return False
            if not _present(value):
                return False
        number = _number(value)
        for op, limit in ops.items():
            if op == "exists":
                continue
            if op in ("gt", "gte", "lt", "lte"):
                if number is None:
                    return False
                lim = Decimal(str(limit))
                if not ((op == "gt" and number > lim) or (op == "gte" and number >= lim)
                        or (op == "lt" and number < lim) or (op == "lte" and number <= lim)):
                    return False
            elif op == "equals":
                if not _equals(value, limit, number):
                    return False
            elif op == "in":
                if not any(_equals(value, item, number) for item in limit):
                    return False
            elif op == "contains":
                if fold(str(limit)) not in fold(_show(value)):
                    return False
        return True


@dataclass
class TermsCondition(Condition):
    """Words in the copy: source text with the source language's words, translated text with the market's."""

    specs: list[TermSpec]
    fields: tuple[str, ...] = ()
    side: str = "both"
    cid: str = ""  # the id its specs carry (unique per condition)
    _automata: dict[str, Any] = field(default_factory=dict)

    def automaton(self, lang: str) -> Any:
        auto = self._automata.get(lang)
        if auto is None:
            auto = self._automata[lang] = TermAutomaton([s for s in self.specs if s.lang in (lang, "*")])
        return auto

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        if condition_index is not None and self.cid in condition_index.cids:
            return Triggers(cids=frozenset({self.cid}))  # answered from the check pass's hits
        return None

    def test(self, view: RecordView) -> Evidence | None:
        index = view.conditions
        if index is not None and self.cid in index.cids:
            keep = glob_regex(self.fields) if self.fields else None
            for fv, lang, side, matched in index.hits(view).get(self.cid, ()):
                if (self.side in ("both", side)) and (keep is None or keep.match(fv.code) is not None):
                    return [evidence("terms", field=fv.code, language=lang, side=side, matched=matched)]
            return None
        texts = list(_texts(view, self.fields, self.side))
        if not self._may_hit(texts):
            return None
        for fv, text, lang, side in texts:
            auto = self.automaton(lang)
            if not auto.size:
                continue
            hits = find_terms(auto, text)
            if hits:
                _spec, _start, _end, matched = hits[0]
                return [evidence("terms", field=fv.code, language=lang, side=side, matched=matched)]
        return None

    def _may_hit(self, texts: list[tuple[FieldView, str, str, str]]) -> bool:
        """False when no key of the automata occurs in any of the texts: one search over each
        language's texts joined (each text's `word_fold` form, padding included, is a substring
        of the join's, as in `MarketRules.loud_texts`) instead of a folded form and a search per
        text. A `when` of a rule is asked of every record the rule found something in (the
        small-parts rule: every toy), and most of them hold none of its words."""
        by_lang: dict[str, list[str]] = {}
        for _fv, text, lang, _side in texts:
            by_lang.setdefault(lang, []).append(fold(text))
        for lang, folds in by_lang.items():
            auto = self.automaton(lang)
            if not auto.size:
                continue
            words, maybe_spaceless = word_fold_plain(_JOIN.join(folds))
            if maybe_spaceless or auto.occurrences(words):
                return True  # a key somewhere (or CJK/Thai, scanned twice per text): ask each text
        return False


@dataclass
class PatternCondition(Condition):
    regex: re.Pattern[str]
    fields: tuple[str, ...] = ()
    side: str = "both"
    languages: frozenset[str] = frozenset()
    requires: tuple[str, ...] = ()
    cache: TextMemo[str | None] = field(default_factory=lambda: TextMemo(PATTERN_CACHE, PATTERN_CACHE_CHARS))
    _requires_re: re.Pattern[str] | None = None
    _needed: frozenset[str] | None = None
    _covered: dict[int, bool] = field(default_factory=dict)  # literal index id -> covers `requires`
    search: Any = None  # regexgate.BranchSearch: the same first match, skipping branches that cannot match

    def triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        needed = frozenset(self.requires)
        if self.requires and literal_index is not None and literal_index.covers(needed):
            return Triggers(literals=needed)  # `_test_indexed` returns None without one of them
        return None

    def test(self, view: RecordView) -> Evidence | None:
        index = view.memo.get("literals")
        if self.requires and index is not None:
            needed = self._needed
            if needed is None:
                needed = self._needed = frozenset(self.requires)
            covered = self._covered.get(id(index))
            if covered is None:
                covered = self._covered[id(index)] = index.covers(needed)
            if covered:
                return self._test_indexed(view, index, needed)
        if self.requires:
            everything = view.memo.get("folded_all")
            if everything is None:
                everything = view.memo["folded_all"] = "\n".join(folded(t[1]).folded for t in _texts(view, (), "both"))
            if self._requires_re is None:
                self._requires_re = re.compile("|".join(re.escape(w) for w in self.requires))
            if self._requires_re.search(everything) is None:
                return None
        def may_match(text: str) -> bool:
            low = folded(text).folded
            return not self.requires or any(word in low for word in self.requires)

        return self._first_hit(view, may_match)

    def _first_hit(self, view: RecordView, may_match: Any) -> Evidence | None:
        """The first text of the condition's fields the pattern finds, as evidence; `may_match`
        is the cheap pre-check run before the regular expression (results cached per text)."""
        for fv, text, lang, side in _texts(view, self.fields, self.side):
            if self.languages and lang not in self.languages:
                continue
            if not may_match(text):  # the pre-check first: a remembered hit passed it
                continue
            hit = self.cache.lookup(text, "")
            if hit == "":
                if self.search is not None:
                    hit = self.search.first(text)
                else:
                    m = self.regex.search(text)
                    hit = m.group(0) if m else None
                self.cache.put(text, hit)
            if hit:
                return [evidence("pattern", field=fv.code, language=lang, side=side, matched=hit)]
        return None


    def _test_indexed(self, view: RecordView, index: Any, needed: frozenset[str]) -> Evidence | None:
        """`test` with the `requires` pre-check answered by the market's literal index (one
        automaton pass per text for every pattern rule and condition); same result."""
        key = present_key(index)
        everything = view.memo.get(key)
        if everything is None:  # the literals anywhere in the record, once per record and index
            everything = view.memo[key] = record_literals(view, index, {})
        if needed.isdisjoint(everything):
            return None
        # the literals of each text, as the check pass found them (`record_presents`); the others looked up
        known: dict[str, frozenset[str]] = view.memo.get(presents_key(index)) or {}

        def may_match(text: str) -> bool:
            present = known.get(text)
            if present is None:
                present = index.present(folded(text).folded)
            return not needed.isdisjoint(present)

        return self._first_hit(view, may_match)


def compile_condition(data: Any, rule_id: str) -> Condition | None:
    """A condition from its YAML form (None for an empty one). Several signal keys in one
    mapping mean any of them (the form `when: {categories, terms}` had before)."""
    if not data:
        return None
    parts: list[Condition] = []
    if "any" in data:
        parts.append(AnyOf([c for c in (compile_condition(d, rule_id) for d in data["any"]) if c is not None]))
    if "all" in data:
        members = [c for c in (compile_condition(d, rule_id) for d in data["all"]) if c is not None]
        # a `not` is asked last: only once the rest held (its words are not in the per-field pass)
        parts.append(AllOf(sorted(members, key=lambda c: isinstance(c, Not))))
    if "not" in data:
        inner = compile_condition(data["not"], rule_id)
        if inner is not None:
            parts.append(Not(inner))
    cats = data.get("category") or data.get("categories")
    if cats:
        parts.append(CategoryCondition(CategoryMatch.from_spec(cats, rule_id)))
    if data.get("family"):
        parts.append(FamilyCondition(tuple(data["family"])))
    if "attribute" in data:
        parts.append(AttributeCondition(data["attribute"], {k: data[k] for k in OPS if k in data}))
    fields = tuple(data.get("fields", ()))
    side = data.get("side", "both")
    if data.get("terms"):
        cid = f"{rule_id}#{next(_COUNTER)}"
        specs = list(condition_specs(data, cid))
        parts.append(TermsCondition(specs, fields, side, cid))
    pats = ([data["pattern"]] if data.get("pattern") else []) + list(data.get("patterns", ()))
    if pats:
        flags = re.IGNORECASE if data.get("ignore_case", True) else 0
        search = BranchSearch(pats, flags)
        # without `requires`: texts every match contains, when the regex tells (so the market's
        # literal index rules a record out without running the regex on each of its texts)
        requires = data.get("requires") or search.required_literals(fold) or ()
        parts.append(PatternCondition(search.regex, fields, side, frozenset(data.get("languages", ())),
                                      tuple(fold(w) for w in requires), search=search))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AnyOf(parts)


def _texts(view: RecordView, fields: tuple[str, ...], side: str) -> Iterator[tuple[FieldView, str, str, str]]:
    """(field, text, language, side) of every text the record shows: source copy, translated copy, labels."""
    every = view.texts
    if not fields and side == "both":
        return iter(every)
    keep = glob_regex(fields) if fields else None
    return (t for t in every if (side == "both" or t[3] == side) and (keep is None or keep.match(t[0].code) is not None))


def present_key(index: Any) -> str:
    """The record memo key of the literals of `index` present anywhere in the record."""
    return index.memo_keys[0]  # type: ignore[no-any-return]


def presents_key(index: Any) -> str:
    """The record memo key of {text: the literals of `index` in it} for the texts the check pass
    looked up (each value is `index.present` of the folded text)."""
    return index.memo_keys[1]  # type: ignore[no-any-return]


def record_literals(view: RecordView, index: Any, known: dict[str, frozenset[str]]) -> frozenset[str]:
    """The literals of `index` anywhere in the record's texts; `known` holds texts already looked up."""
    found: set[str] = set()
    for t in view.texts:
        present = known.get(t[1])
        if present is None:
            present = index.present(folded(t[1]).folded)
        if present:
            found.update(present)
    return frozenset(found)


_GLOB_HITS: dict[tuple[str, str], bool] = {}


def _code_matches(glob: str, code: str) -> bool:
    """Attribute code against a glob, case-insensitive, memoised (a catalogue has few codes)."""
    key = (glob, code)
    hit = _GLOB_HITS.get(key)
    if hit is None:
        if len(_GLOB_HITS) > 100_000:
            _GLOB_HITS.clear()
        hit = _GLOB_HITS[key] = fnmatchcase(code.lower(), glob.lower())
    return hit


_CODES: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _matching_codes(glob: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """The codes a glob matches, memoised per set of codes (records of a catalogue share them)."""
    key = (glob, codes)
    hit = _CODES.get(key)
    if hit is None:
        if len(_CODES) > 50_000:
            _CODES.clear()
        hit = _CODES[key] = tuple(c for c in codes if _code_matches(glob, c))
    return hit


def _attribute_values(view: RecordView, glob: str) -> Iterator[tuple[str, Any]]:
    fields = view.fields
    for code in _matching_codes(glob, tuple(fields)):
        for value in _field_values(fields[code]):
            yield code, value
    values_by_code = view.record.product.values
    if not values_by_code:
        return
    for code in _matching_codes(glob, tuple(values_by_code)):
        if code in fields:
            continue
        values = values_by_code[code]
        for v in values:
            if _present(v.data):
                yield code, v.data


def _field_values(fv: FieldView) -> Iterator[Any]:
    if fv.number is not None:
        yield fv.number
    if fv.options:
        yield fv.options
    if fv.source_text:
        yield fv.source_text
    if fv.prices:
        yield fv.prices
    if fv.label and not (fv.number is not None or fv.options or fv.source_text):
        yield fv.label


def _present(value: Any) -> bool:
    return value not in (None, "", ()) and value != []


def _truthy(value: Any) -> bool:
    if not _present(value) or value is False:
        return False
    if isinstance(value, str) and fold(value).strip() in ("0", "false", "no", "nein", "non", "none", "n/a", "-"):
        return False
    number = _number(value)
    return number is None or number != 0


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, Quantity):
        return value.amount
    if isinstance(value, str):
        m = _NUMBER.search(value)
        if m:
            try:
                return Decimal(m.group(0).replace(",", "."))
            except InvalidOperation:
                return None
    if isinstance(value, tuple) and len(value) == 1:
        return _number(value[0])
    return None


def _equals(value: Any, wanted: Any, number: Decimal | None) -> bool:
    if isinstance(wanted, bool):
        return value is wanted or (isinstance(value, str) and fold(value) in (("true", "1", "yes") if wanted else ("false", "0", "no")))
    if isinstance(wanted, int | float) and number is not None:
        return number == Decimal(str(wanted))
    target = fold(str(wanted))
    if isinstance(value, tuple):
        return any(fold(str(v)) == target for v in value)
    return fold(_show(value)).strip() == target


def _show(value: Any) -> str:
    if isinstance(value, Quantity):
        return f"{value.amount} {value.unit}"
    if isinstance(value, tuple):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return "" if value is None else str(value)


def fold_text(text: str) -> str:
    return folded(text).folded
