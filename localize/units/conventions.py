"""What units a market reads: measurement system from CLDR, preferred units, rounding, overrides.

The measurement system of a country comes from CLDR's supplemental `measurementData`
(`units.systems`).

Preferred units are chosen per SOURCE unit, not per value: every `CENTIMETER` of a
catalogue becomes `INCH` in the US, so one attribute never mixes inches and feet (feeds and
facet filters need one unit per attribute). The one exception is a ladder, for volumes
sold in the US, where `fl oz` turns into `gal` from 128 fl oz on. Everything is overridable
per market (`units.convert`, `units.attributes`, `units.rounding`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from ..errors import ConfigError
from ..locale import babel_locale, to_bcp47
from .akeneo_pint import spec_for
from .kinds import resolve_kinds
from .registry import UnitError, factor, require_spec
from .rounding import RoundingRule, rule
from .systems import SYSTEMS, measurement_system, temperature_system


@dataclass(frozen=True, slots=True)
class Rung:
    """One step of a ladder: use `unit` while the converted value is below `below`."""

    unit: str
    below: Decimal | None = None


Target = tuple[Rung, ...]
TEXT_POLICIES = ("convert", "both", "keep")

_METRIC: dict[str, Any] = {
    "Weight.POUND": "KILOGRAM", "Weight.OUNCE": "GRAM", "Weight.GRAIN": "MILLIGRAM",
    "Length.INCH": "CENTIMETER", "Length.FEET": "METER", "Length.YARD": "METER", "Length.MILE": "KILOMETER",
    "Length.MIL": "MILLIMETER", "Area.SQUARE_INCH": "SQUARE_CENTIMETER", "Area.SQUARE_FOOT": "SQUARE_METER",
    "Area.SQUARE_YARD": "SQUARE_METER", "Area.ACRE": "HECTARE", "Area.SQUARE_MILE": "SQUARE_KILOMETER",
    "Volume.OUNCE": "MILLILITER", "Volume.US_FLUID_OUNCE": "MILLILITER", "Volume.PINT": "MILLILITER",
    "Volume.US_PINT": "MILLILITER", "Volume.US_QUART": "LITER", "Volume.GALLON": "LITER",
    "Volume.US_GALLON": "LITER", "Volume.BARREL": "LITER", "Volume.CUBIC_INCH": "CUBIC_CENTIMETER",
    "Volume.CUBIC_FOOT": "LITER", "Volume.CUBIC_YARD": "CUBIC_METER",
    "Speed.MILE_PER_HOUR": "KILOMETER_PER_HOUR", "Speed.FOOT_PER_SECOND": "METER_PER_SECOND",
    "Speed.FOOT_PER_HOUR": "METER_PER_HOUR", "Speed.YARD_PER_HOUR": "METER_PER_HOUR",
    "Pressure.PSI": "BAR",
}
_LITER_LADDER = [{"unit": "US_FLUID_OUNCE", "below": "128"}, {"unit": "US_GALLON"}]
_US: dict[str, Any] = {
    "Weight.GRAM": "OUNCE", "Weight.KILOGRAM": "POUND", "Weight.TON": "POUND",
    "Length.MILLIMETER": "INCH", "Length.CENTIMETER": "INCH", "Length.DECIMETER": "INCH",
    "Length.METER": "FEET", "Length.KILOMETER": "MILE",
    "Area.SQUARE_MILLIMETER": "SQUARE_INCH", "Area.SQUARE_CENTIMETER": "SQUARE_INCH",
    "Area.SQUARE_DECIMETER": "SQUARE_INCH", "Area.SQUARE_METER": "SQUARE_FOOT", "Area.ARE": "SQUARE_FOOT",
    "Area.HECTARE": "ACRE", "Area.SQUARE_KILOMETER": "SQUARE_MILE",
    "Volume.MILLILITER": "US_FLUID_OUNCE", "Volume.CENTILITER": "US_FLUID_OUNCE",
    "Volume.DECILITER": "US_FLUID_OUNCE", "Volume.LITER": _LITER_LADDER, "Volume.CUBIC_DECIMETER": _LITER_LADDER,
    "Volume.HECTOLITER": "US_GALLON", "Volume.CUBIC_CENTIMETER": "CUBIC_INCH", "Volume.CUBIC_METER": "CUBIC_FOOT",
    "Volume.OUNCE": "US_FLUID_OUNCE", "Volume.PINT": "US_PINT", "Volume.GALLON": "US_GALLON",
    "Speed.KILOMETER_PER_HOUR": "MILE_PER_HOUR", "Speed.METER_PER_SECOND": "FOOT_PER_SECOND",
    "Pressure.BAR": "PSI", "Pressure.KILOPASCAL": "PSI",
}
_UK: dict[str, Any] = {
    **{k: v for k, v in _METRIC.items() if k not in ("Length.MILE", "Speed.MILE_PER_HOUR", "Volume.PINT",
                                                     "Volume.GALLON", "Volume.OUNCE")},
    "Length.KILOMETER": "MILE", "Speed.KILOMETER_PER_HOUR": "MILE_PER_HOUR",
    "Volume.US_FLUID_OUNCE": "MILLILITER", "Volume.US_GALLON": "LITER",
}
DEFAULT_TARGETS: dict[str, dict[str, Any]] = {"metric": _METRIC, "US": _US, "UK": _UK}
_TEMPERATURE = {"US": {"Temperature.CELSIUS": "FAHRENHEIT"}, "metric": {"Temperature.FAHRENHEIT": "CELSIUS"}}

#: Default rounding per TARGET unit; anything else keeps 3 significant digits.
DEFAULT_ROUNDING: dict[str, str] = {
    "POUND": "decimals-1", "OUNCE": "decimals-1", "KILOGRAM": "decimals-2", "GRAM": "integer",
    "MILLIGRAM": "integer", "INCH": "decimals-1", "FEET": "decimals-1", "YARD": "decimals-1",
    "MILE": "decimals-1", "CENTIMETER": "decimals-1", "MILLIMETER": "integer", "METER": "decimals-2",
    "KILOMETER": "decimals-1", "SQUARE_INCH": "decimals-1", "SQUARE_FOOT": "decimals-1",
    "SQUARE_CENTIMETER": "decimals-1", "SQUARE_METER": "decimals-2", "ACRE": "decimals-2",
    "HECTARE": "decimals-2", "SQUARE_MILE": "decimals-2", "SQUARE_KILOMETER": "decimals-2",
    "US_FLUID_OUNCE": "decimals-1", "US_PINT": "decimals-1", "US_GALLON": "decimals-2", "MILLILITER": "integer",
    "LITER": "decimals-2", "CUBIC_INCH": "decimals-1", "CUBIC_FOOT": "decimals-2", "CUBIC_CENTIMETER": "integer",
    "CUBIC_METER": "decimals-3", "FAHRENHEIT": "integer", "CELSIUS": "integer", "MILE_PER_HOUR": "decimals-1",
    "KILOMETER_PER_HOUR": "decimals-1", "FOOT_PER_SECOND": "decimals-1", "METER_PER_SECOND": "decimals-1",
    "METER_PER_HOUR": "decimals-1", "PSI": "decimals-1", "BAR": "decimals-2",
}
FALLBACK_ROUNDING = "significant-3"


class Converted(NamedTuple):
    """A converted amount with everything a feed and a reviewer need to trust it.

    (A NamedTuple, not a dataclass: one is made per metric value, a million per run.)
    """

    amount: Decimal
    unit: str
    rule: str
    source_amount: Decimal
    source_unit: str
    family: str

    @property
    def changed(self) -> bool:
        return self.unit != self.source_unit or self.amount != self.source_amount


@dataclass
class MarketUnits:
    """The unit conventions of one market, resolved from CLDR defaults plus config."""

    locale: str
    country: str
    system: str
    temperature: str
    text_policy: str = "convert"
    targets: dict[tuple[str, str], Target] = field(default_factory=dict)
    attribute_targets: dict[str, str] = field(default_factory=dict)
    attribute_families: dict[str, str] = field(default_factory=dict)
    keep_attributes: frozenset[str] = frozenset()
    rounding: dict[str, str] = field(default_factory=dict)
    kinds: tuple[Any, ...] = ()  # `units.kinds.UnitKind`s in force (data/unit_kinds.yaml + config)
    _plans: dict[tuple[str, str | None, str | None], Any] = field(default_factory=dict, repr=False)
    _systems: dict[str, MarketUnits] = field(default_factory=dict, repr=False)

    def convert_kind(self, amount: Decimal, code: str, family: str, kind: Any) -> Converted:
        """Convert as a unit kind says: to its `unit` in every market, or by its `system`'s units."""
        if kind.system:
            other = self._systems.get(kind.system)
            if other is None:
                other = self._systems[kind.system] = market_units(self.locale, self.country, None,
                                                                  {"system": kind.system})
            return other.convert(amount, code, family)
        if code == kind.unit:
            return Converted(amount, code, "none", amount, code, family)
        rounding = rule(kind.rounding) if kind.rounding else self.rule_for(kind.unit)
        value = factor(code, kind.unit, family).apply(amount)
        rounded, name = rounding.apply(value), rounding.name
        if not rounded and value:
            rounded, name = rule("significant-2").apply(value), f"{name}>significant-2"
        return Converted(rounded, kind.unit, name, amount, code, family)

    def target(self, code: str, family: str | None = None, attribute: str | None = None) -> Target:
        """The ladder of target units for a source unit (a single rung for most units)."""
        if attribute is not None and attribute in self.attribute_targets:
            return (Rung(self.attribute_targets[attribute]),)
        spec = spec_for(code, family)
        if spec is None:
            return (Rung(code),)
        return self.targets.get((spec.family, code), (Rung(code),))

    def rule_for(self, unit: str) -> RoundingRule:
        return rule(self.rounding.get(unit) or DEFAULT_ROUNDING.get(unit) or FALLBACK_ROUNDING)

    def family_of(self, code: str, attribute: str | None = None) -> str | None:
        if attribute and attribute in self.attribute_families:
            return self.attribute_families[attribute]
        spec = spec_for(code)
        return spec.family if spec else None

    def convert(self, amount: Decimal, code: str, family: str | None = None,
                attribute: str | None = None) -> Converted:
        """Convert to this market's preferred unit and round by the unit's named rule.

        Raises UnitError for an unknown code or a pair that cannot be converted.
        A value the market already reads in its unit comes back unchanged (no rounding).
        The plan for a (unit, family, attribute) is resolved once; after that a value costs
        one Decimal multiplication and one quantize.
        """
        plan = self._plans.get((code, family, attribute))
        if plan is None:
            plan = self._plans[(code, family, attribute)] = self._plan(code, family, attribute)
        kind, family_name, payload = plan
        if kind == "keep":
            return Converted(amount, code, "none", amount, code, family_name)
        if kind == "single":
            unit, fac, rounding = payload
            rounded = rounding.apply(fac.apply(amount))
            if rounded or not amount:
                return Converted(rounded, unit, rounding.name, amount, code, family_name)
        elif kind == "ladder":
            for unit, fac, rounding, below in payload:  # noqa: B007 - the chosen step is used below
                value = fac.apply(amount)
                if below is None or abs(value) < below:
                    break
            rounded = rounding.apply(value)
            if rounded or not amount:
                return Converted(rounded, unit, rounding.name, amount, code, family_name)
        return self._convert_slow(amount, code, family, attribute)

    def _plan(self, code: str, family: str | None, attribute: str | None) -> tuple[str, str, Any]:
        family = family or self.family_of(code, attribute)
        spec = require_spec(code, family)  # an unknown code raises UnitError with a hint
        if attribute is not None and attribute in self.keep_attributes:
            return ("keep", spec.family, None)
        ladder = self.target(code, spec.family, attribute)
        if len(ladder) == 1:
            unit = ladder[0].unit
            if unit == code:
                return ("keep", spec.family, None)
            return ("single", spec.family, (unit, factor(code, unit, spec.family), self.rule_for(unit)))
        steps = tuple((r.unit, factor(code, r.unit, spec.family), self.rule_for(r.unit), r.below) for r in ladder)
        return ("ladder", spec.family, steps)

    def _convert_slow(self, amount: Decimal, code: str, family: str | None = None,
                      attribute: str | None = None) -> Converted:
        family = family or self.family_of(code, attribute)
        spec = require_spec(code, family)  # an unknown code raises UnitError with a hint
        if attribute is not None and attribute in self.keep_attributes:
            return Converted(amount, code, "none", amount, code, spec.family)
        ladder = self.target(code, spec.family, attribute)
        unit = ladder[0].unit
        if len(ladder) == 1 and unit == code:
            return Converted(amount, code, "none", amount, code, spec.family)
        for rung in ladder:
            unit = rung.unit
            value = factor(code, unit, spec.family).apply(amount)
            if rung.below is None or abs(value) < rung.below:
                break
        rounding = self.rule_for(unit)
        rounded = rounding.apply(value)
        name = rounding.name
        if not rounded and value:
            # never round a real quantity to zero: keep two significant digits instead
            rounding = rule("significant-2")
            rounded, name = rounding.apply(value), f"{name}>significant-2"
        return Converted(rounded, unit, name, amount, code, spec.family)


