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
from ..model import FrozenExtra, LocalizedRecord, LocalizedValue, Quantity, format_decimal
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
                   families: dict[str, str], tally: Tally, memo: TextMemo[tuple[Any, ...]] | None = None,
                   seen: dict[str, tuple[Any, ...]] | None = None) -> None:
    """One metric value into the market's unit (rounded by the unit's named rule), or a finding.

    `memo` keeps the outcome per distinct (market, attribute, unit, amount as written, kind): catalogues
    repeat their measures, and nothing else decides it (the market's unit conventions are fixed for the run).
    `seen` (attribute -> (quantity, spec, amount as written)) keeps what no market changes about the last
    valid measure of each attribute: the next market's record of the product holds the same object."""
    quantity: Quantity = value.data  # type: ignore[assignment]
    last = seen.get(field) if seen is not None else None
    if last is not None and last[0] is quantity:
        spec, written = last[1], last[2]
    else:
        amount = quantity.amount
        family = families.get(field)
        spec = spec_for(quantity.unit, family)
        if (spec is None or not amount.is_finite() or (amount < 0 and spec.family in NON_NEGATIVE_FAMILIES)
                or (spec.family == "Temperature" and amount < _ABSOLUTE_ZERO.get(spec.code, Decimal("-1e9")))):
            _invalid(record, field, quantity, spec, family, tally)
            return
        written = str(amount)
        if seen is not None:
            seen[field] = (quantity, spec, written)
    kind = None
    if field not in units.attribute_targets and field not in units.keep_attributes:
        kind = kinds.for_value(record, field, spec.family)
    market = record.market
    key = (market.code, field, quantity.unit, written, kind.name if kind is not None else None)
    outcome = memo.get(key) if memo is not None else None
    if outcome is None:
        outcome = _outcome(quantity, field, spec, kind, units, market.locale)
        if memo is not None:
            memo.put(key, outcome, OUTCOME_WEIGHT)
    what = outcome[0]
    if what == "error":
        tally.finding(record, "unit-not-convertible", field, outcome[1], outcome[2])
        return
    counts = tally.counts
    if kind is not None:
        value.extra = outcome[-1] if not value.extra else {**value.extra, "kind": kind.name}
        counts[f"kind_{kind.name}"] += 1
    if what == "kept":
        value.display = outcome[1]
        counts["metric_kept"] += 1
        return
    _, converted, display, rule, shown, extra, _kind = outcome
    source = value.source
    record.values[field] = LocalizedValue(
        converted, source if source is not None else quantity, "converted", False, display,
        extra if not value.extra else {**value.extra, **extra},
    )
    counts["metric_converted"] += 1


def _shown(quantity: Quantity) -> str:
    return f"{format_decimal(quantity.amount) if quantity.amount.is_finite() else quantity.amount} {quantity.unit}"


def _outcome(quantity: Quantity, field: str, spec: Any, kind: Any, units: Any, locale: str) -> tuple[Any, ...]:
    """("error", message, shown) | ("kept", display, kind extra) | ("converted", Quantity, display, rule,
    shown, extra, kind extra). The extras are the `extra` of a value without one of its own, shared by
    every record the outcome is used for (`FrozenExtra`: nobody writes into them)."""
    try:
        if kind is not None:
            converted = units.convert_kind(quantity.amount, quantity.unit, spec.family, kind)
        else:
            converted = units.convert(quantity.amount, quantity.unit, spec.family, attribute=field)
    except UnitError as exc:
        shown = _shown(quantity)
        return ("error", f"{shown!r}: {exc.message}", shown)
    kind_extra = FrozenExtra({"kind": kind.name}) if kind is not None else None
    if converted.unit == quantity.unit and converted.amount == quantity.amount:
        return ("kept", format_quantity(quantity.amount, quantity.unit, locale, family=spec.family), kind_extra)
    shown = _shown(quantity)
    # the order the details were added in before (kind, then rule and from)
    extra = FrozenExtra({**(kind_extra or {}), "rule": converted.rule, "from": shown})
    return ("converted", Quantity(converted.amount, converted.unit),
            format_quantity(converted.amount, converted.unit, locale, family=spec.family), converted.rule,
            shown, extra, kind_extra)


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
