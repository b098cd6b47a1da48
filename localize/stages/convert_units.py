"""The convert stage's units job: a metric value (`Quantity` in an Akeneo unit code) becomes the market's
preferred unit, rounded by the unit's named rule; the source stays beside it (`LocalizedValue.source`,
`status="converted"`, `extra.rule`), `display` is the CLDR form in the market locale. Unknown unit
codes, NaN, negative weights and temperatures below absolute zero become `block` findings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..akeneo_units import unit_hint
from ..model import LocalizedRecord, LocalizedValue, Quantity, format_decimal
from ..units.akeneo_pint import NON_NEGATIVE_FAMILIES, spec_for
from ..units.formatting import format_quantity
from ..units.registry import UnitError
from .tally import Tally

_ABSOLUTE_ZERO = {"CELSIUS": Decimal("-273.15"), "FAHRENHEIT": Decimal("-459.67"), "KELVIN": Decimal(0),
                  "RANKINE": Decimal(0), "REAUMUR": Decimal("-218.52")}


def convert_metric(record: LocalizedRecord, field: str, value: LocalizedValue, units: Any, kinds: Any,
                   families: dict[str, str], tally: Tally) -> None:
    """One metric value into the market's unit (rounded by the unit's named rule), or a finding."""
    quantity: Quantity = value.data  # type: ignore[assignment]
    shown = f"{format_decimal(quantity.amount) if quantity.amount.is_finite() else quantity.amount} {quantity.unit}"
    family = families.get(field)
    spec = spec_for(quantity.unit, family)
    if spec is None:
        tally.finding(record, "unit-unknown", field,
                      f"unknown unit code {quantity.unit!r} in {shown!r}; {unit_hint(quantity.unit, family)}", shown)
        return
    if not quantity.amount.is_finite():
        tally.finding(record, "quantity-invalid", field, f"{shown!r} is not a number", shown)
        return
    if quantity.amount < 0 and spec.family in NON_NEGATIVE_FAMILIES:
        tally.finding(record, "quantity-negative", field,
                      f"{shown!r}: a {spec.family.lower()} cannot be negative", shown)
        return
    if spec.family == "Temperature" and quantity.amount < _ABSOLUTE_ZERO.get(spec.code, Decimal("-1e9")):
        tally.finding(record, "quantity-invalid", field, f"{shown!r} is below absolute zero", shown)
        return
    kind = None
    if field not in units.attribute_targets and field not in units.keep_attributes:
        kind = kinds.for_value(record, field, spec.family)
    try:
        if kind is not None:
            converted = units.convert_kind(quantity.amount, quantity.unit, spec.family, kind)
        else:
            converted = units.convert(quantity.amount, quantity.unit, spec.family, attribute=field)
    except UnitError as exc:
        tally.finding(record, "unit-not-convertible", field, f"{shown!r}: {exc.message}", shown)
        return
    locale = record.market.locale
    if kind is not None:
        value.extra = {**value.extra, "kind": kind.name}
        tally.counts[f"kind_{kind.name}"] += 1
    if converted.unit == quantity.unit and converted.amount == quantity.amount:
        value.display = format_quantity(quantity.amount, quantity.unit, locale, family=spec.family)
        tally.counts["metric_kept"] += 1
        return
    record.values[field] = LocalizedValue(
        data=Quantity(converted.amount, converted.unit),
        source=value.source if value.source is not None else quantity,
        status="converted",
        translatable=False,
        display=format_quantity(converted.amount, converted.unit, locale, family=spec.family),
        extra={**value.extra, "rule": converted.rule, "from": shown, **({"kind": kind.name} if kind else {})},
    )
    tally.counts["metric_converted"] += 1
