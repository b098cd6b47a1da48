"""CSV and XLSX sheets for people: one product per row, values as a person reads them.

Cells that a spreadsheet would execute (= + - @ ...) are neutralised; the XLSX file is
written with fixed timestamps so reruns give identical bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..cells import SheetRows, neutralise
from ..model import LocalizedRecord, Market
from ..serialize import data_to_json
from .base import FeedWriter, RunView
from .spool import RowSpool

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

    def __init__(self, ctx: RunView, market: Market) -> None:
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

        def write(handle: IO[Any], rows: Iterator[dict[str, Any]]) -> None:
            writer = SheetRows(handle, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([neutralise(row.get(c, "")) for c in columns])

        return [self.from_spool(self.path, self.spool, write, encoding="utf-8-sig").commit()]
