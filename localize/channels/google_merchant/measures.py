"""Google Merchant unit pricing: the syntax Google accepts, and measures converted into it.

Facts from Google's product data specification (Merchant Center Help,
support.google.com/merchants/answer/6324455 `unit_pricing_measure` and /6324490
`unit_pricing_base_measure`):

- `unit_pricing_measure` is a positive number plus a unit (`750 ml`, `1.5kg`; the examples
  write it with and without a space). Supported units: weight oz, lb, mg, g, kg; volume
  (US) floz, pt, qt, gal; volume (metric) ml, cl, l, cbm; length in, ft, yd, cm, m;
  area sqft, sqm; per unit ct, sheet, item. floz/pt/qt/gal are US units.
- `unit_pricing_base_measure` is the denominator of the unit price: a whole number of 1, 2,
  4, 8, 10 or 100 plus a supported unit, or one of the metric combinations 75 cl, 750 ml,
  50 kg, 1000 kg. Google recommends the same kind of unit as the measure, and may show a
  different base to make unit prices comparable on a page.
- Both are optional unless local law requires them: in the EU, the EFTA countries, the
  United Kingdom, Australia and New Zealand, products sold by weight, volume, length or area
  must show a unit price, so they need the attribute.

Base measures by country are a convention we choose (configurable per market): 1 kg, 1 l,
1 m, 1 sqm in the EU and EFTA (Directive 98/6/EC's units; Germany's PAngV §5 has required
exactly these since 28 May 2022, without the former 100 g / 100 ml option); 100 g and 100 ml
in the UK, Australia and New Zealand, where shelf unit prices are usually per 100 g/ml;
1 oz, 1 floz, 1 ft, 1 sqft in markets that use US units.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from ...model import Quantity, format_decimal
from ...units.akeneo_pint import spec_for
from ...units.conventions import measurement_system
from ...units.registry import factor

# Google unit -> (dimension, factor to the dimension's base: g, ml, mm, mm², count)
GOOGLE_UNITS: dict[str, tuple[str, Decimal]] = {
    "mg": ("mass", Decimal("0.001")), "g": ("mass", Decimal(1)), "kg": ("mass", Decimal(1000)),
    "oz": ("mass", Decimal("28.349523125")), "lb": ("mass", Decimal("453.59237")),
    "ml": ("volume", Decimal(1)), "cl": ("volume", Decimal(10)), "l": ("volume", Decimal(1000)),
    "cbm": ("volume", Decimal(1000000)), "floz": ("volume", Decimal("29.5735295625")),
    "pt": ("volume", Decimal("473.176473")), "qt": ("volume", Decimal("946.352946")),
    "gal": ("volume", Decimal("3785.411784")),
    "cm": ("length", Decimal(10)), "m": ("length", Decimal(1000)), "in": ("length", Decimal("25.4")),
    "ft": ("length", Decimal("304.8")), "yd": ("length", Decimal("914.4")),
    "sqm": ("area", Decimal(1000000)), "sqft": ("area", Decimal("92903.04")),
    "ct": ("count", Decimal(1)), "sheet": ("count", Decimal(1)), "item": ("count", Decimal(1)),
}
US_UNITS = frozenset({"oz", "lb", "floz", "pt", "qt", "gal", "in", "ft", "yd", "sqft"})
BASE_INTEGERS = frozenset({1, 2, 4, 8, 10, 100})
BASE_COMBINATIONS = frozenset({(75, "cl"), (750, "ml"), (50, "kg"), (1000, "kg")})
UNIT_LIST = "mg, g, kg, oz, lb, ml, cl, l, cbm, floz, pt, qt, gal, cm, m, in, ft, yd, sqm, sqft, ct, sheet, item"

EU = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
EFTA = frozenset({"CH", "NO", "IS", "LI"})
UNIT_PRICING_COUNTRIES = EU | EFTA | {"GB", "AU", "NZ"}

BASE_METRIC = {"mass": "1 kg", "volume": "1 l", "length": "1 m", "area": "1 sqm", "count": "1 ct"}
BASE_PER_100 = {"mass": "100 g", "volume": "100 ml", "length": "1 m", "area": "1 sqm", "count": "1 ct"}
BASE_US = {"mass": "1 oz", "volume": "1 floz", "length": "1 ft", "area": "1 sqft", "count": "1 ct"}
PER_100_COUNTRIES = frozenset({"GB", "AU", "NZ"})

_MEASURE_RE = re.compile(r"^(\d+(?:\.\d+)?) ?([A-Za-z]+)$")
# Akeneo unit code -> Google unit, where they are the same unit (Akeneo's Volume OUNCE, PINT and
# GALLON are imperial, so they are converted, never renamed).
AKENEO_TO_GOOGLE: dict[tuple[str, str], str] = {
    ("Weight", "MILLIGRAM"): "mg", ("Weight", "GRAM"): "g", ("Weight", "KILOGRAM"): "kg",
    ("Weight", "OUNCE"): "oz", ("Weight", "POUND"): "lb",
    ("Volume", "MILLILITER"): "ml", ("Volume", "CENTILITER"): "cl", ("Volume", "LITER"): "l",
    ("Volume", "CUBIC_METER"): "cbm", ("Volume", "US_FLUID_OUNCE"): "floz", ("Volume", "US_PINT"): "pt",
    ("Volume", "US_QUART"): "qt", ("Volume", "US_GALLON"): "gal",
    ("Length", "CENTIMETER"): "cm", ("Length", "METER"): "m", ("Length", "INCH"): "in",
    ("Length", "FEET"): "ft", ("Length", "YARD"): "yd",
    ("Area", "SQUARE_METER"): "sqm", ("Area", "SQUARE_FOOT"): "sqft",
}
# Akeneo family -> (dimension, the Akeneo unit of the dimension's base)
FAMILY_BASE: dict[str, tuple[str, str]] = {
    "Weight": ("mass", "GRAM"), "Volume": ("volume", "MILLILITER"), "Length": ("length", "MILLIMETER"),
    "Area": ("area", "SQUARE_MILLIMETER"),
}


class Measure(NamedTuple):
    """A unit pricing measure in Google's syntax: amount and Google unit."""

    amount: Decimal
    unit: str

    @property
    def dimension(self) -> str:
        return GOOGLE_UNITS[self.unit][0]

    @property
    def base_value(self) -> Decimal:
        """The amount in the dimension's base unit (g, ml, mm, mm²)."""
        return self.amount * GOOGLE_UNITS[self.unit][1]

    def __str__(self) -> str:
        return f"{trim(self.amount)} {self.unit}"


