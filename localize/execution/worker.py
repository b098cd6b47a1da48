"""What a Dask worker runs: the stages of a distributed run on one partition of one wave.

A worker process opens the run's stages once (taxonomy, rules, QA: `WorkerRun`, cached per run
id) and then, per task: builds the records the driver sent it to redo, runs the stages before
translation, and extracts the texts to translate (`prepare`); once the driver has translated
the distinct texts of every partition, writes them back and runs the rest (`finish`). The
translation memory and the engine stay on the driver: one budget and one rate limit per account.
"""

from __future__ import annotations

import asyncio
import cProfile
import functools
import gc
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Any

from dask.sizeof import sizeof
from distributed import get_worker

from .. import memo
from ..attributes import AttributeCatalog
from ..config import Config
from ..model import LocalizedRecord, Product
from ..pipeline.runner import RUN_GC_THRESHOLDS
from ..records import LANGUAGE_NEUTRAL, RecordBuilder
from ..report import RunReport
from ..stages import STAGE_ORDER, Batch, RunContext, RunOptions, Stage, build_stages
from ..stages.qa_data import feed_line
from ..stages.translate import TranslateStage
from . import warm, wire, worker_memory
from .wire import ChunkItems

#: A job's inputs, which decide its outcome: (text, target_locale, market, formality, context,
#: title, html, extra_terms, original, memory_only).
JobKey = tuple[Any, ...]
#: What became of a job: (status, result, origin, problem).
Outcome = tuple[str, str | None, str, str | None]


@dataclass(frozen=True)
class RunSpec:
    """Everything a worker needs to open the run's stages (sent once per worker)."""

    run_id: str
    config: Config
    options: RunOptions
    market_codes: tuple[str, ...]
    identifier_column: str
    #: True when the engine is local (pseudo, memory: no account, no budget) and the workers reach the
    #: run's memory (a LocalCluster on this machine, or the memory in PostgreSQL): then each worker
    #: translates its own partitions and only a paid engine's texts go through the driver.
    translate_here: bool = False
    #: The driver's parsed rule packs and unit factors (`warm.export`): installed before the stages
    #: open, so a worker does not parse the packs or ask pint again.
    warm: dict[str, Any] = field(default_factory=dict)
    #: Every output of the run writes the feed line alone (JSON Lines): a record goes back to the driver
    #: as a restored one does (line, findings, withheld), without its values: a tenth of the driver's
    #: unpickling, and the same bytes written (`Outputs.publish` takes such a record as it is).
    lines_only: bool = False
    #: The share of one process's memo bounds a worker's `shared` memos get (`memo_share`, `localize.memo.share`).
    memo_share: float = 1.0


#: The smallest share of one process's memo bounds a worker's memos get, however many workers there are.
MIN_MEMO_SHARE = 0.5


def memo_share(workers: int) -> float:
    """A worker's `shared` memos at 1/`workers` of one process's bounds, not below `MIN_MEMO_SHARE`.

    Why: a worker holds one process's bounded state, so a worker's peak grew past one process's
    with the run's length (1M products, 2 workers: 489 / 514 MiB per worker against 399 for one
    process at 100k): the longer the run, the more often its memos are full at the same moment.
    Only memos that miss as often at half their bounds are `shared` (`localize.memo.share` says
    which; the QA pair memo alone: -22 MiB at 90k records of a worker); a quarter (4 workers) was
    not measured, hence the floor."""
    return 1.0 if workers <= 1 else max(MIN_MEMO_SHARE, 1.0 / workers)


class Chunk:
    """One partition of one wave: products and, per product, the indices of the markets to redo.

    It pickles as one bytes blob (`wire.encode`: marshalled tuples, half of pickle's CPU), made
    once and decoded once, where the task runs (`items`). Dask pickles a task's arguments in the
    client, and a LocalCluster's scheduler, which lives in the driver's process, unpickles the task
    and pickles it again to send it to its worker: three passes over every product in the driver (a
    third of its CPU in py-spy) where one is needed. A blob passes through the scheduler as bytes."""

    __slots__ = ("_blob", "_items")

    def __init__(self, items: ChunkItems) -> None:
        self._items: ChunkItems | None = items
        self._blob: bytes | None = None

    @property
    def items(self) -> ChunkItems:
        if self._items is None:
            assert self._blob is not None
            self._items = wire.decode(self._blob)
            self._blob = None  # held once: as objects from now on
        return self._items

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        if self._blob is None:
            self._blob = wire.encode(self._items)
        return _chunk_from_blob, (self._blob,)


