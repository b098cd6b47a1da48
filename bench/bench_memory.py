"""Memory benchmark (issue 18, flat memory): peak resident memory of a real run (every default stage,
3 markets, pseudo engine, seeded synthetic German catalogue) at two catalogue sizes, and of each
worker of a `--workers 2` run over the larger one.

Figures, measured in one run, each `localize run` a process of its own:

- `peak_rss_mb`: the single process's peak (VmHWM) at the small and the large size;
- `peak_rss_ratio_large_vs_small`: large ÷ small (goal ≤ 1.2: memory must not grow with the catalogue);
- `workers2.per_worker_peak_rss_mb`: each worker's peak over the large catalogue (the manifest's
  `sections.execution.per_worker.<name>.peak_rss_mb`) and `worker_peak_vs_single_small` = the largest
  ÷ the single process's peak at the small size (goal ≤ 1.2); the driver's own peak beside it;
  `curves_records_rss_peak_mb`: per worker, (records done, resident, peak) after evenly spaced tasks
  (`localize.execution.worker_memory`): whether a worker's memory stops growing or keeps growing.

- `models`: the peak and CPU of reading a model-heavy catalogue (`BENCH_MEMORY_MODELS` product models,
  default 100,000, with ~1 KB of description each and two variants apiece) through the source, no
  stage: the models are held once, and beyond `localize.pipeline.models.IN_MEMORY` on disk.

Sizes: `BENCH_MEMORY_SMALL` (default 100,000 products), `BENCH_MEMORY_LARGE` (default
`BENCH_PIPELINE_LARGE`, else 1,000,000: the issue's size, about an hour on a quiet core),
`BENCH_MEMORY_WORKERS` (products of the `--workers 2` run; default the large size; `0` skips it).
Peak RSS does not depend on the machine's load the way time does, so the figures are comparable
on a shared machine; the run's CPU seconds are given beside them.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.realrun import MARKETS, real_run
from bench.synthetic import generate

WORKERS_RUNNER = r"""
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from localize.api import run
from localize.config import config_from_dict
from localize.execution.worker import peak_rss_mb

src, out, markets, workers = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
config = {"source": {"format": "akeneo-csv", "path": src, "locale": "de_DE", "channel": "ecommerce"},
          "markets": [{"locale": m} for m in markets], "translation": {"engine": "pseudo"},
          "outputs": {"dir": out, "formats": ["jsonl"]}, "state": out + "-state",
          "execution": {"workers": workers}}
report = run(config_from_dict(config))
execution = report.sections.get("execution") or {}
print(json.dumps({"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
                  "driver_peak_rss_mb": peak_rss_mb(), "per_worker": execution.get("per_worker") or {}}))
"""


MODELS_RUNNER = r"""
import json, sys, time
c0 = time.process_time()
from localize.config import load_config
from localize.pipeline.source import Source
from localize.report import RunReport
items = 0
for batch in Source(load_config(sys.argv[1]), RunReport()).batches(500):
    items += len(batch)
