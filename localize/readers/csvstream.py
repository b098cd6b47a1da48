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
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Origin, Reject
from .base import encoding_error, reading_encoding


def read_header(path: Path, encoding: str, delimiter: str, empty_hint: str,
                limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Only the first row (to tell product files from product-model files before reading)."""
    rows = iter_rows(path, encoding, delimiter, empty_hint, limits)
    header = next(rows)
    rows.close()
    assert isinstance(header, list)
    return header


def iter_rows(path: Path, encoding: str, delimiter: str, empty_hint: str,
              limits: Limits = DEFAULT_LIMITS) -> Iterator[list[str] | tuple[int, list[str]] | Reject]:
    """Yield the header row, then `(line, row)` per non-blank row, or a `Reject` per unparsable one.

    A field longer than `limits.max_cell_chars` is an error of its row (the csv module stops
    collecting it at the limit, so memory stays bounded); so is a row wider than
    `limits.max_columns`. The header must fit both, or the file is not read.
    """
    # The csv module's limit is process-wide; set it for this read (HTML descriptions exceed
    # its 128 KiB default, a field of gigabytes is an unclosed quote or an attack).
    csv.field_size_limit(min(sys.maxsize, limits.max_cell_chars))
    codec = reading_encoding(path, encoding)  # a UTF-16 byte-order mark names the file's encoding
    try:
        handle = path.open(encoding=codec, newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from None
    file = str(path)
    with handle:
        lines = BoundedLines(handle, LINE_FACTOR * limits.max_cell_chars)
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = next(reader, None)
        except UnicodeDecodeError as exc:
            raise encoding_error(path, encoding, 1, exc) from None
        except LineTooLong:
            raise InputError(f"{path}:1: the first line is longer than {lines.cap} characters, so it is no header",
                             hint="check that this is a product export with a header row") from None
        except csv.Error as exc:
            raise InputError(f"{path}:1: cannot read the header: {_csv_reason(exc, limits)}",
                             hint="check the delimiter and quoting of the first line") from None
        if not header:
            raise InputError(f"{path}: the file is empty", hint=empty_hint)
        if len(header) > limits.max_columns:
            raise InputError(f"{path}:1: the header has {len(header)} columns, more than {limits.max_columns}",
                             hint="check the delimiter (source.delimiter) and that this is a product export; "
                                  "a catalogue that really has more columns can raise source.limits.max_columns")
        yield header
        last = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                if exc.reason == "unexpected end of data" and exc.end == len(exc.object):
                    # The file ends inside a character: a copy or download cut off mid-row. The
                    # rows before it were read; the cut row is set aside, not the whole file.
                    yield Reject(Origin(file, last + 1), "the file ends inside a character (a copy or download "
                                 "cut off?); the last row is not read - export the file again")
                    return
                raise encoding_error(path, encoding, last + 1, exc) from None
            except LineTooLong:
                line, last = last + 1, reader.line_num + lines.skipped
                yield Reject(Origin(file, lines.skipped_at), f"a line longer than {lines.cap} characters "
                             f"(source.limits.max_cell_chars x {LINE_FACTOR}); the row is not read")
                continue
            except csv.Error as exc:
                line, last = last + 1, reader.line_num + lines.skipped
                yield Reject(Origin(file, line), f"malformed CSV: {_csv_reason(exc, limits)}")
                continue
            line, last = last + 1, reader.line_num + lines.skipped
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) > limits.max_columns:
                yield Reject(Origin(file, line), f"{len(row)} fields, more than source.limits.max_columns "
                             f"({limits.max_columns}); check quoting and delimiters")
                continue
            yield line, row


#: A physical line may hold this many cells' worth of characters before it is refused unread.
LINE_FACTOR = 16


class LineTooLong(Exception):
    """Raised through the csv reader for one over-long physical line; reading goes on after it."""


class BoundedLines:
    """The lines of a text file for `csv.reader`, none longer than `cap` characters in memory.

    An over-long line is skipped to its end (read in `cap`-sized pieces and dropped) and
    reported by raising `LineTooLong`; the next call goes on with the following line, so the
    csv reader (which starts afresh on every row) keeps reading the file.
    """

    def __init__(self, handle: object, cap: int) -> None:
        self.handle = handle
        self.cap = max(cap, 1024)
        self.line = 0  # physical lines handed out or skipped
        self.skipped = 0
        self.skipped_at = 0

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        text = self.handle.readline(self.cap)  # type: ignore[attr-defined]
        if not text:
            raise StopIteration
        self.line += 1
        if len(text) >= self.cap and text[-1] not in "\r\n":
            while True:
                more = self.handle.readline(self.cap)  # type: ignore[attr-defined]
                if not more or more[-1] in "\r\n":
                    break
            self.skipped += 1
            self.skipped_at = self.line
            raise LineTooLong
        return text


def _csv_reason(exc: csv.Error, limits: Limits) -> str:
    """The csv module's message with what to do about it."""
    text = str(exc)
    if "field larger than field limit" in text:
        return (f"a field is longer than {limits.max_cell_chars} characters (source.limits.max_cell_chars); "
                "usually a quote that is never closed - check quoting on this line")
    return f"{text}; check quoting on this line"
