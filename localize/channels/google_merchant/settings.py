"""Google Merchant settings: how our records become Google items (`validate.google_merchant`).

Parsed from the `validate` section and the market's own (the market wins; `unit_pricing`'s
`categories` and `base_measure` merge key by key). The writers use them to build items, the
`gm-*` checks to judge them; `QASettings.google_merchant` holds them for the checks.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ...codes import CodeMap
from ...errors import ConfigError
from .measures import GOOGLE_UNITS, base_problem, parse_measure

# Google Merchant attribute -> candidate attribute codes in our records, first present wins.
DEFAULT_GM_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "product_name"),
    "description": ("description", "short_description", "long_description"),
    "brand": ("brand", "manufacturer", "camera_brand"),
    "gtin": ("gtin", "ean", "ean13", "upc", "isbn"),
    "mpn": ("mpn", "manufacturer_part_number", "part_number"),
    "color": ("color", "colour", "main_color"),
    "size": ("size", "clothing_size", "shoe_size"),
    "material": ("material", "materials", "tshirt_materials", "container_material"),
    "pattern": ("pattern",),
    "gender": ("gender",),
    "age_group": ("age_group",),
    "availability": ("availability",),
    "condition": ("condition",),
    "price": ("price",),
    "sale_price": ("sale_price",),
    "shipping_weight": ("shipping_weight", "weight"),
    "image": ("image", "picture", "main_image", "image_1"),
}


@dataclass(frozen=True)
class UnitPricingSettings:
    """How the Google writers fill unit_pricing_measure / unit_pricing_base_measure
    (`validate.google_merchant.unit_pricing`; a market's section is merged over it)."""

    write: str = "all"  # all | required (only where the country requires unit prices) | never
    attributes: tuple[str, ...] = ()  # attributes that hold the net content (empty: found by name)
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> attributes; () = not by measure
    base_measure: dict[str, str] = field(default_factory=dict)  # dimension (mass, volume, length, area) -> `100 g`


@dataclass(frozen=True)
class GoogleMerchantSettings:
    """How our records become Google Merchant items (used by the writers and the checks)."""

    link: str | None = None  # URL template, e.g. https://shop.example/{language}/p/{identifier}
    image_link: str | None = None  # URL template, e.g. https://cdn.example/{image}
    fields: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_GM_FIELDS))
    availability: str = "in_stock"
    condition: str = "new"
    file: str = "google-{market}"  # output file stem; .tsv / .xml added by the writer
    title: str | None = None  # the RSS channel title; default "<project> <market>"
    unit_pricing_countries: frozenset[str] | None = None  # None = the built-in list
    google_taxonomy: bool | None = None  # the shared taxonomy is Google's (None: ask the loaded taxonomy)
    category_map: dict[str, str] = field(default_factory=dict)  # shared taxonomy id -> Google category id
    unit_pricing: UnitPricingSettings = field(default_factory=UnitPricingSettings)
    bullet: str = "• "  # starts a list item in plain-text descriptions
    # from the run (resolve_settings): attribute -> Akeneo metric family, the attributes whose code or
    # label names the net content, and the shared taxonomy's source (google, localize, shopify ...)
    families: dict[str, str] = field(default_factory=dict)
    net_content: tuple[str, ...] = ()
    taxonomy_source: str | None = None



TEMPLATE_FIELDS = ("identifier", "parent", "market", "locale", "language", "country", "currency", "image")
_TEMPLATE_KEY = re.compile(r"\{([^{}]*)\}")


def check_template(template: str, where: str) -> None:
    """A URL template may only use the documented fields; say which one is wrong."""
    for key in _TEMPLATE_KEY.findall(template):
        name = key.split(":")[0]
        if name not in TEMPLATE_FIELDS and not name.startswith("values."):
            raise ConfigError(
                f"{where}: unknown field {{{key}}} in URL template {template!r}",
                hint=f"use {', '.join('{' + f + '}' for f in TEMPLATE_FIELDS)} or {{values.<attribute>}}",
            )


