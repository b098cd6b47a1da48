"""Generic CSV and JSONL through a column map, so Pimcore, Salsify or Shopify exports need no code.

    source:
      format: csv            # or jsonl (columns are then dotted paths: attributes.title)
      columns:
        identifier: Handle
        categories: {column: Product Category, separator: "|"}
        values:
          name: Title                                   # text in the source locale
          weight: {column: Variant Grams, type: metric, unit: GRAM}
          price: {column: Variant Price, type: price, currency: USD}
          description:                                  # one attribute, a column per locale
            columns: {en_US: "description#en", de_DE: "description#de"}
        decimal: ","           # the file writes 12,99 (a de-DE spreadsheet); default "."
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..akeneo_units import is_known_unit, unit_hint
from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from ..locale import to_pim_locale
from ..model import Money, Origin, Product, Quantity, Reject, Value, ValueData
from .akeneo_flat import FALSE_WORDS, TRUE_WORDS, _short, parse_decimal
from .base import Reader, clean_identifier
from .csvstream import iter_rows
from .jsonstream import JsonItemError, iter_json_items

#: Bump when what the column map reads from a cell changes (a nightly run's stored records were built
#: from the source as read then): mapped-2 reads one-value JSON lists, grouped numbers and
#: `source.columns.decimal`, and sets aside JSON objects and lists it used to publish as Python's repr.
MAPPED_READING_VERSION = "mapped-2"


@dataclass(frozen=True)
class MappedValue:
    attribute: str
    column: str
    kind: str
    locale: str | None
    channel: str | None
    unit: str | None
    unit_column: str | None
    currency: str | None
    separator: str


class ColumnMap:
    """The `source.columns` section, normalised."""

    def __init__(self, spec: dict[str, Any], source_locale: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.identifier: str = spec["identifier"]
        self.family: str | None = spec.get("family")
        self.parent: str | None = spec.get("parent")
        self.enabled: str | None = spec.get("enabled")
        cats = spec.get("categories")
        if isinstance(cats, dict):
            self.categories, self.category_separator = cats["column"], cats.get("separator", ",")
        else:
            self.categories, self.category_separator = cats, ","
        self.decimal: str = spec.get("decimal", ".")
        self.values: list[MappedValue] = []
        for attribute, item in (spec.get("values") or {}).items():
            if isinstance(item, str):
                item = {"column": item}
            kind = item.get("type", "text")
            default_locale = source_locale if kind == "text" else None
            # `columns: {de_DE: "name#de", en_US: "name#en"}`: a localizable attribute whose locales
            # are columns of their own (Pimcore `name#de`, Salsify `Name (de-DE)`); one mapping, since
            # a YAML mapping cannot name the attribute twice.
            per_locale = item.get("columns")
            pairs = ([(to_pim_locale(loc), col) for loc, col in per_locale.items()] if per_locale else
                     [(to_pim_locale(item.get("locale", default_locale)) if item.get("locale", default_locale) else None,
                       item["column"])])
            for locale, column in pairs:
                self.values.append(
                    MappedValue(
                        attribute=attribute,
                        column=column,
                        kind=kind,
                        locale=locale,
                        channel=item.get("channel"),
                        unit=item.get("unit"),
                        unit_column=item.get("unit_column"),
                        currency=item.get("currency"),
                        separator=item.get("separator", ","),
                    )
                )

    def columns(self) -> list[str]:
        names = [self.identifier, self.family, self.parent, self.enabled, self.categories]
        for v in self.values:
            names.append(v.column)
            names.append(v.unit_column)
        return [n for n in names if n]

    def to_product(self, get: Any, origin: Origin) -> Product | Reject:
        """Build a product; `get(column)` returns the raw cell (str for CSV, any JSON for JSONL)."""
        raw_id = get(self.identifier)
        if isinstance(raw_id, dict | list):
            return Reject(Origin(origin.file, origin.line, self.identifier),
                          f"column {self.identifier}: the identifier must be text, not a JSON {type(raw_id).__name__}",
                          field=self.identifier)
        identifier, problem = clean_identifier("" if raw_id is None else str(raw_id))
        problem = problem or shown_in_exponent(identifier)
        if problem:
            return Reject(Origin(origin.file, origin.line, self.identifier), f"column {self.identifier}: {problem}",
                          field=self.identifier)
        if not identifier:
            return Reject(Origin(origin.file, origin.line, self.identifier),
                          f"missing identifier (column {self.identifier})", field=self.identifier)
        product = Product(identifier=identifier, origin=origin)
        for column, attr in ((self.family, "family"), (self.parent, "parent")):
            if column:
                raw = get(column)
                if isinstance(raw, list) and len(raw) == 1 and _is_scalar(raw[0]):
                    raw = raw[0]
                if isinstance(raw, dict | list):
                    return Reject(Origin(origin.file, origin.line, column),
                                  f"column {column}: {_json_shape(raw)}, not a {attr} code", identifier=identifier,
                                  field=column)
                setattr(product, attr, _text(raw) or None)
        if self.categories:
            raw = get(self.categories)
            if isinstance(raw, list):
                if not all(_is_scalar(x) for x in raw):
                    return Reject(Origin(origin.file, origin.line, self.categories),
                                  f"column {self.categories}: {_json_shape(raw)}; categories are a list of codes",
                                  identifier=identifier, field=self.categories)
                product.categories = tuple(_text(x) for x in raw if _text(x).strip())
            else:
                product.categories = tuple(
                    p.strip() for p in _text(raw).split(self.category_separator) if p.strip()
                )
        if self.enabled:
            flag = _text(get(self.enabled)).strip().lower()
            if flag in FALSE_WORDS or flag in _SHEET_FALSE:
                product.enabled = False
            elif flag and flag not in TRUE_WORDS and flag not in _SHEET_TRUE:
                # an unknown word read as "enabled" would publish a product the PIM switched off
                return Reject(Origin(origin.file, origin.line, self.enabled),
                              f"column {self.enabled}: '{_short(flag)}' is not a yes/no value; the export should "
                              "write 1 or 0 (true/false, yes/no, active/inactive)", identifier=identifier,
                              field=self.enabled)
        problems: list[tuple[str, str]] = []
        for mv in self.values:
            raw = get(mv.column)
            if raw is None or raw == "":
                continue
            try:
                data = self._data(mv, raw, get)
            except ValueError as exc:
                problems.append((mv.column, str(exc)))
                continue
            if data is not None:
                product.add(mv.attribute, Value(mv.locale, mv.channel, data))
        if problems:
            column = problems[0][0]
            reason = "; ".join(f"column {c}: {p}" for c, p in problems)
            return Reject(Origin(origin.file, origin.line, column), reason, identifier=identifier, field=column)
        return product

    def _data(self, mv: MappedValue, raw: Any, get: Any) -> ValueData:
        kind = mv.kind
        if kind == "options":
            if isinstance(raw, list):
                if not all(_is_scalar(x) for x in raw):
                    raise ValueError(f"{_json_shape(raw)}; options are a list of codes")
                return tuple(_text(x) for x in raw)
            return tuple(p.strip() for p in _text(raw).split(mv.separator) if p.strip())
        if isinstance(raw, list) and len(raw) == 1 and _is_scalar(raw[0]):
            raw = raw[0]  # Salsify and most JSON exports write a one-value property as a list
        if isinstance(raw, dict | list):
            # str() would publish Python's repr ("['black']", "{'en': ...}") as the product's copy
            what = "an option code" if kind == "option" else "a number" if kind in _NUMERIC else "a text"
            raise ValueError(f"{_json_shape(raw)}, not {what}; {_shape_hint(raw, mv)}")
        if kind == "text" or kind == "date" or kind == "option":
            text = _text(raw)
            problem = shown_in_exponent(text) if isinstance(raw, str) else None
            if problem:
                raise ValueError(problem)
            return text
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            flag = _text(raw).strip().lower()
            if flag in TRUE_WORDS or flag in _SHEET_TRUE:
                return True
            if flag in FALSE_WORDS or flag in _SHEET_FALSE:
                return False
            raise ValueError(f"'{_short(_text(raw))}' is not a boolean; use 1 or 0")
        if isinstance(raw, float):  # a JSON number: its digits as written, whatever source.columns.decimal says
            amount = parse_decimal(repr(raw), self.limits)
            if amount is None:
                raise ValueError(f"'{raw!r}' is not a finite number")
        elif kind == "price" and mv.currency:
            amount = parse_amount(without_currency(_text(raw), mv.currency), self.decimal, self.limits)
        else:
            amount = parse_amount(_text(raw), self.decimal, self.limits)
        if kind == "number":
            return amount
        if kind == "metric":
            unit = _text(get(mv.unit_column)) if mv.unit_column else (mv.unit or "")
            if not unit:
                raise ValueError(f"no unit for {raw}; set `unit` or `unit_column` in source.columns.values.{mv.attribute}")
            if not is_known_unit(unit):
                raise ValueError(f"unknown unit code '{unit}'; {unit_hint(unit)}")
            return Quantity(amount, unit)
        if kind == "price":
            if not mv.currency:
                raise ValueError(f"set `currency` in source.columns.values.{mv.attribute}")
            return (Money(amount, mv.currency),)
        raise ValueError(f"unknown type {kind}")


_NUMERIC = ("number", "metric", "price")
#: yes/no as spreadsheets and shop exports write them besides 1/0 (a de-DE Excel saves WAHR/FALSCH, fr-FR VRAI/FAUX)
_SHEET_TRUE = frozenset({"wahr", "vrai", "active", "enabled", "on"})
_SHEET_FALSE = frozenset({"falsch", "faux", "inactive", "disabled", "off"})

#: a whole cell a spreadsheet wrote as it showed a long number: `4.00638E+12`, de-DE `4,00638E+12`
_EXPONENT_CELL = re.compile(r"[+-]?\d(?:[.,]\d+)?[Ee][+-]?\d{1,3}")


def shown_in_exponent(text: str) -> str | None:
    """Why a code or text cell cannot be read: Excel shows a number of 12+ digits in a General column
    as `4.00638E+12` and saves a CSV as it shows it, so an EAN, GTIN or numeric SKU loses every digit
    after the sixth. Such a cell is no text anyone wrote; reading it publishes a wrong code."""
    if len(text) > 16 or ("E" not in text and "e" not in text) or not _EXPONENT_CELL.fullmatch(text.strip()):
        return None
    return (f"'{text.strip()}' is a long number a spreadsheet saved in scientific notation: its digits after the "
            "first few are lost; format the column as Text (or Number with no decimals) and save the file again")


def _is_scalar(raw: Any) -> bool:
    return raw is None or isinstance(raw, str | int | float | bool)


def _json_shape(raw: Any) -> str:
    """What a JSON value holds, in words and without Python's repr."""
    if isinstance(raw, dict):
        keys = ", ".join(_short(str(k), 30) for k in list(raw)[:5])
        return f"holds a JSON object (keys: {keys})"
    return f"holds a JSON list of {len(raw)} value(s)"


