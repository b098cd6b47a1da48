"""Formula neutralising for every tabular file a person may open in a spreadsheet.

Why one function: Excel, LibreOffice and Google Sheets run a cell whose text starts with
`=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`, `@SUM(...)`),
and they skip leading whitespace when they do; a tab or carriage return in front
(`\\t=1+1`) is the classic way past a check that looks only at the first character. Product
data is untrusted, so every CSV, TSV and XLSX writer passes every cell through here: the
feed sheets, the Akeneo import file, the Google Merchant TSV, the review exports and the
taxonomy drafts.

Two ways to neutralise a cell, for two kinds of reader:

- `neutralise` (sheets people edit, the Akeneo import CSV, the review CSV): a leading
  apostrophe, the convention spreadsheets use for "this is text"; `unneutralise` takes it off
  again when a person's sheet is read back (`localize review apply`).
- `neutralise_for_google` (the Google Merchant TSV): a leading space. Google's product data
  specification removes leading and trailing whitespace from values (for `id` it says so in
  those words), so Google reads the value unchanged, while a spreadsheet that opens the file
  sees a cell starting with a space, which it keeps as text. An apostrophe would reach
  shoppers as part of the title.
"""

from __future__ import annotations

from typing import Any

#: What makes a spreadsheet read a cell as a formula (full-width forms too: some spreadsheet
#: locales accept `＝`).
FORMULA_CHARS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: Control characters that start a cell some spreadsheets strip or treat as a formula prefix.
LEADING_CONTROL = frozenset("\t\r\n\x0b\x0c")


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
    """A cell a spreadsheet shows as text: `=1+2` becomes `'=1+2`; other values unchanged."""
    if isinstance(cell, str) and is_formula_like(cell):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """The inverse of `neutralise` for a cell read back from a sheet."""
    if cell.startswith("'") and is_formula_like(cell[1:]):
        return cell[1:]
    return cell


def neutralise_for_google(cell: str) -> str:
    """A Google Merchant TSV cell (already on one line) that a spreadsheet will not execute:
    a leading space, which Google strips again (see the module docstring)."""
    if is_formula_like(cell):
        return " " + cell.lstrip()
    return cell
