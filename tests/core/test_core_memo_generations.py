"""`TextMemo` keeps its hot half when full (issue 18): a 100k-record run's distinct texts never fit
a memo, and a memo that started over when full lost the copy every record repeats together with
the one-off texts. Two generations instead: what was used since the memo last made room survives,
memory stays within the same bounds, and the answers are what was put or nothing."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.memo import MISSING, TextMemo, text_memoised


def test_a_text_used_between_turns_is_never_lost_however_many_other_texts_pass() -> None:
    memo: TextMemo[str] = TextMemo(entries=100, chars=10**9)
    memo.put("Marke Nordlicht", "hot")
    for i in range(10_000):  # 100 times the memo's entries of one-off texts
        memo.put(f"Beschreibung {i}", "cold")
        assert memo["Marke Nordlicht"] == "hot", i  # fails on a memo cleared when full
        assert len(memo) <= 100


def test_a_text_used_between_turns_survives_the_character_bound_too() -> None:
    memo: TextMemo[int] = TextMemo(entries=10**6, chars=1_000)
    memo.put("Pflegehinweis", 1)
    for i in range(2_000):
        memo.put(f"{i:04d}" + "x" * 96, i)
        assert memo.get("Pflegehinweis") == 1, i
        assert memo.held <= 1_000


def test_a_text_not_used_since_the_last_turn_is_dropped_at_the_next() -> None:
    memo: TextMemo[int] = TextMemo(entries=4, chars=10**9)  # two generations of 2 entries
    memo.put("a", 1)
    memo.put("b", 2)
    memo.put("c", 3)  # turn: a, b old; c young
    assert set(memo) == {"a", "b", "c"}
    assert memo["a"] == 1  # used: moved back to the young generation (c, a)
    memo.put("d", 4)  # turn: b (not used since the last turn) dropped; c, a old; d young
    assert set(memo) == {"a", "c", "d"} and memo["b"] is MISSING and "b" not in memo
    assert memo.held == 3 and len(memo) == 3


def test_texts_that_fit_in_half_the_bounds_are_never_dropped_in_any_order_of_use() -> None:
    memo: TextMemo[int] = TextMemo(entries=1_000, chars=10**9)
    texts = [f"Maß {i}" for i in range(500)]
    for i, text in enumerate(texts):
        memo.put(text, i)
    for order in (texts, texts[::-1], texts[::3] + texts):
        assert all(memo[t] == i for t, i in ((t, int(t.split()[1])) for t in order))
    assert len(memo) == 500


def test_values_that_are_none_are_remembered() -> None:
    memo: TextMemo[None] = TextMemo(entries=4, chars=100)
    memo.put("nichts", None)
    assert memo["nichts"] is None and memo.lookup("nichts", "absent") is None
    assert memo.lookup("anderes", "absent") == "absent" and memo.get("anderes") is None


def test_subscript_assignment_is_bounded_like_put() -> None:
    memo: TextMemo[int] = TextMemo(entries=10, chars=10**9)
    for i in range(100):
        memo[f"t{i}"] = i
    assert len(memo) <= 10 and memo["t99"] == 99


def test_a_memo_pickles_empty_with_its_bounds() -> None:
    memo: TextMemo[int] = TextMemo(entries=10, chars=100)
    memo.put("a", 1)
    copy = pickle.loads(pickle.dumps(memo))
    assert isinstance(copy, TextMemo) and len(copy) == 0 and (copy.entries, copy.chars) == (10, 100)
    copy.put("b", 2)
    assert copy["b"] == 2 and pickle.loads(pickle.dumps(MISSING)) is MISSING


_ops = st.lists(st.tuples(st.sampled_from(["put", "get", "sub", "lookup", "clear"]),
                          st.integers(0, 40), st.integers(1, 30)), max_size=300)


@settings(max_examples=200, deadline=None)
@given(ops=_ops, entries=st.integers(1, 12), chars=st.integers(1, 120))
def test_answers_are_what_was_put_or_nothing_and_the_bounds_always_hold(
        ops: list[tuple[str, int, int]], entries: int, chars: int) -> None:
    memo: TextMemo[tuple[int, int]] = TextMemo(entries, chars)
    current: dict[str, tuple[int, int]] = {}  # the value each text is known by (the oracle)
    weights: dict[str, int] = {}
    for step, (op, n, w) in enumerate(ops):
        text = f"t{n}"
        if op == "put":
            value = (n, step)
            if text not in memo:
                current[text] = value  # a text already known keeps its value
                weights[text] = w
            assert memo.put(text, value, w) == value
            if entries >= 2 and w <= chars // 2:  # fits a generation: found right after
                assert memo[text] == current[text]
        elif op == "clear":
            memo.clear()
        else:
            found = memo[text] if op == "sub" else memo.get(text, MISSING) if op == "get" else memo.lookup(text)
            assert found is MISSING or found == current[text]
        assert len(memo) <= entries and memo.held <= chars
        assert memo.held == sum(weights[t] for t in memo) and len(set(memo)) == len(memo)


def test_a_memoised_function_is_called_once_per_distinct_text_while_it_fits() -> None:
    calls: list[str] = []

    @text_memoised(100, 10**6)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    @text_memoised(100, 10**6)
    def joined(text: str, locale: str) -> str:
        calls.append(text + locale)
        return f"{text}/{locale}"

    for _ in range(3):
        assert [upper(t) for t in ("a", "b", "a")] == ["A", "B", "A"]
        assert joined("a", "de") == "a/de" and joined("a", "fr") == "a/fr"
    assert calls == ["a", "b", "ade", "afr"]
    assert upper.__name__ == "upper" and len(upper.memo) == 2  # type: ignore[attr-defined]
    upper.cache_clear()  # type: ignore[attr-defined]
    assert upper("a") == "A" and calls[-1] == "a"


def test_a_memoised_function_keeps_its_hot_text_over_a_stream_of_one_off_texts() -> None:
    calls: list[str] = []

    @text_memoised(50, 10**6)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    for i in range(5_000):
        length(f"einmalig {i}")
        assert length("Nordlicht") == 9
    assert calls.count("Nordlicht") == 1  # fails on a memo cleared when full (once per clear)
