"""A seeded synthetic Akeneo CSV catalogue with realistic field sizes and repetition.

Real catalogues repeat a lot (families share descriptions, variants share copy), which is
what makes a translation memory and deduplication pay; the generator mimics that.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from localize.gtin import check_digit

WORDS = (
    "Baumwolle weich robust leicht Komfort Alltag Design klassisch modern Qualität Material Pflege "
    "waschbar Farbe Größe Passform elegant praktisch langlebig Edelstahl Küche Glas spülmaschinenfest "
    "Akku Ladezeit Bluetooth Anschluss Display Gehäuse Spielzeug Kinder Holz sicher Naturkosmetik Haut"
).split()
FAMILIES = ("tshirts", "shoes", "mugs", "headphones", "toys", "cosmetics", "food", "pans")
COLORS = ("red", "blue", "black", "white", "green", "grey")
HEADER = ["sku", "family", "categories", "enabled", "name-de_DE", "description-de_DE-ecommerce",
          "short_description-de_DE", "color", "weight", "weight-unit", "length", "length-unit", "price-EUR", "ean"]



def ean13(n: int) -> str:
    """The n-th EAN-13 of a made-up German range (400…), with its GS1 check digit: the reader sets aside a
    code whose check digit is wrong, as a PIM's typo would be, so a bench catalogue needs real-looking ones."""
    body = f"{400000000000 + n:012d}"
    return body + str(check_digit(body))


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(path: Path, count: int, seed: int = 42) -> Path:
    """Write `count` products; descriptions come from a pool so ~70% of copy repeats."""
    rng = random.Random(seed)
    pool_size = max(10, count // 3)
    descriptions = [
        "<p>" + " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 5))) + "</p>"
        "<ul>" + "".join(f"<li>{sentence(rng, 4)}</li>" for _ in range(3)) + "</ul>"
        for _ in range(min(pool_size, 5000))
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        for i in range(count):
            family = FAMILIES[i % len(FAMILIES)]
            writer.writerow([
                f"SKU-{i:07d}", family, f"{family},sale" if i % 7 == 0 else family, "1",
                f"{family.capitalize()} {rng.choice(WORDS)} {i % 997}",
                descriptions[rng.randrange(len(descriptions))],
                sentence(rng, 6) if i % 3 else "",
                rng.choice(COLORS),
                f"{rng.randint(50, 5000)}", "GRAM",
                f"{rng.randint(5, 120)}.{rng.randint(0, 9)}", "CENTIMETER",
                f"{rng.randint(3, 300)}.{rng.choice(('00', '50', '90', '99'))}",
                ean13(i),
            ])
    return path
