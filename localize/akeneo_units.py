"""Akeneo measurement families and their unit codes, as Akeneo PIM names them.

The readers use this table to reject a metric value whose unit code does not exist
(`KILOGRAMS`, `kg`) instead of letting it travel to a feed. Conversion factors and the
mapping onto pint units live with the unit conversion code, not here.
Some codes exist in two families (MINUTE/SECOND: Duration and Angle; MIL: Length and Angle).
"""

from __future__ import annotations

import difflib
from functools import lru_cache

FAMILIES: dict[str, tuple[str, ...]] = {
    "Area": ("SQUARE_MILLIMETER", "SQUARE_CENTIMETER", "SQUARE_DECIMETER", "SQUARE_METER", "CENTIARE",
             "SQUARE_DEKAMETER", "ARE", "SQUARE_HECTOMETER", "HECTARE", "SQUARE_KILOMETER", "SQUARE_MIL",
             "SQUARE_INCH", "SQUARE_FOOT", "SQUARE_YARD", "ARPENT", "ACRE", "SQUARE_FURLONG", "SQUARE_MILE"),
    "Binary": ("CHAR", "KILOBIT", "MEGABIT", "GIGABIT", "BIT", "BYTE", "KILOBYTE", "MEGABYTE", "GIGABYTE",
               "TERABYTE"),
    "Decibel": ("DECIBEL",),
    "Frequency": ("HERTZ", "KILOHERTZ", "MEGAHERTZ", "GIGAHERTZ", "TERAHERTZ"),
    "Length": ("MICROMETER", "NAUTICAL_MILE", "MILLIMETER", "CENTIMETER", "DECIMETER", "METER", "DEKAMETER",
               "HECTOMETER", "KILOMETER", "MIL", "INCH", "FEET", "YARD", "CHAIN", "FURLONG", "MILE"),
    "Power": ("WATT", "KILOWATT", "MEGAWATT", "GIGAWATT", "TERAWATT"),
    "Voltage": ("MILLIVOLT", "CENTIVOLT", "DECIVOLT", "VOLT", "DEKAVOLT", "HECTOVOLT", "KILOVOLT"),
    "Intensity": ("MILLIAMPERE", "CENTIAMPERE", "DECIAMPERE", "AMPERE", "DEKAMPERE", "HECTOAMPERE", "KILOAMPERE"),
    "Resistance": ("MILLIOHM", "CENTIOHM", "DECIOHM", "OHM", "DEKAOHM", "HECTOHM", "KILOHM", "MEGOHM"),
    "Speed": ("METER_PER_SECOND", "METER_PER_MINUTE", "METER_PER_HOUR", "KILOMETER_PER_HOUR", "FOOT_PER_SECOND",
              "FOOT_PER_HOUR", "YARD_PER_HOUR", "MILE_PER_HOUR"),
    "ElectricCharge": ("MILLIAMPEREHOUR", "AMPEREHOUR", "MILLICOULOMB", "CENTICOULOMB", "DECICOULOMB", "COULOMB",
                       "DEKACOULOMB", "HECTOCOULOMB", "KILOCOULOMB"),
    "Duration": ("MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR"),
    "Temperature": ("CELSIUS", "FAHRENHEIT", "KELVIN", "RANKINE", "REAUMUR"),
    "Volume": ("MICROLITER", "HECTOLITER", "CUBIC_MILLIMETER", "CUBIC_CENTIMETER", "MILLILITER", "CENTILITER",
               "DECILITER", "CUBIC_DECIMETER", "LITER", "CUBIC_METER", "OUNCE", "PINT", "BARREL", "GALLON",
               "CUBIC_FOOT", "CUBIC_INCH", "CUBIC_YARD"),
    "Weight": ("MICROGRAM", "MILLIGRAM", "GRAM", "KILOGRAM", "TON", "GRAIN", "DENIER", "ONCE", "MARC", "LIVRE",
               "OUNCE", "POUND"),
    "Pressure": ("CENTIBAR", "DECIBAR", "KILOBAR", "MEGABAR", "KILOPASCAL", "MEGAPASCAL", "GIGAPASCAL", "BAR",
                 "PASCAL", "HECTOPASCAL", "MILLIBAR", "ATM", "PSI", "TORR", "MMHG"),
    "Energy": ("JOULE", "CALORIE", "KILOCALORIE", "KILOJOULE"),
    "CaseBox": ("PIECE", "DOZEN"),
    "Brightness": ("LUMEN", "NIT"),
    "Force": ("MILLINEWTON", "NEWTON", "KILONEWTON", "MEGANEWTON"),
    "Angle": ("RADIAN", "MILLIRADIAN", "MICRORADIAN", "DEGREE", "MINUTE", "SECOND", "GON", "MIL", "REVOLUTION"),
    "Capacitance": ("ATTOFARAD", "PICOFARAD", "NANOFARAD", "MICROFARAD", "MILLIFARAD", "FARAD", "KILOFARAD"),
    "VolumeFlow": ("CUBIC_METER_PER_SECOND", "CUBIC_METER_PER_MINUTE", "CUBIC_METER_PER_HOUR",
                   "CUBIC_METER_PER_DAY", "MILLILITER_PER_SECOND", "MILLILITER_PER_MINUTE", "MILLILITER_PER_HOUR",
                   "MILLILITER_PER_DAY", "CUBIC_CENTIMETER_PER_SECOND", "CUBIC_CENTIMETER_PER_MINUTE",
                   "CUBIC_CENTIMETER_PER_HOUR", "CUBIC_CENTIMETER_PER_DAY", "CUBIC_DECIMETER_PER_MINUTE",
                   "CUBIC_DECIMETER_PER_HOUR", "LITER_PER_SECOND", "LITER_PER_MINUTE", "LITER_PER_HOUR",
                   "LITER_PER_DAY", "KILOLITER_PER_HOUR"),
}

ALL_UNITS: frozenset[str] = frozenset(code for codes in FAMILIES.values() for code in codes)


def is_known_unit(code: str, family: str | None = None) -> bool:
    """True if `code` is an Akeneo unit code (in `family`, when given and known)."""
    if family and family in FAMILIES:
        return code in FAMILIES[family]
    return code in ALL_UNITS


@lru_cache(maxsize=1024)
def unit_hint(code: str, family: str | None = None) -> str:
    """A 'did you mean' suggestion for an unknown unit code."""
    pool = FAMILIES.get(family or "", ()) or tuple(sorted(ALL_UNITS))
    close = difflib.get_close_matches(code.upper(), pool, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    if family in FAMILIES:
        return f"use one of {', '.join(FAMILIES[family])}"
    return "use an Akeneo unit code such as GRAM, KILOGRAM, CENTIMETER, LITER, CELSIUS"
