"""Akeneo unit codes mapped onto pint units, CLDR unit ids and display symbols.

Why a hand-written table and not Akeneo's own conversion operations: Akeneo's table has
known errors (its VolumeFlow `CUBIC_METER_PER_MINUTE` multiplies by 60 where it should
divide; `NIT` is "converted" to lumen, which is not the same dimension) and pint's
defaults have traps for Akeneo data (see `../shared/data/akeneo/measurement_vs_pint_notes.md`):

- Akeneo Volume `GALLON`, `OUNCE`, `PINT`, `BARREL` are IMPERIAL; pint's `gallon`,
  `fluid_ounce`, `pint` are US. We map onto `imperial_*` units.
- Akeneo `KILOBYTE`..`TERABYTE` are binary (1024); pint's `kilobyte` is 1000 -> `kibibyte`.
- Akeneo `ACRE`, `CHAIN`, `FURLONG` are international; pint's are US survey -> custom units
  (but Akeneo `SQUARE_FURLONG` is the survey one, so it maps onto pint's `furlong**2`).
- Akeneo `TON` is the metric tonne; pint's `ton` is the US short ton -> `metric_ton`.
- Akeneo `MONTH`/`YEAR` are 365/12 and 365 days; pint's are Julian (365.25) -> custom units.
- Akeneo Angle `MIL` is the NATO mil (1/6400 turn); pint's `mil` is pi/32000 rad -> custom.

Units that Akeneo lacks but a market needs (US customary volumes) get extension codes in
Akeneo's naming style (`US_FLUID_OUNCE`, `US_GALLON`, ...): Akeneo lets a catalogue add
units to a measurement family, so a feed can carry them; `EXTENSION_UNITS` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..akeneo_units import FAMILIES


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """How one Akeneo unit code is converted and shown.

    `pint` is a pint unit expression (None: no physical conversion exists, the value is only
    ever passed through); `cldr` is the CLDR unit id babel formats (None: we show `symbol`).
    """

    code: str
    family: str
    pint: str | None
    cldr: str | None
    symbol: str


# Custom pint definitions for Akeneo units pint lacks or defines differently.
PINT_DEFINITIONS: tuple[str, ...] = (
    "international_acre = 4046.8564224 * meter ** 2",
    "international_chain = 66 * foot",
    "international_furlong = 660 * foot",
    "akeneo_arpent = 3418.89 * meter ** 2",
    "akeneo_char = 8 * byte",
    "akeneo_month = 2628000 * second",
    "akeneo_year = 365 * day",
    "french_once = 30.59 * gram",
    "french_marc = 244.75 * gram",
    "french_livre = 489.5 * gram",
    "nato_mil = turn / 6400",
    "case_piece = [case_count]",
    "case_dozen = 12 * case_piece",
)

# (family, code, pint, cldr, symbol)
_TABLE: tuple[tuple[str, str, str | None, str | None, str], ...] = (
    # Area
    ("Area", "SQUARE_MILLIMETER", "millimeter ** 2", None, "mm²"),
    ("Area", "SQUARE_CENTIMETER", "centimeter ** 2", "area-square-centimeter", "cm²"),
    ("Area", "SQUARE_DECIMETER", "decimeter ** 2", None, "dm²"),
    ("Area", "SQUARE_METER", "meter ** 2", "area-square-meter", "m²"),
    ("Area", "CENTIARE", "meter ** 2", None, "ca"),
    ("Area", "SQUARE_DEKAMETER", "decameter ** 2", None, "dam²"),
    ("Area", "ARE", "are", None, "a"),
    ("Area", "SQUARE_HECTOMETER", "hectometer ** 2", None, "hm²"),
    ("Area", "HECTARE", "hectare", "area-hectare", "ha"),
    ("Area", "SQUARE_KILOMETER", "kilometer ** 2", "area-square-kilometer", "km²"),
    ("Area", "SQUARE_MIL", "thou ** 2", None, "sq mil"),
    ("Area", "SQUARE_INCH", "inch ** 2", "area-square-inch", "in²"),
    ("Area", "SQUARE_FOOT", "foot ** 2", "area-square-foot", "ft²"),
    ("Area", "SQUARE_YARD", "yard ** 2", "area-square-yard", "yd²"),
    ("Area", "ARPENT", "akeneo_arpent", None, "arpent"),
    ("Area", "ACRE", "international_acre", "area-acre", "ac"),
    ("Area", "SQUARE_FURLONG", "furlong ** 2", None, "fur²"),
    ("Area", "SQUARE_MILE", "mile ** 2", "area-square-mile", "mi²"),
    # Binary (Akeneo's byte multiples are binary)
    ("Binary", "CHAR", "akeneo_char", None, "char"),
    ("Binary", "KILOBIT", "kilobit", "digital-kilobit", "kbit"),
    ("Binary", "MEGABIT", "megabit", "digital-megabit", "Mbit"),
    ("Binary", "GIGABIT", "gigabit", "digital-gigabit", "Gbit"),
    ("Binary", "BIT", "bit", "digital-bit", "bit"),
    ("Binary", "BYTE", "byte", "digital-byte", "B"),
    ("Binary", "KILOBYTE", "kibibyte", "digital-kilobyte", "kB"),
    ("Binary", "MEGABYTE", "mebibyte", "digital-megabyte", "MB"),
    ("Binary", "GIGABYTE", "gibibyte", "digital-gigabyte", "GB"),
    ("Binary", "TERABYTE", "tebibyte", "digital-terabyte", "TB"),
    # Decibel: logarithmic, never converted
    ("Decibel", "DECIBEL", None, None, "dB"),
    # Frequency
    ("Frequency", "HERTZ", "hertz", "frequency-hertz", "Hz"),
    ("Frequency", "KILOHERTZ", "kilohertz", "frequency-kilohertz", "kHz"),
    ("Frequency", "MEGAHERTZ", "megahertz", "frequency-megahertz", "MHz"),
    ("Frequency", "GIGAHERTZ", "gigahertz", "frequency-gigahertz", "GHz"),
    ("Frequency", "TERAHERTZ", "terahertz", None, "THz"),
    # Length
    ("Length", "MICROMETER", "micrometer", "length-micrometer", "µm"),
    ("Length", "NAUTICAL_MILE", "nautical_mile", "length-nautical-mile", "nmi"),
    ("Length", "MILLIMETER", "millimeter", "length-millimeter", "mm"),
    ("Length", "CENTIMETER", "centimeter", "length-centimeter", "cm"),
    ("Length", "DECIMETER", "decimeter", "length-decimeter", "dm"),
    ("Length", "METER", "meter", "length-meter", "m"),
    ("Length", "DEKAMETER", "decameter", None, "dam"),
    ("Length", "HECTOMETER", "hectometer", None, "hm"),
    ("Length", "KILOMETER", "kilometer", "length-kilometer", "km"),
    ("Length", "MIL", "thou", None, "mil"),
    ("Length", "INCH", "inch", "length-inch", "in"),
    ("Length", "FEET", "foot", "length-foot", "ft"),
    ("Length", "YARD", "yard", "length-yard", "yd"),
    ("Length", "CHAIN", "international_chain", None, "ch"),
    ("Length", "FURLONG", "international_furlong", None, "fur"),
    ("Length", "MILE", "mile", "length-mile", "mi"),
    # Power
    ("Power", "WATT", "watt", "power-watt", "W"),
    ("Power", "KILOWATT", "kilowatt", "power-kilowatt", "kW"),
    ("Power", "MEGAWATT", "megawatt", "power-megawatt", "MW"),
    ("Power", "GIGAWATT", "gigawatt", "power-gigawatt", "GW"),
    ("Power", "TERAWATT", "terawatt", None, "TW"),
    # Voltage
    ("Voltage", "MILLIVOLT", "millivolt", None, "mV"),
    ("Voltage", "CENTIVOLT", "centivolt", None, "cV"),
    ("Voltage", "DECIVOLT", "decivolt", None, "dV"),
    ("Voltage", "VOLT", "volt", "electric-volt", "V"),
    ("Voltage", "DEKAVOLT", "dekavolt", None, "daV"),
    ("Voltage", "HECTOVOLT", "hectovolt", None, "hV"),
    ("Voltage", "KILOVOLT", "kilovolt", None, "kV"),
    # Intensity
    ("Intensity", "MILLIAMPERE", "milliampere", "electric-milliampere", "mA"),
    ("Intensity", "CENTIAMPERE", "centiampere", None, "cA"),
    ("Intensity", "DECIAMPERE", "deciampere", None, "dA"),
    ("Intensity", "AMPERE", "ampere", "electric-ampere", "A"),
    ("Intensity", "DEKAMPERE", "dekaampere", None, "daA"),
    ("Intensity", "HECTOAMPERE", "hectoampere", None, "hA"),
    ("Intensity", "KILOAMPERE", "kiloampere", None, "kA"),
    # Resistance
    ("Resistance", "MILLIOHM", "milliohm", None, "mΩ"),
    ("Resistance", "CENTIOHM", "centiohm", None, "cΩ"),
    ("Resistance", "DECIOHM", "deciohm", None, "dΩ"),
    ("Resistance", "OHM", "ohm", "electric-ohm", "Ω"),
    ("Resistance", "DEKAOHM", "dekaohm", None, "daΩ"),
    ("Resistance", "HECTOHM", "hectoohm", None, "hΩ"),
    ("Resistance", "KILOHM", "kiloohm", None, "kΩ"),
    ("Resistance", "MEGOHM", "megaohm", None, "MΩ"),
    # Speed
    ("Speed", "METER_PER_SECOND", "meter / second", "speed-meter-per-second", "m/s"),
    ("Speed", "METER_PER_MINUTE", "meter / minute", None, "m/min"),
    ("Speed", "METER_PER_HOUR", "meter / hour", None, "m/h"),
    ("Speed", "KILOMETER_PER_HOUR", "kilometer / hour", "speed-kilometer-per-hour", "km/h"),
    ("Speed", "FOOT_PER_SECOND", "foot / second", None, "ft/s"),
    ("Speed", "FOOT_PER_HOUR", "foot / hour", None, "ft/h"),
    ("Speed", "YARD_PER_HOUR", "yard / hour", None, "yd/h"),
    ("Speed", "MILE_PER_HOUR", "mile / hour", "speed-mile-per-hour", "mph"),
    # ElectricCharge
    ("ElectricCharge", "MILLIAMPEREHOUR", "milliampere * hour", None, "mAh"),
    ("ElectricCharge", "AMPEREHOUR", "ampere * hour", None, "Ah"),
    ("ElectricCharge", "MILLICOULOMB", "millicoulomb", None, "mC"),
    ("ElectricCharge", "CENTICOULOMB", "centicoulomb", None, "cC"),
    ("ElectricCharge", "DECICOULOMB", "decicoulomb", None, "dC"),
    ("ElectricCharge", "COULOMB", "coulomb", "electric-coulomb", "C"),
    ("ElectricCharge", "DEKACOULOMB", "dekacoulomb", None, "daC"),
    ("ElectricCharge", "HECTOCOULOMB", "hectocoulomb", None, "hC"),
    ("ElectricCharge", "KILOCOULOMB", "kilocoulomb", None, "kC"),
    # Duration (MONTH and YEAR as Akeneo defines them)
    ("Duration", "MILLISECOND", "millisecond", "duration-millisecond", "ms"),
    ("Duration", "SECOND", "second", "duration-second", "s"),
    ("Duration", "MINUTE", "minute", "duration-minute", "min"),
    ("Duration", "HOUR", "hour", "duration-hour", "h"),
    ("Duration", "DAY", "day", "duration-day", "d"),
    ("Duration", "WEEK", "week", "duration-week", "wk"),
    ("Duration", "MONTH", "akeneo_month", "duration-month", "mo"),
    ("Duration", "YEAR", "akeneo_year", "duration-year", "yr"),
    # Temperature (offset units)
    ("Temperature", "CELSIUS", "degree_Celsius", "temperature-celsius", "°C"),
    ("Temperature", "FAHRENHEIT", "degree_Fahrenheit", "temperature-fahrenheit", "°F"),
    ("Temperature", "KELVIN", "kelvin", "temperature-kelvin", "K"),
    ("Temperature", "RANKINE", "degree_Rankine", "temperature-rankine", "°R"),
    ("Temperature", "REAUMUR", "degree_Reaumur", None, "°Ré"),
    # Volume (Akeneo OUNCE, PINT, GALLON, BARREL are imperial)
    ("Volume", "MICROLITER", "microliter", None, "µl"),
    ("Volume", "HECTOLITER", "hectoliter", "volume-hectoliter", "hl"),
    ("Volume", "CUBIC_MILLIMETER", "millimeter ** 3", None, "mm³"),
    ("Volume", "CUBIC_CENTIMETER", "centimeter ** 3", "volume-cubic-centimeter", "cm³"),
    ("Volume", "MILLILITER", "milliliter", "volume-milliliter", "ml"),
    ("Volume", "CENTILITER", "centiliter", "volume-centiliter", "cl"),
    ("Volume", "DECILITER", "deciliter", "volume-deciliter", "dl"),
    ("Volume", "CUBIC_DECIMETER", "decimeter ** 3", None, "dm³"),
    ("Volume", "LITER", "liter", "volume-liter", "l"),
    ("Volume", "CUBIC_METER", "meter ** 3", "volume-cubic-meter", "m³"),
    ("Volume", "OUNCE", "imperial_fluid_ounce", "volume-fluid-ounce-imperial", "fl oz (imp.)"),
    ("Volume", "PINT", "imperial_pint", "volume-pint-imperial", "pt (imp.)"),
    ("Volume", "BARREL", "imperial_barrel", None, "bbl (imp.)"),
    ("Volume", "GALLON", "imperial_gallon", "volume-gallon-imperial", "gal (imp.)"),
    ("Volume", "CUBIC_FOOT", "foot ** 3", "volume-cubic-foot", "ft³"),
    ("Volume", "CUBIC_INCH", "inch ** 3", "volume-cubic-inch", "in³"),
    ("Volume", "CUBIC_YARD", "yard ** 3", "volume-cubic-yard", "yd³"),
    # Weight (TON is the metric tonne; ONCE/MARC/LIVRE old French units as Akeneo defines them)
    ("Weight", "MICROGRAM", "microgram", "mass-microgram", "µg"),
    ("Weight", "MILLIGRAM", "milligram", "mass-milligram", "mg"),
    ("Weight", "GRAM", "gram", "mass-gram", "g"),
    ("Weight", "KILOGRAM", "kilogram", "mass-kilogram", "kg"),
    ("Weight", "TON", "metric_ton", "mass-tonne", "t"),
    ("Weight", "GRAIN", "grain", "mass-grain", "gr"),
    ("Weight", "DENIER", None, None, "den"),  # textile linear density, not a mass
    ("Weight", "ONCE", "french_once", None, "once"),
    ("Weight", "MARC", "french_marc", None, "marc"),
    ("Weight", "LIVRE", "french_livre", None, "livre"),
    ("Weight", "OUNCE", "ounce", "mass-ounce", "oz"),
    ("Weight", "POUND", "pound", "mass-pound", "lb"),
    # Pressure
    ("Pressure", "CENTIBAR", "centibar", None, "cbar"),
    ("Pressure", "DECIBAR", "decibar", None, "dbar"),
    ("Pressure", "KILOBAR", "kilobar", None, "kbar"),
    ("Pressure", "MEGABAR", "megabar", None, "Mbar"),
    ("Pressure", "KILOPASCAL", "kilopascal", "pressure-kilopascal", "kPa"),
    ("Pressure", "MEGAPASCAL", "megapascal", "pressure-megapascal", "MPa"),
    ("Pressure", "GIGAPASCAL", "gigapascal", None, "GPa"),
    ("Pressure", "BAR", "bar", "pressure-bar", "bar"),
    ("Pressure", "PASCAL", "pascal", "pressure-pascal", "Pa"),
    ("Pressure", "HECTOPASCAL", "hectopascal", "pressure-hectopascal", "hPa"),
    ("Pressure", "MILLIBAR", "millibar", "pressure-millibar", "mbar"),
    ("Pressure", "ATM", "atmosphere", "pressure-atmosphere", "atm"),
    ("Pressure", "PSI", "psi", "pressure-pound-force-per-square-inch", "psi"),
    ("Pressure", "TORR", "torr", None, "Torr"),
    ("Pressure", "MMHG", "millimeter_Hg", "pressure-millimeter-ofhg", "mmHg"),
    # Energy (CALORIE is the thermochemical calorie, 4.184 J)
    ("Energy", "JOULE", "joule", "energy-joule", "J"),
    ("Energy", "CALORIE", "calorie", "energy-calorie", "cal"),
    ("Energy", "KILOCALORIE", "kilocalorie", "energy-kilocalorie", "kcal"),
    ("Energy", "KILOJOULE", "kilojoule", "energy-kilojoule", "kJ"),
    # CaseBox: counts
    ("CaseBox", "PIECE", "case_piece", None, "pc"),
    ("CaseBox", "DOZEN", "case_dozen", None, "doz"),
    # Brightness: NIT is luminance (cd/m²), not convertible to lumen
    ("Brightness", "LUMEN", "lumen", "light-lumen", "lm"),
    ("Brightness", "NIT", None, None, "nit"),
    # Force
    ("Force", "MILLINEWTON", "millinewton", None, "mN"),
    ("Force", "NEWTON", "newton", "force-newton", "N"),
    ("Force", "KILONEWTON", "kilonewton", None, "kN"),
    ("Force", "MEGANEWTON", "meganewton", None, "MN"),
    # Angle (MINUTE, SECOND and MIL also exist in Duration/Length)
    ("Angle", "RADIAN", "radian", "angle-radian", "rad"),
    ("Angle", "MILLIRADIAN", "milliradian", None, "mrad"),
    ("Angle", "MICRORADIAN", "microradian", None, "µrad"),
    ("Angle", "DEGREE", "degree", "angle-degree", "°"),
    ("Angle", "MINUTE", "arcminute", "angle-arc-minute", "′"),
    ("Angle", "SECOND", "arcsecond", "angle-arc-second", "″"),
    ("Angle", "GON", "gradian", None, "gon"),
    ("Angle", "MIL", "nato_mil", None, "mil"),
    ("Angle", "REVOLUTION", "revolution", "angle-revolution", "rev"),
    # Capacitance
    ("Capacitance", "ATTOFARAD", "attofarad", None, "aF"),
    ("Capacitance", "PICOFARAD", "picofarad", None, "pF"),
    ("Capacitance", "NANOFARAD", "nanofarad", None, "nF"),
    ("Capacitance", "MICROFARAD", "microfarad", None, "µF"),
    ("Capacitance", "MILLIFARAD", "millifarad", None, "mF"),
    ("Capacitance", "FARAD", "farad", "electric-farad", "F"),
    ("Capacitance", "KILOFARAD", "kilofarad", None, "kF"),
    # VolumeFlow (physically correct; Akeneo's own factors for some of these are inverted)
    ("VolumeFlow", "CUBIC_METER_PER_SECOND", "meter ** 3 / second", None, "m³/s"),
    ("VolumeFlow", "CUBIC_METER_PER_MINUTE", "meter ** 3 / minute", None, "m³/min"),
    ("VolumeFlow", "CUBIC_METER_PER_HOUR", "meter ** 3 / hour", None, "m³/h"),
    ("VolumeFlow", "CUBIC_METER_PER_DAY", "meter ** 3 / day", None, "m³/d"),
    ("VolumeFlow", "MILLILITER_PER_SECOND", "milliliter / second", None, "ml/s"),
    ("VolumeFlow", "MILLILITER_PER_MINUTE", "milliliter / minute", None, "ml/min"),
    ("VolumeFlow", "MILLILITER_PER_HOUR", "milliliter / hour", None, "ml/h"),
    ("VolumeFlow", "MILLILITER_PER_DAY", "milliliter / day", None, "ml/d"),
    ("VolumeFlow", "CUBIC_CENTIMETER_PER_SECOND", "centimeter ** 3 / second", None, "cm³/s"),
    ("VolumeFlow", "CUBIC_CENTIMETER_PER_MINUTE", "centimeter ** 3 / minute", None, "cm³/min"),
    ("VolumeFlow", "CUBIC_CENTIMETER_PER_HOUR", "centimeter ** 3 / hour", None, "cm³/h"),
    ("VolumeFlow", "CUBIC_CENTIMETER_PER_DAY", "centimeter ** 3 / day", None, "cm³/d"),
    ("VolumeFlow", "CUBIC_DECIMETER_PER_MINUTE", "decimeter ** 3 / minute", None, "dm³/min"),
    ("VolumeFlow", "CUBIC_DECIMETER_PER_HOUR", "decimeter ** 3 / hour", None, "dm³/h"),
    ("VolumeFlow", "LITER_PER_SECOND", "liter / second", None, "l/s"),
    ("VolumeFlow", "LITER_PER_MINUTE", "liter / minute", None, "l/min"),
    ("VolumeFlow", "LITER_PER_HOUR", "liter / hour", None, "l/h"),
    ("VolumeFlow", "LITER_PER_DAY", "liter / day", None, "l/d"),
    ("VolumeFlow", "KILOLITER_PER_HOUR", "kiloliter / hour", None, "kl/h"),
)

# Units Akeneo has no code for; written in feeds under these codes (Akeneo naming style).
_EXTENSIONS: tuple[tuple[str, str, str | None, str | None, str], ...] = (
    ("Volume", "US_FLUID_OUNCE", "fluid_ounce", "volume-fluid-ounce", "fl oz"),
    ("Volume", "US_PINT", "pint", "volume-pint", "pt"),
    ("Volume", "US_QUART", "quart", "volume-quart", "qt"),
    ("Volume", "US_GALLON", "gallon", "volume-gallon", "gal"),
)

#: Codes two families share; a bare code means this family (OUNCE: Weight, not Volume).
_PREFERRED_FAMILY = {"MINUTE": "Duration", "SECOND": "Duration", "MIL": "Length", "OUNCE": "Weight"}

#: Families whose values cannot be negative (a negative weight is an error in the data).
NON_NEGATIVE_FAMILIES = frozenset({
    "Area", "Binary", "Frequency", "Length", "Volume", "Weight", "Duration", "CaseBox", "Brightness",
    "Capacitance", "Resistance", "ElectricCharge",
})

#: Product-catalogue families the market conventions convert between systems.
CATALOGUE_FAMILIES = (
    "Weight", "Length", "Area", "Volume", "Temperature", "Power", "Voltage", "Energy", "Frequency",
    "Speed", "Pressure", "Duration", "Binary",
)

SPECS: dict[tuple[str, str], UnitSpec] = {
    (family, code): UnitSpec(code, family, pint_expr, cldr, symbol)
    for family, code, pint_expr, cldr, symbol in _TABLE + _EXTENSIONS
}
EXTENSION_UNITS: frozenset[str] = frozenset(code for _, code, *_ in _EXTENSIONS)
_BY_CODE: dict[str, UnitSpec] = {}
for _spec in SPECS.values():
    if _spec.code not in _BY_CODE or _PREFERRED_FAMILY.get(_spec.code) == _spec.family:
        _BY_CODE[_spec.code] = _spec


def spec_for(code: str, family: str | None = None) -> UnitSpec | None:
    """The spec of an Akeneo (or extension) unit code, or None when the code is unknown.

    `family` disambiguates the few codes two families share (MINUTE, SECOND, MIL).
    """
    if family:
        spec = SPECS.get((family, code))
        if spec is not None:
            return spec
    return _BY_CODE.get(code)


def all_codes() -> frozenset[str]:
    """Every unit code we know: Akeneo's plus our extensions."""
    return frozenset(_BY_CODE)


def unmapped_codes() -> list[tuple[str, str]]:
    """Akeneo (family, code) pairs that have no spec at all (should be empty; a test keeps it so)."""
    return [(f, c) for f, codes in FAMILIES.items() for c in codes if (f, c) not in SPECS]
