"""The `xlsx` feed: the tabular rows of `tabular` in one sheet per market, byte-reproducible.

Its own module so openpyxl loads only when a run writes an xlsx feed (the format registry
imports a writer's module when its format is used).

Formulas: unlike a CSV cell, an XLSX cell says its type. A string cell is text to Excel,
LibreOffice and Google Sheets, whatever it starts with; only a formula cell (`<f>`) is ever
evaluated, and openpyxl writes one for a string starting with `=`. So every text is written as a
string cell, as it is (a bullet list `- item` keeps its dash, no apostrophe in front), and one a
spreadsheet would read as a formula if a person re-typed it (`= + - @`, tab, CR) gets Excel's quote
prefix style, which keeps it text when the cell is edited. Nothing is added to the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray

from ..atomic import AtomicFile
from ..cells import is_formula_like
from ..xmlsafe import xml_safe
from .tabular import _SheetWriter


class XlsxWriter(_SheetWriter):
    format = "xlsx"
    suffix = "xlsx"

    def commit(self) -> list[Path]:
        columns = self.columns()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.market.code[:31])
        text = text_cells(sheet)
        sheet.append([text(c) for c in columns])
        try:
            for row in self.spool.rows():
                sheet.append([text(row.get(c, "")) for c in columns])
            buffer = io.BytesIO()
            workbook.save(buffer)
        finally:
            self.spool.discard()
        out = AtomicFile(self.path, mode="wb", encoding=None)
        try:
            out.write(deterministic_zip(buffer.getvalue()))
        except BaseException:
            out.abort()
            raise
        return [out.commit()]


def text_cells(sheet: Any) -> Any:
    """A function giving the cell to append for a value of `sheet` (write-only): a string as a string
    cell with its text unchanged (XML-safe), never a formula; formula-like text with the quote prefix."""
    template = WriteOnlyCell(sheet, value="")
    template.quotePrefix = True
    quoted = template._style

    def cell(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = xml_safe(value)
        if not is_formula_like(value):
            return value  # openpyxl writes it as a string cell (a formula only from `=`, which is formula-like)
        c = WriteOnlyCell(sheet, value=value)
        c.data_type = "s"  # never a formula, whatever the text starts with
        c._style = StyleArray(quoted)
        return c

    return cell


_EPOCH = (2000, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite an XLSX (zip) with fixed entry times and document dates, so bytes repeat."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()
