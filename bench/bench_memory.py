"""Memory benchmark (issue 18, flat memory): peak resident memory of a real run (every default stage,
3 markets, pseudo engine, seeded synthetic German catalogue) at two catalogue sizes, and of each
worker of a `--workers 2` run over the larger one.

Figures, measured in one run, each `localize run` a process of its own:

- `peak_rss_mb`: the single process's peak (VmHWM) at the small and the large size;
- `peak_rss_ratio_large_vs_small`: large ÷ small (goal ≤ 1.2: memory must not grow with the catalogue);
- `workers2.per_worker_peak_rss_mb`: each worker's peak over the large catalogue (the manifest's
  `sections.execution.per_worker.<name>.peak_rss_mb`) and `worker_peak_vs_single_small` = the largest
  ÷ the single process's peak at the small size (goal ≤ 1.2); the driver's own peak beside it.

Sizes: `BENCH_MEMORY_SMALL` (default 100,000 products), `BENCH_MEMORY_LARGE` (default
`BENCH_PIPELINE_LARGE`, else 1,000,000: the issue's size, about an hour on a quiet core),
`BENCH_MEMORY_WORKERS` (products of the `--workers 2` run; default the large size; `0` skips it).
Peak RSS does not depend on the machine's load the way time does, so the figures are comparable
on a shared machine; the run's CPU seconds are given beside them.
"""

from __future__ import annotations

import json
import os
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


def workers_run(src: Path, out: Path, workers: int = 2) -> dict[str, Any]:
    """A `--workers N` run of every default stage; the driver's peak and each worker's."""
    proc = subprocess.run([sys.executable, "-c", WORKERS_RUNNER, str(src), str(out), ",".join(MARKETS), str(workers)],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"localize run --workers {workers} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


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
            }
        return result
