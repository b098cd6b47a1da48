"""What every matcher sees: a record's fields as text/number/price views, and term hits.

A matcher module per rule kind implements three optional hooks (see `Matcher`):
`words` (terms to put into the market's shared automaton), `on_hit` (turn one automaton
hit into a finding, or drop it) and `check_record` (what is not free text: prices, counts,
colour options, categories). Keeping the automaton shared is what makes a field cost one
pass however many rules and terms there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fnmatch import fnmatchcase
from typing import Any

from ...locale import language_of
from ...model import Finding, LocalizedRecord, Money, Quantity, Severity
from .. import words as words_mod
from ..rules import Rule
from ..text import fold, is_spaceless, word_fold

# Plural endings that may follow a count word in `number` rules (`4 Stück`, `pack of 4s`). Terms
# are not matched with this list: they are stemmed (see `review.words`).
INFLECTIONS: dict[str, tuple[str, ...]] = {
    "en": ("s", "es"),
    "de": ("e", "en", "n", "er", "ern", "es", "s", "ns", "in", "innen"),
    "fr": ("s", "x", "e", "es"),
    "es": ("s", "es", "a", "as", "os"),
    "it": ("i", "e", "a", "o"),
    "pt": ("s", "es", "a", "as", "os"),
    "nl": ("en", "s", "e"),
    "pl": ("y", "i", "ow", "om", "ami", "a", "u", "e"),
}
DEFAULT_INFLECTIONS = ("s", "es")
COMPOUNDING = words_mod.COMPOUNDING
MIN_COMPOUND_PART = words_mod.MIN_COMPOUND_TERM


@dataclass(frozen=True, slots=True)
class TermSpec:
    """One word of one rule in the automaton. role: `hit` finds, `allow` cancels hits it contains."""

    rule: str  # the rule's id
    word: str  # as written (for messages)
    folded: str
    lang: str  # language code or "*"
    role: str = "hit"
    left_open: bool = False  # written with a leading * (any word part before it)
    right_open: bool = False  # written with a trailing *
    suffixes: tuple[str, ...] = ()  # fallback plural endings (languages without a stemmer)
    key: str = ""  # the automaton's key core: the folded term, its last word cut to its stem prefix
    verify: bool = False  # a hit is confirmed against the word it sits in (stem, compound, clitic)
    mode: str = ""  # compound mode: any | head | modifier | "" (see `review.words`)
    last: str = ""  # the term's last word, lower-cased as written (stemmed at a hit)
    last_folded: str = ""  # the same word folded
    key_last: int = 0  # length of the key's last word part
    clitics: bool = False  # Arabic/Hebrew: proclitics may precede the term


@dataclass(slots=True)
class Hit:
    """A term found in a text: the rule's word, the span in the original text, what it matched."""

    spec: TermSpec
    start: int
    end: int
    matched: str


@dataclass(slots=True)
class FieldView:
    """One attribute of a record as the rules see it."""

    code: str
    source_text: str | None = None  # the copy in the source locale (text fields)
    target_text: str | None = None  # the market's copy when it differs (translated)
    untranslated: bool = False  # the market shows the source copy in a market of another language
    options: tuple[str, ...] = ()
    label: str | None = None  # display text of options and formatted values
    number: Decimal | None = None
    prices: tuple[Money, ...] = ()
    status: str = "source"