def _chunk_from_blob(blob: bytes) -> Chunk:
    """A chunk as it arrives (on the scheduler or a worker): the blob, decoded when a task reads it."""
    chunk = Chunk.__new__(Chunk)
    chunk._items = None
    chunk._blob = blob
    return chunk


@dataclass
class Prepared:
    """A chunk after the stages before translation, held on its worker until the texts come back."""

    batch: Batch
    meta: list[tuple[int, int]]  # per record: (sequence, market index)
    jobs: list[Any]
    keys: list[JobKey]  # the chunk's distinct job keys, in first-seen order
    first: list[int]  # per key: the sequence of the first record that needs it
    index: list[int]  # per job: its key's position in `keys`
    worker: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


#: A record as it travels back to the driver: every field but its product and market, which the
#: driver holds already (it sent the product, it has the markets) and puts back (`attach`); for a
#: record the writers take as its feed line (`RunSpec.lines_only`), only (findings, withheld, line).
Detached = tuple[Any, ...]
_CARRIED = tuple(f.name for f in fields(LocalizedRecord) if f.name not in ("product", "market"))
_INIT = tuple(f.name for f in fields(LocalizedRecord) if f.init and f.name not in ("product", "market"))
assert _CARRIED[:len(_INIT)] == _INIT, "LocalizedRecord: the fields set after __init__ must come last"


def detach(record: LocalizedRecord, line_only: bool = False) -> Detached:
    """The record without its product and market: the product is most of what unpickling a record
    costs the driver, and the driver sent it (stages never change a product). `line_only`: a record
    written as its feed line travels as (findings, withheld, line), three items instead of ten
    (all the rest is empty): less to pickle here and to unpickle and rebuild on the driver."""
    if line_only:
        return record.findings, record.withheld, record.encoded
    return tuple(getattr(record, name) for name in _CARRIED)


def attach(product: Product, market: Any, detached: Detached) -> LocalizedRecord:
    """The record `detach` took apart, around the driver's own product and market."""
    if len(detached) == 3:  # (findings, withheld, line)
        findings, withheld, encoded = detached
        return LocalizedRecord(product, market, "", {}, (), {}, findings, withheld, None, False, encoded)
    record = LocalizedRecord(product, market, *detached[:len(_INIT)])
    for name, value in zip(_CARRIED[len(_INIT):], detached[len(_INIT):], strict=True):
        setattr(record, name, value)
    return record


@dataclass
class Finished:
    """A chunk's records, ready for the driver to route and write in input order."""

    #: the `detach`ed records in the chunk's order (per product, its markets as sent): the driver holds
    #: the rest (sequence, market, input hash) and pairs them up (`driver._emit_wave`)
    records: list[Detached]
    worker: str
    seconds: dict[str, float]


