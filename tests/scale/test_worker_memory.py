"""A worker's memory (issue 18: per-worker peak at 1M products ≤ 1.2 × one process's peak at 100k).

A wave's partition is several read batches; a worker that built all of its records at once held
four times the records one process holds, and kept the pages. `worker.process` runs a chunk a read
batch at a time, with the same records as the whole chunk at once."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from scale_helpers import demo_project

from localize.config import load_config
from localize.model import LocalizedRecord, Product
from localize.stages import RunOptions

pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install -e '.[scale]')")

from localize.execution import worker, worker_memory  # noqa: E402


def _chunk_items(tmp_path: Path, batch_size: int) -> tuple[object, list[Product]]:
    from localize.pipeline.source import Source
    from localize.report import RunReport

    path = demo_project(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + f"\nbatch_size: {batch_size}\n", encoding="utf-8")
    config = load_config(path)
    source = Source(config, RunReport(), __import__("logging").getLogger("test"))
    products = [p for batch in source.batches(100, None) for p in batch if isinstance(p, Product)]
    return config, products


def _live_records() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is LocalizedRecord)


def test_a_worker_runs_a_chunk_a_read_batch_at_a_time_with_the_records_of_the_whole_chunk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Oracle: the chunk prepared and finished whole (the path before, and the path a driver that
    translates still takes). `process` builds at most `batch_size` products' records at a time and
    drops a slice's records before building the next (fails on the old code: one slice of 60)."""
    config, products = _chunk_items(tmp_path, batch_size=4)
    codes = tuple(m.code for m in config.markets)
    items = [(n, p, [(0, f"h{n}"), (1, "h")]) for n, p in enumerate(products)]
    assert len(products) > 3 * 4

    whole_spec = worker.RunSpec("whole", config, RunOptions(), codes, "sku", True)
    try:
        whole = worker.finish(whole_spec, worker.prepare(whole_spec, worker.Chunk(items)), [])
    finally:
        worker.close_run(whole_spec.run_id)
    gc.collect()

    slices: list[int] = []
    alive_at_slice: list[int] = []
    real_prepare = worker._prepare

    def counted(spec: worker.RunSpec, chunk_items: worker.ChunkItems) -> worker.Prepared:
        alive_at_slice.append(_live_records() - baseline)
        prepared = real_prepare(spec, chunk_items)
        slices.append(len(prepared.batch.records))
        return prepared

    monkeypatch.setattr(worker, "_prepare", counted)
    spec = worker.RunSpec("sliced", config, RunOptions(), codes, "sku", True)
    baseline = _live_records()
    try:
        done = worker.process(spec, worker.Chunk(items))
        tasks = worker._RUNS[spec.run_id].tasks
    finally:
        result = worker.close_run(spec.run_id)
    assert slices == [2 * len(items[i:i + 4]) for i in range(0, len(items), 4)]  # 4 products x 2 markets a slice
    assert max(alive_at_slice) == 0  # no record of an earlier slice alive when the next is built
    assert tasks == 1 and result is not None and result["tasks"] == 1 and result["records"] == 2 * len(products)

    def lines(finished: worker.Finished) -> list[tuple[object, ...]]:
        out = []
        for seq, index, input_hash, detached in finished.records:
            record = worker.attach(products[seq], config.markets[index], detached)
            out.append((seq, index, input_hash, record.encoded, record.withheld, record.findings, record.rejected,
                        record.pending))
        return out

    assert lines(done) == lines(whole) and len(done.records) == 2 * len(products)
    assert set(done.seconds) >= {"plan", "encode", "task"}


def test_a_task_result_holds_its_feed_lines_at_their_size(tmp_path: Path) -> None:
    """A result waits in its worker's memory until the driver gathers it (up to three at a time).
    orjson returns each feed line in the buffer it grew while writing (a 2.4 KB line held 14 KB:
    20 MiB a result at 200k products instead of 3.7). Dropping a result frees about what its lines,
    findings and tuples weigh (fails on the old code: several times the lines' length)."""
    import tracemalloc

    config, products = _chunk_items(tmp_path, batch_size=100)
    codes = tuple(m.code for m in config.markets)
    items = [(n, p, [(0, f"h{n}"), (1, "h")]) for n, p in enumerate(products)]
    spec = worker.RunSpec("exact", config, RunOptions(), codes, "sku", True, lines_only=True)
    tracemalloc.start()
    try:
        done = worker.process(spec, worker.Chunk(items))
    finally:
        worker.close_run(spec.run_id)
    lines = [d[2] for *_, d in done.records if len(d) == 3]
    weight, count = sum(len(line) for line in lines), len(done.records)
    findings = sum(len(d[0]) for *_, d in done.records)
    del lines
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    del done
    gc.collect()
    freed = before - tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert weight > 1_000 * count  # feed lines of a few KB, as a catalogue's are
    # the lines at their length, ~300 bytes a record (its tuples, a list slot) and ~600 a finding
    assert freed < weight + 300 * count + 600 * findings, (freed, weight, count, findings)


