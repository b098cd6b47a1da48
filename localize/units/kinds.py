"""Units per kind of attribute: the exceptions to a market's measurement system, as data.

A US shop shows weights in pounds, but wine in 750 ml bottles; a German shop shows lengths in
centimetres, but TV screens in inches. These exceptions belong to the *kind* of measure, not
to the market, so they live in `localize/data/unit_kinds.yaml` (see its header), recognised by
attribute code and label patterns, measurement family, and for kinds that depend on what the
product is (wine, spirits) by the words of its family, categories and taxonomy path.

`units.kinds` in the config changes or adds kinds (`{display-diagonal: {unit: CENTIMETER}}`)
or switches one off (`{display-diagonal: false}`); `markets[].units.kinds` does the same for
one market. A per-attribute setting (`units.attributes`, `units.keep`) wins over every kind.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..attributes import AttributeCatalog
from ..errors import ConfigError
from .akeneo_pint import spec_for
from .rounding import rule
from .systems import SYSTEMS

_TOKEN = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class UnitKind:
    name: str
    families: frozenset[str]
    attributes: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    product_words: frozenset[str] = frozenset()
    unless_words: frozenset[str] = frozenset()
    unit: str | None = None
    system: str | None = None
    rounding: str | None = None
    context: re.Pattern[str] | None = None

    def matches_attribute(self, code: str, labels: Iterable[str]) -> bool:
        lowered = code.lower()
        if any(fnmatchcase(lowered, p) for p in self.attributes):
            return True
        return any(fnmatchcase(label.lower(), p) for label in labels for p in self.labels)

    def matches_product(self, words: Iterable[str]) -> bool:
        if not self.product_words:
            return True
        tokens = set(words)
        if any(_hit(t, u, unless=True) for t in tokens for u in self.unless_words):
            return False
        return any(_hit(t, w) for t in tokens for w in self.product_words)


def _hit(token: str, word: str, unless: bool = False) -> bool:
    if token == word:
        return True
    if not word.isascii() and word in token:  # scripts without spaces (赤ワイン)
        return True
    if len(word) >= 4:
        return word in token if unless else token.endswith(word)  # German compounds (Schaumwein)
    return False


@lru_cache(maxsize=1)
def _shipped_text() -> str:
    return resources.files("localize").joinpath("data/unit_kinds.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def shipped_kinds() -> dict[str, Any]:
    return dict((yaml.safe_load(_shipped_text()) or {}).get("kinds") or {})


def shipped_kinds_digest() -> str:
    """The shipped kinds file's digest: part of the convert stage's fingerprint (incremental runs)."""
    return hashlib.sha256(_shipped_text().encode("utf-8")).hexdigest()[:12]


def resolve_kinds(glob: Mapping[str, Any] | None, local: Mapping[str, Any] | None, where: str) -> tuple[UnitKind, ...]:
    """The kinds in force for one market: shipped, then `units.kinds`, then the market's."""
    specs: dict[str, Any] = {k: dict(v) for k, v in shipped_kinds().items()}
    for layer, name in ((glob, "units.kinds"), (local, f"{where}.kinds")):
        for key, spec in (layer or {}).items():
            if spec is False or spec is None:
                specs.pop(key, None)
            elif isinstance(spec, Mapping):
                specs[key] = {**specs.get(key, {}), **spec}
                if "unit" in spec and "system" not in spec:
                    specs[key].pop("system", None)
                if "system" in spec and "unit" not in spec:
                    specs[key].pop("unit", None)
            else:
                raise ConfigError(f"{name}.{key}: a kind is a mapping (unit or system, families, attributes ...) "
                                  "or false to switch it off")
    return tuple(_build(name, spec, where) for name, spec in sorted(specs.items()))


