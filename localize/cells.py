"""Formula neutralising for every tabular file a person may open in a spreadsheet.

Why one function: Excel, LibreOffice and Google Sheets run a cell whose text starts with
`=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`, `@SUM(...)`),
and they skip leading whitespace when they do; a tab or carriage return in front
(`\\t=1+1`) is the classic way past a check that looks only at the first character. Product
data is untrusted, so every CSV and TSV a person opens passes every cell through here: the feed
sheets, the Google Merchant TSV, the review CSV and the taxonomy drafts. An import file read by a
system that stores each cell as it reads it (the Akeneo import, the shops' imports) carries its copy
as written and guards only its identifying cells: an apostrophe there would become part of the
product's copy (`'- Stable` in the PIM, one more on each round trip). XLSX files say each cell's type: their writers store text as string cells, never
evaluated, unchanged, with Excel's quote prefix where `is_formula_like` (`channels/xlsx.py`).

Why a dash is guarded, bullet lists (`- Fast`) too: a CSV cell has no type, so the spreadsheet
parses the whole text. Excel reads `- Fast kettle` as the formula `=- Fast kettle` (the cell
shows `#NAME?`, the copy is lost) and `-cmd|' /C calc'!A0` or `- 1+cmd|' /C calc'!A0` as a DDE
call: everything after the dash is the formula, so no dash-led text is inert as a class, and the
words that follow decide. A negative number (`-12.5`) is not exempt either: whether `12.5` is a
number depends on the reader's locale (German Excel does not read it as one). So a CSV cell that
starts with `-` gets the apostrophe; the XLSX sheets keep it as written.

Two ways to neutralise a cell, for two kinds of reader:

- `neutralise` (sheets people edit, the review CSV, identifying cells of import files): a leading
  apostrophe, the convention spreadsheets use for "this is text"; `unneutralise` takes it off
  again when a person's sheet is read back (`localize review apply`).
- `neutralise_for_google` (the Google Merchant TSV): a leading space. Google's product data
  specification removes leading and trailing whitespace from values (for `id` it says so in
  those words), so Google reads the value unchanged, while a spreadsheet that opens the file
  sees a cell starting with a space, which it keeps as text. An apostrophe would reach
  shoppers as part of the title.
"""

from __future__ import annotations

import csv
from typing import IO, Any

#: What makes a spreadsheet read a cell as a formula (full-width forms too: some spreadsheet
#: locales accept `＝`).
FORMULA_CHARS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: What starts a cell that OWASP counts as a formula prefix of its own (a tab, a carriage return).
#: A leading line break (copy that opens with a paragraph break: 9 icecat descriptions once their
#: escaped `\\n` is read) is whitespace: what follows it decides (`\\n=1+2` is guarded, `\\nText` is not).
LEADING_CONTROL = frozenset("\t\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could execute `text`: its first character other than whitespace
    is one of `= + - @` (or a full-width form), or it starts with a tab or CR."""
    if not text:
        return False
    if text[0] in LEADING_CONTROL:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_CHARS


def neutralise(cell: Any) -> Any:
    """A cell a spreadsheet shows as text: `=1+2` becomes `'=1+2`; other values unchanged. Copy that
    itself starts with apostrophes before such text (`'- quoted`) gets one more, so `unneutralise`
    gives it back as written."""
    if isinstance(cell, str) and is_formula_like(cell.lstrip("'")):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """The inverse of `neutralise` for a cell read back from a sheet."""
    if cell.startswith("'") and is_formula_like(cell.lstrip("'")):
        return cell[1:]
    return cell


def without_text_marker(text: str) -> str | None:
    """PIM copy without the leading apostrophes a formula guard put before it, or None when it has none.

    A leading apostrophe before `= + - @` is the spreadsheet convention for "this is text" (ours, Excel's),
    never a word of copy: before h16 the Akeneo import file guarded copy too, Akeneo stored the cell as
    read, and `'- Stable` came back in the next export (one more apostrophe per round trip: `''- Stable`).
    Only where it is a marker for certain: the text after the apostrophes is formula-like and its first
    word closes no quotation (`'+' key`, `'=SUM' in Excel` are quoted symbols and stay as written)."""
    if not text.startswith("'"):
        return None
    rest = text.lstrip("'")
    if not is_formula_like(rest):
        return None
    words = rest.split(None, 1)
    if words and "'" in words[0]:
        return None
    return rest


def neutralise_for_google(cell: str) -> str:
    """A Google Merchant TSV cell (already on one line) that a spreadsheet will not execute:
    a leading space, which Google strips again (see the module docstring)."""
    if is_formula_like(cell):
        return " " + cell.lstrip()
    return cell


#: Unicode's line and paragraph separators: a CSV cell's line break is a line feed inside quotes
LINE_SEPARATORS = ("\u2028", "\u2029")


def with_line_feeds(cell: Any) -> Any:
    """A CSV cell with U+2028/U+2029 written as the line feed a CSV cell breaks a line with (RFC 4180: the
    writer then quotes the cell). Excel, LibreOffice and Google Sheets show a line feed in a cell as a line
    break and U+2028 as nothing (the words run together), and every line-based tool (`str.splitlines`, most
    log and diff viewers) cuts the row at U+2028 where the writer did not even quote it. Copy keeps the
    character in JSON (escaped, `localize/jsonlines.py`) and XLSX (a typed string cell, no lines)."""
    if type(cell) is str and ("\u2028" in cell or "\u2029" in cell):
        return cell.replace("\u2028", "\n").replace("\u2029", "\n")
    return cell


class SheetRows:
    """`csv.writer` for the CSV files we write (feed sheets, shop and PIM import files): every cell through
    `with_line_feeds`; the dialect as `csv.writer` takes it."""

    __slots__ = ("_writer",)

    def __init__(self, handle: IO[str], **dialect: Any) -> None:
        self._writer = csv.writer(handle, **dialect)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([with_line_feeds(cell) for cell in row])
