"""JSON text every reader of it reads as one line: U+2028 and U+2029 written as escapes.

RFC 8259 lets a JSON string carry U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR raw, and
orjson and `json.dumps(ensure_ascii=False)` write them so. But they end a line for JavaScript before
ES2019 (a feed embedded in a script is a syntax error), for Python's `str.splitlines()` and for many
line readers: a JSONL record holding one (PIM copy pasted from Word or a PDF does) is read as two
broken lines. Every JSON file and line localize writes for others (feeds, rejects, the review queue,
the manifest, validate's JSON and SARIF, JSON logs, `--json` output) goes through here; the escape
`\\u2028` is the same string to any JSON reader, so nothing read back changes.
"""

from __future__ import annotations

import json
from typing import Any

_LS, _PS = "\u2028", "\u2029"
_LS_BYTES, _PS_BYTES = _LS.encode(), _PS.encode()


def line_safe(text: str) -> str:
    """`text` (JSON) with U+2028/U+2029 written as `\\u2028`/`\\u2029` (outside strings JSON has none)."""
    if _LS in text or _PS in text:
        return text.replace(_LS, "\\u2028").replace(_PS, "\\u2029")
    return text


def line_safe_bytes(line: bytes) -> bytes:
    """`line_safe` for UTF-8 JSON bytes (two substring tests in the common case)."""
    if _LS_BYTES in line or _PS_BYTES in line:
        return line.replace(_LS_BYTES, b"\\u2028").replace(_PS_BYTES, b"\\u2029")
    return line


def json_text(data: Any, **options: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, **options)`, line safe."""
    return line_safe(json.dumps(data, ensure_ascii=False, **options))
