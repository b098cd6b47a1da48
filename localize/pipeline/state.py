"""The state store: per product and market, the hash of every input that decides its output,
and the output itself, so a nightly run redoes only what changed and re-emits the rest.

SQLite under the state folder (`.localize/state.sqlite`), WAL mode, committed every few thousand rows:
a run killed at any moment leaves the store consistent, and the next run picks up from the
last committed batch. What a record became (written, withheld, rejected, pending) is kept
with it; pending records are always redone.

Each row carries a checksum of what it says (market, identifier, input hash, outcome, feed
line). A row whose checksum does not match (a value edited inside the file, a damaged page)
is never re-emitted: the record is redone from its input, and the run report counts it.

The checksum is a CRC-32 (`crc32:1a2b3c4d`, layout 3): it detects damage and edits, as in zip and
PNG files; nobody can be kept from forging a row by an unkeyed hash anyway (the BLAKE2b-128 of
layouts 1-2 was not keyed either). BLAKE2b cost 3.7 µs a row of 2.5 KB, CRC-32 0.8 µs: every
record of a full run is hashed once when saved, every stored one of a rerun once when looked up.
Rows of earlier layouts keep their BLAKE2b checksums, which `row_valid` still checks.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..stores import SQLiteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    market TEXT NOT NULL,
    identifier TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,          -- written | withheld | rejected | pending
    payload BLOB NOT NULL,          -- the record as its feed line (orjson)
    run_id TEXT NOT NULL,
    checksum TEXT NOT NULL DEFAULT ''   -- row_checksum(...) of the columns above
);
CREATE UNIQUE INDEX IF NOT EXISTS records_key ON records (market, identifier);
"""
# A rowid table with a key index, not `WITHOUT ROWID`: rows of a WITHOUT ROWID table live in index
# pages, which keep at most ~1 KB of a row locally, so every feed line of 1.2 KB spilled into an
# overflow page of its own (1.4 GB of file for 371 MB of lines). A rowid table keeps rows of up to
# ~4 KB inside its leaf pages, a few per page; the index holds only (market, identifier, rowid).

#: Layout 2: the rowid table above (layout 1, or no recorded layout, is the WITHOUT ROWID table;
#: opening it copies its rows over once). Layout 3: new rows carry CRC-32 checksums (`row_checksum`);
#: a layout-2 file is upgraded by recording 3 (its rows stay valid), so that an older localize, which
#: would take every new row for one changed outside localize, refuses the file instead, saying why.
SCHEMA_VERSION = 3


#: What this code reads and writes; a file made by something else (or an older layout) is refused.
REQUIRED_COLUMNS = {
    "records": {"market", "identifier", "input_hash", "outcome", "payload", "run_id"},
    "meta": {"key", "value"},
}


@dataclass(frozen=True, slots=True)
class Stored:
    input_hash: str
    outcome: str
    payload: bytes


#: How a layout-3 checksum starts; a layout-1/2 one is 32 hex digits (BLAKE2b-128, `legacy_row_checksum`).
CHECKSUM_PREFIX = "crc32:"


def row_checksum(market: str, identifier: str, input_hash: str, outcome: str, payload: bytes) -> str:
    """What a stored row must hash to; a mismatch means the row was changed outside localize.
    The head is hashed first, then the feed line (not joined to it: a line is 1-3 KB, a copy saved)."""
    head = f"localize-state-row-3\x00{market}\x00{identifier}\x00{input_hash}\x00{outcome}\x00".encode()
    return f"{CHECKSUM_PREFIX}{zlib.crc32(payload, zlib.crc32(head)):08x}"


def legacy_row_checksum(market: str, identifier: str, input_hash: str, outcome: str, payload: bytes) -> str:
    """The checksum of layouts 1-2 (BLAKE2b-128 of the five parts): rows saved by earlier versions."""
    h = hashlib.blake2b(f"localize-state-row-1\x00{market}\x00{identifier}\x00{input_hash}\x00{outcome}\x00".encode(),
                        digest_size=16)
    h.update(payload)
    h.update(b"\x00")
    return h.hexdigest()


def row_valid(market: str, identifier: str, input_hash: str, outcome: str, payload: bytes, checksum: str) -> bool:
    """True when `checksum` is the row's, in the layout it was saved in (CRC-32 now, BLAKE2b before)."""
    if checksum.startswith(CHECKSUM_PREFIX):
        return checksum == row_checksum(market, identifier, input_hash, outcome, payload)
    return len(checksum) == 32 and checksum == legacy_row_checksum(market, identifier, input_hash, outcome, payload)


