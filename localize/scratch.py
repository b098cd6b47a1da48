"""A scratch SQLite file: where a bounded in-memory table spills when it grows past its limit.

One place for how such a file is made (in a fresh temporary folder, no journal, no sync, an 8 MB
page cache: it dies with the process, so nothing needs to survive a crash) and removed, so the
stores that spill (`qa.firstseen.FirstSeen`, `pipeline.models.ProductModels`) only say what they keep.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path


class ScratchDb:
    """A temporary SQLite database holding `schema`; `close()` removes its folder.

    `autocommit`: every statement commits at once (no transaction is ever left open)."""

    def __init__(self, prefix: str, schema: str, *, autocommit: bool = False) -> None:
        self._dir: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(prefix=prefix)
        self.path = Path(self._dir.name) / "scratch.sqlite"
        self.db = sqlite3.connect(str(self.path), check_same_thread=False,
                                  **({"isolation_level": None} if autocommit else {}))
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-8000;" + schema)

    def close(self) -> None:
        """Close the connection and remove the file (twice is harmless)."""
        self.db.close()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None
