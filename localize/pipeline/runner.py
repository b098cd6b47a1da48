"""The runner: read -> map -> per market (convert -> translate -> check -> gate) -> write.

Batches stream through; memory holds one batch. Each record ends in exactly one place:
the market's feed (written), the review queue (withheld), rejects.jsonl (rejected), or
the pending set (waiting for the engine) - so `read == written + rejected + withheld + pending`
holds per market and the report can prove it. Outputs are built in a new generation folder and
published as one set at the end (`localize.publish`), so a crash at any moment leaves the
previous run's files, manifest included, intact.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import secrets
import time
from collections import Counter, deque
from contextlib import ExitStack, nullcontext
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..channels import writer_class
from ..channels.base import FeedWriter
from ..channels.jsonl import RecordLog
from ..config import Config
from ..confine import check_overlaps
from ..errors import ExitCode, LocalizeError, UsageError
from ..locale import to_bcp47
from ..model import LocalizedRecord, Market, Product, Reject
from ..readers.scopes import resolve_channel
from ..records import LANGUAGE_NEUTRAL, RecordBuilder
from ..report import RunReport
from ..serialize import dumps_bytes, record_to_dict
from ..stages import Batch, RunContext, RunOptions, build_stages
from ..stages.base import Stage
from ..stages.markup import format_policies, restrict_line, restrict_record
from ..stages.qa_data import feed_line
from .incremental import Incremental
from .lock import RunLock
from .manifest import MANIFEST, manifest_text, write_history
from .publish import EmptyRunError, Generation, checkpoint, cleanup_abandoned, current_manifest
from .rerun import Rerun
from .source import Source, check_inputs
from .state import StateStore

#: The cyclic GC's thresholds during a run. Batches allocate many short-lived, acyclic objects (a
#: record is ~100 containers) and the run frees them by reference counting; a gen-0 collection only
#: walks the young objects still alive, mostly the records in flight, which it can never free. With
#: 100,000 a 10k x 3 run made 19 collections costing 0.92 CPU-s (6% of the run) to free 1,394
#: objects; with 1,000,000 it makes none until the run ends (one collection, 0.27 CPU-s), and
#: cyclic garbage still cannot grow without bound. The default (700) would scan constantly.
RUN_GC_THRESHOLDS = (1_000_000, 50, 100)

_NOTHING: frozenset[str] = frozenset()

REVIEW_QUEUE = "review-queue.jsonl"
REJECTS = "rejects.jsonl"


def new_run_id() -> str:
    """`20261126T231500Z-3f9a`: sortable by time, unique enough for one state folder."""
    now = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{now}-{secrets.token_hex(2)}"


def select_markets(config: Config, wanted: tuple[str, ...]) -> tuple[Market, ...]:
    """The config's markets, or the subset named on the command line (`--market de-DE`)."""
    if not wanted:
        return config.markets
    known = {m.code: m for m in config.markets}
    wanted = tuple(w if w in known else to_bcp47(w) for w in wanted)  # `--market en-us` is en-US
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise UsageError(
            f"--market {', '.join(unknown)}: not a market of this config",
            hint=f"choose from {', '.join(known)}",
        )
    return tuple(known[w] for w in wanted)