def _shape_hint(raw: Any, mv: MappedValue) -> str:
    if isinstance(raw, dict):
        first = next(iter(raw), "key")
        return f"name a value inside it in source.columns.values.{mv.attribute}, e.g. {mv.column}.{first}"
    if mv.kind in ("text", "option"):
        return (f"map it with type: options, or one item with a path such as {mv.column}.0 "
                f"(source.columns.values.{mv.attribute})")
    return f"name one item with a path such as {mv.column}.0 (source.columns.values.{mv.attribute})"


#: currency signs a spreadsheet's currency format writes beside an amount, and the currencies each may stand for
_SIGNS: dict[str, tuple[str, ...]] = {
    "€": ("EUR",), "£": ("GBP",), "$": ("USD", "CAD", "AUD", "NZD", "MXN", "HKD", "SGD", "TWD"), "US$": ("USD",),
    "¥": ("JPY", "CNY"), "￥": ("JPY", "CNY"), "₹": ("INR",), "₩": ("KRW",), "₺": ("TRY",), "zł": ("PLN",),
    "kč": ("CZK",), "ft": ("HUF",), "kr": ("SEK", "NOK", "DKK"), "kr.": ("DKK",), "fr.": ("CHF",), "r$": ("BRL",),
}
_SIGNED_AMOUNT = re.compile(r"\s*(?P<pre>[^\d\s.,+-][^\d\s]{0,3})?\s*(?P<num>[-+]?\d[\d.,'’\s\u00a0\u202f]*?)\s*"
                            r"(?P<post>[^\d\s.,][^\d\s]{0,3})?\s*")