def google_settings(top: Mapping[str, Any], market: Mapping[str, Any], where: str, base: Path) -> GoogleMerchantSettings:
    """The settings from `<where>.google_merchant` and the market's section; config errors name the key."""
    merged = {**top, **market}
    fields = dict(DEFAULT_GM_FIELDS)
    for src in (top.get("fields") or {}, market.get("fields") or {}):
        for key, value in src.items():
            fields[key] = (value,) if isinstance(value, str) else tuple(value)
    for key in ("link", "image_link"):
        if merged.get(key):
            check_template(merged[key], f"{where}.google_merchant.{key}")
    countries = merged.get("unit_pricing_countries")
    category_map = merged.get("category_map") or {}
    if isinstance(category_map, str):
        category_map = _load_category_map(Path(category_map) if Path(category_map).is_absolute()
                                          else base / category_map, where)
    return GoogleMerchantSettings(
        link=merged.get("link"),
        image_link=merged.get("image_link"),
        fields=fields,
        availability=merged.get("availability", "in_stock"),
        condition=merged.get("condition", "new"),
        file=merged.get("file", "google-{market}"),
        title=merged.get("title"),
        unit_pricing_countries=frozenset(countries) if countries is not None else None,
        google_taxonomy=merged.get("google_taxonomy"),
        category_map={str(k): str(v) for k, v in category_map.items()},
        bullet=merged.get("bullet", "• "),
        unit_pricing=_unit_pricing(top.get("unit_pricing") or {}, market.get("unit_pricing") or {},
                                   f"{where}.google_merchant.unit_pricing"),
    )


DIMENSIONS = ("mass", "volume", "length", "area")


def _unit_pricing(top: Mapping[str, Any], market: Mapping[str, Any], where: str) -> UnitPricingSettings:
    """The unit pricing settings: the market's keys win; `categories` and `base_measure` merge by key."""
    merged = {**top, **market}
    categories: CodeMap[tuple[str, ...]] = CodeMap()  # PIM category codes are case-insensitive
    for src in (top.get("categories") or {}, market.get("categories") or {}):
        for key, value in src.items():
            if value is False or value is None:
                categories[str(key)] = ()
            else:
                categories[str(key)] = (value,) if isinstance(value, str) else tuple(value)
    base: dict[str, str] = {}
    for src in (top.get("base_measure") or {}, market.get("base_measure") or {}):
        for dimension, text in src.items():
            text = str(text).strip()
            problem = base_problem(text)
            if problem:
                raise ConfigError(f"{where}.base_measure.{dimension}: '{text}' {problem}",
                                  hint="e.g. base_measure: {mass: 100 g, volume: 100 ml}")
            measure = parse_measure(text)
            if measure is not None and GOOGLE_UNITS[measure.unit][0] != dimension:
                raise ConfigError(f"{where}.base_measure.{dimension}: '{text}' is not a {dimension} unit",
                                  hint=f"use a {dimension} unit of Google's list")
            base[dimension] = text
    attributes = merged.get("attributes") or ()
    return UnitPricingSettings(
        write=merged.get("write", "all"),
        attributes=(attributes,) if isinstance(attributes, str) else tuple(attributes),
        categories=categories,
        base_measure=base,
    )


def _load_category_map(path: Path, where: str) -> dict[str, str]:
    """A two-column CSV/TSV (shared taxonomy id, Google category id) or a YAML mapping."""
    if not path.is_file():
        raise ConfigError(f"{where}.google_merchant.category_map: file not found: {path}",
                          hint="fix the path (relative to the config file)")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        data = yaml.safe_load(text) or {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: a category map is a mapping of shared id -> Google category id")
        return {str(k): str(v) for k, v in data.items()}
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] else "excel"
    rows = list(csv.reader(text.splitlines(), dialect=dialect))
    if rows and not any(c.strip().isdigit() for c in rows[0][1:2]):
        rows = rows[1:]  # a header row
    return {r[0].strip(): r[1].strip() for r in rows if len(r) >= 2 and r[0].strip() and r[1].strip()}
