"""Translation memory: a SQLite file (`<state>/memory.sqlite`), one per project.

A machine entry is found only by its full key: the hash of the normalised source text, the
source language, the full target variant (`en-GB`, not `EN`), formality, tag handling, split
mode, the context hash, the glossary *content* hash, the engine and the protection version.
Change any of them and the engine is asked again; change none and nothing is billed twice.

Human and approved entries (imported from TMX, or decided by a reviewer) are looked up more
loosely, by source text, source language and target (falling back from `fr-CH` to a
language-only `fr` entry, never to `fr-FR`); an entry recorded with a context or formality
only matches that context or formality. An approved entry beats a human one, and both
always beat a machine translation.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..locale import language_of, same_writing, to_bcp47
from ..stores import SQLiteStore
from .segments import normalise

ORIGINS = ("machine", "human", "approved")
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    source_hash TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    formality TEXT NOT NULL DEFAULT '',
    tag_handling TEXT NOT NULL DEFAULT '',
    split_mode TEXT NOT NULL DEFAULT '',
    context_hash TEXT NOT NULL DEFAULT '',
    glossary_hash TEXT NOT NULL DEFAULT '',
    engine TEXT NOT NULL DEFAULT '',
    protection TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL CHECK (origin IN ('machine', 'human', 'approved')),
    source_text TEXT NOT NULL,
    target_text TEXT NOT NULL,
    billed INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    context TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS entries_lookup ON entries (source_hash, source_lang, target_lang, origin);
CREATE TABLE IF NOT EXISTS imports (
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    entries INTEGER NOT NULL,
    imported REAL NOT NULL,
    PRIMARY KEY (path, sha256)
);
"""


def source_hash(text: str) -> str:
    """The hash of the normalised source text (the first part of every key)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def text_hash(text: str | None) -> str:
    """A short stable hash for context and glossary content ('' for none)."""
    if not text:
        return ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _targets(target_lang: str) -> list[str]:
    """The memory's target tags whose entries may translate for `target_lang`: the locale itself and its
    bare language, when the language is written as the locale writes it. `zh` is Simplified Chinese
    (CLDR: zh -> zh_Hans_CN), so a language-only `zh` entry never translates for zh-TW or zh-HK (it
    published Simplified copy in a Traditional market), nor `sr` (Cyrillic) for sr-Latn."""
    target = to_bcp47(target_lang)
    language = language_of(target)
    return [target, language] if language != target and same_writing(language, target) else [target]


@dataclass(frozen=True, slots=True)
class MemoryKey:
    """Everything that decides a machine translation. `digest` is the primary key."""

    source_hash: str
    source_lang: str
    target_lang: str
    formality: str = ""
    tag_handling: str = ""
    split_mode: str = ""
    context_hash: str = ""
    glossary_hash: str = ""
    engine: str = ""
    protection: str = ""
    # the primary key, hashed once when the key is made (a lookup, its batch query and the
    # write of an engine answer all need it)
    _digest: str = field(init=False, repr=False, compare=False, hash=False, default="")

    def __post_init__(self) -> None:
        parts = [self.source_hash, self.source_lang, self.target_lang, self.formality, self.tag_handling,
                 self.split_mode, self.context_hash, self.glossary_hash, self.engine, self.protection]
        object.__setattr__(self, "_digest", hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest())

    @property
    def digest(self) -> str:
        return self._digest


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored translation."""

    source_text: str
    target_text: str
    source_lang: str
    target_lang: str
    origin: str
    billed: int = 0
    created: float = 0.0
    context: str = ""
    formality: str = ""
    engine: str = ""