def without_currency(text: str, currency: str) -> str:
    """A price cell without the currency sign or code a spreadsheet's currency format wrote beside it
    (`19,90 €`, `$19.90`, `EUR 19.90`); ValueError when the cell names another currency than the column
    map's (`19,90 £` in a EUR column: converting it as EUR would publish the wrong price)."""
    if len(text) > 64 or (text.isascii() and text.replace(".", "", 1).isdigit()):  # plain, or no price at all
        return text
    match = _SIGNED_AMOUNT.fullmatch(text)
    if match is None or (match.group("pre") and match.group("post")):
        return text
    sign = match.group("pre") or match.group("post")
    if not sign:
        return text
    named = (sign.upper(),) if sign.isalpha() and len(sign) == 3 and sign.isupper() else _SIGNS.get(sign.lower())
    if named is None:
        return text  # not a currency: parse_amount says what is wrong with the cell
    if currency not in named:
        raise ValueError(f"'{_short(text)}' is a price in {'/'.join(named)}, but the column map says {currency} "
                         "(source.columns.values.*.currency); map this column with its own currency")
    return match.group("num")


#: the marks a spreadsheet or ERP writes between digit groups, besides the other decimal mark
_SPACE_GROUPS = " \u00a0\u202f\u2009'’"


def parse_amount(text: str, decimal: str = ".", limits: Limits = DEFAULT_LIMITS) -> Decimal:
    """A number cell written with `decimal` as its decimal mark (`source.columns.decimal`), digit groups allowed.

    Spreadsheets save numbers as they show them: a de-DE Excel writes `1.299,00`, an en-US one
    `1,299.00`, a Swiss one `1'299.00`. A group mark is accepted only between groups of three digits
    (`1.5` in a comma file is no number), and a number whose only mark is the OTHER decimal mark in a
    group position (`1,299` in a dot file) is refused as ambiguous: it is 1299 grouped or 1.299 from a
    file written with decimal commas, and reading it either way could publish a price 1000 x off.
    Raises ValueError with what to do; `NumberProblem` (a ValueError) when out of bounds."""
    raw = text.strip()
    amount = parse_decimal(raw, limits) if decimal == "." else None
    if amount is not None:
        return amount
    other = "," if decimal == "." else "."
    match = _amount_re(decimal).fullmatch(raw)
    if match is None:
        if other in raw and raw.count(other) == 1 and decimal not in raw and _looks_decimal(raw, other):
            raise ValueError(f"'{_short(raw)}' is written with a decimal '{other}'; this column map reads "
                             f"'{decimal}' (set source.columns.decimal: \"{other}\" if the file writes decimals so)")
        raise ValueError(f"'{_short(raw)}' is not a number (decimal mark '{decimal}', "
                         f"source.columns.decimal); write it like {'1299.5' if decimal == '.' else '1299,5'}")
    groups, fraction = match.group("int"), match.group("frac")
    if fraction is None and decimal == "." and other in groups and not any(c in groups for c in _SPACE_GROUPS):
        raise ValueError(f"'{_short(raw)}' is ambiguous: {groups.replace(other, '')} with digit groups, or a "
                         f"decimal '{other}'; set source.columns.decimal: \"{other}\" if the file writes "
                         f"decimals with '{other}', or export the number without digit groups")
    digits = re.sub(r"\D", "", groups)
    plain = f"{match.group('sign') or ''}{digits}" + (f".{fraction}" if fraction is not None else "")
    amount = parse_decimal(plain, limits)
    if amount is None:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"'{_short(raw)}' is not a number")
    return amount


