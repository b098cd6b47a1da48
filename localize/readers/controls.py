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
  nothing in copy and is removed, and so are the noncharacters U+FFFE (a UTF-16 byte order mark
  read backwards), U+FFFF and U+FDD0–U+FDEF, which no text interchanges and XML cannot carry.

Invisible formatting characters are read by kind too (they pass every check and change what a person
sees or what a key is, while looking the same):

- bidirectional overrides (U+202D LRO, U+202E RLO) reorder the characters a reader sees (`Trojan
  source`: `https://shop.example/\u202egpj.exe` shows as `exe.jpg`); embeddings and isolates
  (U+202A/B/C, U+2066–2069) that are not closed, or closed where nothing was opened, leak their
  direction into whatever the shop shows next. Either way every bidi formatting character of the value
  is removed. Balanced embeddings and isolates are how RTL copy keeps a phone number or a Latin model
  name in order, and are kept;
- U+FEFF inside text is a byte order mark of a file joined into another: removed;
- in a value that is a URL (`http://`, `https://`, `//`), zero-width characters (U+200B–U+200D,
  U+2060), a soft hyphen and any bidi character make a link that looks like another and leads
  elsewhere. A URL is an identifier (of an image, of a page), so it is not cleaned into the address
  it shows: a record whose published URL holds one is set aside naming the field and the character
  (`invisible_in_url`, `localize.readers.escapes.EscapeReading.apply`); in a locale or channel the
  run does not publish it is removed, as before.

