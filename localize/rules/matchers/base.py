"""What every matcher sees: a record's fields as text/number/price views, and term hits.

A matcher module per rule kind implements three optional hooks (see `Matcher`):
`words` (terms to put into the market's shared automaton), `on_hit` (turn one automaton
hit into a finding, or drop it) and `check_record` (what is not free text: prices, counts,
colour options, categories). Keeping the automaton shared is what makes a field cost one
pass however many rules and terms there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...locale import language_of
from ...model import Finding, Severity
from ..packs import Rule
from ..specs import (
    COMPOUNDING,
    DEFAULT_INFLECTIONS,
    INFLECTIONS,
    MIN_COMPOUND_PART,
    Hit,
    TermSpec,
    make_spec,
    suffixes_for,
    term_specs,
    words_by_lang,
)
from ..view import FieldView, RecordView, iter_money, number_of

__all__ = ["COMPOUNDING", "DEFAULT_INFLECTIONS", "INFLECTIONS", "MIN_COMPOUND_PART", "FieldView", "Hit", "Matcher",
           "RecordView", "TermSpec", "iter_money", "language_of", "make_finding", "make_spec", "number_of",
           "suffixes_for", "term_specs", "words_by_lang"]

# Plural endings that may follow a count word in `number` rules (`4 Stück`, `pack of 4s`). Terms
# are not matched with this list: they are stemmed (see `rules.words`).
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

    def quiet_on(self, rule: Rule, state: Any, view: RecordView) -> bool:
        """True when `check_record` finds nothing in any record with this one's shape
        (`conditions.record_shape`) and category information (`categories.category_key`) whose
        copy holds no literal and no condition hit that `triggers` names (the answer may read
        those, nothing else of the copy): the checker then skips the rule for all of them
        (`MarketRules.quiet_checks`). False (the default): it cannot tell, always check."""
        return False

    def triggers(self, rule: Rule, state: Any, literal_index: Any, condition_index: Any) -> Any:
        """What a record needs for `check_record` to find anything (a `conditions.Triggers`), so
        the checker can skip the rule on records without it; None: always run it."""
        return None


