"""Google Merchant channel rules, from Google's product data specification.

Facts used (Merchant Center product data specification): required `id`, `title`,
`description`, `link`, `image_link`, `availability`, `price` (and `brand` for new products
other than media; `availability_date` for preorder/backorder); `id` at most 50 characters,
`title` 150, `description` 5,000; `price` as a number and an ISO 4217 code (`15.00 USD`);
`shipping_weight` in lb, oz, g or kg; a GTIN of 8, 12, 13 or 14 digits with a valid check
digit; apparel needs color, size, gender and age_group in Brazil, France, Germany, Japan, the
UK and the US. `description` is plain text: the current specification
(support.google.com/merchants/answer/6324468) types it as a Unicode string with plain-text
examples; its earlier version allowed a few tags (strong, em, ul, ol, li, br, sub, sup, div,
span, dl, dt, dd) and did not allow malformed HTML (unclosed tags), attributes or unsafe tags
such as style or canvas. Unit pricing lives in `unit_checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...gtin import gtin_problem
from ...locale import language_of
from ...qa.check_context import CheckContext, FeedRecord
from ...qa.check_types import Example as E
from ...qa.check_types import Issue
from ...qa.checks import extend, register
from ...qa.langid import FUNCTION_WORDS, looks_like_source
from ...qa.patterns import nesting_problem, tags, words
from .plain_text import TAG_RE, entities, has_markup, plain_copy
from .settings import google_settings

GM = ("google-merchant",)
REQUIRED = ("id", "title", "description", "link", "image_link", "availability", "price")
LIMITS = {"id": 50, "title": 150, "description": 5000}
PRICE_RE = re.compile(r"^(\d+(?:\.\d+)?) ([A-Z]{3})$")
WEIGHT_RE = re.compile(r"^(\d+(?:\.\d+)?) ?(lb|oz|g|kg)$")
APPAREL_COUNTRIES = frozenset({"BR", "FR", "DE", "JP", "GB", "US"})
# Google product taxonomy roots whose goods are typically sold by weight or volume.
APPAREL_IDS = ("166",)
APPAREL_NAMES = ("apparel & accessories", "bekleidung & accessoires", "vêtements et accessoires",
                 "ropa y accesorios", "abbigliamento e accessori")

# Schema errors these checks report themselves (the `schema` check skips them, no double findings).
SCHEMA_COVERED = {
    ("required", None): "gm-required",
    ("maxLength", "id"): "gm-id-length",
    ("maxLength", "title"): "gm-title-length",
    ("maxLength", "description"): "gm-description-length",
    ("pattern", "price"): "gm-price-format",
    ("pattern", "sale_price"): "gm-price-format",
    ("pattern", "shipping_weight"): "gm-shipping-weight",
    ("pattern", "gtin"): "gm-gtin",
    ("pattern", "link"): "gm-link",
    ("pattern", "image_link"): "gm-link",
    ("pattern", "mobile_link"): "gm-link",
    ("pattern", "unit_pricing_measure"): "gm-unit-pricing",
    ("pattern", "unit_pricing_base_measure"): "gm-unit-pricing",
    ("maxLength", "link"): "gm-link",
    ("maxLength", "image_link"): "gm-link",
}


def first(fields: dict[str, Any], name: str) -> str:
    """A field's (first) value as text; '' when absent."""
    value = fields.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _item(**extra: str) -> dict[str, str]:
    base = {
        "id": "P1", "title": "Wanderschuh", "description": "Robuster Wanderschuh aus Leder.",
        "link": "https://shop.example/de/p/P1", "image_link": "https://cdn.example/P1.jpg",
        "availability": "in_stock", "price": "89.90 EUR", "brand": "TrailMaster",
    }
    base.update(extra)
    return {k: v for k, v in base.items() if v != "-"}


