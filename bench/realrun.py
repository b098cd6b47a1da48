"""A real `localize run` for the benchmarks: every stage, three markets, the pseudo engine, in a
process of its own, measured from inside (CPU seconds, wall seconds, peak RSS) and the state it
left (file bytes ÷ the feed lines it holds).

CPU time is the figure to compare on a machine shared with other jobs: wall time there measures
the neighbours as much as the run.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

MARKETS = ("en-US", "fr-FR", "en-GB")

RUNNER = r"""
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from localize.api import run
from localize.config import config_from_dict

def peak_rss_mb():
    # VmHWM: this process image's peak (ru_maxrss would carry the parent's peak across exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

src, out, markets, as_of = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4]
config = {"source": {"format": "akeneo-csv", "path": src, "locale": "de_DE", "channel": "ecommerce"},
          "markets": [{"locale": m} for m in markets], "translation": {"engine": "pseudo"},
          "outputs": {"dir": out, "formats": ["jsonl"]}, "state": out + "-state"}
if as_of:
    config["rules"] = {"as_of": as_of}
report = run(config_from_dict(config))
print(json.dumps({"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
                  "peak_rss_mb": peak_rss_mb(), "incremental": report.sections.get("incremental"),
                  "reused_run": report.sections.get("reused_run"),
                  "written": {k: v.written for k, v in report.markets.items()},
                  "timings": {k: round(v, 2) for k, v in report.timings.items()}}))
"""


def real_run(src: Path, out: Path, *, markets: tuple[str, ...] = MARKETS, as_of: str = "") -> dict[str, Any]:
    """One run of every default stage over `src` into `out` (state in `out-state`)."""
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(src), str(out), ",".join(markets), as_of],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"localize run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def plain_csv(src: Path, dst: Path) -> dict[str, float]:
    """A plain `csv` read + write of the same file: the floor a run is compared with."""
    t0, c0 = time.perf_counter(), time.process_time()
    with src.open(encoding="utf-8", newline="") as fin, dst.open("w", encoding="utf-8", newline="") as fout:
        writer = csv.writer(fout, delimiter=";")
        for row in csv.reader(fin, delimiter=";"):
            writer.writerow(row)
    return {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0}


def state_figures(out: Path) -> dict[str, float]:
    """Bytes of the state folder's database files ÷ bytes of the feed lines they hold."""
    folder = Path(str(out) + "-state")
    files = sum(p.stat().st_size for p in folder.glob("state.sqlite*"))
    db = sqlite3.connect(folder / "state.sqlite")
    try:
        payload = db.execute("SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM records").fetchone()[0]
    finally:
        db.close()
    return {"state_mb": round(files / 1e6, 1), "payload_mb": round(payload / 1e6, 1),
            "state_vs_payload": round(files / payload, 3) if payload else 0.0}
