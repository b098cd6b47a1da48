"""`TextMemo` is looked up by the dict's own `get` (issue 18): at 100k records × 3 markets the memos
answer tens of millions of lookups, and a method of ours in between (`get` calling the dict's) cost
~20 ns each. The bounds, the answers and `text_memoised` are as before."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.memo import MISSING, TextMemo, text_memoised


def test_a_lookup_is_the_dicts_own_get() -> None:
    memo: TextMemo[int] = TextMemo(entries=10, chars=100)
    assert TextMemo.get is dict.get and TextMemo.lookup is dict.get  # fails on the memo that wrapped a dict
    memo.put("Nordlicht", 1)
    assert memo.get("Nordlicht") == 1 and memo.get("Polarlicht") is None
    assert memo.lookup("Polarlicht", MISSING) is MISSING and memo["Nordlicht"] == 1


def test_values_that_are_none_are_told_from_absent_ones() -> None:
    memo: TextMemo[None] = TextMemo(entries=4, chars=100)
    memo.put("nichts", None)
    assert memo.get("nichts", MISSING) is None and memo.lookup("anderes", MISSING) is MISSING


def test_subscript_assignment_is_bounded_like_put() -> None:
    memo: TextMemo[int] = TextMemo(entries=10, chars=10**9)
    for i in range(100):
        memo[f"t{i}"] = i
    assert len(memo) <= 10 and memo["t99"] == 99 and memo.held == sum(map(len, memo))


def test_a_memo_pickles_empty_with_its_bounds() -> None:
    memo: TextMemo[int] = TextMemo(entries=10, chars=100)
    memo.put("a", 1)
    copy = pickle.loads(pickle.dumps(memo))
    assert isinstance(copy, TextMemo) and len(copy) == 0 and (copy.entries, copy.chars) == (10, 100)
    copy.put("b", 2)
    assert copy["b"] == 2 and copy.held == 1 and pickle.loads(pickle.dumps(MISSING)) is MISSING


_ops = st.lists(st.tuples(st.sampled_from(["put", "get", "lookup", "clear"]), st.integers(0, 40),
                          st.integers(1, 30)), max_size=300)


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
                current[text], weights[text] = value, w  # a text already known keeps its value
            assert memo.put(text, value, w) == value
            if w <= chars:  # fits: found right after
                assert memo.get(text) == current[text]
        elif op == "clear":
            memo.clear()
        else:
            found = memo.get(text, MISSING) if op == "get" else memo.lookup(text, MISSING)
            assert found is MISSING or found == current[text]
        assert len(memo) <= entries and memo.held <= chars
        assert memo.held == sum(weights[t] for t in memo)


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

    @text_memoised(100, 10**6)
    def nothing(text: str) -> None:
        calls.append("nothing " + text)

    for _ in range(3):
        assert [upper(t) for t in ("a", "b", "a")] == ["A", "B", "A"]
        assert joined("a", "de") == "a/de" and joined("a", "fr") == "a/fr"
        assert nothing("x") is None  # None is an answer too: remembered
    assert calls == ["a", "b", "ade", "afr", "nothing x"]
    assert upper.__name__ == "upper" and len(upper.memo) == 2  # type: ignore[attr-defined]
    upper.cache_clear()  # type: ignore[attr-defined]
    assert upper("a") == "A" and calls[-1] == "a"
