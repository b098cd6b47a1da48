"""A memo keyed by texts, bounded by entries AND by the characters it holds.

Catalogues repeat their copy across products and markets, so the stages memoise per text
(fold a text once, find its quantities once). A bound on entries alone is not flat memory: an
entry is as large as its text, and 20,000 product descriptions of 5 KB hold 100 MB where 20,000
names hold 1 MB. `TextMemo` counts the characters of what each entry keeps alive (its weight)
and starts over when either bound is reached, as the memos it replaces did when full; answers
are the same with or without it (it only memoises pure functions), so outputs are unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from typing import Any, Generic, TypeVar

V = TypeVar("V")

_MISSING = object()


class TextMemo(Generic[V]):
    """`get(text)` / `put(text, value, weight)`: at most `entries` entries and `chars` characters."""

    __slots__ = ("entries", "chars", "held", "_data")

    def __init__(self, entries: int, chars: int) -> None:
        self.entries = entries
        self.chars = chars
        self.held = 0  # characters the entries keep alive (sum of their weights)
        self._data: dict[Hashable, V] = {}

    def get(self, text: Hashable) -> V | None:
        return self._data.get(text)

    def lookup(self, text: Hashable, default: Any = _MISSING) -> Any:
        """The value remembered for `text`, else `default` (for memos whose values may be None)."""
        return self._data.get(text, default)

    def put(self, text: Hashable, value: V, weight: int | None = None) -> V:
        """Remember `value` for `text` (a string, or a key holding one: then `weight` is required);
        `weight` (default the text's length) is the characters the entry keeps alive (a text and
        two folded forms of it: three times its length)."""
        if weight is None:
            if not isinstance(text, str):
                raise TypeError("TextMemo.put: a key that is not a string needs its weight")
            weight = len(text)
        if weight > self.chars or text in self._data:  # larger than the whole memo, or known
            return value
        if len(self._data) >= self.entries or self.held + weight > self.chars:
            self.clear()
        self._data[text] = value
        self.held += weight
        return value

    def clear(self) -> None:
        self._data.clear()
        self.held = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, text: object) -> bool:
        return text in self._data

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._data)


F = TypeVar("F", bound=Callable[..., Any])


def weight(text: str, value: object) -> int:
    """The characters a memo entry keeps alive, roughly: the text, and the answer when it is a new
    text or a tuple (a tuple item costs about 56 characters of object overhead, plus its length
    when it is a text; anything else about 256: a parsed amount, a tag)."""
    w = len(text) + 1
    if isinstance(value, str):
        if value is not text:
            w += len(value)
    elif isinstance(value, tuple):
        for item in value:
            w += 56 + len(item) if isinstance(item, str) else 256
    return w


def text_memoised(entries: int, chars: int) -> Callable[[F], F]:
    """`functools.lru_cache` for pure functions whose first argument is a text, bounded by the
    characters its entries keep alive (`weight`) as well as by entries: long copy then holds a few
    entries, short copy as many as before. Further arguments (a locale) are short and join the key.
    Exposes `memo` (the `TextMemo`) and `cache_clear()`."""

    def wrap(fn: F) -> F:
        memo: TextMemo[Any] = TextMemo(entries, chars)

        @functools.wraps(fn)
        def memoised(text: str, *args: Hashable) -> Any:
            key = (text, *args) if args else text
            found = memo.lookup(key)
            if found is not _MISSING:
                return found
            value = fn(text, *args)
            return memo.put(key, value, weight(text, value))

        memoised.memo = memo  # type: ignore[attr-defined]
        memoised.cache_clear = memo.clear  # type: ignore[attr-defined]
        return memoised  # type: ignore[return-value]

    return wrap