def test_memory_readings_go_to_the_folder_asked_for_and_nowhere_else(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`LOCALIZE_WORKER_MEMORY` collects one reading per task: resident memory, glibc's and Python's
    heaps; unset, a task writes nothing."""
    monkeypatch.delenv(worker_memory.MEMORY_ENV, raising=False)
    worker_memory.record_sample(task="t", tasks=1, records=3)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(worker_memory.MEMORY_ENV, str(tmp_path))
    worker_memory.record_sample(task="t", tasks=1, records=3)
    worker_memory.record_sample(task="t", tasks=2, records=6)
    (file,) = tmp_path.iterdir()
    readings = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]
    assert [r["tasks"] for r in readings] == [1, 2]
    first = readings[0]
    assert first["VmRSS"] > 0 and first["VmHWM"] >= first["VmRSS"] - 1
    assert first["pymalloc"]["used"] > 0 and first["pymalloc"]["arenas"] >= first["pymalloc"]["used"]
    assert first["malloc"]["used"] > 0
    assert "census" not in first
    monkeypatch.setenv("LOCALIZE_WORKER_CENSUS", "3")  # every third task: every memo's size and bounds
    worker_memory.record_sample(task="t", tasks=3, records=9)
    census = json.loads(file.read_text(encoding="utf-8").splitlines()[-1])["census"]
    assert census and all(len(row) == 6 and row[2] >= 1 and row[4] >= 1 for row in census)


def test_a_worker_of_a_two_worker_run_bounds_its_memos_at_half_and_writes_the_same_records(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that shares the machine with another bounds every memo at half of one process's
    bounds while the run is open (its peak at 1M products grew past one process's at 100k with
    full-size memos), its own bounds back when the run closes. Oracle: the same chunk through a run
    at full bounds (fails on the old code: no `memo_share`)."""
    from localize import memo

    config, products = _chunk_items(tmp_path, batch_size=100)
    codes = tuple(m.code for m in config.markets)
    items = [(n, p, [(0, f"h{n}"), (1, "h")]) for n, p in enumerate(products)]
    assert worker.memo_share(1) == 1.0 and worker.memo_share(2) == 0.5
    assert worker.memo_share(16) == worker.MIN_MEMO_SHARE == 0.5

    shares: list[set[float]] = []
    real_prepare = worker._prepare

    def watched(spec: worker.RunSpec, chunk_items: worker.ChunkItems) -> worker.Prepared:
        prepared = real_prepare(spec, chunk_items)  # the run's stages (and their memos) are open now
        shares.append({round(m.entries / m.bounds[0], 2) for m in memo._MEMOS.values() if m.bounds[0] >= 100})
        return prepared

    monkeypatch.setattr(worker, "_prepare", watched)
    done: dict[float, list[tuple[object, ...]]] = {}
    for share in (1.0, 0.5):
        spec = worker.RunSpec(f"share-{share}", config, RunOptions(), codes, "sku", True, memo_share=share)
        try:
            finished = worker.process(spec, worker.Chunk(items))
        finally:
            worker.close_run(spec.run_id)
        done[share] = [(seq, index, record[-1], record[0], record[1]) if len(record) == 3 else (seq, index, record)
                       for seq, index, _, record in finished.records]
        assert {round(m.entries / m.bounds[0], 2) for m in memo._MEMOS.values() if m.bounds[0] >= 100} == {1.0}
    assert shares == [{1.0}, {0.5}]
    assert done[0.5] == done[1.0] and len(done[0.5]) == 2 * len(products)


def test_the_driver_lets_go_of_a_waves_results_before_it_writes_the_wave(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """While the driver writes a wave the workers finish the next two; each result it still holds a
    future of stays in its worker's memory. The driver drops a wave's futures once it has gathered
    them, before writing (fails on the old code: it held them until the wave was written)."""
    from localize import api
    from localize.execution.driver import DistributedPipeline, _Wave

    held: list[tuple[bool, int, int]] = []
    real_emit = DistributedPipeline._emit_wave

    def emit(self: DistributedPipeline, wave: _Wave, finished: list[worker.Finished], outputs: object) -> None:
        held.append((wave.finished is not None, len(wave.prepared), len(wave.keys)))
        assert finished and all(isinstance(f, worker.Finished) for f in finished)
        real_emit(self, wave, finished, outputs)  # type: ignore[arg-type]

    monkeypatch.setattr(DistributedPipeline, "_emit_wave", emit)
    path = demo_project(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "\nbatch_size: 4\n", encoding="utf-8")
    report = api.run(load_config(path), RunOptions(workers=2))
    assert report.exit_code in (0, 1), report.error
    assert len(held) > 2 and set(held) == {(False, 0, 0)}
