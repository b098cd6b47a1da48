"""Akeneo's flat (tabular) product format, shared by the CSV and XLSX readers.

A header like `description-de_DE-ecommerce` means attribute `description`, locale `de_DE`,
channel `ecommerce`; `weight` + `weight-unit` is one metric value; `price-EUR` is one price
of a price collection. We classify each header once (`FlatLayout`) so that converting a
row is a tight loop over the non-empty cells.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from ..akeneo_units import is_known_unit, unit_hint
from ..attributes import AttributeCatalog
from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits, NumberProblem, parse_number
from ..model import Money, Origin, Product, Quantity, Reject, Value
from .base import clean_identifier

LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?_[A-Z]{2}$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
ASSOCIATION_RE = re.compile(r"^(?P<type>[^-]+)-(?P<what>groups|products|product_models)(?:-quantity)?$")
COMBINED_METRIC_RE = re.compile(r"^\s*(?P<amount>[-+]?\d+(?:\.\d+)?)\s+(?P<unit>[A-Z][A-Z_]*)\s*$")
COMBINED_PRICE_RE = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s+[A-Z]{3}(?:\s*,\s*[-+]?\d+(?:\.\d+)?\s+[A-Z]{3})*\s*$")
PRICE_ITEM_RE = re.compile(r"(?P<amount>[-+]?\d+(?:\.\d+)?)\s+(?P<currency>[A-Z]{3})")

FIXED_ROLES = {
    "family": "family",
    "parent": "parent",
    "categories": "categories",
    "enabled": "enabled",
    "groups": "groups",
    "uuid": "uuid",
    "family_variant": "family_variant",
}

PLAIN_KINDS = frozenset({"text", "date", "file", "option"})
TRUE_WORDS = {"1", "true", "yes", "y"}
FALSE_WORDS = {"0", "false", "no", "n"}


@dataclass(frozen=True, slots=True)
class ValueColumn:
    index: int
    name: str
    attribute: str
    locale: str | None
    channel: str | None
    currency: str | None
    kind: str  # text | number | bool | option | options | metric | price | date | file | auto
    unit_index: int | None = None
    metric_family: str | None = None


@dataclass
class FlatLayout:
    """How each column of a flat export maps onto the product model."""

    columns: list[str]
    identifier_index: int
    identifier_name: str
    is_model: bool
    roles: dict[str, int]
    values: list[ValueColumn]
    associations: list[tuple[int, str]]
    unit_columns: set[int]
    limits: Limits = field(default=DEFAULT_LIMITS)

    def __post_init__(self) -> None:
        self._plain = [(c.index, c.attribute, c.locale, c.channel) for c in self.values if c.kind in PLAIN_KINDS]
        self._auto = [(c.index, c.attribute, c.locale, c.channel, c) for c in self.values if c.kind == "auto"]
        self._typed = [c for c in self.values if c.kind not in PLAIN_KINDS and c.kind != "auto"]

    @classmethod
    def from_header(
        cls, header: list[str], file: str, catalog: AttributeCatalog, identifier: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> FlatLayout:
        check_header_width(header, file, limits)
        names = [h.strip().strip("\ufeff") for h in header]
        counts = Counter(n for n in names if n)
        dupes = sorted(n for n, c in counts.items() if c > 1)
        if dupes:
            shown = ", ".join(dupes[:10]) + (f" and {len(dupes) - 10} more" if len(dupes) > 10 else "")
            raise InputError(f"{file}:1: column {shown} appears more than once in the header",
                             hint="remove the duplicate column; each attribute/locale/channel must appear once")
        is_model = "family_variant" in names or (
            "code" in names and (identifier or catalog.identifier() or "sku") not in names
        )
        ident_name = "code" if is_model else (identifier or catalog.identifier() or _guess_identifier(names))
        if ident_name not in names:
            raise InputError(
                f"{file}:1: no identifier column '{ident_name}' in the header",
                hint="set source.identifier to the column holding the product identifier (e.g. sku)",
            )
        position = {name: i for i, name in enumerate(names)}
        roles: dict[str, int] = {}
        values: list[ValueColumn] = []
        associations: list[tuple[int, str]] = []
        unit_columns: set[int] = set()
        for i, name in enumerate(names):
            if not name:
                continue
            if i == position[ident_name]:
                continue
            if name in FIXED_ROLES and name not in catalog:
                roles[FIXED_ROLES[name]] = i
                continue
            parts = name.split("-")
            attribute = parts[0]
            if attribute not in catalog and ASSOCIATION_RE.match(name):
                associations.append((i, name))
                continue
            if parts[-1] == "unit" and len(parts) > 1:
                unit_columns.add(i)
                continue
            locale = channel = currency = None
            for part in parts[1:]:
                if LOCALE_RE.match(part):
                    locale = part
                elif CURRENCY_RE.match(part) and catalog.kind(attribute) in (None, "price"):
                    currency = part
                else:
                    channel = part
            unit_name = name + "-unit"
            unit_index = position.get(unit_name)
            info = catalog.get(attribute)
            if info is not None:
                attribute = info.code  # the definition's spelling (codes are case-insensitive)
                kind = info.kind
                if kind == "identifier":
                    kind = "text"
            elif currency:
                kind = "price"
            elif unit_index is not None:
                kind = "metric"
            else:
                kind = "auto"
            values.append(
                ValueColumn(
                    index=i,
                    name=name,
                    attribute=attribute,
                    locale=locale,
                    channel=channel,
                    currency=currency,
                    kind=kind,
                    unit_index=unit_index,
                    metric_family=info.metric_family if info else None,
                )
            )
        return cls(
            columns=names,
            identifier_index=position[ident_name],
            identifier_name=ident_name,
            is_model=is_model,
            roles=roles,
            values=values,
            associations=associations,
            unit_columns=unit_columns,
            limits=limits,
        )

    def channels(self) -> set[str]:
        """The channels named by scopable columns (`description-de_DE-ecommerce` -> ecommerce)."""
        return {c.channel for c in self.values if c.channel}

    def to_product(self, row: list[str], origin: Origin) -> Product | Reject:
        """One row as a Product, or a Reject naming the column and what to fix."""
        ncols = len(self.columns)
        if len(row) != ncols:
            return Reject(origin, f"{len(row)} fields, the header has {ncols}; check quoting and delimiters",
                          identifier=_safe_cell(row, self.identifier_index))
        identifier, problem = clean_identifier(row[self.identifier_index])
        if problem:
            return Reject(Origin(origin.file, origin.line, self.identifier_name),
                          f"column {self.identifier_name}: {problem}", field=self.identifier_name)
        if not identifier:
            return Reject(Origin(origin.file, origin.line, self.identifier_name),
                          f"missing identifier (column {self.identifier_name})", field=self.identifier_name)
        product = Product(identifier=identifier, origin=origin, is_model=self.is_model)
        product.fingerprint = _row_digest(row)
        roles = self.roles
        problems: list[tuple[str, str]] = []
        if "family" in roles:
            product.family = row[roles["family"]].strip() or None
        if "parent" in roles:
            product.parent = row[roles["parent"]].strip() or None
        if "categories" in roles:
            product.categories = _split_list(row[roles["categories"]])
        if "groups" in roles:
            product.groups = _split_list(row[roles["groups"]])
        if "family_variant" in roles:
            product.family_variant = row[roles["family_variant"]].strip() or None
        if "enabled" in roles:
            flag = row[roles["enabled"]].strip().lower()
            if flag in TRUE_WORDS or flag == "":
                product.enabled = True
            elif flag in FALSE_WORDS:
                product.enabled = False
            else:
                problems.append(("enabled", f"'{row[roles['enabled']]}' is not a boolean; use 1 or 0"))
        prices: dict[tuple[str, str | None, str | None], list[Money]] = {}
        values = product.values
        # Fast path: text-like columns need no parsing (most cells of a catalogue).
        for index, attribute, locale, channel in self._plain:
            cell = row[index]
            if cell:
                entries = values.get(attribute)
                if entries is None:
                    values[attribute] = [Value(locale, channel, cell)]
                else:
                    entries.append(Value(locale, channel, cell))
        # Untyped columns (no attribute definitions): text, unless a cell is a combined
        # metric (`500 GRAM`) or price form; the cheap first/last-character test skips most.
        for index, attribute, locale, channel, col in self._auto:
            cell = row[index]
            if cell:
                data: object = cell
                if "A" <= cell[-1] <= "Z" and (cell[0].isdigit() or cell[0] in "+- "):
                    try:
                        data = _auto(col, cell, self.limits)
                    except NumberProblem as exc:
                        problems.append((col.name, str(exc)))
                        continue
                entries = values.get(attribute)
                if entries is None:
                    values[attribute] = [Value(locale, channel, data)]  # type: ignore[arg-type]
                else:
                    entries.append(Value(locale, channel, data))  # type: ignore[arg-type]
        limits = self.limits
        for col in self._typed:
            cell = row[col.index]
            if not cell:
                continue
            try:
                data = self._typed_data(col, cell, row, prices, limits)
            except NumberProblem as exc:
                problems.append((col.name, str(exc)))
                continue
            except _CellProblem as exc:
                problems.append((col.name, str(exc)))
                continue
            if data is _PRICE_DONE:
                continue
            value = Value(col.locale, col.channel, data)  # type: ignore[arg-type]
            entries = values.get(col.attribute)
            if entries is None:
                values[col.attribute] = [value]
            else:
                entries.append(value)
        for (attribute, locale, channel), items in prices.items():
            # one currency column (most exports): nothing to sort
            product.add(attribute, Value(locale, channel, (items[0],) if len(items) == 1
                                         else tuple(sorted(items, key=_currency))))
        for index, name in self.associations:
            if row[index]:
                product.associations[name] = row[index]
        if problems:
            column, _ = problems[0]
            reason = "; ".join(f"column {c}: {p}" for c, p in problems)
            return Reject(Origin(origin.file, origin.line, column), reason, identifier=identifier, field=column)
        return product

    def _typed_data(self, col: ValueColumn, cell: str, row: list[str],
                    prices: dict[tuple[str, str | None, str | None], list[Money]], limits: Limits) -> object:
        """The value of one typed cell; `_CellProblem`/`NumberProblem` say what is wrong with it."""
        kind = col.kind
        if kind == "price":
            if col.currency:
                amount = parse_decimal(cell, limits)
                if amount is None:
                    raise _CellProblem(f"'{_short(cell)}' is not a price amount; write it like 12.50")
                prices.setdefault((col.attribute, col.locale, col.channel), []).append(Money(amount, col.currency))
                return _PRICE_DONE
            data = parse_price_list(cell, limits)
            if data is None:
                raise _CellProblem(f"'{_short(cell)}' is not a price list; write it like '10.00 EUR, 12.00 USD'")
            return data
        if kind == "metric":
            quantity, problem = self._metric(col, cell, row)
            if problem:
                raise _CellProblem(problem)
            return quantity
        if kind == "number":
            number = parse_decimal(cell, limits)
            if number is None:
                raise _CellProblem(f"'{_short(cell)}' is not a number; use a dot as decimal separator, e.g. 2.5")
            return number
        if kind == "bool":
            flag = cell.strip().lower()
            if flag in TRUE_WORDS:
                return True
            if flag in FALSE_WORDS:
                return False
            raise _CellProblem(f"'{_short(cell)}' is not a boolean; use 1 or 0")
        if kind == "options":
            return _split_list(cell)
        return cell

    def _metric(self, col: ValueColumn, cell: str, row: list[str]) -> tuple[Quantity | None, str | None]:
        if col.unit_index is not None:
            unit = row[col.unit_index].strip()
            amount_text = cell
        else:
            match = COMBINED_METRIC_RE.match(cell)
            if not match:
                return None, f"'{_short(cell)}' is not a measurement; write it like '500 GRAM' or use a {col.name}-unit column"
            amount_text, unit = match.group("amount"), match.group("unit")
        amount = parse_decimal(amount_text, self.limits)
        if amount is None:
            return None, f"'{_short(amount_text)}' is not a number; use a dot as decimal separator, e.g. 2.5"
        if not unit:
            return None, f"amount {amount_text} has no unit; fill {col.name}-unit with an Akeneo unit code"
        if not is_known_unit(unit, col.metric_family):
            family = f" of family {col.metric_family}" if col.metric_family else ""
            return None, f"unknown unit code '{unit}'{family}; {unit_hint(unit, col.metric_family)}"
        return Quantity(amount, unit), None


def _row_digest(row: list[str]) -> str:
    """A hash of the raw row: an unchanged row means an unchanged product (incremental runs)."""
    return hashlib.blake2b("\x1f".join(row).encode(), digest_size=16).hexdigest()


def _guess_identifier(names: list[str]) -> str:
    for candidate in ("sku", "identifier"):
        if candidate in names:
            return candidate
    return "sku"


def _auto(col: ValueColumn, cell: str, limits: Limits = DEFAULT_LIMITS) -> object:
    """Without attribute definitions, recognise Akeneo's combined metric and price forms."""
    match = COMBINED_METRIC_RE.match(cell)
    if match and is_known_unit(match.group("unit")):
        amount = parse_decimal(match.group("amount"), limits)
        if amount is not None:
            return Quantity(amount, match.group("unit"))
    if "price" in col.attribute and COMBINED_PRICE_RE.match(cell):
        parsed = parse_price_list(cell, limits)
        if parsed is not None:
            return parsed
    return cell


