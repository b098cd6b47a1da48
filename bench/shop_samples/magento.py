"""A Magento 2 product export: configurable products with 2-4 simple children (children first, as
Magento exports them; no description of their own, as the configurable wizard creates them), simple products; HTML descriptions from a pool, additional_attributes,
categories, and a store-view row with overridden copy for one product in three."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from bench.synthetic import WORDS, sentence

FORMAT = "magento-csv"
HEADER = ["sku", "store_view_code", "attribute_set_code", "product_type", "categories", "product_websites", "name",
          "description", "short_description", "weight", "product_online", "tax_class_name", "visibility", "price",
          "special_price", "url_key", "meta_title", "meta_keywords", "meta_description", "created_at", "updated_at",
          "new_from_date", "display_product_options_in", "country_of_manufacture", "additional_attributes", "qty",
          "is_in_stock", "base_image", "small_image", "thumbnail_image", "configurable_variations",
          "configurable_variation_labels"]


def write(path: Path, products: int, seed: int = 42) -> dict[str, object]:
    rng = random.Random(seed)
    bodies = ["<p>" + " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 5))) + "</p><ul>"
              + "".join(f"<li>{sentence(rng, 4)}</li>" for _ in range(3)) + "</ul>" for _ in range(5000)]
    written = n = 0

    def row(sku: str, kind: str, name: str, **more: str) -> list[str]:
        data = {"sku": sku, "attribute_set_code": "Default", "product_type": kind, "product_websites": "base",
                "categories": "Default Category/Gear,Default Category/Gear/Bags", "name": name,
                "description": bodies[rng.randrange(len(bodies))], "short_description": sentence(rng, 8),
                "weight": f"{rng.randint(1, 40) / 10}", "product_online": "1", "tax_class_name": "Taxable Goods",
                "visibility": "Catalog, Search", "price": f"{rng.randint(3, 300)}.{rng.choice(('00', '50', '99'))}",
                "url_key": sku.lower(), "meta_title": name, "meta_keywords": "bag, travel", "meta_description": sentence(rng, 12),
                "created_at": "1/15/25, 9:30 AM", "updated_at": "1/15/25, 9:30 AM", "country_of_manufacture": "DE",
                "display_product_options_in": "Block after Info Column", "qty": str(rng.randint(0, 99)), "is_in_stock": "1",
                "base_image": f"/{sku[0]}/{sku}.jpg", "small_image": f"/{sku[0]}/{sku}.jpg",
                "thumbnail_image": f"/{sku[0]}/{sku}.jpg",
                "additional_attributes": f"color={rng.choice(WORDS)},material={rng.choice(WORDS)}, {rng.choice(WORDS)}"}
        data |= more
        return [data.get(h, "") for h in HEADER]

    def store_row(sku: str, view: str) -> list[str]:
        data = {"sku": sku, "store_view_code": view, "name": sentence(rng, 3), "url_key": f"{sku.lower()}-{view}"}
        return [data.get(h, "") for h in HEADER]

    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        while written < products:
            title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n % 997}".capitalize()
            children = min(rng.choice((0, 0, 2, 3, 4)), max(products - written - 1, 0))
            skus = [f"MG-{n:07d}-{c}" for c in range(children)]
            for sku in skus:  # as the configurable wizard makes them: no description or meta data of their own
                out.writerow(row(sku, "simple", f"{title}-{sku[-1]}", visibility="Not Visible Individually",
                                 description="", short_description="", meta_title="", meta_keywords="",
                                 meta_description=""))
            parent = f"MG-{n:07d}"
            variations = "|".join(f"sku={s},color={rng.choice(WORDS)}" for s in skus)
            out.writerow(row(parent, "configurable" if skus else "simple", title, configurable_variations=variations,
                             configurable_variation_labels="color=Color" if skus else ""))
            if n % 3 == 0:
                out.writerow(store_row(parent, "de"))
            written += children + 1
            n += 1
    return {"currency": "EUR", "shop": {"weight_unit": "KILOGRAM", "store_views": {"de": "de_DE"}}}
