"""The first value seen under each key, across a whole file or run, in flat memory.

Checks that compare a record with an earlier one ("the same source text is translated another
way than in SKU-1") must remember every key of the file: millions of them in a large catalogue.
Up to `limit` keys live in a dict; past it they move into a temporary SQLite file (deleted when
closed or collected), so memory stays flat and the answers stay the same.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from ..scratch import ScratchDb


def exact(data: bytes) -> bytes:
    """A copy of exactly `data`'s size: orjson's result keeps its whole write buffer (4 KB for a
    line of 60 bytes), which a dict of 50k of them would hold for the rest of the run."""
    return bytes(memoryview(data))


class FirstSeen:
    """`first(key, value)`: the value stored first under `key`, or None (and `value` is stored)."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        # values as their JSON bytes, as the SQLite file keeps them: one object per key instead of
        # a tuple of strings (~420 -> ~190 bytes a key), and the same answers before and after a spill
        self._memory: dict[bytes, bytes] = {}
        self._db: sqlite3.Connection | None = None
        self._file: ScratchDb | None = None

    def first(self, key: bytes, value: tuple[Any, ...]) -> tuple[Any, ...] | None:
        if self._db is None:
            found = self._memory.get(key)
            if found is None:
                self._memory[key] = exact(orjson.dumps(value))
                if len(self._memory) > self.limit:
                    self._spill()
                return None
            return tuple(orjson.loads(found))
        row = self._db.execute("SELECT value FROM seen WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return tuple(orjson.loads(row[0]))
        self._db.execute("INSERT INTO seen (key, value) VALUES (?, ?)", (key, orjson.dumps(value)))
        return None

    def _spill(self) -> None:
        """Move the keys into a scratch file (no journal, no sync: it dies with the process)."""
        self._file = ScratchDb("localize-seen-", "CREATE TABLE seen (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;",
                               autocommit=True)
        self._file.db.executemany("INSERT INTO seen (key, value) VALUES (?, ?)", self._memory.items())
        self._memory = {}
        self._db = self._file.db

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._db = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the temporary file goes with the process
            pass

    def __len__(self) -> int:
        if self._db is None:
            return len(self._memory)
        return int(self._db.execute("SELECT COUNT(*) FROM seen").fetchone()[0])
