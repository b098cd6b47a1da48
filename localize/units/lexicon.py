"""How units are written in product copy: symbols and words in the languages we sell in.

Symbols are matched case-sensitively (`mm` is not `MM`, `g` is not `G` as in `5G`); words
case-insensitively. Deliberately left out because they are ordinary words or model names
far more often than units: bare `t`, `K`, `s`, `h`, `mi`, `pt`, `°` (angle), `Pfund`.
A few forms mean different units by region: `fl oz`, `gal` and `pint` are imperial in
British English and US customary elsewhere.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal
from babel.units import format_unit

from ..locale import babel_locale, region_of
from .akeneo_pint import SPECS

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
    "US fl oz": "US_FLUID_OUNCE", "US gal": "US_GALLON", "fl oz Imp.": "Volume.OUNCE", "gal Imp.": "GALLON",
    "pt Imp.": "PINT", "imp. fl oz": "Volume.OUNCE", "imp. gal": "GALLON",
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
    "@fluid_ounce": ("US_FLUID_OUNCE", "Volume.OUNCE"),
    "@gallon": ("US_GALLON", "GALLON"),
    "@pint": ("US_PINT", "PINT"),
}
IMPERIAL_REGIONS = frozenset({"GB", "IE"})

#: Scripts written without spaces between words (kana, CJK ideographs, half-width katakana): a number
#: right against them (`重さ2.5kg`, `幅30cm`) stands on its own as it would after a space.
CJK_RANGES = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f"
#: A letter of a space-separated script (not CJK, whose text has no spaces between words).
LATIN_LETTER = rf"[^\W\d_{CJK_RANGES}]"
#: A word character that joins a number to a word (`\w` without CJK): what no span may touch.
JOINING_WORD = rf"[^\W{CJK_RANGES}]"
#: Quote marks that close what their opener opened (`“27”`, `"27"`, `‘5’`): after a number they are an
#: inch or foot mark only when the opener is not right before the number (a quoted number is no quantity).
QUOTE_OPENERS = {"”": "“", '"': '"', "’": "‘", "'": "'", "″": "″", "′": "′"}


def quoted_number(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]`, a number and its mark, is a number in quotes: its last character is a
    closing quote whose opener is right before it (`The model “27” is`), not an inch mark (`27” Monitor`)."""
    opener = QUOTE_OPENERS.get(text[end - 1:end])
    return opener is not None and start > 0 and text[start - 1] == opener

# Marks that must touch the number (`5"`, `6′`) and must not be followed by a letter or digit.
ATTACHED = frozenset({'"', "″", "”", "′"})


def resolve(surface: str, locale: str) -> tuple[str, str | None]:
    """The unit code (and family, where the code alone is ambiguous) a surface form means
    in a locale: `fl oz` in en-GB is the imperial (Volume) OUNCE, elsewhere US_FLUID_OUNCE;
    `cal` is an inch in Polish (CLDR) and a calorie elsewhere."""
    surface = re.sub(r"[ \u00a0\u202f]+", " ", surface)
    code = (
        cldr_forms(locale).get(surface) or SYMBOLS.get(surface) or SYMBOLS.get(surface + ".")
        or WORDS.get(surface.lower()) or surface
    )
    if code.startswith("@"):
        us, imperial = REGIONAL[code]
        code = imperial if region_of(locale) in IMPERIAL_REGIONS else us
    family, _, bare = code.rpartition(".")
    return bare, family or None


@lru_cache(maxsize=64)
def cldr_forms(locale: str) -> dict[str, str]:
    """How CLDR writes our units in `locale` (short and long, all plural forms): `po` (fr inch),
    `Kilogramm`, `bars`, `km/godz.`. Read through babel's public `format_unit`."""
    loc = babel_locale(locale)
    forms: dict[str, str] = {}
    for spec in SPECS.values():
        if not spec.cldr or spec.family in ("Duration", "Angle"):  # `m.` is a month in fr/es
            continue
        key = spec.code if spec.code not in ("OUNCE",) else f"{spec.family}.{spec.code}"
        for length in ("short", "long"):
            for sample in ("1", "2", "2.5", "5", "0"):
                try:
                    text = format_unit(sample, spec.cldr, length, locale=loc) if sample == "1" else \
                        format_unit(_dec(sample), spec.cldr, length, locale=loc)
                except Exception:  # noqa: BLE001 - a unit CLDR lacks in this locale
                    break
                number = "1" if sample == "1" else _num(sample, loc)
                if not text.startswith(number):
                    continue
                form = re.sub(r"[ \u00a0\u202f]+", " ", text[len(number):]).strip()
                if not form or any(ch in "0123456789" for ch in form):
                    continue
                if len(form) == 1 and form.isascii() and form not in SYMBOLS:
                    continue  # `K` (4K video), `t`: too often not a unit
                forms.setdefault(form, key)
    return forms


def _dec(sample: str):  # type: ignore[no-untyped-def]
    return Decimal(sample)


def _num(sample: str, loc) -> str:  # type: ignore[no-untyped-def]
    return format_decimal(_dec(sample), locale=loc)


@lru_cache(maxsize=64)
def unit_regex(locale: str) -> re.Pattern[str]:
    """One regex for any unit surface form in `locale`; longest forms first; whole words only."""
    exact = set(SYMBOLS) | set(cldr_forms(locale))
    # a trailing dot is optional and not taken before a sentence end (`5 lb.` keeps its full stop)
    symbols = sorted(exact - ATTACHED, key=len, reverse=True)
    words = sorted(WORDS, key=len, reverse=True)
    sym = "|".join(_flex(s) for s in symbols)
    word = "|".join(_flex(w) for w in words)
    # A unit ends where no Latin-script letter follows (Japanese text runs on without spaces:
    # `2.5kgの`); `/` followed by a letter would make it a compound (`Mbit/s`).
    tail = rf"(?!{LATIN_LETTER})(?!/{LATIN_LETTER})"
    return re.compile(rf"(?:(?P<sym>{sym})|(?P<word>(?i:{word}))){tail}")


def _flex(form: str) -> str:
    """A surface form as a regex: inner spaces match any space (`fl oz`, `fl\u00a0oz`); a final
    dot is optional and never taken at the end of a sentence."""
    body = form[:-1] if form.endswith(".") and len(form) > 2 else form
    rx = r"[ \u00a0\u202f]?".join(re.escape(part) for part in body.split(" "))
    if body != form:
        rx += r"(?:\.(?!\s*$)(?!\s+[A-ZÀ-ÝÄÖÜ]))?"
    return rx
