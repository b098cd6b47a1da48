"""A workbook a person saved (Excel, LibreOffice, Google Sheets) read through the column map.

`source.format: csv` with an `.xlsx` path reads the first sheet with the same `source.columns` as a
CSV export. A sheet people keep is not a PIM export: its header may sit below a title row (merged
cells), its codes may be numbers (Excel keeps 15 digits and no leading zero), rows below the data
may be formatted but empty. So the header is the first row that names the identifier column, blank
rows are skipped, numbers are read without float noise (`akeneo_xlsx.cell_text`), and the rows are
numbered as the sheet numbers them, so a reject's line is the row a person looks up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.utils.cell import get_column_letter

from ..errors import InputError
from ..model import Origin, Product, Reject
from .akeneo_xlsx import AkeneoXlsxReader, cell_text
from .mapped import ColumnMap, header_positions

#: rows above the header a sheet may hold (a title, a date, a merged banner); more is not a header
HEADER_SEARCH_ROWS = 20


class MappedXlsxReader(AkeneoXlsxReader):
    format = "csv"

    def is_models(self) -> bool:
        return False

    def channels(self) -> set[str]:
        return {v.channel for v in ColumnMap(self.source.columns or {}, self.source.locale).values if v.channel}

    def __iter__(self) -> Iterator[Product | Reject]:
        cmap = ColumnMap(self.source.columns or {}, self.source.locale, self.source.limits)
        file = str(self.path)
        rows = enumerate(self._rows(), start=1)
        header, header_line = self._find_header(rows, cmap)
        position = header_positions(self.path, header_line, header, cmap)
        self._letters = {get_column_letter(position[c] + 1) for c in cmap.columns()}
        text_columns = {v.column for v in cmap.values if v.kind in ("text", "option", "options")}
        text_columns.add(cmap.identifier)
        self._numbers: dict[str, tuple[int, int, str]] = {}
        for line, values in rows:
            row = [cell_text(v) for v in values]
            if not any(cell.strip() for cell in row):
                continue  # a formatted but empty row, or a blank line between blocks
            if len(row) < len(header):
                row.extend([""] * (len(header) - len(row)))
            for column in text_columns:
                index = position[column]
                if index < len(values) and isinstance(values[index], int | float) and not isinstance(values[index], bool):
                    count, first, example = self._numbers.get(column, (0, line, row[index]))
                    self._numbers[column] = (count + 1, first, example)
            yield cmap.to_product(lambda c, row=row: row[position[c]], Origin(file, line))

    def _find_header(self, rows: Iterator[tuple[int, tuple[Any, ...]]], cmap: ColumnMap) -> tuple[list[str], int]:
        first: list[str] | None = None
        for line, values in rows:
            names = [cell_text(v).strip() for v in values]
            while names and not names[-1]:
                names.pop()
            if not names:
                continue
            if first is None:
                first = names
            if cmap.identifier in names:
                return names, line
            if line >= HEADER_SEARCH_ROWS:
                break
        if first is None:
            raise InputError(f"{self.path}: the workbook's first sheet is empty")
        return first, 1  # header_positions names the missing columns against the first row

    def messages(self, columns: set[str] | None = None) -> list[str]:
        out = super().messages(getattr(self, "_letters", set()))
        for column, (count, line, example) in sorted(getattr(self, "_numbers", {}).items()):
            out.append(f"{self.path}: column {column!r} holds numbers, not text, in {count} row(s) (e.g. row {line}: "
                       f"{example}); read as written, but a spreadsheet drops a code's leading zeros (EAN/GTIN "
                       "0012345678905 becomes 12345678905) and keeps 15 digits - check these codes, or format "
                       "the column as Text in the sheet before saving")
        return out
