"""The Shopware 6 product import per market (`outputs.formats: [shopware-csv]`, see `format`):
`<market>.shopware.csv`, `;`-separated, with `id`, `product_number` and the market language's
`translations.<locale>.<field>` columns.

A product is listed when it has copy translated this run or earlier (machine or human); its row
also carries the copy the export already had in that language (`status: pim`, unchanged). An empty
cell changes nothing: Shopware's import reads `''` as no value and leaves the field out of the
write (FieldSerializer::deserialize and EntitySerializer::deserialize in
src/Core/Content/ImportExport/DataAbstractionLayer/Serializer/), so a field without a translation
keeps what the shop has. Variants are written with the copy their own row had: the rest they inherit
in Shopware from their parent, whose row carries it.

Escaping: the csv module encloses `;`, quotes and newlines in `"`; HTML descriptions go as they are
(Shopware stores `description` as HTML; the run has cleaned it with the markup allow list); the key
columns get a leading apostrophe if a spreadsheet would run them as a formula (content must reach
the shop unchanged).
"""

from __future__ import annotations

import csv

from ...atomic import AtomicFile
from ...cells import neutralise
from ...model import LocalizedRecord, Market
from ..base import FeedWriter, RunView
from .format import FIELDS, KEY_COLUMNS, column

TRANSLATED = frozenset({"machine", "human"})
WRITTEN = TRANSLATED | {"pim"}


def import_cells(record: LocalizedRecord) -> tuple[str, str, list[str]] | None:
    """(id, product number, the copy per field of `FIELDS`) of a record's import row, or None when it
    has no translated copy (the writer writes these rows; the run's check stage checks them first)."""
    cells = []
    new = False
    for field in FIELDS:
        value = record.values.get(field)
        if value is not None and value.status in WRITTEN and isinstance(value.data, str) and value.data:
            cells.append(value.data)
            new = new or value.status in TRANSLATED
        else:
            cells.append("")
    if not new:
        return None
    ident = record.product.get("shopware_id")
    return (ident if isinstance(ident, str) else ""), record.product.identifier, cells


class ShopwareWriter(FeedWriter):
    format = "shopware-csv"
    profile = "shopware"

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        self.path = ctx.out_dir / f"{market.code}.shopware.csv"
        self.header = (*KEY_COLUMNS, *(column(market, f) for f in FIELDS))
        self.file = AtomicFile(self.path, newline="")
        self.rows = csv.writer(self.file.handle, delimiter=";", quotechar='"', lineterminator="\n")
        self.rows.writerow(self.header)

    def write(self, record: LocalizedRecord) -> None:
        cells = import_cells(record)
        if cells is None:
            return
        ident, number, copy = cells
        self.rows.writerow([neutralise(ident), neutralise(number), *copy])
