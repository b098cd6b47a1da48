"""A Shopware 6 "Default product" export: parents with HTML descriptions from a pool (copy repeats as
in real shops), variants with only their own cells (number, stock, EAN, price), `;`-separated."""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

from bench.synthetic import WORDS, ean13, sentence

FORMAT = "shopware-csv"
HEADER = ["id", "parent_id", "product_number", "active", "stock", "name", "description", "price_net", "price_gross",
          "tax_id", "tax_rate", "tax_name", "cover_media_id", "cover_media_url", "cover_media_title", "cover_media_alt",
          "manufacturer_id", "manufacturer_name", "categories", "sales_channel", "ean", "weight"]


def write(path: Path, products: int, seed: int = 42) -> dict[str, str]:
    rng = random.Random(seed)
    bodies = ["<p>" + " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 5))) + "</p><ul>"
              + "".join(f"<li>{sentence(rng, 4)}</li>" for _ in range(3)) + "</ul>" for _ in range(5000)]
    tax, maker, channel = (hashlib.md5(s.encode()).hexdigest() for s in ("tax", "maker", "channel"))
    written = n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(HEADER)
        while written < products:
            parent = f"{n:032x}"
            gross = rng.randint(3, 300) + 0.99
            out.writerow([parent, "", f"SW-{n:07d}", "1", str(rng.randint(0, 50)),
                          f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n % 997}".capitalize(),
                          bodies[rng.randrange(len(bodies))], f"{gross / 1.19:.2f}", f"{gross:.2f}", tax, "19",
                          "Standard rate", f"{n + 1:032x}", f"https://cdn.example.com/{n}.jpg", "", sentence(rng, 4),
                          maker, "Nordlicht", f"{rng.randrange(50):032x}", channel, ean13(written),
                          f"{rng.randint(50, 5000) / 1000:.3f}"])
            written += 1
            for v in range(min(rng.choice((0, 0, 1, 2, 3)), products - written)):
                out.writerow([f"{n:024x}{v:08x}", parent, f"SW-{n:07d}-{v}", "", str(rng.randint(0, 50)), "", "",
                              f"{gross / 1.19:.2f}", f"{gross:.2f}", "", "", "", "", "", "", "", "", "", "", "",
                              f"{5000000000000 + written}", ""])
                written += 1
            n += 1
    return {"currency": "EUR"}
