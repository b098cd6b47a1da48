"""Line breaks an exporter wrote as escapes (`\\n`, two characters) read back as line breaks.

Some PIM exports write a text area's line break as a backslash and an `n` (`\\r\\n`, `\\t` alike):
Akeneo's icecat demo export holds `\\n` in 1,280 cells (264 of its 377 published en-US
descriptions), no real line break anywhere. Published as written, every market showed the two
characters; the translation memory, the markup cleaning and the Google writer each had their own
idea of them. Read once here, for every reader (the source applies `EscapeReading` to each product
a reader yields), such copy reaches every stage and feed as real paragraphs.

When the backslash is content, the text is left alone: a text whose backslashes are not all one of
these escapes (`C:\\Users`, `\\\\n`, `A4 \\ 23 ppm`), a Windows path (`C:\\new`), an escape right
before a quote mark (`printf("a\\n")`: code), or a text that already holds real line breaks (an
exporter that escapes line breaks writes none). Such a text keeps its escapes as written and is
counted apart, with an example, so the run says so; the QA check `escaped-line-break` gives the
record a finding. Nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..attributes import AttributeCatalog
from ..cells import without_text_marker
from ..model import Product, Reject, Value
from .controls import (
    CONTROL,
    CONTROLS_VERSION,
    SHOWN_ESCAPED,
    URL_INVISIBLE,
    describe,
    invisible_in_url,
    read_controls,
)

#: Bump when what `read_escapes` returns for some text changes: a nightly run's stored records were
#: built from the source as read then (`pipeline/incremental.py` puts it in each market's fingerprint)
READING_VERSION = "escapes-1+marker-1+" + CONTROLS_VERSION
#: `\r\n`, `\n`, `\r`, `\t` written as a backslash and a letter
ESCAPE = re.compile(r"\\(?:r\\n|[nrt])")
#: what each escape stands for (a lone `\r` is a line break too: old Mac line ends)
_MEANING = {"\\r\\n": "\n", "\\n": "\n", "\\r": "\n", "\\t": "\t"}
#: a backslash that starts no escape: the text uses backslashes as content
_OTHER_BACKSLASH = re.compile(r"\\(?![nrt])")
#: a Windows drive path (`C:\new`, `D:\temp`): one letter, a colon, a backslash and a lowercase name
#: (`Speakers:\n` is a word; `Option A:\nThe …` a heading: a line break then a capital; the `n` of an
#: escape before a colon, `\n:\na`, is no drive letter)
_DRIVE = re.compile(r"(?<![\w\\])[A-Za-z]:\\[nrt][a-z]")
#: an escape right before a quote mark: a string literal of code (`"a\n"`)
_BEFORE_QUOTE = re.compile(r"\\[nrt][\"']")

Verdict = Literal["decoded", "ambiguous"]


def read_escapes(text: str) -> tuple[str, Verdict | None, str]:
    """(the text as meant, what was done, why it was left as written).

    `decoded`: the escapes were read as line breaks and tabs; `ambiguous`: the text holds escapes
    but also a sign that its backslashes are content, so it is returned unchanged (the reason is the
    third item); None: nothing to do (the common case: no backslash at all)."""
    if "\\" not in text or ESCAPE.search(text) is None:
        return text, None, ""
    reason = ambiguity(text)
    if reason:
        return text, "ambiguous", reason
    return ESCAPE.sub(lambda m: _MEANING[m.group()], text), "decoded", ""


def ambiguity(text: str) -> str:
    """Why the escapes in `text` may be content, or '' when they are an exporter's line breaks."""
    if "\n" in text or "\r" in text:
        return "it also holds real line breaks"
    if _OTHER_BACKSLASH.search(text):
        return "it holds other backslashes (a path, code or an escaped backslash)"
    if _DRIVE.search(text):
        return "it holds a Windows path"
    if _BEFORE_QUOTE.search(text):
        return "an escape stands before a quote mark, as in code"
    return ""


@dataclass
class _Tally:
    values: int = 0  # in what the run publishes
    example: str = ""  # identifier
    excerpt: str = ""
    reason: str = ""
    elsewhere: int = 0  # in locales or channels no market of the run reads


