"""CSV and XLSX sheets for people: one product per row, values as a person reads them.

Cells that a spreadsheet would execute (= + - @ ...) are neutralised; the XLSX file is
written with fixed timestamps so reruns give identical bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import AtomicFile
from ..cells import neutralise
from ..model import LocalizedRecord, Market
from ..serialize import data_to_json
from ..xmlsafe import xml_safe
from .base import FeedWriter
from .spool import RowSpool

if TYPE_CHECKING:
    from ..stages.base import RunContext

FIXED_COLUMNS = ("identifier", "family", "parent", "categories", "enabled", "findings")


def cell_text(data: Any) -> str:
    """A value as text for a sheet: prices and quantities as `12.50 EUR`, lists comma-separated."""
    value = data_to_json(data)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dict):
        return f"{value.get('amount')} {value.get('unit') or value.get('currency')}"
    if isinstance(value, list):
        return ", ".join(cell_text_item(v) for v in value)
    return str(value)


def cell_text_item(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('amount')} {value.get('unit') or value.get('currency')}"
    return str(value)


def record_row(record: LocalizedRecord) -> dict[str, str]:
    product = record.product
    row = {
        "identifier": product.identifier,
        "family": product.family or "",
        "parent": product.parent or "",
        "categories": ", ".join(record.categories or product.categories),
        "enabled": "1" if product.enabled else "0",
        "findings": "; ".join(f"{f.severity}: {f.code}" for f in record.findings),
    }
    for code in sorted(record.values):
        value = record.values[code]
        row[code] = value.display if value.display is not None else cell_text(value.data)
    return row


class _SheetWriter(FeedWriter):
    suffix = ""

    def __init__(self, ctx: RunContext, market: Market) -> None:
        super().__init__(ctx, market)
        self.path = ctx.out_dir / f"{market.code}.{self.suffix}"
        self.spool = RowSpool(ctx.out_dir)

    def write(self, record: LocalizedRecord) -> None:
        self.spool.add(record_row(record))

    def columns(self) -> list[str]:
        extra = sorted(c for c in self.spool.columns if c not in FIXED_COLUMNS)
        return list(FIXED_COLUMNS) + extra

    def abort(self) -> None:
        self.spool.discard()


class CsvWriter(_SheetWriter):
    format = "csv"
    suffix = "csv"

    def commit(self) -> list[Path]:
        columns = self.columns()
        out = AtomicFile(self.path, newline="", encoding="utf-8-sig")
        try:
            writer = csv.writer(out.handle, lineterminator="\r\n")
            writer.writerow(columns)
            for row in self.spool.rows():
                writer.writerow([neutralise(row.get(c, "")) for c in columns])
        except BaseException:
            out.abort()
            self.spool.discard()
            raise
        self.spool.discard()
        return [out.commit()]


class XlsxWriter(_SheetWriter):
    format = "xlsx"
    suffix = "xlsx"

    def commit(self) -> list[Path]:
        from openpyxl import Workbook  # start-up cost: openpyxl loads only when an xlsx feed is written

        columns = self.columns()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.market.code[:31])
        sheet.append([xml_safe(c) for c in columns])
        try:
            for row in self.spool.rows():
                sheet.append([xml_safe(neutralise(row.get(c, ""))) for c in columns])
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
