"""Akeneo XLSX exports (same columns as CSV), streamed with openpyxl's read-only mode."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..errors import InputError
from ..model import Origin, Product, Reject
from .akeneo_flat import FlatLayout
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


class AkeneoXlsxReader(Reader):
    format = "akeneo-xlsx"

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise InputError(f"{self.path}: not a readable XLSX workbook ({exc})",
                             hint="export as .xlsx, or set source.format to akeneo-csv for a CSV file") from None
        try:
            sheet = workbook.worksheets[0]
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()

    def _layout(self, header: tuple[Any, ...]) -> FlatLayout:
        names = [cell_text(v) for v in header]
        while names and not names[-1]:
            names.pop()
        return FlatLayout.from_header(names, str(self.path), self.catalog, self.source.identifier)

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
