"""The two Shopify files we write, as Shopify documents them, and the limits Shopify enforces.

- The translations CSV of Shopify's languages import (Settings > Languages > Import, the same file
  Translate & Adapt exports; https://help.shopify.com/en/manual/international/languages/translate,
  section "Add language translations using a CSV file"): one row per resource, field, locale and
  market with the columns `Type, Identification, Field, Locale, Market, Status, Default content,
  Translated content`. `Default content` is the shop's current content of the field: Shopify
  compares it (its digest, `translatableContentDigest` in the Admin API's `TranslationInput`,
  https://shopify.dev/docs/api/admin-graphql/latest/input-objects/TranslationInput) with the
  resource before it takes the translation, so we write the source text exactly as read. An empty
  `Market` is a translation for every market of the locale; our rows name the market.
- The Markets price list: Shopify's product CSV (https://help.shopify.com/en/manual/products/import-export/using-csv)
  with the `Price / <market>` and `Compare At Price / <market>` columns its export writes for each
  market's fixed prices, imported with "Overwrite products with matching handles" so only the
  columns present change.

Limits Shopify's admin enforces: titles, handles, product types, option names and values at most
255 characters; the SEO title 70 and the SEO description 320 characters (the product page's
"Search engine listing" fields).
"""

from __future__ import annotations

from babel import Locale

from ...model import Market

TRANSLATION_HEADER = ("Type", "Identification", "Field", "Locale", "Market", "Status", "Default content",
                      "Translated content")
PRICE_BASE = ("Handle", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
              "Option3 Value", "Variant SKU")

#: our attribute -> (resource type, Shopify field key) for product-level copy
PRODUCT_FIELDS = {"title": "title", "body_html": "body_html", "meta_title": "meta_title",
                  "meta_description": "meta_description", "product_type": "product_type"}
#: Shopify's translatable field keys per resource type we write
TYPE_FIELDS = {
    "PRODUCT": frozenset(PRODUCT_FIELDS.values()) | {"handle"},
    "PRODUCT_OPTION": frozenset({"name"}),
    "PRODUCT_OPTION_VALUE": frozenset({"name"}),
    "MEDIA_IMAGE": frozenset({"alt"}),
}
LIMITS = {("PRODUCT", "title"): 255, ("PRODUCT", "handle"): 255, ("PRODUCT", "product_type"): 255,
          ("PRODUCT", "meta_title"): 70, ("PRODUCT", "meta_description"): 320,
          ("PRODUCT_OPTION", "name"): 255, ("PRODUCT_OPTION_VALUE", "name"): 255, ("MEDIA_IMAGE", "alt"): 512}
#: languages whose Shopify locale keeps the region (Shopify's published languages list)
REGIONAL = frozenset({"pt", "zh"})


def shopify_locale(market: Market) -> str:
    """The locale code Shopify's languages use: the language (`de`), with the region for
    Portuguese and Chinese (`pt-BR`, `pt-PT`, `zh-CN`, `zh-TW`)."""
    language = market.language.lower()
    if language in REGIONAL and market.country:
        return f"{language}-{market.country.upper()}"
    return language


def market_name(market: Market) -> str:
    """The Shopify market a file is for: `shopify.market` in the market's section, else the
    market's country by its English name (Shopify names a new single-country market so)."""
    shopify = market.settings.get("shopify") if isinstance(market.settings, dict) else None
    if isinstance(shopify, dict) and isinstance(shopify.get("market"), str) and shopify["market"].strip():
        return shopify["market"].strip()
    try:
        return Locale("en").territories.get(market.country.upper(), market.country)
    except (ValueError, TypeError):
        return market.country
