"""`memo.share`: a process's `shared` memos bounded at a fraction of the bounds they were made with
(issue 18: a Dask worker's at half of one process's bounds, so a worker's peak memory at 1M
products stays near one process's at 100k); the others keep theirs. The answers never depend on
the bounds."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize import memo as memo_module
from localize.memo import TextMemo, share, text_memoised


@pytest.fixture(autouse=True)
def _whole_bounds() -> Iterator[None]:
    share(1.0)
    yield
    share(1.0)


def test_share_bounds_the_memos_made_before_and_after_and_one_restores_them() -> None:
    before: TextMemo[int] = TextMemo(entries=1_000, chars=8_000, shared=True)
    own: TextMemo[int] = TextMemo(entries=1_000, chars=8_000)
    share(0.5)
    after: TextMemo[int] = TextMemo(entries=300, chars=3_001, shared=True)
    assert (before.entries, before.chars) == (500, 4_000)  # fails on the old memo: no `share`
    assert (after.entries, after.chars) == (150, 1_500)
    assert (own.entries, own.chars) == (1_000, 8_000)  # not shared: its bounds whatever the share
    assert before.bounds == (1_000, 8_000) and after.bounds == (300, 3_001)
    share(1.0)
    assert (before.entries, before.chars, after.entries, after.chars) == (1_000, 8_000, 300, 3_001)


def test_memos_not_made_shared_keep_their_bounds() -> None:
    from localize.qa import patterns  # its @text_memoised memos, made at import: `words` alone shared

    own = [m for m in (getattr(f, "memo", None) for f in vars(patterns).values())
           if isinstance(m, TextMemo) and m is not patterns.words.memo]  # type: ignore[attr-defined]
    assert own
    share(0.5)
    assert all((m.entries, m.chars) == m.bounds and id(m) not in memo_module._MEMOS for m in own)


def test_a_text_memoised_function_made_shared_is_bounded_by_the_share() -> None:
    """`text_memoised(..., shared=True)`: the function's memo follows `share` (fails on the old code:
    no `shared` argument), and qa/patterns' `words` is made so."""
    from localize.qa import patterns

    @text_memoised(8, 100, shared=True)
    def upper(text: str) -> str:
        return text.upper()

    words = patterns.words.memo  # type: ignore[attr-defined]
    share(0.5)
    assert (upper.memo.entries, upper.memo.chars) == (4, 50)  # type: ignore[attr-defined]
    assert (words.entries, words.chars) == (words.bounds[0] // 2, words.bounds[1] // 2)
    for i in range(20):
        assert upper(f"t{i}") == f"T{i}"
        assert len(upper.memo) <= 4  # type: ignore[attr-defined]
    share(1.0)
    assert (words.entries, words.chars) == words.bounds


def test_a_fuller_memo_starts_over_at_its_next_put_and_keeps_the_new_bounds() -> None:
    memo: TextMemo[int] = TextMemo(entries=100, chars=10**6, shared=True)
    for i in range(90):
        memo.put(f"text {i}", i)
    share(0.25)
    memo.put("one more", 1)
    assert len(memo) == 1 and memo.get("one more") == 1 and memo.held == len("one more")
    for i in range(200):
        memo.put(f"again {i}", i)
        assert len(memo) <= 25


def test_a_memo_pickles_with_the_bounds_it_was_made_with() -> None:
    share(0.5)
    memo: TextMemo[int] = TextMemo(entries=10, chars=100, shared=True)
    share(1.0)
    copy = pickle.loads(pickle.dumps(memo))  # in another process: that process's share applies
    assert copy.bounds == (10, 100) and (copy.entries, copy.chars) == (10, 100)
    share(0.5)
    assert (copy.entries, copy.chars) == (5, 50)


def _count_calls() -> tuple[list[str], object]:
    calls: list[str] = []

    @text_memoised(6, 40)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper() + "!"

    return calls, shout


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(alphabet="abcdeé ", max_size=12), max_size=80),
       fraction=st.sampled_from([1.0, 0.5, 0.25, 0.01]))
def test_answers_are_the_same_at_any_share(texts: list[str], fraction: float) -> None:
    share(fraction)
    calls, shout = _count_calls()
    assert [shout(t) for t in texts] == [t.upper() + "!" for t in texts]  # type: ignore[operator]
    assert set(calls) == set(texts)  # every text computed at least once, whatever the bounds
