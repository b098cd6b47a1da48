"""`RepeatMemo`: copy asked for again (`promote`), or put there by the caller (`keep=`: long copy),
survives any number of one-off texts: the mechanism QA's pair memo with its hot half, and the
translation service's and pseudo engine's short/long splits, each built by hand. Answers are always
the value first remembered; bounds hold in both halves."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localize.memo import MISSING, RepeatMemo, TextMemo


def test_a_repeated_text_survives_one_off_texts_that_empty_a_plain_memo() -> None:
    repeat, plain = RepeatMemo(100, 10**6), TextMemo(100, 10**6)
    for memo in (repeat, plain):
        memo.put("shared description", "answer")
        assert memo.get("shared description") == "answer"  # asked for again: moves to `kept`
        for n in range(10_000):  # a catalogue's names, each seen once: `seen` starts over 100 times
            memo.put(f"name {n}", n)
    assert repeat.get("shared description") == "answer"
    assert plain.get("shared description") is None  # why the mechanism exists


def test_recurring_copy_is_worked_out_once_among_one_offs() -> None:
    calls: dict[str, int] = {}

    def work(text: str, memo: RepeatMemo | TextMemo) -> str:
        found = memo.get(text, MISSING)
        if found is MISSING:
            calls[text] = calls.get(text, 0) + 1
            found = memo.put(text, text.upper())
        return found

    # the same number of entries in all; a batch's texts fit `seen`, so a description recurs within its reach
    for memo in (RepeatMemo(128, 10**6, 64), TextMemo(192, 10**6)):
        calls.clear()
        for batch in range(50):
            for shared in range(10):
                assert work(f"description {shared}", memo) == f"DESCRIPTION {shared}"
            for n in range(100):
                work(f"name {batch} {n}", memo)
        worked = sum(calls[f"description {shared}"] for shared in range(10))
        if isinstance(memo, RepeatMemo):
            assert worked <= 20, worked  # once per distinct recurring text, twice when `seen` started over in between
        else:
            assert worked >= 10 * 25, worked  # a plain memo starts over every other batch and loses them


def test_the_weight_goes_with_an_entry_into_kept() -> None:
    memo: RepeatMemo[str] = RepeatMemo(10, 1_000, 5, 50)
    memo.put(("a", 1), "x", 30)
    memo.put("bb", "y")  # a text weighs its length
    assert memo.get(("a", 1)) == "x" and memo.get("bb") == "y"
    assert memo.kept.held == 32 and len(memo.kept) == 2
    memo.put(("c", 2), "z", 30)
    assert memo.get(("c", 2)) == "z"  # 62 > 50 characters: `kept` starts over with it
    assert memo.kept.held == 30 and ("a", 1) not in memo.kept and memo.get(("a", 1)) == "x"  # still in `seen`
    with pytest.raises(TypeError):
        memo.put(("no", "weight"), "v")


def test_without_promotion_it_is_two_lanes_chosen_by_the_caller() -> None:
    # the translation service's split at LONG_TEXT: every market asks for the same text, so "asked
    # again" says nothing there; long copy goes to `kept` when put, short copy stays in `seen`
    memo: RepeatMemo[str] = RepeatMemo(100, 10**6, 10, 10**6, promote=False)
    memo.put("a long shared description", "answer", keep=True)
    for n in range(1_000):
        memo.put(f"name {n}", "x")
        assert memo.get(f"name {n}") == "x"  # asked again (another market): stays in `seen`
    assert len(memo.kept) == 1 and memo.get("a long shared description") == "answer"
    assert memo.get("name 999") == "x" and memo.get("name 0") is None  # `seen` started over


@pytest.mark.parametrize("promote", [True, False])
def test_it_pickles_empty_with_its_bounds(promote: bool) -> None:
    memo: RepeatMemo[int] = RepeatMemo(10, 100, 20, 200, promote=promote)
    memo.put("a", 1)
    memo.get("a")
    again = pickle.loads(pickle.dumps(memo))
    assert len(again) == 0 and again.promote is promote
    assert (again.seen.entries, again.seen.chars, again.kept.entries, again.kept.chars) == (10, 100, 20, 200)


ops = st.lists(st.tuples(st.sampled_from(["get", "put", "keep", "clear"]), st.integers(0, 30), st.integers(1, 9)),
               max_size=300)


@given(ops, st.integers(1, 8), st.integers(5, 40), st.integers(1, 8), st.integers(5, 40), st.booleans())
def test_answers_are_the_value_first_put_and_bounds_hold(steps, entries, chars, kept_entries, kept_chars,
                                                         promote) -> None:
    memo: RepeatMemo[object] = RepeatMemo(entries, chars, kept_entries, kept_chars, promote=promote)
    first: dict[int, object] = {}
    for op, key, weight in steps:
        if op in ("put", "keep"):
            value = first.setdefault(key, (key, weight))  # a memo of a pure function: one value a key
            weight = value[1]  # type: ignore[index]
            assert memo.put(key, value, weight, keep=op == "keep") is value
        elif op == "get":
            found = memo.get(key, MISSING)
            assert found is MISSING or found == first[key]
            assert found is not MISSING or key not in memo
        else:
            memo.clear()
            first.clear()
        for half in (memo.seen, memo.kept):
            assert len(half) <= half.entries and half.held <= half.chars
        assert memo.kept.held == sum(first[k][1] for k in memo.kept)  # type: ignore[index]
