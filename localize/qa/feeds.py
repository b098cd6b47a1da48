"""Streaming readers for the feeds `localize validate` checks, each item with its line number.

Every reader yields `FeedRecord`s and `ParseProblem`s in file order: a line that cannot be
read is a problem (a finding), never the end of the file, except for XML, where a document
that is not well formed cannot be read past the first error. Bytes are decoded line by line
so one bad byte costs one line, not the file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..cells import is_formula_like
from .check_context import FeedRecord

GOOGLE_NS = "http://base.google.com/ns/1.0"


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """A line (or document) that could not be read."""

    line: int | None
    message: str
    record: str | None = None


Item = FeedRecord | ParseProblem


def decoded_lines(path: Path, problems: list[ParseProblem]) -> Iterator[tuple[int, str]]:
    """(line number, text) of a file, decoding each line as UTF-8 (BOM allowed); bad bytes are a problem."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(ParseProblem(number, f"not valid UTF-8 (byte {exc.start + 1} of the line): "
                                                     "save the file as UTF-8"))
                text = raw.decode("utf-8", errors="replace")
            yield number, text


# --- JSONL --------------------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[Item]:
    """Our JSONL feed: one JSON object per line; blank lines are skipped (orjson: ~3x json's speed)."""
    loads = orjson.loads
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                data = loads(raw)
            except ValueError as exc:
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError as bad:
                    yield ParseProblem(number, f"not valid UTF-8 (byte {bad.start + 1} of the line): save the file as UTF-8")
                    continue
                yield ParseProblem(number, f"not valid JSON: {_json_reason(exc, raw)}")
                continue
            if not isinstance(data, dict):
                yield ParseProblem(number, f"expected a JSON object, got {type(data).__name__}")
                continue
            yield jsonl_record(data, number)


def _json_reason(exc: ValueError, raw: bytes) -> str:
    if isinstance(exc, json.JSONDecodeError):
        if exc.pos >= len(raw.rstrip()):
            return "the line ends before the JSON value is complete (a truncated or wrapped line?)"
        return f"{exc.msg} at column {exc.colno}"
    return str(exc)


_COPY_STATUSES = frozenset({"machine", "human", "untranslated", "pending", "pim"})


def jsonl_record(data: dict[str, Any], line: int, source_override: dict[str, str] | None = None) -> FeedRecord:
    """A JSONL line as a FeedRecord; its text pairs are the stored source against the published value."""
    identifier = data.get("identifier")
    values = data.get("values")
    source = data.get("source")
    status = data.get("status")
    values = values if isinstance(values, dict) else {}
    source = source if isinstance(source, dict) else {}
    status = status if isinstance(status, dict) else {}
    if source_override:
        if source or status:
            # only the copy this feed says was translated (or kept) is compared: option codes,
            # numbers and identifiers of the PIM export are not text pairs
            copy = set(source) | {a for a, st in status.items() if st in _COPY_STATUSES}
            source = {**source, **{k: v for k, v in source_override.items() if k in copy}}
        else:
            source = dict(source_override)
    pairs: list[tuple[str, str | None, str | None]] = []
    for attr, src in source.items():
        if isinstance(src, str) and src:
            tgt = values.get(attr)
            pairs.append((attr, src, tgt if isinstance(tgt, str) else None))
    return FeedRecord(
        line=line,
        identifier=identifier if isinstance(identifier, str) else None,
        fields=data,
        pairs=pairs,
        source_locale=data.get("source_locale") or None,
        target_locale=data.get("locale") or None,
        status=status,
    )


# --- Google Merchant TSV -------------------------------------------------------------------


def normalise_header(name: str) -> str:
    """`Image Link`, `g:image_link`, `image link` -> `image_link`."""
    name = name.strip().lower()
    if name.startswith("g:"):
        name = name[2:]
    return "_".join(name.replace("-", " ").split())


def read_tsv(path: Path, *, delimiter: str = "\t", header_map: Any = normalise_header,
             keep_empty: bool = False, identifier_column: str = "sku") -> Iterator[Item]:
    """A delimited file with a header row: each row a record of header -> cell (empty cells left out).

    Cells may be quoted (`"a\tb"`); a row whose cell count differs from the header's is a
    problem and is not checked further (its cells cannot be matched to columns).
    """
    problems: list[ParseProblem] = []
    lines = decoded_lines(path, problems)
    numbers: list[int] = []

    def texts() -> Iterable[str]:
        for number, text in lines:
            numbers.append(number)
            yield text

    reader = csv.reader(texts(), delimiter=delimiter, quotechar='"', strict=False)
    header: list[str] | None = None
    consumed = 0
    try:
        for row in reader:
            # the first physical line this row used (a quoted cell may span lines)
            start = numbers[consumed] if consumed < len(numbers) else reader.line_num
            consumed = len(numbers)
            yield from problems
            problems.clear()
            if header is None:
                if not any(c.strip() for c in row):
                    continue
                header = [header_map(c) for c in row]
                yield FeedRecord(line=start, identifier=None, fields={"__header__": header})
                continue
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                yield ParseProblem(start, f"the row has {len(row)} cells but the header has {len(header)}: "
                                          "a tab or quote inside a value, or a cell missing")
                continue
            if keep_empty:
                fields = {h: c for h, c in zip(header, row, strict=True)}
            else:
                fields = {h: c.strip() for h, c in zip(header, row, strict=True) if c.strip()}
            ident = fields.get("id") or fields.get(identifier_column) or None
            yield FeedRecord(line=start, identifier=ident, fields=fields)
    except csv.Error as exc:
        yield ParseProblem(reader.line_num, f"cannot read the row: {exc}")
    yield from problems


