"""A memo keyed by texts, bounded by entries AND by the characters it holds.

Catalogues repeat their copy across products and markets, so the stages memoise per text
(fold a text once, find its quantities once). A bound on entries alone is not flat memory: an
entry is as large as its text, and 20,000 product descriptions of 5 KB hold 100 MB where 20,000
names hold 1 MB. `TextMemo` counts the characters of what each entry keeps alive (its weight)
and starts over when either bound is reached, as the memos it replaces did when full; answers
are the same with or without it (it only memoises pure functions), so outputs are unchanged.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

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
