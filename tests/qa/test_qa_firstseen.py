"""The first value under each key, in a dict up to a limit and in a temporary file past it: the
same answers either way, so a stateful check (inconsistent translations) keeps flat memory."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.qa.firstseen import FirstSeen, KeyFilter


def test_the_first_value_wins_in_memory_and_after_spilling_to_disk() -> None:
    seen = FirstSeen(limit=10)
    for n in range(25):
        assert seen.first(b"k%d" % n, (f"t{n}", "excerpt", f"SKU-{n}", n, "name")) is None
    assert seen._db is not None and len(seen._memory) <= 10  # spilled past the limit
    assert len(seen) == 25
    assert seen.first(b"k3", ("other", "x", "SKU-99", 99, "name")) == ("t3", "excerpt", "SKU-3", 3, "name")
    assert seen.first(b"k24", ("other", "x", None, None, None)) == ("t24", "excerpt", "SKU-24", 24, "name")
    assert seen.first(b"new", ("t", "e", None, None, None)) is None
    assert seen.first(b"new", ("u", "e", None, None, None)) == ("t", "e", None, None, None)
    seen.close()


def test_the_inconsistency_check_finds_the_same_pairs_past_the_limit(monkeypatch) -> None:
    from localize.qa import firstseen
    from localize.qa.checks.target_text import _inconsistency_factory

    class Ctx:
        record = None
        field = "name"

    def issues(limit: int) -> list[str]:
        monkeypatch.setattr(firstseen.FirstSeen.__init__, "__defaults__", (limit,))
        check = _inconsistency_factory()
        out = []
        for n in range(40):
            out += [i.message for i in check(f"Quelle {n % 15}", f"Target {n % 15}" if n < 30 else f"Other {n}", Ctx())]
        return out

    small = issues(4)
    assert small == issues(50_000)
    assert len(small) == 10 and small[0] == "the same source 'Quelle 0' is translated 'Other 30' here but 'Target 0' in this record's name"


def test_a_remembered_key_costs_its_bytes_not_a_write_buffer() -> None:
    import tracemalloc

    seen = FirstSeen(limit=100_000)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(5_000):
            seen.first(b"key-%07d" % n, ("0123456789abcdef01234567", f"Translated text {n}", f"SKU-{n:07d}", n, "name"))
        per_key = (tracemalloc.get_traced_memory()[0] - before) / 5_000
    finally:
        tracemalloc.stop()
    # a tuple of strings was ~420 bytes a key; orjson's own result would keep its 4 KB buffer
    assert per_key < 300, per_key
    assert seen.first(b"key-0000042", ("x", "y", None, None, None)) == (
        "0123456789abcdef01234567", "Translated text 42", "SKU-0000042", 42, "name")
    seen.close()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 1000)), max_size=400), st.integers(1, 12))
def test_the_answers_equal_a_dict_of_every_key_whatever_the_limit(calls: list[tuple[int, int]], limit: int) -> None:
    """Oracle: a dict that remembers every key. Keys repeat across spills, are read back from the
    file, and the filter is rebuilt as the file grows (limit 1 spills on every second key)."""
    seen = FirstSeen(limit=limit)
    oracle: dict[bytes, tuple[object, ...]] = {}
    for key_n, value_n in calls:
        key = b"k%d" % key_n
        value = (f"t{value_n}", "head", f"SKU-{value_n}", value_n, "name")
        assert seen.first(key, value) == oracle.get(key)
        oracle.setdefault(key, value)
    assert len(seen) == len(oracle)
    seen.close()


def _reads(seen: FirstSeen) -> list[str]:
    """The SELECTs the scratch file runs from now on."""
    assert seen._db is not None
    selects: list[str] = []
    seen._db.set_trace_callback(lambda sql: selects.append(sql) if sql.startswith("SELECT value") else None)
    return selects


def test_a_new_key_past_the_limit_reads_nothing_from_the_file() -> None:
    """Most keys of a catalogue are new (a product's own name): past the limit they cost no file
    access. The first version asked the file for every key (1,000 SELECTs here); the filter may
    wrongly say "may hold" for ~0.5% of new keys, never for a key it holds."""
    seen = FirstSeen(limit=100)
    for n in range(300):
        assert seen.first(b"old-%d" % n, (n,)) is None
    selects = _reads(seen)
    for n in range(1_000):
        assert seen.first(b"new-%d" % n, (n,)) is None
    assert len(selects) < 50, len(selects)
    assert seen.first(b"old-7", ("x",)) == (7,)  # in the file: read back once ...
    assert seen.first(b"old-7", ("y",)) == (7,)  # ... then from memory
    assert seen.first(b"old-8", ("x",)) == (8,)
    assert len(selects) < 52 and sum(1 for _ in selects) >= 2
    seen.close()


def test_the_file_is_written_in_batches_not_a_commit_per_key() -> None:
    seen = FirstSeen(limit=100)
    for n in range(150):
        seen.first(b"a-%d" % n, (n,))
    assert seen._db is not None
    statements: list[str] = []
    seen._db.set_trace_callback(lambda sql: statements.append(sql.split()[0]) if not sql.startswith("SELECT") else None)
    for n in range(1_000):
        seen.first(b"b-%d" % n, (n,))
    # ten batches of ~100 keys, each in one transaction; the first version committed each key on its own
    assert 9 <= statements.count("BEGIN") <= 11
    open_tx = False
    for sql in statements:
        if sql in ("BEGIN", "COMMIT"):
            open_tx = sql == "BEGIN"
        elif sql == "INSERT":
            assert open_tx
    seen.close()


@settings(max_examples=40, deadline=None)
@given(st.sets(st.binary(min_size=1, max_size=16), max_size=3_000))
def test_the_filter_never_says_absent_for_a_key_it_holds(keys: set[bytes]) -> None:
    f = KeyFilter(len(keys))
    for key in keys:
        f.add(key)
    assert all(f.may_hold(key) for key in keys)


def test_the_scratch_file_holds_the_same_rows_as_before() -> None:
    """What is written is the keys and their first values as JSON, as before (so a spill changes no answer)."""
    seen = FirstSeen(limit=3)
    for n in range(8):
        seen.first(b"k%d" % n, (f"t{n}", n))
    assert isinstance(seen._db, sqlite3.Connection)
    rows = dict(seen._db.execute("SELECT key, value FROM seen"))
    assert rows[b"k0"] == b'["t0",0]' and len(rows) + len(seen._memory) == 8
    seen.close()


def test_a_checker_past_the_limit_finds_what_one_that_never_spills_finds(monkeypatch) -> None:
    """Oracle through the engine: 600 records whose sources repeat (a description shared by a
    family, its translation changed now and then) and whose names are new; the findings of a
    checker whose first-seen store spills every 7 keys equal those of one that never spills."""
    from localize.config import build_market
    from localize.qa import firstseen
    from localize.qa.check_context import FeedRecord
    from localize.qa.engine import RecordChecker
    from localize.qa.settings import build_settings

    def findings(limit: int) -> list[tuple[str, str | None, str | None, str]]:
        monkeypatch.setattr(firstseen.FirstSeen.__init__, "__defaults__", (limit,))
        checker = RecordChecker(build_market({"locale": "de-DE"}, None), build_settings({}), "jsonl", "de-DE.jsonl")
        out = []
        for n in range(600):
            family = n % 37
            pairs = [("name", f"Robust boots model {n}", f"Robuste Stiefel Modell {n}"),
                     ("description", f"Sturdy leather for family {family}",
                      f"Robustes Leder für Familie {family}" + (" neu" if n % 101 == family else ""))]
            record = FeedRecord(line=n + 1, identifier=f"P{n}", fields={"identifier": f"P{n}"}, pairs=pairs,
                                source_locale="en-US", target_locale="de-DE",
                                status={"name": "machine", "description": "machine"})
            out += [(f.code, f.record, f.field, f.message) for f in checker.check(record)]
        return out

    small = findings(7)
    assert small == findings(1_000_000)
    assert sum(1 for code, *_ in small if code == "inconsistent-translation") >= 5
