"""The Google Merchant item of a localized record: Google's attributes, built once per record.

`item_fields(record, settings)` turns a localized record into Google's attributes;
`google_item` keeps the result on the record, so the run's QA check of the item and the TSV and
XML writers (`feed`) share one build, and what a run publishes is exactly what the
`google-merchant` checks of `localize validate` accepted. Where a field comes from:

- title, description, brand, gtin, mpn, color, size, material, pattern, gender, age_group:
  the record's attributes named in `validate.google_merchant.fields` (defaults cover the
  usual codes); option values in their localized form (`display`) when the map stage set one.
  Title and description are plain text: Google's specification types `description` as a
  plain Unicode string, so HTML copy is converted (`plain_text.html_to_text`: paragraphs
  become blank lines, list items lines starting with `• `, entities decoded, no tags); the
  JSONL feed keeps the HTML.
- link, image_link: URL templates from `validate.google_merchant.link` / `image_link`
  (`{identifier}`, `{parent}`, `{market}`, `{locale}`, `{language}`, `{country}`, `{region}`,
  `{currency}`, `{image}`, `{values.<attribute>}`; values are URL-encoded).
- price / sale_price: the market-currency `Money` of the price attribute, with the currency's
  ISO 4217 minor units: `15.00 USD`, `1500 JPY`.
- shipping_weight: the weight attribute in g, kg, lb or oz (converted when the PIM unit is
  none of those, to kg or lb by the market's measurement system).
- google_product_category: a Google id the taxonomy stage recorded, the shared taxonomy's id
  when that taxonomy is Google's, or `validate.google_merchant.category_map`.
- product_type: the localized category path (`A > B > C`); item_group_id: the product model.
- unit_pricing_measure / unit_pricing_base_measure: the net content of products sold by
  measure, in the market's units (`unit_pricing`).

The check and the writers resolve the market's settings from the same config and run
(`resolve_settings`): equal settings, so they share the item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from babel.numbers import get_currency_precision

from ...attributes import AttributeInfo
from ...errors import ConfigError
from ...model import LocalizedRecord, Market, Money, Quantity, format_decimal
from ...qa.settings import build_settings
from ...units.registry import convert
from ..base import RunView
from .measures import trim
from .plain_text import has_markup, html_to_text, plain_copy
from .settings import GoogleMerchantSettings
from .unit_pricing import is_net_content, unit_pricing

OUTPUT = "google-merchant"  # `FeedWriter.output` of the Google writers; names a finding about the item
COLUMNS = (
    "id", "title", "description", "link", "image_link", "availability", "price", "sale_price", "condition",
    "brand", "gtin", "mpn", "google_product_category", "product_type", "item_group_id", "color", "size",
    "material", "pattern", "gender", "age_group", "shipping_weight", "unit_pricing_measure",
    "unit_pricing_base_measure",
)
WEIGHT_UNITS = {"GRAM": "g", "KILOGRAM": "kg", "POUND": "lb", "OUNCE": "oz"}
AVAILABILITY = {
    "in_stock": "in_stock", "instock": "in_stock", "in stock": "in_stock", "available": "in_stock",
    "out_of_stock": "out_of_stock", "outofstock": "out_of_stock", "out of stock": "out_of_stock",
    "preorder": "preorder", "pre_order": "preorder", "backorder": "backorder", "back_order": "backorder",
}
GENDER = {"male": "male", "men": "male", "man": "male", "mens": "male", "herren": "male", "homme": "male",
          "female": "female", "women": "female", "woman": "female", "womens": "female", "damen": "female",
          "femme": "female", "unisex": "unisex"}
AGE_GROUP = {"newborn": "newborn", "infant": "infant", "baby": "infant", "toddler": "toddler", "kids": "kids",
             "kid": "kids", "children": "kids", "child": "kids", "kinder": "kids", "adult": "adult",
             "adults": "adult", "erwachsene": "adult"}
_TEMPLATE_KEY = re.compile(r"\{([^{}]+)\}")


@lru_cache(maxsize=64)
def _minor_units(currency: str) -> int:
    return get_currency_precision(currency)


def format_price(money: Money) -> str:
    """`Money(15, 'USD')` -> `15.00 USD`; `1500 JPY` (ISO 4217 minor units, half-even)."""
    digits = _minor_units(money.currency)
    quantum = Decimal(1).scaleb(-digits)
    amount = money.amount.quantize(quantum, rounding=ROUND_HALF_EVEN)
    return f"{format_decimal(amount)} {money.currency}"


def format_weight(quantity: Quantity, market: Market) -> str | None:
    """A weight in one of Google's units (g, kg, lb, oz), converted when needed; None if not a weight."""
    unit = quantity.unit.upper()
    if unit in WEIGHT_UNITS:
        return f"{trim(quantity.amount)} {WEIGHT_UNITS[unit]}"
    try:
        target = "POUND" if market.country in ("US", "LR", "MM") else "KILOGRAM"
        value = convert(quantity.amount, unit, target, "Weight")
    except Exception:  # noqa: BLE001 - not a weight unit we know: leave the field out (the check says so)
        return None
    return f"{trim(value.quantize(Decimal('0.001')))} {WEIGHT_UNITS[target]}"


