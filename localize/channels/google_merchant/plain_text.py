"""HTML copy as readable plain text, for channels that want text (Google Merchant descriptions).

Why: Google's current product data specification (support.google.com/merchants/answer/6324468)
gives `description` the type of a Unicode string, ASCII recommended, and its TSV and XML
examples are plain text; the older version of the same page accepted only a few tags and
disapproved malformed HTML, attributes and unsafe tags. PIM descriptions are usually HTML (`<p>`, `<ul><li>`), so the Google writers convert
them instead of publishing tags that a shopper would read as text.

The conversion keeps the structure a reader needs and nothing else:

- paragraphs and other blocks (`p`, `div`, headings, `blockquote`, `table` ...) are separated
  by a blank line; `<br>` is a line break; `<hr>` a paragraph break;
- list items become lines starting with a bullet (`• `, configurable) or, in an `<ol>`, with
  their number (`1. `); nested lists are indented by two spaces per level;
- `<dt>`/`<dd>` and table rows become lines (cells joined with ` | `);
- inline tags (`b`, `em`, `span`, `a` ...) leave their text; `<sup>2</sup>` becomes `²` where
  Unicode has the digit (`m²`, `CO₂`), else the plain digits;
- `script`, `style`, `template`, `head` and similar are dropped with their content; images
  and form controls leave nothing;
- character references are decoded (`&amp;` -> `&`, `&#8211;` -> `–`); whitespace inside
  text collapses to one space as a browser shows it (except in `<pre>`).

Text without markup comes back unchanged (its own line breaks are the author's), so plain
PIM copy is never reflowed. Built on the standard library's tolerant `html.parser`: an
unclosed `<li>` or a stray `</b>` gives the same text a browser would show.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from html.entities import html5
from html.parser import HTMLParser

from ...readers.escapes import read_escapes

# Blocks: a blank line before and after.
_BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "address", "blockquote",
    "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "dl", "details", "summary",
    "fieldset", "form", "center",
})
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
_LINES = frozenset({"li", "dt", "dd", "tr", "caption"})  # each on a line of its own
_DROP = frozenset({"script", "style", "template", "head", "title", "noscript", "iframe", "object", "embed",
                   "canvas", "svg", "math", "select", "textarea", "button", "audio", "video", "map"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "source", "track"})
_SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SCRIPTABLE = re.compile(r"^[0-9+\-=()n]+$")

# Markup: an HTML tag (`<p>`, `</b>`, `<br/>`, `<a href="x">`), a comment, or a named/numeric
# character reference that HTML knows (`&amp;`, `&#8211;`). `a < b` and `AT&T` are text.
TAG_RE = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?|!--.*?--)>", re.S)
_REF_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def is_entity(ref: str) -> bool:
    """`&amp;` / `&#38;` / `&#x26;` are character references; `&foo;` is not."""
    return ref[1] == "#" or ref[1:] in html5


def entities(text: str) -> list[str]:
    """The character references in `text`, in order."""
    return [m.group() for m in _REF_RE.finditer(text) if is_entity(m.group())]


def has_markup(text: str) -> bool:
    """Whether `text` holds HTML tags, comments or character references."""
    if "<" not in text and "&" not in text:
        return False
    return bool(TAG_RE.search(text)) or bool(entities(text))


@lru_cache(maxsize=8192)
def plain_copy(text: str, *, bullet: str = "• ") -> str:
    """PIM copy as plain text for a channel: line breaks an exporter wrote as escapes (`\\n`) become
    line breaks as the source reads them (`localize.readers.escapes`: a run's copy arrives read; a
    `validate --source` export may not; a backslash that is content, `C:\\new`, stays), then
    `html_to_text`. Memoised: a run converts each description three times (TSV writer, XML writer,
    the QA stage's Google item) within a batch."""
    if "\\" in text:
        text = read_escapes(text)[0]
    return html_to_text(text, bullet=bullet)


def html_to_text(text: str, *, bullet: str = "• ") -> str:
    """Readable plain text of an HTML fragment (see the module docstring); text without markup
    is returned as it is (line endings normalised to `\\n`)."""
    if not has_markup(text):
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if not TAG_RE.search(text):  # references only: decode them, keep the layout
        return _REF_RE.sub(lambda m: unescape(m.group()) if is_entity(m.group()) else m.group(),
                           text.replace("\r\n", "\n").replace("\r", "\n"))
    parser = _TextParser(bullet)
    parser.feed(text)
    parser.close()
    return parser.result()


class _TextParser(HTMLParser):
    """Collects text into lines; `_break(n)` asks for at least n line breaks before the next text."""

    def __init__(self, bullet: str) -> None:
        super().__init__(convert_charrefs=True)
        self.bullet = bullet
        self.out: list[str] = []
        self.pending = 0  # line breaks owed before the next text (2 = a blank line)
        self.space = False  # a collapsed space owed before the next text on this line
        self.drop = 0  # depth inside dropped elements
        self.pre = 0
        self.lists: list[list[int | None]] = []  # per open list: [next number or None for bullets]
        self.script: list[str] = []  # open sup/sub
        self.script_buffer: list[str] = []
        self.cells = 0  # cells written in the current table row
        self.line_open = False  # text was written on the current line

    # -- structure ---------------------------------------------------------------------------

    def _break(self, n: int) -> None:
        if self.out:
            self.pending = max(self.pending, n)
        self.space = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            if tag not in _VOID:
                self.drop += 1
            return
        if self.drop:
            return
        if tag in ("sup", "sub"):
            self.script.append(tag)
            self.script_buffer.append("")
            return
        if tag == "br":
            self._break(1)
            return
        if tag == "hr":
            self._break(2)
            return
        if tag in _LISTS:
            self._break(1 if self.lists else 2)
            self.lists.append([1 if tag == "ol" else None])
            return
        if tag == "li":
            self._break(1)
            self._marker()
            return
        if tag in ("dt", "dd", "caption"):
            self._break(1)
            if tag == "dd":
                self._emit("  ")
            return
        if tag == "tr":
            self._break(1)
            self.cells = 0
            return
        if tag in ("td", "th"):
            if self.cells:
                self._emit(" | ", raw=True)
            self.cells += 1
            return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCKS:
            self._break(2)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag in ("br", "hr"):
            self.handle_starttag(tag, attrs)
        else:  # `<p/>` in XHTML-ish copy: an empty element
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
            return
        if self.drop:
            return
        if tag in ("sup", "sub"):
            if self.script and self.script[-1] == tag:
                self.script.pop()
                content = self.script_buffer.pop()
                table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
                stripped = content.strip()
                self._emit(stripped.translate(table) if _SCRIPTABLE.match(stripped) else content, glue=True)
            return
        if tag in _LISTS:
            if self.lists:
                self.lists.pop()
            self._break(1 if self.lists else 2)
            return
        if tag in _LINES:
            self._break(1)
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCKS:
            self._break(2)

    def _marker(self) -> None:
        depth = len(self.lists)
        indent = "  " * max(0, depth - 1)
        if self.lists and self.lists[-1][0] is not None:
            number = self.lists[-1][0]
            self.lists[-1][0] = number + 1
            self._emit(f"{indent}{number}. ", raw=True)
        else:
            self._emit(indent + self.bullet, raw=True)
        self.space = False

    # -- text --------------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.drop or not data:
            return
        if self.script:
            self.script_buffer[-1] += data
            return
        if self.pre:
            lines = data.replace("\r\n", "\n").split("\n")
            for i, line in enumerate(lines):
                if i:
                    self._break(1)
                if line:
                    self._emit(line, raw=True)
            return
        collapsed = " ".join(data.split())
        lead = data[:1].isspace()
        trail = data[-1:].isspace()
        if not collapsed:
            if lead and self.line_open:
                self.space = True
            return
        if lead and self.line_open:
            self.space = True
        self._emit(collapsed)
        self.space = trail

    def _emit(self, text: str, *, raw: bool = False, glue: bool = False) -> None:
        """Write text after any owed line breaks (raw: markers and separators, kept as given)."""
        if self.pending and self.out:
            self.out.append("\n" * self.pending)
            self.line_open = False
        self.pending = 0
        if self.space and self.line_open and not glue and not raw and not self.out[-1].endswith(" "):
            self.out.append(" ")
        self.space = False
        self.out.append(text)
        self.line_open = True

    def result(self) -> str:
        text = "".join(self.out)
        lines = [line.rstrip() for line in text.split("\n")]
        # at most one blank line in a row, none at the ends
        out: list[str] = []
        for line in lines:
            if not line.strip():
                if out and out[-1] != "":
                    out.append("")
                continue
            out.append(line)
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out)
