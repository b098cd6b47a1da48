"""The driver of a distributed run: the same pipeline, its stages on a Dask cluster.

The driver reads the source (models first, variants merged, duplicates rejected: exactly as one
process does), decides per product and market what is unchanged (re-emitted from the state, as
one process does) and sends the rest in waves, each split into partitions by product family
(`partitions.partition_of`), to the workers (`worker.prepare`). Translation is a distributed
distinct: the workers return the distinct texts of their partition, the driver translates the
distinct texts of the whole wave once through the run's memory and engine (one budget, one rate
limit: DeepL's limits are per key, not per worker) and sends the outcomes back
(`worker.finish`). The records come back and are routed, written and saved in input order, so
`--workers 1`, `--workers 4` and any cluster write the same bytes as one process. The driver
holds the state's lock and is the only writer of the state, the outputs and the memory.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import dask
from distributed import Client, Future, LocalCluster
from distributed.comm import connect
from rich.progress import TextColumn

from ..config import Config
from ..errors import UsageError
from ..model import LocalizedRecord, Product, Reject
from ..pipeline import Pipeline
from ..pipeline.runner import Outputs, RecordsProgress
from ..pipeline.source import Source
from ..records import RecordBuilder
from ..stages import RunOptions, Stage
from ..stages.translate import TranslateStage
from ..translate.service import Job
from . import execution_settings, redact_address, warm
from .partitions import partition_of
from .worker import (
    Chunk,
    Finished,
    JobKey,
    Outcome,
    RunSpec,
    attach,
    close_run,
    finish,
    job_keys,
    memo_share,
    prepare,
    process,
    state_identity,
    warm_up,
)

#: Products in flight, in blocks: read and prepared ahead while the driver writes the oldest wave.
DEPTH = 2


@dataclass
class _Wave:
    entries: list[Any]  # Reject | (sequence, product, planned per market, partition)
    prepared: list[Future]
    keys: list[Future]
    products: int
    finished: list[Future] | None = None
    #: the partitions sent, in the order of `prepared` / `finished` (a partition with nothing to redo is not sent)
    parts: list[int] = field(default_factory=list)


@dataclass
class _WorkerTally:
    tasks: int = 0
    records: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class DistributedPipeline(Pipeline):
    """`Pipeline` with the stages on Dask workers; everything else (lock, state, outputs) as before."""

    def __init__(self, config: Config, options: RunOptions | None = None, log: logging.Logger | None = None) -> None:
        super().__init__(config, options, log)
        self.execution = execution_settings(self.config, self.options)
        self._worker_results: list[dict[str, Any]] = []
        self._tally: dict[str, _WorkerTally] = {}
        self._seq = 0
        self._translate_here = False
        self._driver_translates = False  # True: each chunk is two tasks with the driver's translation between
        self._cluster: _Cluster | None = None
        self._cpu_at_start = 0.0
        self._wall_at_start = 0.0
        self._first_wave: dict[str, Any] = {}
        self._read_products = 0

    def _run_locked(self, store: Any) -> Any:
        """A LocalCluster starts when `_execute` first joins it: only a run with records to do gets that
        far, and an unchanged rerun (`localize.pipeline.rerun`) publishes the last run's files without
        starting one (~2 CPU-s of processes and imports). An existing cluster costs nothing to start:
        the driver connects to it, probes its workers and has them import the stage modules now, while
        this process reads the catalogue and opens its stages (a fresh cluster's imports took the
        workers 2-4 s of wall time the driver waited for before the first wave)."""
        self._cpu_at_start = time.process_time()
        self._wall_at_start = time.perf_counter()
        self._first_wave = {}
        self._cluster = _Cluster(self.execution.workers, self.execution.scheduler, self.log,
                                 tuple(self.config.stages))
        if self.execution.scheduler is not None:
            self._cluster.start()
        try:
            return super()._run_locked(store)
        finally:
            self._cluster.close()

    # --- the run ---------------------------------------------------------------------------

    def _execute(self, source: Source, builder: RecordBuilder, stages: list[Stage], outputs: Outputs | None,
                 progress: Any) -> None:
        translate = next((s for s in stages if isinstance(s, TranslateStage)), None)
        t0 = time.perf_counter()
        opened = t0 - self._wall_at_start  # the source's header and catalogue read, the stages opened
        assert self._cluster is not None
        with self._cluster.joined() as client:
            self.report.add_time("cluster", time.perf_counter() - t0)
            # A local engine (pseudo, memory) has no account to share: the workers translate their own
            # partitions when they reach the run's memory (this machine's files, or PostgreSQL).
            self._translate_here = translate is not None and not translate.engine.billable and (
                self.execution.workers is not None or self.config.state_url is not None
                or self._workers_share_state(client))
            if self._translate_here:
                translate = None
            self._driver_translates = translate is not None
            workers = client.workers()
            partitions = self.execution.partitions or max(1, workers)
            # one read batch per partition a wave: a worker holds one batch's records at a time, as one process does
            # (4 batches a wave held ~1.4x the memory per worker at 200k for 1 % less wall time)
            block = self.execution.block or self.config.batch_size * partitions
            # the first wave: one read batch per partition, so every worker starts after one batch each
            first = min(block, self.config.batch_size * partitions)
            # the stages opened here filled the pack and factor caches: the workers take them as they are
            spec = RunSpec(self.run_id, self.config, self.options, tuple(m.code for m in self.markets),
                           self.ctx.identifier_column, self._translate_here, warm.export(),
                           lines_only=not self.incremental.decode, memo_share=memo_share(workers))
            spec_future = client.scatter(spec, broadcast=True, hash=False)
            ready = time.perf_counter() - self._wall_at_start  # and the cluster joined, the spec sent
            inflight: deque[_Wave] = deque()
            waves = 0
            try:
                for items in self._waves(source, block, first):
                    waves += 1
                    inflight.append(self._start(client, spec_future, items, source, partitions))
                    # at most DEPTH blocks' worth of products ahead of the one being written
                    while len(inflight) > 1 and sum(w.products for w in inflight) > DEPTH * block:
                        self._advance(client, spec_future, inflight, translate, outputs, progress)
                while inflight:
                    self._advance(client, spec_future, inflight, translate, outputs, progress)
            except BaseException:
                try:  # release the workers' stages; the run's own error is what the user must see
                    client.run(close_run, self.run_id)
                except Exception as exc:
                    self.log.warning("could not close the run on the workers: %s", exc)
                raise
            # the workers of a LocalCluster of this run end next (`close_in_background`)
            t0 = time.perf_counter()
            results = client.run(close_run, self.run_id, self.execution.scheduler is None)
            self.report.add_time("workers-close", time.perf_counter() - t0)  # the driver waits: the tail
            self._worker_results = [r for _, r in sorted(results.items()) if r]
            if translate is not None:
                for result in self._worker_results:
                    for market, counts in result["translation"].get("per_market", {}).items():
                        mine = translate.per_market.setdefault(market, {})
                        for status, n in counts.items():
                            mine[status] = mine.get(status, 0) + n
                    translate.same_language += result["translation"].get("same_language", 0)
                    for status, n in result["translation"].get("labels", {}).items():
                        translate.labels[status] = translate.labels.get(status, 0) + n
                    for market, counts in result["translation"].get("siblings", {}).items():
                        mine = translate.siblings.setdefault(market, {})
                        for where, n in counts.items():
                            mine[where] = mine.get(where, 0) + n
            self.report.sections["execution"] = {
                "engine": "dask",
                "cluster": "local" if self.execution.scheduler is None else redact_address(self.execution.scheduler),
                "workers": workers,
                "partitions": partitions,
                "block": block,
                "first_wave_block": first,
                "waves": waves,
                # from the lock to the first wave sent: the time the workers could not yet work
                "first_wave": {"stages_opened_seconds": round(opened, 3), "cluster_ready_seconds": round(ready, 3),
                               **self._first_wave},
                "translation": "workers (local engine)" if self._translate_here else "driver (distinct texts)",
                # the records came straight from the workers, or through the scheduler (`_ClientView`)
                "results": "from the workers" if client.direct else "through the scheduler",
                "per_worker": self._per_worker(),
                # this process's CPU from the lock to the last wave written (a LocalCluster's scheduler
                # and nannies run here too): what the driver takes from the workers' cores
                "driver_cpu_seconds": round(time.process_time() - self._cpu_at_start, 3),
                "workers_cpu_seconds": round(sum(r.get("cpu_seconds", 0.0) for r in self._worker_results), 3),
            }
        # Every record is back and the workers' stages are closed: the cluster closes while this
        # process commits the state, completes the outputs and publishes them (shutting a LocalCluster
        # down took 1.5-4 s of wall time, its worker processes ending, after the last file was written).
        self._cluster.close_in_background()

    def _workers_share_state(self, client: _ClientView) -> bool:
        """True when every worker of a cluster reached by its address runs on this machine and sees
        the run's state folder as this process does (same host name, same device and inode): then
        they reach the memory files as a LocalCluster's workers do."""
        mine = state_identity(str(self.config.state_dir))
        if mine is None:
            return False
        try:
            theirs = client.run(state_identity, str(self.config.state_dir))
        except Exception as exc:  # then the driver translates, as for any remote cluster
            self.log.warning("could not ask the workers where the state is: %s", redact_address(str(exc)))
            return False
        return bool(theirs) and all(v is not None and tuple(v) == mine for v in theirs.values())

    def _per_worker(self) -> dict[str, Any]:
        """Tasks, records and stage seconds per worker, with its start-up (opening the stages)."""
        out: dict[str, Any] = {name: {"tasks": t.tasks, "records": t.records,
                                      "seconds": {k: round(v, 3) for k, v in sorted(t.seconds.items())}}
                               for name, t in sorted(self._tally.items())}
        for result in self._worker_results:
            entry = out.setdefault(str(result.get("worker")), {"tasks": 0, "records": 0, "seconds": {}})
            entry["start"] = result.get("start", {})
            entry["cpu_seconds"] = result.get("cpu_seconds")
            entry["peak_rss_mb"] = result.get("peak_rss_mb")
            # the tasks' own CPU (stages, building and encoding records); the rest of `cpu_seconds` is
            # the worker moving data and talking to the scheduler
            entry["task_cpu_seconds"] = result.get("task_cpu_seconds")
            entry["process_cpu_seconds"] = result.get("process_cpu_seconds")
            entry["threads_cpu_seconds"] = result.get("threads_cpu_seconds")
        return dict(sorted(out.items()))

    def _waves(self, source: Source, block: int, first: int) -> Any:
        """Read batches gathered into waves: the first of about `first` products, each next one twice
        the last, up to `block` (rejects travel with them). A whole block before the first task would
        leave the workers idle while the driver reads and plans it, and the last worker to finish its
        large first chunk would hold up the first write."""
        wave: list[Product | Reject] = []
        products = 0
        size = max(1, min(first, block))
        t_read = time.perf_counter()
        for items in source.batches(self.config.batch_size, self.options.limit):
            wave.extend(items)
            read = sum(1 for i in items if isinstance(i, Product))
            products += read
            self._read_products += read
            if products >= size:
                self.report.add_time("read", time.perf_counter() - t_read)
                yield wave
                wave, products = [], 0
                size = min(2 * size, block)
                t_read = time.perf_counter()
        self.report.add_time("read", time.perf_counter() - t_read)
        if wave:
            yield wave

    def _start(self, client: _ClientView, spec: Future, items: list[Product | Reject], source: Source,
               partitions: int) -> _Wave:
        """Plan the wave (unchanged records restored here) and send each partition what it must redo."""
        t0 = time.perf_counter()
        products = [i for i in items if isinstance(i, Product)]
        planned = iter(self.incremental.split(products))
        chunks: list[list[tuple[int, Product, list[int]]]] = [[] for _ in range(partitions)]
        entries: list[Any] = []
        for item in items:
            if isinstance(item, Reject):
                entries.append(item)
                continue
            product, plan = next(planned)
            seq = self._seq
            self._seq += 1
            # the markets to redo go out by index; their input hashes stay here (`_emit_wave` saves them)
            redo = [i for i, h in enumerate(plan) if isinstance(h, str)]
            part = partition_of(product, source.raw_models, partitions) if redo else -1
            entries.append((seq, product, plan, part))
            if redo:
                chunks[part].append((seq, product, redo))
        # Partition p goes to worker p (mod the workers): the scheduler cannot know yet how long a task
        # takes and would put a wave's first tasks on one worker; another may still take it over.
        places = client.addresses()
        # A driver with nothing to translate sends each chunk as one task (`worker.process`): nothing
        # waits for it between the stages, so the prepared chunk need not be kept, placed or moved.
        task = prepare if self._driver_translates else process
        parts = [p for p, c in enumerate(chunks) if c]
        sent = [client.submit(task, spec, Chunk(chunks[p]), pure=False, workers=[places[p % len(places)]],
                              allow_other_workers=True)
                for p in parts]
        self.report.add_time("plan", time.perf_counter() - t0)
        if not self._first_wave:  # how long the workers waited for their first task
            self._first_wave = {"seconds": round(time.perf_counter() - self._wall_at_start, 3),
                                "products": len(products), "products_read": self._read_products}
        if not self._driver_translates:
            return _Wave(entries, [], [], len(products), finished=sent, parts=parts)
        keys = [client.submit(job_keys, p, pure=False) for p in sent]
        return _Wave(entries, sent, keys, len(products), parts=parts)

    def _advance(self, client: _ClientView, spec: Future, inflight: deque[_Wave], translate: TranslateStage | None,
                 outputs: Outputs | None, progress: Any) -> None:
        """Translate the oldest wave (and the next, if its workers are done) and write the oldest."""
        self._translate(client, spec, inflight[0], translate)
        if len(inflight) > 1 and all(f.done() for f in inflight[1].keys):
            self._translate(client, spec, inflight[1], translate)
        wave = inflight.popleft()
        t0 = time.perf_counter()
        assert wave.finished is not None
        finished: list[Finished] = client.gather(wave.finished)
        # the workers' copies go now, not after the wave is written: meanwhile they finish the next waves
        wave.finished, wave.prepared, wave.keys = None, [], []
        self.report.add_time("workers", time.perf_counter() - t0)
        self._emit_wave(wave, finished, outputs)
        if progress is not None:
            progress.advance(len(wave.entries))
            if hasattr(progress, "workers"):
                progress.workers({name: t.tasks for name, t in self._tally.items()})

    def _translate(self, client: _ClientView, spec: Future, wave: _Wave, translate: TranslateStage | None) -> None:
        """The wave's distinct texts, translated once here; each partition gets its outcomes."""
        if wave.finished is not None:
            return
        outcomes: list[list[Outcome]] = [[] for _ in wave.prepared]
        if translate is not None and wave.prepared:
            t0 = time.perf_counter()
            per_partition: list[tuple[list[JobKey], list[int], list[int]]] = client.gather(wave.keys)
            self.report.add_time("workers", time.perf_counter() - t0)
            t0 = time.perf_counter()
            outcomes = self._resolve(translate, per_partition)
            self.report.add_time("translate", time.perf_counter() - t0)
        # Each `finish` runs where its prepared chunk is (its worker holds the batch and its stages'
        # state): without the pin an idle worker may steal it and first copy the chunk over.
        held = client.who_has(wave.prepared)
        wave.finished = [client.submit(finish, spec, p, o, pure=False, workers=held.get(p.key) or None,
                                       allow_other_workers=True)
                         for p, o in zip(wave.prepared, outcomes, strict=True)]

    @staticmethod
    def _resolve(translate: TranslateStage, per_partition: list[tuple[list[JobKey], list[int], list[int]]]) -> list[list[Outcome]]:
        """Memory, glossary and engine for every distinct text of the wave, in input order (the order
        in which one process would have met them), under the run's one budget."""
        first: dict[JobKey, int] = {}
        uses: dict[JobKey, int] = {}
        for keys, seqs, counts in per_partition:
            for key, seq, n in zip(keys, seqs, counts, strict=True):
                if key not in first or seq < first[key]:
                    first[key] = seq
                uses[key] = uses.get(key, 0) + n
        ordered = sorted(first, key=first.__getitem__)
        jobs = [Job(text=k[0], target_locale=k[1], market=k[2], formality=k[3], context=k[4], title=k[5],
                    html=k[6], extra_terms=k[7], original=k[8], memory_only=k[9]) for k in ordered]
        service = translate.service
        if jobs:
            service.submit(jobs, None, weight=len(jobs))
            service.finish()
        result = {k: (j.status, j.result, j.origin, j.problem) for k, j in zip(ordered, jobs, strict=True)}
        _count_repeats(service.stats, jobs, [uses[k] - 1 for k in ordered])
        return [[result[k] for k in keys] for keys, _, _ in per_partition]

    def _emit_wave(self, wave: _Wave, finished: list[Finished], outputs: Outputs | None) -> None:
        """Route, write and save the wave in input order: restored records and the workers' records."""
        # a partition's records come back in the order it was sent (product by product, its markets in
        # order): each is paired with the product, market and input hash the driver kept
        back: dict[int, Iterator[Any]] = {}
        sizes: dict[int, int] = {}
        for p, part in zip(wave.parts, finished, strict=True):
            tally = self._tally.setdefault(part.worker, _WorkerTally())
            tally.tasks += 1
            tally.records += len(part.records)
            for name, seconds in part.seconds.items():
                tally.seconds[name] = tally.seconds.get(name, 0.0) + seconds
            back[p] = iter(part.records)
            sizes[p] = len(part.records)
        pending: list[Any] = []
        fresh: list[LocalizedRecord] = []
        hashes: dict[int, str] = {}
        for entry in wave.entries:
            if isinstance(entry, Reject):
                pending.append(entry)
                continue
            seq, product, plan, p = entry
            for index, item in enumerate(plan):
                if isinstance(item, str):
                    detached = next(back[p], None)
                    if detached is None:
                        raise RuntimeError(f"partition {p} came back with {sizes[p]} record(s), fewer than sent")
                    record = attach(product, self.markets[index], detached)
                    fresh.append(record)
                    hashes[id(record)] = item
                    pending.append(record)
                else:
                    pending.append(item)
        for p, rest in back.items():  # every record sent out comes back exactly once
            if next(rest, None) is not None:
                raise RuntimeError(f"partition {p} came back with {sizes[p]} record(s), more than sent")
        self._emit(pending, fresh, hashes, outputs)

    # --- after the stages closed -----------------------------------------------------------

    def _stages_closed(self, stages: list[Stage]) -> None:
        """The workers' stage summaries, report sections, warnings and exit requests, merged."""
        results = self._worker_results
        if not results:
            return
        # The driver opened the same stages and ran no record through them: its own summaries hold what
        # every worker starts from (stored review decisions, settings, rule counts), counted once.
        constant = frozenset().union(*(s.run_figures for s in stages))
        for stage in stages:
            if isinstance(stage, TranslateStage) and not self._translate_here:
                continue
            merged = merge_figures([r["summaries"].get(stage.name) for r in results], constant,
                                   baseline=self.report.stages.get(stage.name))
            if merged:
                self.report.stages[stage.name] = merged
        names: list[str] = []
        for result in results:
            names.extend(n for n in result["sections"] if n not in names)
        for name in names:
            own = self.report.sections.get(name)
            merged = merge_figures([r["sections"].get(name) for r in results], constant, baseline=own)
            if name == "translation" and self._translate_here:
                # the workers' figures; the run's own (memory files seeded by the driver) kept
                own = own or {}
                merged = {**merged, **{k: v for k, v in own.items() if k == "memory_files"}}
            self.report.sections[name] = merged
        for result in results:
            for warning in result["warnings"]:
                if warning not in self.report.warnings:
                    self.report.warn(warning)
            if result["exit"]:
                self.report.escalate(result["exit"])

    def _progress(self) -> Any:
        if not self.options.progress:
            return nullcontext(None)
        return _WorkersProgress()


