"""Kill -9 a real run at every named point of its work and of its commit: the output folder
always shows one complete set (the previous run's, or after the switch the new run's) with a
manifest that agrees with its files, and the rerun produces exactly the files an uninterrupted
run produces.

The kill points are hooks (`LOCALIZE_TEST_KILL_AT`, `localize.pipeline.publish.checkpoint`), not timing:
each run is forked from this process (warm imports and caches) and SIGKILLs itself at the point,
exactly as `kill -9` would. One test drives the real CLI in a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from localize import api
from localize.config import load_config
from localize.pipeline.publish import COMMIT_POINTS, GENERATIONS, KILL_ENV

#: A few dozen products in several batches prove resumability as well as thousands would.
COUNT = 60
#: The shipped packs that apply to these markets (loading all of them costs each run seconds).
PACKS = [Path(__file__).parents[2] / "rules" / name for name in ("global.yaml", "de-DE.yaml")]
WORK_POINTS = ("run-started", "batch-saved", "writer-committed")
BEFORE_SWITCH = WORK_POINTS + COMMIT_POINTS[:COMMIT_POINTS.index("switched")]
AFTER_SWITCH = COMMIT_POINTS[COMMIT_POINTS.index("switched"):]


def catalogue(folder: Path, version: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["sku;family;categories;name-de_DE;description-de_DE-ecommerce;weight;weight-unit;price-EUR"]
    for i in range(COUNT):
        text = "Beschreibung" if version == 2 or i % 3 else "Alte Beschreibung"
        lines.append(f"P{i:06d};fam{i % 7};cat{i % 11};Produkt {i};<p>{text} {i % 300} mit <b>Text</b></p>;"
                     f"{100 + i % 900};GRAM;{i % 97}.{i % 100:02d}")
    (folder / "products.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "rules").mkdir(exist_ok=True)
    for pack in PACKS:
        shutil.copyfile(pack, folder / "rules" / pack.name)
    (folder / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE, channel: ecommerce}\n"
        # markets of the source's language: every market publishes without an engine (a market that
        # publishes nothing exits 1), and prices are still converted (CHF)
        "markets: [{locale: de-DE}, {locale: de-AT}, {locale: de-CH}]\n"
        "outputs: {dir: out, formats: [jsonl, csv, akeneo-csv]}\nbatch_size: 12\n"
        "rules: {shipped: false, packs: [rules]}\n",
        encoding="utf-8",
    )
    return folder / "localize.yaml"


def run_forked(config: Path, kill_at: str | None = None) -> int:
    """Run in a forked child; the exit code, or -9 when it was killed at `kill_at`."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 98
        try:
            os.chdir(config.parent)
            if kill_at:
                os.environ[KILL_ENV] = kill_at
            code = int(api.run(load_config(config)).exit_code)
        except BaseException:
            code = 99
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def feeds(folder: Path, manifest: bool = False) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".") and (manifest or p.name != "manifest.json")}


def assert_manifest_agrees(out: Path) -> None:
    """Readers and the manifest see the same generation: every listed output has the listed bytes."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {Path(o["path"]).name: o["sha256"] for o in manifest["outputs"] + manifest.get("carried_over", [])}
    actual = {name: hashlib.sha256(data).hexdigest() for name, data in feeds(out).items()}
    assert listed == actual


def leftovers(out: Path) -> list[str]:
    """Anything but published generations and the bookkeeping files: temps, abandoned folders, locks."""
    root = out / GENERATIONS
    published = set((root / "published").read_text().split()) if (root / "published").is_file() else set()
    odd = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (GENERATIONS, ".current")]
    odd += [p.name for p in root.iterdir() if p.name not in published | {"published", "publish.lock"}]
    return odd


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The uninterrupted run, in this process: it also warms the imports and caches every forked run
    inherits (a cold run costs several times a warm one)."""
    config = catalogue(tmp_path_factory.mktemp("reference"))
    here = Path.cwd()
    try:
        os.chdir(config.parent)
        assert int(api.run(load_config(config)).exit_code) == 0
    finally:
        os.chdir(here)
    return feeds(config.parent / "out")


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory, reference: dict[str, bytes]) -> Path:
    """A project whose last complete run published the version-1 catalogue."""
    config = catalogue(tmp_path_factory.mktemp("previous"), version=1)
    assert run_forked(config) == 0
    return config.parent