class Pipeline:
    """One run over one config. `run()` returns the report; it raises only for 'cannot go on'."""

    def __init__(self, config: Config, options: RunOptions | None = None, log: logging.Logger | None = None) -> None:
        self.options = options or RunOptions()
        self.log = log or logging.getLogger("localize.run")
        self.report = RunReport()
        config, detected = resolve_channel(config)
        self.config = config
        if detected:
            note = (f"no channel configured: reading scopable values of channel '{detected}', the only channel "
                    "in the sources (set --channel or source.channel to choose)")
            self.report.warn(note)
            self.report.sections["channel"] = {"name": detected, "detected": True}
            self.log.info("%s", note, extra={"data": {"event": "channel-detected", "channel": detected}})
        self.run_id = new_run_id()
        # Planned but not yet written, in input order (see `_process`).
        self._pending: list[LocalizedRecord | Reject] = []
        # Flushes waiting for a stage that holds batches back (translation filling its requests),
        # routed and saved in input order once done: (batch, pending, fresh, hashes).
        self._held: deque[tuple[Batch | None, list[Any], list[LocalizedRecord], dict[Any, Any]]] = deque()
        self._done: set[int] = set()
        self._fresh: list[LocalizedRecord] = []
        self._hashes: dict[int, str] = {}
        self._why: dict[tuple[str, str | None], Any] = {}  # (market, output or None) -> Counter of codes
        self.markets = select_markets(config, self.options.markets)
        self.ctx = RunContext(
            config=config, markets=self.markets, report=self.report, options=self.options, log=self.log
        )
        for market in self.markets:
            self.report.market(market.code)

    def run(self) -> RunReport:
        thresholds = gc.get_threshold()
        gc.set_threshold(*RUN_GC_THRESHOLDS)
        try:
            return self._run()
        except LocalizeError as exc:
            # what the run reached before it stopped: the CLI's `--json` report shows it
            exc.report = self.report
            raise
        finally:
            gc.set_threshold(*thresholds)

    def _run(self) -> RunReport:
        check_overlaps(self.config)  # before the lock: outputs and state never overwrite inputs
        if self.options.dry_run:
            return self._run_locked(None)
        with RunLock(self.config.state_dir) as lock:
            if lock.stale:
                self.report.warn(f"took over the state folder from a run that did not finish ({lock.stale})")
            store = StateStore(self.config.state_dir / "state.sqlite", url=self.config.state_url,
                               schema=self.config.state_schema)
            try:
                store.hold()
                return self._run_locked(store)
            finally:
                store.close()

    def _run_locked(self, store: StateStore | None) -> RunReport:
        started = time.perf_counter()
        checkpoint("run-started")
        self.log.info("run %s: %d market(s) (%s), stages %s", self.run_id, len(self.markets),
                      ", ".join(m.code for m in self.markets), ", ".join(self.config.stages),
                      extra={"data": {"event": "run-start", "run_id": self.run_id}})
        check_inputs(self.config)
        t0 = time.perf_counter()
        source = Source(self.config, self.report, self.log)
        source.bind(self.ctx)  # catalogue, product models, identifier column
        self.report.add_time("read", time.perf_counter() - t0)
        translation = self.config.settings.translation
        builder = RecordBuilder(self.config.source.locale, self.config.source.channel, source.catalog,
                                self.config.settings.outputs.exclude,
                                language_neutral=LANGUAGE_NEUTRAL + translation.language_neutral,
                                copy_attributes=translation.attributes)
        stages = build_stages(self.config.stages)
        with ExitStack() as stack:
            opened: list[Stage] = []
            stack.callback(self._close_stages, opened)
            for stage in stages:
                stage.open(self.ctx)
                opened.append(stage)
            self.incremental = Incremental(self.ctx, stages, store, self.run_id)
            # an unchanged rerun publishes the last run's files again (`localize.pipeline.rerun`)
            self.rerun = Rerun(self.ctx, self.incremental)
            reuse = self.rerun.reusable()
            outputs: Any = None
            if not self.options.dry_run:
                outputs = self.rerun.outputs(reuse, self.run_id) if reuse else Outputs(self.ctx, self.run_id)
            try:
                if reuse is not None:
                    self.rerun.replay(reuse, self)
                else:
                    with self._progress() as progress:
                        self._execute(source, builder, stages, outputs, progress)
                t0 = time.perf_counter()
                self.incremental.finish()
                self.report.add_time("state", time.perf_counter() - t0)
                if outputs is not None:
                    t0 = time.perf_counter()
                    outputs.finish()
                    self.report.add_time("write", time.perf_counter() - t0)
            except BaseException:
                if outputs is not None:
                    outputs.abort()
                raise
        for stage in stages:
            summary = stage.summary()
            if summary:
                self.report.stages[stage.name] = summary
        self._stages_closed(stages)
        self.report.sections["incremental"] = self.incremental.summary()
        tampered = self.incremental.store.tampered if self.incremental.store is not None else []
        if tampered:
            market, identifier = tampered[0]
            self.report.warn(f"{self.config.state_dir / 'state.sqlite'}: {len(tampered)} stored record(s) failed their "
                             f"checksum (changed outside localize; first: {identifier} in {market}); they were redone "
                             "from the source, not published from the state")
        self.report.sections["run_id"] = self.run_id
        for name in ("map", "convert", "translate", "check", "gate"):
            if name not in self.config.stages:
                self.report.stages.setdefault(name, {"status": "skipped", "note": "not in the config's stages"})
        self.report.timings["total"] = time.perf_counter() - started
        self._explain_unpublished()
        self.report.exit_code = self._exit_code()
        for warning in self.report.warnings:
            self.log.info("warning: %s", warning, extra={"data": {"event": "warning"}})
        counts = {code: c.to_dict() for code, c in self.report.markets.items()}
        self.log.info("run %s finished in %.1f s with exit code %d", self.run_id, self.report.timings["total"],
                      self.report.exit_code,
                      extra={"data": {"event": "run-end", "run_id": self.run_id, "exit_code": self.report.exit_code,
                                      "markets": counts}})
        if outputs is not None:
            try:
                self._publish(outputs, source)
            except BaseException:
                outputs.abort()
                raise
        return self.report

    def _execute(self, source: Source, builder: RecordBuilder, stages: list[Stage], outputs: Outputs | None,
                 progress: Any) -> None:
        """Every read batch through the stages in this process (`localize.execution` runs them on Dask)."""
        t_read = time.perf_counter()
        for number, items in enumerate(source.batches(self.config.batch_size, self.options.limit), 1):
            self.report.add_time("read", time.perf_counter() - t_read)
            self._process(items, builder, stages, outputs)
            self.log.debug("batch %d: %d record(s)", number, len(items),
                           extra={"data": {"event": "batch", "batch": number, "records": len(items)}})
            if progress is not None:
                progress.advance(len(items))
            t_read = time.perf_counter()
        self._flush(stages, outputs, final=True)

    def _stages_closed(self, stages: list[Stage]) -> None:
        """After the stages closed and their summaries are in the report (a distributed run merges
        its workers' summaries here)."""

    def _publish(self, outputs: Outputs, source: Source) -> None:
        """Manifest into the new generation, then the one switch that publishes the set."""
        t0 = time.perf_counter()
        if not self.options.allow_empty and not self.config.settings.outputs.allow_empty:
            refuse_empty(self.report, self.markets, self.config.out_dir)
        generation = outputs.generation
        out = self.config.out_dir
        self.report.outputs.extend(str(out / name) for name in outputs.names)
        manifest: list[str] = []

        def seal(_names: list[str], carried: list[str]) -> None:
            # Under the publish lock, with the complete set: what this run wrote and what it carried over.
            if carried:
                self.report.sections["carried_over"] = carried
            files = [(out / name, generation.dir / name) for name in outputs.names]
            kept = [(out / name, generation.dir / name) for name in carried if name != MANIFEST]
            text = manifest_text(self.ctx, source, self.run_id, files, kept,
                                 {**self.rerun.known, **getattr(outputs, "known", {})})
            write_text_atomic(generation.dir / MANIFEST, text)
            manifest.append(text)

        generation.publish(seal)
        self.ctx.write_dir = None
        self.report.outputs.append(str(out / MANIFEST))
        write_history(self.config.state_dir, self.run_id, manifest[0])
        self.rerun.remember(self, outputs, manifest[0], source)
        self.report.add_time("write", time.perf_counter() - t0)

    def _process(self, items: list[Product | Reject], builder: RecordBuilder, stages: list[Stage],
                 outputs: Outputs | None) -> None:
        """Plan a read batch: unchanged records are re-emitted, changed ones wait for the stages.

        Records are kept in input order and flushed together once enough changed ones have
        gathered: in a nightly run where 1% changed, the stages (and the engine's requests)
        then see full batches instead of a handful of records per read batch.
        """
        products: list[Product] = []
        for item in items:
            if isinstance(item, Reject):
                self._pending.append(item)
            else:
                products.append(item)
        t0 = time.perf_counter()
        records, fresh, hashes = self.incremental.plan(products, builder)
        self.report.add_time("plan", time.perf_counter() - t0)  # build records, or reuse them from state
        # Rejects and records of one read batch stay in input order relative to each other.
        self._pending.extend(records)
        self._fresh.extend(fresh)
        self._hashes.update(hashes)
        if len(self._fresh) >= self.config.batch_size or len(self._pending) >= 20 * self.config.batch_size:
            self._flush(stages, outputs)

    def _flush(self, stages: list[Stage], outputs: Outputs | None, *, final: bool = False) -> None:
        """Run the gathered records through the stages, then route and save every flush whose
        records are all done, in input order (a stage may hold batches back: `Stage.submit`)."""
        fresh, pending, hashes = self._fresh, self._pending, self._hashes
        self._fresh, self._pending, self._hashes = [], [], {}
        batch = Batch([r.product for r in fresh], fresh) if fresh else None
        self._held.append((batch, pending, fresh, hashes))
        batches = [batch] if batch is not None else []
        for stage in stages:
            t0 = time.perf_counter()
            ready: list[Batch] = []
            for item in batches:
                ready.extend(stage.submit(item, self.ctx))
            if final:
                ready.extend(stage.drain(self.ctx))
            batches = ready
            self.report.add_time(stage.name, time.perf_counter() - t0)
        self._done.update(id(b) for b in batches)
        while self._held and (self._held[0][0] is None or id(self._held[0][0]) in self._done):
            held, pending, fresh, hashes = self._held.popleft()
            if held is not None:
                self._done.discard(id(held))
            self._emit(pending, fresh, hashes, outputs)

    def _emit(self, pending: list[Any], fresh: list[LocalizedRecord], hashes: dict[Any, Any],
              outputs: Outputs | None) -> None:
        t0 = time.perf_counter()
        for item in pending:
            if isinstance(item, Reject):
                self.report.rejects += 1
                for market in self.markets:
                    counts = self.report.markets[market.code]
                    counts.read += 1
                    counts.rejected += 1
                if outputs is not None:
                    outputs.reject(item)
            else:
                self._route(item, outputs)
        self.report.add_time("write", time.perf_counter() - t0)
        if not self.options.dry_run:
            t0 = time.perf_counter()
            self.incremental.save(fresh, hashes)
            self.report.add_time("state", time.perf_counter() - t0)
            checkpoint("batch-saved")

    def _route(self, record: LocalizedRecord, outputs: Outputs | None) -> None:
        counts = self.report.markets[record.market.code]
        counts.read += 1
        for finding in record.findings:
            self.report.count_finding(finding)
        if record.rejected is not None:
            counts.rejected += 1  # and in no output's written/withheld
            self.report.rejects += 1
            if outputs is not None:
                outputs.reject(Reject(record.product.origin, record.rejected, record.identifier, market=record.market.code))
        elif record.pending:
            counts.pending += 1
        else:
            if record.encoded is None:
                record.encoded = feed_line(record)  # from the data QA checked, when it did
            # worked out once per record (the outputs a finding keeps it out of), not again by `publish`
            blocked = record.withheld_outputs() if record.findings else _NOTHING
            if record.withheld or (blocked and self._blocked_everywhere(record, blocked)):
                counts.withheld += 1
                self._why_withheld(record, None)
                if outputs is not None:
                    outputs.withhold(record)
            else:
                counts.written += 1
                if outputs is not None:
                    outputs.publish(record, blocked)
                    for fmt, taken in outputs.last.items():
                        tally = counts.outputs.get(fmt) or counts.outputs.setdefault(fmt, {"written": 0, "withheld": 0})
                        tally["written" if taken else "withheld"] += 1
                        if not taken:
                            self._why_withheld(record, fmt)
                    return
        if outputs is not None and record.rejected is None and not record.pending:
            for fmt in outputs.formats:
                counts.outputs.setdefault(fmt, {"written": 0, "withheld": 0})["withheld"] += 1

    def _why_withheld(self, record: LocalizedRecord, fmt: str | None) -> None:
        """Count the open findings' codes that kept a record out of its market (or one output)."""
        why = self._why.setdefault((record.market.code, fmt), Counter())
        for f in record.findings:
            if f.severity in ("block", "review"):
                why[f.code] += 1

    def _explain_unpublished(self) -> None:
        """A market that read records and published none ends the run with exit 1 and a sentence
        saying why; an output that took none of a market's records gets a warning."""
        if self.options.dry_run:
            return
        for code, c in self.report.markets.items():
            if c.read and not c.written:
                reasons = []
                if c.withheld:
                    reasons.append(f"{c.withheld} withheld for review ({_top(self._why.get((code, None)))})")
                if c.rejected:
                    reasons.append(f"{c.rejected} rejected (see rejects.jsonl)")
                if c.pending:
                    reasons.append(f"{c.pending} waiting for the translation engine")
                sentence = (f"market {code}: read {c.read} record(s) and published none: {'; '.join(reasons)}; "
                            "see review-queue.jsonl and `localize review export`")
                c.extra["unpublished"] = sentence  # in the report (--json, manifest); the log and summary show it
                self.log.warning("%s", sentence, extra={"data": {"event": "market-unpublished", "market": code}})
                self.report.escalate(int(ExitCode.FINDINGS))
                continue
            for fmt, tally in c.outputs.items():
                if tally["written"] == 0 and tally["withheld"]:
                    self.report.warn(f"market {code}: output {fmt} took none of its {c.read} record(s): "
                                     f"{tally['withheld']} withheld ({_top(self._why.get((code, fmt)))})")

    def _blocked_everywhere(self, record: LocalizedRecord, blocked: frozenset[str] | None = None) -> bool:
        """True when findings about single outputs keep the record out of every output the run
        writes (a run writing only a Google feed): then it is withheld from the market. `blocked`:
        `record.withheld_outputs()`, when the caller has it."""
        if blocked is None:
            blocked = record.withheld_outputs()
        if not blocked:
            return False
        names = self._output_names
        return bool(names) and names <= blocked

    @cached_property
    def _output_names(self) -> frozenset[str]:
        return frozenset(writer_class(f).output_name() for f in self.config.formats)

    def _exit_code(self) -> int:
        if self.report.requested_exit:
            return self.report.requested_exit
        if self.report.rejects and self.config.fail_on_rejects:
            return int(ExitCode.FINDINGS)
        return int(ExitCode.OK)

    def _close_stages(self, stages: list[Stage]) -> None:
        for stage in reversed(stages):
            try:
                stage.close(self.ctx)
            except Exception as exc:  # closing must not hide the original error
                self.log.warning("stage %s did not close cleanly: %s", stage.name, exc)

    def _progress(self) -> Any:
        if not self.options.progress:
            return nullcontext(None)
        return RecordsProgress()