class Memory(SQLiteStore):
    """The translation memory of a project. Not shared across threads: one per run."""

    kind = "translation memory"
    foreign_hint = "move the file away; a new memory is created on the next run"
    schema = _SCHEMA
    schema_version = SCHEMA_VERSION
    pg_name = "memory"

    # --- lookup ---------------------------------------------------------------------------

    def lookup(self, key: MemoryKey, *, source_hashes: Iterable[str] = ()) -> Entry | None:
        """The best entry for `key`: approved, then human, then the exact machine entry.

        `source_hashes` are further source texts whose human translations may be used
        (e.g. the original source before a units stage rewrote it).
        """
        hashes = [key.source_hash, *[h for h in source_hashes if h != key.source_hash]]
        targets = _targets(key.target_lang)
        for h in hashes:
            found = self._people_entry(h, key, targets)
            if found is not None:
                return found
        row = self.db.execute(
            """SELECT source_text, target_text, source_lang, target_lang, origin, billed, created, context,
                      formality, engine
               FROM entries WHERE key = ? AND origin = 'machine'""",
            (key.digest,),
        ).fetchone()
        return Entry(*row) if row else None

    def lookup_many(self, items: Iterable[tuple[MemoryKey, Iterable[str]]]) -> list[Entry | None]:
        """`lookup` for many keys at once (`(key, source_hashes)` each), in a few queries.

        A batch of a catalogue asks for thousands of keys and most find nothing (or only their
        machine entry): one query finds which source hashes have any human or approved entry
        (only those keys are looked up one by one, exactly as `lookup` does), one query per
        chunk reads the machine entries of the rest. Same answers as `lookup`, key by key.
        """
        wanted = [(key, [key.source_hash, *[h for h in extra if h != key.source_hash]]) for key, extra in items]
        people = self.people(h for _, hs in wanted for h in hs)
        machine: dict[str, Entry] = {}
        digests = list(dict.fromkeys(key.digest for key, hs in wanted if not people.intersection(hs)))
        for chunk in _chunks(digests):
            for row in self.db.execute(
                f"""SELECT key, source_text, target_text, source_lang, target_lang, origin, billed, created, context,
                           formality, engine
                    FROM entries WHERE key IN ({','.join('?' * len(chunk))}) AND origin = 'machine'""", chunk).fetchall():
                machine[row[0]] = Entry(*row[1:])
        return [self.lookup(key, source_hashes=hs[1:]) if people.intersection(hs) else machine.get(key.digest)
                for key, hs in wanted]

    def lookup_market(self, items: Iterable[tuple[MemoryKey, Iterable[str]]]) -> list[Entry | None]:
        """For each `(key, source_hashes)`: the approved or human entry written for the key's exact
        target locale (`en-GB`), in `lookup`'s order of preference; never a language-only entry (`en`)
        nor a machine one.

        This is what may replace copy the PIM holds in another country's locale of the market's
        language (`localize.sibling_copy`): a person translated this text for this market, which says
        more than the PIM's `en_US` copy does about `en-GB`. A language-only entry was written for no
        country in particular, so it says no more than the sibling copy, which is authored text of
        the product; a machine entry is an engine's guess, and authored text beats it."""
        wanted = [(key, [key.source_hash, *[h for h in extra if h != key.source_hash]]) for key, extra in items]
        people = self.people(h for _, hs in wanted for h in hs)
        out: list[Entry | None] = []
        for key, hs in wanted:
            found = None
            if people.intersection(hs):
                for h in hs:
                    found = self._people_entry(h, key, [key.target_lang])
                    if found is not None:
                        break
            out.append(found)
        return out

    def _people_entry(self, source: str, key: MemoryKey, targets: list[str]) -> Entry | None:
        """The best approved or human entry of one source hash for `key` among `targets`: approved
        first, then the exact target, then one recorded for the key's context, formality, the newest."""
        row = self.db.execute(
            f"""SELECT source_text, target_text, source_lang, target_lang, origin, billed, created, context,
                       formality, engine
                FROM entries
                WHERE source_hash = ? AND source_lang = ? AND target_lang IN ({",".join("?" * len(targets))})
                  AND origin IN ('approved', 'human')
                  AND (context_hash = '' OR context_hash = ?)
                  AND (formality = '' OR formality = ?)
                ORDER BY origin = 'approved' DESC, target_lang = ? DESC, context_hash != '' DESC,
                         formality != '' DESC, created DESC
                LIMIT 1""",
            (source, key.source_lang, *targets, key.context_hash, key.formality, key.target_lang),
        ).fetchone()
        return Entry(*row) if row else None

    def people(self, hashes: Iterable[str]) -> set[str]:
        """The source hashes among `hashes` that have a human or approved entry (any target), in a
        query per 500: most texts of a catalogue have none, and only those that do need `lookup`."""
        people: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(hashes))):
            people.update(row[0] for row in self.db.execute(
                f"SELECT DISTINCT source_hash FROM entries WHERE source_hash IN ({','.join('?' * len(chunk))}) "
                "AND origin IN ('approved', 'human')", chunk).fetchall())
        return people

    def has_people_entries(self) -> bool:
        """Whether any human or approved entry exists (any text, any target). Without one, an engine
        that writes no machine entry finds nothing in the memory, and asking text by text is waste."""
        row = self.db.execute("SELECT 1 FROM entries WHERE origin IN ('approved', 'human') LIMIT 1").fetchone()
        return row is not None

    def has_machine_entries(self, engine: str) -> bool:
        """Whether any machine entry was written by `engine` (as memory keys name it). An engine that
        does not bill (pseudo, memory) never writes one, so for it a key can only find a human entry."""
        row = self.db.execute("SELECT 1 FROM entries WHERE origin = 'machine' AND engine = ? LIMIT 1",
                              (engine,)).fetchone()
        return row is not None

    # --- writing --------------------------------------------------------------------------

    def put_machine(self, items: Iterable[tuple[MemoryKey, str, str, int, str]]) -> int:
        """Store machine translations `(key, source_text, target_text, billed, context)` in one
        transaction (called once per engine request, as its results arrive)."""
        now = time.time()
        rows = [
            (k.digest, k.source_hash, k.source_lang, k.target_lang, k.formality, k.tag_handling, k.split_mode,
             k.context_hash, k.glossary_hash, k.engine, k.protection, "machine", src, tgt, billed, now, ctx)
            for k, src, tgt, billed, ctx in items
        ]
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )
        return len(rows)

    def put_human(
        self,
        source_text: str,
        target_text: str,
        source_lang: str,
        target_lang: str,
        *,
        origin: str = "human",
        context: str = "",
        formality: str = "",
        created: float | None = None,
    ) -> None:
        """Store a human or approved translation (from TMX, or a reviewer's decision)."""
        self.put_human_many([(source_text, target_text, source_lang, target_lang, origin, context, formality, created)])

    def put_human_many(self, items: Iterable[tuple[str, str, str, str, str, str, str, float | None]]) -> int:
        rows = []
        now = time.time()
        for source_text, target_text, source_lang, target_lang, origin, context, formality, created in items:
            if origin not in ("human", "approved"):
                raise ValueError(f"origin must be human or approved, not {origin!r}")
            src_lang = language_of(source_lang)
            tgt = to_bcp47(target_lang)
            key = MemoryKey(source_hash(source_text), src_lang, tgt, formality=formality, context_hash=text_hash(context),
                            engine=origin)
            rows.append((key.digest, key.source_hash, src_lang, tgt, formality, "", "", key.context_hash, "", origin, "",
                         origin, source_text, target_text, 0, created or now, context))
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    def human_generation(self, target_lang: str) -> str:
        """Changes whenever a human or approved entry for `target_lang` (or its language) is added
        or replaced: incremental runs redo a market's records when people changed its memory."""
        targets = _targets(target_lang)
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(MAX(created), 0) FROM entries "
            f"WHERE origin IN ('human', 'approved') AND target_lang IN ({','.join('?' * len(targets))})",
            targets,
        ).fetchone()
        return f"{row[0]}:{row[1]:.6f}"

    # --- imports bookkeeping -------------------------------------------------------------

    def was_imported(self, path: Path, sha256: str) -> bool:
        """True when a file of these bytes was imported, from `path` or from any other path: a moved
        project folder (absolute paths change) must not import its memory files again, which would
        stamp their entries anew and make every market they translate for redo its records."""
        row = self.db.execute("SELECT 1 FROM imports WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone()
        return row is not None

    def mark_imported(self, path: Path, sha256: str, entries: int) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO imports VALUES (?, ?, ?, ?)", (str(path), sha256, entries, time.time()))

    # --- reading everything --------------------------------------------------------------

    def entries(self, *, origins: Iterable[str] = ORIGINS, target: str | None = None) -> Iterator[Entry]:
        """All entries in a stable order (source language, source text, target, origin)."""
        origins = tuple(origins)
        sql = (f"SELECT source_text, target_text, source_lang, target_lang, origin, billed, created, context, formality, engine "
               f"FROM entries WHERE origin IN ({','.join('?' * len(origins))})")
        params: list[Any] = list(origins)
        if target:
            targets = _targets(target)
            sql += f" AND target_lang IN ({','.join('?' * len(targets))})"
            params += targets
        sql += " ORDER BY source_lang, source_text, target_lang, origin, context, formality, engine"
        for row in self.db.execute(sql, params):
            yield Entry(*row)

    def stats(self) -> dict[str, Any]:
        """Counts for `localize memory stats`."""
        total = self.db.execute("SELECT COUNT(*), COALESCE(SUM(billed), 0) FROM entries").fetchone()
        by_origin = dict(self.db.execute("SELECT origin, COUNT(*) FROM entries GROUP BY origin ORDER BY origin").fetchall())
        by_pair: dict[str, dict[str, int]] = {}
        for src, tgt, origin, count in self.db.execute(
            "SELECT source_lang, target_lang, origin, COUNT(*) FROM entries GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        ):
            by_pair.setdefault(f"{src}->{tgt}", {})[origin] = count
        by_engine = dict(self.db.execute(
            "SELECT engine, COUNT(*) FROM entries WHERE origin = 'machine' GROUP BY engine ORDER BY engine").fetchall())
        imports = [
            {"path": p, "sha256": s, "entries": n}
            for p, s, n in self.db.execute("SELECT path, sha256, entries FROM imports ORDER BY imported, path")
        ]
        return {
            "path": str(self.path),
            "entries": total[0],
            "characters_billed": total[1],
            "origins": {o: by_origin.get(o, 0) for o in ORIGINS},
            "pairs": by_pair,
            "engines": by_engine,
            "imports": imports,
        }


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """Parameter lists short enough for any SQLite build (and PostgreSQL)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def dumps_key(key: MemoryKey) -> str:
    """A readable form of a key for debugging (never contains source text)."""
    return json.dumps({f: getattr(key, f) for f in key.__dataclass_fields__ if not f.startswith("_")}, sort_keys=True)