def trim(amount: Decimal) -> str:
    """`1.5000` -> `1.5`, `100.00` -> `100`: a plain decimal without exponent or trailing zeros."""
    text = format_decimal(amount)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_measure(text: str) -> Measure | None:
    """`750 ml` / `1.5kg` -> Measure; None when the text is not in Google's syntax."""
    m = _MEASURE_RE.match(text.strip())
    if m is None or m.group(2) not in GOOGLE_UNITS:
        return None
    return Measure(Decimal(m.group(1)), m.group(2))


def measure_problem(text: str) -> str | None:
    """Why `text` is not a valid unit_pricing_measure (Google's syntax), or None."""
    value = text.strip()
    m = _MEASURE_RE.match(value)
    if m is None:
        if re.match(r"^\d+,\d+ ?[A-Za-z]+$", value):
            return "uses a decimal comma; write the number with a dot, e.g. `0.75 l`"
        return f"is not a number followed by a unit ({UNIT_LIST})"
    unit = m.group(2)
    if unit not in GOOGLE_UNITS:
        lower = unit.lower()
        if lower in GOOGLE_UNITS:
            return f"writes the unit '{unit}' in capitals; Google's unit is '{lower}'"
        return f"has the unit '{unit}', which is not one of Google's ({UNIT_LIST})"
    if Decimal(m.group(1)) <= 0:
        return "must be greater than zero"
    return None