def _build(name: str, spec: Mapping[str, Any], where: str) -> UnitKind:
    unit, system = spec.get("unit"), spec.get("system")
    if bool(unit) == bool(system):
        raise ConfigError(f"{where}: unit kind {name!r} needs exactly one of `unit` or `system`")
    families = frozenset(spec.get("families") or ())
    if not families:
        raise ConfigError(f"{where}: unit kind {name!r} needs `families` (Akeneo measurement families)")
    if unit and (spec_for(unit) is None or spec_for(unit).family not in families):
        raise ConfigError(f"{where}: unit kind {name!r}: {unit!r} is not a unit of {', '.join(sorted(families))}")
    if system and system not in SYSTEMS:
        raise ConfigError(f"{where}: unit kind {name!r}: system {system!r} is not one of {', '.join(SYSTEMS)}")
    if spec.get("rounding"):
        rule(spec["rounding"])
    products = spec.get("products") or {}
    words = (spec.get("text") or {}).get("context") or ()
    context = re.compile("|".join(rf"(?<![^\W\d_]){re.escape(w)}" if w.isascii() else re.escape(w)
                                  for w in sorted(words, key=len, reverse=True)), re.I) if words else None
    return UnitKind(
        name=name, families=families,
        attributes=tuple(str(p).lower() for p in spec.get("attributes") or ()),
        labels=tuple(str(p).lower() for p in spec.get("labels") or ()),
        product_words=frozenset(str(w).lower() for w in products.get("words") or ()),
        unless_words=frozenset(str(w).lower() for w in products.get("unless") or ()),
        unit=unit, system=system, rounding=spec.get("rounding"), context=context,
    )


def product_words(record: Any) -> frozenset[str]:
    """Lower-case words of what a product is: its family, category codes and taxonomy path."""
    product = record.product
    parts: list[str] = [product.family or "", *product.categories, *record.categories]
    taxonomy = record.taxonomy or {}
    parts.append(str(taxonomy.get("category") or ""))
    parts.extend(str(p) for p in taxonomy.get("path") or ())
    words: set[str] = set()
    for part in parts:
        words.update(t.lower() for t in _TOKEN.findall(part))
    return frozenset(words)


class KindResolver:
    """Which kind, if any, decides the unit of a value of one market (cached per attribute)."""

    def __init__(self, kinds: tuple[UnitKind, ...], catalog: AttributeCatalog | None = None) -> None:
        self.kinds = kinds
        self.catalog = catalog
        self._attr: dict[tuple[str, str], tuple[UnitKind, ...]] = {}
        # What a product is (family, categories, taxonomy path) repeats across a catalogue: its
        # words, and which kinds they match, are worked out once per distinct combination.
        self._words: dict[tuple[Any, ...], frozenset[str]] = {}
        self._matches: dict[tuple[str, frozenset[str]], bool] = {}
        self._text: dict[frozenset[str], tuple[UnitKind, ...]] = {}

    def _product_words(self, record: Any) -> frozenset[str]:
        product, taxonomy = record.product, record.taxonomy or {}
        key = (product.family, product.categories, record.categories, taxonomy.get("category"),
               tuple(taxonomy.get("path") or ()))
        try:
            words = self._words.get(key)
        except TypeError:  # an unhashable part: work it out every time
            return product_words(record)
        if words is None:
            if len(self._words) >= _MEMO_SIZE:
                self._words.clear()
            words = self._words[key] = product_words(record)
        return words

    def _matches_product(self, kind: UnitKind, words: frozenset[str]) -> bool:
        key = (kind.name, words)
        found = self._matches.get(key)
        if found is None:
            if len(self._matches) >= _MEMO_SIZE:
                self._matches.clear()
            found = self._matches[key] = kind.matches_product(words)
        return found

    def for_value(self, record: Any, attribute: str, family: str) -> UnitKind | None:
        candidates = self._attr.get((attribute, family))
        if candidates is None:
            info = self.catalog.get(attribute) if self.catalog is not None else None
            labels = tuple((info.labels or {}).values()) if info is not None else ()
            candidates = self._attr[(attribute, family)] = tuple(
                k for k in self.kinds if family in k.families and k.matches_attribute(attribute, labels))
        if not candidates:
            return None
        words: frozenset[str] | None = None
        for kind in candidates:
            if kind.product_words:
                words = words if words is not None else self._product_words(record)
                if not self._matches_product(kind, words):
                    continue
            return kind
        return None

    def for_text(self, record: Any) -> tuple[UnitKind, ...]:
        """Kinds that apply to quantities in this product's copy: those with context words, and
        product kinds (wine) that match this product."""
        words = self._product_words(record)
        found = self._text.get(words)
        if found is None:
            out = []
            for kind in self.kinds:
                if kind.product_words:
                    if self._matches_product(kind, words):
                        out.append(kind)
                elif kind.context is not None:
                    out.append(kind)
            if len(self._text) >= _MEMO_SIZE:
                self._text.clear()
            found = self._text[words] = tuple(out)
        return found


_MEMO_SIZE = 4_096
