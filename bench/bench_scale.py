"""Scale-out benchmark (issue 18): the same run on Dask workers against one process, and the
shared stores in PostgreSQL against SQLite. Figures, measured side by side in one run:

- `workers2_vs_single`: wall time of `localize run --workers 2` (a LocalCluster the run starts)
  ÷ the single process; seeded synthetic German catalogue, 3 markets, pseudo engine (goal ≤ 0.60
  at 200k products on 2 cores);
- `cluster_vs_single`: the same through a LocalCluster of 2 processes started here and reached by
  its scheduler address (`--scheduler`), as a team's cluster would be (goal ≤ 0.65);
- `outputs_identical`: the three runs' published files are byte-identical;
- `postgres_vs_sqlite_nightly`: a nightly run where 1% of the products changed, with the state,
  memory and review decisions in PostgreSQL (a server started here) ÷ the same on SQLite (goal ≤ 1.5).

Each `localize run` is its own process, as a nightly job is. `--quick` (and `LOCALIZE_BENCH_SCALE`
products) choose smaller sizes; a loaded machine (other jobs on the same cores) inflates the
workers' figures, so the figures name the load average they were measured under.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synthetic import generate

REPO = Path(__file__).resolve().parents[1]
CONFIG = (
    "source: {format: akeneo-csv, path: products.csv, locale: de_DE, channel: ecommerce}\n"
    "markets: [{locale: en-US}, {locale: fr-FR}, {locale: ja-JP}]\n"
    "outputs: {dir: out, formats: [jsonl]}\n"
    "translation: {engine: pseudo}\n"
)


def _project(root: Path, products: int, extra: str = "") -> Path:
    root.mkdir(parents=True)
    generate(root / "products.csv", products)
    (root / "localize.yaml").write_text(CONFIG + extra, encoding="utf-8")
    return root


def _run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "localize", "run", str(root / "localize.yaml"), "--json", *args],
                          cwd=root, capture_output=True, text=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"localize run {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, json.loads(proc.stdout)


def _published(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != "manifest.json"}


def _workers_figures(tmp: Path, products: int) -> dict[str, Any]:
    from distributed import LocalCluster

    single_s, single = _run(_project(tmp / f"single-{products}", products))
    workers_s, workers = _run(_project(tmp / f"workers-{products}", products), "--workers", "2")
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    try:
        cluster_s, clustered = _run(_project(tmp / f"cluster-{products}", products), "--scheduler",
                                    cluster.scheduler_address)
    finally:
        cluster.close()
    reference = _published(tmp / f"single-{products}" / "out")
    same = all(_published(tmp / f"{name}-{products}" / "out") == reference for name in ("workers", "cluster"))
    return {
        "products": products,
        "markets": 3,
        "single_s": round(single_s, 2),
        "workers2_s": round(workers_s, 2),
        "cluster_s": round(cluster_s, 2),
        "workers2_vs_single": round(workers_s / single_s, 3),
        "cluster_vs_single": round(cluster_s / single_s, 3),
        "outputs_identical": same,
        "counts_identical": single["markets"] == workers["markets"] == clustered["markets"],
        "workers2_cluster_start_s": round(workers["timings"].get("cluster", 0.0), 2),
        "workers2_driver_waiting_s": round(workers["timings"].get("workers", 0.0), 2),
    }


def _change(path: Path, every: int) -> int:
    import csv

    rows = list(csv.reader(path.open(encoding="utf-8", newline=""), delimiter=";"))
    changed = 0
    for n, row in enumerate(rows[1:]):
        if n % every == 0:
            row[4] = f"Neues Modell {n} Edition Herbst"
            changed += 1
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return changed


def _nightly(root: Path, env: dict[str, str] | None = None) -> tuple[float, float, dict[str, Any]]:
    full_s, _ = _run(root, env=env)
    _change(root / "products.csv", every=100)
    nightly_s, nightly = _run(root, env=env)
    return full_s, nightly_s, nightly


def _postgres_figures(tmp: Path, products: int) -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "tests"))
    from pg_server import PostgresServer, binaries

    if binaries() is None:
        return {"skipped": "PostgreSQL server binaries not installed (apt-get install postgresql)"}
    sqlite_full, sqlite_nightly, sqlite_report = _nightly(_project(tmp / f"nightly-sqlite-{products}", products))
    with PostgresServer() as server:
        extra = "state: {path: .localize, url: 'env:LOCALIZE_BENCH_PG', schema: bench}\n"
        pg_full, pg_nightly, pg_report = _nightly(_project(tmp / f"nightly-pg-{products}", products, extra),
                                                  env={"LOCALIZE_BENCH_PG": server.url})
    return {
        "products": products,
        "changed": "1%",
        "sqlite_full_s": round(sqlite_full, 2),
        "sqlite_nightly_s": round(sqlite_nightly, 2),
        "postgres_full_s": round(pg_full, 2),
        "postgres_nightly_s": round(pg_nightly, 2),
        "postgres_vs_sqlite_nightly": round(pg_nightly / sqlite_nightly, 3),
        "postgres_vs_sqlite_full": round(pg_full / sqlite_full, 3),
        "nightly_redone": [sqlite_report["incremental"]["redone"], pg_report["incremental"]["redone"]],
        "outputs_identical": _published(tmp / f"nightly-sqlite-{products}" / "out")
        == _published(tmp / f"nightly-pg-{products}" / "out"),
    }


def main(quick: bool = False) -> dict[str, object]:
    sizes = [2_000] if quick else [int(os.environ.get("LOCALIZE_BENCH_SCALE", "200000")), 20_000]
    nightly_size = 2_000 if quick else 20_000
    with tempfile.TemporaryDirectory(prefix="localize-scale-") as tmp_name:
        tmp = Path(tmp_name)
        result: dict[str, Any] = {"cores": os.cpu_count(), "load_average_at_start": round(os.getloadavg()[0], 2)}
        result["workers"] = [_workers_figures(tmp, n) for n in sizes]
        for name in os.listdir(tmp):
            shutil.rmtree(tmp / name, ignore_errors=True)
        result["postgres"] = _postgres_figures(tmp, nightly_size)
        result["load_average_at_end"] = round(os.getloadavg()[0], 2)
        result["goals"] = {"workers2_vs_single": "<= 0.60 (200k, 2 cores)", "cluster_vs_single": "<= 0.65",
                           "outputs_identical": True, "postgres_vs_sqlite_nightly": "<= 1.5"}
        return result
