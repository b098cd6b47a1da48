"""Stream JSON objects from JSONL, a top-level JSON array, or an Akeneo API page, with line numbers.

The standard library parses whole documents only; a catalogue export can be gigabytes, so
we decode one object at a time with `JSONDecoder.raw_decode` over a sliding buffer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .base import encoding_error, text_encoding

CHUNK = 1 << 16
_WS = " \t\r\n"


class JsonItemError(ValueError):
    """One item cannot be decoded; the stream can go on (JSONL) or not (array)."""

    def __init__(self, line: int, message: str, recoverable: bool) -> None:
        super().__init__(message)
        self.line = line
        self.recoverable = recoverable


def iter_json_items(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, Any] | JsonItemError]:
    """Yield (line, object) for each item, or a JsonItemError for an undecodable one.

    JSONL: one object per line (bad lines are recoverable). A JSON array `[...]` or an API
    page `{"_embedded": {"items": [...]}}` are streamed item by item.
    """
    try:
        handle = path.open(encoding=text_encoding(encoding), newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from None
    with handle:
        try:
            head = handle.read(CHUNK)
        except UnicodeDecodeError as exc:
            raise encoding_error(path, encoding, 1, exc) from None
        stripped = head.lstrip(_WS)
        if stripped.startswith("["):
            yield from _iter_array(path, encoding, handle, head)
        elif stripped.startswith("{") and _looks_like_page(stripped):
            handle.seek(0)
            yield from _iter_page(path, encoding, handle)
        else:
            handle.seek(0)
            yield from _iter_lines(path, encoding, handle)


def _looks_like_page(text: str) -> bool:
    # An API page starts with {"_links": ...} or {"_embedded": ...}; a JSONL line starts with any key.
    first_key = text[1:].lstrip(_WS)
    return first_key.startswith('"_links"') or first_key.startswith('"_embedded"') or first_key.startswith('"current_page"')


def _iter_lines(path: Path, encoding: str, handle: Any) -> Iterator[tuple[int, Any] | JsonItemError]:
    decoder = json.JSONDecoder()
    line_no = 0
    while True:
        try:
            line = handle.readline()
        except UnicodeDecodeError as exc:
            raise encoding_error(path, encoding, line_no + 1, exc) from None
        if not line:
            break
        line_no += 1
        text = line.strip()
        if not text:
            continue
        try:
            obj, end = decoder.raw_decode(text)
        except json.JSONDecodeError as exc:
            yield JsonItemError(line_no, f"not valid JSON at column {exc.colno}: {exc.msg}", recoverable=True)
            continue
        if text[end:].strip():
            yield JsonItemError(line_no, f"not valid JSON at column {end + 1}: extra data after the object "
                                "(one object per line in JSONL)", recoverable=True)
            continue
        yield line_no, obj


def _iter_array(path: Path, encoding: str, handle: Any, head: str) -> Iterator[tuple[int, Any] | JsonItemError]:
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
                if refill():
                    continue
                yield JsonItemError(line, f"not valid JSON: {exc.msg}", recoverable=False)
                return
        start_line = line
        line += buf.count("\n", pos, end)
        pos = end
        expect_item = False
        yield start_line, obj


def _iter_page(path: Path, encoding: str, handle: Any) -> Iterator[tuple[int, Any] | JsonItemError]:
    # API pages are bounded in size (100 items); parse the page, then yield its items.
    try:
        page = json.load(handle)
    except UnicodeDecodeError as exc:
        raise encoding_error(path, encoding, None, exc) from None
    except json.JSONDecodeError as exc:
        yield JsonItemError(exc.lineno, f"not valid JSON: {exc.msg}", recoverable=False)
        return
    items = ((page.get("_embedded") or {}).get("items")) or []
    for item in items:
        yield 0, item