def test_kill_at_every_point_keeps_one_complete_set_and_the_rerun_matches(
        tmp_path: Path, previous: Path, reference: dict[str, bytes]) -> None:
    folder = tmp_path / "project"
    shutil.copytree(previous, folder, symlinks=True)
    old = feeds(folder / "out", manifest=True)
    config = catalogue(folder)  # version 2: a third of the descriptions changed
    assert feeds(folder / "out") != reference
    published = False
    # Killed again and again, at each point in turn, each run starting from what the last left.
    for point in BEFORE_SWITCH + AFTER_SWITCH:
        assert run_forked(config, point) == -signal.SIGKILL, point
        published = published or point in AFTER_SWITCH
        if published:
            assert feeds(folder / "out") == reference, point
        else:
            assert feeds(folder / "out", manifest=True) == old, point
        assert_manifest_agrees(folder / "out")
    assert run_forked(config) == 0
    assert feeds(folder / "out") == reference
    assert_manifest_agrees(folder / "out")
    assert leftovers(folder / "out") == []


@pytest.mark.parametrize("point", ["carried-over", "adopted", "links-made"])
def test_outputs_of_an_older_version_are_adopted_without_a_moment_of_mixed_files(
        point: str, tmp_path: Path, previous: Path, reference: dict[str, bytes]) -> None:
    # An output folder of plain files (how localize wrote it before generations).
    folder = tmp_path / "project"
    shutil.copytree(previous, folder, symlinks=False)  # links become plain files
    shutil.rmtree(folder / "out" / GENERATIONS)
    shutil.rmtree(folder / "out" / ".current")  # copied as a folder
    old = feeds(folder / "out", manifest=True)
    config = catalogue(folder)
    assert run_forked(config, point) == -signal.SIGKILL
    assert feeds(folder / "out", manifest=True) == old
    assert run_forked(config) == 0
    assert feeds(folder / "out") == reference
    assert all((folder / "out" / name).is_symlink() for name in reference)
    assert leftovers(folder / "out") == []


@pytest.mark.slow  # two cold CLI processes
def test_the_cli_killed_while_writing_leaves_the_previous_outputs(tmp_path: Path, previous: Path,
                                                                  reference: dict[str, bytes]) -> None:
    folder = tmp_path / "project"
    shutil.copytree(previous, folder, symlinks=True)
    old = feeds(folder / "out", manifest=True)
    config = catalogue(folder)
    env = {**os.environ, KILL_ENV: "writer-committed"}
    proc = subprocess.run([sys.executable, "-m", "localize", "--quiet", "run", str(config)], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert feeds(folder / "out", manifest=True) == old
    rerun = subprocess.run([sys.executable, "-m", "localize", "--quiet", "run", str(config)], cwd=folder,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert feeds(folder / "out") == reference
    assert leftovers(folder / "out") == []


def test_killed_run_outputs_match_after_moving_the_project(tmp_path: Path, previous: Path,
                                                           reference: dict[str, bytes]) -> None:
    # Outputs do not depend on where the project lives (no absolute paths inside feeds or links).
    shutil.copytree(previous, tmp_path / "a", symlinks=True)
    config = catalogue(tmp_path / "a")
    assert run_forked(config, "links-made") == -signal.SIGKILL
    shutil.move(str(tmp_path / "a"), str(tmp_path / "b"))
    assert run_forked(tmp_path / "b" / "localize.yaml") == 0
    assert feeds(tmp_path / "b" / "out") == reference
