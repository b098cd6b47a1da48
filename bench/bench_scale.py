"""Scale-out benchmark (issue 18): the same run on Dask workers against one process, and the
shared stores in PostgreSQL against SQLite. Figures, measured side by side in one run:

- `workers2_vs_single`: wall time of `localize run --workers 2` (a LocalCluster the run starts)
  ÷ the single process (the mean of one run before and one after the distributed runs: the
  machine's drift shows as `single_drift`); seeded synthetic German catalogue, 3 markets, pseudo engine (goal ≤ 0.60
  at 200k products on 2 cores);
- `cluster_vs_single`: the same through a LocalCluster of 2 processes started here and reached by
  its scheduler address (`--scheduler`), as a team's cluster would be (goal ≤ 0.65);
- `outputs_identical`: the runs' published files are byte-identical;
- `postgres_vs_sqlite_nightly`: a nightly run where 1% of the products changed, with the state,
  memory and review decisions in PostgreSQL (a server started here) ÷ the same on SQLite (goal ≤ 1.5).

Each `localize run` is its own process, as a nightly job is. Each figure has its CPU seconds (the run's
process and its workers; for the cluster by address, the cluster's processes too, split into the driver,
the cluster's scheduler and nannies, and its workers), and `--workers 2`
its driver's CPU share and each worker's start-up. Per worker: the tasks' CPU, the whole
process's (imports included) and each thread's (the event loop moving data and keeping house).
`LOCALIZE_BENCH_BEFORE=/work/main` runs the same
runs with another checkout's `.venv/bin/python` first ("before"), on the same machine and load. `--quick` (and `LOCALIZE_BENCH_SCALE`
products) choose smaller sizes; a loaded machine (other jobs on the same cores) inflates the
workers' figures, so the figures name the load average they were measured under.
"""

from __future__ import annotations

import json
import os
import resource
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