@dataclass
class EscapeReading:
    """Applies `read_escapes` to the text values of every product a source reads, and counts them
    per attribute for the run's warnings (like `ChannelGaps`: one line per attribute, not per row).
    Control characters are read first, in the same pass (`readers.controls`: a vertical tab is a line
    break, a C1 character a Windows-1252 one, NUL and the like are removed), counted per kind.

    Every value is read (the same text whatever reads it later), but the warnings count only the
    values the run can publish: those of a locale `reads_locale` accepts (the source's, the markets',
    a sibling locale a market copies from) and of a channel in `channels` (or unscoped). A PIM export
    holds every locale and channel of the PIM; a warning that counted them all named numbers the
    user finds in no feed of the run. Values elsewhere are counted apart and said in the same line.
    With no scope (`None`), every value counts."""

    catalog: AttributeCatalog
    reads_locale: Callable[[str], bool] | None = None
    channels: frozenset[str] | None = None  # the channels the markets read (None: every channel counts)
    decoded: dict[str, _Tally] = field(default_factory=dict)
    ambiguous: dict[str, _Tally] = field(default_factory=dict)
    controls: dict[tuple[str, str], _Tally] = field(default_factory=dict)  # (attribute, kind) -> tally
    markers: dict[str, _Tally] = field(default_factory=dict)  # a formula guard's apostrophe read off
    _text: dict[str, bool] = field(default_factory=dict)  # attribute -> whether its values are copy
    _locales: dict[str, bool] = field(default_factory=dict)  # locale -> `reads_locale` (few locales)

    def apply(self, product: Product) -> Reject | None:
        """Reads `product`'s text values in place (a reader's product is the source's own); a reject
        when a URL the run publishes holds an invisible character (`controls.URL_INVISIBLE`): a URL is
        an identifier of an image or page, and one that looks like another leads elsewhere, so it is
        neither published nor cleaned into the address it shows."""
        for attribute, entries in product.values.items():
            for i, value in enumerate(entries):
                data = value.data
                if type(data) is not str:
                    continue
                if CONTROL.search(data) is not None or ("//" in data and invisible_in_url(data)):
                    if not self._is_text(attribute):
                        break
                    if invisible_in_url(data) and self._published(value.locale, value.channel):
                        return _unsafe_url(product, attribute, value)
                    data = self._read_controls(product, attribute, i, value, data)
                if data[:1] == "'" and self._is_text(attribute):
                    data = self._read_marker(product, attribute, i, data)
                if "\\" not in data:
                    continue
                if not self._is_text(attribute):
                    break
                value = entries[i]
                text, verdict, reason = read_escapes(data)
                if verdict is None:
                    continue
                tallies = self.decoded if verdict == "decoded" else self.ambiguous
                tally = tallies.get(attribute)
                if tally is None:
                    tally = tallies[attribute] = _Tally()
                if self._published(value.locale, value.channel):
                    if not tally.values:  # the example is one the run publishes
                        tally.example, tally.excerpt, tally.reason = product.identifier, _excerpt(data), reason
                    tally.values += 1
                else:
                    tally.elsewhere += 1
                if verdict == "decoded":
                    entries[i] = Value(value.locale, value.channel, text)
        return None

    def _read_controls(self, product: Product, attribute: str, i: int, value: Value, data: str) -> str:
        """`data` with its control characters read (`readers.controls`), stored in place and counted."""
        text, kind = read_controls(data)
        if not kind:
            return data  # balanced isolates in RTL copy, a URL with nothing hidden
        self._count(self.controls, (attribute, kind), product, value, data)
        product.values[attribute][i] = Value(value.locale, value.channel, text)
        return text

    def _read_marker(self, product: Product, attribute: str, i: int, data: str) -> str:
        """`data` without a formula guard's leading apostrophes (`cells.without_text_marker`), stored in
        place and counted: copy an earlier import file guarded (`'- Stable`) is the PIM's copy `- Stable`."""
        text = without_text_marker(data)
        if text is None:
            return data
        value = product.values[attribute][i]
        self._count(self.markers, attribute, product, value, data)
        product.values[attribute][i] = Value(value.locale, value.channel, text)
        return text

    def _count(self, tallies: dict[Any, _Tally], key: Any, product: Product, value: Value, data: str) -> None:
        """One value changed on reading, counted under `key`: the first published one is the warning's example."""
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally()
        if self._published(value.locale, value.channel):
            if not tally.values:
                tally.example, tally.excerpt = product.identifier, _control_excerpt(data)
            tally.values += 1
        else:
            tally.elsewhere += 1

    def _published(self, locale: str | None, channel: str | None) -> bool:
        """Whether a value of this scope can reach an output of the run."""
        if channel is not None and self.channels is not None and channel not in self.channels:
            return False
        if locale is None or self.reads_locale is None:
            return True
        known = self._locales.get(locale)
        if known is None:
            known = self._locales[locale] = self.reads_locale(locale)
        return known

    def _is_text(self, attribute: str) -> bool:
        known = self._text.get(attribute)
        if known is None:
            kind = self.catalog.kind(attribute)
            known = self._text[attribute] = kind in (None, "text")
        return known

    def messages(self) -> list[str]:
        """The run's warnings: per attribute, how many values were read and how many were left."""
        out = []
        for (attribute, kind), tally in sorted(self.controls.items()):
            if tally.values:
                out.append(f"'{attribute}': {tally.values:,} value(s) hold {describe(kind)} "
                           f"(e.g. '{tally.example}': '{tally.excerpt}'){_elsewhere(tally)}")
        for attribute, tally in sorted(self.markers.items()):
            if tally.values:
                out.append(f"'{attribute}': {tally.values:,} value(s) start with a spreadsheet's text marker (an "
                           "apostrophe before - = + @: a formula guard of an earlier import file that the PIM stored as "
                           f"copy); read without it (e.g. '{tally.example}': '{tally.excerpt}'){_elsewhere(tally)}")
        for attribute, tally in sorted(self.decoded.items()):
            if tally.values:
                out.append(
                    f"'{attribute}': {tally.values:,} value(s) wrote line breaks as escapes (\\n, "
                    f"two characters) and no real line break; read as line breaks (e.g. '{tally.example}': "
                    f"'{tally.excerpt}'){_elsewhere(tally)}"
                )
        for attribute, tally in sorted(self.ambiguous.items()):
            if tally.values:
                out.append(
                    f"'{attribute}': {tally.values:,} value(s) hold escapes such as \\n where the "
                    f"backslash may be content ({tally.reason}); published as written (e.g. '{tally.example}': "
                    f"'{tally.excerpt}'): check them in the PIM (the records carry the finding escaped-line-break)"
                    f"{_elsewhere(tally)}"
                )
        return out


