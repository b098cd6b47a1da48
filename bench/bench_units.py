"""Units benchmark: metric conversions per second, and the cost of quantities in free text.

- `conversions_per_s`: 1M metric values (a realistic mix of units) converted to en-US units
  and rounded by their named rules, through `MarketUnits.convert` (the convert stage's call).
  Goal: >= 200k/s on one core. `vs_pint_per_value` is the ratio to calling pint for each value
  (measured on a sample), which the cached Decimal factors avoid.
- `text_ms_per_1000`: finding quantities in 1,000 product descriptions (German copy,
  ~400 characters, a few quantities each), and rewriting them for en-US.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

UNITS = [("GRAM", 50, 2000), ("KILOGRAM", 1, 40), ("CENTIMETER", 1, 300), ("MILLIMETER", 1, 900),
         ("METER", 1, 10), ("LITER", 1, 20), ("MILLILITER", 50, 1500), ("CELSIUS", 20, 95), ("WATT", 5, 3000)]

SENTENCES = [
    "Robuster Rucksack aus recyceltem Polyester mit gepolstertem Laptopfach.",
    "Gewicht: {w} kg, Maße {a} x {b} x {c} cm, Volumen {v} l.",
    "Waschbar bei {t} °C im Schonwaschgang, nicht im Trockner trocknen.",
    "Die Flasche fasst {ml} ml und hält Getränke bis zu 12 Stunden kalt.",
    "Kabellänge {m} m, Leistung {p} W, kompatibel mit USB 3.0 und Bluetooth 5.2.",
    "Ideal für Wanderungen, Pendeln und Reisen; erhältlich in 4 Farben.",
]


def _values(n: int) -> list[tuple[Decimal, str]]:
    rnd = random.Random(5)
    out = []
    for _ in range(n):
        unit, lo, hi = UNITS[rnd.randrange(len(UNITS))]
        out.append((Decimal(rnd.randint(lo * 10, hi * 10)) / 10, unit))
    return out


def _descriptions(n: int) -> list[str]:
    rnd = random.Random(7)
    texts = []
    for _ in range(n):
        parts = [s.format(w=f"{rnd.randint(1, 99) / 10:.1f}".replace(".", ","), a=rnd.randint(10, 60),
                          b=rnd.randint(10, 60), c=rnd.randint(2, 30), v=rnd.randint(5, 40), t=rnd.choice((30, 40, 60)),
                          ml=rnd.choice((350, 500, 750)), m=f"{rnd.randint(5, 30) / 10:.1f}".replace(".", ","),
                          p=rnd.choice((20, 65, 100)))
                 for s in SENTENCES]
        rnd.shuffle(parts)
        texts.append(" ".join(parts))
    return texts


def main(quick: bool = False) -> dict[str, object]:
    from localize.units.conventions import default_market_units
    from localize.units.quantities_in_text import find_quantities, rewrite_quantities
    from localize.units.registry import registry

    n = 50_000 if quick else 1_000_000
    values = _values(n)
    us = default_market_units("en-US")
    for amount, unit in values[:100]:  # warm the caches (factors, rules)
        us.convert(amount, unit)
    convert = us.convert
    start = time.perf_counter()
    for amount, unit in values:
        convert(amount, unit)
    elapsed = time.perf_counter() - start
    per_s = n / elapsed

    reg = registry()
    targets = {u: us.convert(Decimal(1), u).unit for u, _, _ in UNITS}
    from localize.units.akeneo_pint import spec_for

    pint_units = {u: (reg.Unit(spec_for(u).pint), reg.Unit(spec_for(t).pint)) for u, t in targets.items()}  # type: ignore[union-attr]
    sample = values[: 5_000 if quick else 20_000]
    start = time.perf_counter()
    for amount, unit in sample:
        src, dst = pint_units[unit]
        reg.Quantity(amount, src).to(dst)
    pint_per_s = len(sample) / (time.perf_counter() - start)

    texts = _descriptions(1_000)
    start = time.perf_counter()
    found = sum(len(find_quantities(t, "de-DE")) for t in texts)
    find_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    rewritten = sum(len(rewrite_quantities(t, "de-DE", us).rewrites) for t in texts)
    rewrite_ms = (time.perf_counter() - start) * 1000
    chars = sum(len(t) for t in texts)
    return {
        "metric_values": n,
        "conversions_per_s": round(per_s),
        "goal_conversions_per_s": 200_000,
        "meets_goal": per_s >= 200_000,
        "pint_per_value_per_s": round(pint_per_s),
        "vs_pint_per_value": round(per_s / pint_per_s, 1),
        "descriptions": len(texts),
        "description_chars_avg": round(chars / len(texts)),
        "quantities_found": found,
        "text_find_ms_per_1000": round(find_ms, 1),
        "text_rewrite_ms_per_1000": round(rewrite_ms, 1),
        "quantities_rewritten": rewritten,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(main(quick=True), indent=2))