class WorkerRun:
    """The stages of one run, opened once in one worker process."""

    def __init__(self, spec: RunSpec) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        warm.install(spec.warm)
        packs_before, factors_before = warm.sizes()
        config = spec.config
        markets = {m.code: m for m in config.markets}
        self.report = RunReport()
        self.ctx = RunContext(config=config, markets=tuple(markets[c] for c in spec.market_codes),
                              report=self.report, options=spec.options, log=logging.getLogger("localize.worker"))
        for market in self.ctx.markets:
            self.report.market(market.code)
        src = config.source
        catalog = AttributeCatalog.from_source(src)
        catalog.load_options(src.options, src.encoding, src.delimiter or ";")
        self.ctx.catalog = catalog
        self.ctx.identifier_column = spec.identifier_column
        translation = config.settings.translation
        self.builder = RecordBuilder(src.locale, src.channel, catalog, config.settings.outputs.exclude,
                                     language_neutral=LANGUAGE_NEUTRAL + translation.language_neutral,
                                     copy_attributes=translation.attributes)
        self.stages: list[Stage] = build_stages(config.stages)
        self.translate: TranslateStage | None = None
        self.before: list[Stage] = []
        self.after: list[Stage] = []
        self.opened: list[Stage] = []
        for stage in self.stages:
            if isinstance(stage, TranslateStage) and not spec.translate_here:
                stage.open_extraction(self.ctx)
                self.translate = stage
                continue
            stage.open(self.ctx)
            self.opened.append(stage)
            (self.after if self.translate is not None else self.before).append(stage)
        self.tasks = 0
        self.records = 0
        self.task_cpu = 0.0  # CPU of this run's tasks (their thread), opening the stages included
        self.seconds: dict[str, float] = {}
        packs_after, factors_after = warm.sizes()
        #: Opening this run's stages here: seconds, CPU seconds, and what was built rather than shipped.
        self.start: dict[str, Any] = {
            "seconds": round(time.perf_counter() - wall, 3),
            "cpu_seconds": round(time.process_time() - cpu, 3),
            "packs_parsed": len(packs_after - packs_before),
            "unit_factors_computed": len(factors_after - factors_before),
        }
        self.cpu_at_start = cpu

    def run_stages(self, stages: list[Stage], batch: Batch, seconds: dict[str, float]) -> None:
        for stage in stages:
            t0 = time.perf_counter()
            done = stage.submit(batch, self.ctx)
            done += stage.drain(self.ctx)
            if not any(b is batch for b in done):
                raise RuntimeError(f"stage {stage.name} did not return its batch")
            seconds[stage.name] = seconds.get(stage.name, 0.0) + time.perf_counter() - t0

    def close(self) -> dict[str, Any]:
        """Close the stages; what the driver merges into the run report."""
        for stage in reversed(self.opened):
            try:
                stage.close(self.ctx)
            except Exception as exc:  # closing must not hide what the run did
                self.report.warn(f"stage {stage.name} did not close cleanly on a worker: {exc}")
        summaries = {s.name: s.summary() for s in self.stages if s is not self.translate}
        translation = {}
        if self.translate is not None:
            translation = {"per_market": self.translate.per_market, "same_language": self.translate.same_language,
                           "labels": self.translate.labels, "siblings": self.translate.siblings}
        return {
            "summaries": summaries,
            "sections": self.report.sections,
            "warnings": list(self.report.warnings),
            "exit": self.report.requested_exit,
            "translation": translation,
            "tasks": self.tasks,
            "records": self.records,
            "seconds": self.seconds,
            "start": self.start,
            # this run's CPU on the worker (open, tasks, close); the process's own life (imports) is apart
            "cpu_seconds": round(time.process_time() - self.cpu_at_start, 3),
            "process_cpu_seconds": round(time.process_time(), 3),
            "peak_rss_mb": peak_rss_mb(),
            "task_cpu_seconds": round(self.task_cpu, 3),
            "threads_cpu_seconds": threads_cpu(),
        }


def peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM, Linux; None elsewhere): the per-worker memory figure."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


#: About what one record weighs pickled (its product, values, findings and feed line: 3-5 KB measured).
RECORD_BYTES = 4_000


@sizeof.register(Prepared)
def _sizeof_prepared(prepared: Prepared) -> int:
    """What moving a prepared chunk to another worker costs. Without it Dask counts the dataclass as
    a few bytes and its work stealing moves `finish` tasks, with their whole batch, to an idle worker
    that must then open the stages too."""
    return RECORD_BYTES * len(prepared.meta) + 1_000


@sizeof.register(Finished)
def _sizeof_finished(finished: Finished) -> int:
    return RECORD_BYTES * len(finished.records) + 1_000


_RUNS: dict[str, WorkerRun] = {}

#: `LOCALIZE_WORKER_PROFILE=<folder>`: each worker profiles its tasks (cProfile) and writes
#: `<folder>/worker-<name>-<pid>.prof` when the run closes (to account for the workers' CPU).
PROFILE_ENV = "LOCALIZE_WORKER_PROFILE"
_PROFILE: cProfile.Profile | None = None
_LOOP_PROFILE: cProfile.Profile | None = None  # the worker's event loop thread, from `warm_up` to `close_run`


def _profiler() -> cProfile.Profile | None:
    global _PROFILE
    if _PROFILE is None and os.environ.get(PROFILE_ENV):
        _PROFILE = cProfile.Profile(time.thread_time)
    return _PROFILE


