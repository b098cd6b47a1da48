"""Readers' throughput on 100k products per shop format, against the Akeneo CSV reader.

Each format in `bench/shop_samples/` writes a synthetic export of the same number of products
(variants count one each, as the reader yields them); the figure per format is products per
second and `ratio`: its read time per product over the Akeneo CSV reader's on `bench.synthetic`'s
catalogue (goal: at most 1.5). Reading only (no pipeline); each format is read three times,
alternating with the Akeneo file, best pass each (a loaded machine slows both alike).
"""

from __future__ import annotations

import importlib
import pkgutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import shop_samples
from bench.synthetic import generate


def _read(path: Path, fmt: str, overrides: dict[str, Any]) -> tuple[float, int]:
    """One pass: seconds and the number of products read."""
    from localize.attributes import AttributeCatalog
    from localize.config import SourceConfig
    from localize.model import Product
    from localize.readers import open_reader

    source = SourceConfig(format=fmt, paths=(path,), locale="en_US" if fmt != "akeneo-csv" else "de_DE", **overrides)
    reader = open_reader(path, source, AttributeCatalog({}))
    start = time.perf_counter()
    count = sum(1 for item in reader if isinstance(item, Product))
    return time.perf_counter() - start, count


def main(quick: bool = False) -> dict[str, object]:
    n = 10_000 if quick else 100_000
    results: dict[str, object] = {"products": n}
    with tempfile.TemporaryDirectory() as tmp:
        base = generate(Path(tmp) / "akeneo.csv", n)
        akeneo_best = float("inf")
        akeneo_count = 0
        for info in pkgutil.iter_modules(shop_samples.__path__):
            module = importlib.import_module(f"bench.shop_samples.{info.name}")
            path = Path(tmp) / f"{info.name}.csv"
            overrides = module.write(path, n)
            best, count, base_best = float("inf"), 0, float("inf")
            for _ in range(3):
                seconds, akeneo_count = _read(base, "akeneo-csv", {})
                base_best = min(base_best, seconds)
                seconds, count = _read(path, module.FORMAT, overrides)
                best = min(best, seconds)
            akeneo_best = min(akeneo_best, base_best)
            results[module.FORMAT] = {"products": count, "products_per_s": round(count / best),
                                      "ratio": round((best / max(count, 1)) / (base_best / akeneo_count), 2)}
        results["akeneo-csv"] = {"products_per_s": round(akeneo_count / akeneo_best) if akeneo_count else None}
    return results
