"""The DeepL `context` of a field: the product's category path and the attribute's label.

Context is not translated and not billed, but it changes the translation ("Schloss" in
*Doors > Locks* is not the "Schloss" in *Travel > Castles*). The category path comes from
the taxonomy stage (`record.taxonomy["path"]`) when it ran, else from the PIM's own
categories (labels from Akeneo `categories.csv` in the source locale, codes otherwise);
the label from Akeneo `attributes.csv`. The attribute type from that file also says which
fields are one-line titles (sent with `split_sentences=0`).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..attributes import AttributeCatalog
from ..codes import CodeMap
from ..errors import InputError
from ..locale import to_pim_locale
from ..model import LocalizedRecord

TITLE_TYPES = {"pim_catalog_text"}


def _read_akeneo_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.readline()
            fh.seek(0)
            delimiter = ";" if sample.count(";") >= sample.count(",") else ","
            return list(csv.DictReader(fh, delimiter=delimiter))
    except FileNotFoundError:
        raise InputError(f"{path}: file not found", hint="fix source.attributes / source.categories in the config") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text", hint="export the file as UTF-8") from None


class ContextBuilder:
    """Builds the context string of a field; loads the Akeneo files once."""

    def __init__(self, source_locale: str, *, attributes: Path | None = None, categories: Path | None = None,
                 enabled: bool = True, max_depth: int = 6, catalog: Any = None) -> None:
        self.enabled = enabled
        self.max_depth = max_depth
        pim = to_pim_locale(source_locale)
        # attribute and category codes are case-insensitive in Akeneo (`localize.codes`)
        self.labels: CodeMap[str] = CodeMap()
        self.types: CodeMap[str] = CodeMap()
        self.parents: CodeMap[str] = CodeMap()
        self.category_labels: CodeMap[str] = CodeMap()
        if (catalog is None or not len(catalog)) and attributes is not None and attributes.is_file():
            catalog = AttributeCatalog.load(attributes)  # the runner passes the one it read (encoding, delimiter)
        for code, info in (catalog.attributes.items() if catalog is not None else ()):
            if info.text_type:
                self.types[code] = info.text_type
            if info.labels.get(pim):
                self.labels[code] = info.labels[pim]
        if categories is not None and categories.is_file():
            for row in _read_akeneo_csv(categories):
                code = (row.get("code") or "").strip()
                if not code:
                    continue
                if row.get("parent"):
                    self.parents[code] = row["parent"].strip()
                label = (row.get(f"label-{pim}") or "").strip()
                self.category_labels[code] = label or code
        self._cache: dict[tuple[Any, ...], str | None] = {}

    def is_title(self, attribute: str) -> bool | None:
        """True for one-line text attributes, None when the type is unknown."""
        kind = self.types.get(attribute)
        return None if kind is None else kind in TITLE_TYPES

    def category_path(self, record: LocalizedRecord) -> list[str]:
        taxonomy_path = (record.taxonomy or {}).get("path")
        if isinstance(taxonomy_path, str) and taxonomy_path.strip():
            return [p.strip() for p in taxonomy_path.split(">") if p.strip()]
        if isinstance(taxonomy_path, (list, tuple)) and taxonomy_path:
            return [str(p) for p in taxonomy_path]
        categories = record.product.categories
        if not categories:
            return []
        code = categories[0]
        chain: list[str] = []
        seen: set[str] = set()
        while code and code.casefold() not in seen and len(chain) < 20:
            seen.add(code.casefold())
            chain.append(self.category_labels.get(code, code))
            code = self.parents.get(code, "")
        chain.reverse()
        # Akeneo trees start with a root ("Master catalog") that says nothing about the product.
        if len(chain) > 1 and categories[0] in self.category_labels and chain[0] == self.category_labels.get(
                self._root(categories[0]), ""):
            chain = chain[1:]
        return chain[-self.max_depth:]

    def _root(self, code: str) -> str:
        seen: set[str] = set()
        while code in self.parents and code.casefold() not in seen:
            seen.add(code.casefold())
            code = self.parents[code]
        return code

    def label(self, attribute: str) -> str:
        return self.labels.get(attribute, attribute.replace("_", " "))

    def context(self, record: LocalizedRecord, attribute: str) -> str | None:
        """`Category: Küche > Pfannen. Field: Beschreibung.` (None when context is off)."""
        if not self.enabled:
            return None
        path = self.category_path(record)
        key = (tuple(path), attribute)
        if key not in self._cache:
            parts = []
            if path:
                parts.append("Product category: " + " > ".join(path) + ".")
            parts.append(f"Field: {self.label(attribute)}.")
            self._cache[key] = " ".join(parts)
        return self._cache[key]
