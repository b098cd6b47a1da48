"""Google Merchant unit pricing: `unit_pricing_measure` where the law asks for unit prices.

Facts (Google's product data specification, support.google.com/merchants/answer/6324455 and
/6324490; details in `measures`): products sold by weight, volume,
length or area in the EU, the EFTA countries, the UK, Australia and New Zealand must be shown
with a unit price and need `unit_pricing_measure`; the measure is a positive number and one
of Google's units (`750 ml`, `1.5kg`), the base measure 1, 2, 4, 8, 10 or 100 and a unit (or
75 cl, 750 ml, 50 kg, 1000 kg).

How sure we are that an item is sold by measure decides the severity, so the gate does not
withhold a kettle (`Wasserkocher 1,5 l`) but does withhold a wine without its unit price:

- `gm-unit-pricing` (error): a malformed measure or base measure, or a missing measure on an
  item that is clearly sold by measure: its category is food and drink, cosmetics or a
  cleaning product (a Google category id or a category path in words) and its title states
  its weight or volume;
- `gm-unit-pricing-likely` (warning): a missing measure on an item that probably is: the
  title states a weight or volume but the feed says nothing of its category, or it is food
  and drink whose title states no quantity.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...qa.check_context import CheckContext, FeedRecord
from ...qa.check_types import Example as E
from ...qa.check_types import Issue
from ...qa.checks import register
from .categories import CARE, FOOD, HOUSEHOLD, OTHER, google_kind, path_kind, split_path
from .checks import GM, _item, first
from .measures import (
    base_problem,
    default_base,
    measure_problem,
    parse_measure,
    requires_unit_pricing,
)
from .unit_pricing import Declared, declared_quantity

KIND_LABEL = {FOOD: "food or drink", CARE: "a cosmetic or personal care product",
              HOUSEHOLD: "a cleaning or laundry product"}


def item_kind(fields: dict[str, Any], ctx: CheckContext) -> str | None:
    """FOOD, CARE, HOUSEHOLD or OTHER from the item's Google category and product_type;
    None when the item says nothing we can read about its category."""
    category = first(fields, "google_product_category")
    configured = ctx.settings.google_merchant.unit_pricing.categories
    if category in configured:
        return FOOD if configured[category] else OTHER  # the config says which attributes hold the content
    if category.isdigit():
        kind = google_kind(category)
        if kind is not None:
            return kind
    texts = [t for t in (category if not category.isdigit() else "", first(fields, "product_type")) if t]
    kinds = [path_kind(split_path(t)) for t in texts]
    for kind in kinds:
        if kind != OTHER:
            return kind
    return OTHER if kinds else None


def evidence(fields: dict[str, Any], ctx: CheckContext) -> tuple[str, str | None, Declared | None] | None:
    """("clear" | "likely", kind, the quantity the title declares) for an item that needs a unit
    price in the market's country and has no unit_pricing_measure; None otherwise."""
    if first(fields, "unit_pricing_measure"):
        return None
    country = ctx.market.country
    if not requires_unit_pricing(country, ctx.settings.google_merchant.unit_pricing_countries):
        return None
    kind = item_kind(fields, ctx)
    if kind == OTHER:
        return None
    declared = declared_quantity(first(fields, "title"), ctx.market.locale, country)
    if declared is not None:
        return ("clear" if kind is not None else "likely"), kind, declared
    if kind == FOOD:
        return "likely", kind, None
    return None


def _suggestion(declared: Declared | None, ctx: CheckContext) -> str:
    if declared is None:
        return ""
    measure = declared.measure(False)
    if measure is None:
        return ""
    base = ctx.settings.google_merchant.unit_pricing.base_measure.get(measure.dimension) or default_base(
        measure.dimension, ctx.market.country, False)
    return f" (e.g. unit_pricing_measure `{measure}` and unit_pricing_base_measure `{base}`)"


