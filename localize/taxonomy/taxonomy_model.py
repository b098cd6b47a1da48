"""The shared taxonomy in memory: categories (a tree with labels per locale) and attributes.

One model serves every taxonomy we read (our hand-written YAML, Google's, Shopify's), so the
mapper, the suggester and the map stage never care where a taxonomy came from. Ids are
strings (Google's numeric ids included) because they are names, not numbers.

Labels are keyed by BCP 47 tags as the taxonomy declares them (`en`, `de`, `en-US`, `de-DE`);
`label()` resolves a market locale against them with a fixed fallback order (exact tag,
language, any region of the language, then English), so `de-CH` finds `de` or `de-DE`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from ..locale import language_of

AttributeType = Literal["text", "number", "metric", "enum", "bool", "price"]
ATTRIBUTE_TYPES: tuple[str, ...] = ("text", "number", "metric", "enum", "bool", "price")
FALLBACK_LANGUAGE = "en"


@dataclass(slots=True)
class Category:
    """One node of the category tree. `line` is where it was declared (for error messages)."""

    id: str
    parent: str | None
    labels: dict[str, str]
    line: int | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)  # other names per locale
    crosswalk: dict[str, str] = field(default_factory=dict)  # the same kind in other taxonomies: {google: "2271"}


@dataclass(slots=True)
class EnumValue:
    """One value of an enum attribute: a stable code, labels per locale, extra spellings."""

    code: str
    labels: dict[str, str]
    aliases: tuple[str, ...] = ()
    line: int | None = None


@dataclass(slots=True)
class Attribute:
    """A shared attribute. Metrics carry an Akeneo measurement family and a canonical unit."""

    code: str
    type: AttributeType
    labels: dict[str, str] = field(default_factory=dict)
    translatable: bool = False
    family: str | None = None
    unit: str | None = None
    multiple: bool = False
    values: dict[str, EnumValue] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    line: int | None = None


def locale_chain(locale: str | None, available: tuple[str, ...]) -> tuple[str, ...]:
    """The label keys to try for `locale`, best first, from the keys a taxonomy has.

    Exact tag, then the bare language, then other regions of the language (in the
    taxonomy's own order), then English the same way. Deterministic for a given taxonomy.
    """
    order: list[str] = []

    def add_language(tag: str | None) -> None:
        if not tag:
            return
        tag = tag.replace("_", "-")
        lang = language_of(tag)
        for key in available:
            if key.lower() == tag.lower() and key not in order:
                order.append(key)
        for key in available:
            if key.lower() == lang and key not in order:
                order.append(key)
        for key in available:
            if language_of(key) == lang and key not in order:
                order.append(key)

    add_language(locale)
    add_language(FALLBACK_LANGUAGE)
    return tuple(order)


def pick_label(labels: dict[str, str], chain: tuple[str, ...]) -> str | None:
    """The first label present along `chain`, else any label (sorted key order), else None."""
    for key in chain:
        text = labels.get(key)
        if text:
            return text
    for key in sorted(labels):
        if labels[key]:
            return labels[key]
    return None


@dataclass
class Taxonomy:
    """A category tree plus shared attributes. Build it with the loader or an importer."""

    name: str
    categories: dict[str, Category]
    attributes: dict[str, Attribute] = field(default_factory=dict)
    version: str | None = None
    locales: tuple[str, ...] = ()
    source: str | None = None
    path: Path | None = None

    # ---- labels -----------------------------------------------------------------
    @cached_property
    def label_keys(self) -> tuple[str, ...]:
        """Every locale key used by a label, declared locales first."""
        seen = list(self.locales)
        found: set[str] = set(seen)
        for cat in self.categories.values():
            found.update(cat.labels)
        for attr in self.attributes.values():
            found.update(attr.labels)
            for value in attr.values.values():
                found.update(value.labels)
        return tuple(seen + sorted(found - set(seen)))

    def chain(self, locale: str | None) -> tuple[str, ...]:
        cache = self.__dict__.setdefault("_chains", {})
        got = cache.get(locale)
        if got is None:
            got = cache[locale] = locale_chain(locale, self.label_keys)
        return got

    def label(self, category_id: str, locale: str | None = None) -> str:
        """The category's label in `locale` (falling back to English, then to any label, then the id)."""
        cat = self.categories[category_id]
        return pick_label(cat.labels, self.chain(locale)) or cat.id

    def path_labels(self, category_id: str, locale: str | None = None) -> list[str]:
        """Labels from the root down to the category, each in `locale` with the same fallback."""
        return [self.label(cid, locale) for cid in (*self.ancestors(category_id), category_id)]

    def path_text(self, category_id: str, locale: str | None = None, sep: str = " > ") -> str:
        return sep.join(self.path_labels(category_id, locale))

    # ---- tree -------------------------------------------------------------------
    @cached_property
    def children_of(self) -> dict[str | None, list[str]]:
        """Children per parent id (None = roots), in declaration order."""
        out: dict[str | None, list[str]] = {}
        for cat in self.categories.values():
            out.setdefault(cat.parent, []).append(cat.id)
        return out

    def children(self, category_id: str | None) -> list[str]:
        return self.children_of.get(category_id, [])

    def roots(self) -> list[str]:
        return self.children(None)

    def ancestors(self, category_id: str) -> list[str]:
        """Ancestor ids, root first, excluding the category itself (the tree is acyclic once loaded)."""
        cache = self.__dict__.setdefault("_ancestors", {})
        got = cache.get(category_id)
        if got is None:
            parent = self.categories[category_id].parent
            got = [] if parent is None or parent not in self.categories else [*self.ancestors(parent), parent]
            cache[category_id] = got
        return list(got)

    def depth(self, category_id: str) -> int:
        return len(self.ancestors(category_id))

    def is_ancestor(self, ancestor: str, category_id: str) -> bool:
        """True when `ancestor` is a strict ancestor of `category_id`."""
        return ancestor in self.ancestors(category_id)

    def descendants(self, category_id: str) -> Iterator[str]:
        """Every descendant, depth first, in declaration order."""
        stack = list(reversed(self.children(category_id)))
        while stack:
            cid = stack.pop()
            yield cid
            stack.extend(reversed(self.children(cid)))

    def crosswalk(self, category_id: str, kind: str) -> str | None:
        """The id of the same kind of product in taxonomy `kind` (google, shopify).

        A taxonomy of that kind answers with its own id; otherwise the category's own crosswalk
        entry, else the nearest ancestor's (a broader Google category is still right, only less
        specific).
        """
        if self.source == kind:
            return category_id
        for cid in (category_id, *reversed(self.ancestors(category_id))):
            got = self.categories[cid].crosswalk.get(kind)
            if got:
                return got
        return None

    def __contains__(self, category_id: object) -> bool:
        return category_id in self.categories

    def __len__(self) -> int:
        return len(self.categories)

    # ---- attributes -------------------------------------------------------------
    def attribute_label(self, code: str, locale: str | None = None) -> str:
        attr = self.attributes[code]
        return pick_label(attr.labels, self.chain(locale)) or code

    def value_label(self, attribute: str, value: str, locale: str | None = None) -> str:
        """An enum value's label in `locale`, with the same fallback as categories."""
        val = self.attributes[attribute].values[value]
        return pick_label(val.labels, self.chain(locale)) or val.code
