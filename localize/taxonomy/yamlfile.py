"""YAML that remembers where everything was, so errors can say `file:line`.

Mappings load as `LineDict` (a dict with `.line` and `.key_lines`) and sequences as
`LineList` (a list with `.line` and `.item_lines`). Duplicate keys, which PyYAML silently
overwrites, are collected as problems instead. The C parser is used when PyYAML has it
(imported taxonomies are megabytes); construction stays the safe constructor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from ..config import _leaf_errors, explain, format_path, load_schema
from .errors import TaxonomyError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping with the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    """A sequence with the line it starts on and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.problems: list[tuple[int, str]] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.problems.append((line, "a key must be a plain value, not a list or mapping"))
            continue
        if key in data:
            loader.problems.append((line, f"duplicate key {key!r} (first on line {data.key_lines[key]})"))
            continue
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Any:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def read_text(path: Path, what: str) -> str:
    """The file as text (UTF-8, BOM tolerated), or a TaxonomyError saying what to do."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TaxonomyError(f"{path}: {what} not found", hint="check the path (relative paths start at the config file's folder)") from None
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise TaxonomyError(f"{path}:{line}: not valid UTF-8", hint="save the file as UTF-8") from None


def load_yaml(path: Path, what: str) -> tuple[Any, list[str]]:
    """`(data, problems)`: the document with line information, and duplicate-key problems."""
    text = read_text(path, what)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise TaxonomyError(f"{where}: not valid YAML: {problem}", hint="check indentation and quoting") from None
    finally:
        loader.dispose()
    return data, [f"{path}:{line}: {msg}" for line, msg in loader.problems]


def line_at(data: Any, parts: list[Any]) -> int | None:
    """The line of the value at `parts` (or of its deepest existing parent)."""
    line = getattr(data, "line", None)
    node = data
    for part in parts:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def schema_problems(data: Any, schema_name: str, path: Path) -> list[str]:
    """Every JSON Schema problem as `file:line: json.path: message` (document order)."""
    validator = Draft202012Validator(load_schema(schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda e: (line_at(data, list(e.absolute_path)) or 0,
                                                                [str(p) for p in e.absolute_path]))
    out = []
    for error in _leaf_errors(errors):
        parts = list(error.absolute_path)
        line = line_at(data, parts)
        where = f"{path}:{line}" if line else str(path)
        out.append(f"{where}: {format_path(parts) or '(top level)'}: {explain(error)}")
    return out