def _text(record: LocalizedRecord, codes: tuple[str, ...], joiner: str = ", ") -> str:
    """The first non-empty value among `codes`, as published text (localized display preferred)."""
    for code in codes:
        value = record.values.get(code)
        if value is None:
            continue
        if value.display:
            return value.display
        data = value.data
        if isinstance(data, str) and data.strip():
            return data.strip()
        if isinstance(data, tuple) and data and all(isinstance(d, str) for d in data):
            return joiner.join(data)  # type: ignore[arg-type]
        if isinstance(data, Decimal):
            return format_decimal(data)
    return ""


def _money(record: LocalizedRecord, codes: tuple[str, ...], currency: str) -> str:
    for code in codes:
        value = record.values.get(code)
        if value is None:
            continue
        data = value.data
        items = data if isinstance(data, tuple) else (data,)
        for item in items:
            if isinstance(item, Money) and item.currency == currency:
                return format_price(item)
    return ""


def render_template(template: str, record: LocalizedRecord, image: str) -> str:
    """Fill a URL template; every value is URL-encoded (`/` kept in image paths)."""
    market = record.market
    product = record.product
    simple = {
        "identifier": quote(product.identifier, safe=""),
        "parent": quote(product.parent or "", safe=""),
        "market": quote(market.code, safe=""),
        "locale": market.locale,
        "language": market.language,
        "country": market.country,
        "region": market.country.lower(),
        "currency": market.currency,
        "image": quote(image, safe="/"),
    }

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.startswith("values."):
            value = record.values.get(key[len("values."):])
            data = value.data if value is not None else None
            return quote(data, safe="") if isinstance(data, str) else ""
        return simple.get(key, "")

    return _TEMPLATE_KEY.sub(fill, template)


def google_category(record: LocalizedRecord, settings: GoogleMerchantSettings) -> str:
    """A Google product category id for the record, or ''."""
    taxonomy = record.taxonomy or {}
    for key in ("google_product_category", "google_id", "google"):
        value = taxonomy.get(key)
        if value not in (None, ""):
            return str(value)
    shared = taxonomy.get("id")
    if shared in (None, ""):
        return ""
    if settings.category_map:
        return str(settings.category_map.get(str(shared), ""))
    if settings.google_taxonomy:
        return str(shared)
    return ""


def item_fields(record: LocalizedRecord, settings: GoogleMerchantSettings) -> dict[str, str]:
    """The Google Merchant attributes of one record (empty values left out)."""
    market = record.market
    fields = settings.fields
    image = _text(record, fields.get("image", ()))
    title = _text(record, fields.get("title", ()))
    if has_markup(title):
        title = " ".join(html_to_text(title).split())
    item: dict[str, str] = {
        "id": record.identifier,
        "title": title,
        "description": plain_copy(_text(record, fields.get("description", ())), bullet=settings.bullet),
        "link": render_template(settings.link, record, image) if settings.link else "",
        # a template that does not use {image} (`https://cdn.example/{identifier}.jpg`) needs no image value
        "image_link": render_template(settings.image_link, record, image)
        if settings.image_link and (image or "{image}" not in settings.image_link) else "",
    }
    availability = _text(record, fields.get("availability", ())).lower()
    item["availability"] = AVAILABILITY.get(availability, settings.availability) if availability else settings.availability
    item["price"] = _money(record, fields.get("price", ()), market.currency)
    item["sale_price"] = _money(record, fields.get("sale_price", ()), market.currency)
    condition = _text(record, fields.get("condition", ())).lower()
    item["condition"] = condition if condition in ("new", "used", "refurbished") else settings.condition
    for name in ("brand", "gtin", "mpn", "size", "material", "pattern"):
        item[name] = _text(record, fields.get(name, ()))
    item["color"] = _text(record, fields.get("color", ()), joiner="/")
    gender = _text(record, fields.get("gender", ()))
    item["gender"] = GENDER.get(gender.lower(), gender) if gender else ""
    age = _text(record, fields.get("age_group", ()))
    item["age_group"] = AGE_GROUP.get(age.lower(), age) if age else ""
    item["google_product_category"] = google_category(record, settings)
    path = (record.taxonomy or {}).get("path")
    item["product_type"] = " > ".join(str(p) for p in path) if isinstance(path, list) and path else ""
    item["item_group_id"] = record.product.parent or ""
    weight = ""
    for code in fields.get("shipping_weight", ()):
        value = record.values.get(code)
        if value is not None and isinstance(value.data, Quantity):
            weight = format_weight(value.data, market) or ""
            break
        if value is not None and isinstance(value.data, str) and value.data.strip():
            weight = value.data.strip()
            break
    item["shipping_weight"] = weight
    pricing = unit_pricing(record, settings, title, item["google_product_category"])
    if pricing is not None:
        item["unit_pricing_measure"], item["unit_pricing_base_measure"] = pricing
    return {k: v for k, v in item.items() if v}


