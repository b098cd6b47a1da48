"""What a run costs besides its records: the cyclic GC while batches are in flight, and start-up imports."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_core_pipeline import project

from localize.api import run
from localize.config import load_config
from localize.pipeline import runner
from localize.pipeline.runner import RUN_GC_THRESHOLDS, Pipeline, RecordsProgress


def test_records_in_flight_are_not_scanned_by_the_cyclic_gc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a run, 200,000 live containers (what ~2,000 records in flight hold) trigger no gen-0
    collection: each would walk all of them and free nothing. With the former gen-0 threshold
    (100,000) this made 2 collections; after the run the caller's thresholds are back."""
    seen: dict[str, Any] = {}
    execute = Pipeline._execute

    def observed(self: Pipeline, *args: Any) -> None:
        seen["thresholds"] = gc.get_threshold()
        collections: list[int] = []

        def count(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collections.append(info["generation"])

        gc.callbacks.append(count)
        try:
            in_flight = [{"record": i} for i in range(200_000)]
        finally:
            gc.callbacks.remove(count)
        seen["collections"] = collections
        del in_flight
        execute(self, *args)

    monkeypatch.setattr(Pipeline, "_execute", observed)
    before = gc.get_threshold()
    gc.collect()  # start from an empty young generation
    report = run(load_config(project(tmp_path, formats="[jsonl]")))
    assert report.markets["en-US"].read > 0
    assert seen["thresholds"] == RUN_GC_THRESHOLDS
    assert seen["collections"] == []
    assert gc.get_threshold() == before


def test_the_run_thresholds_still_collect_cyclic_garbage() -> None:
    """The raised threshold delays the collector, it does not switch it off: a run that kept making
    cycles (a bug, or a library) would still have them freed, after a million allocations."""
    before = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    collected: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            collected.append(info["collected"])

    gc.callbacks.append(count)
    try:
        for _ in range(RUN_GC_THRESHOLDS[0] + 1000):
            a: list[Any] = []
            a.append(a)  # a cycle (one container): only the cyclic GC can free it
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*before)
    assert collected and sum(collected) > 0


def test_the_runner_does_not_import_the_progress_display() -> None:
    """rich.progress costs ~0.03 CPU-s at every start and only a terminal run shows it: importing
    the API (a nightly job, a worker) leaves it out."""
    code = "import sys, localize.api, localize.pipeline.runner; print('rich.progress' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_progress_display_still_works_when_asked_for() -> None:
    progress = runner.RecordsProgress()
    with progress:
        progress.advance(3)
    assert progress.progress.tasks[0].completed == 3
    assert isinstance(progress, RecordsProgress)
