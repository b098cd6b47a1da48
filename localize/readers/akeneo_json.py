"""Akeneo API "standard format" JSON/JSONL: products and product models.

`{"identifier", "family", "parent", "categories", "enabled", "values": {attr: [{locale, scope,
data}]}}`; metric data `{amount, unit}`, price collections `[{amount, currency}]`. Product
models carry `code` and `family_variant` instead of `identifier`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..akeneo_units import is_known_unit, unit_hint
from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits, NumberProblem
from ..model import Money, Origin, Product, Quantity, Reject, Value, ValueData
from .akeneo_flat import _short, parse_decimal
from .base import Reader, clean_identifier
from .jsonstream import JsonItemError, iter_json_items


class ValueProblem(ValueError):
    pass


class AkeneoJsonReader(Reader):
    format = "akeneo-json"

    def is_models(self) -> bool:
        for item in iter_json_items(self.path, self.source.encoding, self.source.limits):
            if isinstance(item, JsonItemError):
                return False
            _, obj = item
            return isinstance(obj, dict) and "identifier" not in obj and ("code" in obj or "family_variant" in obj)
        return False

    def channels(self) -> set[str]:
        """Every scope of the file's values: a full streaming pass (set a channel to skip it)."""
        found: set[str] = set()
        for item in iter_json_items(self.path, self.source.encoding):
            if isinstance(item, JsonItemError):
                continue
            values = item[1].get("values") if isinstance(item[1], dict) else None
            if isinstance(values, dict):
                for entries in values.values():
                    if isinstance(entries, list):
                        found.update(e["scope"] for e in entries
                                     if isinstance(e, dict) and isinstance(e.get("scope"), str) and e["scope"])
        return found

    def __iter__(self) -> Iterator[Product | Reject]:
        file = str(self.path)
        ident_attr = self.source.identifier or self.catalog.identifier() or "sku"
        for item in iter_json_items(self.path, self.source.encoding, self.source.limits):
            if isinstance(item, JsonItemError):
                if not item.recoverable:
                    raise InputError(f"{file}:{item.line}: {item}", hint="fix the JSON; a broken array cannot be read past this point")
                yield Reject(Origin(file, item.line), str(item))
                continue
            line, obj = item
            yield self.to_product(obj, Origin(file, line), ident_attr)

    def to_product(self, obj: Any, origin: Origin, ident_attr: str) -> Product | Reject:
        if not isinstance(obj, dict):
            return Reject(origin, f"expected a JSON object, got {type(obj).__name__}")
        is_model = "identifier" not in obj and ("code" in obj or "family_variant" in obj)
        values = obj.get("values") or {}
        if not isinstance(values, dict):
            return Reject(origin, "'values' must be an object of attribute -> list of values", field="values")
        identifier = obj.get("code") if is_model else obj.get("identifier")
        if not identifier and not is_model:
            ident_values = values.get(ident_attr) or []
            if ident_values and isinstance(ident_values, list) and isinstance(ident_values[0], dict):
                identifier = ident_values[0].get("data")
        key = "code" if is_model else "identifier"
        if not isinstance(identifier, str) or not identifier.strip():
            return Reject(Origin(origin.file, origin.line, key), f"missing identifier ('{key}')", field=key)
        identifier, problem = clean_identifier(identifier)
        if problem:
            return Reject(Origin(origin.file, origin.line, key), f"{key}: {problem}", field=key)
        product = Product(identifier=identifier, origin=origin, is_model=is_model)
        for name in ("family", "parent", "family_variant"):
            if not isinstance(obj.get(name), str | None):
                return Reject(Origin(origin.file, origin.line, name), f"'{name}' must be a code (text)", identifier, name)
        for name in ("categories", "groups"):
            if not isinstance(obj.get(name), list | None):
                return Reject(Origin(origin.file, origin.line, name), f"'{name}' must be a list of codes", identifier, name)
        product.family = obj.get("family") or None
        product.parent = obj.get("parent") or None
        product.family_variant = obj.get("family_variant") or None
        product.categories = tuple(str(c) for c in obj.get("categories") or ())
        product.groups = tuple(str(g) for g in obj.get("groups") or ())
        enabled = obj.get("enabled", True)
        product.enabled = bool(enabled) if enabled is not None else True
        associations = obj.get("associations")
        if associations and not isinstance(associations, dict):
            # An empty list is how PHP encodes an empty object; anything else is a broken export, not "no associations".
            return Reject(Origin(origin.file, origin.line, "associations"),
                          "'associations' must be an object of association type -> {products, product_models, groups}",
                          identifier, "associations")
        if isinstance(associations, dict):
            for kind, targets in sorted(associations.items()):
                if targets and not isinstance(targets, dict):
                    where = f"associations.{kind}"
                    return Reject(Origin(origin.file, origin.line, where),
                                  f"'{where}' must be an object of products/product_models/groups -> list of codes",
                                  identifier, where)
                if isinstance(targets, dict):
                    for what, codes in sorted(targets.items()):
                        if codes and not isinstance(codes, list):
                            where = f"associations.{kind}.{what}"
                            return Reject(Origin(origin.file, origin.line, where),
                                          f"'{where}' must be a list of codes", identifier, where)
                        if codes:
                            product.associations[f"{kind}-{what}"] = ",".join(str(c) for c in codes)
        for code, entries in values.items():
            if code == ident_attr and not is_model:
                continue
            if not isinstance(entries, list):
                return Reject(Origin(origin.file, origin.line, code), f"values.{code} must be a list", identifier, code)
            for entry in entries:
                if not isinstance(entry, dict) or "data" not in entry:
                    return Reject(Origin(origin.file, origin.line, code),
                                  f"values.{code}: each value needs 'locale', 'scope' and 'data'", identifier, code)
                if entry["data"] is None:
                    continue
                try:
                    data = self._data(code, entry["data"])
                except (ValueProblem, NumberProblem) as exc:
                    return Reject(Origin(origin.file, origin.line, code), f"values.{code}: {exc}", identifier, code)
                locale, scope = entry.get("locale") or None, entry.get("scope") or None
                if not isinstance(locale, str | None) or not isinstance(scope, str | None):
                    return Reject(Origin(origin.file, origin.line, code),
                                  f"values.{code}: 'locale' and 'scope' must be codes (text) or null", identifier, code)
                info = self.catalog.get(code)  # the definition's spelling: codes are case-insensitive
                product.add(info.code if info else code, Value(locale, scope, data))
        return product

    def _data(self, code: str, data: Any) -> ValueData:
        info = self.catalog.get(code)
        kind = info.kind if info else None
        if kind == "metric" or (kind is None and isinstance(data, dict) and "unit" in data):
            if not isinstance(data, dict):
                raise ValueProblem(f"expected {{amount, unit}}, got {_short(repr(data))}")
            amount = _decimal(data.get("amount"), self.source.limits)
            unit = str(data.get("unit") or "")
            family = info.metric_family if info else None
            if not unit:
                raise ValueProblem(f"amount {data.get('amount')} has no unit")
            if not is_known_unit(unit, family):
                raise ValueProblem(f"unknown unit code '{unit}'; {unit_hint(unit, family)}")
            return Quantity(amount, unit)
        if kind == "price" or (kind is None and isinstance(data, list) and data and isinstance(data[0], dict)
                               and "currency" in data[0]):
            if not isinstance(data, list):
                raise ValueProblem(f"expected a list of {{amount, currency}}, got {_short(repr(data))}")
            items = []
            for item in data:
                if not isinstance(item, dict) or not item.get("currency"):
                    raise ValueProblem(f"price {_short(repr(item))} needs 'amount' and 'currency'")
                if item.get("amount") in (None, ""):
                    continue
                items.append(Money(_decimal(item.get("amount"), self.source.limits), str(item["currency"])))
            return tuple(sorted(items, key=lambda m: m.currency))
        if kind == "number" or (kind is None and isinstance(data, int | float) and not isinstance(data, bool)):
            return _decimal(data, self.source.limits)
        if isinstance(data, bool):
            return data
        if isinstance(data, list):
            return tuple(str(x) for x in data)
        if isinstance(data, dict):
            raise ValueProblem(f"unexpected object {_short(repr(data))}")
        return str(data)


def _decimal(raw: Any, limits: Limits = DEFAULT_LIMITS) -> Decimal:
    if isinstance(raw, bool) or raw is None or isinstance(raw, dict | list):
        raise ValueProblem(f"{_short(repr(raw))} is not a number")
    value = parse_decimal(repr(raw) if isinstance(raw, float) else str(raw), limits)
    if value is None:
        raise ValueProblem(f"'{_short(str(raw))}' is not a number")
    return value
