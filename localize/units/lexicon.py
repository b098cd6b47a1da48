"""How units are written in product copy: symbols and words in the languages we sell in.

Symbols are matched case-sensitively (`mm` is not `MM`, `g` is not `G` as in `5G`); words
case-insensitively. Deliberately left out because they are ordinary words or model names
far more often than units: bare `t`, `K`, `s`, `h`, `mi`, `pt`, `°` (angle), `Pfund`.
A few forms mean different units by region: `fl oz`, `gal` and `pint` are imperial in
British English and US customary elsewhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

# symbol -> unit code (case-sensitive)
SYMBOLS: dict[str, str] = {
    # weight
    "µg": "MICROGRAM", "μg": "MICROGRAM", "mcg": "MICROGRAM", "mg": "MILLIGRAM", "g": "GRAM",
    "kg": "KILOGRAM", "Kg": "KILOGRAM", "KG": "KILOGRAM", "lb": "POUND", "lbs": "POUND", "lb.": "POUND",
    "lbs.": "POUND", "oz": "OUNCE", "oz.": "OUNCE",
    "㎍": "MICROGRAM", "㎎": "MILLIGRAM", "㎏": "KILOGRAM",
    # length
    "µm": "MICROMETER", "μm": "MICROMETER", "mm": "MILLIMETER", "cm": "CENTIMETER", "dm": "DECIMETER",
    "m": "METER", "km": "KILOMETER", "in": "INCH", "in.": "INCH", "ft": "FEET", "ft.": "FEET",
    "yd": "YARD", "yd.": "YARD", '"': "INCH", "″": "INCH", "”": "INCH", "′": "FEET",
    "㎛": "MICROMETER", "㎜": "MILLIMETER", "㎝": "CENTIMETER", "㎞": "KILOMETER",
    # area
    "mm²": "SQUARE_MILLIMETER", "cm²": "SQUARE_CENTIMETER", "cm2": "SQUARE_CENTIMETER", "m²": "SQUARE_METER",
    "m2": "SQUARE_METER", "qm": "SQUARE_METER", "km²": "SQUARE_KILOMETER", "ha": "HECTARE",
    "ft²": "SQUARE_FOOT", "sq ft": "SQUARE_FOOT", "sq. ft.": "SQUARE_FOOT", "sq.ft.": "SQUARE_FOOT",
    "in²": "SQUARE_INCH", "sq in": "SQUARE_INCH", "sq. in.": "SQUARE_INCH", "㎡": "SQUARE_METER",
    "㎠": "SQUARE_CENTIMETER",
    # volume
    "ml": "MILLILITER", "mL": "MILLILITER", "cl": "CENTILITER", "cL": "CENTILITER", "dl": "DECILITER",
    "dL": "DECILITER", "l": "LITER", "L": "LITER", "ltr": "LITER", "ℓ": "LITER", "hl": "HECTOLITER",
    "cm³": "CUBIC_CENTIMETER", "ccm": "CUBIC_CENTIMETER", "cc": "CUBIC_CENTIMETER", "m³": "CUBIC_METER",
    "m3": "CUBIC_METER", "dm³": "CUBIC_DECIMETER", "ft³": "CUBIC_FOOT", "cu ft": "CUBIC_FOOT",
    "in³": "CUBIC_INCH", "cu in": "CUBIC_INCH", "㎖": "MILLILITER", "㎗": "DECILITER", "㎘": "CUBIC_METER",
    "fl oz": "@fluid_ounce", "fl. oz.": "@fluid_ounce", "fl.oz.": "@fluid_ounce", "fl. oz": "@fluid_ounce",
    "fl.oz": "@fluid_ounce", "floz": "@fluid_ounce", "gal": "@gallon", "gal.": "@gallon",
    # temperature
    "°C": "CELSIUS", "° C": "CELSIUS", "℃": "CELSIUS", "°F": "FAHRENHEIT", "° F": "FAHRENHEIT",
    "℉": "FAHRENHEIT",
    # electrical, power, energy, frequency
    "W": "WATT", "kW": "KILOWATT", "MW": "MEGAWATT", "V": "VOLT", "mV": "MILLIVOLT", "kV": "KILOVOLT",
    "A": "AMPERE", "mA": "MILLIAMPERE", "mAh": "MILLIAMPEREHOUR", "Ah": "AMPEREHOUR", "Ω": "OHM",
    "kΩ": "KILOHM", "J": "JOULE", "kJ": "KILOJOULE", "kcal": "KILOCALORIE", "cal": "CALORIE",
    "Hz": "HERTZ", "kHz": "KILOHERTZ", "MHz": "MEGAHERTZ", "GHz": "GIGAHERTZ",
    # speed, pressure
    "km/h": "KILOMETER_PER_HOUR", "kmh": "KILOMETER_PER_HOUR", "mph": "MILE_PER_HOUR", "m/s": "METER_PER_SECOND",
    "bar": "BAR", "mbar": "MILLIBAR", "psi": "PSI", "PSI": "PSI", "Pa": "PASCAL", "hPa": "HECTOPASCAL",
    "kPa": "KILOPASCAL", "MPa": "MEGAPASCAL",
    # binary (Akeneo's multiples are binary); French octets
    "kB": "KILOBYTE", "KB": "KILOBYTE", "MB": "MEGABYTE", "GB": "GIGABYTE", "TB": "TERABYTE",
    "ko": "KILOBYTE", "Ko": "KILOBYTE", "Mo": "MEGABYTE", "Go": "GIGABYTE", "To": "TERABYTE",
    "Mbit": "MEGABIT", "Gbit": "GIGABIT", "kbit": "KILOBIT",
    # Japanese katakana
    "キログラム": "KILOGRAM", "グラム": "GRAM", "ミリグラム": "MILLIGRAM", "センチメートル": "CENTIMETER",
    "センチ": "CENTIMETER", "ミリメートル": "MILLIMETER", "メートル": "METER", "キロメートル": "KILOMETER",
    "リットル": "LITER", "ミリリットル": "MILLILITER", "インチ": "INCH", "フィート": "FEET", "ポンド": "POUND",
    "オンス": "OUNCE", "ワット": "WATT", "ボルト": "VOLT",
}

# words -> unit code (case-insensitive, whole words)
WORDS: dict[str, str] = {
    "gram": "GRAM", "grams": "GRAM", "gramm": "GRAM", "gramme": "GRAM", "grammes": "GRAM",
    "kilogram": "KILOGRAM", "kilograms": "KILOGRAM", "kilogramm": "KILOGRAM", "kilogramme": "KILOGRAM",
    "kilogrammes": "KILOGRAM", "kilo": "KILOGRAM", "kilos": "KILOGRAM", "milligram": "MILLIGRAM",
    "milligrams": "MILLIGRAM", "milligramm": "MILLIGRAM", "pound": "POUND", "pounds": "POUND",
    "ounce": "OUNCE", "ounces": "OUNCE",
    "millimeter": "MILLIMETER", "millimeters": "MILLIMETER", "millimetre": "MILLIMETER", "millimetres": "MILLIMETER",
    "millimètre": "MILLIMETER", "millimètres": "MILLIMETER", "centimeter": "CENTIMETER", "centimeters": "CENTIMETER",
    "centimetre": "CENTIMETER", "centimetres": "CENTIMETER", "centimètre": "CENTIMETER", "centimètres": "CENTIMETER",
    "zentimeter": "CENTIMETER", "meter": "METER", "meters": "METER", "metre": "METER", "metres": "METER",
    "mètre": "METER", "mètres": "METER", "kilometer": "KILOMETER", "kilometers": "KILOMETER",
    "kilometre": "KILOMETER", "kilometres": "KILOMETER", "kilomètre": "KILOMETER", "kilomètres": "KILOMETER",
    "inch": "INCH", "inches": "INCH", "zoll": "INCH", "pouce": "INCH", "pouces": "INCH", "foot": "FEET",
    "feet": "FEET", "yard": "YARD", "yards": "YARD", "mile": "MILE", "miles": "MILE", "meile": "MILE",
    "meilen": "MILE",
    "liter": "LITER", "liters": "LITER", "litre": "LITER", "litres": "LITER", "milliliter": "MILLILITER",
    "milliliters": "MILLILITER", "millilitre": "MILLILITER", "millilitres": "MILLILITER",
    "gallon": "@gallon", "gallons": "@gallon", "pint": "@pint", "pints": "@pint",
    "fluid ounce": "@fluid_ounce", "fluid ounces": "@fluid_ounce",
    "grad celsius": "CELSIUS", "degrees celsius": "CELSIUS", "degree celsius": "CELSIUS",
    "degrés celsius": "CELSIUS", "degré celsius": "CELSIUS", "degrees fahrenheit": "FAHRENHEIT",
    "grad fahrenheit": "FAHRENHEIT", "degrés fahrenheit": "FAHRENHEIT",
    "watt": "WATT", "watts": "WATT", "volt": "VOLT", "volts": "VOLT",
}

# Region-dependent forms: (US customary, imperial)
REGIONAL = {
    "@fluid_ounce": ("US_FLUID_OUNCE", "OUNCE"),
    "@gallon": ("US_GALLON", "GALLON"),
    "@pint": ("US_PINT", "PINT"),
}
IMPERIAL_REGIONS = frozenset({"GB", "IE"})

#: A letter of a space-separated script (not CJK, whose text has no spaces between words).
LATIN_LETTER = r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]"

# Marks that must touch the number (`5"`, `6′`) and must not be followed by a letter or digit.
ATTACHED = frozenset({'"', "″", "”", "′"})


def resolve(surface: str, region: str | None) -> str:
    """The unit code a matched surface form means in a region (`fl oz` in GB is imperial)."""
    code = SYMBOLS.get(surface) or WORDS.get(surface.lower()) or surface
    if code.startswith("@"):
        us, imperial = REGIONAL[code]
        return imperial if region in IMPERIAL_REGIONS else us
    return code


@lru_cache(maxsize=1)
def unit_regex() -> re.Pattern[str]:
    """One regex for any unit surface form; longest forms first; whole words only."""
    symbols = sorted(SYMBOLS, key=len, reverse=True)
    words = sorted(WORDS, key=len, reverse=True)
    sym = "|".join(_flex(s) for s in symbols if s not in ATTACHED)
    word = "|".join(_flex(w) for w in words)
    # A unit ends where no Latin-script letter follows (Japanese text runs on without spaces:
    # `2.5kgの`); `/` followed by a letter would make it a compound (`Mbit/s`).
    tail = rf"(?!{LATIN_LETTER})(?!/{LATIN_LETTER})"
    return re.compile(rf"(?:(?P<sym>{sym})|(?P<word>(?i:{word}))){tail}")


def _flex(form: str) -> str:
    """A surface form as a regex; its inner spaces match any space (`fl oz`, `fl\u00a0oz`)."""
    return r"[ \u00a0\u202f]?".join(re.escape(part) for part in form.split(" "))
