"""An OXID eShop oxarticles export (generic import layout, `;` and `"`, entities for line breaks):
parent articles with 2-4 variants, single articles; three languages' columns, HTML long
descriptions joined in (OXLONGDESC), English copy for one article in three."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from bench.synthetic import WORDS, ean13, sentence

FORMAT = "oxid-csv"
LANG = ("OXTITLE", "OXSHORTDESC", "OXVARNAME", "OXVARSELECT", "OXSEARCHKEYS")
HEADER = ["OXID", "OXSHOPID", "OXPARENTID", "OXACTIVE", "OXARTNUM", "OXEAN", "OXPRICE", "OXTPRICE", "OXWEIGHT",
          "OXSTOCK", "OXLENGTH", "OXWIDTH", "OXHEIGHT", "OXINSERT", "OXTIMESTAMP", *LANG, "OXLONGDESC",
          *[f"{f}_{i}" for i in (1, 2, 3) for f in LANG], "OXLONGDESC_1"]


def write(path: Path, products: int, seed: int = 42) -> dict[str, object]:
    rng = random.Random(seed)
    bodies = ["<p>" + " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 5))) + "</p>&#10;<ul>"
              + "".join(f"<li>{sentence(rng, 4)}</li>" for _ in range(3)) + "</ul>" for _ in range(5000)]
    written = n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        out.writerow(HEADER)
        while written < products:
            parent = f"{n:032x}"
            variants = min(rng.choice((0, 0, 2, 3, 4)), max(products - written - 1, 0))
            title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n % 997}".capitalize()
            base = {"OXID": parent, "OXSHOPID": "1", "OXACTIVE": "1", "OXARTNUM": f"OX-{n:07d}",
                    "OXEAN": ean13(n), "OXPRICE": f"{rng.randint(3, 300)}.{rng.choice(('00', '50', '95'))}",
                    "OXTPRICE": "0", "OXWEIGHT": f"{rng.randint(1, 40) / 10}", "OXSTOCK": str(rng.randint(0, 99)),
                    "OXLENGTH": "0.3", "OXWIDTH": "0.2", "OXHEIGHT": "0.1", "OXINSERT": "2025-01-15",
                    "OXTIMESTAMP": "2025-01-15 09:30:00", "OXTITLE": title, "OXSHORTDESC": sentence(rng, 8),
                    "OXVARNAME": "Farbe | Größe" if variants else "", "OXSEARCHKEYS": "tasche, reise",
                    "OXLONGDESC": bodies[rng.randrange(len(bodies))]}
            if n % 3 == 0:
                base |= {"OXTITLE_1": sentence(rng, 3), "OXSHORTDESC_1": sentence(rng, 8)}
            out.writerow([base.get(h, "") for h in HEADER])
            for v in range(variants):
                row = {"OXID": f"{n:028x}{v + 1:04x}", "OXSHOPID": "1", "OXPARENTID": parent, "OXACTIVE": "1",
                       "OXARTNUM": f"OX-{n:07d}-{v}", "OXPRICE": base["OXPRICE"], "OXWEIGHT": base["OXWEIGHT"],
                       "OXSTOCK": str(rng.randint(0, 20)), "OXVARSELECT": f"{rng.choice(WORDS)} | {38 + v}"}
                out.writerow([row.get(h, "") for h in HEADER])
            written += variants + 1
            n += 1
    return {"currency": "EUR"}
