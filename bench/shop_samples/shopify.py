"""A Shopify product CSV export: products with 1-4 variants (size/colour), HTML bodies from a pool
(descriptions repeat as in real shops), SEO fields, an image row now and then."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from bench.synthetic import WORDS, ean13, sentence

FORMAT = "shopify-csv"
HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
          "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
          "Variant SKU", "Variant Grams", "Variant Inventory Qty", "Variant Price", "Variant Compare At Price",
          "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "SEO Title", "SEO Description",
          "Variant Weight Unit", "Status"]


def write(path: Path, products: int, seed: int = 42) -> dict[str, str]:
    rng = random.Random(seed)
    bodies = ["<p>" + " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 5))) + "</p><ul>"
              + "".join(f"<li>{sentence(rng, 4)}</li>" for _ in range(3)) + "</ul>" for _ in range(5000)]
    written = 0
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        while written < products:
            handle = f"product-{n:07d}"
            variants = min(rng.choice((1, 1, 2, 3, 4)), products - written)
            title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n % 997}"
            for v in range(variants):
                first = v == 0
                row = {"Handle": handle, "Option1 Value": "Default Title" if variants == 1 else f"{38 + v}",
                       "Variant SKU": f"SKU-{n:07d}-{v}", "Variant Grams": str(rng.randint(50, 5000)),
                       "Variant Inventory Qty": str(rng.randint(0, 50)),
                       "Variant Price": f"{rng.randint(3, 300)}.{rng.choice(('00', '50', '90', '99'))}",
                       "Variant Barcode": ean13(written), "Variant Weight Unit": "kg"}
                if first:
                    row |= {"Title": title.capitalize(), "Body (HTML)": bodies[rng.randrange(len(bodies))],
                            "Vendor": "Nordlicht", "Product Category": "Apparel & Accessories > Clothing",
                            "Type": "Shirts", "Tags": "cotton, summer", "Published": "true",
                            "Option1 Name": "Title" if variants == 1 else "Size",
                            "Image Src": f"https://cdn.example.com/{handle}.jpg", "Image Position": "1",
                            "Image Alt Text": sentence(rng, 4), "SEO Title": title.capitalize(),
                            "SEO Description": sentence(rng, 12), "Status": "active"}
                out.writerow([row.get(h, "") for h in HEADER])
                written += 1
            if n % 5 == 0:
                out.writerow([handle if h == "Handle" else (f"https://cdn.example.com/{handle}-2.jpg" if h == "Image Src"
                              else ("2" if h == "Image Position" else "")) for h in HEADER])
            n += 1
    return {"currency": "EUR"}