def base_problem(text: str) -> str | None:
    """Why `text` is not a valid unit_pricing_base_measure, or None."""
    value = text.strip()
    m = _MEASURE_RE.match(value)
    if m is None or "." in m.group(1):
        return f"is not a whole number followed by a unit ({UNIT_LIST})"
    unit = m.group(2)
    if unit not in GOOGLE_UNITS:
        return f"has the unit '{unit}', which is not one of Google's ({UNIT_LIST})"
    number = int(m.group(1))
    if number not in BASE_INTEGERS and (number, unit) not in BASE_COMBINATIONS:
        return "uses a number Google does not accept: 1, 2, 4, 8, 10 or 100 (or 75 cl, 750 ml, 50 kg, 1000 kg)"
    return None


def requires_unit_pricing(country: str, countries: frozenset[str] | None = None) -> bool:
    """Whether the country's law requires unit prices for goods sold by measure."""
    return country.upper() in (countries if countries is not None else UNIT_PRICING_COUNTRIES)


def uses_us_units(country: str, system: str | None, countries: frozenset[str] | None = None) -> bool:
    """US units for the measure: a US-unit market whose law does not ask for metric unit prices."""
    if requires_unit_pricing(country, countries):
        return False  # EU, EFTA, UK, AU and NZ unit prices are metric
    return (system or measurement_system(country)) == "US"


def default_base(dimension: str, country: str, us: bool, unit: str | None = None) -> str:
    """The conventional base measure of a dimension in a country (module docstring); in US
    units, one of the measure's own unit (`2.2 lb` per `1 lb`, `6.76 floz` per `1 floz`)."""
    if us and unit in US_UNITS:
        return f"1 {unit}"
    table = BASE_US if us else BASE_PER_100 if country.upper() in PER_100_COUNTRIES else BASE_METRIC
    return table[dimension]


def from_quantity(quantity: Quantity, family: str | None, us: bool) -> Measure | None:
    """A PIM quantity (Akeneo unit code) as a Google measure in the market's system; None when
    it is not a positive weight, volume, length or area."""
    spec = spec_for(quantity.unit, family)
    if spec is None or spec.family not in FAMILY_BASE or quantity.amount <= 0:
        return None
    unit = AKENEO_TO_GOOGLE.get((spec.family, spec.code))
    if unit is not None and (unit in US_UNITS) == us:
        return Measure(quantity.amount, unit)
    dimension, base_code = FAMILY_BASE[spec.family]
    try:
        base_value = factor(spec.code, base_code, spec.family).apply(quantity.amount)
    except Exception:  # noqa: BLE001 - a unit with no physical conversion: no measure
        return None
    return natural(dimension, base_value, us)


def natural(dimension: str, base_value: Decimal, us: bool) -> Measure | None:
    """A base amount (g, ml, mm, mm²) in the unit a shopper reads it in: `0.75 l` is written
    `750 ml`, 1,500 g `1.5 kg`; US markets get oz/lb, floz/gal, in/ft, sqft."""
    if base_value <= 0:
        return None
    if us:
        units = {"mass": (("oz", Decimal("453.59237")), ("lb", None)),
                 "volume": (("floz", Decimal("3785.411784")), ("gal", None)),
                 "length": (("in", Decimal("304.8")), ("ft", None)),
                 "area": (("sqft", None),)}
    else:
        units = {"mass": (("mg", Decimal(1)), ("g", Decimal(1000)), ("kg", None)),
                 "volume": (("ml", Decimal(1000)), ("l", Decimal(1000000)), ("cbm", None)),
                 "length": (("cm", Decimal(1000)), ("m", None)),
                 "area": (("sqm", None),)}
    for unit, below in units[dimension]:
        if below is None or base_value < below:
            return Measure(round_measure(base_value / GOOGLE_UNITS[unit][1]), unit)
    return None  # pragma: no cover - every ladder ends with an open rung


def round_measure(value: Decimal) -> Decimal:
    """Rounding rule `unit-pricing`: half-even to 0.01 of the Google unit (`25.36 floz` for 750 ml),
    or 3 significant digits when that would round a real amount to zero."""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    if rounded == 0 and value:
        exponent = value.adjusted() - 2
        rounded = value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN)
    return rounded


def same_amount(a: Decimal, b: Decimal, tolerance: Decimal = Decimal("0.02")) -> bool:
    """Two base amounts equal within a relative tolerance (2 %: rounding of converted copy)."""
    if not a or not b:
        return a == b
    return abs(a - b) <= tolerance * max(abs(a), abs(b))