def _split_list(cell: str) -> tuple[str, ...]:
    if not cell:
        return ()
    if "," not in cell:
        stripped = cell.strip()
        return (stripped,) if stripped else ()
    return tuple(part for part in (p.strip() for p in cell.split(",")) if part)


def _safe_cell(row: list[str], index: int) -> str | None:
    return row[index].strip() or None if index < len(row) else None


class _CellProblem(ValueError):
    """One cell cannot be read; the message says what to write instead."""


_PRICE_DONE = object()  # a single-currency price cell, collected into the row's price list
_currency = attrgetter("currency")  # a price list is sorted by currency code


def _short(text: str, limit: int = 80) -> str:
    """A cell as quoted in a message: long cells are cut so a reject line stays readable."""
    return text if len(text) <= limit else f"{text[:limit - 20]}...({len(text)} characters)"


def check_header_width(header: list[str], file: str, limits: Limits) -> None:
    """A header wider than `limits.max_columns` stops the read before any per-column work."""
    if len(header) > limits.max_columns:
        raise InputError(f"{file}:1: the header has {len(header)} columns, more than {limits.max_columns}",
                         hint="check the delimiter (source.delimiter) and that this is a product export; "
                              "a catalogue that really has more columns can raise source.limits.max_columns")


def parse_decimal(text: str, limits: Limits = DEFAULT_LIMITS) -> Decimal | None:
    """A finite Decimal from PIM text (dot decimal separator), or None; `NumberProblem` when out of bounds.

    Most cells are short plain amounts (`2421`, `66.90`): n ASCII characters, digits and at most one
    point, hold at most n significant digits, n - 1 decimals and a power of ten of n - 1, so a short
    enough one is inside every bound and skips `parse_number`'s checks (0.46 vs 0.91 us a cell; three
    cells a product here). Anything else goes through `parse_number`."""
    if (len(text) <= min(limits.max_number_digits, limits.max_decimals + 1, limits.max_number_exponent + 1)
            and text.isascii() and text.replace(".", "", 1).isdigit()):
        return Decimal(text)
    return parse_number(text, limits)


def parse_price_list(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Money, ...] | None:
    """`"10.00 EUR, 12.00 USD"` -> prices, or None when the text is not in that form."""
    if not COMBINED_PRICE_RE.match(text):
        return None
    items = []
    for match in PRICE_ITEM_RE.finditer(text):
        amount = parse_decimal(match.group("amount"), limits)
        if amount is None:
            return None
        items.append(Money(amount, match.group("currency")))
    return tuple(sorted(items, key=_currency))
