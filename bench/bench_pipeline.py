"""Pipeline benchmark: a real run (every default stage, 3 markets, pseudo engine) against a plain
`csv` read + write of the same synthetic German catalogue (issue 18).

Figures, measured in one run:

- `run_vs_plain_csv_cpu`: CPU seconds of the run ÷ CPU seconds of the plain copy, 100k products
  × 3 markets (goal ≤ 50); the wall-time ratio beside it (on a shared machine wall time measures
  the neighbours too);
- `peak_rss_ratio_large_vs_small`: peak RSS of a run over the larger catalogue ÷ over the smaller
  (100k vs 300k products; `BENCH_PIPELINE_LARGE=1000000` for the issue's 1M; goal ≤ 1.2);
- `state_vs_payload`: bytes of `state.sqlite` ÷ bytes of the feed lines it stores (goal ≤ 1.5);
- `localize --help` time (goal < 0.3 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.realrun import plain_csv, real_run, state_figures
from bench.synthetic import generate


def help_time() -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "localize", "--help"], capture_output=True, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def main(quick: bool = False) -> dict[str, object]:
    small = 2_000 if quick else 100_000
    large = 6_000 if quick else int(os.environ.get("BENCH_PIPELINE_LARGE", "300000"))
    with tempfile.TemporaryDirectory(prefix="localize-bench-") as tmp:
        folder = Path(tmp)
        src = generate(folder / "small.csv", small)
        plain = min((plain_csv(src, folder / "copy.csv") for _ in range(3)), key=lambda p: p["cpu_s"])
        run = real_run(src, folder / "out-small")
        state = state_figures(folder / "out-small")
        src_large = generate(folder / "large.csv", large)
        run_large = real_run(src_large, folder / "out-large")
        return {
            "products": small,
            "markets": 3,
            "records_per_cpu_second": round(small * 3 / run["cpu_s"]),
            "run_cpu_s": round(run["cpu_s"], 1),
            "run_wall_s": round(run["wall_s"], 1),
            "plain_csv_cpu_s": round(plain["cpu_s"], 3),
            "run_vs_plain_csv_cpu": round(run["cpu_s"] / plain["cpu_s"], 1),
            "run_vs_plain_csv_wall": round(run["wall_s"] / plain["wall_s"], 1),
            "goal_run_vs_plain_csv_cpu": "<= 50",
            "run_seconds_by_phase": run["timings"],
            **state,
            "goal_state_vs_payload": "<= 1.5",
            "peak_rss_mb": {str(small): round(run["peak_rss_mb"], 1), str(large): round(run_large["peak_rss_mb"], 1)},
            "peak_rss_ratio_large_vs_small": round(run_large["peak_rss_mb"] / run["peak_rss_mb"], 3),
            "goal_peak_rss_ratio": "<= 1.2",
            "help_seconds": round(help_time(), 3),
            "goal_help_seconds": "< 0.3",
        }
