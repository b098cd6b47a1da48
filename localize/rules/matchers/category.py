"""`category`: restricted goods (alcohol, tobacco, knives, CBD, medicines, maps, ...) from every signal.

A product's category is seen three ways: the map stage's shared-taxonomy category
(`record.taxonomy`: id, path and ancestors, and the same path in every language of the
taxonomy), the PIM's own category codes with their ancestors in the PIM tree, and the words
of the PIM category labels in every language of the categories export. When none of them
says the product is restricted (no mapping, or a mapping as coarse as the root `Food`), the
rule's `match` condition looks at the other evidence: attributes (`alcohol_by_volume`),
the family, and words or patterns in the source and translated copy (`13,5 % vol`, `40% ABV`,
`度数`). Every finding says which signal matched, in which field and language (`evidence`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...model import Finding
from ..categories import CategoryMatch, category_info, members
from ..conditions import TRIGGERED, Triggers, any_triggers, compile_condition
from ..packs import Rule
from .base import Matcher, RecordView, make_finding

__all__ = ["CategoryMatch", "CategoryMatcher", "CategoryState", "category_info", "members"]

_NOTHING: frozenset[str] = frozenset()


@dataclass
class CategoryState:
    """A category rule compiled: its categories, and the other evidence (`match`)."""

    categories: CategoryMatch | None
    evidence_match: Any = None  # conditions.Condition
    # (literal index, condition index) -> the triggers of `evidence_match` given them (see `match`)
    _triggers: dict[tuple[int, int], tuple[Any, Any, Triggers | None]] = field(default_factory=dict, repr=False,
                                                                              compare=False)

    def match(self, view: RecordView) -> list[dict[str, str]] | None:
        found = self.categories.evidence(view) if self.categories is not None else None
        if found is None and self.evidence_match is not None:
            # The rule is asked of every record with a category (its categories may match), but
            # its `match` can only hold when the record has one of the match's own triggers (what
            # the check pass found: condition hits, literals; attributes, family): most records of
            # a catalogue have a category and none of them, and are not tested (same answer).
            seen = view.memo.get(TRIGGERED)
            if seen is not None:
                triggers = self.match_triggers(seen[0], seen[1])
                if triggers is not None and not triggers.may_hold(view, seen[2], seen[3]):
                    return None
            found = self.evidence_match.test(view)
        return found

    def match_triggers(self, literal_index: Any, condition_index: Any) -> Triggers | None:
        """`evidence_match.triggers` for a market's indexes, once per pair of indexes."""
        key = (id(literal_index), id(condition_index))
        cached = self._triggers.get(key)
        if cached is None or cached[0] is not literal_index or cached[1] is not condition_index:
            cached = self._triggers[key] = (literal_index, condition_index,
                                            self.evidence_match.triggers(literal_index, condition_index))
        return cached[2]


class CategoryMatcher(Matcher):
    kind = "category"
    code = "restricted-category"

    def prepare(self, rule: Rule) -> CategoryState:
        cats = rule.spec.get("categories")
        return CategoryState(CategoryMatch.from_spec(cats, rule.id) if cats else None,
                             compile_condition(rule.spec.get("match"), rule.id))

    def triggers(self, rule: Rule, state: CategoryState, literal_index: Any, condition_index: Any) -> Triggers | None:
        """A category (when the rule has `categories`) or what its `match` needs."""
        parts: list[Triggers | None] = []
        if state.categories is not None:
            parts.append(Triggers(category=True))
        if state.evidence_match is not None:
            parts.append(state.evidence_match.triggers(literal_index, condition_index))
        return any_triggers(parts)

    def quiet_on(self, rule: Rule, state: CategoryState, view: RecordView) -> bool:
        """No category of the rule's in the record's category information, and a `match` whose
        triggers the record's shape does not have (with no literal and no condition hit, its
        triggers are read off the shape alone: `Triggers.may_hold`)."""
        if state.categories is not None and state.categories.evidence(view) is not None:
            return False
        if state.evidence_match is None:
            return True
        seen = view.memo.get(TRIGGERED)
        if seen is None:
            return False
        triggers = state.match_triggers(seen[0], seen[1])
        return triggers is not None and not triggers.may_hold(view, (), _NOTHING)

    def check_record(self, rule: Rule, state: CategoryState, view: RecordView) -> Iterable[Finding]:
        found = state.match(view)
        if found is None:
            return ()
        severity = rule.severity
        unless = rule.spec.get("unless_attributes")
        if unless and view.has_value(unless):
            sub = rule.spec.get("substantiated_severity", "info")
            if sub == "none":
                return ()
            severity = sub
        first = found[0] if found else {}
        return (make_finding(rule, self.code, view, field_code="categories", locale=None,
                             matched=first.get("matched"), severity=severity, evidence=found),)