def _unsafe_url(product: Product, attribute: str, value: Value) -> Reject:
    data = str(value.data)
    found = URL_INVISIBLE.search(data)
    char = f"U+{ord(found.group()):04X}" if found else "?"
    scope = "-".join(part for part in (attribute, value.locale, value.channel) if part)
    shown = _control_excerpt(data, width=40)
    return Reject(product.origin, f"the URL in '{scope}' ('{shown}') holds an invisible character ({char}): it looks "
                  "like another address but leads elsewhere, so the row is set aside - fix the URL in the PIM",
                  identifier=product.identifier, field=attribute)


def _elsewhere(tally: _Tally) -> str:
    if not tally.elsewhere:
        return ""
    return f" ({tally.elsewhere:,} more in locales or channels this run does not publish, not counted)"


def _excerpt(text: str, width: int = 30) -> str:
    """The text around its first escape, on one line."""
    found = ESCAPE.search(text)
    start = max(0, (found.start() if found else 0) - width)
    head = "…" if start else ""
    piece = text[start:start + 2 * width + 4]
    tail = "…" if start + len(piece) < len(text) else ""
    return head + " ".join(piece.split()) + tail


def _control_excerpt(text: str, width: int = 30) -> str:
    """The text around its first control character, on one line, the character shown as `\\xNN`."""
    found = SHOWN_ESCAPED.search(text)
    start = max(0, (found.start() if found else 0) - width)
    piece = text[start:start + 2 * width + 4]
    shown = " ".join(SHOWN_ESCAPED.sub(lambda m: ascii(m.group())[1:-1], piece).split())
    return ("…" if start else "") + shown + ("…" if start + len(piece) < len(text) else "")
