"""Akeneo flat CSV exports (`;` by default), streamed row by row."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator

from ..errors import InputError
from ..model import Origin, Product, Reject
from .akeneo_flat import FlatLayout
from .base import Reader, encoding_error, text_encoding

# HTML descriptions can be large; the csv module's default limit (128 KiB) is too small.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class AkeneoCsvReader(Reader):
    format = "akeneo-csv"
    default_delimiter = ";"

    def _open(self):  # type: ignore[no-untyped-def]
        try:
            return self.path.open(encoding=text_encoding(self.source.encoding), newline="")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot open: {exc.strerror}") from None

    def _reader(self, handle):  # type: ignore[no-untyped-def]
        return csv.reader(handle, delimiter=self.source.delimiter or self.default_delimiter)

    def _layout(self, header: list[str]) -> FlatLayout:
        return FlatLayout.from_header(header, str(self.path), self.catalog, self.source.identifier)

    def _header(self) -> list[str]:
        with self._open() as handle:
            try:
                header = next(self._reader(handle), None)
            except UnicodeDecodeError as exc:
                raise encoding_error(self.path, self.source.encoding, 1, exc) from None
            except csv.Error as exc:
                raise InputError(f"{self.path}:1: cannot read the header: {exc}") from None
        if not header:
            raise InputError(f"{self.path}: the file is empty", hint="export the products with a header row")
        return header

    def is_models(self) -> bool:
        return self._layout(self._header()).is_model

    def __iter__(self) -> Iterator[Product | Reject]:
        file = str(self.path)
        with self._open() as handle:
            reader = self._reader(handle)
            try:
                header = next(reader, None)
            except UnicodeDecodeError as exc:
                raise encoding_error(self.path, self.source.encoding, 1, exc) from None
            if not header:
                raise InputError(f"{self.path}: the file is empty", hint="export the products with a header row")
            layout = self._layout(header)
            to_product = layout.to_product
            last = reader.line_num
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except UnicodeDecodeError as exc:
                    raise encoding_error(self.path, self.source.encoding, last + 1, exc) from None
                except csv.Error as exc:
                    line = last + 1
                    last = reader.line_num
                    yield Reject(Origin(file, line), f"malformed CSV: {exc}; check quoting on this line")
                    continue
                line = last + 1
                last = reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                yield to_product(row, Origin(file, line))
