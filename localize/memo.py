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
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

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
    bypass the bounds."""

    __slots__ = ("entries", "chars", "held")

    def __init__(self, entries: int, chars: int) -> None:
        super().__init__()
        self.entries = entries
        self.chars = chars
        self.held = 0  # characters the entries keep alive (sum of their weights)

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

    def __reduce__(self) -> tuple[Any, tuple[int, int]]:
        """Pickled empty, with its bounds: a memo only saves work, and shipping it would cost more."""
        return (TextMemo, (self.entries, self.chars))

    def __repr__(self) -> str:
        return f"TextMemo({len(self)} entries, {self.held} of {self.chars} characters)"


class RepeatMemo(Generic[V]):
    """A memo whose `kept` half one-off texts never reach, so they cannot empty it of the copy that
    recurs all run long (a family's shared description).

    A catalogue's one-off texts (a product's own name) fill a `TextMemo` and make it start over
    every few batches. Here an answer is first kept in `seen`, which starts over like any `TextMemo`;
    it goes to `kept` when it is asked for again while there (`promote`), or at once when the caller
    says it belongs there (`put(..., keep=True)`: long copy). A hit in `kept` is one C call
    (`dict.get`), a hit in `seen` two.

    The one mechanism for what three call sites built by hand (measured on their key sequences of a
    30k x 3 run, /work/notes/report-i18e6.md): QA's pair memo and its hot half (`promote`: the same
    misses), and the translation service's and pseudo engine's memos split at `LONG_TEXT` (`keep=`
    long, `promote=False`: the same misses). Promoting there would be wrong: every market asks for
    the same text once, so every text is "asked again" and short ones would flood `kept`."""

    __slots__ = ("seen", "kept", "promote")

    def __init__(self, entries: int, chars: int, kept_entries: int | None = None, kept_chars: int | None = None,
                 *, promote: bool = True) -> None:
        #: key -> (value, weight): the weight goes with the value when it moves to `kept`
        self.seen: TextMemo[tuple[V, int]] = TextMemo(entries, chars)
        self.kept: TextMemo[V] = TextMemo(entries if kept_entries is None else kept_entries,
                                          chars if kept_chars is None else kept_chars)
        self.promote = promote

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The remembered value, else `default` (pass `MISSING` for values that may be None)."""
        found = self.kept.get(key, MISSING)
        if found is not MISSING:
            return found
        pair = self.seen.get(key)
        if pair is None:
            return default
        value, weight = pair
        if self.promote:
            self.kept.put(key, value, weight)
        return value

    lookup = get

    def put(self, key: Hashable, value: V, weight: int | None = None, *, keep: bool = False) -> V:
        """Remember `value` for `key`: in `seen`, or in `kept` at once when `keep`; `weight` as in
        `TextMemo.put`. Returns `value`."""
        if weight is None:
            if not isinstance(key, str):
                raise TypeError("RepeatMemo.put: a key that is not a string needs its weight")
            weight = len(key)
        if keep:
            self.kept.put(key, value, weight)
        else:
            self.seen.put(key, (value, weight), weight)
        return value

    def __contains__(self, key: Hashable) -> bool:
        return key in self.kept or key in self.seen

    def __len__(self) -> int:
        """Distinct keys held (a key in both halves counts once)."""
        return len(self.seen.keys() | self.kept.keys())

    def clear(self) -> None:
        self.seen.clear()
        self.kept.clear()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled empty, with its bounds (as `TextMemo`)."""
        return (_repeat_memo, (self.seen.entries, self.seen.chars, self.kept.entries, self.kept.chars, self.promote))

    def __repr__(self) -> str:
        return f"RepeatMemo(seen={self.seen!r}, kept={self.kept!r})"


def _repeat_memo(entries: int, chars: int, kept_entries: int, kept_chars: int, promote: bool) -> RepeatMemo[Any]:
    return RepeatMemo(entries, chars, kept_entries, kept_chars, promote=promote)


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
