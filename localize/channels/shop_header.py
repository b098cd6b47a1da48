"""The header rules every shop import we write shares (Magento's product import, OXID's generic
import): the key column comes first, since each importer matches rows to products by it, and no
column appears twice, since the importer would keep one of the two values without saying which.
The shop's own column rules (`column_problem`) are checked on each column's first occurrence, so
the problems come in header order."""

from __future__ import annotations

from collections.abc import Callable, Iterator


def header_problems(header: list[str], key: str, key_purpose: str,
                    column_problem: Callable[[str], str | None]) -> Iterator[tuple[str | None, str]]:
    """(column, why) for each problem of `header`, in header order; the column is None when the key
    column is missing altogether."""
    if not header or header[0] != key:
        yield (key if key in header else None), f"the first column must be {key} ({key_purpose})"
    seen: set[str] = set()
    for name in header:
        if name in seen:
            yield name, f"column '{name}' appears twice"
            continue
        seen.add(name)
        why = column_problem(name)
        if why is not None:
            yield name, why