def _top(codes: Any, n: int = 3) -> str:
    """`gm-required 60, category-unmapped 2`: the most frequent finding codes."""
    if not codes:
        return "no open finding"
    return "findings: " + ", ".join(f"{code} {count}" for code, count in codes.most_common(n))


class Outputs:
    """Every file a run writes, built in a new generation folder and published together at the
    end (or dropped together on error): see `localize.publish`."""

    def __init__(self, ctx: RunContext, run_id: str) -> None:
        self.ctx = ctx
        keep = ctx.config.settings.outputs.keep
        cleanup_abandoned(ctx.config.out_dir)
        self.generation = Generation(ctx.config.out_dir, run_id, keep)
        ctx.write_dir = self.generation.dir
        self.names: list[str] = []
        self.feeds: dict[str, list[FeedWriter]] = {}
        # outputs with their own, stricter allow list (`outputs.markup.formats`)
        self.policies = format_policies(ctx.config)
        self.last: dict[str, bool] = {}  # format -> took the last published record
        self._all_taken: dict[str, dict[str, bool]] = {}  # market -> `last` when every output took it
        self._logs: list[RecordLog] = []  # the run-wide logs opened so far (`abort` drops them)
        try:
            out = self.generation.dir
            self.rejects = self._open_log(out / REJECTS)
            self.review = self._open_log(out / REVIEW_QUEUE)
            for market in ctx.markets:
                self.feeds[market.code] = [writer_class(fmt)(ctx, market) for fmt in ctx.config.formats]
            # Fail before the run does any work when an output name is blocked (a folder in its place).
            self.generation.preflight(self._planned())
        except BaseException:
            self.abort()
            raise

    def _open_log(self, path: Path) -> RecordLog:
        log = RecordLog(path)
        self._logs.append(log)
        return log

    def _planned(self) -> list[str]:
        """The names the writers will publish, as far as they say (`FeedWriter.path`)."""
        names = [REJECTS, REVIEW_QUEUE, MANIFEST]
        for writers in self.feeds.values():
            for writer in writers:
                path = writer.path
                if path is not None:
                    try:
                        names.append(str(path.relative_to(self.generation.dir)))
                    except ValueError:
                        continue
        return names

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.ctx.config.formats)

    def publish(self, record: LocalizedRecord, blocked: frozenset[str] | None = None) -> None:
        """Write the record to every output of its market that takes it; `last` says which did.
        A record withheld from some output (an open finding about that output's requirements)
        is also listed in the review queue with `withheld_outputs`, so a reviewer sees why.
        `blocked`: `record.withheld_outputs()`, when the caller has it."""
        if blocked is None:
            blocked = record.withheld_outputs()
        writers = self.feeds[record.market.code]
        if not blocked:  # most records: every output takes them
            last = self._all_taken.get(record.market.code)
            if last is None:
                last = self._all_taken[record.market.code] = {writer.format: True for writer in writers}
            self.last = last  # shared: read, never changed (the other path makes a new dict)
            if not self.policies:
                for writer in writers:
                    writer.write(record)
                return
            restricted: dict[str, LocalizedRecord] = {}
            for writer in writers:
                self._write(writer, record, restricted)
            return
        self.last = {}
        restricted = {}
        for writer in writers:
            taken = writer.output_name() not in blocked
            self.last[writer.format] = taken
            if taken:
                self._write(writer, record, restricted)
        if blocked:
            line = record.encoded or dumps_bytes(record_to_dict(record))
            names = ",".join(f'"{n}"' for n in sorted(blocked))
            self.review.write_bytes(line[:-1] + f',"withheld_outputs":[{names}]}}'.encode())

    def _write(self, writer: FeedWriter, record: LocalizedRecord, restricted: dict[str, LocalizedRecord]) -> None:
        """Write `record` through the output's own, stricter markup allow list where it has one."""
        policy = self.policies.get(writer.format)
        if policy is None:
            writer.write(record)
            return
        if writer.line_only and not record.values and record.encoded is not None:
            writer.write(replace(record, encoded=restrict_line(record.encoded, policy)))
        else:
            if writer.format not in restricted:
                restricted[writer.format] = restrict_record(record, policy)
            writer.write(restricted[writer.format])

    def withhold(self, record: LocalizedRecord) -> None:
        # The feed line plus `"withheld":true`; "withheld" sorts after every other key, so
        # appending it keeps the line in canonical (sorted-key) form.
        line = record.encoded or dumps_bytes(record_to_dict(record))
        self.review.write_bytes(line[:-1] + b',"withheld":true}')

    def reject(self, reject: Reject) -> None:
        self.rejects.write_line(reject.to_dict())

    def finish(self) -> list[str]:
        """Complete every file inside the generation (nothing is published yet); their names."""
        paths: list[Path] = []
        first = True
        for writers in self.feeds.values():
            for writer in writers:
                paths.extend(writer.commit())
                for line in writer.held():  # what the writer held for review (a Shopify resource's text)
                    self.review.write_bytes(line)
                if first:
                    checkpoint("writer-committed")
                    first = False
        paths.append(self.review.commit())
        paths.append(self.rejects.commit())
        checkpoint("generation-written")
        self.names = [str(p.relative_to(self.generation.dir)) for p in paths]
        return self.names

    def abort(self) -> None:
        for writers in self.feeds.values():
            for writer in writers:
                writer.abort()
        for log in reversed(self._logs):  # the review queue, then the rejects
            log.abort()
        self.generation.abort()
        self.ctx.write_dir = None