Zero-width joiners and non-joiners (U+200C/D) are how Persian, Hindi and emoji copy is spelled, and a
zero-width space (U+200B) marks word breaks in Thai or Khmer copy: kept in copy. Codes (identifiers,
family, parent, category codes) are keys and are never changed: one holding any control or invisible
character is set aside (`INVISIBLE_IN_CODE`, the one definition: the readers' identifier check
`readers.base.clean_identifier` and the source's check of every code `localize.pipeline.source.unsafe_code`).

ESC (U+001B) and CSI (U+009B) are left to `localize.sanitize`: they start terminal sequences, which
it removes whole (the parameters after them too) and gives the record an `unsafe-markup` finding.
"""

from __future__ import annotations

import re

#: Bump when `read_controls` returns something else for some text (joins the reading version)
CONTROLS_VERSION = "controls-3"

#: every character this module reads in any text (tab, line ends, ESC and CSI excluded; zero-width
#: characters only matter in URLs: `needs_reading`). One character class: an alternative for URLs in
#: the same pattern made every search ~3.7x slower.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9a\x9c-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
                     "\ufeff\ufffe\uffff]")
_C0_C1 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9a\x9c-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: noncharacters of the Basic Multilingual Plane: U+FFFE (a UTF-16 byte order mark read backwards), U+FFFF,
#: U+FDD0–U+FDEF; never interchanged, XML 1.0 cannot carry U+FFFE/U+FFFF (the XML writers dropped them
#: silently while the JSONL, CSV and TSV feeds published them)
_NONCHARACTER = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")
#: a character that makes a URL look like another (zero-width, bidi, word joiner and invisible operators,
#: U+FEFF, soft hyphen); tab and line ends are not among them: a browser drops them (WHATWG) and an
#: exporter leaves them at a cell's end
URL_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: the characters a warning's excerpt shows as escapes (`\\x00`, `\\u202e`)
SHOWN_ESCAPED = re.compile(_C0_C1.pattern[:-1] + "\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
                           "\u2066-\u2069\ufdd0-\ufdef\ufeff\ufffe\uffff]")
#: a character no code (identifier, family, parent, category) may hold: every control character (C0
#: with tab and line ends, DEL, C1), the line and paragraph separators, and what `URL_INVISIBLE` names:
#: the key is not the one it shows, and no feed carries it as it is
INVISIBLE_IN_CODE = re.compile("[\x00-\x1f\x7f-\x9f" + URL_INVISIBLE.pattern[1:-1] + "\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")


def code_problem(label: str, code: str) -> str | None:
    """Why a code (`label`: "identifier", "family code" ...) cannot be published as it is, when it holds
    a character of `INVISIBLE_IN_CODE`; None for a clean code. One wording for the readers and the source."""
    found = INVISIBLE_IN_CODE.search(code)
    if found is None:
        return None
    shown = INVISIBLE_IN_CODE.sub(lambda m: ascii(m.group())[1:-1], code)  # `SKU\\u200b1`
    return (f"the {label} '{shown}' holds an invisible character (U+{ord(found.group()):04X}): it looks like another "
            "code but is a different key in every feed, sheet and review decision, so the row is set aside - "
            "fix the code in the PIM")


_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
            "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}

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


_MEANINGS = {chr(c): _meaning(chr(c)) for c in range(0xA0) if _C0_C1.match(chr(c))}


def needs_reading(text: str) -> bool:
    """True when `read_controls` may change `text`: a control, bidi or U+FEFF character anywhere, or an
    invisible character in a value that starts like a URL (one search; a second only for such values)."""
    return CONTROL.search(text) is not None or (text[:1] in URL_START and invisible_in_url(text))


def invisible_in_url(text: str) -> bool:
    """True when `text` starts like a URL and holds a zero-width, bidi or U+FEFF character."""
    return _is_url(text) and URL_INVISIBLE.search(text) is not None


#: the first characters of a value `needs_reading` looks at as a possible URL
URL_START = frozenset("h/ \t")


def _is_url(text: str) -> bool:
    return text.lstrip().startswith(("http:", "https:", "//"))


def read_controls(text: str) -> tuple[str, str]:
    """(the text as meant, what was found: '' when nothing, else 'line-break', 'cp1252', 'removed',
    'bom', 'bidi' or 'url-invisible', the strongest of them in that order of increasing concern).

    The common case (no such character) costs one regex search and returns `text` itself."""
    if not needs_reading(text):
        return text, ""
    kinds = set()
    for found in _C0_C1.findall(text):
        code = ord(found)
        kinds.add("line-break" if found in _LINE_BREAK else "cp1252" if code >= 0x80 and _MEANINGS[found] else "removed")
    if kinds:
        text = _C0_C1.sub(lambda m: _MEANINGS[m.group()], text)
    if _NONCHARACTER.search(text):
        text = _NONCHARACTER.sub("", text)
        kinds.add("removed")
    if _is_url(text):
        if URL_INVISIBLE.search(text):
            text = URL_INVISIBLE.sub("", text)
            kinds.add("url-invisible")
    else:
        if "\ufeff" in text:
            text = text.replace("\ufeff", "")
            kinds.add("bom")
        if _BIDI.search(text) and not _balanced(text):
            text = _BIDI.sub("", text)
            kinds.add("bidi")
    kind = next((k for k in ("url-invisible", "bidi", "bom", "removed", "cp1252", "line-break") if k in kinds), "")
    return text, kind


def _balanced(text: str) -> bool:
    """True when every bidi embedding and isolate is closed on its own line and no override is used."""
    stack: list[str] = []
    for match in re.finditer("[\u202a-\u202e\u2066-\u2069\n]", text):
        char = match.group()
        if char in ("\u202d", "\u202e"):
            return False  # an override reorders what a person reads
        if char == "\n":
            if stack:
                return False
        elif char in _OPENERS:
            stack.append(_OPENERS[char])
        elif not stack or stack.pop() != char:
            return False
    return not stack


def describe(kind: str) -> str:
    """What the run's warning says a kind of control character was read as."""
    return {
        "line-break": "vertical tabs or form feeds (an exporter's line breaks inside a field); read as line breaks",
        "cp1252": ("C1 control characters, which are Windows-1252 bytes read as Latin-1 (\\x92 for ’, \\x80 for €); "
                   "read as those characters: the export is probably Windows-1252 (set source.encoding: cp1252)"),
        "removed": ("control characters or noncharacters no feed can carry (NUL, bell, backspace, DEL, U+FFFE …); removed: "
                    "check the values in the PIM"),
        "bom": "a byte order mark (U+FEFF) inside the text (a file joined into another); removed",
        "bidi": ("bidirectional override or unclosed embedding/isolate characters (U+202A–202E, U+2066–2069), "
                 "which reorder what a reader sees; removed: check the values in the PIM"),
        "url-invisible": ("invisible characters (zero-width, bidirectional, U+FEFF) inside a URL, which make a "
                          "link look like another; removed: check the values in the PIM"),
    }[kind]
