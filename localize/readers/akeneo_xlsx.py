"""Akeneo XLSX exports (same columns as CSV), streamed with openpyxl's read-only mode."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from zlib import error as zlib_error

from ..errors import InputError
from ..limits import Limits
from ..model import Origin, Product, Reject
from .akeneo_flat import FlatLayout, check_header_width
from .base import Reader


def cell_text(value: Any) -> str:
    """An XLSX cell as the text Akeneo would have exported (numbers without float noise)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def scan_workbook(path: Path, sheet_member: str, limits: Limits) -> dict[str, tuple[int, str]]:
    """Read the sheet's XML and the shared strings once with lxml (C speed, bounded memory)
    before openpyxl builds cells from them, so a hostile workbook fails fast with exit 3:

    - an XML part cut off or malformed inside a valid zip (a truncated download);
    - a cell (inline string, shared string, value) longer than `limits.max_cell_chars`: libxml2
      refuses text nodes over 10 MB without reading further, and we check the limit below it.

    Returns, per column letter, how many formula cells hold no saved value and the first one's
    reference: a workbook written by a program and never opened in a spreadsheet has only the formula
    (`=D3*1.19`), and its value reads as empty (the caller warns; nothing here computes a formula).
    """
    unsaved: dict[str, tuple[int, str]] = {}
    # start-up cost: lxml takes ~7-9 ms CPU to import; only the XML formats need it
    from lxml import etree

    huge = limits.max_cell_chars > 10_000_000
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a readable XLSX workbook ({exc})",
                         hint="export as .xlsx, or set source.format to akeneo-csv for a CSV file") from None
    with archive:
        names = set(archive.namelist())
        for member in (sheet_member, "xl/sharedStrings.xml"):
            if member not in names:
                continue
            try:
                with archive.open(member) as stream:
                    for _, element in etree.iterparse(stream, events=("end",), huge_tree=huge,
                                                      resolve_entities=False, no_network=True):
                        text = element.text
                        if text is not None and len(text) > limits.max_cell_chars:
                            where = _cell_ref(element)
                            raise InputError(
                                f"{path}: {member}{where}: a cell holds {len(text)} characters, more than "
                                f"{limits.max_cell_chars} (source.limits.max_cell_chars)",
                                hint="check the cell in the PIM; a catalogue that really has such long values "
                                     "can raise source.limits.max_cell_chars")
                        if element.tag.endswith("}c") and len(element) and member == sheet_member:
                            saved = {child.tag.rpartition("}")[2]: child.text for child in element}
                            if "f" in saved and not saved.get("v"):  # openpyxl writes an empty <v/>
                                ref = element.get("r", "")
                                letters = ref.rstrip("0123456789")
                                count, first = unsaved.get(letters, (0, ref))
                                unsaved[letters] = (count + 1, first)
                        if element.tag.endswith("}row") or element.tag.endswith("}si"):
                            element.clear(keep_tail=False)
                            while element.getprevious() is not None:
                                del element.getparent()[0]
            except etree.XMLSyntaxError as exc:
                if "too long" in str(exc.msg) or "huge" in str(exc.msg).lower():
                    raise InputError(
                        f"{path}: {member} line {exc.lineno}: a cell holds more than 10,000,000 characters",
                        hint="check the cell in the PIM; values that long are not product data") from None
                raise InputError(f"{path}: {member} is cut off or not well-formed XML (line {exc.lineno}: {exc.msg})",
                                 hint="the workbook is damaged (an interrupted download or copy?); export it again") from None
            except (zipfile.BadZipFile, OSError, EOFError, zlib_error) as exc:
                raise InputError(f"{path}: {member} cannot be unpacked ({exc})",
                                 hint="the workbook is damaged (an interrupted download or copy?); export it again") from None
    return unsaved


def _cell_ref(element: Any) -> str:
    node = element
    while node is not None:
        ref = node.get("r")
        if ref and not node.tag.endswith("}row"):
            return f" cell {ref}"
        node = node.getparent()
    return f" line {element.sourceline}" if element.sourceline else ""


class AkeneoXlsxReader(Reader):
    format = "akeneo-xlsx"

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        # start-up cost: openpyxl takes ~200 ms CPU to import; only XLSX exports need it
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (ParseError, EOFError, zlib_error) as exc:
            raise InputError(f"{self.path}: a part of the workbook is cut off or not well-formed ({exc})",
                             hint="the workbook is damaged (an interrupted download or copy?); export it again") from None
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise InputError(f"{self.path}: not a readable XLSX workbook ({exc})",
                             hint="export as .xlsx, or set source.format to akeneo-csv for a CSV file") from None
        try:
            if not workbook.worksheets:
                raise InputError(f"{self.path}: the workbook has no worksheet")
            sheet = workbook.worksheets[0]
            if not self._scanned:
                self._unsaved_formulas = scan_workbook(self.path, sheet._worksheet_path, self.source.limits)
                self._scanned = True
            # The <dimension> element is the writer's claim, not the data: A1:XFD1048576 with one
            # far cell would make openpyxl pad every row to 16,384 cells and the sheet to 1M rows.
            sheet.reset_dimensions()
            try:
                yield from sheet.iter_rows(values_only=True)
            except (ParseError, zipfile.BadZipFile, EOFError, zlib_error, ValueError, KeyError) as exc:
                raise InputError(f"{self.path}: the first sheet cannot be read ({exc})",
                                 hint="the workbook is damaged; export it again") from None
        finally:
            workbook.close()

    _scanned = False
    _unsaved_formulas: dict[str, tuple[int, str]] = {}  # noqa: RUF012 - replaced, never mutated

    def messages(self, columns: set[str] | None = None) -> list[str]:
        """`columns`: the column letters the reader reads (None: all)."""
        found = [v for k, v in sorted(self._unsaved_formulas.items()) if columns is None or k in columns]
        if not found:
            return []
        count = sum(n for n, _ in found)
        return [f"{self.path}: {count} formula cell(s) hold no saved value (e.g. {found[0][1]}): the workbook was "
                "written by a program and never saved by a spreadsheet, so they read as empty - open and save it "
                "in a spreadsheet, or export the values"]

    def _layout(self, header: tuple[Any, ...]) -> FlatLayout:
        check_header_width(list(header), str(self.path), self.source.limits)
        names = [cell_text(v) for v in header]
        while names and not names[-1]:
            names.pop()
        return FlatLayout.from_header(names, str(self.path), self.catalog, self.source.identifier, self.source.limits)

    def is_models(self) -> bool:
        for header in self._rows():
            return self._layout(header).is_model
        return False

    def channels(self) -> set[str]:
        for header in self._rows():
            return self._layout(header).channels()
        return set()

    def __iter__(self) -> Iterator[Product | Reject]:
        file = str(self.path)
        rows = self._rows()
        header = next(rows, None)
        if header is None:
            raise InputError(f"{self.path}: the workbook's first sheet is empty")
        layout = self._layout(header)
        width = len(layout.columns)
        for line, values in enumerate(rows, start=2):
            row = [cell_text(v) for v in values]
            if len(row) > width and not any(row[width:]):
                row = row[:width]
            elif len(row) < width:
                row.extend([""] * (width - len(row)))
            if not any(row):
                continue
            yield layout.to_product(row, Origin(file, line))
