"""Stream JSON objects from JSONL, a top-level JSON array, or an Akeneo API page, with line numbers.

The standard library parses whole documents only; a catalogue export can be gigabytes, so
we decode one object at a time with `JSONDecoder.raw_decode` over a sliding buffer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from .base import CUT_AT_END, encoding_error, reading_encoding

CHUNK = 1 << 16
_WS = " \t\r\n"


class JsonItemError(ValueError):
    """One item cannot be decoded; the stream can go on (JSONL) or not (array)."""

    def __init__(self, line: int, message: str, recoverable: bool) -> None:
        super().__init__(message)
        self.line = line
        self.recoverable = recoverable


def iter_json_items(path: Path, encoding: str = "utf-8",
                    limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Any] | JsonItemError]:
    """Yield (line, object) for each item, or a JsonItemError for an undecodable one.

    JSONL: one object per line (bad lines are recoverable). A JSON array `[...]` or an API
    page `{"_embedded": {"items": [...]}}` are streamed item by item. An item nested deeper
    than `limits.max_json_depth`, or one the decoder cannot hold (a 100,000-deep array, an
    integer of 5,000 digits), is an error of that item, never a crash.
    """
    for item in _iter_raw(path, encoding, limits):
        if isinstance(item, JsonItemError):
            yield item
            continue
        line, obj = item
        problem = depth_problem(obj, limits.max_json_depth)
        if problem:
            yield JsonItemError(line, problem, recoverable=True)
            continue
        yield line, obj


#: a JSON escape of a UTF-16 surrogate (`\ud800`): decoded alone it is no character (`surrogate_problem`)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def surrogate_problem(obj: Any) -> str | None:
    """Why `obj` cannot be read: a string holding a lone surrogate (`"\ud800"` without its pair is
    valid JSON but no character: no UTF-8 output, key or store can hold it), or None. The item is
    set aside with this reason rather than failing the run where it is first written. Iterative."""
    stack = [obj]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            strings: Any = (node,)
        elif isinstance(node, dict):
            strings = node.keys()
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
            continue
        else:
            continue
        for text in strings:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                return (f"holds a lone UTF-16 surrogate (\\u{ord(text[exc.start]):04x}) in {text[:40]!r}: "
                        "an escape that is no character; fix the export")
    return None


def depth_problem(obj: Any, max_depth: int) -> str | None:
    """Why `obj` is nested too deeply, or None. Iterative, so depth itself cannot crash it."""
    if not isinstance(obj, dict | list):
        return None
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            return (f"nested more than {max_depth} levels deep (source.limits.max_json_depth); "
                    "a product record needs a handful")
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return None


def _decode_failure(exc: BaseException, max_depth: int) -> str:
    if isinstance(exc, RecursionError):
        return f"nested more than {max_depth} levels deep (source.limits.max_json_depth)"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON at column {exc.colno}: {exc.msg}"
    return f"not valid JSON: {exc}"  # ValueError: e.g. an integer longer than Python converts


def _iter_raw(path: Path, encoding: str, limits: Limits) -> Iterator[tuple[int, Any] | JsonItemError]:
    codec = reading_encoding(path, encoding)  # a UTF-16 byte-order mark names the file's encoding
    try:
        handle = path.open(encoding=codec, errors=CUT_AT_END, newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from None
    with handle:
        try:
            head = handle.read(CHUNK)
        except UnicodeDecodeError as exc:
            raise encoding_error(path, encoding, 1, exc) from None
        stripped = head.lstrip(_WS)
        if stripped.startswith("["):
            yield from _iter_array(path, encoding, handle, head, limits)
        elif stripped.startswith("{") and _looks_like_page(stripped):
            handle.seek(0)
            yield from _iter_page(path, encoding, handle, limits)
        else:
            handle.seek(0)
            yield from _iter_lines(path, encoding, handle, limits)


def _looks_like_page(text: str) -> bool:
    # An API page starts with {"_links": ...} or {"_embedded": ...}; a JSONL line starts with any key.
    first_key = text[1:].lstrip(_WS)
    return first_key.startswith('"_links"') or first_key.startswith('"_embedded"') or first_key.startswith('"current_page"')


def _iter_lines(path: Path, encoding: str, handle: Any, limits: Limits) -> Iterator[tuple[int, Any] | JsonItemError]:
    decoder = json.JSONDecoder()
    line_no = 0
    cap = 16 * limits.max_cell_chars  # a record of many long fields, never a whole file
    while True:
        try:
            line = handle.readline(cap)
        except UnicodeDecodeError as exc:
            raise encoding_error(path, encoding, line_no + 1, exc) from None
        if not line:
            break
        line_no += 1
        if len(line) >= cap and line[-1] not in "\r\n":
            while True:  # skip the rest of the line unread
                more = handle.readline(cap)
                if not more or more[-1] in "\r\n":
                    break
            yield JsonItemError(line_no, f"a line longer than {cap} characters (source.limits.max_cell_chars x 16); "
                                "the record is not read", recoverable=True)
            continue
        text = line.strip().lstrip("\ufeff")
        if not text:
            continue
        if text.count("[") + text.count("{") > limits.max_json_depth:
            # Cheap pre-check: only a line with more brackets than the depth limit can be too deep.
            problem = _bracket_depth_problem(text, limits.max_json_depth)
            if problem:
                yield JsonItemError(line_no, problem, recoverable=True)
                continue
        try:
            obj, end = decoder.raw_decode(text)
        except (json.JSONDecodeError, RecursionError, ValueError) as exc:
            yield JsonItemError(line_no, _decode_failure(exc, limits.max_json_depth), recoverable=True)
            continue
        if text[end:].strip():
            yield JsonItemError(line_no, f"not valid JSON at column {end + 1}: extra data after the object "
                                "(one object per line in JSONL)", recoverable=True)
            continue
        if "\\u" in text and _SURROGATE_ESCAPE.search(text):
            problem = surrogate_problem(obj)
            if problem:
                yield JsonItemError(line_no, problem, recoverable=True)
                continue
        yield line_no, obj


def _bracket_depth_problem(text: str, max_depth: int) -> str | None:
    """Nesting depth of JSON text, counted outside strings before decoding (so the decoder
    never recurses 100,000 levels); a problem message if deeper than `max_depth`."""
    depth = 0
    for token in _TOKEN_RE.finditer(text):
        ch = token.group()
        if ch in "[{":
            depth += 1
            if depth > max_depth:
                return (f"nested more than {max_depth} levels deep (source.limits.max_json_depth); "
                        "a product record needs a handful")
        elif ch in "]}":
            depth -= 1
    return None


_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _iter_array(path: Path, encoding: str, handle: Any, head: str, limits: Limits) -> Iterator[tuple[int, Any] | JsonItemError]:
    decoder = json.JSONDecoder()
    buf = head
    pos = buf.index("[") + 1
    line = 1 + buf.count("\n", 0, pos)
    eof = False

    def refill() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        try:
            more = handle.read(CHUNK)
        except UnicodeDecodeError as exc:
            raise encoding_error(path, encoding, line, exc) from None
        if not more:
            eof = True
            return False
        buf = buf[pos:] + more
        pos = 0
        return True

    expect_item = True
    while True:
        while True:
            while pos < len(buf) and buf[pos] in _WS:
                if buf[pos] == "\n":
                    line += 1
                pos += 1
            if pos < len(buf) or not refill():
                break
        if pos >= len(buf):
            yield JsonItemError(line, "the JSON array is not closed (missing ']')", recoverable=False)
            return
        ch = buf[pos]
        if ch == "]":
            return
        if ch == "," and not expect_item:
            pos += 1
            expect_item = True
            continue
        while True:
            try:
                obj, end = decoder.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                if len(buf) - pos > 16 * limits.max_cell_chars:
                    yield JsonItemError(line, f"an item longer than {16 * limits.max_cell_chars} characters "
                                        "(source.limits.max_cell_chars x 16)", recoverable=False)
                    return
                if refill():
                    continue
                yield JsonItemError(line, f"not valid JSON: {exc.msg}", recoverable=False)
                return
            except (RecursionError, ValueError) as exc:
                yield JsonItemError(line, _decode_failure(exc, limits.max_json_depth), recoverable=False)
                return
        start_line = line
        line += buf.count("\n", pos, end)
        escaped = _SURROGATE_ESCAPE.search(buf, pos, end) is not None
        pos = end
        expect_item = False
        if escaped:
            problem = surrogate_problem(obj)
            if problem:
                yield JsonItemError(start_line, problem, recoverable=True)
                continue
        yield start_line, obj


def _iter_page(path: Path, encoding: str, handle: Any, limits: Limits) -> Iterator[tuple[int, Any] | JsonItemError]:
    # API pages are bounded in size (100 items); parse the page, then yield its items.
    try:
        page = json.load(handle)
    except UnicodeDecodeError as exc:
        raise encoding_error(path, encoding, None, exc) from None
    except json.JSONDecodeError as exc:
        yield JsonItemError(exc.lineno, f"not valid JSON: {exc.msg}", recoverable=False)
        return
    except (RecursionError, ValueError) as exc:
        yield JsonItemError(1, _decode_failure(exc, limits.max_json_depth), recoverable=False)
        return
    embedded = page.get("_embedded") if isinstance(page, dict) else None
    items = (embedded.get("items") if isinstance(embedded, dict) else None) or []
    if not isinstance(items, list):
        yield JsonItemError(1, "'_embedded.items' must be a list of products", recoverable=False)
        return
    for item in items:
        problem = surrogate_problem(item)  # a page holds 100 items: each is walked
        if problem:
            yield JsonItemError(0, problem, recoverable=True)
            continue
        yield 0, item