@dataclass
class RecordView:
    """A record prepared for checking: fields, languages, categories, and a per-record memo."""

    record: LocalizedRecord
    fields: dict[str, FieldView]
    source_locale: str
    source_lang: str
    market_lang: str
    as_of: dt.date
    memo: dict[str, Any] = field(default_factory=dict)
    taxonomy: Any = None  # the shared taxonomy the map stage loaded (category labels in every language)
    pim_categories: Any = None  # the PIM's category tree (taxonomy.source.SourceTree): ancestors, labels
    conditions: Any = None  # the market's conditions.ConditionIndex (one scan for every `terms` condition)

    @property
    def market(self) -> Any:
        return self.record.market

    def folded_texts(self) -> str:
        """Every text of the record folded into one string (for `when: terms` conditions)."""
        if "folded" not in self.memo:
            parts = []
            for fv in self.fields.values():
                for text in (fv.source_text, fv.target_text, fv.label):
                    if text:
                        parts.append(fold(text))
            self.memo["folded"] = "\n".join(parts)
        return self.memo["folded"]

    def has_value(self, patterns: Iterable[str]) -> bool:
        """True when an attribute matching one of the globs has a non-empty value."""
        pats = list(patterns)
        for code, fv in self.fields.items():
            if any(fnmatchcase(code, p) for p in pats):
                if fv.source_text or fv.target_text or fv.options or fv.number is not None or fv.prices:
                    return True
        for code, values in self.record.product.values.items():
            if any(fnmatchcase(code, p) for p in pats) and any(v.data not in (None, "", ()) for v in values):
                return True
        return False


def words_by_lang(words: Any) -> Iterator[tuple[str, str]]:
    """(language, word) pairs from a `words` value (a list means any language, `*`)."""
    if isinstance(words, list):
        for w in words:
            yield "*", w
    elif isinstance(words, dict):
        for lang, items in words.items():
            for w in items:
                yield lang, w


def term_specs(rule: Rule, key: str = "terms", role: str = "hit", spec: dict[str, Any] | None = None,
               rule_id: str | None = None) -> Iterator[TermSpec]:
    """TermSpecs for a word list (a rule's `key`, or the same key of a condition `spec`), with
    stemming, compound and clitic options resolved (see `review.words`)."""
    spec = rule.spec if spec is None else spec
    rid = rule.id if rule_id is None else rule_id
    inflect = spec.get("inflect", True)
    compounds = spec.get("compounds")
    for lang, word in words_by_lang(spec.get(key)):
        made = make_spec(rid, lang, word, role, inflect=inflect, compounds=compounds)
        if made is not None:
            yield made


def make_spec(rid: str, lang: str, word: str, role: str = "hit", *, inflect: bool = True,
              compounds: Any = None) -> TermSpec | None:
    """One TermSpec: how one written word of one language goes into the automaton."""
    left, right = word.startswith("*"), word.endswith("*")
    core = word.strip("*").strip()
    folded = fold(core)
    if not folded:
        return None
    if role != "hit":
        return TermSpec(rid, core, folded, lang, role, True, True)
    key = " ".join(word_fold(folded).split())
    if key and not any(ch.isalpha() for ch in key) and key.replace(" ", "") != folded.replace(" ", ""):
        return None  # `#1`, `№1`: without its symbol the term is a bare number that matches every "1"
    if not key or is_spaceless(key[0]) or is_spaceless(key[-1]):
        return TermSpec(rid, core, folded, lang, role, left, right, key=key)
    mode = "" if left else words_mod.compound_mode(lang, key, compounds)
    clitics = lang in words_mod.CLITICS and not left
    last_written = core.split()[-1].casefold() if core.split() else core.casefold()
    last_folded = key.split(" ")[-1]
    suffixes: tuple[str, ...] = ()
    key_last = len(last_folded)
    if inflect and lang in words_mod.SUFFIXING and len(last_folded) >= 3:
        right = True  # a root and its suffixes (see words.SUFFIXING)
    stemmed = inflect and not right and words_mod.has_stemmer(lang)
    if stemmed:
        prefix = words_mod.stem_prefix(lang, last_folded, last_written)
        if len(prefix) >= 3 or prefix == last_folded:
            key = key[: len(key) - len(last_folded)] + prefix
            key_last = len(prefix)
        else:
            stemmed = False
    if inflect and not right and not stemmed:
        suffixes = words_mod.FALLBACK_INFLECTIONS.get(lang, words_mod.FALLBACK_INFLECTIONS["*"])
        if "es" in suffixes and not last_folded.endswith(("s", "x", "z", "ch", "sh")):
            suffixes = tuple(x for x in suffixes if x != "es")  # "prices" is not "pric" + "es"
    verify = bool(stemmed or mode or clitics)
    return TermSpec(rid, core, folded, lang, role, left, right, suffixes, key=key, verify=verify, mode=mode,
                    last=last_written, last_folded=last_folded, key_last=key_last, clitics=clitics)