def _parse_target(key: str, value: Any, where: str) -> tuple[tuple[str, str], Target]:
    family, _, code = key.rpartition(".")
    spec = spec_for(code, family or None)
    if spec is None or (family and spec.family != family):
        raise ConfigError(f"{where}: unknown unit {key!r}", hint="use an Akeneo unit code such as GRAM or Volume.OUNCE")
    if isinstance(value, str):
        rungs: Target = (Rung(value),)
    elif isinstance(value, list) and value:
        rungs = tuple(
            Rung(item["unit"], Decimal(str(item["below"])) if item.get("below") is not None else None)
            for item in value
        )
    else:
        raise ConfigError(f"{where}.{key}: expected a unit code or a list of {{unit, below}} steps")
    for rung in rungs:
        target = spec_for(rung.unit, spec.family)
        if target is None:
            raise ConfigError(f"{where}.{key}: unknown target unit {rung.unit!r}",
                              hint=f"use a unit of the {spec.family} family")
        try:
            factor(code, rung.unit, spec.family)
        except UnitError as exc:
            raise ConfigError(f"{where}.{key}: {exc.message}", hint=exc.hint) from None
    return (spec.family, code), rungs


def market_units(locale: str, country: str, units_config: Mapping[str, Any] | None = None,
                 market_config: Mapping[str, Any] | None = None) -> MarketUnits:
    """Resolve a market's unit conventions: CLDR defaults, then `units:`, then the market's `units:`."""
    glob = dict(units_config or {})
    local = dict(market_config or {})
    system = local.get("system") or measurement_system(country)
    if local.get("temperature"):
        temperature = local["temperature"]
    elif "system" in local:  # a market that overrides its system reads temperatures by it too
        temperature = "US" if system == "US" else "metric"
    else:
        temperature = temperature_system(country)
    if system not in SYSTEMS:
        raise ConfigError(f"units.system: {system!r} is not one of {', '.join(SYSTEMS)}")
    table: dict[str, Any] = dict(DEFAULT_TARGETS[system])
    table.update(_TEMPERATURE["US" if temperature == "US" else "metric"])
    table.update((glob.get("systems") or {}).get(system) or {})
    table.update(local.get("convert") or {})
    targets = dict(_parse_target(k, v, f"units.convert ({locale})") for k, v in table.items())
    rounding = {**(glob.get("rounding") or {}), **(local.get("rounding") or {})}
    for name in rounding.values():
        rule(name)  # raises ConfigError naming the bad rule
    policy = local.get("text") or glob.get("text") or "convert"
    if policy not in TEXT_POLICIES:
        raise ConfigError(f"units.text: {policy!r} is not one of {', '.join(TEXT_POLICIES)}")
    kinds = resolve_kinds(glob.get("kinds"), local.get("kinds"), f"markets[{locale}].units")
    return MarketUnits(
        kinds=kinds,
        locale=locale,
        country=country.upper(),
        system=system,
        temperature=temperature,
        text_policy=policy,
        targets=targets,
        attribute_targets={**(glob.get("attributes") or {}), **(local.get("attributes") or {})},
        attribute_families=dict(glob.get("attribute_families") or {}),
        keep_attributes=frozenset((glob.get("keep") or []) + (local.get("keep") or [])),
        rounding=rounding,
    )


@lru_cache(maxsize=64)
def default_market_units(locale: str) -> MarketUnits:
    """Conventions of a locale with no config (`en-US` -> US units), for commands and QA."""
    territory = babel_locale(locale).territory
    if not territory:
        raise ConfigError(f"locale {locale!r} has no region, so its measurement system is unknown",
                          hint=f"use a locale with a region, e.g. {locale}-{locale.upper()}")
    return market_units(to_bcp47(locale), territory)
