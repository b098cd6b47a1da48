"""Which products are sold by measure, and their `unit_pricing_measure` / `_base_measure`.

Decided from the product's own data, most deliberate statement first:

1. `unit_pricing.categories` in the config: the most specific key among the product's PIM
   categories, its shared-taxonomy category and that category's ancestors, and its Google
   category names the attributes that hold the net content (or `false`: not sold by
   measure).
2. A net-content attribute: `unit_pricing.attributes`, else the metric attributes whose code
   or label names the net content (`net_volume`, `Füllmenge`, `contenance` ...). The PIM
   states the net content there, so it is used for any product that has a value in one.
3. Products of categories sold by measure (`categories`: food and drink, cosmetics,
   cleaning and laundry products) without such an attribute use their volume, else weight
   attributes. Those are often gross or shipping figures, so they are checked against the
   quantity the title declares (`Olivenöl, 0,5 l`): when the title states one that differs
   (more than 2 %), or of another dimension, the title's wins, as the customer reads it.

The measure is written in the market's units: metric where the law asks for unit prices
(EU, EFTA, UK, AU, NZ) and in metric markets, US units (oz, floz ...) in US-unit markets;
the base measure follows `measures.default_base` unless `base_measure` is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from ...model import LocalizedRecord, Quantity
from ...units.akeneo_pint import spec_for
from ...units.amounts import find_amounts
from ...units.numbers import has_spaced_digits, spaced_group_head
from .categories import CARE, FOOD, HOUSEHOLD, google_kind, taxonomy_kind
from .measures import (
    GOOGLE_UNITS,
    US_UNITS,
    Measure,
    default_base,
    from_quantity,
    natural,
    requires_unit_pricing,
    same_amount,
    uses_us_units,
)
from .settings import GoogleMerchantSettings

# Attribute codes that name the net content when there is no attribute file to read labels from.
DEFAULT_NET_CODES = ("net_content", "net_contents", "net_volume", "net_weight", "net_quantity", "content_volume",
                     "content_weight", "fill_quantity", "filling_quantity", "contents")
_NET_TOKENS = frozenset({"net", "netto", "content", "contents", "inhalt", "fuellmenge", "füllmenge", "fill",
                         "filling", "contenance", "contenu", "contenido", "contenuto", "inhoud"})
_NET_LABEL = re.compile(r"\bnet\b|netto|inhalt|füllmenge|\bcontents?\b|contenance|contenu|contenido|contenuto|"
                        r"\binhoud|zawartość|内容量|正味", re.I)
# Figures that are never the net content: shipping, packaging, gross weights.
_GROSS = re.compile(r"ship|packag|parcel|gross|brutto|tare|versand|verpack|paket|carton", re.I)
_MULTIPACK = re.compile(r"(\d{1,3})\s*[x×]\s*$")
# Units in copy (localize.units.amounts symbols) that are Google units under another name.
_COPY_TO_GOOGLE = {"fl oz": "floz", "m³": "cbm", "m²": "sqm", "sq ft": "sqft"}


def is_net_content(code: str, labels: Iterable[str] = ()) -> bool:
    """Whether an attribute's code or one of its labels names the net content."""
    if any(token in _NET_TOKENS for token in re.split(r"[_\-\s]+", code.lower())):
        return True
    return any(_NET_LABEL.search(label) for label in labels if label)


def unit_pricing(record: LocalizedRecord, settings: GoogleMerchantSettings, title: str = "",
                 google_category: str = "") -> tuple[str, str] | None:
    """(unit_pricing_measure, unit_pricing_base_measure) for the record, or None."""
    config = settings.unit_pricing
    market = record.market
    countries = settings.unit_pricing_countries
    if config.write == "never" or (config.write == "required"
                                   and not requires_unit_pricing(market.country, countries)):
        return None
    units = market.settings.get("units") if isinstance(market.settings.get("units"), dict) else {}
    us = uses_us_units(market.country, (units or {}).get("system"), countries)
    chosen = configured_attributes(record, settings, google_category)
    if chosen is not None:
        measure = _first_measure(record, chosen, settings, us) if chosen else None
    else:
        explicit = config.attributes or tuple(dict.fromkeys([*settings.net_content, *DEFAULT_NET_CODES]))
        measure = _first_measure(record, explicit, settings, us)
        if measure is None and measured_kind(record, settings, google_category) in (FOOD, CARE, HOUSEHOLD):
            measure = _first_measure(record, generic_attributes(record, settings), settings, us)
            declared = declared_quantity(title, market.locale, market.country) if title else None
            if declared is not None and (measure is None or not declared.matches(measure)):
                measure = declared.measure(us)
    if measure is None:
        return None
    base = config.base_measure.get(measure.dimension) or default_base(measure.dimension, market.country, us,
                                                                        measure.unit)
    return str(measure), base


