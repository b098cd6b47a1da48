"""An Akeneo flat CSV import file per market with the localized columns filled.

Only localizable copy goes back (`name-en_US`, `description-en_US-ecommerce`): converted
units and prices are market views, not PIM data, and must not overwrite the source values.
A product is listed only when it has new copy to import. An empty cell clears a value on
import, so a row also carries the target-locale copy the PIM already had (`status="pim"`):
a cell is empty only where the PIM holds no value in that locale, and clearing nothing is safe.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import LocalizedRecord, Market
from ..records import value_scope
from .atomic import AtomicFile
from .base import FeedWriter
from .spool import RowSpool

if TYPE_CHECKING:
    from ..stages.base import RunContext

TRANSLATED = frozenset({"machine", "human"})
WRITTEN_BACK = TRANSLATED | {"pim"}


class AkeneoCsvWriter(FeedWriter):
    format = "akeneo-csv"

    def __init__(self, ctx: RunContext, market: Market) -> None:
        super().__init__(ctx, market)
        self.path = ctx.out_dir / f"{market.code}.akeneo.csv"
        self.spool = RowSpool(ctx.out_dir)
        self.identifier_column = ctx.services.get("identifier_column", "sku")
        self.source_locale = ctx.config.source.locale
        self.channel = market.channel or ctx.config.source.channel

    def write(self, record: LocalizedRecord) -> None:
        row: dict[str, str] = {}
        new = False
        for code, value in record.values.items():
            if value.status not in WRITTEN_BACK or not isinstance(value.data, str) or not value.data:
                continue
            if not any(v.locale is not None for v in record.product.values.get(code, ())):
                continue  # not localizable in the PIM: there is no `code-<locale>` column to import
            new = new or value.status in TRANSLATED
            column = f"{code}-{self.market.pim_locale}"
            scope = value_scope(record.product, code, self.source_locale, self.channel)
            if scope:
                column += f"-{scope}"
            row[column] = value.data
        if new:
            row[self.identifier_column] = record.identifier
            self.spool.add(row)

    def commit(self) -> list[Path]:
        columns = [self.identifier_column] + sorted(c for c in self.spool.columns if c != self.identifier_column)
        out = AtomicFile(self.path, newline="")
        try:
            writer = csv.writer(out.handle, delimiter=";", lineterminator="\n")
            writer.writerow(columns)
            for row in self.spool.rows():
                writer.writerow([row.get(c, "") for c in columns])
        except BaseException:
            out.abort()
            self.spool.discard()
            raise
        self.spool.discard()
        return [out.commit()]

    def abort(self) -> None:
        self.spool.discard()
