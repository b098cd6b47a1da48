"""`source.shop`: what a shop system's export does not say about itself, parsed once per reader.

A Magento export carries prices without their currency (the base currency is a store setting) and
weights without their unit (Stores > Settings > Configuration > General > Locale Options > Weight
Unit); its store views have codes an administrator chose (`de`, `german`, `fr_ch`). An OXID export's
language-suffixed fields (`OXTITLE_1`) name a language id, whose language is the shop's setting
(Master Settings > Languages). Guessing any of these would publish wrong prices, weights or copy,
so a reader asks for them (with the file and column) when the export uses them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..akeneo_units import is_known_unit, unit_hint
from ..config import SourceConfig
from ..errors import ConfigError
from ..locale import is_known_locale, to_pim_locale

_LOCALE_CODE_RE = re.compile(r"^[A-Za-z]{2,3}[_-][A-Za-z]{2}$")


def shop_currency(source: SourceConfig) -> str | None:
    """`source.currency` (ISO 4217, upper case; the schema checks the code), or None when not configured."""
    currency = source.currency
    return str(currency).strip().upper() if currency else None


def shop_weight_unit(shop: Mapping[str, Any]) -> str | None:
    """`source.shop.weight_unit` as an Akeneo unit code (KILOGRAM, POUND ...), or None."""
    unit = shop.get("weight_unit")
    if unit is None:
        return None
    text = str(unit).strip()
    aliases = {"kg": "KILOGRAM", "kgs": "KILOGRAM", "lb": "POUND", "lbs": "POUND", "g": "GRAM", "oz": "OUNCE"}
    text = aliases.get(text.lower(), text)
    if not is_known_unit(text, "Weight"):
        raise ConfigError(f"source.shop.weight_unit: '{unit}' is not a weight unit", hint=unit_hint(text, "Weight"))
    return text


def store_view_locales(shop: Mapping[str, Any]) -> dict[str, str | None]:
    """`source.shop.store_views`: Magento store view code -> PIM locale (`de_DE`), or None for a store
    view whose rows are not read (configured `null`: no market uses its copy)."""
    views = shop.get("store_views") or {}
    out: dict[str, str | None] = {}
    for code, locale in views.items():
        if locale is None:
            out[str(code).strip().lower()] = None
            continue
        if not is_known_locale(str(locale)):
            raise ConfigError(f"source.shop.store_views.{code}: '{locale}' is not a known locale", hint="e.g. de_DE")
        out[str(code).strip().lower()] = to_pim_locale(str(locale))
    return out


def locale_of_code(code: str) -> str | None:
    """A store view or language code that spells a full locale (`de_de`, `fr-CH`) as a PIM locale."""
    if _LOCALE_CODE_RE.match(code) and is_known_locale(code):
        return to_pim_locale(code)
    return None
