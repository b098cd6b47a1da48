"""Run a market's compiled rules over one record: every text field on its source and
translated side, untranslated names, prices, counts, colours and categories.

`check_record` is the library entry point (the check stage calls it per record; tests and
the benchmark call it directly). It returns findings; it never raises for bad data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..locale import language_of, to_pim_locale
from ..memo import TextMemo
from ..model import Finding, LocalizedRecord, LocalizedValue, Money, Quantity
from .compile import MarketRules
from .conditions import TRIGGERED, record_literals
from .folding import folded
from .loud import Facts, LoudUnion, union_for
from .matchers import MATCHERS
from .matchers.base import FieldView, RecordView, iter_money, number_of
from .packs import glob_regex

_NONE: frozenset[str] = frozenset()
_MISSING: Any = object()

# Identifiers, codes and links are not copy: rules do not read them unless a rule names them.
DEFAULT_EXCLUDE = ("sku", "ean", "gtin", "upc", "mpn", "*_id", "id", "*url*", "*link*", "picture*", "image*",
                   "*_image", "*_code")


def record_view(
    record: LocalizedRecord,
    *,
    source_locale: str,
    as_of: dt.date,
    include: Iterable[str] = (),
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
    taxonomy: Any = None,
    pim_categories: Any = None,
) -> RecordView:
    """The fields of a record as the rules see them (from `record.values`, or the product when empty)."""
    market = record.market
    src_locale = record.source_locale or source_locale
    source_lang = language_of(src_locale) if src_locale else market.language
    market_lang = market.language
    kept = _keep_filter(include if type(include) is tuple else tuple(include),
                        exclude if type(exclude) is tuple else tuple(exclude))
    fields: dict[str, FieldView] = {}
    texts: list[tuple[FieldView, str, str, str]] = []  # every text the record shows (see RecordView.texts)
    passes: list[tuple[FieldView, str, str, str, str]] = []  # what `check_view` reads (RecordView.passes)
    view_locale = src_locale or market.locale
    market_locale = market.locale
    sources: list[str] = []
    targets: list[str] = sources if source_lang == market_lang else []
    by_lang = {source_lang: sources, market_lang: targets}
    items: Iterable[tuple[str, LocalizedValue]] = record.values.items()
    if not record.values:
        pim = to_pim_locale(src_locale) if src_locale else None
        items = [(c, LocalizedValue(record.product.get(c, pim, market.channel))) for c in record.product.values]
    for code, lv in items:
        if not kept[code]:
            continue
        data, source, status, display = lv.data, lv.source, lv.status, lv.display
        if type(data) is str and (source is None or type(source) is str):  # most fields: copy (fast path)
            s = data if source is None else source
            target = data if data != s else None
            number = number_of(data) if data[:1].isdigit() or data[:1].isspace() else None
            if not (s or target or number is not None or display):
                continue
            fv = FieldView(code, s, target, target is None and market_lang != source_lang, (), display, number,
                           (), status)
            fields[code] = fv
            if s:
                texts.append((fv, s, source_lang, "source"))
                passes.append((fv, s, source_lang, view_locale, "source"))
                sources.append(s)
            if target:
                texts.append((fv, target, market_lang, "target"))
                passes.append((fv, target, market_lang, market_locale, "target"))
                targets.append(target)
            else:
                if display and display != s:  # an option's label: what the market is shown
                    texts.append((fv, display, market_lang, "target"))
                    passes.append((fv, display, market_lang, market_locale, "target"))
                    targets.append(display)
                if s and target is None and market_lang != source_lang:  # untranslated (`fv.untranslated`)
                    passes.append((fv, s, market_lang, market_locale, NAMES))
            continue
        if not isinstance(source, str):  # measures and prices (what the general path below makes of them)
            measure: FieldView | None = None
            if type(data) is Quantity:
                measure = FieldView(code, None, None, False, (), display, data.amount, (), status)
            elif type(data) is tuple and data and all(type(x) is Money for x in data):
                measure = FieldView(code, None, None, False, (), display, None, data, status)
            if measure is not None:
                if measure.number is not None or measure.prices or display:
                    fields[code] = measure
                    if display:
                        texts.append((measure, display, market_lang, "target"))
                        passes.append((measure, display, market_lang, market_locale, "target"))
                        targets.append(display)
                continue
        fv = FieldView(code, status=status, label=display)
        if isinstance(data, str) or isinstance(source, str):
            s = source if isinstance(source, str) else (data if isinstance(data, str) else None)
            t = data if isinstance(data, str) else None
            fv.source_text = s
            if t is not None and t != s:
                fv.target_text = t
            elif t is not None and market_lang != source_lang:
                fv.untranslated = True
        elif isinstance(data, tuple) and data and all(isinstance(x, str) for x in data):
            fv.options = data  # type: ignore[assignment]
        if type(data) is str:  # most fields: a text is a number only when it is all digits
            fv.number = number_of(data) if data[:1].isdigit() or data[:1].isspace() else None
        else:
            fv.number = number_of(data)
            fv.prices = tuple(iter_money(data))
        if fv.source_text or fv.target_text or fv.options or fv.number is not None or fv.prices or fv.label:
            fields[code] = fv
            if fv.source_text:
                texts.append((fv, fv.source_text, source_lang, "source"))
            if fv.target_text:
                texts.append((fv, fv.target_text, market_lang, "target"))
            elif fv.label and fv.label != fv.source_text:
                texts.append((fv, fv.label, market_lang, "target"))
            for option in fv.options:
                texts.append((fv, option.replace("_", " "), "*", "source"))
            _add_passes(fv, passes, sources, targets, source_lang, view_locale, market_lang, market_locale)
    return RecordView(record=record, fields=fields, source_locale=view_locale,
                      source_lang=source_lang, market_lang=market_lang, as_of=as_of, taxonomy=taxonomy,
                      pim_categories=pim_categories, texts=texts, passes=passes, by_lang=by_lang)


#: The side of an entry of `RecordView.passes` for the untranslated-names automaton.
NAMES = "names"


def _add_passes(fv: FieldView, passes: list[tuple[FieldView, str, str, str, str]], sources: list[str],
                targets: list[str], source_lang: str, source_locale: str, market_lang: str,
                market_locale: str) -> None:
    """A field's entries of `RecordView.passes` and its texts by language (see there)."""
    if fv.source_text:
        passes.append((fv, fv.source_text, source_lang, source_locale, "source"))
        sources.append(fv.source_text)
    if fv.target_text:
        passes.append((fv, fv.target_text, market_lang, market_locale, "target"))
        targets.append(fv.target_text)
    elif fv.label and fv.label != fv.source_text:
        passes.append((fv, fv.label, market_lang, market_locale, "target"))
        targets.append(fv.label)
    if fv.untranslated and fv.source_text:
        passes.append((fv, fv.source_text, market_lang, market_locale, NAMES))


