"""One scaffold for the project's SQLite files: the incremental state, the translation memory and
the review decisions.

Each of them is a single file a person may move, copy, delete or hand us by mistake, and each is
written while another process may read it. So every store opens its file the same way: its folder
made, a 30 s busy timeout, WAL so a reader never waits for the writer; its tables created; a file
whose tables lack the columns this code reads refused, naming the file and what to do; the layout
version recorded (and a file from a newer layout refused rather than misread); and every SQLite or
OS failure (full disk, read-only folder, damaged file) turned into a `LocalizeError` that names the
file. A subclass says only what differs: its schema, what the file is called, which error class and
hints it raises, and how to bring an older layout up to date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any, ClassVar, Self

from .errors import InputError, LocalizeError

#: Seconds a connection waits for another process's write lock before giving up.
BUSY_TIMEOUT = 30


class SQLiteStore:
    """A SQLite file with a known layout (subclass it; see the module docstring)."""

    #: What the file is, in messages: "translation memory".
    kind: ClassVar[str] = "localize store"
    #: The message for a file of another kind; `{kind}` is filled in.
    foreign_message: ClassVar[str] = "not a {kind}"
    #: What a failure raises (its exit code is the CLI's).
    error: ClassVar[type[LocalizeError]] = InputError
    #: What to do with a file of another kind (or a damaged one); `{name}` is the file's name.
    foreign_hint: ClassVar[str] = "move {name} away; a new one is created on the next run"
    #: What to do when the disk or the folder refuses (full, read-only, no permission).
    space_hint: ClassVar[str] = "free space on the disk of {folder} (or fix its permissions)"
    #: `CREATE ... IF NOT EXISTS` statements of every table and index but the meta table (the base
    #: makes that one: (`meta_key`, value) pairs, such as the layout version).
    schema: ClassVar[str] = ""
    #: The layout version stored under 'schema' in the meta table (None: not recorded).
    schema_version: ClassVar[int | None] = None
    #: The key column of the meta table (name, value).
    meta_key: ClassVar[str] = "key"
    #: Columns a usable file has, per table; None: every column of `schema`.
    required_columns: ClassVar[Mapping[str, set[str]] | None] = None
    #: True: no implicit transactions (the store says BEGIN itself, e.g. across many batches).
    autocommit: ClassVar[bool] = False
    #: synchronous=NORMAL in WAL mode: a power cut may lose the last commits, never consistency.
    synchronous_normal: ClassVar[bool] = True
    #: The store's PostgreSQL schema is `<state.schema>_<pg_name>` (`state.url: postgresql://...`).
    pg_name: ClassVar[str] = "store"
    #: The page size of a new file (None: SQLite's default, 4 KB). Rows of a few KB pack a 4 KB
    #: page badly (two rows of 1.4 KB leave a third of it empty); larger pages hold them densely.
    page_size: ClassVar[int | None] = None

    def __init__(self, path: str | Path, *, url: str | None = None, schema: str = "localize") -> None:
        self.path: Any = Path(path)
        self.shared = url is not None
        try:
            if url is not None:
                # PostgreSQL (a team's shared store): psycopg loads only when a store asks for it.
                pg = import_module("localize.pgstore")
                self.path = Where(pg.redact_url(url), f"{schema}_{self.pg_name}")
                self.db = pg.PgConnection(url, f"{schema}_{self.pg_name}", table_layout(self.full_schema()))
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # one user at a time, but not always one thread: a Dask worker runs tasks on its
                # executor thread and closes the run from its event loop (`localize.execution.worker`)
                self.db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT, check_same_thread=False,
                                          isolation_level=None if self.autocommit else "")
        except (OSError, sqlite3.Error) as exc:
            raise self.unusable(exc) from None
        try:
            self.db.executescript((f"PRAGMA page_size={int(self.page_size)};" if self.page_size else "")
                                  + "PRAGMA journal_mode=WAL;"
                                  + ("PRAGMA synchronous=NORMAL;" if self.synchronous_normal else "")
                                  + self.full_schema())
            foreign = self._layout_problem()
            newer = self._newer_layout() if not foreign else None
            if not foreign and newer is None:
                self.upgrade()
                if self.schema_version is not None:
                    self.db.execute(f"INSERT OR IGNORE INTO meta ({self.meta_key}, value) VALUES ('schema', ?)",
                                    (str(self.schema_version),))
                self.db.commit()
        except (sqlite3.Error, OSError) as exc:
            foreign = self._layout_problem(quiet=True)  # e.g. an index on a column the file's table lacks
            self.db.close()
            damaged = isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
            raise (self.foreign(foreign or str(exc)) if foreign or damaged else self.unusable(exc)) from None
        if foreign:
            self.db.close()
            raise self.foreign(foreign)
        if newer is not None:
            self.db.close()
            raise self.error(f"{self.path}: written by a newer localize (layout {newer}; this version reads "
                             f"layout {self.schema_version} and older)",
                             hint="upgrade localize, or point it at another file")

    # --- what a subclass may change ------------------------------------------------------------

    def upgrade(self) -> None:
        """Bring a file of an older layout up to date (runs inside the opening, before the version is
        recorded). Nothing to do by default."""

    # --- shared plumbing -----------------------------------------------------------------------

    def missing_columns(self) -> dict[str, list[str]]:
        """Per table, the columns this code reads that the file lacks (a file made by something else)."""
        required = self.required_columns
        if required is None:
            required = schema_columns(self.full_schema())
        missing = {}
        for table, columns in required.items():
            have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            if have and columns - have:  # a table the schema could not create is not "another layout"
                missing[table] = sorted(columns - have)
        return missing

    @classmethod
    def full_schema(cls) -> str:
        """`schema` with the meta table."""
        return (f"CREATE TABLE IF NOT EXISTS meta ({cls.meta_key} TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
                + cls.schema)

    def _layout_problem(self, *, quiet: bool = False) -> str:
        """What makes the file another layout ('table records lacks identifier, ...'), or ''."""
        try:
            missing = self.missing_columns()
        except sqlite3.Error:
            if not quiet:
                raise
            return ""
        return "; ".join(f"table {t} lacks {', '.join(c)}" for t, c in sorted(missing.items()))

    def _newer_layout(self) -> str | None:
        """The stored layout version when it is newer than this code's, else None."""
        if self.schema_version is None:
            return None
        stored = self.get_meta("schema")
        if stored is None or not stored.isdigit() or int(stored) <= self.schema_version:
            return None
        return stored

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute(f"SELECT value FROM meta WHERE {self.meta_key} = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(f"INSERT OR REPLACE INTO meta ({self.meta_key}, value) VALUES (?, ?)", (key, value))

    @contextmanager
    def guard(self) -> Iterator[None]:
        """SQLite and OS failures inside become this store's error naming the file."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise self.unusable(exc) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: committed when the block ends, rolled back when it raises."""
        with self.guard():
            if self.autocommit:
                self.db.execute("BEGIN")
            with self.db:
                yield self.db

    def unusable(self, exc: BaseException) -> LocalizeError:
        """A file that cannot be opened or written (full disk, read-only, locked, damaged)."""
        text = str(exc)
        disk = isinstance(exc, OSError) or "disk" in text.lower() or "full" in text.lower()
        hint = self.space_hint if disk else self.foreign_hint
        return self.error(f"{self.path}: cannot use the {self.kind}: {text}",
                          hint=hint.format(name=self.path.name, folder=self.path.parent))

    def foreign(self, what: str) -> LocalizeError:
        """A file that is not this kind of store (another program's, or damaged)."""
        return self.error(f"{self.path}: {self.foreign_message.format(kind=self.kind)} ({what})",
                          hint=self.foreign_hint.format(name=self.path.name, folder=self.path.parent))

    def close(self) -> None:
        """Close; what is not committed is dropped (a failed run keeps its last commit)."""
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Where:
    """Where a PostgreSQL store lives, as its messages name it (the URL without its password)."""

    def __init__(self, url: str, schema: str) -> None:
        self.name = f"schema {schema}"
        self.parent = url
        self.text = f"{url} (schema {schema})"

    def __str__(self) -> str:
        return self.text

    def __fspath__(self) -> str:  # a shared store has no file: nothing may treat it as one
        raise TypeError(f"{self.text} is a PostgreSQL store, not a file")


@cache
def table_layout(schema: str) -> dict[str, tuple[list[str], list[str]]]:
    """Per table of `schema`: its columns in order and its primary-key columns."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(schema)
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                               "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for table in tables:
            info = list(db.execute(f"PRAGMA table_info({table})"))
            keys = [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]
            out[table] = ([row[1] for row in info], keys)
        return out
    finally:
        db.close()


@cache
def schema_columns(schema: str) -> dict[str, set[str]]:
    """The columns of every table `schema` creates (read from an in-memory database)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(schema)
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                               "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: {row[1] for row in db.execute(f"PRAGMA table_info({t})")} for t in tables}
    finally:
        db.close()