_GC_BEFORE: tuple[int, int, int] | None = None
_GC_LOCK = threading.Lock()


def _run_for(spec: RunSpec) -> WorkerRun:
    """The worker's run for `spec`, opened on its first task. While a run is open the worker uses the
    single process's GC thresholds (`RUN_GC_THRESHOLDS`, why: see there) and its memos are bounded at
    the run's `memo_share`; its own thresholds and full memo bounds come back when its last run closes."""
    global _GC_BEFORE
    run = _RUNS.get(spec.run_id)
    if run is None:
        with _GC_LOCK:  # a restore still pending from the last run (`_restore_gc`) finds this run open
            if not _RUNS and _GC_BEFORE is None:
                _GC_BEFORE = gc.get_threshold()
                gc.set_threshold(*RUN_GC_THRESHOLDS)
        if not _RUNS:
            memo.share(spec.memo_share)
        run = _RUNS[spec.run_id] = WorkerRun(spec)
    return run


def threads_cpu() -> dict[str, float]:
    """CPU seconds of this process's live threads by name (Linux `/proc`; empty elsewhere): where a
    worker's CPU goes besides its tasks (event loop, transfers, the translation service's pool)."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for thread in threading.enumerate():
        try:
            with open(f"/proc/self/task/{thread.native_id}/stat", encoding="ascii") as fh:
                fields_ = fh.read().rpartition(")")[2].split()
        except (OSError, TypeError):
            continue
        name = thread.name.rstrip("0123456789-_ ") or thread.name
        out[name] = round(out.get(name, 0.0) + (int(fields_[11]) + int(fields_[12])) / tick, 2)
    return dict(sorted(out.items()))


def warm_up(stage_names: tuple[str, ...] = STAGE_ORDER) -> float:
    """Import the stage modules on a worker while the driver reads and opens its own stages (run
    on every worker once it connects); the process's CPU seconds so far."""
    build_stages(stage_names)
    global _LOOP_PROFILE
    if os.environ.get(PROFILE_ENV) and _LOOP_PROFILE is None:  # `Client.run` runs here on the event loop
        _LOOP_PROFILE = cProfile.Profile(time.thread_time)
        _LOOP_PROFILE.enable()
    return time.process_time()


def state_identity(path: str) -> tuple[str, int, int] | None:
    """(host name, device, inode) of the run's state folder as this process sees it, None when it
    cannot see it: equal on the driver and a worker means both reach the same memory files."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return socket.gethostname(), st.st_dev, st.st_ino


def _worker_name() -> str:
    try:
        worker = get_worker()
    except ValueError:
        return "driver"
    return str(worker.name)


def _accounted(task: Any) -> Any:
    """Count a task's CPU (this thread's: the worker's other threads move data and talk to the
    scheduler) into its run, profiled when `LOCALIZE_WORKER_PROFILE` is set."""

    @functools.wraps(task)
    def accounted(spec: RunSpec, *args: Any) -> Any:
        cpu = time.thread_time()
        profile = _profiler()
        if profile is not None:
            profile.enable()
        try:
            return task(spec, *args)
        finally:
            if profile is not None:
                profile.disable()
            run = _RUNS.get(spec.run_id)
            if run is not None:
                run.task_cpu += time.thread_time() - cpu
                worker_memory.record_sample(task=task.__name__, tasks=run.tasks, records=run.records)

    return accounted


@_accounted
def prepare(spec: RunSpec, chunk: Chunk) -> Prepared:
    """Build the chunk's records, run the stages before translation, pick the texts to translate."""
    prepared = _prepare(spec, chunk.items)
    _RUNS[spec.run_id].tasks += 1
    return prepared


@_accounted
def process(spec: RunSpec, chunk: Chunk) -> Finished:
    """`prepare` and `finish` in one task, for a run whose driver translates nothing (a local engine
    the workers run themselves, or no translate stage): the prepared chunk never leaves its worker,
    and the scheduler has one task per partition to place instead of three.

    The chunk goes through the stages a read batch at a time (`batch_size` products, as one process
    reads them; `slices`), each slice's records encoded and dropped before the next slice is built. A wave's
    partition is four read batches or more: built at once, its records were most of a worker's heap
    (20k products: peak 400 MiB against 295 with one read batch a task) and the allocator kept the
    pages for the rest of the run."""
    items = chunk.items
    parts: list[Finished] = []
    for start, end in slices(len(items), spec.config.batch_size):
        prepared = _prepare(spec, items[start:end])
        if prepared.jobs:
            raise RuntimeError("a chunk with texts for the driver to translate was sent as one task")
        parts.append(_finish(spec, prepared, []))
        del prepared  # the slice's records go before the next slice is built
    _RUNS[spec.run_id].tasks += 1
    return _joined(parts)


