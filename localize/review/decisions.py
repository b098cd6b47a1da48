"""Review decisions: what a person decided about a finding, stored so it survives reruns.

A decision is keyed by a content hash of the finding: market, product, field, rule,
locale, the matched words and the field's *source* content. The next run finds the same
key for the same finding and applies the decision; when the source text changes the key
changes, and the finding is open again (re-review). Every change is appended to an audit
table with who, when, why and the text it applied to.

The store is one SQLite file next to the translation memory (`<state>/review.sqlite`),
written in WAL mode so a run can read while a reviewer applies a sheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Finding, LocalizedRecord
from ..serialize import data_to_json
from ..stores import SQLiteStore

DECISIONS = ("approve", "reject", "edit")
SCHEMA_VERSION = 1
#: Keys per `get_many` query (well under SQLite's 999 bound variables of old builds).
LOOKUP_CHUNK = 500
#: Decisions per page of `market_fingerprint`.
FINGERPRINT_PAGE = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
  key TEXT PRIMARY KEY,
  market TEXT NOT NULL, product TEXT NOT NULL, field TEXT, rule TEXT NOT NULL, locale TEXT, matched TEXT,
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'edit')),
  corrected TEXT, reviewer TEXT NOT NULL, comment TEXT, decided_at TEXT NOT NULL,
  source_text TEXT, target_text TEXT, origin TEXT
);
CREATE INDEX IF NOT EXISTS decisions_item ON decisions (market, product, field, rule);
CREATE INDEX IF NOT EXISTS decisions_market ON decisions (market, key);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL, market TEXT NOT NULL, product TEXT NOT NULL, field TEXT, rule TEXT NOT NULL,
  locale TEXT, matched TEXT, decision TEXT NOT NULL, corrected TEXT, reviewer TEXT NOT NULL, comment TEXT,
  decided_at TEXT NOT NULL, source_text TEXT, target_text TEXT, origin TEXT, previous TEXT
);
"""


