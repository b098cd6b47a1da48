"""Control characters in PIM copy: read as what they meant, or removed, never published raw.

No feed carries them: a NUL ends a string for many CSV importers (Python's `csv` refuses the line),
a backspace or bell acts on the terminal of whoever runs `cat` on a sheet, XML 1.0 forbids them.
They reach copy the way real exports are made, and each way has a meaning:

- a vertical tab (U+000B) is how FileMaker and some Mac exports write a line break inside a field,
  a form feed (U+000C) a page break: both are read as a line break;
- C1 characters (U+0080–U+009F) in decoded text are Windows-1252 bytes read as Latin-1: `\\x92`
  is the apostrophe `’`, `\\x80` the euro sign, `\\x85` the ellipsis. They are read as those
  characters (the run says the export is probably Windows-1252: `source.encoding: cp1252`);
- anything else (NUL, bell, backspace, DEL, the five bytes Windows-1252 leaves undefined) means
  nothing in copy and is removed.

ESC (U+001B) and CSI (U+009B) are left to `localize.sanitize`: they start terminal sequences, which
it removes whole (the parameters after them too) and gives the record an `unsafe-markup` finding.
"""

from __future__ import annotations

import re

#: Bump when `read_controls` returns something else for some text (joins the reading version)
CONTROLS_VERSION = "controls-1"

#: every control character this module reads (tab, line ends, ESC and CSI excluded)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9a\x9c-\x9f]")

_LINE_BREAK = {"\x0b": "\n", "\x0c": "\n"}


def _meaning(char: str) -> str:
    if char in _LINE_BREAK:
        return _LINE_BREAK[char]
    code = ord(char)
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: undefined in Windows-1252
            return ""
    return ""


_MEANINGS = {chr(c): _meaning(chr(c)) for c in range(0xA0) if CONTROL.match(chr(c))}


def read_controls(text: str) -> tuple[str, str]:
    """(the text as meant, what was found: '' when nothing, else 'line-break', 'cp1252' or 'removed',
    the strongest of them in that order of increasing concern).

    The common case (no control character) costs one regex search and returns `text` itself."""
    if CONTROL.search(text) is None:
        return text, ""
    kinds = set()
    for found in CONTROL.findall(text):
        code = ord(found)
        kinds.add("line-break" if found in _LINE_BREAK else "cp1252" if code >= 0x80 and _MEANINGS[found] else "removed")
    kind = "removed" if "removed" in kinds else "cp1252" if "cp1252" in kinds else "line-break"
    return CONTROL.sub(lambda m: _MEANINGS[m.group()], text), kind


def describe(kind: str) -> str:
    """What the run's warning says a kind of control character was read as."""
    return {
        "line-break": "vertical tabs or form feeds (an exporter's line breaks inside a field); read as line breaks",
        "cp1252": ("C1 control characters, which are Windows-1252 bytes read as Latin-1 (\\x92 for ’, \\x80 for €); "
                   "read as those characters: the export is probably Windows-1252 (set source.encoding: cp1252)"),
        "removed": ("control characters no feed can carry (NUL, bell, backspace, DEL …); removed: "
                    "check the values in the PIM"),
    }[kind]