def read_csv_rows(path: Path, delimiter: str, identifier: str = "sku") -> Iterator[Item]:
    """An Akeneo import CSV (column names kept as they are, empty cells kept: they clear values)."""
    return read_tsv(path, delimiter=delimiter, header_map=lambda c: c.strip(), keep_empty=True,
                    identifier_column=identifier)


def xlsx_header(path: Path) -> list[str]:
    """The first row of an XLSX file's first sheet (stripped names), or [] when it cannot be read."""
    rows = _xlsx_rows(path)
    try:
        first = next(rows, None)
    except Exception:  # noqa: BLE001 - not a zip, not a workbook: reading it reports why
        return []
    finally:
        rows.close()
    return [_xlsx_text(c).strip() for c in first or ()]


def read_xlsx_rows(path: Path, identifier: str) -> Iterator[Item]:
    """An XLSX sheet (its first worksheet) as `read_csv_rows` reads a CSV: a header row, then a record per
    row, header -> cell as text (empty cells kept), numbered by row.

    Each cell reads as its CSV twin would be written: an XLSX cell says its type, and a string cell is
    text whatever it starts with, so formula-like text in a string cell reads with the apostrophe a CSV
    cell needs (`'- item`), and a formula cell reads as its formula (`=SUM(A1)`): the checks of a CSV
    sheet (`formula-cell`) then judge both files alike."""
    header: list[str] | None = None
    rows = _xlsx_rows(path)
    try:
        for number, row in enumerate(rows, 1):
            cells = [_xlsx_text(c) for c in row]
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header = [c.strip() for c in cells]
                yield FeedRecord(line=number, identifier=None, fields={"__header__": header})
                continue
            if not any(c.strip() for c in cells):
                continue
            cells += [""] * (len(header) - len(cells))
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                yield ParseProblem(number, f"the row has values beyond the header's {len(header)} columns")
                continue
            fields = dict(zip(header, cells[:len(header)], strict=True))
            yield FeedRecord(line=number, identifier=fields.get(identifier) or None, fields=fields)
    except Exception as exc:  # noqa: BLE001 - a damaged workbook: one problem, not a crash
        yield ParseProblem(None, f"cannot read the workbook: {exc}")
    finally:
        rows.close()


def _xlsx_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    # start-up cost: openpyxl takes ~0.2 s to import; only an XLSX file needs it
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        yield from sheet.iter_rows()
    finally:
        book.close()


def _xlsx_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    text = str(value)
    if getattr(cell, "data_type", None) != "f" and is_formula_like(text):
        return "'" + text  # text in a typed cell: what a CSV cell needs to stay text
    return text


# --- Google Merchant RSS 2.0 XML --------------------------------------------------------------


def safe_parser_options() -> dict[str, Any]:
    """lxml options that never fetch or expand anything (no XXE, no billion laughs)."""
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def read_rss(path: Path, extra: dict[str, Any]) -> Iterator[Item]:
    """An RSS 2.0 feed with Google's `g:` namespace: one record per <item>.

    `extra` receives the channel's <language> (and its line) for the language check.
    """
    # start-up cost: lxml takes ~7-9 ms CPU to import; only the XML formats need it
    from lxml import etree

    try:
        context = etree.iterparse(str(path), events=("end",), **safe_parser_options())
        for _event, elem in context:
            tag = _local(elem.tag)
            if tag == "language" and _local(elem.getparent().tag if elem.getparent() is not None else "") == "channel":
                extra["language"] = (elem.text or "").strip()
                extra["language_line"] = elem.sourceline
            elif tag in ("item", "entry"):
                fields: dict[str, Any] = {}
                field_lines: dict[str, int] = {}
                for child in elem:
                    if not isinstance(child.tag, str):
                        continue
                    name = _local(child.tag)
                    value = _element_text(child)
                    field_lines.setdefault(name, child.sourceline or elem.sourceline)
                    if not value:
                        continue
                    if name in fields:
                        prev = fields[name]
                        fields[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
                    else:
                        fields[name] = value
                ident = fields.get("id")
                yield FeedRecord(line=elem.sourceline or 0, identifier=ident if isinstance(ident, str) else None,
                                 fields=fields, field_lines=field_lines)
                elem.clear()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        yield ParseProblem(line, f"not well-formed XML: {exc.msg}; nothing after this point can be read")
    except OSError as exc:
        yield ParseProblem(None, f"cannot read the file: {exc}")


def _local(tag: Any) -> str:
    tag = str(tag)
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag


def _element_text(elem: Any) -> str:
    """An element's text; a group (g:shipping with g:country, g:service ...) as Google's colon form."""
    children = [c for c in elem if isinstance(c.tag, str)]
    if not children:
        return (elem.text or "").strip()
    parts = {_local(c.tag): (c.text or "").strip() for c in children}
    if _local(elem.tag) in ("shipping", "tax"):
        keys = ("country", "region", "service", "price") if _local(elem.tag) == "shipping" else (
            "country", "region", "rate", "tax_ship")
        return ":".join(parts.get(k, "") for k in keys)
    return ":".join(parts.values())
