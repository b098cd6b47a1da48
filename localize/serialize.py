"""Turning model objects into plain JSON data, and back, in one place.

Numbers and amounts are written as strings (`"2.5"`) so no consumer reads them through a
float; quantities are `{"amount", "unit"}`, prices `[{"amount", "currency"}]`.
`dumps` gives one canonical line (sorted keys, no spaces): identical data, identical bytes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson

from .jsonlines import line_safe_bytes
from .model import (
    Finding,
    LocalizedRecord,
    LocalizedValue,
    Market,
    Money,
    Product,
    Quantity,
    ValueData,
    format_decimal,
)

_PLAIN = (str, bool, type(None))


def data_to_json(data: ValueData) -> Any:
    """A value's data as JSON-ready data."""
    kind = type(data)
    if kind in _PLAIN:
        return data
    if kind is Quantity or kind is Money:  # the common exact types first (one identity test each)
        return data.to_dict()  # type: ignore[union-attr]
    if kind is tuple:
        return [data_to_json(item) for item in data]  # type: ignore[union-attr]
    if isinstance(data, Decimal):
        return format_decimal(data)
    if isinstance(data, Quantity | Money):
        return data.to_dict()
    if isinstance(data, tuple):
        return [data_to_json(item) for item in data]  # type: ignore[arg-type]
    raise TypeError(f"cannot serialise {type(data).__name__}")


def data_from_json(data: Any) -> ValueData:
    """The inverse of `data_to_json` for what our feeds contain (numbers stay strings)."""
    if isinstance(data, dict) and "unit" in data and "amount" in data:
        return Quantity(Decimal(str(data["amount"])), str(data["unit"]))
    if isinstance(data, dict) and "currency" in data and "amount" in data:
        return Money(Decimal(str(data["amount"])), str(data["currency"]))
    if isinstance(data, list):
        return tuple(data_from_json(item) for item in data)  # type: ignore[misc]
    return data


def record_to_dict(record: LocalizedRecord) -> dict[str, Any]:
    """One localized product as a feed line (the JSONL feed format; see schemas/feed.schema.json).

    Every record of a run goes through here once (QA checks the result, the runner writes it), so the
    common exact types are converted inline: text, a quantity, a price list (their `to_dict` forms,
    built here without a method call each); anything else through `data_to_json`, which gives the
    same data for these (tests/core/test_core_serialize_fast.py holds the plain version as the oracle)."""
    product = record.product
    market = record.market
    values: dict[str, Any] = {}
    source: dict[str, Any] = {}
    status: dict[str, str] = {}
    display: dict[str, str] = {}
    for code, lv in record.values.items():
        data = lv.data
        kind = type(data)
        if kind is str or data is None:
            values[code] = data
        elif kind is Quantity:
            values[code] = {"amount": format_decimal(data.amount), "unit": data.unit}  # type: ignore[union-attr]
        elif kind is tuple:
            values[code] = [item if type(item) is str  # type: ignore[union-attr]
                            else {"amount": format_decimal(item.amount), "currency": item.currency}  # type: ignore[union-attr]
                            if type(item) is Money else data_to_json(item) for item in data]  # type: ignore[union-attr]
        else:
            values[code] = data_to_json(data)
        status_of = lv.status
        if status_of != "source" or lv.translatable:
            if status_of != "source":
                status[code] = status_of
            was = lv.source
            source[code] = was if type(was) is str else data_to_json(was)
        if lv.display is not None:
            display[code] = lv.display
    findings = record.findings
    out: dict[str, Any] = {
        "identifier": product.identifier,
        "market": market.code,
        "locale": market.locale,
        "source_locale": record.source_locale,
        "country": market.country,
        "currency": market.currency,
        "channel": market.channel,
        "family": product.family,
        "parent": product.parent,
        "categories": list(record.categories or product.categories),
        "enabled": product.enabled,
        "values": values,
        "source": source,
        "status": status,
        "findings": [f.to_dict() for f in findings] if findings else [],
    }
    if display:
        out["display"] = display
    if record.taxonomy:
        out["taxonomy"] = record.taxonomy
    return out


def product_to_dict(product: Product) -> dict[str, Any]:
    """A source product in the Akeneo API standard format (for state, debugging and tests)."""
    return {
        "identifier": product.identifier,
        "family": product.family,
        "parent": product.parent,
        "categories": list(product.categories),
        "enabled": product.enabled,
        "groups": list(product.groups),
        "values": {
            code: [{"locale": v.locale, "scope": v.channel, "data": data_to_json(v.data)} for v in values]
            for code, values in sorted(product.values.items())
        },
    }


def dumps(data: Any) -> str:
    """Canonical JSON text: sorted keys, compact, UTF-8 characters kept."""
    return dumps_bytes(data).decode("utf-8")


def dumps_bytes(data: Any) -> bytes:
    """Canonical JSON as UTF-8 bytes (orjson: the same bytes as `json.dumps(..., sort_keys=True,
    ensure_ascii=False, separators=(",", ":"))`, several times faster on large feeds), with U+2028 and
    U+2029 escaped (`jsonlines`: a line reader or JavaScript reads the line as one)."""
    return line_safe_bytes(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def record_from_dict(data: dict[str, Any], product: Product, market: Market) -> LocalizedRecord:
    """Rebuild a record from its feed line, so an unchanged product is re-emitted byte for byte.

    Writers derive their output only from what `record_to_dict` keeps, so a rebuilt record
    writes exactly what the original did.
    """
    source = data.get("source") or {}
    status = data.get("status") or {}
    display = data.get("display") or {}
    values = {}
    for code, raw in (data.get("values") or {}).items():
        values[code] = LocalizedValue(
            data=data_from_json(raw),
            source=data_from_json(source[code]) if code in source else data_from_json(raw),
            status=status.get(code, "source"),
            translatable=code in source and code not in status,
            display=display.get(code),
        )
    findings = findings_from_json(data.get("findings") or ())
    record = LocalizedRecord(
        product=product,
        market=market,
        source_locale=data.get("source_locale") or "",
        values=values,
        categories=tuple(data.get("categories") or ()),
        taxonomy=data.get("taxonomy") or {},
        findings=findings,
        withheld=bool(data.get("withheld")),
    )
    return record


def findings_from_json(items: Any) -> list[Finding]:
    findings = []
    for item in items:
        item = dict(item)
        if item.get("span") is not None:
            item["span"] = tuple(item["span"])
        if item.get("evidence") is not None:
            item["evidence"] = tuple(dict(e) for e in item["evidence"])
        findings.append(Finding(**item))
    return findings