#: A chunk's last slice of at most this share of `batch_size` products joins the slice before it.
#: A wave's partitions are one read batch each give or take a few products (the families' hashes
#: split a wave, not a count), so about half the chunks ended in a slice of 1-50 products: 148
#: batches through the stages for a 50k run where one process runs 100, each paying what a stage
#: does per batch (translation's requests flushed, jobs planned, the rules' and QA's chunk set-up).
SLICE_SLACK = 0.1


def slices(count: int, batch_size: int) -> list[tuple[int, int]]:
    """(start, end) of each slice of a chunk of `count` products: `batch_size` each, the last one up to
    `SLICE_SLACK` larger rather than followed by a small one (at least one slice, for an empty chunk)."""
    size = max(1, batch_size)
    slack = int(size * SLICE_SLACK)
    out: list[tuple[int, int]] = []
    start = 0
    while True:
        end = count if count - start <= size + slack else start + size
        out.append((start, end))
        if end >= count:
            return out
        start = end


def _joined(parts: list[Finished]) -> Finished:
    """The slices of one task as one result: records in slice order, seconds added up."""
    if len(parts) == 1:
        return parts[0]
    records: list[Detached] = []
    seconds: dict[str, float] = {}
    for part in parts:
        records.extend(part.records)
        for name, value in part.seconds.items():
            seconds[name] = seconds.get(name, 0.0) + value
    return Finished(records, parts[0].worker, seconds)


def _prepare(spec: RunSpec, items: ChunkItems) -> Prepared:
    started = time.perf_counter()
    fresh = spec.run_id not in _RUNS
    run = _run_for(spec)
    markets = run.ctx.markets
    records: list[LocalizedRecord] = []
    meta: list[tuple[int, int]] = []
    seconds: dict[str, float] = {"open": time.perf_counter() - started} if fresh else {}

    t0 = time.perf_counter()
    for seq, product, planned in items:
        for index in planned:
            records.append(run.builder.build(product, markets[index]))
            meta.append((seq, index))
    seconds["plan"] = time.perf_counter() - t0
    batch = Batch([r.product for r in records], records)
    run.run_stages(run.before, batch, seconds)
    jobs: list[Any] = []
    keys: list[JobKey] = []
    first: list[int] = []
    index: list[int] = []
    if run.translate is not None and records:
        t0 = time.perf_counter()
        jobs = run.translate.extract(batch)
        position = {id(r): meta[i][0] for i, r in enumerate(records)}
        seen: dict[JobKey, int] = {}
        for job in jobs:
            key = job_key(job)
            at = seen.get(key)
            if at is None:
                at = seen[key] = len(keys)
                keys.append(key)
                first.append(position[id(job.ref[0])])
            index.append(at)
        seconds["translate"] = time.perf_counter() - t0
    run.records += len(records)
    seconds["task"] = time.perf_counter() - started
    if fresh:  # worker start-up as the driver feels it: from the first task's start to its chunk prepared
        run.start["first_chunk_seconds"] = round(seconds["task"], 3)
        run.start["first_chunk"] = {"records": len(records), **{k: round(v, 3) for k, v in sorted(seconds.items())}}
    return Prepared(batch, meta, jobs, keys, first, index, _worker_name(), seconds)


def job_keys(prepared: Prepared) -> tuple[list[JobKey], list[int], list[int]]:
    """The chunk's distinct texts to translate, where each is first needed and how many fields need
    it (sent to the driver)."""
    counts = [0] * len(prepared.keys)
    for at in prepared.index:
        counts[at] += 1
    return prepared.keys, prepared.first, counts


@_accounted
def finish(spec: RunSpec, prepared: Prepared, outcomes: list[Outcome]) -> Finished:
    """Write the translations back, run the stages after translation, encode the feed lines."""
    return _finish(spec, prepared, outcomes)


