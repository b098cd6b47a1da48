"""Akeneo codes are case-insensitive: `Model-tshirt` and `model-tshirt` name one product model.

Akeneo stores attribute, option, family, category and product-model codes in case-insensitive
columns, so an export can spell one code two ways (a variant's `parent` typed by hand, an
option code in another case than `attribute_options.csv`). Every place that joins codes uses a
`CodeMap`: a dict that keeps each key as first written (what reports and write-back files show)
and finds it in any case.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

V = TypeVar("V")


def fold(code: str) -> str:
    """The form two codes are compared in (Akeneo codes are ASCII; `casefold` also covers others)."""
    return code.casefold()


class CodeMap(dict[str, V]):
    """A dict keyed by codes, looked up case-insensitively; keys keep their first spelling."""

    __slots__ = ("_fold",)

    def __init__(self, items: Mapping[str, V] | Iterable[tuple[str, V]] = (), /, **kwargs: V) -> None:
        super().__init__()
        self._fold: dict[str, str] = {}
        self.update(items, **kwargs)

    def key(self, code: Any) -> Any:
        """The stored spelling of `code`, or `code` itself when absent (or not a string)."""
        return self._fold.get(fold(code), code) if isinstance(code, str) else code

    def __getitem__(self, code: Any) -> V:
        return super().__getitem__(self.key(code))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and fold(code) in self._fold

    def get(self, code: Any, default: Any = None) -> Any:
        return super().get(self.key(code), default)

    def __setitem__(self, code: str, value: V) -> None:
        actual = self._fold.setdefault(fold(code), code) if isinstance(code, str) else code
        super().__setitem__(actual, value)

    def setdefault(self, code: str, default: Any = None) -> Any:
        if code not in self:
            self[code] = default
        return self[code]

    def __delitem__(self, code: Any) -> None:
        actual = self.key(code)
        super().__delitem__(actual)
        if isinstance(code, str):
            self._fold.pop(fold(code), None)

    def pop(self, code: Any, *default: Any) -> Any:
        if code in self:
            value = self[code]
            del self[code]
            return value
        if default:
            return default[0]
        raise KeyError(code)

    def update(self, items: Any = (), /, **kwargs: Any) -> None:  # type: ignore[override]
        pairs: Iterator[tuple[str, Any]] = iter(items.items()) if isinstance(items, Mapping) else iter(items)
        for code, value in pairs:
            self[code] = value
        for code, value in kwargs.items():
            self[code] = value

    def __reduce__(self) -> tuple[Any, ...]:
        return (CodeMap, (list(self.items()),))

    def copy(self) -> CodeMap[V]:  # type: ignore[override]
        return CodeMap(self)


def same_code(a: str | None, b: str | None) -> bool:
    """True when two codes name the same thing in Akeneo (case-insensitive)."""
    if a is None or b is None:
        return a is b
    return fold(a) == fold(b)
