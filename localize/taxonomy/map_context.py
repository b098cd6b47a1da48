"""Everything the map stage and `taxonomy coverage` need, built once from a config."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ConfigError
from ..locale import to_bcp47
from .attributes import AttributeMapper, load_attribute_mapping
from .loader import load_taxonomy, resolve_taxonomy_path
from .mapping import CategoryMapping, CategoryResolver, load_mappings
from .products import (
    PRODUCTS_READ,
    ProductEvidence,
    evidence_cache_file,
    evidence_key,
    load_evidence,
    read_families,
    save_evidence,
)
from .readable_codes import code_label
from .source import SourceCategory, SourceTree, read_source_categories
from .suggest import SuggestOptions
from .taxonomy_model import Taxonomy

CODE_LANGUAGE = "en"


@dataclass
class TaxonomyContext:
    """The taxonomy, the catalogue's category tree, the resolver and the attribute mapper."""

    taxonomy: Taxonomy
    tree: SourceTree
    resolver: CategoryResolver
    attributes: AttributeMapper
    mapping: CategoryMapping
    source_locale: str
    section: dict[str, Any]
    warnings: list[str]

    def add_codes(self, codes: list[str]) -> None:
        """Categories missing from the categories file: their code is all we know; rank it anyway."""

        new = sorted(c for c in set(codes) if c not in self.resolver.resolutions)
        if not new:
            return
        # A code is usually English or the source language (`kitchen_knives`, `kuechenmesser`): try both.
        locales = tuple(dict.fromkeys((self.source_locale, CODE_LANGUAGE)))
        for code in new:
            self.tree.categories[code] = SourceCategory(code=code, parent=None, labels=dict.fromkeys(locales, code_label(code)),
                                                         from_code=True)
        self.tree.locales = tuple(dict.fromkeys((*self.tree.locales, *locales)))
        self.resolver.add(new)


def _trees(section: dict[str, Any], tree: SourceTree) -> list[str] | None:
    """`taxonomy.trees`: the root codes of the product-type trees (None = detect them)."""

    given = section.get("trees")
    if given is None:
        return None
    names = [given] if isinstance(given, str) else list(given)
    if tree.categories:
        roots = {c for c, cat in tree.categories.items() if cat.parent is None}
        unknown = [n for n in names if n not in roots]
        if unknown:
            raise ConfigError(f"taxonomy.trees: {', '.join(map(repr, unknown))} is not a root category of "
                              f"{tree.path or 'the categories file'}",
                              hint=f"name root codes: {', '.join(sorted(roots))}")
    return [str(n) for n in names]


def products_wanted(config: Config) -> int:
    """How many products the map stage reads as evidence before the run (0 = none)."""
    section = config.settings.taxonomy.raw or {}
    suggest = section.get("suggest") or {}
    if not suggest.get("enabled", True):
        return 0
    return int(suggest.get("products", PRODUCTS_READ))


def _families_file(config: Config) -> Path | None:
    """An Akeneo export's families.csv: beside the categories file, else beside the products file."""
    for base in (config.source.categories, *config.source.paths):
        if base is not None and (Path(base).parent / "families.csv").is_file():
            return Path(base).parent / "families.csv"
    return None


def _evidence_cache(config: Config, wanted: int) -> Path | None:
    """Where the product evidence of these source files is kept between runs (the state folder's cache):
    a nightly rerun over an unchanged export then reads the products once, in the run, not twice."""
    files = [*config.source.paths, *([config.source.categories] if config.source.categories else [])]
    settings = json.dumps((config.raw or {}).get("source"), sort_keys=True, ensure_ascii=False, default=str)
    key = evidence_key(files, settings, wanted)
    return evidence_cache_file(config.state_dir / "cache", key) if key is not None else None


def from_config(config: Config, *, threshold: float | None = None, cache: bool = True,
                products: Iterable[tuple[Iterable[str], str | None]] | None = None) -> TaxonomyContext | None:
    """Build the context from the config's `taxonomy` section (None when there is none).

    `cache` keeps a parsed copy of a valid taxonomy in the state folder (off for dry runs), and the
    product evidence keyed by the source files' digest (`products.evidence_key`): `products` is then
    not read at all when the same export was counted before.
    `products`: (categories, family) of the catalogue's products, streamed; at most
    `products_wanted(config)` are read, as evidence of what each category holds (`products.py`).
    """
    section = config.settings.taxonomy.raw
    if not section:
        return None
    taxonomy = load_taxonomy(resolve_taxonomy_path(section["path"], config.base_dir), cache_dir=config.state_dir / "cache" if cache else None)
    paths = section.get("mapping") or []
    if isinstance(paths, str):
        paths = [paths]
    mapping = load_mappings([config.resolve(p) for p in paths], taxonomy) if paths else CategoryMapping()
    source_locale = to_bcp47(config.source.locale)
    warnings: list[str] = []
    if config.source.categories is not None:
        tree = read_source_categories(config.source.categories)
        warnings.extend(f"category mapping: {p}" for p in mapping.unknown_sources(tree))
    else:
        tree = SourceTree(locales=(source_locale,))
    suggest = section.get("suggest") or {}
    options = SuggestOptions(
        languages=tuple(to_bcp47(x) for x in suggest.get("languages", ())),
        **({"specific": float(suggest["specific"])} if "specific" in suggest else {}),
        **({"pivot": bool(suggest["pivot"])} if "pivot" in suggest else {}),
    )
    evidence: ProductEvidence | None = None
    families: dict[str, dict[str, str]] = {}
    wanted = products_wanted(config)
    if products is not None and wanted:
        cached = _evidence_cache(config, wanted) if cache else None
        evidence = load_evidence(cached, tree) if cached is not None and cached.is_file() else None
        if evidence is None:
            evidence = ProductEvidence(tree)
            for categories, family in islice(products, wanted):
                evidence.add(categories, family)
            if cached is not None:
                save_evidence(cached, evidence)
        families = read_families(_families_file(config))
    resolver = CategoryResolver(
        taxonomy, tree, mapping,
        threshold=threshold if threshold is not None else (
            float(section["threshold"]) if section.get("threshold") is not None else None),
        suggest=bool(suggest.get("enabled", True)),
        options=options,
        trees=_trees(section, tree),
        products=evidence,
        families=families,
    )
    if section.get("attributes"):
        attributes = load_attribute_mapping(config.resolve(section["attributes"]), taxonomy)
    else:
        attributes = AttributeMapper(taxonomy)
    return TaxonomyContext(taxonomy, tree, resolver, attributes, mapping, source_locale, section, warnings)
