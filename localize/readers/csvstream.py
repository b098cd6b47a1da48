"""Streaming a delimited text file row by row, with the line each row starts on.

Shared by the Akeneo CSV reader and the column-mapped CSV reader: the header first, then
`(line, row)` for every non-blank row, or a `Reject` for a row the csv module cannot parse
(the stream goes on). Decoding errors stop the read with a message naming the line.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Origin, Reject
from .base import encoding_error, text_encoding

# HTML descriptions can be large; the csv module's default limit (128 KiB) is too small.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_header(path: Path, encoding: str, delimiter: str, empty_hint: str) -> list[str]:
    """Only the first row (to tell product files from product-model files before reading)."""
    rows = iter_rows(path, encoding, delimiter, empty_hint)
    header = next(rows)
    rows.close()
    assert isinstance(header, list)
    return header


def iter_rows(path: Path, encoding: str, delimiter: str, empty_hint: str) -> Iterator[list[str] | tuple[int, list[str]] | Reject]:
    """Yield the header row, then `(line, row)` per non-blank row, or a `Reject` per unparsable one."""
    try:
        handle = path.open(encoding=text_encoding(encoding), newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from None
    file = str(path)
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader, None)
        except UnicodeDecodeError as exc:
            raise encoding_error(path, encoding, 1, exc) from None
        except csv.Error as exc:
            raise InputError(f"{path}:1: cannot read the header: {exc}") from None
        if not header:
            raise InputError(f"{path}: the file is empty", hint=empty_hint)
        yield header
        last = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise encoding_error(path, encoding, last + 1, exc) from None
            except csv.Error as exc:
                line, last = last + 1, reader.line_num
                yield Reject(Origin(file, line), f"malformed CSV: {exc}; check quoting on this line")
                continue
            line, last = last + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            yield line, row
