"""Incremental runs and the run lock: unchanged products are re-emitted byte for byte."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_core_pipeline import project

from localize.api import run
from localize.config import load_config
from localize.pipeline.lock import LockedError, RunLock
from localize.stages import RunOptions


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.name != "manifest.json" and not p.name.startswith(".")}


def test_second_run_reuses_everything_and_writes_the_same_bytes(tmp_path: Path) -> None:
    config = project(tmp_path)
    first = run(load_config(config))
    assert first.sections["incremental"] == {"reused": 0, "redone": 18, "full": False}
    before = outputs(tmp_path / "out")
    second = run(load_config(config))
    assert second.sections["incremental"] == {"reused": 18, "redone": 0, "full": False}
    assert outputs(tmp_path / "out") == before
    assert second.to_dict()["markets"] == first.to_dict()["markets"]


def test_only_the_changed_product_is_redone(tmp_path: Path) -> None:
    config = project(tmp_path, extra="translation: {engine: pseudo}")  # publish everything: no review
    run(load_config(config))
    products = tmp_path / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace("Tasse 0,3 l", "Tasse 0,4 l"), encoding="utf-8")
    report = run(load_config(config))
    assert report.sections["incremental"] == {"reused": 15, "redone": 3, "full": False}  # one product, 3 markets
    line = next(x for x in (tmp_path / "out" / "en-US.jsonl").read_text(encoding="utf-8").splitlines() if '"MUG-1"' in x)
    assert "Tasse 0,4 l" in line


def test_a_changed_model_redoes_its_variants(tmp_path: Path) -> None:
    config = project(tmp_path)
    run(load_config(config))
    models = tmp_path / "models.csv"
    models.write_text(models.read_text(encoding="utf-8").replace("<p>Ein Hemd</p>", "<p>Ein feines Hemd</p>"),
                      encoding="utf-8")
    report = run(load_config(config))
    assert report.sections["incremental"]["redone"] == 2 * 3  # SHIRT-BLUE-M and -L in 3 markets


def test_config_or_definitions_change_redo_everything_and_full_forces_it(tmp_path: Path) -> None:
    config = project(tmp_path)
    run(load_config(config))
    attributes = tmp_path / "attributes.csv"
    attributes.write_text(attributes.read_text(encoding="utf-8").replace("Gewicht", "Masse"), encoding="utf-8")
    assert run(load_config(config)).sections["incremental"]["redone"] == 18
    assert run(load_config(config)).sections["incremental"]["redone"] == 0
    assert run(load_config(config), RunOptions(full=True)).sections["incremental"] == {"reused": 0, "redone": 18, "full": True}


def test_a_second_concurrent_run_is_refused(tmp_path: Path) -> None:
    config = project(tmp_path, extra="translation: {engine: pseudo}")  # every market publishes: exit 0
    with RunLock(tmp_path / ".localize"):
        with pytest.raises(LockedError) as info:
            run(load_config(config))
    message = str(info.value)
    assert message.startswith(f"{tmp_path / '.localize'}: another localize run is using this state folder (pid ")
    assert message.endswith("hint: wait for it to finish, or stop it; a lock left by a process that died is released automatically")
    assert run(load_config(config)).exit_code == 0  # released: the next run goes ahead


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path: Path) -> None:
    state = tmp_path / ".localize"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from localize.pipeline.lock import RunLock; RunLock(__import__('pathlib').Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)", str(state)],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(LockedError):
        RunLock(state).acquire()
    holder.kill()
    holder.wait()
    deadline = time.monotonic() + 5
    while True:
        try:
            lock = RunLock(state).acquire()
            break
        except LockedError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert lock.stale is not None and lock.stale.startswith(f"pid {holder.pid} ")
    lock.release()
