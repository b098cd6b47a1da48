"""The convert stage's units job: a metric value (`Quantity` in an Akeneo unit code) becomes the market's
preferred unit, rounded by the unit's named rule; the source stays beside it (`LocalizedValue.source`,
`status="converted"`, `extra.rule`), `display` is the CLDR form in the market locale. Unknown unit
codes, NaN, negative weights and temperatures below absolute zero become `block` findings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..akeneo_units import unit_hint
from ..memo import TextMemo
from ..model import LocalizedRecord, LocalizedValue, Quantity, format_decimal
from ..units.akeneo_pint import NON_NEGATIVE_FAMILIES, spec_for
from ..units.formatting import format_quantity
from ..units.registry import UnitError
from .tally import Tally

_ABSOLUTE_ZERO = {"CELSIUS": Decimal("-273.15"), "FAHRENHEIT": Decimal("-459.67"), "KELVIN": Decimal(0),
                  "RANKINE": Decimal(0), "REAUMUR": Decimal("-218.52")}


#: A memo entry (a short key and a conversion outcome) counted as this many characters of `TextMemo`'s
#: bound, so its entries bound (20,000 in the stage) is the one that decides.
OUTCOME_WEIGHT = 256


def convert_metric(record: LocalizedRecord, field: str, value: LocalizedValue, units: Any, kinds: Any,
                   families: dict[str, str], tally: Tally, memo: TextMemo[tuple[Any, ...]] | None = None) -> None:
    """One metric value into the market's unit (rounded by the unit's named rule), or a finding.

    `memo` keeps the outcome per distinct (market, attribute, unit, amount as written, kind): catalogues
    repeat their measures, and nothing else decides it (the market's unit conventions are fixed for the run)."""
    quantity: Quantity = value.data  # type: ignore[assignment]
    amount = quantity.amount
    family = families.get(field)
    spec = spec_for(quantity.unit, family)
    if (spec is None or not amount.is_finite() or (amount < 0 and spec.family in NON_NEGATIVE_FAMILIES)
            or (spec.family == "Temperature" and amount < _ABSOLUTE_ZERO.get(spec.code, Decimal("-1e9")))):
        _invalid(record, field, quantity, spec, family, tally)
        return
    kind = None
    if field not in units.attribute_targets and field not in units.keep_attributes:
        kind = kinds.for_value(record, field, spec.family)
    key = (record.market.code, field, quantity.unit, str(amount), kind.name if kind is not None else None)
    outcome = memo.get(key) if memo is not None else None
    if outcome is None:
        outcome = _outcome(quantity, field, spec, kind, units, record.market.locale)
        if memo is not None:
            memo.put(key, outcome, OUTCOME_WEIGHT)
    what = outcome[0]
    if what == "error":
        tally.finding(record, "unit-not-convertible", field, outcome[1], outcome[2])
        return
    if kind is not None:
        value.extra = {**value.extra, "kind": kind.name}
        tally.counts[f"kind_{kind.name}"] += 1
    if what == "kept":
        value.display = outcome[1]
        tally.counts["metric_kept"] += 1
        return
    _, converted, display, rule, shown = outcome
    record.values[field] = LocalizedValue(
        data=converted,
        source=value.source if value.source is not None else quantity,
        status="converted",
        translatable=False,
        display=display,
        extra={**value.extra, "rule": rule, "from": shown, **({"kind": kind.name} if kind else {})},
    )
    tally.counts["metric_converted"] += 1


def _shown(quantity: Quantity) -> str:
    return f"{format_decimal(quantity.amount) if quantity.amount.is_finite() else quantity.amount} {quantity.unit}"


def _outcome(quantity: Quantity, field: str, spec: Any, kind: Any, units: Any, locale: str) -> tuple[Any, ...]:
    """("error", message, shown) | ("kept", display) | ("converted", Quantity, display, rule, shown)."""
    try:
        if kind is not None:
            converted = units.convert_kind(quantity.amount, quantity.unit, spec.family, kind)
        else:
            converted = units.convert(quantity.amount, quantity.unit, spec.family, attribute=field)
    except UnitError as exc:
        shown = _shown(quantity)
        return ("error", f"{shown!r}: {exc.message}", shown)
    if converted.unit == quantity.unit and converted.amount == quantity.amount:
        return ("kept", format_quantity(quantity.amount, quantity.unit, locale, family=spec.family))
    return ("converted", Quantity(converted.amount, converted.unit),
            format_quantity(converted.amount, converted.unit, locale, family=spec.family), converted.rule,
            _shown(quantity))


def _invalid(record: LocalizedRecord, field: str, quantity: Quantity, spec: Any, family: str | None,
             tally: Tally) -> None:
    """The finding for a metric value that is not a measure of its unit (unknown unit, not a number,
    negative where it cannot be, below absolute zero)."""
    shown = _shown(quantity)
    if spec is None:
        tally.finding(record, "unit-unknown", field,
                      f"unknown unit code {quantity.unit!r} in {shown!r}; {unit_hint(quantity.unit, family)}", shown)
    elif not quantity.amount.is_finite():
        tally.finding(record, "quantity-invalid", field, f"{shown!r} is not a number", shown)
    elif quantity.amount < 0 and spec.family in NON_NEGATIVE_FAMILIES:
        tally.finding(record, "quantity-negative", field,
                      f"{shown!r}: a {spec.family.lower()} cannot be negative", shown)
    else:
        tally.finding(record, "quantity-invalid", field, f"{shown!r} is below absolute zero", shown)
