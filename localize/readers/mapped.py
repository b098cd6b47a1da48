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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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
        self.values: list[MappedValue] = []
        for attribute, item in (spec.get("values") or {}).items():
            if isinstance(item, str):
                item = {"column": item}
            kind = item.get("type", "text")
            default_locale = source_locale if kind == "text" else None
            self.values.append(
                MappedValue(
                    attribute=attribute,
                    column=item["column"],
                    kind=kind,
                    locale=to_pim_locale(item.get("locale", default_locale)) if item.get("locale", default_locale) else None,
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
        if problem:
            return Reject(Origin(origin.file, origin.line, self.identifier), f"column {self.identifier}: {problem}",
                          field=self.identifier)
        if not identifier:
            return Reject(Origin(origin.file, origin.line, self.identifier),
                          f"missing identifier (column {self.identifier})", field=self.identifier)
        product = Product(identifier=identifier, origin=origin)
        if self.family:
            product.family = _text(get(self.family)) or None
        if self.parent:
            product.parent = _text(get(self.parent)) or None
        if self.categories:
            raw = get(self.categories)
            if isinstance(raw, list):
                product.categories = tuple(str(x) for x in raw if str(x).strip())
            else:
                product.categories = tuple(
                    p.strip() for p in _text(raw).split(self.category_separator) if p.strip()
                )
        if self.enabled:
            flag = _text(get(self.enabled)).lower()
            if flag in FALSE_WORDS:
                product.enabled = False
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
        if kind == "text" or kind == "date" or kind == "option":
            return _text(raw)
        if kind == "options":
            if isinstance(raw, list):
                return tuple(str(x) for x in raw)
            return tuple(p.strip() for p in _text(raw).split(mv.separator) if p.strip())
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            flag = _text(raw).lower()
            if flag in TRUE_WORDS:
                return True
            if flag in FALSE_WORDS:
                return False
            raise ValueError(f"'{_short(_text(raw))}' is not a boolean; use 1 or 0")
        if isinstance(raw, dict | list):
            raise ValueError(f"expected a number, got a JSON {type(raw).__name__}")
        amount = parse_decimal(repr(raw) if isinstance(raw, float) else _text(raw), self.limits)
        if amount is None:
            raise ValueError(f"'{_short(_text(raw))}' is not a number; use a dot as decimal separator, e.g. 2.5")
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
        position = {name.strip().strip("\ufeff"): i for i, name in enumerate(header)}
        missing = [c for c in cmap.columns() if c not in position]
        if missing:
            raise InputError(
                f"{self.path}:1: column(s) {', '.join(repr(m) for m in missing)} named in source.columns are not in the header",
                hint=f"the header has: {', '.join(h for h in header[:30])}",
            )
        for item in rows:
            if isinstance(item, Reject):
                yield item
                continue
            line, row = item  # type: ignore[misc]
            if len(row) != len(header):
                yield Reject(Origin(file, line), f"{len(row)} fields, the header has {len(header)}; check quoting and delimiters")
                continue
            yield cmap.to_product(lambda c, row=row: row[position[c]], Origin(file, line))


class MappedJsonlReader(Reader):
    format = "jsonl"

    def channels(self) -> set[str]:
        return {v.channel for v in ColumnMap(self.source.columns or {}, self.source.locale).values if v.channel}

    def __iter__(self) -> Iterator[Product | Reject]:
        cmap = ColumnMap(self.source.columns or {}, self.source.locale, self.source.limits)
        file = str(self.path)
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
            yield cmap.to_product(lambda c, obj=obj: get_path(obj, c), Origin(file, line))


def get_path(obj: Any, path: str) -> Any:
    """`attributes.title` / `images.0.src` inside nested JSON; None when absent."""
    current = obj
    for part in path.split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
        if current is None:
            return None
    return current
