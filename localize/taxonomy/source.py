"""The catalogue's own categories, as a PIM exports them.

Two inputs are understood:

* an Akeneo `categories.csv` (`code;parent;label-de_DE;label-en_US;...`), the usual case;
* a two-column CSV of code and path (`code,path` or `code,path-de_DE`), for other PIMs:
  the path's levels become the category's ancestors (a level that is not a row of its own
  becomes a synthetic category so the path context is never lost).

Labels are keyed by BCP 47 tags (`de-DE`). Every problem (duplicate codes, unknown parents,
cycles, unknown locales) is reported at once with file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import CodeMap, fold
from ..config import is_known_locale
from ..errors import InputError
from ..locale import to_bcp47
from .errors import SourceError

PATH_SEPARATORS = (" > ", " / ", ">", "/")


@dataclass(slots=True)
class SourceCategory:
    """One category of the catalogue. `synthetic` ones come from a path level with no row."""

    code: str
    parent: str | None
    labels: dict[str, str]
    line: int | None = None
    synthetic: bool = False
    #: Not in the categories file: its labels are its code, tried as each language.
    from_code: bool = False


@dataclass
class SourceTree:
    """The catalogue's category tree, in file order."""

    # codes are case-insensitive in Akeneo: a product's `Audio` is the file's `audio` (`localize.codes`)
    categories: CodeMap[SourceCategory] = field(default_factory=CodeMap)
    locales: tuple[str, ...] = ()
    path: Path | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.categories, CodeMap):  # a tree built by hand from a plain dict
            self.categories = CodeMap(self.categories)

    def ancestors(self, code: str) -> list[str]:
        """Ancestor codes as the file spells them, root first (parents missing from the file are skipped)."""
        out: list[str] = []
        parent = self.categories[code].parent
        seen = {fold(code)}
        while parent is not None and parent in self.categories and fold(parent) not in seen:
            parent = self.categories.key(parent)
            out.append(parent)
            seen.add(fold(parent))
            parent = self.categories[parent].parent
        out.reverse()
        return out

    def label(self, code: str, locale: str) -> str | None:
        return self.categories[code].labels.get(locale)

    def path_labels(self, code: str, locale: str) -> list[str]:
        """The labels from the root down in `locale` (levels without a label are skipped)."""
        out = []
        for c in (*self.ancestors(code), code):
            text = self.categories[c].labels.get(locale)
            if text:
                out.append(text)
        return out

    def code_path(self, code: str) -> str:
        """`master/audio/headphones`: the codes from the root down, for rules."""
        return "/".join((*self.ancestors(code), self.categories.key(code)))

    def topological(self) -> list[str]:
        """Codes with every parent before its children (file order otherwise)."""
        done: set[str] = set()
        order: list[str] = []
        for code in self.categories:
            chain = [*self.ancestors(code), code]
            for c in chain:
                if c not in done:
                    done.add(c)
                    order.append(c)
        return order

    def real(self) -> list[str]:
        """Codes of the categories that are rows of the file (not synthetic path levels)."""
        return [c for c, cat in self.categories.items() if not cat.synthetic]


def read_source_categories(path: str | Path, *, locale: str | None = None, delimiter: str | None = None) -> SourceTree:
    """Read an Akeneo categories.csv or a code/path CSV. `locale` names the language of a `path` column."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found", hint="pass an Akeneo categories.csv (code;parent;label-<locale>...)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}:{line}: not valid UTF-8", hint="save the file as UTF-8") from None
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _numbered(reader)
    try:
        number, header = next(rows)
    except StopIteration:
        raise InputError(f"{path}: the file is empty", hint="the first line must be a header: code;parent;label-de_DE;...") from None
    header = [h.strip() for h in header]
    if "code" not in header:
        raise InputError(
            f"{path}:1: no 'code' column (found {', '.join(header) or 'nothing'})",
            hint="an Akeneo categories.csv has code;parent;label-<locale>; a path CSV has code,path",
        )
    if any(h == "path" or h.startswith("path-") for h in header):
        return _read_paths(path, header, rows, locale)
    return _read_akeneo(path, header, rows)


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line they start on (a quoted cell may span lines)."""
    for row in reader:
        yield reader.line_num, row  # type: ignore[attr-defined]


def _label_columns(path: Path, header: list[str], prefix: str) -> tuple[dict[int, str], list[str]]:

    columns: dict[int, str] = {}
    problems: list[str] = []
    for index, name in enumerate(header):
        if name.startswith(prefix):
            code = name[len(prefix):]
            if not is_known_locale(code):
                problems.append(f"{path}:1: column {name!r}: unknown locale {code!r} (use e.g. {prefix}de_DE)")
                continue
            columns[index] = to_bcp47(code)
    return columns, problems


def _coded_rows(path: Path, header: list[str], rows: Iterator[tuple[int, list[str]]], code_at: int,
                tree: SourceTree, problems: list[str]) -> Iterator[tuple[int, list[str], str]]:
    """The rows of a categories file that name a new code, padded to the header; every other row is a problem.

    Both layouts (Akeneo's code/parent and the path columns) share it, so a blank row, an over-long row, an empty
    or a repeated code are reported the same way whichever layout the team exports.
    """
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(f"{path}:{number}: {len(row)} cells but the header has {len(header)}")
            continue
        row = row + [""] * (len(header) - len(row))
        code = row[code_at].strip()
        if not code:
            problems.append(f"{path}:{number}: empty code")
            continue
        if code in tree.categories:
            problems.append(f"{path}:{number}: duplicate code {code!r} (first on line {tree.categories[code].line})")
            continue
        yield number, row, code