def _count_repeats(stats: Any, jobs: list[Job], repeats: list[int]) -> None:
    """Count the fields that repeated a distinct text as one process counts them: each repeat was a
    segment, served by the memory (or glossary, or copied verbatim) after its first occurrence."""
    for job, n in zip(jobs, repeats, strict=True):
        if n <= 0 or job.status == "fallback":  # a sibling locale's copy stands: no segment (`service._for_market`)
            continue
        stats.segments += n
        if job.origin == "verbatim":
            stats.verbatim += n
        elif job.origin == "glossary":
            stats.glossary += n
        elif job.status in ("machine", "human"):
            stats.from_memory += n
            stats.human += n if job.status == "human" else 0
        elif job.status == "untranslated":
            stats.untranslated += n
        elif job.status == "pending":
            stats.pending += n


def merge_figures(values: list[Any], constant: frozenset[str] = frozenset(), baseline: Any = None) -> Any:
    """Figures of several workers as one, as one process counts them.

    Numbers add up over what each worker added to `baseline` (the same figures from the driver's
    own stages, which ran no record: stored review decisions, a setting, the rules per market are
    in every worker's figures once, not once per worker); mappings merge key by key; anything else
    (names, versions, lists of packs) and the keys in `constant` (`Stage.run_figures`: figures of
    the run, not counts of records) are the same on every worker and taken from the first."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    first = values[0]
    if isinstance(first, dict):
        base = baseline if isinstance(baseline, dict) else {}
        keys: list[Any] = []
        for value in values:
            if isinstance(value, dict):
                keys.extend(k for k in value if k not in keys)
        return {k: (next(v[k] for v in values if isinstance(v, dict) and k in v) if k in constant else
                    merge_figures([v.get(k) for v in values if isinstance(v, dict)], constant, base.get(k)))
                for k in keys}
    if isinstance(first, int | float) and not isinstance(first, bool):
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        start = baseline if isinstance(baseline, int | float) and not isinstance(baseline, bool) else 0
        if any(v < start for v in numbers):  # not a count every worker started from: plain sum
            start = 0
        total = start + sum(v - start for v in numbers)
        return round(total, 3) if isinstance(total, float) else total
    return first


#: Housekeeping of a LocalCluster the run starts, cut to what a batch run needs. Each is CPU taken from
#: the stages on the same cores, in every worker and in the driver, for as long as the run lasts:
#: Dask's sampling profiler (every 10 ms), the event-loop tick (every 20 ms), the system monitor's psutil
#: reads for the dashboard (every 500 ms, disk counters included) and the memory monitor (every 100 ms;
#: a batch's memory grows over seconds, so once a second still pauses or spills in time). A cluster
#: reached by its address keeps its own settings.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
}


class _Cluster:
    """A Dask client: on a LocalCluster of `workers` processes, or on the cluster at `scheduler`.

    `start` connects in a background thread, probes the workers (`_ClientView`) and has every worker
    import the stage modules (`worker.warm_up`); `joined` starts it if nobody did (a run with records to do), waits for it and
    raises what the connection raised; `close` ends the client (and a LocalCluster)."""

    def __init__(self, workers: int | None, scheduler: str | None, log: logging.Logger,
                 stage_names: tuple[str, ...] = ()) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.log = log
        self.stage_names = stage_names
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None
        self.view: _ClientView | None = None
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        self.closing = False
        self.done = False  # the connect thread has ended (or never started)
        self.lock = threading.Lock()
        self.releasing: threading.Thread | None = None  # `close_in_background`

    #: clusters started (or connected to) by this process: a reused run starts none (tests count them)
    started = 0

    def start(self) -> None:
        _Cluster.started += 1
        self.thread = threading.Thread(target=self._connect_quietly, name="localize-cluster", daemon=True)
        self.thread.start()

    def _connect_quietly(self) -> None:
        try:
            self._connect_and_warm()
        finally:
            with self.lock:
                self.done = True
                release = self.closing
            if release:  # the run closed without joining (an unchanged rerun): what was opened closes here
                self._release()

    def _connect_and_warm(self) -> None:
        try:
            self._connect()
            if self.client is not None and not self.closing:
                # each worker probed: the results come from the workers, or through the scheduler
                self.view = _ClientView(self.client, self.log)
                self.view.addresses()
        except BaseException as exc:  # raised by `joined`, in the run's thread
            self.error = exc
            return
        try:
            if self.client is not None and not self.closing:
                self.client.run(warm_up, self.stage_names)
        except Exception as exc:  # only a head start: the first task imports what it needs anyway
            self.log.warning("could not warm the workers up: %s", redact_address(str(exc)))

    def _connect(self) -> None:
        if self.scheduler is not None:
            self.client = Client(self.scheduler, timeout="20s", set_as_default=False)
            self.client.wait_for_workers(1, timeout=120)
            return
        # The workers (spawned with this process's Dask config) and the scheduler and nannies here
        # run with fewer housekeeping wake-ups (`LOCAL_CLUSTER_CONFIG`).
        with dask.config.set(LOCAL_CLUSTER_CONFIG):
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
        self.client = Client(self.cluster, set_as_default=False)
        self.client.wait_for_workers(self.workers, timeout=120)

    @contextmanager
    def joined(self) -> Iterator[_ClientView]:
        shown = redact_address(self.scheduler) if self.scheduler else f"a local cluster of {self.workers} process(es)"
        if self.thread is None:
            self.start()
        assert self.thread is not None
        self.thread.join()
        exc = self.error
        if exc is not None or self.client is None or self.view is None:
            self.close()
            if isinstance(exc, OSError | TimeoutError):
                reason = type(exc).__name__ if self.scheduler and self.scheduler in str(exc) else str(exc)
                raise UsageError(f"cannot reach the Dask scheduler at {shown}: {redact_address(reason)}",
                                 hint="check the address (tcp://host:8786) and that the scheduler and workers "
                                      "run") from None
            raise exc if exc is not None else RuntimeError(f"no Dask client for {shown}")
        self.log.info("running on %s", shown, extra={"data": {"event": "cluster", "cluster": shown}})
        assert self.view is not None
        yield self.view

    def close_in_background(self) -> None:
        """Start ending the client (and a LocalCluster) in a thread, once the run needs no worker any
        more; `close` waits for it."""
        with self.lock:
            if self.closing or self.releasing is not None or not self.done:
                return  # closed already, or still connecting: `close` handles it
            self.releasing = threading.Thread(target=self._release, name="localize-cluster-close", daemon=True)
        self.releasing.start()

    def close(self) -> None:
        """End the client (and a LocalCluster). A run that never joined (an unchanged rerun on a cluster
        by address) does not wait for a connection still under way (up to 20 s for a scheduler that does
        not answer, 120 s for one without workers): the thread closes what it opened."""
        if self.releasing is not None:
            self.releasing.join()
            return
        with self.lock:
            self.closing = True
            connecting = self.thread is not None and not self.done
        if not connecting:
            self._release()

    def _release(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


#: How long the driver tries to open a connection to a worker before it takes the results through the
#: scheduler (`_ClientView`): once per worker and run, all workers at once.
PROBE_SECONDS = 5.0


async def _reaches(address: str, timeout: float, connection_args: dict[str, Any]) -> bool:
    """True when this process can open a Dask connection (handshake included) to `address`."""
    try:  # a port that accepts but never answers Dask's handshake counts as out of reach too
        comm = await asyncio.wait_for(connect(address, timeout=timeout, **connection_args), 2 * timeout)
    except (OSError, TimeoutError):
        return False
    await comm.close()
    return True


def reachable(client: Client, addresses: list[str], timeout: float = PROBE_SECONDS) -> dict[str, bool]:
    """Which of the workers at `addresses` this process can connect to (tried together, `timeout` each)."""

    async def probe() -> list[bool]:
        return list(await asyncio.gather(*(_reaches(a, timeout, client.connection_args) for a in addresses)))

    if not addresses:
        return {}
    return dict(zip(addresses, client.sync(probe), strict=True))


class _ClientView:
    """The few client calls the driver makes, in one place.

    Results come straight from the workers when the driver can connect to every one of them (asked
    once per worker, when the worker first shows up): relayed by the scheduler they cost its process
    a receive and a send of every record, and the driver waits for both. A LocalCluster's scheduler
    lives in the driver's process, where relaying cost the driver 2.5x the CPU of a direct gather
    (30k records: 1.1 vs 0.42 CPU-s). A worker the driver cannot reach (another network, a firewall)
    sends its results through the scheduler, as Dask does by default: the run goes on, logged once."""

    def __init__(self, client: Client, log: logging.Logger | None = None, probe_seconds: float = PROBE_SECONDS) -> None:
        self.client = client
        self.log = log or logging.getLogger("localize.execution")
        self.probe_seconds = probe_seconds
        #: per worker address seen: can this process connect to it
        self.reach: dict[str, bool] = {}
        #: gather from the workers themselves (every current worker reachable), else through the scheduler
        self.direct = False

    def workers(self) -> int:
        return len(self.addresses())

    def addresses(self) -> list[str]:
        """The workers the scheduler has now, asked of it each time. Not `Client.scheduler_info()`: it
        returns the client's cached identity, which the client's own periodic refresh (every 2 s, on
        its event loop thread) replaces with one that lists no worker, and keeps when the scheduler
        does not answer: a wave then had nowhere to go (`p % 0`, the run crashed). A worker not seen
        before is probed (`reachable`) and decides with the others how results are gathered."""
        addresses = sorted(str(a) for a in self.client.nthreads())
        if not addresses:
            raise UsageError("the Dask cluster has no worker left to run the stages",
                             hint="check the workers' logs (killed for memory?), then run again: the run resumes")
        new = [a for a in addresses if a not in self.reach]
        if new:
            self.reach.update(reachable(self.client, new, self.probe_seconds))
            cut_off = [redact_address(a) for a in new if not self.reach[a]]
            if cut_off:
                self.log.warning("the driver cannot connect to worker(s) %s: their results come through the "
                                 "scheduler", ", ".join(cut_off))
        self.direct = all(self.reach[a] for a in addresses)
        return addresses

    def scatter(self, data: Any, **kwargs: Any) -> Future:
        return self.client.scatter(data, **kwargs)

    def submit(self, fn: Any, *args: Any, **kwargs: Any) -> Future:
        return self.client.submit(fn, *args, **kwargs)

    def who_has(self, futures: list[Future]) -> dict[str, list[str]]:
        """The workers holding each future's result, by key (empty for a future not computed yet)."""
        if not futures:
            return {}
        return {str(k): list(v) for k, v in self.client.who_has(futures).items()}

    def gather(self, futures: Any) -> Any:
        return self.client.gather(futures, direct=self.direct)

    def run(self, fn: Any, *args: Any) -> dict[str, Any]:
        return self.client.run(fn, *args)


class _WorkersProgress(RecordsProgress):
    """Records written and tasks done per worker, on a terminal (rich)."""

    fields = {"workers": ""}

    def columns(self) -> tuple[Any, ...]:
        spinner, _, bar, count, elapsed = super().columns()
        return spinner, TextColumn("{task.description}"), bar, count, elapsed, TextColumn("{task.fields[workers]}")

    def workers(self, tasks: dict[str, int]) -> None:
        shown = " ".join(f"w{name}:{n}" for name, n in sorted(tasks.items()))
        self.progress.update(self.task, workers=f"tasks {shown}")
