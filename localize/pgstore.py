"""PostgreSQL under the stores' SQLite interface: a team's shared translation memory, review
decisions and incremental state (`state.url: postgresql://...`).

The stores (`localize.stores.SQLiteStore` and its subclasses) speak the small part of
`sqlite3.Connection` they use: `execute`, `executemany`, `executescript`, `commit`, a `with`
block for one transaction, `in_transaction`, `total_changes`, `row_factory`. `PgConnection` offers
the same over psycopg 3, rewriting the few SQLite spellings the stores use (`?` parameters,
`INSERT OR REPLACE` / `OR IGNORE`, `IFNULL`, `PRAGMA table_info`, `BLOB`, `WITHOUT ROWID`,
`AUTOINCREMENT`), so every store has one body of code and the same tests run on both.

Each store lives in its own PostgreSQL schema (`<state.schema>_memory`, `_review`, `_state`),
so its tables never meet another store's. Errors come out as `sqlite3.OperationalError` with the
connection's password removed, so the stores' one error path (naming the store, saying what to
do) covers both backends and no secret reaches a message, a log or a report.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import pq

__all__ = ["PgConnection", "redact_url"]

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def redact_url(url: str) -> str:
    """`postgresql://user:***@host:5432/db`: the URL without its password (for messages)."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit((parts.scheme, f"{user}:***@{netloc}", parts.path, "", ""))
    except (ValueError, IndexError):
        return "postgresql://***"


class _Row(dict):  # type: ignore[type-arg]
    """A row by column name (like `sqlite3.Row`) and by position."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)


class _Rows:
    """What `execute` returns: `fetchone`, `fetchall`, iteration."""

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows
        self._at = 0

    def fetchone(self) -> Any:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list[Any]:
        rest, self._at = self._rows[self._at:], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Any]:
        while (row := self.fetchone()) is not None:
            yield row


class PgConnection:
    """A psycopg connection that the SQLite stores can use as their `db`."""

    def __init__(self, url: str, schema: str, tables: dict[str, tuple[list[str], list[str]]]) -> None:
        if not _IDENT.match(schema):
            raise sqlite3.OperationalError(f"state.schema '{schema}': use lower-case letters, digits and _")
        self.url = url
        self.shown = redact_url(url)
        self.schema = schema
        self.tables = tables  # table -> (columns in order, primary key columns)
        self.row_factory: Any = None
        self.total_changes = 0
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            raise self._error(exc) from None
        self._run(f'CREATE SCHEMA IF NOT EXISTS "{schema}"', ())
        self._run(f'SET search_path TO "{schema}"', ())

    # --- the sqlite3.Connection subset ----------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Rows:
        pragma = re.match(r"\s*PRAGMA\s+table_info\((\w+)\)", sql, re.I)
        if pragma:
            return self._table_info(pragma.group(1))
        if re.match(r"\s*PRAGMA\b", sql, re.I):
            return _Rows([])
        return self._run(self.translate(sql, bool(params)), tuple(params))

    def executemany(self, sql: str, rows: Any) -> None:
        statement = self.translate(sql)
        try:
            with self.conn.cursor() as cur:
                cur.executemany(statement, [tuple(_param(v) for v in row) for row in rows])
                if cur.rowcount and cur.rowcount > 0:
                    self.total_changes += cur.rowcount
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def executescript(self, script: str) -> None:
        for statement in ddl(script):
            self._run(statement, ())

    def commit(self) -> None:
        if self.in_transaction:
            self._run("COMMIT", ())

    def rollback(self) -> None:
        if self.in_transaction:
            self._run("ROLLBACK", ())

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PgConnection:
        if not self.in_transaction:
            self._run("BEGIN", ())
        return self

    def __exit__(self, kind: Any, *exc: Any) -> None:
        if kind is None:
            self.commit()
        else:
            self.rollback()

    # --- rewriting ------------------------------------------------------------------------------

    def translate(self, sql: str, params: bool = True) -> str:
        """One SQLite statement of the stores in PostgreSQL's spelling (`?` -> `%s` when it has parameters)."""
        if params:
            sql = sql.replace("%", "%%").replace("?", "%s")
        sql = re.sub(r"\bIFNULL\(", "COALESCE(", sql, flags=re.I)
        match = re.match(r"\s*INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\w+)\s*(\(([^)]*)\))?\s*VALUES", sql, re.I)
        if not match:
            return sql
        mode, table, columns = match.group(1).upper(), match.group(2), match.group(4)
        names, keys = self.tables[table]
        chosen = [c.strip() for c in columns.split(",")] if columns else names
        body = f"INSERT INTO {table} ({', '.join(chosen)}) VALUES" + sql[match.end():]
        if mode == "IGNORE" or not [c for c in chosen if c not in keys]:
            return body + " ON CONFLICT DO NOTHING"
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in chosen if c not in keys)
        return body + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"

    def _table_info(self, table: str) -> _Rows:
        rows = self._run(
            "SELECT ordinal_position, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", (self.schema, table.lower()))
        return _Rows([(n, name, kind, 0, None, 0) for n, name, kind in rows.fetchall()])

    def _run(self, sql: str, params: tuple[Any, ...]) -> _Rows:
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql, tuple(_param(v) for v in params) if params else None)
                if cur.rowcount and cur.rowcount > 0 and cur.description is None:
                    self.total_changes += cur.rowcount
                if cur.description is None:
                    return _Rows([])
                names = [d.name for d in cur.description]
                rows = [tuple(_value(v) for v in row) for row in cur.fetchall()]
        except psycopg.Error as exc:
            raise self._error(exc) from None
        if self.row_factory is not None:
            return _Rows([_Row(zip(names, row, strict=True)) for row in rows])
        return _Rows(rows)

    def _error(self, exc: BaseException) -> sqlite3.OperationalError:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        password = urlsplit(self.url).password if "://" in self.url else None
        if password:
            text = text.replace(password, "***")
        return sqlite3.OperationalError(f"PostgreSQL {self.shown} (schema {self.schema}): {text}")


def ddl(script: str) -> list[str]:
    """The stores' SQLite schema as PostgreSQL statements."""
    script = re.sub(r"--[^\n]*", "", script)
    out = []
    for statement in script.split(";"):
        statement = statement.strip()
        if not statement or statement.upper().startswith("PRAGMA"):
            continue
        statement = re.sub(r"\)\s*WITHOUT\s+ROWID", ")", statement, flags=re.I)
        statement = re.sub(r"INTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT", "BIGSERIAL PRIMARY KEY", statement, flags=re.I)
        statement = re.sub(r"\bINTEGER\b", "BIGINT", statement)
        statement = re.sub(r"\bBLOB\b", "BYTEA", statement)
        statement = re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement)
        # byte order, as SQLite sorts: exports and listings do not depend on the database's locale
        statement = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', statement)
        out.append(statement)
    return out


def _param(value: Any) -> Any:
    return value


def _value(value: Any) -> Any:
    """Numbers as SQLite gives them (PostgreSQL's SUM of integers is a Decimal); bytes as bytes."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, memoryview):
        return value.tobytes()
    return value
