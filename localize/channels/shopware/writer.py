"""The Shopware 6 product import per market (`outputs.formats: [shopware-csv]`, see `format`):
`<market>.shopware.csv`, `;`-separated, with `id`, `product_number` and the market language's
`translations.<locale>.<field>` columns, then the cover image's `cover_media_id` and its alt text
and title as `cover.media.translations.<locale>.alt|title` (written only where the export gave both
the product's id and its cover's: see `format`).

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

from ...atomic import AtomicFile
from ...cells import SheetRows, neutralise
from ...model import LocalizedRecord, Market
from ..base import FeedWriter, RunView
from .format import COVER_FIELDS, COVER_ID, FIELDS, KEY_COLUMNS, column, cover_column

TRANSLATED = frozenset({"machine", "human"})
WRITTEN = TRANSLATED | {"pim"}


def import_cells(record: LocalizedRecord) -> tuple[str, str, list[str], list[str]] | None:
    """(id, product number, the copy per field of `FIELDS`, [cover media id, the cover's copy per field of
    `COVER_FIELDS`]) of a record's import row, or None when it has no translated copy (the writer writes
    these rows; the run's check stage checks them first)."""
    new = False
    cells = []
    for field in FIELDS:
        text, translated = _copy(record, field)
        cells.append(text)
        new = new or translated
    ident = record.product.get("shopware_id")
    ident = ident if isinstance(ident, str) else ""
    cover_id = record.product.get(COVER_ID)
    cover = ["", *("" for _ in COVER_FIELDS)]
    if ident and isinstance(cover_id, str) and cover_id:  # else the import would add a new cover
        copy = [_copy(record, attribute) for attribute, _field in COVER_FIELDS]
        if any(text for text, _t in copy):
            cover = [cover_id, *(text for text, _t in copy)]
            new = new or any(translated for _text, translated in copy)
    if not new:
        return None
    return ident, record.product.identifier, cells, cover


def _copy(record: LocalizedRecord, attribute: str) -> tuple[str, bool]:
    """The text a row carries for an attribute (translated, or the shop's own in that language) and
    whether it was translated."""
    value = record.values.get(attribute)
    if value is not None and value.status in WRITTEN and isinstance(value.data, str) and value.data:
        return value.data, value.status in TRANSLATED
    return "", False


class ShopwareWriter(FeedWriter):
    format = "shopware-csv"
    profile = "shopware"

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        self.path = ctx.out_dir / f"{market.code}.shopware.csv"
        self.header = (*KEY_COLUMNS, *(column(market, f) for f in FIELDS), COVER_ID,
                       *(cover_column(market, f) for _a, f in COVER_FIELDS))
        self.file = AtomicFile(self.path, newline="")
        self.rows = SheetRows(self.file.handle, delimiter=";", quotechar='"', lineterminator="\n")
        self.rows.writerow(self.header)

    def write(self, record: LocalizedRecord) -> None:
        cells = import_cells(record)
        if cells is None:
            return
        ident, number, copy, (cover_id, *cover) = cells
        self.rows.writerow([neutralise(ident), neutralise(number), *copy, neutralise(cover_id), *cover])
