"""What the shop-system readers share (Shopify, Shopware, Magento, OXID product exports).

A shop export is a CSV with a fixed, documented header; each reader is a preset over it (no
`source.columns` map). This base streams the rows (`csvstream`), checks the header once for the
columns the format needs, and gives the subclass a `Row` to read cells by column name. A cell the
shop's own importer would refuse (a price that is no number, an unknown weight unit) makes the row a
`Reject` naming file, line, column and reason; the run goes on with the next row.

Copy fields are read in the source locale (`Value(locale=source.locale)`), so the pipeline treats
them as localizable text; identifiers, prices, weights and flags are read unlocalized.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from ..attributes import AttributeCatalog
from ..config import SourceConfig
from ..errors import ConfigError, InputError
from ..limits import NumberProblem
from ..model import Money, Origin, Product, Reject
from .akeneo_flat import parse_decimal
from .base import Reader
from .csvstream import iter_rows


class RowError(ValueError):
    """A cell the shop's importer would refuse: the row becomes a reject naming `column`."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"column {column}: {reason}")
        self.column = column


class Row:
    """One data row: `data` maps column name -> cell for the non-empty cells (one dict per row is
    cheaper than a lookup per column; a column the header lacks reads as empty)."""

    __slots__ = ("data", "header", "origin")

    def __init__(self, data: dict[str, str], header: frozenset[str], origin: Origin) -> None:
        self.data = data
        self.header = header
        self.origin = origin

    def get(self, column: str) -> str:
        return self.data.get(column, "").strip()

    def raw(self, column: str) -> str:
        """The cell unstripped (HTML and copy keep their own whitespace)."""
        return self.data.get(column, "")

    def has(self, column: str) -> bool:
        return column in self.header


class ShopCsvReader(Reader):
    """Base of the shop readers: subclasses set `format`, `default_delimiter`, `required` and `rows_to_items`."""

    format: ClassVar[str] = ""
    variants_complete = True  # each reader copies the parent product's fields onto its variants
    #: columns without which the file is not this export (the run stops: wrong file or format)
    required: ClassVar[Sequence[str]] = ()
    #: the shop's name and the page documenting the export, for messages
    shop: ClassVar[str] = ""
    doc_url: ClassVar[str] = ""

    def __init__(self, path: Path, source: SourceConfig, catalog: AttributeCatalog) -> None:
        super().__init__(path, source, catalog)
        self.locale = source.locale
        self.currency = source.currency

    def header_positions(self, header: list[str]) -> dict[str, int]:
        position = {name.strip().strip("\ufeff"): i for i, name in enumerate(header)}
        missing = [c for c in self.required if c not in position]
        if missing:
            raise InputError(
                f"{self.path}:1: not a {self.shop} product export: column(s) {', '.join(repr(m) for m in missing)} missing",
                hint=f"export the products from {self.shop} with its standard CSV export ({self.doc_url}), "
                     f"or choose another source.format (the header has: {', '.join(h for h in header[:12])} ...)",
            )
        return position

    def rows(self) -> Iterator[Row | Reject]:
        """The data rows as `Row`s (or `Reject`s for rows the CSV layer cannot read)."""
        file = str(self.path)
        items = iter_rows(self.path, self.source.encoding, self.delimiter,
                          f"export the products from {self.shop} with a header row", self.source.limits)
        header: list[str] = next(items)  # type: ignore[assignment]
        position = self.header_positions(header)
        names = [name.strip().strip("\ufeff") for name in header]
        columns = frozenset(position)
        width = len(header)
        for item in items:
            if isinstance(item, Reject):
                yield item
                continue
            line, cells = item  # type: ignore[misc]
            if len(cells) != width:
                yield Reject(Origin(file, line), f"{len(cells)} fields, the header has {width}; check quoting and delimiters")
                continue
            yield Row({name: cell for name, cell in zip(names, cells, strict=True) if cell}, columns, Origin(file, line))

    def __iter__(self) -> Iterator[Product | Reject]:
        raise NotImplementedError

    # --- cells -------------------------------------------------------------------------------

    def decimal(self, row: Row, column: str, *, minimum: Decimal | None = Decimal(0)) -> Decimal | None:
        """A number cell (dot decimal mark), None when empty; else a `RowError`."""
        text = row.get(column)
        if not text:
            return None
        try:
            amount = parse_decimal(text, self.source.limits)
        except NumberProblem as exc:
            raise RowError(column, str(exc)) from None
        if amount is None:
            raise RowError(column, f"'{text[:40]}' is not a number; {self.shop} expects digits with a dot "
                                   "as decimal mark and no currency sign, e.g. 19.99")
        if minimum is not None and amount < minimum:
            raise RowError(column, f"{text} is negative; {self.shop} does not import negative values here")
        return amount

    def money(self, row: Row, column: str, currency: str | None = None) -> tuple[Money, ...] | None:
        """A price cell in `currency` (default `source.currency`), as the price collection the stages read."""
        amount = self.decimal(row, column)
        if amount is None:
            return None
        currency = currency or self.currency
        if not currency:
            raise ConfigError(f"source.currency: {self.path} holds prices ({column}) but names no currency",
                              hint="set source.currency in localize.yaml to the shop's currency (e.g. currency: EUR), "
                                   "or pass --source-currency EUR")
        return (Money(amount, currency),)

    def reject(self, row: Row, error: RowError, identifier: str | None = None) -> Reject:
        return Reject(Origin(row.origin.file, row.origin.line, error.column), str(error),
                      identifier=identifier, field=error.column)
