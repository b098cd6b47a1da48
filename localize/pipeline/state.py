"""The state store: per product and market, the hash of every input that decides its output,
and the output itself, so a nightly run redoes only what changed and re-emits the rest.

SQLite under the state folder (`.localize/state.sqlite`), WAL mode, committed every few thousand rows:
a run killed at any moment leaves the store consistent, and the next run picks up from the
last committed batch. What a record became (written, withheld, rejected, pending) is kept
with it; pending records are always redone.

Each row carries a checksum of what it says (market, identifier, input hash, outcome, feed
line). A row whose checksum does not match (a value edited inside the file, a damaged page)
is never re-emitted: the record is redone from its input, and the run report counts it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    market TEXT NOT NULL,
    identifier TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,          -- written | withheld | rejected | pending
    payload BLOB NOT NULL,          -- the record as its feed line (orjson)
    run_id TEXT NOT NULL,
    checksum TEXT NOT NULL DEFAULT '',  -- row_checksum(...) of the columns above
    PRIMARY KEY (market, identifier)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


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


def row_checksum(market: str, identifier: str, input_hash: str, outcome: str, payload: bytes) -> str:
    """What a stored row must hash to; a mismatch means the row was changed outside localize."""
    return digest("localize-state-row-1", market, identifier, input_hash, outcome, payload)


def digest(*parts: bytes | str) -> str:
    """A short, stable content hash (BLAKE2b-128)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


class StateStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
            missing = {table: sorted(cols - {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")})
                       for table, cols in REQUIRED_COLUMNS.items()}
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(records)")}
            if not any(missing.values()) and "checksum" not in columns:
                # a store from before checksums: its rows are redone once
                self.db.execute("ALTER TABLE records ADD COLUMN checksum TEXT NOT NULL DEFAULT ''")
        except (sqlite3.Error, OSError) as exc:
            raise state_error(path, exc) from None
        missing = {t: c for t, c in missing.items() if c}
        if missing:
            self.db.close()
            what = "; ".join(f"table {t} lacks {', '.join(c)}" for t, c in sorted(missing.items()))
            raise OutputError(f"{path}: not a localize state database ({what})",
                              hint=f"move {path.name} aside (or point `state:` at another folder); "
                                   "the next run then redoes every record")
        self._uncommitted = 0
        #: (market, identifier) of rows whose checksum failed, in lookup order (the run redoes them)
        self.tampered: list[tuple[str, str]] = []

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
                if checksum != row_checksum(market, str(identifier), str(input_hash), str(outcome), payload):
                    self.tampered.append((market, str(identifier)))
                    continue
                out[identifier] = Stored(input_hash, outcome, payload)
        return out

    #: Rows per transaction: a commit costs a WAL sync, so a batch of a few hundred rows does not
    #: get one of its own. A kill loses at most this many rows, which the next run simply redoes.
    COMMIT_EVERY = 10_000

    def save(self, rows: Iterable[tuple[str, str, str, str, bytes]], run_id: str) -> None:
        """Store (market, identifier, input_hash, outcome, payload) rows; `commit()` makes them durable."""
        try:
            if not self.db.in_transaction:
                self.db.execute("BEGIN")
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR REPLACE INTO records (market, identifier, input_hash, outcome, payload, run_id, checksum) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((m, i, h, o, p, run_id, row_checksum(m, i, h, o, p)) for m, i, h, o, p in rows),
            )
            self._uncommitted += self.db.total_changes - before
            if self._uncommitted >= self.COMMIT_EVERY:
                self.commit()
        except (sqlite3.Error, OSError) as exc:
            raise state_error(self.path, exc) from None

    def commit(self) -> None:
        try:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
            self._uncommitted = 0
        except (sqlite3.Error, OSError) as exc:
            raise state_error(self.path, exc) from None

    def counts(self) -> dict[str, dict[str, int]]:
        """Outcomes per market as stored (for `localize status`)."""
        out: dict[str, dict[str, int]] = {}
        for market, outcome, n in self.db.execute("SELECT market, outcome, COUNT(*) FROM records GROUP BY market, outcome"):
            out.setdefault(market, {})[outcome] = n
        return out

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close without committing what is pending (a run that failed keeps its last commit)."""
        self.db.close()


def state_error(path: Path, exc: BaseException) -> OutputError:
    """A clear message for a state file that cannot be used (full disk, read-only, corrupt)."""
    text = str(exc)
    if "disk" in text.lower() or "full" in text.lower() or isinstance(exc, OSError):
        hint = "free space on the disk of the state folder (or fix its permissions); outputs of the last run are intact"
    else:
        hint = f"move {path.name} aside to start from a clean state (the next run then redoes everything)"
    return OutputError(f"{path}: cannot use the state database: {text}", hint=hint)
