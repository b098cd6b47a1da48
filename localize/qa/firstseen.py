"""The first digest seen under each key, across a whole file or run, in flat memory.

Checks that compare a record with an earlier one ("the same source text is translated another
way than in SKU-1") must remember every key of the file: millions of them in a large catalogue.
Up to `limit` keys live in a dict with their first digest; the details a finding quotes go to an
append-only scratch file and are read back only for a conflict. Past the limit the dict's keys go
to a scratch SQLite file in one sorted batch and the dict starts over, so memory stays flat and
the answers stay the same.

Why batches and a filter: most keys of a catalogue are new (a product's own name), and a key that
is asked for only once should cost no file access. The first version moved every key to the file
past the limit and then asked the file twice per key (a SELECT, then an INSERT that committed on
its own): ~50 µs a key, which doubled the QA stage's cost per record from ~30k products on (+48
CPU-s of a 175 s run at 100k x 3 markets). Now a key is looked up in the dict, then in a Bloom
filter of the keys in the file (2 to 4 bytes a key; it never says "absent" for a key that is there),
and only a key the filter may hold is looked up in the file; a value read back from the file is
kept in the dict until it starts over (a repeated source text costs one file read per round).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from typing import IO, Any

import orjson

from ..scratch import ScratchDb

#: bytes of a digest `FirstSeen` compares, and of the place of a key's details in its details file
DIGEST = 12
PLACE = 6


class KeyFilter:
    """A Bloom filter of byte keys: `add(key)`; `may_hold(key)` is False only for a key never added.

    Sized at 16 to 32 bits a key (four probes: a false "may hold" for ~0.1% to 0.5% of new keys),
    doubling (and refilled from `keys()` by the caller) when it holds more keys than that.
    Positions come from Python's `hash` of the key (cached on the bytes object, which the dict
    lookup before it already computed): per process, which is all a scratch filter needs."""

    __slots__ = ("bits", "mask", "count", "capacity")

    PROBES = 4
    BITS_PER_KEY = 16

    def __init__(self, keys: int) -> None:
        size = 1 << 16
        while size < keys * self.BITS_PER_KEY:
            size <<= 1
        self.bits = bytearray(size >> 3)
        self.mask = size - 1
        self.count = 0
        self.capacity = size // self.BITS_PER_KEY

    def add(self, key: bytes) -> None:
        bits, mask = self.bits, self.mask
        h = hash(key) & 0xFFFFFFFFFFFFFFFF
        step = (h >> 32) | 1  # odd: the probes never repeat within the filter's size
        for _ in range(self.PROBES):
            p = h & mask
            bits[p >> 3] |= 1 << (p & 7)
            h += step
        self.count += 1

    def may_hold(self, key: bytes) -> bool:
        bits, mask = self.bits, self.mask
        h = hash(key) & 0xFFFFFFFFFFFFFFFF
        step = (h >> 32) | 1
        for _ in range(self.PROBES):
            p = h & mask
            if not (bits[p >> 3] >> (p & 7)) & 1:
                return False
            h += step
        return True


class FirstSeen:
    """`conflict(key, digest, detail)`: what was stored first under `key` when its digest was another.

    A stateful check asks, for every pair, whether the same source was translated another way
    before: it needs the first translation's digest for every key, and that translation's details
    (excerpt, record, line, field) only when the answer is "yes" (rare). So memory holds each key
    with its first digest and where its details are in an append-only scratch file (12 + 18 bytes
    of data, ~127 bytes a key with Python's objects and the dict), and the details are written
    once, in order, and read only for a conflict. The previous store kept every key's details in
    memory as JSON (~300 bytes a key), so its 50,000 keys cost what 100,000 cost now.

    Past `limit` keys the (key, digest + place) rows go to a scratch SQLite file in one sorted
    batch and the dict starts over, so memory stays flat at any size (the rows are ~30 bytes, not
    ~250: a round rewrites an eighth of the pages it did); a Bloom filter of the keys in the file
    (2 to 4 bytes a key; it never says "absent" for a key that is there) spares the file a lookup
    for a new key, and a key read back is kept in memory until the dict starts over.

    `LIMIT` (200,000 keys a checker) is what a checker holds before its first spill. A spill is the
    costly part: sorting, writing and filtering the keys, then reading back the repeated ones (a
    description a family shares) from the file. At 100,000 keys the synthetic 100k x 3 catalogue
    (157k distinct sources a market) spilled once per market: 2.81 CPU-s of a ~78 CPU-s run for its
    three checkers, against 0.74 without a spill (a replay of its keys), for 12.8 MiB more heap
    (tracemalloc: 25.3 -> 38.1 MiB for the three).
    """

    #: keys a checker holds in memory before its first spill (see above)
    LIMIT = 200_000

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        # key -> its first digest (12 bytes) + where its details are in the details file (6 bytes)
        self._memory: dict[bytes, bytes] = {}  # keys not in the SQLite file yet
        self._read: dict[bytes, bytes] = {}  # keys read back from the SQLite file this round
        self._filter: KeyFilter | None = None  # the keys in the SQLite file
        self._db: sqlite3.Connection | None = None
        self._file: ScratchDb | None = None
        self._details: IO[bytes] | None = None  # one JSON line a key, in the order keys came
        self._end = 0  # the details file's size (what is written, with what its buffer holds)

    def conflict(self, key: bytes, digest: bytes, detail: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """None when `key` is new (`digest` and `detail` are remembered as its first) or was first
        seen with `digest`; else the detail remembered with its first, other, digest."""
        found = self._memory.get(key)
        if found is None and self._db is not None:
            found = self._read.get(key)
            if found is None and self._filter is not None and self._filter.may_hold(key):
                row = self._db.execute("SELECT value FROM seen WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    found = self._read[key] = bytes(row[0])
                    self._check_size()
        if found is not None:
            if found.startswith(digest):
                return None
            return self._detail(int.from_bytes(found[DIGEST:], "big"))
        if len(digest) != DIGEST:
            raise ValueError(f"FirstSeen: a digest is {DIGEST} bytes, not {len(digest)}")
        line = orjson.dumps(detail) + b"\n"
        if self._details is None:
            self._details = tempfile.TemporaryFile(prefix="localize-seen-", buffering=1 << 16)
        self._details.write(line)
        self._memory[key] = digest + self._end.to_bytes(PLACE, "big")
        self._end += len(line)
        if len(self._memory) + len(self._read) > self.limit:
            self._spill()
        return None

    def _detail(self, place: int) -> tuple[Any, ...]:
        """The details written at `place` of the details file."""
        fh = self._details
        assert fh is not None
        fh.seek(place)
        line = fh.readline()
        fh.seek(0, os.SEEK_END)
        return tuple(orjson.loads(line))

    def _check_size(self) -> None:
        if len(self._memory) + len(self._read) > self.limit:
            self._spill()

    def _spill(self) -> None:
        """Write the new keys into the scratch file (no journal, no sync: it dies with the
        process) in one transaction, sorted (the file's B-tree is then written in order), and
        start the dict over."""
        if self._file is None:
            self._file = ScratchDb("localize-seen-",
                                   "CREATE TABLE seen (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;",
                                   autocommit=True)
            self._db = self._file.db
            # its rows are ~30 bytes (the details are in the other file): 2 MB of pages hold what
            # a round reads back; the scratch default (8 MB) would be memory kept for nothing
            self._db.execute("PRAGMA cache_size=-2000")
        db = self._db
        assert db is not None
        memory = self._memory
        db.execute("BEGIN")
        # sorted keys, not sorted (key, value) tuples: a list of 8 bytes a key at the peak, not ~70
        db.executemany("INSERT INTO seen (key, value) VALUES (?, ?)", ((k, memory[k]) for k in sorted(memory)))
        db.execute("COMMIT")
        keys = self._filter.count if self._filter is not None else 0
        if self._filter is None or keys + len(self._memory) > self._filter.capacity:
            # (re)built from the file at the next power of two: its size at least doubles each
            # time, so every key is read back a few times in a whole run
            self._filter = KeyFilter(keys + len(self._memory))
            for (stored,) in db.execute("SELECT key FROM seen"):
                self._filter.add(stored)
        else:
            for stored in self._memory:
                self._filter.add(stored)
        self._memory = {}
        self._read = {}

    def close(self) -> None:
        if self._details is not None:
            self._details.close()
            self._details = None
        if self._file is not None:
            self._file.close()
            self._file = None
            self._db = None
            self._filter = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the temporary file goes with the process
            pass

    def __len__(self) -> int:
        if self._db is None:
            return len(self._memory)
        return len(self._memory) + int(self._db.execute("SELECT COUNT(*) FROM seen").fetchone()[0])