@register(
    "gm-unit-pricing",
    severity="error",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="unit_pricing_measure is a positive number and one of Google's units (`750 ml`, `1.5kg`), the base measure "
            "1, 2, 4, 8, 10 or 100 and a unit of the same kind (or 75 cl, 750 ml, 50 kg, 1000 kg); and it is given "
            "where the country requires unit prices (EU, EFTA, UK, AU, NZ) for an item clearly sold by measure "
            "(food and drink, cosmetics or cleaning products whose title states the weight or volume).",
    fix="Add unit_pricing_measure (the net content, e.g. `750 ml`) and unit_pricing_base_measure (e.g. `1 l`); "
        "`localize run` writes them from the net content attribute (validate.google_merchant.unit_pricing).",
    passes=(
        E(record=_item(title="Olivenöl 750 ml", google_product_category="412", unit_pricing_measure="750 ml",
                       unit_pricing_base_measure="1 l")),
        E(record=_item(title="Olivenöl 750 ml", unit_pricing_measure="750ml", unit_pricing_base_measure="100ml")),
        E(record=_item(title="Riesling 0,75 l", google_product_category="421", unit_pricing_measure="0.75 l",
                       unit_pricing_base_measure="75 cl"), note="Google's 75 cl combination"),
        E(record=_item(title="Olive oil 750 ml", google_product_category="412"), market="en-US",
          note="not required in the US"),
        E(record=_item(title="Wasserkocher „Aqua“, 1,5 l", product_type="Haushalt & Küche > Küchengeräte"),
          note="a kettle's capacity is not a net content"),
        E(record=_item(title="Olivenöl 0,75 l"), note="no category: only probably sold by measure (a warning)"),
    ),
    fails=(
        E(record=_item(title="Olivenöl 0,75 l", google_product_category="412"), note="no unit pricing in DE"),
        E(record=_item(title="Handcreme Ringelblume, 75 ml", product_type="Gesundheit & Schönheit > Bad & Körper")),
        E(record=_item(title="Sencha green tea, 100 g", product_type="Food & drink > Beverages > Tea"),
          market="en-GB"),
        E(record=_item(unit_pricing_measure="750 litres")),
        E(record=_item(unit_pricing_measure="0,75 l"), note="decimal comma"),
        E(record=_item(unit_pricing_measure="750 ML"), note="Google's units are lower case"),
        E(record=_item(unit_pricing_measure="0 ml")),
        E(record=_item(unit_pricing_measure="750 ml", unit_pricing_base_measure="3 l"), note="3 is not accepted"),
        E(record=_item(unit_pricing_measure="750 ml", unit_pricing_base_measure="100 g"), note="volume per weight"),
        E(record=_item(unit_pricing_base_measure="100 ml"), note="a base without a measure"),
    ),
)
def gm_unit_pricing(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    measure_text = first(fields, "unit_pricing_measure")
    base_text = first(fields, "unit_pricing_base_measure")
    bad = False
    if measure_text:
        problem = measure_problem(measure_text)
        if problem:
            bad = True
            yield Issue(f"unit_pricing_measure '{measure_text}' {problem}", field="unit_pricing_measure",
                        matched=measure_text)
    if base_text:
        problem = base_problem(base_text)
        if problem:
            bad = True
            yield Issue(f"unit_pricing_base_measure '{base_text}' {problem}", field="unit_pricing_base_measure",
                        matched=base_text)
        elif not measure_text:
            yield Issue("unit_pricing_base_measure is given without unit_pricing_measure (the quantity it divides)",
                        field="unit_pricing_measure")
    if measure_text and base_text and not bad:
        measure, base = parse_measure(measure_text), parse_measure(base_text)
        if measure is not None and base is not None and measure.dimension != base.dimension:
            yield Issue(f"unit_pricing_measure '{measure_text}' is a {measure.dimension} but the base measure "
                        f"'{base_text}' a {base.dimension}: Google cannot compute the unit price",
                        field="unit_pricing_base_measure", matched=base_text)
    found = evidence(fields, ctx)
    if found is not None and found[0] == "clear":
        _, kind, declared = found
        assert declared is not None
        yield Issue(f"{ctx.market.country} requires unit prices for goods sold by weight or volume and the item is "
                    f"{KIND_LABEL.get(kind or '', 'sold by measure')} with {declared.text} in the title: "
                    f"unit_pricing_measure is missing{_suggestion(declared, ctx)}", field="unit_pricing_measure")


@register(
    "gm-unit-pricing-likely",
    severity="warning",
    kind="record",
    profiles=GM,
    group="google-merchant",
    summary="unit_pricing_measure is given where the country requires unit prices (EU, EFTA, UK, AU, NZ) for an item "
            "that is probably sold by measure: the title states a weight or volume but the item has no category, "
            "or it is food and drink without a quantity in the title.",
    fix="If the item is sold by weight or volume, add unit_pricing_measure and unit_pricing_base_measure; give its "
        "google_product_category or product_type so the check can tell.",
    passes=(
        E(record=_item(title="Olivenöl 0,75 l", unit_pricing_measure="0.75 l", unit_pricing_base_measure="1 l")),
        E(record=_item(title="Isolierflasche 0,75 l", product_type="Haushalt & Küche > Küchenhelfer > Flaschen")),
        E(record=_item(title="Olive oil 0.75 l"), market="en-US"),
        E(record=_item(title="Olivenöl 0,75 l", google_product_category="412"), note="clear: an error, not this"),
    ),
    fails=(
        E(record=_item(title="Olivenöl 0,75 l"), note="no category"),
        E(record=_item(title="Bio-Espressobohnen „Crema“", google_product_category="1868"),
          note="coffee without a quantity"),
    ),
)
def gm_unit_pricing_likely(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    found = evidence(record.fields, ctx)
    if found is None or found[0] != "likely":
        return
    _, kind, declared = found
    country = ctx.market.country
    if declared is not None:
        yield Issue(f"the title states {declared.text} and {country} requires unit prices for goods sold by weight or "
                    f"volume: if the item is sold by measure, unit_pricing_measure is missing"
                    f"{_suggestion(declared, ctx)}", field="unit_pricing_measure")
    else:
        yield Issue(f"the item is {KIND_LABEL[kind or FOOD]} and {country} requires unit prices for goods sold by "
                    "weight or volume, but neither unit_pricing_measure nor the title says how much it holds",
                    field="unit_pricing_measure")
