"""`localize validate --profile shopify`: what Shopify's importers accept (see `format`).

Two files share the profile, told apart by their header: the translations CSV (identified by
`Identification`) and the Markets price list (identified by `Handle`). The header must be
exactly Shopify's; each row must name a known resource type and field, the market's Shopify
locale, non-empty default content, and a translation within the length Shopify enforces for the
field; prices must be numbers. The translation checks (markup, numbers, placeholders ...) run on
each row's `Default content` -> `Translated content`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from ...model import LocalizedRecord
from ...qa.check_context import CheckContext, FeedRecord
from ...qa.check_types import Example as E
from ...qa.check_types import Issue
from ...qa.checks import define, extend, register
from ...qa.profiles import ShopCsv
from .format import LIMITS, PRICE_BASE, TRANSLATION_HEADER, TYPE_FIELDS, market_name, shopify_locale
from .rows import translation_rows

SH = ("shopify",)
RUN_ATTRIBUTE = "\x00attribute"  # in a run: the record's attribute a row comes from (findings name it)
GOOD_TRANSLATIONS = ("Type,Identification,Field,Locale,Market,Status,Default content,Translated content\n"
                     "PRODUCT,trail-boot,title,de,Germany,,Trail boot,Wanderschuh\n")


def is_price_list(header: list[str]) -> bool:
    return "Handle" in header and "Identification" not in header


def header_issues(header: list[str], ctx: CheckContext) -> Iterator[Issue]:
    """The header of a translations CSV (exactly Shopify's eight columns) or of a price list."""
    if is_price_list(header):
        seen: set[str] = set()
        for name in header:
            if name in seen:
                yield Issue(f"column '{name}' appears twice", field=name)
            seen.add(name)
            if name not in PRICE_BASE and not name.startswith(("Price / ", "Compare At Price / ")):
                yield Issue(f"'{name}' is not a column of Shopify's product CSV price list", field=name)
        if not any(n.startswith("Price / ") for n in header):
            yield Issue("no 'Price / <market>' column: the file sets no market price", field=None)
        return
    if tuple(header) != TRANSLATION_HEADER:
        yield Issue("the header is not Shopify's translations header "
                    f"({','.join(TRANSLATION_HEADER)}); Shopify refuses the file", field=None)


define(
    "shopify-columns",
    severity="error",
    kind="line",
    profiles=SH,
    group="shopify",
    summary="The header is Shopify's: the translations CSV has exactly Type, Identification, Field, Locale, Market, "
            "Status, Default content, Translated content; a price list has Handle, the option and SKU columns and "
            "Price / <market> columns.",
    fix="Write the file with `localize run` (format shopify-csv) or restore Shopify's header.",
    passes=(E(content=GOOD_TRANSLATIONS, profile="shopify"),
            E(content="Handle,Variant SKU,Price / Germany\ntrail-boot,TB-42,129.00\n", profile="shopify")),
    fails=(E(content="Type,Identification,Field,Locale,Default content,Translated content\n"
                     "PRODUCT,trail-boot,title,de,Trail boot,Wanderschuh\n", profile="shopify", note="no Market/Status"),
           E(content="Handle,Variant SKU,Preis\ntrail-boot,TB-42,129.00\n", profile="shopify", note="unknown column")),
)


@register(
    "shopify-values",
    severity="error",
    kind="record",
    profiles=SH,
    group="shopify",
    summary="Rows Shopify imports: a known resource type and field, the market's Shopify locale (de, fr, pt-BR ...), "
            "an identification, default content, a translation within Shopify's length for the field (title 255, "
            "SEO title 70, SEO description 320); price lists: prices as numbers.",
    fix="Shorten the translation, or fix the column named in the finding.",
    passes=(E(record={"Type": "PRODUCT", "Identification": "trail-boot", "Field": "title", "Locale": "de",
                      "Market": "Germany", "Default content": "Trail boot", "Translated content": "Wanderschuh"},
              profile="shopify"),),
    fails=(
        E(record={"Type": "PRODUCT", "Identification": "trail-boot", "Field": "title", "Locale": "fr",
                  "Default content": "Trail boot", "Translated content": "Wanderschuh"}, profile="shopify"),
        E(record={"Type": "PRODUCT", "Identification": "trail-boot", "Field": "meta_title", "Locale": "de",
                  "Default content": "Boot", "Translated content": "W" * 71}, profile="shopify"),
        E(record={"Type": "PRODUCT", "Identification": "trail-boot", "Field": "colour", "Locale": "de",
                  "Default content": "Black", "Translated content": "Schwarz"}, profile="shopify"),
        E(record={"Type": "PRODUCT", "Identification": "", "Field": "title", "Locale": "de",
                  "Default content": "Boot", "Translated content": "Stiefel"}, profile="shopify"),
        E(record={"Handle": "trail-boot", "Price / Germany": "129,00 €"}, profile="shopify"),
    ),
)
def shopify_values(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    if "Type" not in fields:  # a price list row
        if not str(fields.get("Handle") or "").strip():
            yield Issue("the Handle is empty: Shopify matches price rows by handle", field="Handle")
        for name, value in fields.items():
            if name.startswith(("Price / ", "Compare At Price / ")) and value and not _is_price(str(value)):
                yield Issue(f"'{value}' is not a price (digits with a dot as decimal mark, no currency sign)", field=name)
        return
    kind, field = str(fields.get("Type") or ""), str(fields.get("Field") or "")
    known = TYPE_FIELDS.get(kind)
    if known is None:
        yield Issue(f"'{kind}' is not a resource type we write (PRODUCT, PRODUCT_OPTION, PRODUCT_OPTION_VALUE, "
                    "MEDIA_IMAGE)", field="Type")
    elif field not in known:
        yield Issue(f"'{field}' is not a translatable field of {kind} ({', '.join(sorted(known))})", field="Field")
    if not str(fields.get("Identification") or "").strip():
        yield Issue("the Identification is empty: Shopify cannot tell which resource the row translates",
                    field="Identification")
    locale, expected = str(fields.get("Locale") or ""), shopify_locale(ctx.market)
    if locale != expected:
        yield Issue(f"Locale is '{locale}'; the {ctx.market.locale} market's Shopify locale is '{expected}'",
                    field="Locale")
    if not str(fields.get("Default content") or ""):
        yield Issue("Default content is empty: Shopify matches a translation with the content it translates",
                    field="Default content")
    translated = str(fields.get("Translated content") or "")
    limit = LIMITS.get((kind, field))
    if limit is not None and len(translated) > limit:
        yield Issue(f"the translation has {len(translated)} characters; Shopify takes at most {limit} for "
                    f"{kind} {field}", field=fields.get(RUN_ATTRIBUTE) or "Translated content")


RESOURCE_TYPES = frozenset({"PRODUCT", "PRODUCT_OPTION", "PRODUCT_OPTION_VALUE", "MEDIA_IMAGE"})


@register(
    "shopify-resource-id",
    severity="warning",
    kind="record",
    profiles=SH,
    group="shopify",
    summary="A translations row names its product, option, option value or image by Shopify's numeric resource ID, "
            "which the languages import matches rows by (a handle is what a product export without IDs leaves us).",
    fix="Set outputs.shopify.translations_export to the shop's own translations export (Settings > Languages > "
        "Export) so products, options and images get their IDs, and run again.",
    passes=(E(record={"Type": "PRODUCT", "Identification": "'8079393226938", "Field": "title"}, profile="shopify"),),
    fails=(E(record={"Type": "PRODUCT", "Identification": "trail-boot", "Field": "title"}, profile="shopify"),
           E(record={"Type": "PRODUCT_OPTION_VALUE", "Identification": "trail-boot/1/42", "Field": "name"},
             profile="shopify")),
)
def shopify_resource_id(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    kind = fields.get("Type")
    if kind not in RESOURCE_TYPES or RUN_ATTRIBUTE in fields:  # a run cannot do better than its inputs
        return
    ident = str(fields.get("Identification") or "").strip().lstrip("'")
    if ident and not ident.isdigit():
        what = "a handle, not a Shopify product ID" if kind == "PRODUCT" else f"not a Shopify {kind} ID"
        yield Issue(f"'{ident[:60]}' is {what}: the languages import will not find the resource",
                    field="Identification")


def _is_price(text: str) -> bool:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return False
    return amount.is_finite() and amount >= 0 and text.strip() == text and "," not in text


def identifier(header: list[str]) -> str:
    return "Handle" if is_price_list(header) else "Identification"


def pairs(fields: dict[str, Any], ctx: CheckContext) -> list[tuple[str, str | None, str | None]]:
    """A translations row's (field, default content, translated content) for the translation checks."""
    if "Type" not in fields:
        return []
    name = f"{fields.get('Type', '')}.{fields.get('Field', '')}"
    return [(name, fields.get("Default content"), fields.get("Translated content"))]


def record_id(fields: dict[str, Any]) -> str | None:
    """A translations row is one field of one resource; a price row one variant."""
    if "Type" in fields:
        return "/".join(str(fields.get(k) or "") for k in ("Type", "Identification", "Field", "Locale", "Market"))
    parts = [str(fields.get(k) or "") for k in ("Handle", "Option1 Value", "Option2 Value", "Option3 Value")]
    return "/".join(p for p in parts if p) or None


def run_rows(record: LocalizedRecord) -> list[dict[str, str]]:
    """The translations rows the writer would write for a record, for the run's check stage."""
    locale, market = shopify_locale(record.market), market_name(record.market)
    return [{"Type": kind, "Identification": ident, "Field": field, "Locale": locale, "Market": market,
             "Default content": default, "Translated content": translated, RUN_ATTRIBUTE: attribute}
            for attribute, kind, ident, field, default, translated in translation_rows(record)]


extend("shopify", "run_rows", run_rows)
extend("shopify", "csv", ShopCsv(delimiter=",", columns_check="shopify-columns", header_issues=header_issues,
                                 identifier=identifier, pairs=pairs, record_id=record_id))