def _looks_decimal(raw: str, mark: str) -> bool:
    head, _, tail = raw.lstrip("+-").partition(mark)
    return head.isdigit() and tail.isdigit()


_AMOUNT_RES: dict[str, re.Pattern[str]] = {}


def _amount_re(decimal: str) -> re.Pattern[str]:
    pattern = _AMOUNT_RES.get(decimal)
    if pattern is None:
        groups = re.escape(("," if decimal == "." else ".") + _SPACE_GROUPS)
        pattern = re.compile(rf"(?P<sign>[-+])?(?P<int>\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+)"
                             rf"(?:{re.escape(decimal)}(?P<frac>\d+))?")
        _AMOUNT_RES[decimal] = pattern
    return pattern


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    return str(raw)


class MappedCsvReader(Reader):
    format = "csv"

    def channels(self) -> set[str]:
        return {v.channel for v in ColumnMap(self.source.columns or {}, self.source.locale).values if v.channel}

    def __iter__(self) -> Iterator[Product | Reject]:
        cmap = ColumnMap(self.source.columns or {}, self.source.locale, self.source.limits)
        file = str(self.path)
        rows = iter_rows(self.path, self.source.encoding, self.delimiter,
                         "the first row must name the columns", self.source.limits)
        header: list[str] = next(rows)  # type: ignore[assignment]
        position = header_positions(self.path, 1, header, cmap)
        for item in rows:
            if isinstance(item, Reject):
                yield item
                continue
            line, row = item  # type: ignore[misc]
            if len(row) != len(header):
                yield Reject(Origin(file, line), f"{len(row)} fields, the header has {len(header)}; check quoting and delimiters")
                continue
            yield cmap.to_product(lambda c, row=row: row[position[c]], Origin(file, line))


