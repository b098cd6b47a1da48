"""`claim`: regulated claims (health, "eco"/"climate neutral" green claims, organic,
hypoallergenic, clinically proven).

Matched like terms. A claim backed by evidence in the product data (a certificate or
ecolabel attribute named in `unless_attributes`) gets `substantiated_severity` instead
(info by default), so the queue holds the unsubstantiated ones. Date-bound rules (EU
green claims from 27 September 2026) use the rule's `effective_from`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Finding
from ..packs import Rule
from .base import FieldView, Hit, Matcher, RecordView, TermSpec, make_finding, term_specs


class ClaimMatcher(Matcher):
    kind = "claim"
    code = "regulated-claim"

    def words(self, rule: Rule) -> Iterable[TermSpec]:
        yield from term_specs(rule, "terms", "hit")
        yield from term_specs(rule, "allow", "allow")

    def on_hit(self, rule: Rule, state: object, hit: Hit, fv: FieldView, view: RecordView, locale: str) -> Finding | None:
        severity = rule.severity
        unless = rule.spec.get("unless_attributes")
        if unless and view.has_value(unless):
            sub = rule.spec.get("substantiated_severity", "info")
            if sub == "none":
                return None
            severity = sub
        return make_finding(rule, self.code, view, field_code=fv.code, locale=locale, matched=hit.matched,
                            span=(hit.start, hit.end), severity=severity)