def suffixes_for(word: str, lang: str) -> tuple[str, ...]:
    """The plural endings that may follow a count word in `lang` (number rules)."""
    endings = INFLECTIONS.get(lang, DEFAULT_INFLECTIONS)
    if lang in ("en", "*", "fr", "es", "pt") and "es" in endings and not word.endswith(("s", "x", "z", "ch", "sh")):
        endings = tuple(e for e in endings if e != "es")
    return endings


def make_finding(
    rule: Rule,
    code: str,
    view: RecordView,
    *,
    field_code: str | None,
    locale: str | None,
    matched: str | None = None,
    span: tuple[int, int] | None = None,
    message: str | None = None,
    action: str | None = None,
    severity: Severity | None = None,
    evidence: Sequence[dict[str, str]] | None = None,
    side: str | None = None,
) -> Finding:
    """A finding of `rule` with its evidence: given (category rules, conditions), or the field,
    language and side of the text the match was found in."""
    record = view.record
    if evidence is None and field_code is not None:
        lang = language_of(locale) if locale else None
        if side is None and locale is not None:
            side = "target" if locale == record.market.locale and locale != view.source_locale else "source"
        item = {"signal": _SIGNAL.get(rule.kind, rule.kind), "field": field_code}
        if lang:
            item["language"] = lang
        if side:
            item["side"] = side
        if matched:
            item["matched"] = matched
        evidence = (item,)
    return Finding(
        code=code,
        severity=severity or rule.severity,
        message=message or rule.message,
        product=record.identifier,
        market=record.market.code,
        field=field_code,
        locale=locale,
        span=span,
        matched=matched,
        rule=rule.id,
        action=action or rule.action,
        stage="check",
        evidence=tuple(evidence) if evidence else None,
    )


_SIGNAL = {"terms": "terms", "claim": "terms", "geo": "terms", "language": "terms", "pattern": "pattern",
           "number": "number", "color": "color", "category": "category"}


class Matcher:
    """The hooks a rule kind implements; the defaults do nothing."""

    kind = "base"
    code = "rule-match"
    #: which automaton the kind's words go into: "text" (copy) or "names" (untranslated names)
    mode = "text"

    def prepare(self, rule: Rule) -> Any:
        """Compile what the rule needs once per run (regexes, category conditions)."""
        return None

    def words(self, rule: Rule) -> Iterable[TermSpec]:
        return ()

    def on_hit(self, rule: Rule, state: Any, hit: Hit, fv: FieldView, view: RecordView, locale: str) -> Finding | None:
        return make_finding(rule, self.code, view, field_code=fv.code, locale=locale,
                            matched=hit.matched, span=(hit.start, hit.end))

    def scan_text(self, rule: Rule, state: Any, text: str, lang: str, fv: FieldView, view: RecordView,
                  locale: str) -> Sequence[Finding]:
        """Kinds that scan text themselves (pattern, number) instead of through the automaton."""
        return ()

    def check_record(self, rule: Rule, state: Any, view: RecordView) -> Iterable[Finding]:
        return ()


def iter_money(data: Any) -> Iterator[Money]:
    if isinstance(data, Money):
        yield data
    elif isinstance(data, tuple):
        for item in data:
            if isinstance(item, Money):
                yield item


def number_of(data: Any) -> Decimal | None:
    if isinstance(data, bool):
        return None
    if isinstance(data, Decimal):
        return data
    if isinstance(data, Quantity):
        return data.amount
    if isinstance(data, str) and data.strip().isdigit():
        return Decimal(data.strip())
    return None