peak = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0].split()[1]
print(json.dumps({"items": items, "peak_rss_mb": int(peak) / 1024, "cpu_s": time.process_time() - c0}))
"""


def model_heavy(folder: Path, models: int, seed: int = 7) -> Path:
    """A product-model export (one description of ~150 words per model) and two variants per model;
    the project file that reads both."""
    rng = random.Random(seed)
    words = "Baumwolle weich robust leicht Komfort Alltag Design klassisch modern Qualität Material Pflege".split()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "models.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["code", "family_variant", "parent", "categories", "description-de_DE-ecommerce",
                         "collection-de_DE"])
        for i in range(models):
            text = " ".join(rng.choice(words) for _ in range(150))
            writer.writerow([f"model-{i}", "fv", "", "shirts", f"<p>{text} {i}</p>", f"Linie {i}"])
    with (folder / "products.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["sku", "parent", "family", "name-de_DE", "size"])
        for i in range(models):
            for size in ("s", "m"):
                writer.writerow([f"V-{i}-{size}", f"model-{i}", "shirts", f"Hemd {i} {size}", size])
    (folder / "attributes.csv").write_text(
        "type;code;label-de_DE;localizable;scopable\npim_catalog_identifier;sku;SKU;0;0\n"
        "pim_catalog_text;name;Name;1;0\npim_catalog_text;collection;Kollektion;1;0\n"
        "pim_catalog_textarea;description;Beschreibung;1;1\npim_catalog_simpleselect;size;Größe;0;0\n", encoding="utf-8")
    config = folder / "localize.yaml"
    config.write_text("source: {format: akeneo-csv, path: [models.csv, products.csv], locale: de_DE, channel: ecommerce,"
                      " attributes: attributes.csv}\nmarkets: [{locale: en-US}]\noutputs: {dir: out}\n", encoding="utf-8")
    return config


def models_read(config: Path) -> dict[str, Any]:
    """Peak RSS and CPU of reading the catalogue through the source, in a process of its own."""
    proc = subprocess.run([sys.executable, "-c", MODELS_RUNNER, str(config)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"reading the model-heavy catalogue failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def workers_run(src: Path, out: Path, workers: int = 2) -> dict[str, Any]:
    """A `--workers N` run of every default stage; the driver's peak and each worker's, and each
    worker's memory curve (`curves`: its readings after every task, `LOCALIZE_WORKER_MEMORY`)."""
    readings = Path(str(out) + "-memory")
    readings.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LOCALIZE_WORKER_MEMORY": str(readings)}
    proc = subprocess.run([sys.executable, "-c", WORKERS_RUNNER, str(src), str(out), ",".join(MARKETS), str(workers)],
                          capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"localize run --workers {workers} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["curves"] = memory_curves(readings)
    return result


def memory_curves(folder: Path, points: int = 5) -> list[list[tuple[int, float, float]]]:
    """Per worker process, (records done, resident MiB, peak MiB) after about `points` evenly spaced
    tasks, the last task included: flat from the middle on is flat memory; rising is a worker that
    keeps something per record."""
    curves = []
    for file in sorted(folder.glob("memory-*.jsonl")):
        rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        if not rows:
            continue
        step = max(1, len(rows) // points)
        picked = rows[step - 1::step][: points - 1] + [rows[-1]]
        curves.append([(r["records"], r.get("VmRSS", 0.0), r.get("VmHWM", 0.0)) for r in picked])
    return curves


def sizes(quick: bool) -> tuple[int, int, int]:
    """(small, large, workers run) product counts from the environment (see the module docstring)."""
    if quick:
        return 2_000, 6_000, 6_000
    small = int(os.environ.get("BENCH_MEMORY_SMALL", "100000"))
    large = int(os.environ.get("BENCH_MEMORY_LARGE", os.environ.get("BENCH_PIPELINE_LARGE", "1000000")))
    workers = int(os.environ.get("BENCH_MEMORY_WORKERS", str(large)))
    return small, large, workers


def main(quick: bool = False) -> dict[str, object]:
    small, large, in_workers = sizes(quick)
    with tempfile.TemporaryDirectory(prefix="localize-bench-memory-") as tmp:
        folder = Path(tmp)
        runs: dict[int, dict[str, Any]] = {}
        for count in (small, large):
            src = generate(folder / f"p{count}.csv", count)
            runs[count] = real_run(src, folder / f"out-{count}")
            if count != in_workers:
                src.unlink()
        result: dict[str, object] = {
            "markets": len(MARKETS),
            "peak_rss_mb": {str(n): round(r["peak_rss_mb"], 1) for n, r in runs.items()},
            "cpu_s": {str(n): round(r["cpu_s"], 1) for n, r in runs.items()},
            "peak_rss_ratio_large_vs_small": round(runs[large]["peak_rss_mb"] / runs[small]["peak_rss_mb"], 3),
            "goal_peak_rss_ratio": "<= 1.2",
        }
        models = 3_000 if quick else int(os.environ.get("BENCH_MEMORY_MODELS", "100000"))
        if models:
            read = models_read(model_heavy(folder / "models", models))
            result["models"] = {"product_models": models, "items": read["items"],
                                "peak_rss_mb": round(read["peak_rss_mb"], 1), "cpu_s": round(read["cpu_s"], 1)}
        if in_workers:
            src = folder / f"p{in_workers}.csv"
            if not src.is_file():
                generate(src, in_workers)
            run = workers_run(src, folder / "out-workers")
            peaks = {name: w.get("peak_rss_mb") for name, w in run["per_worker"].items()}
            known = [p for p in peaks.values() if p]
            result["workers2"] = {
                "products": in_workers,
                "per_worker_peak_rss_mb": peaks,
                "driver_peak_rss_mb": run["driver_peak_rss_mb"],
                "worker_peak_vs_single_small": round(max(known) / runs[small]["peak_rss_mb"], 3) if known else None,
                "goal_worker_peak_vs_single_small": "<= 1.2",
                "wall_s": round(run["wall_s"], 1),
                "curves_records_rss_peak_mb": run["curves"],
            }
        return result
