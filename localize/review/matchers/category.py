"""`category`: restricted goods by category (alcohol, tobacco, knives, CBD, medicines, ...).

Which category a product is in comes from the map stage (`record.taxonomy`: the shared
taxonomy id, its path and ancestors) when present, and from the PIM's own category codes
otherwise (and in addition), so a pack works before a catalogue is mapped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from ...model import Finding
from ..rules import Rule
from ..text import fold
from .base import Matcher, RecordView, make_finding


@dataclass(frozen=True)
class CategoryMatch:
    """A compiled `categories` condition."""

    ids: frozenset[str]
    paths: tuple[tuple[str, ...], ...]
    codes: tuple[str, ...]

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> CategoryMatch:
        return cls(
            ids=frozenset(str(i) for i in spec.get("taxonomy", ())),
            paths=tuple(tuple(fold(s).strip() for s in p.split(">")) for p in spec.get("paths", ())),
            codes=tuple(fold(c) for c in spec.get("codes", ())),
        )

    def match(self, view: RecordView) -> str | None:
        """What matched (a taxonomy id, path or category code), or None."""
        info = view.memo.get("categories")
        if info is None:
            info = view.memo["categories"] = _category_info(view)
        ids, labels, codes = info
        for i in ids:
            if i in self.ids:
                return i
        for path in self.paths:
            n = len(path)
            for start in range(len(labels) - n + 1):
                if tuple(labels[start:start + n]) == path:
                    return " > ".join(labels[start:start + n])
        for code in codes:
            for pat in self.codes:
                if fnmatchcase(code, pat):
                    return code
        return None


def _category_info(view: RecordView) -> tuple[list[str], list[str], list[str]]:
    record = view.record
    tax = record.taxonomy or {}
    ids: list[str] = []
    labels: list[str] = []
    for key in ("category", "id"):
        if tax.get(key) not in (None, ""):
            ids.append(str(tax[key]))
    for key in ("ancestors", "ids"):
        for item in tax.get(key) or ():
            ids.append(str(item))
    path = tax.get("path") or ()
    if isinstance(path, str):
        path = [p for p in path.split(">")]
    for item in path:
        if isinstance(item, dict):
            if item.get("id") is not None:
                ids.append(str(item["id"]))
            item = item.get("label") or item.get("name") or ""
        text = fold(str(item)).strip()
        if text:
            labels.append(text)
            ids.append(str(item).strip())
    codes = [fold(c) for c in (record.categories or record.product.categories)]
    return ids, labels, codes


class CategoryMatcher(Matcher):
    kind = "category"
    code = "restricted-category"

    def prepare(self, rule: Rule) -> CategoryMatch:
        return CategoryMatch.from_spec(rule.spec["categories"])

    def check_record(self, rule: Rule, state: CategoryMatch, view: RecordView) -> Iterable[Finding]:
        what = state.match(view)
        if what is None:
            return ()
        severity = rule.severity
        unless = rule.spec.get("unless_attributes")
        if unless and view.has_value(unless):
            sub = rule.spec.get("substantiated_severity", "info")
            if sub == "none":
                return ()
            severity = sub
        return (make_finding(rule, self.code, view, field_code="categories", locale=None,
                             matched=what, severity=severity),)
