"""A memo keyed by texts, bounded by entries AND by the characters it holds.

Catalogues repeat their copy across products and markets, so the stages memoise per text
(fold a text once, find its quantities once). A bound on entries alone is not flat memory: an
entry is as large as its text, and 20,000 product descriptions of 5 KB hold 100 MB where 20,000
names hold 1 MB. `TextMemo` counts the characters of what each entry keeps alive (its weight)
and starts over when either bound is reached. Answers are the same with or without it (it only
memoises pure functions), so outputs are unchanged.

Why it starts over rather than evicting: at 100k records × 3 markets every memo fills and starts
over tens of times, yet each memo's hit rate is the same as at 10k (where it hardly ever does):
its misses are texts seen for the first time, which no eviction can avoid. A memo that kept its
most used half (two generations, the young one a dict, the old one looked up on a miss) gained
0–2 points of hit rate on a few memos, lost 2 on others, and cost 1.5–2× per lookup (measured:
/work/notes/report-i18e5.md). So the memo is the cheapest thing that answers: a dict, looked up
by the dict's own `get` (one C call, no method of ours in between), and `put` that counts.
"""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

V = TypeVar("V")


class _Missing:
    """The type of `MISSING` (one instance): `memo.get(text, MISSING) is MISSING` when nothing is
    remembered (for memos whose values may be None)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


#: A default for `get` that no memoised value is.
MISSING: Any = _Missing()
_MISSING = MISSING  # the name call sites imported before `MISSING` was public

_insert = dict.setdefault  # a method call: `memo[text] = value` goes through `put`
_clear = dict.clear


class TextMemo(dict[Hashable, V]):
    """A dict of at most `entries` entries and `chars` characters: `get(text[, default])` is the
    dict's own; write through `put(text, value, weight)` (or `memo[text] = value` for a text,
    weighed by its length); the dict's other writing methods (`update`, `setdefault`) would
    bypass the bounds. `bounds` are the bounds asked for; a memo made with `shared=True` is bounded
    at the process's `share` of them (1 but in a Dask worker of a run of several)."""

    __slots__ = ("entries", "chars", "held", "bounds", "__weakref__")

    def __init__(self, entries: int, chars: int, *, shared: bool = False) -> None:
        super().__init__()
        self.bounds = (entries, chars)
        self.entries, self.chars = _shared(entries, chars) if shared else self.bounds
        self.held = 0  # characters the entries keep alive (sum of their weights)
        if shared:
            _MEMOS[id(self)] = self

    #: `lookup(text, default)`: the dict's own `get` under the name call sites used before the memo
    #: was a dict (they pass their default: `MISSING`, or a value of their own, for values that may be None)
    lookup = dict.get

    def put(self, text: Hashable, value: V, weight: int | None = None) -> V:
        """Remember `value` for `text` (a string, or a key holding one: then `weight` is required);
        `weight` (default the text's length) is the characters the entry keeps alive (a text and
        two folded forms of it: three times its length). Returns `value`. A text already known
        keeps its value; one larger than the whole memo is not kept."""
        if weight is None:
            if not isinstance(text, str):
                raise TypeError("TextMemo.put: a key that is not a string needs its weight")
            weight = len(text)
        if weight > self.chars or text in self:  # larger than the whole memo, or known
            return value
        if len(self) >= self.entries or self.held + weight > self.chars:
            self.clear()
        _insert(self, text, value)
        self.held += weight
        return value

    def __setitem__(self, text: Hashable, value: V) -> None:
        self.put(text, value)

    def clear(self) -> None:
        _clear(self)
        self.held = 0

    def __reduce__(self) -> tuple[Any, tuple[int, int, bool]]:
        """Pickled empty, with its bounds: a memo only saves work, and shipping it would cost more."""
        return (_unpickled, (*self.bounds, id(self) in _MEMOS))

    def __repr__(self) -> str:
        return f"TextMemo({len(self)} entries, {self.held} of {self.chars} characters)"


def _unpickled(entries: int, chars: int, shared: bool) -> TextMemo[Any]:
    return TextMemo(entries, chars, shared=shared)


#: This process's memos made with `shared=True`, to bound them again when `share` changes.
_MEMOS: weakref.WeakValueDictionary[int, TextMemo[Any]] = weakref.WeakValueDictionary()
_SHARE = 1.0


def _shared(entries: int, chars: int) -> tuple[int, int]:
    return max(1, int(entries * _SHARE)), max(1, int(chars * _SHARE))


def share(fraction: float) -> None:
    """Bound every `shared=True` memo of this process, and every one made later, at `fraction` of
    the bounds it was made with (1.0: as made). A Dask worker (`localize.execution.worker`) runs a
    share of the catalogue next to other workers on the same machine: with its memos at one
    process's bounds a worker's peak at 1M products was 1.29x one process's at 100k. A memo above
    its new bounds starts over at its next `put`. Answers are the same at any bound.

    Only memos whose hits come from repeats close together (a product's markets, a wave's
    products) are `shared`: at half their bounds they missed as often (measured per memo, 37k
    records of a worker): QA's pair memo, qa/patterns' `words`, the units-in-copy memos
    (`QuantitiesInCopy`), the translation service's `_protected` and the pseudo engine's short answers. Halving every memo cut a worker's peak by 48 MiB at 60k products, and
    cost 7-8.5 % more CPU in the worker: the rules' loud and folding memos, the unit metrics memo
    (its 18k distinct measures fit 20,000 entries, not 10,000), long-copy translation memos and
    text facts missed up to 2.4x as often."""
    global _SHARE
    _SHARE = fraction
    for memo in list(_MEMOS.values()):
        memo.entries, memo.chars = _shared(*memo.bounds)


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


def text_memoised(entries: int, chars: int, *, shared: bool = False) -> Callable[[F], F]:
    """`functools.lru_cache` for pure functions whose first argument is a text, bounded by the
    characters its entries keep alive (`weight`) as well as by entries: long copy then holds a few
    entries, short copy as many as before. Further arguments (a locale) are short and join the key.
    Exposes `memo` (the `TextMemo`, `shared` as `TextMemo`'s) and `cache_clear()`."""

    def wrap(fn: F) -> F:
        memo: TextMemo[Any] = TextMemo(entries, chars, shared=shared)
        get, put = memo.get, memo.put

        if _one_argument(fn):
            def memoised(text: str) -> Any:
                found = get(text, MISSING)
                if found is not MISSING:
                    return found
                value = fn(text)
                return put(text, value, weight(text, value))
        else:
            def memoised(text: str, *args: Hashable) -> Any:  # type: ignore[misc]
                key = (text, *args) if args else text
                found = get(key, MISSING)
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
