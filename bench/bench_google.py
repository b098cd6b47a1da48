"""Google Merchant items: what unit pricing and plain-text descriptions cost per item.

- `records_per_s`: the Google item taken three times per record, batch by batch of 500, as a run
  takes it (`google_item`: the QA stage's check builds it, the TSV and the XML writer reuse it),
  on a catalogue mix: a third groceries and cosmetics (a net content to find, the
  title's quantity to check it against), the rest apparel and kitchen goods; every
  description HTML with a paragraph and a list.
- `vs_without_unit_pricing`: the same items with `unit_pricing.write: never` (ratio of the
  times; 1.0 would be free).
- `vs_html_kept`: the plain-text conversion against publishing the HTML unchanged.
- `builds_per_s`: `item_fields` alone (one build per record, no reuse): the builder's own speed.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from decimal import Decimal
from typing import Any

CATEGORIES = [
    ({"id": "food.beverages.wine", "ancestors": ["food", "food.beverages"], "path": ["Food & drink", "Wine"]},
     "Riesling Spätlese {n}, 0,75 l", {"volume": ("0.75", "LITER"), "weight": ("1.3", "KILOGRAM")}),
    ({"id": "food.sweets.chocolate", "ancestors": ["food", "food.sweets"], "path": ["Food & drink", "Sweets"]},
     "Zartbitterschokolade {n}, 100 g", {"weight": ("100", "GRAM")}),
    ({"id": "beauty.skincare", "ancestors": ["beauty"], "path": ["Health & beauty", "Skin care"]},
     "Handcreme {n}, 75 ml", {"volume": ("75", "MILLILITER"), "weight": ("95", "GRAM")}),
    ({"id": "apparel.tops", "ancestors": ["apparel"], "path": ["Apparel", "Tops"]},
     "Merino-Pullover {n}", {"weight": ("350", "GRAM")}),
    ({"id": "home.appliances", "ancestors": ["home"], "path": ["Home & kitchen", "Appliances"]},
     "Wasserkocher {n}, 1,5 l", {"volume": ("1.5", "LITER"), "weight": ("1.1", "KILOGRAM")}),
    ({"id": "apparel.bottoms", "ancestors": ["apparel"], "path": ["Apparel", "Bottoms"]},
     "Jeans {n}", {"weight": ("600", "GRAM")}),
]
DESCRIPTION = ("<p>Feiner Strickpullover aus 100 % Merinowolle. Merino wärmt und nimmt kaum Gerüche an {n}.</p>"
               "<ul><li>Stehkragen mit Reißverschluss</li><li>Gewicht: ca. 350 g</li><li>Waschbar bei 30 °C</li></ul>")


def _records(n: int) -> list[Any]:
    from localize.config import build_market
    from localize.model import LocalizedRecord, LocalizedValue, Origin, Product, Quantity

    market = build_market({"locale": "de-DE"}, None)
    rnd = random.Random(3)
    out = []
    for i in range(n):
        taxonomy, title, values = CATEGORIES[rnd.randrange(len(CATEGORIES))]
        rec = LocalizedRecord(Product(f"P{i}", Origin("bench", i)), market, "de-DE", taxonomy=taxonomy)
        rec.values["name"] = LocalizedValue(title.format(n=i), None)
        rec.values["description"] = LocalizedValue(DESCRIPTION.format(n=i), None)
        for code, (amount, unit) in values.items():
            rec.values[code] = LocalizedValue(Quantity(Decimal(amount), unit))
        out.append(rec)
    return out


def _time(records: list[Any], settings: Any) -> float:
    from localize.channels.google_merchant.items import google_item

    for rec in records:
        rec.items.clear()  # every timing builds its own items
    started = time.perf_counter()
    for start in range(0, len(records), 500):
        batch = records[start:start + 500]
        for _ in range(3):  # QA stage, TSV writer, XML writer
            for rec in batch:
                google_item(rec, settings)
    return time.perf_counter() - started


def _time_builds(records: list[Any], settings: Any) -> float:
    from localize.channels.google_merchant.items import item_fields

    started = time.perf_counter()
    for rec in records:
        item_fields(rec, settings)
    return time.perf_counter() - started


def main(quick: bool = False) -> dict[str, Any]:
    from localize.channels.google_merchant import items as google_merchant
    from localize.qa.settings import build_settings

    n = 5_000 if quick else 100_000
    records = _records(n)
    settings = build_settings({"google_merchant": {"link": "https://s.example/{identifier}",
                                                   "image_link": "https://s.example/{identifier}.jpg"}}).google_merchant
    never = replace(settings, unit_pricing=replace(settings.unit_pricing, write="never"))
    _time(records[:500], settings)  # warm the caches and imports
    full = _time(records, settings)
    without = _time(records, never)
    builds = _time_builds(records, settings)
    original = google_merchant.plain_copy
    google_merchant.plain_copy = lambda text, bullet="• ": text  # type: ignore[assignment]
    try:
        html_kept = _time(records, never)
    finally:
        google_merchant.plain_copy = original
    return {
        "items": n,
        "records_per_s": round(n / full),
        "builds_per_s": round(n / builds),
        "vs_without_unit_pricing": round(full / without, 2),
        "vs_html_kept": round(without / html_kept, 2),
    }
