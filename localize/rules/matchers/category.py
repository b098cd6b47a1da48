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

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from ...model import Finding
from ..packs import Rule
from ..folding import fold
from .base import Matcher, RecordView, language_of, make_finding


@dataclass
class CategoryMatch:
    """A compiled `categories` condition: taxonomy ids, path labels, PIM code globs, label words."""

    ids: frozenset[str]
    paths: tuple[tuple[str, ...], ...]
    codes: tuple[str, ...]
    labels: Any = None  # conditions.TermsCondition-like word matcher over label texts
    _label_automata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: dict[str, Any], rule_id: str = "category") -> CategoryMatch:
        from ..conditions import condition_specs

        labels = list(condition_specs({"terms": spec["labels"], "allow": spec.get("allow"),
                                       "compounds": spec.get("compounds")}, rule_id)) if spec.get("labels") else None
        return cls(
            ids=frozenset(str(i) for i in spec.get("taxonomy", ())),
            paths=tuple(tuple(fold(s).strip() for s in p.split(">")) for p in spec.get("paths", ())),
            codes=tuple(fold(c) for c in spec.get("codes", ())),
            labels=labels,
        )

    def match(self, view: RecordView) -> str | None:
        """What matched (a taxonomy id, path, category code or label), or None."""
        found = self.evidence(view)
        return found[0].get("matched") if found else None

    def evidence(self, view: RecordView) -> list[dict[str, str]] | None:
        info = view.memo.get("categories")
        if info is None:
            info = view.memo["categories"] = _category_info(view)
        ids, paths, codes, labels = info
        if not (ids or codes or labels):
            return None  # no category at all: nothing to compare (the rule's `match` decides)
        from ..conditions import evidence

        for i in ids:
            if i in self.ids:
                return [evidence("category", field="taxonomy", matched=i)]
        for path in self.paths:
            n = len(path)
            for labels_ in paths:
                for start in range(len(labels_) - n + 1):
                    if tuple(labels_[start:start + n]) == path:
                        return [evidence("category", field="taxonomy", matched=" > ".join(labels_[start:start + n]))]
        for code in codes:
            for pat in self.codes:
                if fnmatchcase(code, pat):
                    return [evidence("category", field="categories", matched=code)]
        if self.labels:
            from ..compile import find_terms

            for lang, text, where in labels:
                auto = self._automaton(lang)
                if auto.size:
                    # "Food, Beverages & Tobacco" groups three kinds: a word in one member says
                    # the category may hold such goods, not that this product is one; every
                    # member must match ("Beer, Wine & Spirits" is alcohol whichever it is).
                    members = _members(text)
                    hits = [find_terms(auto, member) for member in members]
                    if all(hits):
                        return [evidence("category", field=where, language=lang if lang != "*" else None,
                                         matched=f"{text} ({hits[0][0][3]})")]
        return None

    def _automaton(self, lang: str) -> Any:
        auto = self._label_automata.get(lang)
        if auto is None:
            from ..compile import TermAutomaton

            specs = self.labels if lang == "*" else [s for s in self.labels if s.lang in (lang, "*")]
            auto = self._label_automata[lang] = TermAutomaton(specs)
        return auto

    def __hash__(self) -> int:
        return id(self)


def _category_info(view: RecordView) -> tuple[list[str], list[list[str]], list[str], list[tuple[str, str, str]]]:
    """(taxonomy ids incl. ancestors, category paths as folded labels, PIM category codes incl.
    their PIM ancestors, label texts as (language, text, where)).

    The paths are the market's path from the map stage and, when the shared taxonomy is at
    hand, the same category's path in each of its languages: a rule's `paths` are written in
    one language (`Wine`) and still match a Japanese market's `ワイン`."""
    record = view.record
    tax = record.taxonomy or {}
    ids: list[str] = []
    labels: list[str] = []
    texts: list[tuple[str, str, str]] = []
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
            texts.append((view.market_lang, str(item).strip(), "taxonomy"))
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
                texts.extend((language_of(key), taxonomy.label(cid, key), "taxonomy") for cid in chain)
    own = list(record.categories or record.product.categories)
    tree = view.pim_categories
    codes: list[str] = []
    for code in own:
        chain = [code]
        if tree is not None and code in getattr(tree, "categories", {}):
            chain = [*tree.ancestors(code), code]
        for c in chain:
            codes.append(fold(c))
            if tree is not None and c in getattr(tree, "categories", {}):
                for loc, label in tree.categories[c].labels.items():
                    if label:
                        texts.append((language_of(loc), label, "categories"))
        texts.append(("*", code.replace("_", " ").replace("-", " "), "categories"))
    return ids, paths, list(dict.fromkeys(codes)), list(dict.fromkeys(texts))


@dataclass
class CategoryState:
    """A category rule compiled: its categories, and the other evidence (`match`)."""

    categories: CategoryMatch | None
    evidence_match: Any = None  # conditions.Condition

    def match(self, view: RecordView) -> list[dict[str, str]] | None:
        found = self.categories.evidence(view) if self.categories is not None else None
        if found is None and self.evidence_match is not None:
            found = self.evidence_match.test(view)
        return found


class CategoryMatcher(Matcher):
    kind = "category"
    code = "restricted-category"

    def prepare(self, rule: Rule) -> CategoryState:
        from ..conditions import compile_condition

        cats = rule.spec.get("categories")
        return CategoryState(CategoryMatch.from_spec(cats, rule.id) if cats else None,
                             compile_condition(rule.spec.get("match"), rule.id))

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


# The separators of a label that lists several kinds of goods ("Food, Beverages & Tobacco",
# "Nahrungsmittel, Getränke & Tabak", "Alimentation, boissons et tabac", "食品・飲料・タバコ").
_ENUMERATION = re.compile(r"\s*(?:,|&|\+|/|・|、|，|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b|\boraz\b)\s*", re.I)


def _members(label: str) -> list[str]:
    """The kinds a category label names: one, or each member of an enumeration."""
    parts = [p for p in _ENUMERATION.split(label) if p.strip()]
    return parts or [label]