def refuse_empty(report: RunReport, markets: tuple[Market, ...], out_dir: Path) -> None:
    """A run that read nothing publishable in a market (every row rejected, or a header-only
    export) must not replace that market's published feed, which has records, with an empty one."""
    previous = current_manifest(out_dir)
    if not previous:
        return
    before = previous.get("markets") or {}
    emptied = []
    for market in markets:
        counts = report.markets[market.code]
        previous = before.get(market.code) or {}
        had = (previous.get("written") or 0) + (previous.get("withheld") or 0)
        if had and not (counts.written or counts.withheld or counts.pending):
            emptied.append(f"{market.code} ({had} record(s) in its feed and review queue now)")
    if emptied:
        raise EmptyRunError(
            f"this run has no record to publish for {', '.join(emptied)}: it would replace the published "
            f"feeds with empty ones, so nothing was replaced ({report.rejects} record(s) rejected, see the run report)",
            hint="check the source export (a header-only file?); to publish empty feeds on purpose, "
                 "pass --allow-empty or set outputs.allow_empty: true",
        )


class RecordsProgress:
    """A rich progress display (records read, rate) on a terminal; the distributed driver adds a
    column per worker (`columns`, `fields`)."""

    fields: dict[str, Any] = {}

    def columns(self) -> tuple[Any, ...]:
        # start-up cost: rich.progress, only for a run shown on a terminal (see __enter__)
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn

        return (SpinnerColumn(), TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())

    def __enter__(self) -> RecordsProgress:
        # start-up cost: a run without a terminal (nightly jobs, the API, workers) never shows one, and
        # rich.progress is ~40 ms CPU of the start-up of an unchanged rerun
        from rich.progress import Progress

        self.progress = Progress(*self.columns(), transient=True)
        self.progress.__enter__()
        self.task = self.progress.add_task("records", total=None, **self.fields)
        return self

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def __exit__(self, *exc: Any) -> None:
        self.progress.__exit__(*exc)