def _read_akeneo(path: Path, header: list[str], rows: Iterator[tuple[int, list[str]]]) -> SourceTree:
    columns, problems = _label_columns(path, header, "label-")
    code_at = header.index("code")
    parent_at = header.index("parent") if "parent" in header else None
    tree = SourceTree(path=path, locales=tuple(dict.fromkeys(columns.values())))
    for number, row, code in _coded_rows(path, header, rows, code_at, tree, problems):
        parent = row[parent_at].strip() if parent_at is not None else ""
        labels = {loc: row[i].strip() for i, loc in columns.items() if row[i].strip()}
        tree.categories[code] = SourceCategory(code=code, parent=parent or None, labels=labels, line=number)
    problems.extend(_tree_problems(path, tree))
    if problems:
        raise SourceError(f"{path}: {len(problems)} problem(s) in the categories file", problems)
    return tree


def _read_paths(path: Path, header: list[str], rows: Iterator[tuple[int, list[str]]], locale: str | None) -> SourceTree:
    problems: list[str] = []
    code_at = header.index("code")
    path_cols: dict[int, str] = {}
    for index, name in enumerate(header):
        if name == "path":
            if not locale:
                problems.append(f"{path}:1: column 'path' has no locale; name it path-de_DE or pass --source-locale")
                continue
            path_cols[index] = to_bcp47(locale)
    more, bad = _label_columns(path, header, "path-")
    path_cols.update(more)
    problems.extend(bad)
    tree = SourceTree(path=path, locales=tuple(dict.fromkeys(path_cols.values())))
    by_path: dict[tuple[str, tuple[str, ...]], str] = {}
    entries: list[tuple[str, dict[str, list[str]], int]] = []
    for number, row, code in _coded_rows(path, header, rows, code_at, tree, problems):
        levels = {loc: split_path(row[i]) for i, loc in path_cols.items() if row[i].strip()}
        labels = {loc: segs[-1] for loc, segs in levels.items()}
        tree.categories[code] = SourceCategory(code=code, parent=None, labels=labels, line=number)
        for loc, segs in levels.items():
            by_path[(loc, tuple(segs))] = code
        entries.append((code, levels, number))
    for code, levels, _ in entries:
        if not levels:
            continue
        loc, segs = next(iter(levels.items()))
        tree.categories[code].parent = _ensure_parent(tree, by_path, loc, segs, levels)
    if problems:
        raise SourceError(f"{path}: {len(problems)} problem(s) in the categories file", problems)
    return tree


def _ensure_parent(tree: SourceTree, by_path: dict, loc: str, segs: list[str], levels: dict[str, list[str]]) -> str | None:
    """The parent code of a path, creating synthetic categories for levels that have no row."""
    if len(segs) < 2:
        return None
    prefix = tuple(segs[:-1])
    parent = by_path.get((loc, prefix))
    if parent is None:
        parent = "path:" + " > ".join(prefix)
        by_path[(loc, prefix)] = parent
        labels = {lc: s[len(s) - len(segs) + len(prefix) - 1] for lc, s in levels.items() if len(s) == len(segs)}
        tree.categories[parent] = SourceCategory(code=parent, parent=None, labels=labels, synthetic=True)
        tree.categories[parent].parent = _ensure_parent(
            tree, by_path, loc, list(prefix), {lc: s[: len(s) - 1] for lc, s in levels.items() if len(s) == len(segs)}
        )
    return parent


def split_path(text: str) -> list[str]:
    """`A > B > C` (or `A/B/C`) -> `[A, B, C]`."""
    text = text.strip()
    for sep in PATH_SEPARATORS:
        if sep in text:
            return [part.strip() for part in text.split(sep) if part.strip()]
    return [text]


def _tree_problems(path: Path, tree: SourceTree) -> list[str]:
    problems = []
    for code, cat in tree.categories.items():
        if cat.parent is not None and cat.parent in tree.categories:
            cat.parent = tree.categories.key(cat.parent)  # one spelling per code from here on
        if cat.parent is not None and cat.parent not in tree.categories:
            problems.append(f"{path}:{cat.line}: category {code!r} has an unknown parent {cat.parent!r}")
    problems.extend(f"{path}:{tree.categories[c].line}: {msg}" for c, msg in find_cycles(
        {code: cat.parent for code, cat in tree.categories.items()}))
    return problems


def find_cycles(parents: dict[str, str | None]) -> list[tuple[str, str]]:
    """`(id, message)` once per cycle in a parent map (reported at the cycle's first member)."""
    state: dict[str, int] = {}
    out: list[tuple[str, str]] = []
    for start in parents:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in parents and state.get(node, 0) == 0:
            state[node] = 1
            chain.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            cycle = chain[chain.index(node):]
            out.append((cycle[0], "cycle in the parents: " + " -> ".join([*cycle, cycle[0]])))
        for c in chain:
            state[c] = 2
    return out