def _finish(spec: RunSpec, prepared: Prepared, outcomes: list[Outcome]) -> Finished:
    started = time.perf_counter()
    run = _run_for(spec)
    seconds = dict(prepared.seconds)
    if run.translate is not None and prepared.jobs:
        t0 = time.perf_counter()
        for job, at in zip(prepared.jobs, prepared.index, strict=True):
            job.status, job.result, job.origin, job.problem = outcomes[at]
        run.translate.apply(prepared.jobs, run.ctx)
        seconds["translate"] = seconds.get("translate", 0.0) + time.perf_counter() - t0
    run.run_stages(run.after, prepared.batch, seconds)
    t0 = time.perf_counter()
    out: list[Detached] = []
    for record in prepared.batch.records:
        if record.rejected is None and not record.pending and record.encoded is None:
            record.encoded = exact(feed_line(record))  # from the data QA checked (i18q3), not carried further
        out.append(detach(record, spec.lines_only and record.rejected is None and not record.pending))
    seconds["encode"] = time.perf_counter() - t0
    seconds["task"] = seconds.get("task", 0.0) + time.perf_counter() - started
    for name, value in seconds.items():
        run.seconds[name] = run.seconds.get(name, 0.0) + value
    return Finished(out, _worker_name(), seconds)


def exact(line: bytes) -> bytes:
    """`line` in a bytes object of its own size. orjson returns the buffer it grew while writing: a
    2.4 KB feed line held 14 KB (orjson 3.13), so a task's 1,500 lines held 20 MiB instead of 3.7
    while the task ran and then while its result waited on the worker for the driver (a worker held
    up to three results: its peak jumped 20-40 MiB at those moments). The copy costs about a
    microsecond a line; one process writes its lines a batch at a time and drops them."""
    return bytes(memoryview(line))


def close_run(run_id: str, ending: bool = False, dask_worker: Any = None) -> dict[str, Any] | None:
    """Close this worker's stages of `run_id` (run on every worker at the end; None where it did no task).

    `ending`: this worker's process ends next (a LocalCluster of the run, closed once every record is
    back). Its heap, grown under the run's GC thresholds, is frozen (`gc.freeze`) instead of the
    thresholds restored: the default thresholds' next full collection, and the one the interpreter
    makes on exit, scanned all of it while the driver waited for the cluster to close (1-1.2 s a worker
    under load at 5k products) to find a few dozen cyclic objects.

    `Client.run` passes the worker as `dask_worker` (`get_worker` works only inside a task)."""
    run = _RUNS.pop(run_id, None)
    if run is None:
        return None
    if ending:
        gc.freeze()
    else:
        _after_reply(_restore_gc)
    if not _RUNS:
        memo.share(1.0)
    result = run.close()
    result["worker"] = str(dask_worker.name) if dask_worker is not None else _worker_name()
    folder = os.environ.get(PROFILE_ENV)
    if folder and _PROFILE is not None:
        _PROFILE.dump_stats(os.path.join(folder, f"worker-{result['worker']}-{os.getpid()}.prof"))
    if folder and _LOOP_PROFILE is not None:
        _LOOP_PROFILE.disable()
        _LOOP_PROFILE.dump_stats(os.path.join(folder, f"loop-{result['worker']}-{os.getpid()}.prof"))
    return result


def _restore_gc() -> None:
    """The process's own GC thresholds back, once no run is open (a run opened since keeps the run's)."""
    global _GC_BEFORE
    with _GC_LOCK:
        if not _RUNS and _GC_BEFORE is not None:
            gc.set_threshold(*_GC_BEFORE)
            _GC_BEFORE = None


def _after_reply(fn: Any) -> None:
    """Call `fn` once the worker has answered the `Client.run` call in progress (on its event loop,
    right after), or now outside one. For the GC thresholds: back at the default (700), the next
    allocation sets off a full collection of a heap that grew under the run's thresholds (0.6-0.9 s
    of a worker under load at 5k products), and the driver waited for it before it could finish and
    publish the run: after the reply it overlaps with the driver's end of run."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        fn()
        return
    loop.call_soon(fn)


def job_key(job: Any) -> JobKey:
    return (job.text, job.target_locale, job.market, job.formality, job.context, job.title, job.html,
            job.extra_terms, job.original, job.memory_only)
