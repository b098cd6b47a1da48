"""Helpers the taxonomy tests share: the default taxonomy, loaded once, and source trees written as rows.

A plain module (not a conftest: tests/review imports `conftest` by name, a second one would shadow it).
"""

from __future__ import annotations

from localize.taxonomy.loader import DEFAULT_TAXONOMY, load_taxonomy
from localize.taxonomy.source import SourceCategory, SourceTree

DEFAULT = load_taxonomy(DEFAULT_TAXONOMY)


def tree(rows: list[tuple[str, str | None, dict[str, str]]]) -> SourceTree:
    """A catalogue's category tree from (code, parent, {BCP 47 locale: label}) rows, parents first."""
    t = SourceTree(locales=tuple(sorted({loc for _, _, labels in rows for loc in labels})))
    for code, parent, labels in rows:
        t.categories[code] = SourceCategory(code, parent, labels)
    return t


def en_de(en: str, de: str) -> dict[str, str]:
    return {"en-US": en, "de-DE": de}


def en_de_fr(en: str, de: str, fr: str) -> dict[str, str]:
    return {"en-US": en, "de-DE": de, "fr-FR": fr}
