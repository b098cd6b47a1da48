"""`color`: colours with a meaning for a kind of product in a market (white or black for
gifts in China, where they are funeral colours; a green hat for men in China; purple in
Brazil; ...).

Looks at colour attributes (option codes such as `white` or `white_gold`, and their
labels) and at colour words in the copy (through the shared automaton). `when` (a condition,
see `rules.conditions`, applied by the checker to every rule) narrows a rule to products in
some categories or whose copy mentions some words (gift, wedding, 礼品); without `when`
every product with the colour is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from ...model import Finding
from ..folding import fold
from ..packs import Rule
from .base import FieldView, Hit, Matcher, RecordView, TermSpec, make_finding, term_specs, words_by_lang

COLOR_ATTRIBUTES = ("*color*", "*colour*", "*farbe*", "*couleur*", "*colore*")
_SPLIT = re.compile(r"[\s_\-/,;|+]+")


@dataclass(frozen=True)
class ColorState:
    colors: frozenset[str]
    words: frozenset[str]
    attributes: tuple[str, ...]


class ColorMatcher(Matcher):
    kind = "color"
    code = "sensitive-color"

    def prepare(self, rule: Rule) -> ColorState:
        return ColorState(
            colors=frozenset(fold(c) for c in rule.spec["colors"]),
            words=frozenset(fold(w) for _, w in words_by_lang(rule.spec.get("words"))),
            attributes=tuple(rule.spec.get("attributes", COLOR_ATTRIBUTES)),
        )

    def words(self, rule: Rule) -> Iterable[TermSpec]:
        spec = dict(rule.spec)
        yield from term_specs(_with_terms(rule, spec.get("words")), "terms", "hit")
        yield from term_specs(rule, "allow", "allow")

    def on_hit(self, rule: Rule, state: ColorState, hit: Hit, fv: FieldView, view: RecordView,
               locale: str) -> Finding | None:
        if any(fnmatchcase(fv.code, p) for p in state.attributes):
            return None  # colour attributes are checked as values in check_record
        return make_finding(rule, self.code, view, field_code=fv.code, locale=locale, matched=hit.matched,
                            span=(hit.start, hit.end))

    def check_record(self, rule: Rule, state: ColorState, view: RecordView) -> Iterable[Finding]:
        found = []
        for code, fv in view.fields.items():
            if not any(fnmatchcase(code, p) for p in state.attributes):
                continue
            values = list(fv.options)
            if not values and fv.source_text and not fv.target_text:
                values = [fv.source_text]
            labels = [fv.label] if fv.label else []
            for value in values + labels:
                folded = fold(value)
                tokens = set(_SPLIT.split(folded))
                if tokens & state.colors or folded in state.words or tokens & state.words:
                    found.append((code, value))
                    break
        if not found:
            return ()
        return [make_finding(rule, self.code, view, field_code=code, locale=None, matched=value)
                for code, value in found]


def _with_terms(rule: Rule, words: object) -> Rule:
    return replace(rule, spec={**rule.spec, "terms": words or []})