@dataclass(frozen=True)
class Decision:
    """One reviewer decision on one finding (as stored)."""

    key: str
    market: str
    product: str
    field: str | None
    rule: str
    decision: str
    reviewer: str
    decided_at: str
    locale: str | None = None
    matched: str | None = None
    corrected: str | None = None
    comment: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def canonical(content: Any) -> str:
    """Stable text of a field's content (text as is, anything else as canonical JSON)."""
    if isinstance(content, str):
        return content
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def finding_key(market: str, product: str, field: str | None, rule: str, locale: str | None,
                matched: str | None, content: Any) -> str:
    """The content hash a decision is stored under (see the module docstring)."""
    parts = [market, product, field or "", rule, locale or "", (matched or "").casefold(), canonical(content)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def record_content(record: LocalizedRecord, field: str | None) -> Any:
    """The source content of a record's field, as JSON data (what the key hashes)."""
    if field == "categories" or field is None:
        return {"categories": list(record.categories or record.product.categories),
                "taxonomy": (record.taxonomy or {}).get("category")}
    lv = record.values.get(field)
    if lv is None:
        values = record.product.values.get(field) or []
        return [data_to_json(v.data) for v in values]
    return data_to_json(lv.source if lv.source is not None else lv.data)


def line_content(line: dict[str, Any], field: str | None) -> Any:
    """The same content as `record_content`, from a feed line (review-queue.jsonl)."""
    if field == "categories" or field is None:
        return {"categories": list(line.get("categories") or []), "taxonomy": (line.get("taxonomy") or {}).get("category")}
    source = (line.get("source") or {}).get(field)
    return source if source is not None else (line.get("values") or {}).get(field)


def key_for_record(record: LocalizedRecord, finding: Finding) -> str:
    return finding_key(record.market.code, record.identifier, finding.field, finding.rule or finding.code,
                       finding.locale, finding.matched, record_content(record, finding.field))


def key_for_line(line: dict[str, Any], finding: dict[str, Any]) -> str:
    return finding_key(line["market"], line["identifier"], finding.get("field"), finding.get("rule") or finding["code"],
                       finding.get("locale"), finding.get("matched"), line_content(line, finding.get("field")))


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class DecisionStore(SQLiteStore):
    """The SQLite store of decisions and their audit trail."""

    kind = "review decision store"
    foreign_hint = "point review.store at another file, or move this one away"
    schema = _SCHEMA
    schema_version = SCHEMA_VERSION
    meta_key = "name"
    pg_name = "review"

    def __init__(self, path: str | Path, *, create: bool = True, url: str | None = None,
                 schema: str = "localize") -> None:
        if not create and url is None and not Path(path).is_file():
            raise InputError(f"{path}: no review decisions stored yet",
                             hint="apply decisions with `localize review apply FILE` first")
        super().__init__(path, url=url, schema=schema)
        self.db.row_factory = sqlite3.Row

    def get(self, key: str) -> Decision | None:
        row = self.db.execute("SELECT * FROM decisions WHERE key = ?", (key,)).fetchone()
        return _decision(row) if row else None

    def all(self) -> dict[str, Decision]:
        """Every decision in memory: for tools over a few of them; a run asks `get_many` per batch."""
        return {row["key"]: _decision(row) for row in self.db.execute("SELECT * FROM decisions")}

    def get_many(self, keys: Iterable[str]) -> dict[str, Decision]:
        """The decisions stored under `keys` (the keys without one are absent), a few hundred keys a
        query: a run looks up one batch's findings at a time instead of holding every decision."""
        wanted = sorted(set(keys))
        found: dict[str, Decision] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start:start + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM decisions WHERE key IN ({marks})", chunk):
                found[row["key"]] = _decision(row)
        return found

    def market_fingerprint(self, market: str) -> str:
        """`fingerprint` of the market's decisions, read a page at a time in key order (byte order on
        SQLite and PostgreSQL alike, as `fingerprint` sorts): memory does not grow with the store."""
        h = hashlib.sha256()
        last: str | None = None
        while True:
            if last is None:
                rows = self.db.execute("SELECT key, decision, corrected FROM decisions WHERE market = ? "
                                       "ORDER BY key LIMIT ?", (market, FINGERPRINT_PAGE)).fetchall()
            else:
                rows = self.db.execute("SELECT key, decision, corrected FROM decisions WHERE market = ? AND key > ? "
                                       "ORDER BY key LIMIT ?", (market, last, FINGERPRINT_PAGE)).fetchall()
            for row in rows:
                h.update(_fingerprint_line(row["key"], row["decision"], row["corrected"]))
            if len(rows) < FINGERPRINT_PAGE:
                return h.hexdigest()[:16]
            last = rows[-1]["key"]

    def snapshot(self) -> None:
        """Read the store as it is now until `close`: a reviewer applying a sheet during a run changes
        neither the decisions this run applies nor the fingerprint it recorded for them."""
        with self.guard():
            self.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if self.shared else "BEGIN")
            self.count()  # the snapshot starts at the first read

    def latest_for(self, market: str, product: str, field: str | None, rule: str) -> Decision | None:
        """The newest decision for the same finding on any earlier text (to show stale decisions)."""
        row = self.db.execute(
            "SELECT * FROM decisions WHERE market = ? AND product = ? AND IFNULL(field, '') = ? AND rule = ? "
            "ORDER BY decided_at DESC, key LIMIT 1", (market, product, field or "", rule)).fetchone()
        return _decision(row) if row else None

    def put(self, decision: Decision) -> bool:
        """Store a decision; False when the same decision was already stored (no audit entry then)."""
        old = self.get(decision.key)
        same = old is not None and (old.decision, old.corrected, old.reviewer, old.comment) == (
            decision.decision, decision.corrected, decision.reviewer, decision.comment)
        if same:
            return False
        cols = ("key", "market", "product", "field", "rule", "locale", "matched", "decision", "corrected",
                "reviewer", "comment", "decided_at", "source_text", "target_text", "origin")
        values = tuple(getattr(decision, c) for c in cols)
        with self.transaction():
            self.db.execute(f"INSERT OR REPLACE INTO decisions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                            values)
            self.db.execute(f"INSERT INTO audit ({', '.join(cols)}, previous) VALUES ({', '.join('?' * (len(cols) + 1))})",
                            values + (old.decision if old else None,))
        return True

    def audit(self, key: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM audit" + (" WHERE key = ?" if key else "") + " ORDER BY id"
        return [dict(row) for row in self.db.execute(sql, (key,) if key else ())]

    def __iter__(self) -> Iterator[Decision]:
        return iter(self.all().values())

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0])


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(**{k: row[k] for k in row.keys()})


def store_path(config: Any) -> Path:
    """Where a project's decisions live: `review.store`, default `<state>/review.sqlite`."""
    section = config.settings.review.raw if config is not None else {}
    if section.get("store"):
        return config.resolve(section["store"])
    return Path(config.state_dir) / "review.sqlite"


def fingerprint(decisions: Iterable[Decision]) -> str:
    """A hash of all decisions (for incremental-run state: a new decision changes outputs)."""
    h = hashlib.sha256()
    for d in sorted(decisions, key=lambda d: d.key):
        h.update(_fingerprint_line(d.key, d.decision, d.corrected))
    return h.hexdigest()[:16]


def _fingerprint_line(key: str, decision: str, corrected: str | None) -> bytes:
    return f"{key}\x1f{decision}\x1f{corrected or ''}\n".encode()
