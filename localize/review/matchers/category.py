"""`category`: restricted goods by category (alcohol, tobacco, knives, CBD, medicines, ...).

Which category a product is in comes from the map stage (`record.taxonomy`: the shared
taxonomy id, its path and ancestors) when present, and from the PIM's own category codes
otherwise (and in addition), so a pack works before a catalogue is mapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from ...model import Finding
from ..rules import Rule
from ..text import fold, is_spaceless
from .base import Matcher, RecordView, make_finding, words_by_lang


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
        ids, paths, codes = info
        for i in ids:
            if i in self.ids:
                return i
        for path in self.paths:
            n = len(path)
            for labels in paths:
                for start in range(len(labels) - n + 1):
                    if tuple(labels[start:start + n]) == path:
                        return " > ".join(labels[start:start + n])
        for code in codes:
            for pat in self.codes:
                if fnmatchcase(code, pat):
                    return code
        return None


def _category_info(view: RecordView) -> tuple[list[str], list[list[str]], list[str]]:
    """(taxonomy ids incl. ancestors, category paths as folded labels, PIM category codes).

    The paths are the market's path from the map stage and, when the shared taxonomy is at
    hand, the same category's path in each of its languages: a rule's `paths` are written in
    one language (`Wine`) and still match a Japanese market's `ワイン`."""
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
    paths = [labels]
    taxonomy = view.taxonomy
    category = tax.get("id")
    if taxonomy is not None and category not in (None, "") and str(category) in getattr(taxonomy, "categories", {}):
        chain = [*taxonomy.ancestors(str(category)), str(category)]
        ids.extend(chain)
        for key in taxonomy.label_keys:
            other = [fold(taxonomy.label(cid, key)).strip() for cid in chain]
            if other not in paths:
                paths.append(other)
    codes = [fold(c) for c in (record.categories or record.product.categories)]
    return ids, paths, codes


@dataclass(frozen=True)
class CategoryState:
    """A category rule compiled: its categories, and the words `when.terms` narrows it to."""

    categories: CategoryMatch
    when_terms: re.Pattern[str] | None = None

    def match(self, view: RecordView) -> str | None:
        what = self.categories.match(view)
        if what is None or self.when_terms is None:
            return what
        return what if self.when_terms.search(view.folded_texts()) is not None else None


class CategoryMatcher(Matcher):
    kind = "category"
    code = "restricted-category"

    def prepare(self, rule: Rule) -> CategoryState:
        when = rule.spec.get("when") or {}
        return CategoryState(CategoryMatch.from_spec(rule.spec["categories"]), terms_regex(when.get("terms")))

    def check_record(self, rule: Rule, state: CategoryState, view: RecordView) -> Iterable[Finding]:
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


def terms_regex(words: Any) -> re.Pattern[str] | None:
    """One regex over folded text for a `when: terms` condition (plural endings allowed;
    words of scripts without spaces match anywhere)."""
    terms = [fold(w.strip("*")) for _, w in words_by_lang(words)]
    if not terms:
        return None
    alts = [re.escape(t) if is_spaceless(t[0]) else r"(?<!\w)" + re.escape(t) + r"(?:s|es|e|en|n|x)?(?!\w)"
            for t in terms]
    return re.compile("|".join(sorted(alts, key=len, reverse=True)))