def _machine_cpu() -> tuple[float, float]:
    """CPU seconds this machine's cores were busy (every process) and stolen by the hypervisor so far
    (/proc/stat; zeros elsewhere)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq) / tick, steal / tick


def _run(root: Path, *args: str, env: dict[str, str] | None = None,
         python: str | None = None) -> tuple[float, dict[str, Any]]:
    """One `localize run` in its own process; the report gains `_cpu_s`: the CPU seconds of that
    process and every process it waited for (a LocalCluster's workers are its children), and
    `_machine_s` / `_steal_s`: what the whole machine's cores spent meanwhile (every process: other
    jobs' CPU is the difference) and what the hypervisor took from them."""
    started = time.perf_counter()
    machine0, steal0 = _machine_cpu()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([python or sys.executable, "-m", "localize", "run", str(root / "localize.yaml"), "--json",
                           *args], cwd=root, capture_output=True, text=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine1, steal1 = _machine_cpu()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"localize run {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    report["_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report["_machine_s"], report["_steal_s"] = machine1 - machine0, steal1 - steal0
    return elapsed, report


def _published(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != "manifest.json"}


#: A LocalCluster of 2 processes in its own process: prints the scheduler's address, ends when stdin closes.
#: It is set up as README's "On a real cluster" tells a team to set up theirs for nightly batches (the
#: housekeeping settings of `driver.LOCAL_CLUSTER_CONFIG`); with Dask's defaults (20 ms tick, 100 ms memory
#: monitor) its processes spend a fixed share of every wall second on housekeeping.
CLUSTER = """
import sys
import dask
from distributed import LocalCluster
from localize.execution.driver import LOCAL_CLUSTER_CONFIG
if __name__ == "__main__":
    with dask.config.set(LOCAL_CLUSTER_CONFIG), LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()
"""


def _tree_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds of the process `pid` (the cluster's scheduler and nannies) and of its live children
    (the cluster's workers)."""
    import psutil

    def cpu(process: psutil.Process) -> float:
        try:
            return float(sum(process.cpu_times()[:2]))
        except psutil.NoSuchProcess:
            return 0.0

    root = psutil.Process(pid)
    return cpu(root), sum(cpu(child) for child in root.children(recursive=True))


def _three_runs(tmp: Path, products: int, tag: str, python: str | None, checkout: Path | None = None) -> dict[str, Any]:
    """One process, `--workers 2`, a LocalCluster of 2 reached by its address, and one process again,
    with one code base (`python`, importing `checkout`'s package; None: this tree).

    The machine drifts: a VM ran the same single process 25 % slower 30 minutes later, and a bench
    that times one process first and the cluster last read that drift as the cluster's cost (200k:
    `cluster_vs_single` 0.565 in one run, 0.746 in the next on the same code). So one process runs
    before and after the distributed runs; each ratio is against the mean of the two, and both are
    shown (`single_drift`: the second ÷ the first, wall and CPU). The bench takes one single run
    longer: `total_s` is its wall time."""
    return _side_by_side(tmp, products, [(tag, python, checkout)])[tag]


#: The runs of `_side_by_side`, in order: one process before and after the distributed runs.
KINDS = ("single", "workers", "cluster", "again")


def _side_by_side(tmp: Path, products: int, bases: list[tuple[str, str | None, Path | None]]) -> dict[str, dict[str, Any]]:
    """`_three_runs` for several code bases (tag, interpreter, checkout), each run of one kind for every
    code base in turn (single before, single after, workers before, workers after...): a drift of the
    machine during the bench falls on both alike instead of on the one measured last.

    A checkout's runs import its package through PYTHONPATH: the interpreter of a checkout whose
    `.venv` is a link to another tree's (an editable install) would import that tree's package."""
    started = time.perf_counter()
    runs: dict[str, dict[str, tuple[float, dict[str, Any]]]] = {tag: {} for tag, _, _ in bases}
    splits: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        for tag, python, checkout in bases:
            env = {"PYTHONPATH": str(checkout)} if checkout is not None else None
            project = _project(tmp / f"{kind}-{tag}-{products}", products)
            if kind == "cluster":
                runs[tag][kind], splits[tag] = _cluster_run(project, python, env)
            else:
                args = ("--workers", "2") if kind == "workers" else ()
                runs[tag][kind] = _run(project, *args, env=env, python=python)
    total_s = time.perf_counter() - started
    return {tag: _figures(tmp, products, tag, runs[tag], splits[tag], total_s) for tag, _, _ in bases}


def _cluster_run(project: Path, python: str | None, env: dict[str, str] | None) -> tuple[tuple[float, dict[str, Any]], dict[str, float]]:
    """The run through a LocalCluster of 2 started here and reached by its address, and where its CPU went."""
    # the cluster runs the same code base as its driver: a LocalCluster in a process of that interpreter
    cluster = subprocess.Popen([python or sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    try:
        assert cluster.stdout is not None
        address = cluster.stdout.readline().strip()
        scheduler0, workers0 = _tree_cpu(cluster.pid)
        cluster_s, clustered = _run(project, "--scheduler", address, env=env, python=python)
        scheduler1, workers1 = _tree_cpu(cluster.pid)
    finally:
        assert cluster.stdin is not None
        cluster.stdin.close()
        cluster.wait(timeout=120)
    split = {"driver": round(clustered["_cpu_s"], 2), "scheduler_and_nannies": round(scheduler1 - scheduler0, 2),
             "workers": round(workers1 - workers0, 2)}
    return (cluster_s, clustered), split


def _figures(tmp: Path, products: int, tag: str, runs: dict[str, tuple[float, dict[str, Any]]],
             cluster_split: dict[str, float], total_s: float) -> dict[str, Any]:
    """One code base's figures from its four runs (`KINDS`); their folders are removed."""
    name = f"{tag}-{products}"
    (single_s, single), (workers_s, workers) = runs["single"], runs["workers"]
    (cluster_s, clustered), (again_s, again) = runs["cluster"], runs["again"]
    cluster_cpu = sum(cluster_split.values())
    reference = _published(tmp / f"single-{name}" / "out")
    same = all(_published(tmp / f"{kind}-{name}" / "out") == reference for kind in KINDS[1:])
    execution = workers.get("execution", {})
    # one process: the mean of the run before and the run after the distributed runs
    mean_s = (single_s + again_s) / 2
    mean_cpu = (single["_cpu_s"] + again["_cpu_s"]) / 2
    figures: dict[str, Any] = {
        "single_s": round(mean_s, 2),
        "single_before_s": round(single_s, 2),
        "single_after_s": round(again_s, 2),
        # the machine's drift over the bench: the same run, before and after the distributed ones
        "single_drift": {"wall": round(again_s / single_s, 3), "cpu": round(again["_cpu_s"] / max(single["_cpu_s"], 1e-9), 3)},
        "workers2_s": round(workers_s, 2),
        "cluster_s": round(cluster_s, 2),
        "workers2_vs_single": round(workers_s / mean_s, 3),
        "cluster_vs_single": round(cluster_s / mean_s, 3),
        # against the single run just before / just after (the drift's bounds)
        "workers2_vs_single_before_after": [round(workers_s / single_s, 3), round(workers_s / again_s, 3)],
        "cluster_vs_single_before_after": [round(cluster_s / single_s, 3), round(cluster_s / again_s, 3)],
        "single_cpu_s": round(mean_cpu, 2),
        "single_cpu_before_after_s": [round(single["_cpu_s"], 2), round(again["_cpu_s"], 2)],
        "workers2_cpu_s": round(workers["_cpu_s"], 2),
        # what `--workers 2` costs beyond one process: on 2 busy cores its wall time falls only with it
        "workers2_overhead_cpu_s": round(workers["_cpu_s"] - mean_cpu, 2),
        "cluster_cpu_s": round(cluster_cpu, 2),
        "outputs_identical": same,
        "counts_identical": single["markets"] == workers["markets"] == clustered["markets"] == again["markets"],
        "total_s": round(total_s, 2),
        # the machine during each run: CPU of other jobs on its cores (busy − the run's own processes,
        # the cluster's included) and CPU stolen by the hypervisor; either inflates a run's figures
        "others_cpu_s": {"single_before": round(single["_machine_s"] - single["_cpu_s"], 2),
                         "workers2": round(workers["_machine_s"] - workers["_cpu_s"], 2),
                         "cluster": round(clustered["_machine_s"] - cluster_cpu, 2),
                         "single_after": round(again["_machine_s"] - again["_cpu_s"], 2)},
        "steal_s": {"single_before": round(single["_steal_s"], 2), "workers2": round(workers["_steal_s"], 2),
                    "cluster": round(clustered["_steal_s"], 2), "single_after": round(again["_steal_s"], 2)},
        # where the cluster run's CPU went: the driver (`localize run`), the cluster's own process, its workers
        "cluster_cpu_split_s": cluster_split,
        "workers2_cluster_start_s": round(workers["timings"].get("cluster", 0.0), 2),
        # how long the driver waited for the cluster once its stages were open (connect, probe, imports)
        "cluster_join_wait_s": round(clustered["timings"].get("cluster", 0.0), 2),
        "workers2_driver_waiting_s": round(workers["timings"].get("workers", 0.0), 2),
        # the tail: the driver waiting for the workers to close the run (this code base on), and the wall
        # time after the report's total (publishing, the cluster's close, the process's exit)
        "workers2_close_wait_s": round(workers["timings"].get("workers-close", 0.0), 2),
        "workers2_after_total_s": round(workers_s - workers["timings"].get("total", 0.0), 2),
        "single_after_total_s": round(again_s - again["timings"].get("total", 0.0), 2),
    }
    if "driver_cpu_seconds" in execution:  # figures this code base reports (not main's before issue 18's work)
        figures["workers2_driver_cpu_s"] = execution["driver_cpu_seconds"]
        figures["workers2_driver_cpu_share"] = round(execution["driver_cpu_seconds"] / max(workers["_cpu_s"], 1e-9), 3)
        figures["workers2_start"] = {n: w.get("start") for n, w in execution.get("per_worker", {}).items()}
    clustered_execution = clustered.get("execution", {})
    if "results" in clustered_execution:  # from the workers, or through the scheduler (this code base on)
        figures["cluster_results"] = clustered_execution["results"]
    if "driver_cpu_seconds" in clustered_execution:
        clustered_workers = clustered_execution.get("per_worker", {})
        figures["cluster_task_cpu_s"] = round(sum(w.get("task_cpu_seconds") or 0.0 for w in clustered_workers.values()), 2)
        # the same window as `workers2_driver_cpu_s` (the lock to the last wave written); the whole driver
        # process is `cluster_cpu_split_s["driver"]`
        figures["cluster_driver_cpu_s"] = clustered_execution["driver_cpu_seconds"]
        if any("process_cpu_seconds" in w for w in clustered_workers.values()):
            figures["cluster_worker_process_cpu_s"] = round(sum(w.get("process_cpu_seconds") or 0.0
                                                                for w in clustered_workers.values()), 2)
            figures["cluster_threads_cpu_s"] = {n: w.get("threads_cpu_seconds") for n, w in clustered_workers.items()}
    per_worker = execution.get("per_worker", {}).values()
    if any("task_cpu_seconds" in w for w in per_worker):  # where the workers' CPU went (this code base on)
        figures["workers2_task_cpu_s"] = round(sum(w.get("task_cpu_seconds") or 0.0 for w in per_worker), 2)
        figures["workers2_worker_process_cpu_s"] = round(sum(w.get("process_cpu_seconds") or 0.0 for w in per_worker), 2)
        # the workers' CPU outside their tasks: imports, receiving chunks, pickling and sending results
        figures["workers2_beyond_tasks_cpu_s"] = round(figures["workers2_worker_process_cpu_s"]
                                                       - figures["workers2_task_cpu_s"], 2)
        figures["workers2_threads_cpu_s"] = {n: w.get("threads_cpu_seconds") for n, w in
                                             execution.get("per_worker", {}).items()}
        # The driver's whole process: the run's CPU less its workers' (taken at their close). It holds the
        # LocalCluster's scheduler and nannies too, so it compares with the cluster run's driver plus its
        # scheduler and nannies (`cluster_cpu_split_s`), both whole processes; `workers2_driver_cpu_s` is
        # the lock to the last wave only (200k, 16:35 run: 28.3 of this figure's 30.6, against 37.5 + 3.2).
        figures["workers2_driver_process_cpu_s"] = round(workers["_cpu_s"] - figures["workers2_worker_process_cpu_s"], 2)
    for kind in KINDS:
        shutil.rmtree(tmp / f"{kind}-{name}", ignore_errors=True)
    return figures


def _workers_figures(tmp: Path, products: int) -> dict[str, Any]:
    """This tree's figures and, with `LOCALIZE_BENCH_BEFORE=/path/to/other/checkout`, the same runs
    with that checkout (its `.venv/bin/python`, its package) side by side, run by run: one machine, one load."""
    result: dict[str, Any] = {"products": products, "markets": 3, "load_average_at_start": round(os.getloadavg()[0], 2)}
    before = os.environ.get("LOCALIZE_BENCH_BEFORE")
    bases: list[tuple[str, str | None, Path | None]] = []
    if before:
        bases.append(("before", str(Path(before) / ".venv" / "bin" / "python"), Path(before).resolve()))
    bases.append(("after", None, None))
    result.update(_side_by_side(tmp, products, bases))
    result["load_average_at_end"] = round(os.getloadavg()[0], 2)
    return result


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
    sizes = [2_000] if quick else sorted({int(os.environ.get("LOCALIZE_BENCH_SCALE", "200000")), 20_000}, reverse=True)
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
