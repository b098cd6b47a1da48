"""The first value under each key, in a dict up to a limit and in a temporary file past it: the
same answers either way, so a stateful check (inconsistent translations) keeps flat memory."""

from __future__ import annotations

from localize.qa.firstseen import FirstSeen


def test_the_first_value_wins_in_memory_and_after_spilling_to_disk() -> None:
    seen = FirstSeen(limit=10)
    for n in range(25):
        assert seen.first(b"k%d" % n, (f"t{n}", "excerpt", f"SKU-{n}", n, "name")) is None
    assert seen._db is not None and seen._memory == {}  # spilled past the limit
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
