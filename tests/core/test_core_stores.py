"""The one SQLite store scaffold under the state, the translation memory and the review decisions:
files of every kind reopen with what was written, a file of another kind or a newer layout is
refused naming it, and a write the disk refuses is a clear error naming the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from localize.errors import ExitCode, InputError, LocalizeError, OutputError
from localize.pipeline.state import StateStore, legacy_row_checksum
from localize.review.decisions import Decision, DecisionStore
from localize.stores import SQLiteStore, schema_columns
from localize.translate.memory import Memory, MemoryKey

KEY = MemoryKey("hash-of-tasse", "de", "en-GB", engine="deepl")


def decision(key: str = "k1") -> Decision:
    return Decision(key, "de-DE", "A1", "name", "r1", "approve", "me", "2026-01-01T00:00:00Z")


def test_every_store_reopens_with_what_was_written(tmp_path: Path, store_backend) -> None:
    """On SQLite files and on PostgreSQL (`state.url`, tests/conftest.py `store_backend`)."""
    at = {"url": store_backend[0], "schema": store_backend[1]}
    state = StateStore(tmp_path / "s" / "state.sqlite", **at)  # the folder is made
    state.save([("de-DE", "A1", "h1", "written", b'{"a":1}')], "run-1")
    state.set_meta("fingerprint", "f1")
    state.commit()
    state.close()
    with Memory(tmp_path / "m" / "memory.sqlite", **at) as memory:
        memory.put_machine([(KEY, "Tasse", "Cup", 5, "")])
    with DecisionStore(tmp_path / "r" / "review.sqlite", **at) as store:
        assert store.put(decision())

    again = StateStore(tmp_path / "s" / "state.sqlite", **at)
    assert again.lookup("de-DE", ["A1"])["A1"].payload == b'{"a":1}' and again.get_meta("fingerprint") == "f1"
    again.close()
    with Memory(tmp_path / "m" / "memory.sqlite", **at) as memory:
        entry = memory.lookup(KEY)
        assert entry is not None and entry.target_text == "Cup"
        assert memory.get_meta("schema") == "1"
    with DecisionStore(tmp_path / "r" / "review.sqlite", create=False, **at) as store:
        assert store.all()["k1"].decision == "approve" and len(store.audit()) == 1
        assert store.get_meta("schema") == "1"
    if at["url"] is not None:
        return  # PostgreSQL: no files
    for name in ("s/state.sqlite", "m/memory.sqlite", "r/review.sqlite"):
        db = sqlite3.connect(tmp_path / name)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()


def test_uncommitted_state_rows_are_dropped_by_close(tmp_path: Path) -> None:
    # A run killed (or failed) before `commit` leaves the store at its last commit.
    state = StateStore(tmp_path / "state.sqlite")
    state.save([("de-DE", "A1", "h1", "written", b"1")], "run-1")
    state.commit()
    state.save([("de-DE", "A2", "h2", "written", b"2")], "run-1")
    state.close()
    again = StateStore(tmp_path / "state.sqlite")
    assert sorted(again.lookup("de-DE", ["A1", "A2"])) == ["A1"]
    again.close()


def test_a_state_file_from_before_checksums_is_upgraded_and_its_rows_redone(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    columns = {t: c for t, c in schema_columns(StateStore.full_schema()).items()}
    assert "checksum" in columns["records"]
    db.execute("CREATE TABLE records (market TEXT, identifier TEXT, input_hash TEXT, outcome TEXT, payload BLOB, "
               "run_id TEXT, PRIMARY KEY (market, identifier))")
    db.execute("INSERT INTO records VALUES ('de-DE', 'A1', 'h', 'written', X'7B7D', 'old')")
    db.commit()
    db.close()
    state = StateStore(path)
    assert state.lookup("de-DE", ["A1"]) == {} and state.tampered == [("de-DE", "A1")]
    state.close()


@pytest.mark.parametrize("store, name, table", [
    (Memory, "memory.sqlite", "entries"),
    (DecisionStore, "review.sqlite", "decisions"),
])
def test_a_memory_or_decision_file_of_another_layout_is_refused_naming_it(
        store: type[SQLiteStore], name: str, table: str, tmp_path: Path) -> None:
    path = tmp_path / name
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, something TEXT)")
    db.commit()
    db.close()
    with pytest.raises(InputError) as info:
        store(path)
    message = str(info.value)
    assert message.startswith(f"{path}: not a {store.kind} (table {table} lacks ")
    assert "\n  hint: " in message
    assert info.value.exit_code == ExitCode.INPUT


@pytest.mark.parametrize("store", [Memory, DecisionStore])
def test_a_file_of_a_newer_layout_is_refused_not_misread(store: type[SQLiteStore], tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"UPDATE meta SET value = '99' WHERE {store.meta_key} = 'schema'")
    db.commit()
    db.close()
    with pytest.raises(InputError, match=r"store.sqlite: written by a newer localize \(layout 99; this version "
                                         r"reads layout 1 and older\)\n  hint: upgrade localize"):
        store(path)


def test_a_damaged_state_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(OutputError) as info:
        StateStore(path)
    assert str(info.value) == (f"{path}: not a localize state database (file is not a database)\n  hint: move "
                               "state.sqlite aside (or point `state:` at another folder); the next run then redoes "
                               "every record")


def test_a_folder_that_cannot_be_made_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(InputError) as info:
        Memory(tmp_path / "blocker" / "memory.sqlite")
    assert str(info.value).startswith(f"{tmp_path / 'blocker' / 'memory.sqlite'}: cannot use the translation memory: ")
    assert "hint: free space on the disk of" in str(info.value)


def full(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA max_page_count = " + str(db.execute("PRAGMA page_count").fetchone()[0]))


def test_a_full_disk_while_writing_the_memory_or_decisions_names_the_file(tmp_path: Path) -> None:
    with Memory(tmp_path / "memory.sqlite") as memory:
        full(memory.db)  # SQLite's own "database or disk is full"
        rows = [(MemoryKey(f"h{n}", "de", "en-GB"), "Tasse " * 50, "Cup " * 50, 1, "") for n in range(200)]
        with pytest.raises(LocalizeError) as info:
            memory.put_machine(rows)
        assert str(info.value).startswith(f"{tmp_path / 'memory.sqlite'}: cannot use the translation memory: "
                                          "database or disk is full\n  hint: free space")
        assert memory.lookup(rows[0][0]) is None  # the transaction was rolled back
    with DecisionStore(tmp_path / "review.sqlite") as store:
        full(store.db)
        with pytest.raises(LocalizeError, match="review.sqlite: cannot use the review decision store: database or disk"):
            for n in range(500):
                store.put(Decision(f"k{n}", "de-DE", f"A{n}", "name", "r1", "edit", "me", "2026-01-01T00:00:00Z",
                                   corrected="x" * 200))


def test_a_full_disk_while_saving_state_is_an_output_error(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state.sqlite")
    full(state.db)
    with pytest.raises(OutputError) as info:
        state.save(((("de-DE", f"A{n}", "h", "written", b"x" * 300) for n in range(500))), "run-1")
        state.commit()
    assert "state.sqlite: cannot use the state database: database or disk is full" in str(info.value)
    assert "outputs of the last run are intact" in str(info.value)
    state.close()


def feed_line(n: int) -> bytes:
    words = ("Baumwolle", "weich", "robust", "leicht", "Komfort", "Alltag", "Design", "klassisch")
    text = " ".join(words[(n * 7 + k) % len(words)] for k in range(100 + n % 80))
    return f'{{"identifier":"SKU-{n:07d}","values":{{"description":"{text}"}},"findings":[]}}'.encode()


def test_the_state_file_is_not_much_larger_than_the_feed_lines_it_holds(tmp_path: Path) -> None:
    # Feed lines of ~1.2 KB: a WITHOUT ROWID table spilled each into an overflow page (4x the lines).
    state = StateStore(tmp_path / "state.sqlite")
    payload = 0
    for market in ("de-DE", "en-US", "fr-FR"):
        rows = [(market, f"SKU-{n:07d}", "h" * 48, "written", feed_line(n)) for n in range(2000)]
        payload += sum(len(r[4]) for r in rows)
        state.save(rows, "20261205T082842Z-3f9a")
    state.commit()
    # a nightly run rewrites some records with other lengths, in place
    state.save([("en-US", f"SKU-{n:07d}", "g" * 48, "written", feed_line(n + 40)) for n in range(0, 2000, 7)], "r2")
    state.commit()
    state.close()
    assert not (tmp_path / "state.sqlite-wal").exists()
    assert (tmp_path / "state.sqlite").stat().st_size <= 1.5 * payload


def test_a_state_file_of_layout_1_is_compacted_and_its_records_still_reused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE records (market TEXT NOT NULL, identifier TEXT NOT NULL, input_hash TEXT NOT NULL,
            outcome TEXT NOT NULL, payload BLOB NOT NULL, run_id TEXT NOT NULL,
            checksum TEXT NOT NULL DEFAULT '', PRIMARY KEY (market, identifier)) WITHOUT ROWID;""")
    rows = [("de-DE", f"SKU-{n:07d}", "h1", "written", feed_line(n)) for n in range(300)]
    db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, 'old', ?)",
                   [(*row, legacy_row_checksum(*row)) for row in rows])
    db.commit()
    db.close()
    before = path.stat().st_size
    state = StateStore(path)
    found = state.lookup("de-DE", [r[1] for r in rows])
    assert {i: (s.input_hash, s.outcome, s.payload) for i, s in found.items()} == {r[1]: r[2:] for r in rows}
    assert state.tampered == [] and state.get_meta("schema") == "3"
    table = state.db.execute("SELECT sql FROM sqlite_master WHERE name = 'records'").fetchone()[0]
    assert "WITHOUT ROWID" not in table.upper()
    state.close()
    assert path.stat().st_size < before / 2