def configured_attributes(record: LocalizedRecord, settings: GoogleMerchantSettings,
                          google_category: str = "") -> tuple[str, ...] | None:
    """The attributes `unit_pricing.categories` names for the record's most specific category
    (() when it says `false`), or None when no key applies."""
    table = settings.unit_pricing.categories
    if not table:
        return None
    taxonomy = record.taxonomy or {}
    keys = [*record.categories, *record.product.categories]
    if taxonomy.get("id") not in (None, ""):
        keys.append(str(taxonomy["id"]))
    keys.extend(str(a) for a in reversed(taxonomy.get("ancestors") or ()))
    if google_category:
        keys.append(google_category)
    for key in keys:
        if key in table:
            return table[key]
    return None


def measured_kind(record: LocalizedRecord, settings: GoogleMerchantSettings, google_category: str = "") -> str | None:
    """FOOD, CARE, HOUSEHOLD, OTHER, or None when the record has no category evidence."""
    kind = google_kind(google_category) if google_category.isdigit() else None
    if kind is not None:
        return kind
    kind = taxonomy_kind(record.taxonomy or {}, settings.taxonomy_source)
    if kind is None and google_category:
        kind = google_kind(google_category)
    return kind


def generic_attributes(record: LocalizedRecord, settings: GoogleMerchantSettings) -> tuple[str, ...]:
    """Volume attributes, then weight attributes (gross and shipping figures left out)."""
    families = settings.families
    if families:
        codes = [c for f in ("Volume", "Weight") for c, fam in families.items() if fam == f]
    else:
        found: dict[str, list[str]] = {"Volume": [], "Weight": []}
        for code in sorted(record.values):
            data = _quantity(record, code)
            spec = spec_for(data.unit) if data is not None else None
            if spec is not None and spec.family in found:
                found[spec.family].append(code)
        codes = found["Volume"] + found["Weight"] or ["volume", "weight"]
    return tuple(c for c in codes if not _GROSS.search(c))


def _quantity(record: LocalizedRecord, code: str) -> Quantity | None:
    """The PIM's quantity of an attribute (before any conversion for the market)."""
    value = record.values.get(code)
    if value is None:
        return None
    if isinstance(value.source, Quantity):
        return value.source
    return value.data if isinstance(value.data, Quantity) else None


def _first_measure(record: LocalizedRecord, codes: Iterable[str], settings: GoogleMerchantSettings,
                   us: bool) -> Measure | None:
    for code in codes:
        quantity = _quantity(record, code)
        if quantity is None:
            continue
        measure = from_quantity(quantity, settings.families.get(code), us)
        if measure is not None:
            return measure
    return None


class Declared(NamedTuple):
    """The net quantity a text declares: `0,75 l` is (volume, 750 ml, `l`, 0.75, 0.005 l)."""

    dimension: str
    base_value: Decimal  # in g or ml, multipacks multiplied out
    symbol: str  # the unit as `localize.units.amounts` names it
    value: Decimal  # the amount as written, times the packs
    tolerance: Decimal  # half the last digit written, in g or ml (`0.2 oz` is 0.15-0.25 oz)
    text: str

    def matches(self, measure: Measure) -> bool:
        """The same quantity: equal within the rounding the text shows, or within 2 %."""
        if measure.dimension != self.dimension:
            return False
        return abs(measure.base_value - self.base_value) <= self.tolerance or same_amount(measure.base_value,
                                                                                           self.base_value)

    def measure(self, us: bool) -> Measure | None:
        """As a Google measure: its own unit when Google has it (and it is of the market's system)."""
        unit = _COPY_TO_GOOGLE.get(self.symbol, self.symbol)
        if unit in GOOGLE_UNITS and GOOGLE_UNITS[unit][0] == self.dimension and (unit in US_UNITS) == us \
                and self.base_value == self.value * GOOGLE_UNITS[unit][1]:
            return Measure(self.value, unit)
        return natural(self.dimension, self.base_value, us)


def declared_quantity(text: str, locale: str, country: str = "") -> Declared | None:
    """The first weight or volume in `text` (a title: `Riesling, 0,75 l`, `Tee 6 x 20 g`) that
    is not part of a dimension chain; a multipack (`6 x 0,5 l`) counts as its total."""
    for amount in find_amounts(text, locale):
        unit = amount.unit
        if unit is None or unit.dimension not in ("mass", "volume") or amount.value <= 0:
            continue
        start, end = amount.span
        if text[start:end] != amount.text:
            continue  # `6` of `6 x 0,5 l`: a count, not a quantity
        if spaced_group_head(text, start) is not None or has_spaced_digits(amount.text):
            # `6 330 ml` in en-US: 6330 ml or 6 × 330 ml? And `Lot de 3 100 g` in fr-FR, where CLDR reads a
            # plain space as a group mark: 3100 g or 3 × 100 g? A unit price shown to customers is not
            # guessed from a typed space; a no-break space (`1 500 ml`) is a group mark (`units.numbers`).
            return None
        factor = unit.factors[-1] if country.upper() == "GB" and len(unit.factors) > 1 else unit.factors[0]
        packs = _MULTIPACK.search(text[:start])
        count = Decimal(packs.group(1)) if packs else Decimal(1)
        half_digit = Decimal(5).scaleb(-(amount.decimals + 1))
        return Declared(unit.dimension, amount.value * factor * count, unit.symbol, amount.value * count,
                        half_digit * factor * count, amount.text)
    return None
