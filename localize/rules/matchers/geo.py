"""`geo`: disputed names and territories, with the wording the market expects.

The names are terms (same matching as `terms`); the finding tells the reviewer the
expected wording (`expected`, one text or one per language) and suggests it as the
replacement. Which wording is expected is the pack's decision per market, with its source.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...locale import language_of
from ...model import Finding
from ..packs import Rule
from .base import FieldView, Hit, Matcher, RecordView, TermSpec, make_finding, term_specs


def expected_for(rule: Rule, lang: str) -> str:
    expected = rule.spec.get("expected")
    if isinstance(expected, dict):
        return expected.get(lang) or expected.get("*") or next(iter(expected.values()), "")
    return expected or ""


class GeoMatcher(Matcher):
    kind = "geo"
    code = "geo-name"

    def words(self, rule: Rule) -> Iterable[TermSpec]:
        yield from term_specs(rule, "terms", "hit")
        yield from term_specs(rule, "allow", "allow")

    def on_hit(self, rule: Rule, state: object, hit: Hit, fv: FieldView, view: RecordView, locale: str) -> Finding | None:
        lang = language_of(locale)
        expected = expected_for(rule, lang)
        message = f"{rule.message} Expected wording in {view.market.code}: \u201c{expected}\u201d."
        action = rule.action or f"Replace \u201c{hit.matched}\u201d with \u201c{expected}\u201d."
        return make_finding(rule, self.code, view, field_code=fv.code, locale=locale, matched=hit.matched,
                            span=(hit.start, hit.end), message=message, action=action)
