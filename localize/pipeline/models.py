"""The source's product models, held once and on disk when there are many.

A variant inherits its model's values (and the model its parent model's), so the source keeps
every product model of a run. A model-heavy catalogue (a fashion PIM: 300,000 models for a
million variants) would hold them all in memory, and before this module twice: as read and
merged with their ancestors. `ProductModels` keeps each model once, as read (the Akeneo
write-back needs each model's own row), in memory up to `in_memory` models and beyond that in a
temporary SQLite file, with a bounded cache of the models last asked for (variants follow their
model in an export, so the cache answers most lookups). `resolved(code)` merges a model with its
ancestors when a variant asks, from the same links the whole-catalogue merge followed (a model
that is its own ancestor is cut at the same place), kept in a bounded cache as well.

It answers like the `CodeMap` it replaces: codes in any case, `key()` gives the spelling the
export used.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..codes import CodeMap, fold
from ..errors import OutputError
from ..model import Product
from ..scratch import ScratchDb

#: Models kept in memory before the rest go to a temporary file.
IN_MEMORY = 20_000
#: Models (as read, and merged with their ancestors) kept in each cache once they are on disk.
CACHED = 4_096


class ProductModels(Mapping[str, Product]):
    """Product models by code, as read (see the module docstring)."""

    def __init__(self, *, in_memory: int | None = None, cached: int | None = None) -> None:
        self.in_memory = IN_MEMORY if in_memory is None else in_memory
        self.cached = CACHED if cached is None else cached
        self._memory: CodeMap[Product] = CodeMap()
        self._spelling: dict[str, str] = {}  # folded code -> first spelling (every model, memory or disk)
        self._parent: dict[str, str] = {}  # folded code -> parent code as written (models that have one)
        self._scratch: ScratchDb | None = None
        self._db: sqlite3.Connection | None = None
        self._cache: OrderedDict[str, Product] = OrderedDict()
        #: folded code -> True when the model is merged with its parent (decided by `link`)
        self._merged: dict[str, bool] = {}
        self._resolved: OrderedDict[str, Product] = OrderedDict()

    # --- filling ---------------------------------------------------------------------------------

    def add(self, model: Product) -> None:
        """Keep a model (its code not seen before)."""
        code = model.identifier
        self._spelling[fold(code)] = code
        if model.parent:
            self._parent[fold(code)] = model.parent
        if len(self._memory) < self.in_memory:
            self._memory[code] = model
            return
        db = self._disk()
        try:
            db.execute("INSERT INTO models VALUES (?, ?)", (fold(code), pickle.dumps(model, pickle.HIGHEST_PROTOCOL)))
        except sqlite3.OperationalError as exc:  # "database or disk is full": say which disk
            raise OutputError(f"{self._disk_path()}: cannot write the product-model spill file: {exc}",
                              hint="free space in the temporary folder (or point TMPDIR at a larger disk)") from None

    def link(self, warn: Callable[[str], None]) -> None:
        """Decide, once every model is read, which models inherit from their parent: the walk of the
        whole-catalogue merge (in reading order), so a model that is its own ancestor is cut where it
        was before, with the same warning."""
        merged = self._merged

        def walk(code: str, chain: tuple[str, ...]) -> None:
            key = fold(code)
            if key in merged:
                return
            folded = tuple(fold(c) for c in chain)
            parent = self._parent.get(key)
            if parent and parent in self and fold(parent) not in folded:
                walk(parent, chain + (code,))
                merged[key] = True
                return
            if parent and fold(parent) in folded:
                warn(f"{self[code].origin}: product model '{code}' is its own ancestor; its parent is ignored")
            merged[key] = False

        for code in list(self._spelling.values()):
            walk(code, ())

    # --- reading ---------------------------------------------------------------------------------

    def resolved(self, code: str, merge: Callable[[Product, Product], Product]) -> Product | None:
        """The model with its ancestors' values (`merge(parent, child)`), or None when unknown."""
        key = fold(code)
        hit = self._resolved.get(key)
        if hit is not None:
            self._resolved.move_to_end(key)
            return hit
        model = self.get(code)
        if model is None:
            return None
        if self._merged.get(key) and model.parent:
            parent = self.resolved(model.parent, merge)
            if parent is not None:
                model = merge(parent, model)
        self._resolved[key] = model
        if len(self._resolved) > self.cached:
            self._resolved.popitem(last=False)
        return model

    def key(self, code: Any) -> Any:
        """The spelling of `code` the export used, or `code` itself when absent (as `CodeMap.key`)."""
        return self._spelling.get(fold(code), code) if isinstance(code, str) else code

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and fold(code) in self._spelling

    def __getitem__(self, code: str) -> Product:
        model = self.get(code)
        if model is None:
            raise KeyError(code)
        return model

    def get(self, code: Any, default: Any = None) -> Any:
        if not isinstance(code, str):
            return default
        model = self._memory.get(code)
        if model is not None or self._db is None:
            return model if model is not None else default
        key = fold(code)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        row = self._db.execute("SELECT model FROM models WHERE code = ?", (key,)).fetchone()
        if row is None:
            return default
        model = pickle.loads(row[0])
        self._cache[key] = model
        if len(self._cache) > self.cached:
            self._cache.popitem(last=False)
        return model

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._spelling.values()))

    def __len__(self) -> int:
        return len(self._spelling)

    def held(self) -> int:
        """Models held in memory now (as read and merged): at most `in_memory` + 2 × `cached`."""
        return len(self._memory) + len(self._cache) + len(self._resolved)

    # --- the spill file --------------------------------------------------------------------------

    def _disk(self) -> sqlite3.Connection:
        if self._db is None:
            self._scratch = ScratchDb("localize-models-",
                                      "CREATE TABLE models (code TEXT PRIMARY KEY, model BLOB) WITHOUT ROWID;")
            self._db = self._scratch.db
        return self._db

    def _disk_path(self) -> Path | None:
        return self._scratch.path if self._scratch is not None else None

    def close(self) -> None:
        """Remove the spill file (the models in memory stay readable)."""
        if self._scratch is not None:
            self._scratch.close()
            self._scratch = None
            self._db = None
