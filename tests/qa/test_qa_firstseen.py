"""The first digest under each key, in a dict up to a limit and in a temporary file past it (the
details a finding quotes always in a file): the same answers either way, so a stateful check
(inconsistent translations) keeps flat memory."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.qa.check_types import Issue
from localize.qa.firstseen import DIGEST, FirstSeen, KeyFilter


def _digest(n: object) -> bytes:
    return hashlib.blake2b(str(n).encode(), digest_size=DIGEST).digest()


def test_the_first_digest_wins_in_memory_and_after_spilling_to_disk() -> None:
    seen = FirstSeen(limit=10)
    for n in range(25):
        assert seen.conflict(b"k%d" % n, _digest(n), ("excerpt", f"SKU-{n}", n, "name")) is None
    assert seen._db is not None and len(seen._memory) <= 10  # spilled past the limit
    assert len(seen) == 25
    assert seen.conflict(b"k3", _digest("other"), ("x", "SKU-99", 99, "name")) == ("excerpt", "SKU-3", 3, "name")
    assert seen.conflict(b"k3", _digest(3), ("x", "SKU-99", 99, "name")) is None  # the same digest
    assert seen.conflict(b"k24", _digest("other"), ("x", None, None, None)) == ("excerpt", "SKU-24", 24, "name")
    assert seen.conflict(b"new", _digest("t"), ("e", None, None, None)) is None
    assert seen.conflict(b"new", _digest("u"), ("f", None, None, None)) == ("e", None, None, None)
    seen.close()


def test_a_digest_of_another_size_is_refused() -> None:
    seen = FirstSeen()
    try:
        seen.conflict(b"k", b"short", ("e",))
    except ValueError as e:
        assert "12 bytes" in str(e)
    else:
        raise AssertionError("a 5-byte digest was accepted")
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


def test_a_remembered_key_costs_its_digest_and_place_not_its_details() -> None:
    """Memory holds a key's first digest and where its details are (~150 bytes a key with the
    dict); the details (an excerpt up to 80 characters, the identifier, line, field) are in the
    file. The previous store kept them as JSON in memory: ~280 bytes a key with this detail."""
    import tracemalloc

    seen = FirstSeen(limit=100_000)
    keys = [_digest(f"key-{n}") for n in range(5_000)]
    digests = [_digest(n) for n in range(5_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(5_000):
            seen.conflict(keys[n], digests[n], (f"Translated text number {n} of a long product name here",
                                                f"SKU-{n:07d}", n, "name"))
        per_key = (tracemalloc.get_traced_memory()[0] - before) / 5_000
    finally:
        tracemalloc.stop()
    assert per_key < 130, per_key
    assert seen.conflict(keys[42], _digest("x"), ("y", None, None, None)) == (
        "Translated text number 42 of a long product name here", "SKU-0000042", 42, "name")
    seen.close()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 5), st.integers(0, 1000)), max_size=400),
       st.integers(1, 12))
def test_the_answers_equal_a_dict_of_every_key_whatever_the_limit(calls: list[tuple[int, int, int]], limit: int) -> None:
    """Oracle: a dict that remembers every key's first (digest, detail). Keys repeat across spills,
    are read back from the file, and the filter is rebuilt as the file grows (limit 1 spills on
    every second key); a key's digest is now the same as its first, now another."""
    seen = FirstSeen(limit=limit)
    oracle: dict[bytes, tuple[bytes, tuple[object, ...]]] = {}
    for key_n, digest_n, detail_n in calls:
        key, digest = b"k%d" % key_n, _digest(digest_n)
        detail = ("head", f"SKU-{detail_n}", detail_n, "name")
        first = oracle.setdefault(key, (digest, detail))
        assert seen.conflict(key, digest, detail) == (None if first[0] == digest else first[1])
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
        assert seen.conflict(b"old-%d" % n, _digest(n), (n,)) is None
    selects = _reads(seen)
    for n in range(1_000):
        assert seen.conflict(b"new-%d" % n, _digest(n), (n,)) is None
    assert len(selects) < 50, len(selects)
    assert seen.conflict(b"old-7", _digest("x"), ("x",)) == (7,)  # in the file: read back once ...
    assert seen.conflict(b"old-7", _digest("y"), ("y",)) == (7,)  # ... then from memory
    assert seen.conflict(b"old-8", _digest("x"), ("x",)) == (8,)
    assert len(selects) < 52 and sum(1 for _ in selects) >= 2
    seen.close()


def test_the_file_is_written_in_batches_not_a_commit_per_key() -> None:
    seen = FirstSeen(limit=100)
    for n in range(150):
        seen.conflict(b"a-%d" % n, _digest(n), (n,))
    assert seen._db is not None
    statements: list[str] = []
    seen._db.set_trace_callback(lambda sql: statements.append(sql.split()[0]) if not sql.startswith("SELECT") else None)
    for n in range(1_000):
        seen.conflict(b"b-%d" % n, _digest(n), (n,))
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


def test_the_scratch_file_holds_each_key_with_its_digest_and_the_place_of_its_details() -> None:
    """The SQLite rows are (key, first digest + place); the details are written once, in order, to
    the details file, whatever was spilled."""
    seen = FirstSeen(limit=3)
    for n in range(8):
        seen.conflict(b"k%d" % n, _digest(n), (f"t{n}", n))
    assert isinstance(seen._db, sqlite3.Connection)
    rows = dict(seen._db.execute("SELECT key, value FROM seen"))
    assert rows[b"k0"] == _digest(0) + bytes(6) and len(rows) + len(seen._memory) == 8
    assert rows[b"k1"] == _digest(1) + len(b'["t0",0]\n').to_bytes(6, "big")
    assert seen._details is not None
    seen._details.flush()
    seen._details.seek(0)
    assert seen._details.read().splitlines() == [b'["t%d",%d]' % (n, n) for n in range(8)]
    seen.close()