def digest(*parts: bytes | str) -> str:
    """A short, stable content hash (BLAKE2b-128)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


class StateStore(SQLiteStore):
    """The state file of a project; failures are `OutputError`s (the outputs of the last run stay)."""

    kind = "state database"
    foreign_message = "not a localize {kind}"
    error = OutputError
    foreign_hint = ("move {name} aside (or point `state:` at another folder); "
                    "the next run then redoes every record")
    space_hint = ("free space on the disk of the state folder (or fix its permissions); "
                  "outputs of the last run are intact")
    schema = SCHEMA
    schema_version = SCHEMA_VERSION
    page_size = 16384  # feed lines of ~1-2 KB: ten per page rather than two or three
    required_columns = REQUIRED_COLUMNS
    autocommit = True  # `save` opens one transaction across many batches; `commit` ends it
    pg_name = "state"

    def __init__(self, path: Path, *, url: str | None = None, schema: str = "localize") -> None:
        super().__init__(path, url=url, schema=schema)
        self._uncommitted = 0
        #: (market, identifier) of rows whose checksum failed, in lookup order (the run redoes them)
        self.tampered: list[tuple[str, str]] = []

    def hold(self) -> None:
        """Hold the state for this run. A state folder is held by the run's `flock` (`lock.py`); a state in
        PostgreSQL is shared by machines that flock does not reach, so the run also takes the state's
        advisory lock, which PostgreSQL releases when the run's connection ends (a killed run included)."""
        if not self.shared:
            return
        with self.guard():
            held = self.db.execute("SELECT pg_try_advisory_lock(hashtext(?))", (f"localize-state {self.path}",)).fetchone()
        if not held or not held[0]:
            raise OutputError(f"{self.path}: another run is using this state (on this or another machine)",
                              hint="wait for it to finish; PostgreSQL releases its lock when that run ends")

    def upgrade(self) -> None:
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(records)")}
        if "checksum" not in columns:
            # a store from before checksums: its rows are redone once
            self.db.execute("ALTER TABLE records ADD COLUMN checksum TEXT NOT NULL DEFAULT ''")
        if not self.shared:  # PostgreSQL: created in layout 2 or later, never had the SQLite-only layout 1
            row = self.db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'records'").fetchone()
            if row and "WITHOUT ROWID" in str(row[0]).upper():
                self._compact()
        self._record_layout()

    def _record_layout(self) -> None:
        """Record this layout over an older one's number (layout 2 -> 3 changes no row: its checksums stay
        valid); an older localize then refuses the file rather than redo every row saved from now on."""
        stored = self.get_meta("schema")
        if stored is not None and stored != str(SCHEMA_VERSION):
            self.set_meta("schema", str(SCHEMA_VERSION))

    def _compact(self) -> None:
        """Copy a layout-1 (WITHOUT ROWID) table into the rowid table, rows and checksums as they
        are (so the next run still reuses them), and give the freed pages back to the disk."""
        names = "market, identifier, input_hash, outcome, payload, run_id, checksum"
        self.db.execute("BEGIN")
        self.db.execute("DROP INDEX IF EXISTS records_key")
        self.db.execute("ALTER TABLE records RENAME TO records_layout1")
        for statement in SCHEMA.split(";"):  # the new table and its index
            if statement.strip():
                self.db.execute(statement)
        self.db.execute(f"INSERT INTO records ({names}) SELECT {names} FROM records_layout1 "
                        "ORDER BY market, identifier")
        self.db.execute("DROP TABLE records_layout1")
        self.db.execute("COMMIT")
        # VACUUM rebuilds the file with the new page size, which WAL mode does not allow
        self.db.execute("PRAGMA journal_mode=DELETE")
        self.db.execute(f"PRAGMA page_size={self.page_size}")
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA journal_mode=WAL")

    def empty(self, market: str) -> bool:
        return self.db.execute("SELECT 1 FROM records WHERE market = ? LIMIT 1", (market,)).fetchone() is None

    def lookup(self, market: str, identifiers: list[str]) -> dict[str, Stored]:
        out: dict[str, Stored] = {}
        for start in range(0, len(identifiers), 500):
            chunk = identifiers[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT identifier, input_hash, outcome, payload, checksum FROM records "
                f"WHERE market = ? AND identifier IN ({marks})",
                [market, *chunk],
            )
            for identifier, input_hash, outcome, payload, checksum in rows:
                if not isinstance(payload, bytes):
                    payload = str(payload).encode()
                if not row_valid(market, str(identifier), str(input_hash), str(outcome), payload, str(checksum)):
                    self.tampered.append((market, str(identifier)))
                    continue
                out[identifier] = Stored(input_hash, outcome, payload)
        return out

    #: Rows per transaction: a commit costs a WAL sync, so a batch of a few hundred rows does not
    #: get one of its own. A kill loses at most this many rows, which the next run simply redoes.
    COMMIT_EVERY = 10_000

    def save(self, rows: Iterable[tuple[str, str, str, str, bytes]], run_id: str) -> None:
        """Store (market, identifier, input_hash, outcome, payload) rows; `commit()` makes them durable."""
        with self.guard():
            if not self.db.in_transaction:
                self.db.execute("BEGIN")
            before = self.db.total_changes
            # An upsert rewrites a changed record in place (same rowid) instead of deleting it and
            # appending a new row, so a nightly run leaves no half-empty pages behind.
            self.db.executemany(
                "INSERT INTO records (market, identifier, input_hash, outcome, payload, run_id, checksum) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (market, identifier) DO UPDATE SET "
                "input_hash = excluded.input_hash, outcome = excluded.outcome, payload = excluded.payload, "
                "run_id = excluded.run_id, checksum = excluded.checksum",
                ((m, i, h, o, p, run_id, row_checksum(m, i, h, o, p)) for m, i, h, o, p in rows),
            )
            self._uncommitted += self.db.total_changes - before
            if self._uncommitted >= self.COMMIT_EVERY:
                self.commit()

    def commit(self) -> None:
        with self.guard():
            if self.db.in_transaction:
                self.db.execute("COMMIT")
            self._uncommitted = 0

    def counts(self) -> dict[str, dict[str, int]]:
        """Outcomes per market as stored (for `localize status`)."""
        out: dict[str, dict[str, int]] = {}
        for market, outcome, n in self.db.execute("SELECT market, outcome, COUNT(*) FROM records GROUP BY market, outcome"):
            out.setdefault(market, {})[outcome] = n
        return out
