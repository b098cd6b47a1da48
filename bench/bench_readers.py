"""Readers' throughput on 100k products per shop format, against the Akeneo CSV reader.

Each format in `bench/shop_samples/` writes a synthetic export of the same number of products
(variants count one each, as the reader yields them); the figure per format is products per
second and `ratio`: its read time over the Akeneo CSV reader's on `bench.synthetic`'s catalogue
(goal: at most 1.5). Reading only (no pipeline), best of two passes.
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
    from localize.attributes import AttributeCatalog
    from localize.config import SourceConfig
    from localize.readers import open_reader

    source = SourceConfig(format=fmt, paths=(path,), locale="en_US" if fmt != "akeneo-csv" else "de_DE", **overrides)
    best, count = float("inf"), 0
    for _ in range(2):
        reader = open_reader(path, source, AttributeCatalog({}))
        start = time.perf_counter()
        count = sum(1 for item in reader if not hasattr(item, "reason"))
        best = min(best, time.perf_counter() - start)
    return best, count


def main(quick: bool = False) -> dict[str, object]:
    n = 10_000 if quick else 100_000
    results: dict[str, object] = {"products": n}
    with tempfile.TemporaryDirectory() as tmp:
        base = generate(Path(tmp) / "akeneo.csv", n)
        akeneo_time, akeneo_count = _read(base, "akeneo-csv", {})
        results["akeneo-csv"] = {"products_per_s": round(akeneo_count / akeneo_time)}
        for info in pkgutil.iter_modules(shop_samples.__path__):
            module = importlib.import_module(f"bench.shop_samples.{info.name}")
            path = Path(tmp) / f"{info.name}.csv"
            overrides = module.write(path, n)
            seconds, count = _read(path, module.FORMAT, overrides)
            results[module.FORMAT] = {"products": count, "products_per_s": round(count / seconds),
                                      "ratio": round((seconds / max(count, 1)) / (akeneo_time / akeneo_count), 2)}
    return results