def header_positions(path: Any, line: int, header: list[str], cmap: ColumnMap) -> dict[str, int]:
    """Column name -> position for the columns the map names; an `InputError` naming the file, the
    header's line and every missing column (with the likely cause) when one is not there. A name twice
    in the header is an error only when the map reads it: which of the two holds the copy is not known."""
    position: dict[str, int] = {}
    twice: list[str] = []
    for i, name in enumerate(header):
        key = name.strip().strip("\ufeff")
        if key in position:
            twice.append(key)
        position.setdefault(key, i)
    wanted = cmap.columns()
    missing = [c for c in wanted if c not in position]
    if missing:
        shown = ", ".join(h for h in header[:30])
        hint = f"the header has: {shown}"
        if len(header) == 1:
            marks = [(m, n) for m, n in ((";", "semicolons"), ("\t", "tabs"), (",", "commas"), ("|", "bars"))
                     if m in header[0]]
            if marks:
                hint = (f"the header is one column holding {marks[0][1]}: set source.delimiter: "
                        f"{marks[0][0]!r} (the header is: {header[0][:200]!r})")
        raise InputError(
            f"{path}:{line}: column(s) {', '.join(repr(m) for m in missing)} named in source.columns are not in the header",
            hint=hint,
        )
    read_twice = sorted({c for c in twice if c in wanted})
    if read_twice:
        raise InputError(f"{path}:{line}: column(s) {', '.join(repr(c) for c in read_twice)} named in source.columns "
                         "appear more than once in the header; which one holds the value is not known",
                         hint="rename or remove the extra column in the export")
    return position