@register(
    "gm-required",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="Required attributes are present and not empty: id, title, description, link, image_link, availability, "
            "price; brand for new products (not media); availability_date for preorder and backorder.",
    fix="Add the missing attribute to every item (map it in validate.google_merchant.fields or the PIM).",
    passes=(E(record=_item()),),
    fails=(E(record=_item(price="-"), note="missing price"), E(record=_item(title="")),
           E(record=_item(availability="preorder"), note="no availability_date")),
)
def gm_required(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    for name in REQUIRED:
        if not first(fields, name):
            yield Issue(f"required attribute '{name}' is missing or empty", field=name)
    category = first(fields, "google_product_category")
    is_media = category.startswith("783") or category.lower().startswith("media")
    condition = first(fields, "condition") or "new"
    if not first(fields, "brand") and condition == "new" and not is_media:
        yield Issue("required attribute 'brand' is missing or empty (required for new products)", field="brand")
    if first(fields, "availability") in ("preorder", "backorder") and not first(fields, "availability_date"):
        yield Issue("'availability_date' is required when availability is preorder or backorder",
                    field="availability_date")


def _length_check(name: str) -> None:
    limit = LIMITS[name]

    def check(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
        value = first(record.fields, name)
        if len(value) > limit:
            yield Issue(f"{name} has {len(value)} characters; Google allows {limit}", field=name,
                        span=(limit, len(value)))

    register(
        f"gm-{name}-length",
        severity="error",
        kind="record",
        profiles=GM,
        group="google-merchant",
        summary=f"{name} is at most {limit:,} characters.",
        fix=f"Shorten {name} to {limit:,} characters"
            + (" (put the most important words first)." if name != "id" else " (use a shorter SKU)."),
        passes=(E(record=_item(**{name: "x" * limit})),),
        fails=(E(record=_item(**{name: "x" * (limit + 1)})),),
    )(check)


for _name in LIMITS:
    _length_check(_name)


# Tags Google never accepted in a description: unsafe ones (scripts, styles, embedded content, forms).
UNSAFE_TAGS = frozenset({"script", "style", "canvas", "iframe", "frame", "frameset", "object", "embed", "applet",
                         "form", "input", "button", "select", "textarea", "link", "meta", "base", "svg", "math",
                         "template", "noscript", "video", "audio"})


def html_problem(text: str) -> tuple[str, str | None] | None:
    """What Google disapproves in a description's markup (message, the offending tag), or None:
    unsafe tags, attributes on tags, unclosed or overlapping tags."""
    found = tags(text)
    for tag in found:
        if tag.name in UNSAFE_TAGS and tag.kind != "close":
            return f"the unsafe tag <{tag.name}>", text[tag.start:tag.end]
    for tag in found:
        if tag.attrs:
            return f"a tag with attributes ({text[tag.start:tag.end]})", text[tag.start:tag.end]
    problem = nesting_problem(found)
    if problem:
        message, tag = problem
        return f"malformed HTML: {message}", text[tag.start:tag.end] if tag is not None else None
    return None


@register(
    "gm-description-html",
    severity="warning",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="description is plain text: no HTML tags or character references (Google's specification types it as "
            "plain Unicode text).",
    fix="Publish the description as text: paragraphs as blank lines, list items as lines starting with • "
        "(the google-merchant-tsv/xml writers of `localize run` convert HTML this way).",
    passes=(E(record=_item(description="Robuster Wanderschuh.\n\n• Obermaterial: Leder\n• Gewicht: 1,2 kg")),
            E(record=_item(description="Größe < 42 & wasserdicht"), note="a < and an & are text")),
    fails=(E(record=_item(description="<p>Robuster Wanderschuh.</p><ul><li>Leder</li></ul>")),
           E(record=_item(description="Fish &amp; Chips")),),
)
def gm_description_html(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    text = first(record.fields, "description")
    if not text or not has_markup(text) or html_problem(text) is not None:
        return  # gm-description-bad-html reports markup Google disapproves
    found = list(dict.fromkeys(m.group() for m in TAG_RE.finditer(text)))
    refs = list(dict.fromkeys(entities(text)))
    shown = ", ".join((found + refs)[:4]) + (" ..." if len(found) + len(refs) > 4 else "")
    yield Issue(f"description contains HTML ({shown}); Google expects plain text", field="description",
                matched=(found + refs)[0])


@register(
    "gm-description-bad-html",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="description has no HTML that Google disapproves: unsafe tags (script, style, canvas, iframe ...), "
            "attributes on tags, or malformed markup (unclosed or overlapping tags).",
    fix="Publish the description as plain text, or at least remove the scripts, styles, attributes and unclosed tags.",
    passes=(E(record=_item(description="<p>Robuster <b>Wanderschuh</b>.</p>"), note="only a warning"),),
    fails=(E(record=_item(description='<p style="color:red">Robuster Wanderschuh</p>')),
           E(record=_item(description="<p>Robuster Wanderschuh<script>track()</script></p>")),
           E(record=_item(description="<p>Robuster <b>Wanderschuh</p>"), note="<b> never closed")),
)
def gm_description_bad_html(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    text = first(record.fields, "description")
    if not text or "<" not in text:
        return
    problem = html_problem(text)
    if problem:
        message, matched = problem
        yield Issue(f"description contains {message}, which Google disapproves", field="description", matched=matched)


@register(
    "gm-price-format",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="price and sale_price are a positive number with a decimal point and an ISO 4217 code: `15.00 USD`.",
    fix="Write the price as `<amount> <CURRENCY>` with a dot as decimal mark, e.g. `15.00 USD`.",
    passes=(E(record=_item(price="15.00 EUR")), E(record=_item(price="1500 JPY"), market="ja-JP")),
    fails=(E(record=_item(price="15,00 EUR")), E(record=_item(price="€15.00")), E(record=_item(price="0.00 EUR"))),
)
def gm_price_format(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    for name in ("price", "sale_price"):
        value = first(record.fields, name)
        if not value:
            continue
        m = PRICE_RE.match(value)
        if not m:
            yield Issue(f"{name} '{value}' is not in the form `15.00 USD`", field=name, matched=value)
        elif name == "price" and float(m.group(1)) <= 0:
            yield Issue(f"{name} '{value}' must be greater than zero", field=name, matched=value)


@register(
    "gm-price-currency",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="price and sale_price are in the market's currency.",
    fix="Convert the price to the market's currency (prices settings) before publishing.",
    passes=(E(record=_item(price="89.90 EUR")), E(record=_item(price="99.00 USD"), market="en-US")),
    fails=(E(record=_item(price="89.90 USD"), note="wrong currency for de-DE"),),
)
def gm_price_currency(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    for name in ("price", "sale_price"):
        m = PRICE_RE.match(first(record.fields, name))
        if m and m.group(2) != ctx.market.currency:
            yield Issue(f"{name} is in {m.group(2)}, but the market {ctx.market.code} sells in {ctx.market.currency}",
                        field=name, matched=m.group(2))


@register(
    "gm-shipping-weight",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="shipping_weight is a number with one of Google's units: lb, oz, g or kg.",
    fix="Write the weight as e.g. `2.5 kg` or `5.5 lb` (convert other units).",
    passes=(E(record=_item(shipping_weight="2.5 kg")), E(record=_item(shipping_weight="5.5 lb"))),
    fails=(E(record=_item(shipping_weight="2,5 kg")), E(record=_item(shipping_weight="2500 mg")),
           E(record=_item(shipping_weight="2.5 KILOGRAM"))),
)
def gm_shipping_weight(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    value = first(record.fields, "shipping_weight")
    if value and not WEIGHT_RE.match(value):
        yield Issue(f"shipping_weight '{value}' must be a number and lb, oz, g or kg", field="shipping_weight",
                    matched=value)


def _category_text(fields: dict[str, Any]) -> str:
    return (first(fields, "google_product_category") + " " + first(fields, "product_type")).lower()


@register(
    "gm-gtin",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="gtin is 8, 12, 13 or 14 digits with a valid check digit.",
    fix="Use the product's GTIN (EAN/UPC/ISBN) exactly as on the package, or leave gtin empty and give an mpn.",
    passes=(E(record=_item(gtin="4006381333931")), E(record=_item(gtin="036000291452"))),
    fails=(E(record=_item(gtin="4006381333932")), E(record=_item(gtin="12345"))),
)
def gm_gtin(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    value = first(record.fields, "gtin")
    if value:
        problem = gtin_problem(value)
        if problem:
            yield Issue(f"gtin '{value}' {problem}", field="gtin", matched=value)


@register(
    "gm-identifiers",
    severity="warning",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="An item has a gtin or an mpn, unless identifier_exists says it has none.",
    fix="Add the GTIN, or the manufacturer part number, or set identifier_exists to `no` for products "
        "that have neither (custom or handmade goods).",
    passes=(E(record=_item(gtin="4006381333931")), E(record=_item(mpn="TM-100")),
            E(record=_item(identifier_exists="no"))),
    fails=(E(record=_item()),),
)
def gm_identifiers(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    if first(fields, "gtin") or first(fields, "mpn"):
        return
    if first(fields, "identifier_exists").lower() in ("no", "false"):
        return
    yield Issue("neither gtin nor mpn is given", field="gtin")


_URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$")


@register(
    "gm-link",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="link, image_link, additional_image_link and mobile_link are absolute http(s) URLs without spaces, "
            "at most 2,000 characters.",
    fix="Set validate.google_merchant.link / image_link templates that produce absolute URLs.",
    passes=(E(record=_item()),),
    fails=(E(record=_item(link="/de/p/P1")), E(record=_item(image_link="https://cdn.example/P 1.jpg"))),
)
def gm_link(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    for name in ("link", "image_link", "additional_image_link", "mobile_link"):
        values = fields.get(name)
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str) or not value.strip():
                continue
            value = value.strip()
            if len(value) > 2000:
                yield Issue(f"{name} has {len(value)} characters; Google allows 2,000", field=name)
            elif not _URL_RE.match(value):
                yield Issue(f"{name} '{value}' is not an absolute http(s) URL", field=name, matched=value)


@register(
    "gm-apparel",
    severity="warning",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="Apparel items sold in Brazil, France, Germany, Japan, the UK or the US have color, size, gender and "
            "age_group.",
    fix="Map the product's color, size, gender and age group (validate.google_merchant.fields).",
    passes=(E(record=_item(google_product_category="166", color="Schwarz", size="42", gender="unisex",
                           age_group="adult")),
            E(record=_item(google_product_category="166"), market="de-CH", note="not required in CH")),
    fails=(E(record=_item(google_product_category="166", color="Schwarz")),),
)
def gm_apparel(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    if ctx.market.country not in APPAREL_COUNTRIES:
        return
    fields = record.fields
    category = first(fields, "google_product_category")
    text = _category_text(fields)
    if not (category.startswith(APPAREL_IDS) or any(n in text for n in APPAREL_NAMES)):
        return
    missing = [n for n in ("color", "size", "gender", "age_group") if not first(fields, n)]
    if missing:
        yield Issue(f"apparel for {ctx.market.country} needs {', '.join(missing)}", field=missing[0])


def _language_factory() -> Any:
    state = {"declared_checked": False}

    def gm_language(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
        target = ctx.market.language or language_of(ctx.market.locale)
        declared = ctx.extra.get("language")
        if declared and not state["declared_checked"]:
            state["declared_checked"] = True
            if language_of(declared) != target:
                yield Issue(f"the channel's <language> is {declared}, but the market {ctx.market.code} is in {target}",
                            field="language", line=ctx.extra.get("language_line"))
        candidates = ctx.extra.get("other_languages")
        if candidates is None:
            source = ctx.extra.get("source_language")
            candidates = [source] if source and source != target else [
                lang for lang in FUNCTION_WORDS if lang != target and lang != "no"
            ]
            ctx.extra["other_languages"] = candidates
        for name in ("title", "description"):
            text = first(record.fields, name)
            found = words(text) if text else ()
            if len(found) < 3:
                continue
            for lang in candidates:
                evidence = looks_like_source(found, text, lang, target)
                if evidence:
                    yield Issue(f"{name} reads as {lang}, not {target}: {evidence}", field=name)
                    break

    return gm_language


register(
    "gm-language",
    severity="error",
    kind="record",
    profiles=GM,
    stateful=True,
    group="google-merchant",
    summary="The feed's language matches the market: the RSS channel's <language>, and titles and descriptions "
            "not detectably written in another language.",
    fix="Validate the feed against the market it was written for, or translate the items.",
    passes=(E(record=[_item(description="Robuster Wanderschuh aus Leder mit einer griffigen Sohle für jedes Wetter.")]),),
    fails=(E(record=[_item(description="Sturdy leather hiking boot with a grippy sole for every kind of weather and "
                                       "the trail.")]),),
)(_language_factory)


@register(
    "gm-country",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="Country-specific attributes (shipping country, tax country) name the market's country.",
    fix="Write shipping and tax rules for the market's country, or validate against the right market.",
    passes=(E(record=_item(shipping="DE::Standard:4.95 EUR")),),
    fails=(E(record=_item(shipping="US::Standard:4.95 USD")),),
)
def gm_country(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    for name in ("shipping", "tax"):
        values = record.fields.get(name)
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str) or ":" not in value:
                continue
            country = value.split(":", 1)[0].strip().upper()
            if country and country != ctx.market.country:
                yield Issue(f"{name} is for {country}, but the market {ctx.market.code} is {ctx.market.country}",
                            field=name, matched=country)


# what qa asks this channel for besides its checks: its settings, the schema errors these checks
# report themselves, and how the writers turn HTML copy into the text they publish
extend("google-merchant", "settings", google_settings)
extend("google-merchant", "schema_covered", SCHEMA_COVERED)
extend("google-merchant", "has_markup", has_markup)
extend("google-merchant", "plain_copy", plain_copy)
