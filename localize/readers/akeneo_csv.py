"""Akeneo flat CSV exports (`;` by default), streamed row by row."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Origin, Product, Reject
from .akeneo_flat import FlatLayout
from .base import Reader
from .csvstream import iter_rows, read_header

EMPTY_HINT = "export the products with a header row"


class AkeneoCsvReader(Reader):
    format = "akeneo-csv"
    default_delimiter = ";"

    def _layout(self, header: list[str]) -> FlatLayout:
        return FlatLayout.from_header(header, str(self.path), self.catalog, self.source.identifier, self.source.limits)

    def is_models(self) -> bool:
        return self._layout(read_header(self.path, self.source.encoding, self.delimiter, EMPTY_HINT, self.source.limits)).is_model

    def channels(self) -> set[str]:
        return self._layout(read_header(self.path, self.source.encoding, self.delimiter, EMPTY_HINT)).channels()

    def __iter__(self) -> Iterator[Product | Reject]:
        file = str(self.path)
        rows = iter_rows(self.path, self.source.encoding, self.delimiter, EMPTY_HINT, self.source.limits)
        to_product = self._layout(next(rows)).to_product  # type: ignore[arg-type]
        for item in rows:
            if isinstance(item, Reject):
                yield item
            else:
                line, row = item  # type: ignore[misc]
                yield to_product(row, Origin(file, line))