class MappedJsonlReader(Reader):
    format = "jsonl"

    def channels(self) -> set[str]:
        return {v.channel for v in ColumnMap(self.source.columns or {}, self.source.locale).values if v.channel}

    def __iter__(self) -> Iterator[Product | Reject]:
        cmap = ColumnMap(self.source.columns or {}, self.source.locale, self.source.limits)
        file = str(self.path)
        # A JSON record has no header: a path the map names (a typo, `Item Weight` for `Item Weight (lbs)`)
        # would be absent from every record without a word. Count where each path is found.
        self._unfound = set(cmap.columns())  # looked up until found once: no cost once all are seen
        self._records = 0
        self._sections: list[str] = []
        for item in iter_json_items(self.path, self.source.encoding, self.source.limits):
            if isinstance(item, JsonItemError):
                if not item.recoverable:
                    raise InputError(f"{file}:{item.line}: {item}")
                yield Reject(Origin(file, item.line), str(item))
                continue
            line, obj = item
            if not isinstance(obj, dict):
                yield Reject(Origin(file, line), f"expected a JSON object, got {type(obj).__name__}")
                continue
            section = _section(obj)
            if section is not None:
                # Salsify's JSON export: [{"header": ...}, {"attributes": [...]}, {"attribute_values": [...]},
                # {"products": [...]}]; only the products section holds records (read as one JSON value).
                self._sections.append(section)
                if section == "products":
                    for product in obj["products"]:
                        yield self._record(cmap, product, Origin(file, line))
                continue
            yield self._record(cmap, obj, Origin(file, line))

    def _record(self, cmap: ColumnMap, obj: Any, origin: Origin) -> Product | Reject:
        if not isinstance(obj, dict):
            return Reject(origin, f"expected a JSON object, got {type(obj).__name__}")
        self._records += 1
        if self._unfound:
            self._unfound -= {p for p in self._unfound if get_path(obj, p) is not None}
        return cmap.to_product(lambda c, obj=obj: get_path(obj, c), origin)

    def messages(self) -> list[str]:
        records = getattr(self, "_records", 0)
        if not records:
            return []
        never = sorted(self._unfound)
        if not never:
            return []
        return [f"{self.path}: no record of {records} holds {', '.join(repr(p) for p in never)} named in "
                "source.columns; those values are empty in every record - check the spelling against a record "
                "(a path is keys joined by dots: attributes.title, images.0.src)"]


#: the sections of Salsify's JSON export format (a top-level array of one-key objects)
SALSIFY_SECTIONS = frozenset({"header", "attributes", "attribute_values", "products", "digital_assets"})


def _section(obj: dict[str, Any]) -> str | None:
    """The section name of a Salsify JSON export's top-level item, or None for a product record."""
    if len(obj) != 1:
        return None
    (key,) = obj
    if key not in SALSIFY_SECTIONS:
        return None
    value = obj[key]
    if key == "products" and not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
        return None
    return key


def get_path(obj: Any, path: str) -> Any:
    """`attributes.title` / `images.0.src` inside nested JSON; None when absent.

    A key may itself hold dots (Salsify's `Item Weight (lbs.)`, `salsify:digital_assets`): the whole
    path as one key is tried first, then at each level the longest run of parts that is a key."""
    if isinstance(obj, dict):
        found = obj.get(path)
        if found is not None or "." not in path:
            return found
    parts = path.split(".")
    current = obj
    i = 0
    while i < len(parts):
        if isinstance(current, dict):
            for j in range(len(parts), i, -1):
                key = parts[i] if j == i + 1 else ".".join(parts[i:j])
                if key in current:
                    current, i = current[key], j
                    break
            else:
                return None
        elif isinstance(current, list) and parts[i].isdigit() and int(parts[i]) < len(current):
            current, i = current[int(parts[i])], i + 1
        else:
            return None
        if current is None:
            return None
    return current
