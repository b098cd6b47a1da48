"""Foundation benchmark: the pipeline with no stage doing work against a plain csv read + write.

Figures (issue 2): products/s, pipeline time ÷ plain `csv` read+write of the same file
(goal ≤ 2.0), peak RSS at 100k vs 1M products (goal: within 10%), `localize --help` time
(goal < 0.3 s).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate

RUNNER = r"""
import json, resource, sys, time

def peak_rss_mb():
    # VmHWM: this process image's peak (ru_maxrss would carry the parent's peak across exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from pathlib import Path
from localize.api import run
from localize.config import config_from_dict
src, out = sys.argv[1], sys.argv[2]
# The foundation's figure: reading, building records, state and writing, with no stage doing work.
cfg = config_from_dict({"source": {"format": "akeneo-csv", "path": src, "locale": "de_DE"},
                        "markets": [{"locale": "de-DE"}], "stages": [],
                        "outputs": {"dir": out, "formats": ["jsonl"]}, "state": out + "-state"})
t = time.perf_counter()
report = run(cfg)
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "written": report.markets["de-DE"].written,
                  "timings": {k: round(v, 2) for k, v in report.timings.items()},
                  "peak_rss_mb": peak_rss_mb()}))
"""


def plain_csv(src: Path, dst: Path) -> float:
    started = time.perf_counter()
    with src.open(encoding="utf-8", newline="") as fin, dst.open("w", encoding="utf-8", newline="") as fout:
        writer = csv.writer(fout, delimiter=";")
        for row in csv.reader(fin, delimiter=";"):
            writer.writerow(row)
    return time.perf_counter() - started


def pipeline(src: Path, out: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(src), str(out)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def help_time() -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "localize", "--help"], capture_output=True, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def main(quick: bool = False) -> dict[str, object]:
    small, large = (2_000, 20_000) if quick else (100_000, 1_000_000)
    with tempfile.TemporaryDirectory(prefix="localize-bench-") as tmp:
        folder = Path(tmp)
        src = generate(folder / "small.csv", small)
        plain = min(plain_csv(src, folder / "copy.csv") for _ in range(2))
        run_small = pipeline(src, folder / "out-small")
        src_large = generate(folder / "large.csv", large)
        run_large = pipeline(src_large, folder / "out-large")
        return {
            "products": small,
            "products_per_second": round(small / run_small["seconds"]),
            "pipeline_vs_plain_csv": round(run_small["seconds"] / plain, 2),
            "plain_csv_seconds": round(plain, 2),
            "pipeline_seconds_by_phase": run_small["timings"],
            "pipeline_without_state_writes_vs_plain_csv": round(
                (run_small["seconds"] - run_small["timings"].get("state", 0.0)) / plain, 2),
            "goal_pipeline_vs_plain_csv": "<= 2.0",
            "peak_rss_mb": {str(small): round(run_small["peak_rss_mb"], 1), str(large): round(run_large["peak_rss_mb"], 1)},
            "peak_rss_ratio_large_vs_small": round(run_large["peak_rss_mb"] / run_small["peak_rss_mb"], 3),
            "goal_peak_rss_ratio": "<= 1.10",
            "help_seconds": round(help_time(), 3),
            "goal_help_seconds": "< 0.3",
        }