def _passes(view: RecordView) -> tuple[list[tuple[FieldView, str, str, str, str]], dict[str, list[str]]]:
    """`view.passes` and `view.by_lang`, worked out from its fields when the view has none."""
    if view.passes is None or view.by_lang is None:
        passes: list[tuple[FieldView, str, str, str, str]] = []
        sources: list[str] = []
        targets: list[str] = sources if view.source_lang == view.market_lang else []
        by_lang = {view.source_lang: sources, view.market_lang: targets}
        for fv in view.fields.values():
            _add_passes(fv, passes, sources, targets, view.source_lang, view.source_locale, view.market_lang,
                        view.market.locale)
        view.passes, view.by_lang = passes, by_lang
    return view.passes, view.by_lang


class _Kept(dict[str, bool]):
    """Attribute code -> whether the rules read it: `include` (all when empty) minus `exclude`,
    unless included by name; each code matched once (`kept[code]` is one C lookup after that)."""

    def __init__(self, include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
        super().__init__()
        self.inc, self.exc = glob_regex(include), glob_regex(exclude)

    def __missing__(self, code: str) -> bool:
        if self.inc is not None:
            hit = self.inc.match(code) is not None
        else:
            hit = self.exc is None or self.exc.match(code) is None
        if len(self) < 100_000:  # a catalogue has a few hundred codes; a hostile one is not kept
            self[code] = hit
        return hit


@lru_cache(maxsize=64)
def _keep_filter(include: tuple[str, ...], exclude: tuple[str, ...]) -> _Kept:
    """Which fields the rules read (see `_Kept`), one table per pair of settings."""
    return _Kept(include, exclude)


Loud = dict[str, dict[str, frozenset[str] | None] | None]  # language -> `MarketRules.loud_texts` answer


def check_views(items: Sequence[tuple[MarketRules, RecordView]]) -> list[list[Finding]]:
    """`check_view` of each (compiled rules, view), the text-only part done once per DISTINCT text
    and language, for every market at once.

    Which texts the per-text pass must read (`MarketRules.loud_texts`) depends only on the text,
    its language and the market's automaton; the batch's distinct texts of each language are
    searched once with the automata of all its markets joined (`loud.LoudUnion`: the source copy
    is the same in every market, markets with one language read the same translations), and each
    market's answer is read from what was found; each record's check then reads the answer for its
    texts, and the record's own context (field, side, conditions on other fields, categories) is
    applied per record as before. Catalogues repeat copy (variants share descriptions), so a batch
    holds far fewer distinct texts than texts. Findings are those of `check_view` per record: an
    answer for a text is a property of the text alone (see `loud_texts`)."""
    groups: dict[str, dict[str, None]] = {}  # language -> the batch's distinct texts in it
    markets: dict[str, dict[int, MarketRules]] = {}  # language -> the markets asking about it
    langs: list[list[str] | None] = []
    for compiled, view in items:
        if not compiled.has_words("text"):
            langs.append(None)
            continue
        mine: list[str] = []
        for lang, texts in _passes(view)[1].items():
            if not texts:
                continue
            distinct = groups.get(lang)
            if distinct is None:
                distinct = groups[lang] = {}
                markets[lang] = {}
            for text in texts:
                distinct[text] = None
            markets[lang].setdefault(id(compiled), compiled)
            mine.append(lang)
        langs.append(mine)
    facts = {lang: _loud_memoised(list(markets[lang].values()), list(texts), lang) for lang, texts in groups.items()}
    answers: dict[tuple[int, str], dict[str, frozenset[str] | None]] = {}  # (market, language) -> its answer
    out = []
    for (compiled, view), mine in zip(items, langs, strict=True):
        if mine is None:
            out.append(check_view(compiled, view, None))
            continue
        loud: Loud = {}
        for lang in mine:
            answer = answers.get((id(compiled), lang))
            if answer is None:
                union, found = facts[lang]
                answer = answers[(id(compiled), lang)] = union.answer(compiled, found)
            loud[lang] = answer
        out.append(check_view(compiled, view, loud))
    return out


#: Records checked together by `check_chunks`: enough texts for one joined pass to pay, few enough
#: that their views die young (a batch's views held at once cost the collector more full passes).
CHECK_CHUNK = 64


def check_chunks(items: Iterable[tuple[MarketRules, LocalizedRecord]],
                 view_of: Callable[[LocalizedRecord], RecordView]) -> Iterator[tuple[RecordView, list[Finding]]]:
    """(view, findings) of each (compiled rules, record), in order: `check_views` over chunks of
    `CHECK_CHUNK` records, each record's view built by `view_of` (`record_view` with the run's
    settings). What the check stage calls; repeated copy across chunks is read once through the
    memo of `loud_texts` answers."""
    chunk: list[tuple[MarketRules, RecordView]] = []
    for compiled, record in items:
        chunk.append((compiled, view_of(record)))
        if len(chunk) >= CHECK_CHUNK:
            yield from zip([view for _, view in chunk], check_views(chunk), strict=True)
            chunk = []
    if chunk:
        yield from zip([view for _, view in chunk], check_views(chunk), strict=True)


#: Per language: the facts (`loud.Facts`) of texts of earlier batches (a catalogue's repeated copy is
#: spread over the whole file, not one batch), bounded by the characters of the texts it holds.
LOUD_MEMO_ENTRIES = 50_000
LOUD_MEMO_CHARS = 4_000_000
#: A memo that answered fewer than this share of the last `LOUD_PROBE` texts is not asked (nor fed)
#: for its next `LOUD_REST` calls (chunks of `CHECK_CHUNK` records): on copy that never repeats it
#: only costs (a lookup and an entry a text, ~10% of the rules' time in `bench rules`), and every
#: answer is the same without it.
LOUD_MIN_HITS = 0.05
LOUD_PROBE = 5_000
LOUD_REST = 200
_QUIET: Any = object()  # remembered: no key and no literal of any market in the text (its pass is skipped)


class _LoudMemo:
    """The remembered facts of one language's union of automata, and how often they were asked for and found."""

    __slots__ = ("automaton", "memo", "asked", "found", "rest")

    def __init__(self, automaton: Any) -> None:
        self.automaton = automaton  # the `LoudUnion` whose facts these are
        self.memo: TextMemo[Any] = TextMemo(LOUD_MEMO_ENTRIES, LOUD_MEMO_CHARS)
        self.asked = self.found = self.rest = 0


def _loud_memoised(markets: list[MarketRules], texts: list[str], lang: str) -> tuple[LoudUnion, list[tuple[str, Facts]]]:
    """The union of the markets' automata for `lang` and the facts of those of `texts` that hold
    anything: from the memo for the texts an earlier batch asked about, one search of the others.
    Facts are a property of the text alone, so a remembered one is the one the batch would give."""
    shared = markets[0].shared
    union = union_for(markets, lang, shared)
    state = shared.get(("loud", lang))
    if state is None or state.automaton is not union:
        state = shared[("loud", lang)] = _LoudMemo(union)
    if state.rest:
        state.rest -= 1
        return union, list(union.facts(texts).items())
    memo = state.memo
    out: list[tuple[str, Facts]] = []
    missing = []
    for text in texts:
        found = memo.lookup(text, _MISSING)
        if found is _MISSING:
            missing.append(text)
        elif found is not _QUIET:
            out.append((text, found))
    state.asked += len(texts)
    state.found += len(texts) - len(missing)
    if missing:
        fresh = union.facts(missing)
        out.extend(fresh.items())
        for text in missing:
            answer = fresh.get(text, _QUIET)
            memo.put(text, answer, len(text) + 1 if answer is _QUIET else len(text) + 57 + 56 * len(answer[0]))
    if state.asked >= LOUD_PROBE:
        if state.found < LOUD_MIN_HITS * state.asked:
            state.rest = LOUD_REST
        state.asked = state.found = 0
    return union, out


def check_view(compiled: MarketRules, view: RecordView, loud_answers: Loud | None = None) -> list[Finding]:
    """Every finding of the market's rules on one record view (deduplicated, in a stable order).
    `loud_answers` (from `check_views`): each language's `loud_texts` answer for the view's texts,
    computed over the batch's distinct texts; without it the record's texts are asked here."""
    findings: list[Finding] = []
    rules, states = compiled.rules, compiled.states
    view.conditions = index = compiled.condition_index
    cond_hits: dict[str, list[tuple[FieldView, str, str, str]]] | None = None
    if index is not None:
        cond_hits = view.memo["condition_hits"] = {}
    pending: list[tuple[Any, str]] = []
    market_locale = view.market.locale
    has_text_words = compiled.has_words("text")
    has_name_words = compiled.has_words("names")
    gated_text_rules = compiled.gated_text_rules
    literal_index = view.memo["literals"] = compiled.literal_index
    presents: dict[str, frozenset[str]] = {}  # text -> the literal index's literals in it (from this pass)
    passes, by_lang = _passes(view)
    loud: Loud = {}  # language -> `MarketRules.loud_texts`
    if loud_answers is not None:
        loud = loud_answers
    elif has_text_words:
        for lang, texts in by_lang.items():
            if texts:
                loud[lang] = compiled.loud_texts(texts, lang)
    for fv, text, lang, locale, side in passes:
        code = fv.code
        if side is NAMES:  # source copy the market shows untranslated: the names automaton
            if has_name_words:
                for index, hit in compiled.term_hits(text, lang, "names"):
                    rule = rules[index]
                    if not rule.applies_to_field(code):
                        continue
                    finding = MATCHERS[rule.kind].on_hit(rule, states[index], hit, fv, view, locale)
                    if finding is not None:
                        findings.append(finding)
            continue
        present: frozenset[str] | None = None
        louder = loud.get(lang)
        if louder is not None:
            present = louder.get(text, _NONE)  # None: the pass must run; else no hit, and these literals
        if present is None and has_text_words:
            literals: list[frozenset[str]] = []
            for i, hit in compiled.term_hits(text, lang, "text", pending if cond_hits is not None else None,
                                             literals):
                rule = rules[i]
                if rule.side not in ("both", side) or not rule.applies_to_field(code):
                    continue
                finding = MATCHERS[rule.kind].on_hit(rule, states[i], hit, fv, view, locale)
                if finding is not None:
                    findings.append(finding)
            if pending:
                for spec, matched in pending:
                    cond_hits.setdefault(spec.rule, []).append((fv, lang, side, matched))  # type: ignore[union-attr]
                pending.clear()
            if literals:
                present = literals[0]  # the literal index's answer, from the same pass
        gated = gated_text_rules(code, side, lang)
        if gated:
            if present is None:
                present = literal_index.present(folded(text).folded) if literal_index is not None else _NONE
            for rule, state, matcher, gate in gated:
                if gate is not None and gate.isdisjoint(present):
                    continue  # none of the literals the rule's own first check needs is in the text
                found = matcher.scan_text(rule, state, text, lang, fv, view, locale)
                if found:
                    findings.extend(found)
        if present is not None:
            presents[text] = present
    record_lits: frozenset[str] = _NONE
    if literal_index is not None:  # what pattern conditions ask first: any of their literals in the record?
        present_all, presents_of = literal_index.memo_keys  # `present_key`, `presents_key`
        record_lits = view.memo[present_all] = record_literals(view, literal_index, presents)
        view.memo[presents_of] = presents  # each text's, for pattern conditions
    hit_cids = cond_hits if cond_hits is not None else {}
    view.memo[TRIGGERED] = (literal_index, compiled.condition_index, hit_cids.keys(), record_lits)
    if not compiled.quiet_hits(hit_cids.keys(), record_lits):
        for index, triggers in compiled.record_checks():
            if triggers is not None and not triggers.may_hold(view, hit_cids.keys(), record_lits):
                continue  # nothing in the record the rule's check could find
            findings.extend(MATCHERS[rules[index].kind].check_record(rules[index], states[index], view))
    else:  # no hit the checks read: which checks can find anything follows from the shape and categories
        for index in compiled.quiet_checks(view):
            findings.extend(MATCHERS[rules[index].kind].check_record(rules[index], states[index], view))
    if findings and compiled.gates:
        findings = _gated(findings, compiled.gates, view)
    if len(findings) > 1:
        findings = _one_per_kind(findings, compiled)
    return _prefer_target(_dedupe(findings), market_locale) if findings else findings


def _one_per_kind(findings: list[Finding], compiled: MarketRules) -> list[Finding]:
    """A rule that reads only the category ("the category is weapons, whatever the copy says") asks the
    reviewer the question another rule of the same risk already asks about the copy (a switchblade in
    "Messer & Dolche"): the record gets that one finding, with the category's evidence added to it."""
    index, rules = compiled.index, compiled.rules
    category_only = [f for f in findings if f.field == "categories" and f.rule in index
                     and rules[index[f.rule]].kind == "category" and not rules[index[f.rule]].spec.get("match")]
    if not category_only:
        return findings
    out = list(findings)
    for cat in category_only:
        risk = rules[index[cat.rule]].risk  # type: ignore[index]
        for i, other in enumerate(out):
            if (other is not cat and other.rule in index and other.severity in ("block", "review")
                    and other.field != "categories" and rules[index[other.rule]].risk == risk):
                out[i] = replace(other, evidence=(*(other.evidence or ()), *(cat.evidence or ())))
                out.remove(cat)
                break
    return out


def _gated(findings: list[Finding], gates: dict[str, tuple[Any, Any]], view: RecordView) -> list[Finding]:
    """Apply each rule's `when` (must hold) and `unless` (must not), once per rule and record; the
    evidence of `when` is added to the finding's own."""
    verdicts: dict[str, Any] = {}
    out = []
    for f in findings:
        gate = gates.get(f.rule or "")
        if gate is None:
            out.append(f)
            continue
        if f.rule not in verdicts:
            when, unless = gate
            ok: Any = []
            if when is not None:
                ok = when.test(view)
            if ok is not None and unless is not None and unless.test(view) is not None:
                ok = None
            verdicts[f.rule] = ok  # type: ignore[index]
        ok = verdicts[f.rule]  # type: ignore[index]
        if ok is None:
            continue
        out.append(replace(f, evidence=(*(f.evidence or ()), *ok)) if ok else f)
    return out


def _prefer_target(findings: list[Finding], market_locale: str) -> list[Finding]:
    """One rule on one field is one question for a reviewer: when the market's (translated) copy
    matches a rule, the same rule's matches on the source copy of that field are left out (the
    published text is what is reviewed; `Bio` and `Organic` are the same claim). A match on the
    source alone stays: the translation may still carry the claim in words no list has."""
    on_target = {(f.rule, f.field) for f in findings if f.field and f.locale == market_locale}
    if not on_target:
        return findings
    return [f for f in findings if not (f.field and f.locale != market_locale and (f.rule, f.field) in on_target)]


def check_record(compiled: MarketRules, record: LocalizedRecord, *, source_locale: str, as_of: dt.date,
                 include: Iterable[str] = (), exclude: Iterable[str] = DEFAULT_EXCLUDE,
                 taxonomy: Any = None, pim_categories: Any = None) -> list[Finding]:
    """Findings of one record in its market (the record is not changed). With the shared
    `taxonomy`, category rules also match its labels in every language and its ancestors; with
    the PIM's category tree (`pim_categories`), the PIM codes' ancestors and labels."""
    view = record_view(record, source_locale=source_locale, as_of=as_of, include=include, exclude=exclude,
                       taxonomy=taxonomy, pim_categories=pim_categories)
    return check_view(compiled, view)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.field, f.locale, f.span, f.matched)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