def test_a_repeated_key_reads_no_details_unless_it_conflicts(monkeypatch) -> None:
    """The details are read back only to word a finding: a source seen again with its first
    translation (a shared description) costs a dict lookup, no file access, no JSON."""
    from localize.qa import firstseen

    seen = FirstSeen()
    for n in range(50):
        seen.conflict(b"k%d" % n, _digest(n), ("head", f"SKU-{n}", n, "name"))
    loads: list[bytes] = []
    real = firstseen.orjson.loads
    monkeypatch.setattr(firstseen, "orjson", type("J", (), {"loads": staticmethod(lambda b: loads.append(b) or real(b)),
                                                            "dumps": staticmethod(firstseen.orjson.dumps)}))
    for _ in range(3):
        for n in range(50):
            assert seen.conflict(b"k%d" % n, _digest(n), ("other", "SKU-x", 0, "name")) is None
    assert loads == []
    assert seen.conflict(b"k9", _digest("x"), ("other", "SKU-x", 0, "name")) == ("head", "SKU-9", 9, "name")
    assert len(loads) == 1
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


def _old_inconsistency_check() -> Any:
    """The check as it was before details moved to a file (every key's details in a dict, no
    limit): the oracle of the one the engine runs now."""
    from localize.qa.checks.target_text import excerpt, normalised_key

    seen: dict[bytes, tuple[Any, ...]] = {}

    def inconsistent_translation(source: str, target: str, ctx: Any) -> Iterator[Issue]:
        record = ctx.record
        if record is not None and record.status.get(ctx.field or "") in ("untranslated", "pending"):
            return
        src_key = normalised_key(source)[1]
        tgt_head, tgt_digest = normalised_key(target)
        identifier = record.identifier if record is not None else None
        line = record.line if record is not None else None
        first = seen.setdefault(src_key, (tgt_digest.hex(), tgt_head, identifier, line, ctx.field))
        if first[0] != tgt_digest.hex():
            if first[2] == identifier and first[3] == line:
                where = f"this record's {first[4]}"
            else:
                where = f"{first[2]} (line {first[3]})" if first[2] else f"line {first[3]}"
            yield Issue(f"the same source '{excerpt(source, 40)}' is translated '{excerpt(tgt_head, 40)}' here "
                        f"but '{excerpt(first[1], 40)}' in {where}")

    return inconsistent_translation


_WORDS = st.sampled_from(["Robust", "boots", "Stiefel", "Leder", "  ", "\t", "schwarz", "é", "Modell 5"])
_TEXT = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.lists(st.tuples(st.sampled_from(["name", "description", "short_description"]),
                                             _TEXT, _TEXT), min_size=1, max_size=3),
                          st.sampled_from(["machine", "human", "untranslated", "pim"]),
                          st.sampled_from([None, "P1", "P2"])), min_size=1, max_size=30),
       st.integers(1, 6))
def test_a_catalogue_gets_the_findings_of_the_old_check(records: list[Any], limit: int) -> None:
    """Oracle through the engine, on generated catalogues (sources repeat with another or the same
    translation, whitespace differs, a record repeats its own source, statuses vary, identifiers
    may be missing): the store past a small limit gives the findings of the old dict-held check."""
    from localize.config import build_market
    from localize.qa import firstseen
    from localize.qa.check_context import FeedRecord
    from localize.qa.engine import RecordChecker
    from localize.qa.settings import build_settings

    def findings(old: bool) -> list[dict[str, Any]]:
        checker = RecordChecker(build_market({"locale": "de-DE"}, None), build_settings({}), "jsonl", "de-DE.jsonl")
        if old:
            for checks in (checker.pair_checks, checker.unchanged_checks, checker.target_checks):
                checks[:] = [(c, _old_inconsistency_check() if c.code == "inconsistent-translation" else f)
                             for c, f in checks]
        out = []
        for n, (pairs, status, identifier) in enumerate(records):
            record = FeedRecord(line=n + 1, identifier=identifier, fields={"identifier": identifier}, pairs=pairs,
                                source_locale="en-US", target_locale="de-DE", status={a: status for a, _, _ in pairs})
            out += [f.to_dict() for f in checker.check(record)]
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(firstseen.FirstSeen.__init__, "__defaults__", (limit,))
        assert findings(False) == findings(True)


def test_a_checker_holds_150k_distinct_sources_without_a_spill() -> None:
    """A market of a 100k-product catalogue has ~157k distinct source texts (names, descriptions,
    short descriptions): the default store keeps them in memory, no scratch file, no SELECT. Fails on
    the limit of 100,000, which spilled once a market (2.81 against 0.74 CPU-s for three markets)."""
    seen = FirstSeen()
    for n in range(150_000):
        assert seen.conflict(n.to_bytes(12, "big"), _digest(n), ("head", None, n, "name")) is None
    assert seen._db is None and len(seen._memory) == 150_000
    assert seen.conflict((7).to_bytes(12, "big"), _digest("other"), ("x", None, 0, "name")) == ("head", None, 7, "name")
    seen.close()
