"""The CLDR locales (babel's) whose numbers the readers write and read, for round-trip properties."""

from __future__ import annotations

import re
from decimal import Decimal

from babel import localedata

from localize.units.formatting import format_number
from localize.units.numbers import NumberError, number_style


def usable(locale: str) -> bool:
    """A locale whose numbers `format_number` writes in groups of three with a space, `.`, `,` or an
    apostrophe, and a `.` or `,` decimal mark: not the Indian `12,34,567` (en-IN, hi), nor `⹁`/`،` groups."""
    try:
        style = number_style(locale)
    except NumberError:
        return False
    written = format_number(Decimal(1234567), locale)
    return style.decimal in ".," and re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+", written) is not None


CLDR_LOCALES = sorted(loc.replace("_", "-") for loc in localedata.locale_identifiers() if usable(loc.replace("_", "-")))
SPACE_LOCALES = [loc for loc in CLDR_LOCALES if number_style(loc).space_groups]
OTHER_LOCALES = [loc for loc in CLDR_LOCALES if not number_style(loc).space_groups]