def resolve_settings(ctx: RunView, settings: GoogleMerchantSettings) -> GoogleMerchantSettings:
    """What the run knows besides the config: `google_taxonomy` unset is true when the shared
    taxonomy the map stage loaded is Google's; the attribute definitions give each metric
    attribute's family and the attributes whose code or label names the net content."""
    source = ctx.taxonomy.source if ctx.taxonomy is not None else None
    attributes = ctx.catalog.attributes if ctx.catalog is not None else {}
    families, net = _metric_attributes(attributes)
    google = settings.google_taxonomy if settings.google_taxonomy is not None else source == "google"
    return replace(settings, google_taxonomy=google, families=families, net_content=net, taxonomy_source=source)


_LAST_METRICS: list[Any] = [None, None]  # [the attribute definitions, what `_metric_attributes` made of them]


def _metric_attributes(attributes: Mapping[str, AttributeInfo]) -> tuple[dict[str, str], tuple[str, ...]]:
    """(attribute -> metric family, the net content attributes). The QA check and each writer
    resolve their settings from the run's one set of definitions: they get the same objects, so
    comparing their settings (`google_item`) does not walk hundreds of attributes per record."""
    last, made = _LAST_METRICS
    if last is attributes and made is not None:
        return made  # type: ignore[no-any-return]
    families: dict[str, str] = {}
    net: list[str] = []
    for code, info in dict(attributes).items():
        family = info.metric_family
        if not family:
            continue
        families[code] = family
        if family in ("Weight", "Volume", "Length", "Area") and is_net_content(code, info.labels.values()):
            net.append(code)
    made = (families, tuple(net))
    _LAST_METRICS[:] = [attributes, made]
    return made


def google_item(record: LocalizedRecord, settings: GoogleMerchantSettings) -> dict[str, str]:
    """The record's Google item, built once for these settings and kept on the record: the run's
    QA check and both writers read the same item (their settings are built from the same config
    and run, so they are equal). A record the gate edits has its items dropped
    (`LocalizedRecord.items`), and a copy made with `replace` starts without them.
    The item is shared: callers read it, never change it."""
    cached = record.items.get(OUTPUT)
    if cached is not None and (cached[0] is settings or cached[0] == settings):
        return cached[1]  # type: ignore[no-any-return]
    item = item_fields(record, settings)
    record.items[OUTPUT] = (settings, item)
    return item


def market_settings(ctx: RunView, market: Market) -> GoogleMerchantSettings:
    """The market's Google Merchant settings from the config; links are required to write a feed."""
    settings = resolve_settings(ctx, build_settings(ctx.config.settings.validate.raw, market.settings.get("validate"),
                                                    base_dir=ctx.config.base_dir).google_merchant)
    missing = [k for k in ("link", "image_link") if not getattr(settings, k)]
    if missing:
        raise ConfigError(
            f"outputs.formats: a Google Merchant feed needs validate.google_merchant.{' and '.join(missing)}",
            hint="add URL templates, e.g. validate: {google_merchant: {link: 'https://shop.example/{language}/p/"
                 "{identifier}', image_link: 'https://cdn.example/media/{image}'}}",
        )
    return settings
