"""A memo keyed by texts, bounded by entries AND by the characters it holds, that keeps what is used.

Catalogues repeat their copy across products and markets, so the stages memoise per text
(fold a text once, find its quantities once). A bound on entries alone is not flat memory: an
entry is as large as its text, and 20,000 product descriptions of 5 KB hold 100 MB where 20,000
names hold 1 MB. `TextMemo` counts the characters of what each entry keeps alive (its weight).

When full it does not start over: a memo cleared when full loses the copy every record repeats
(a brand line, a care text) together with the one-off descriptions, and a 100k-record run's
distinct texts never fit. Its entries live in two generations of half the bounds each. New
ones go to the young one; a text found in the old one moves back to the young one. When the
young generation is full it becomes the old one, and the old one's entries (unused since it
turned old) are dropped all at once, which costs next to nothing per entry, where dropping
entries one by one would cost more than the memo saves. So texts that fit in half the bounds
are never dropped, a memo that overflows keeps at least the half it used last, and memory stays
within the bounds. Answers are the same with or without a memo (it only memoises pure
functions), so outputs are unchanged.

The hot path is one subscript of a dict: `TextMemo` is a dict (the young generation) whose
`memo[text]` gives the value, or `MISSING` (after looking in the old generation). `get`, `lookup`
and `put` are the readable API for call sites that are not hot.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

V = TypeVar("V")


class _Missing:
    """The type of `MISSING` (one instance): `memo[text] is MISSING` when nothing is remembered."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


#: What `memo[text]` gives for a text the memo does not hold (memoised values may be None).
MISSING: Any = _Missing()
_MISSING = MISSING  # the name call sites imported before `MISSING` was public

# The dict's own methods, for the young generation (`TextMemo` overrides them to cover both)
_insert = dict.setdefault  # a method call: `memo[text] = value` goes through the overridden `__setitem__`
_clear = dict.clear
_young_len = dict.__len__
_young_iter = dict.__iter__
_young_items = dict.items


class TextMemo(dict[Hashable, V]):
    """`memo[text]` (or `MISSING`) / `put(text, value, weight)`: at most `entries` entries and
    `chars` characters in its two generations together (see the module docstring).

    Write through `put` (or `memo[text] = value` for a text, weighed by its length): the dict's
    other writing methods (`update`, `setdefault`) would bypass the bounds."""

    __slots__ = ("entries", "chars", "_half", "_half_chars", "_held", "_weights", "_old", "_old_weights",
                 "_old_held")

    def __init__(self, entries: int, chars: int) -> None:
        super().__init__()
        self.entries = entries
        self.chars = chars
        # each generation's bounds (a memo too small to halve has one: it starts over when full)
        two = entries >= 2 and chars >= 2
        self._half = entries // 2 if two else entries
        self._half_chars = chars // 2 if two else chars
        self._held = 0  # the young generation's characters (sum of its weights)
        self._weights: dict[Hashable, int] = {}  # the young generation's weights
        self._old: dict[Hashable, V] = {}
        self._old_weights: dict[Hashable, int] = {}
        self._old_held = 0

    def __missing__(self, text: Hashable) -> Any:
        """Not in the young generation: from the old one (moved to the young one), else `MISSING`."""
        old = self._old
        if not old:
            return MISSING
        value = old.pop(text, MISSING)
        if value is not MISSING:
            weight = self._old_weights.pop(text)
            self._old_held -= weight
            if _young_len(self) >= self._half or self._held + weight > self._half_chars:
                self._turn()
            _insert(self, text, value)
            self._weights[text] = weight
            self._held += weight
        return value

    def get(self, text: Hashable, default: Any = None) -> Any:  # type: ignore[override]
        """The value remembered for `text`, else `default`."""
        value = self[text]
        return default if value is MISSING else value

    def lookup(self, text: Hashable, default: Any = MISSING) -> Any:
        """The value remembered for `text`, else `default` (for memos whose values may be None)."""
        value = self[text]
        return default if value is MISSING else value

    def put(self, text: Hashable, value: V, weight: int | None = None) -> V:
        """Remember `value` for `text` (a string, or a key holding one: then `weight` is required);
        `weight` (default the text's length) is the characters the entry keeps alive (a text and
        two folded forms of it: three times its length). Returns `value`. A text already known
        keeps its value; one larger than a generation (half the characters) is not kept."""
        if weight is None:
            if not isinstance(text, str):
                raise TypeError("TextMemo.put: a key that is not a string needs its weight")
            weight = len(text)
        weights = self._weights
        if text in weights or text in self._old:  # known: it keeps its value
            return value
        if len(weights) >= self._half or self._held + weight > self._half_chars:
            if weight > self._half_chars:  # larger than a generation: not kept
                return value
            self._turn()
            weights = self._weights
        _insert(self, text, value)
        weights[text] = weight
        self._held += weight
        return value

    def _turn(self) -> None:
        """The young generation becomes the old one; the old one's entries are dropped."""
        if self._half < self.entries:
            self._old = dict(_young_items(self))
            self._old_weights = self._weights
            self._old_held = self._held
        _clear(self)
        self._weights = {}
        self._held = 0

    def __setitem__(self, text: Hashable, value: V) -> None:
        self.put(text, value)

    @property
    def held(self) -> int:
        """The characters the entries keep alive (sum of their weights), both generations."""
        return self._held + self._old_held

    def clear(self) -> None:
        _clear(self)
        self._weights = {}
        self._held = 0
        self._old = {}
        self._old_weights = {}
        self._old_held = 0

    def __len__(self) -> int:
        return _young_len(self) + len(self._old)

    def __contains__(self, text: object) -> bool:
        return text in self._weights or text in self._old

    def __iter__(self) -> Iterator[Hashable]:
        yield from _young_iter(self)
        yield from self._old

    def __bool__(self) -> bool:
        return _young_len(self) > 0 or bool(self._old)

    def __reduce__(self) -> tuple[Any, tuple[int, int]]:
        """Pickled empty, with its bounds: a memo only saves work, and shipping it would cost more."""
        return (TextMemo, (self.entries, self.chars))

    def __repr__(self) -> str:
        return f"TextMemo({len(self)} entries, {self.held} of {self.chars} characters)"


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
        put = memo.put

        if _one_argument(fn):
            def memoised(text: str) -> Any:
                found = memo[text]
                if found is not MISSING:
                    return found
                value = fn(text)
                return put(text, value, weight(text, value))
        else:
            def memoised(text: str, *args: Hashable) -> Any:  # type: ignore[misc]
                key = (text, *args) if args else text
                found = memo[key]
                if found is not MISSING:
                    return found
                value = fn(text, *args)
                return put(key, value, weight(text, value))

        functools.update_wrapper(memoised, fn)
        memoised.memo = memo  # type: ignore[attr-defined]
        memoised.cache_clear = memo.clear  # type: ignore[attr-defined]
        return memoised  # type: ignore[return-value]

    return wrap


def _one_argument(fn: Callable[..., Any]) -> bool:
    """True when `fn` takes exactly one argument, by position (its memo is keyed by the text alone)."""
    params = list(inspect.signature(fn).parameters.values())
    return len(params) == 1 and params[0].kind in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD)
