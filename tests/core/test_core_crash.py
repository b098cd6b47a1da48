"""Kill -9 a real `localize run` at several points: the previous outputs stay intact, and the
rerun produces exactly the files an uninterrupted run produces."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

COUNT = 12000


def catalogue(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["sku;family;categories;name-de_DE;description-de_DE-ecommerce;weight;weight-unit;price-EUR"]
    for i in range(COUNT):
        lines.append(f"P{i:06d};fam{i % 7};cat{i % 11};Produkt {i};<p>Beschreibung {i % 300} mit <b>Text</b></p>;"
                     f"{100 + i % 900};GRAM;{i % 97}.{i % 100:02d}")
    (folder / "products.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE, channel: ecommerce}\n"
        # markets of the source's language: every market publishes without an engine (a market that
        # publishes nothing exits 1), and prices are still converted (CHF)
        "markets: [{locale: de-DE}, {locale: de-AT}, {locale: de-CH}]\n"
        "outputs: {dir: out, formats: [jsonl, csv, akeneo-csv]}\nbatch_size: 200\n",
        encoding="utf-8",
    )
    return folder / "localize.yaml"


def start(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "localize", "--quiet", "run", str(config)],
                            cwd=config.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def feeds(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != "manifest.json"}


def wait_for(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the run never reached the kill point"
        time.sleep(0.005)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    config = catalogue(tmp_path_factory.mktemp("reference"))
    proc = start(config)
    assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    return feeds(config.parent / "out")


def tmp_has_content(out: Path) -> bool:
    return any(p.name.endswith(".tmp") and p.stat().st_size > 0 for p in out.glob(".*")) if out.is_dir() else False


def state_has_batches(state: Path) -> bool:
    return (state / "state.sqlite-wal").is_file() and (state / "state.sqlite-wal").stat().st_size > 100_000


KILL_POINTS = {
    "during read (run started, nothing processed)": lambda folder: (folder / ".localize" / "lock").is_file()
    and (folder / ".localize" / "lock").stat().st_size > 0,
    "during processing (batches committed to state)": lambda folder: state_has_batches(folder / ".localize"),
    "during write (feeds half written)": lambda folder: tmp_has_content(folder / "out"),
}


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_kill_9_then_rerun_gives_the_uninterrupted_outputs(point: str, tmp_path: Path, reference: dict[str, bytes]) -> None:
    config = catalogue(tmp_path / "project")
    folder = config.parent
    # An earlier complete run's outputs, which the killed run must leave intact.
    (folder / "out").mkdir()
    (folder / "out" / "de-DE.jsonl").write_bytes(b'{"previous":"run"}\n')
    proc = start(config)
    wait_for(lambda: KILL_POINTS[point](folder) or proc.poll() is not None)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert (folder / "out" / "de-DE.jsonl").read_bytes() == b'{"previous":"run"}\n'
    rerun = start(config)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read() if rerun.stderr else ""
    assert feeds(folder / "out") == reference
    assert not [p for p in (folder / "out").iterdir() if p.name.startswith(".")]


def test_killed_run_outputs_match_after_moving_the_project(tmp_path: Path, reference: dict[str, bytes]) -> None:
    # Outputs do not depend on where the project lives (no absolute paths inside feeds).
    config = catalogue(tmp_path / "a")
    assert start(config).wait(timeout=300) == 0
    shutil.move(str(tmp_path / "a"), str(tmp_path / "b"))
    assert feeds(tmp_path / "b" / "out") == reference
