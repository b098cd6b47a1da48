"""Unchanged reruns (`localize.pipeline.rerun`): when nothing that decides the outputs changed since
the last complete run, the run publishes that run's verified files again without reading a record;
every change that matters (a source byte, the config, a deleted or edited output, a review
decision, a crossed rule date, the human translation memory) takes the per-record path and redoes
what it must. Each run here is a real `api.run` over the incremental project (3 products, 3
markets, every output format)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from incremental_project import CONFIG, COPY, project, tmx
from typer.testing import CliRunner

from localize.api import run
from localize.cli import app
from localize.config import load_config
from localize.pipeline.publish import KILL_ENV, current_generation
from localize.pipeline.rerun import RECORD_KEY
from localize.pipeline.state import StateStore
from localize.stages import RunOptions

ALL = 9  # 3 products x 3 markets
#: what differs between two runs of the same inputs: when and which run, and how long it took
VOLATILE = ("run_id", "finished_at", "timings", "reused_run")


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())
            if p.name != "manifest.json" and not p.name.startswith(".")}


def redo(config: Path, options: RunOptions | None = None) -> tuple[dict, dict[str, bytes]]:
    report = run(load_config(config), options) if options else run(load_config(config))
    return report.to_dict(), outputs(config.parent)


def manifest(folder: Path) -> dict:
    data = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))
    sections = data.pop("sections")
    for key in VOLATILE:
        data.pop(key, None)
        sections.pop(key, None)
    return {**data, "sections": sections}


def forget(config: Path) -> None:
    """Remove the run record: the next run takes the per-record path (what every run did before)."""
    with StateStore(config.parent / ".localize" / "state.sqlite") as store:
        store.set_meta(RECORD_KEY, "")
        store.commit()


def reused(report: dict) -> bool:
    return "reused_run" in report


@pytest.fixture
def first(tmp_path: Path) -> tuple[Path, dict, dict[str, bytes]]:
    config = project(tmp_path)
    report, files = redo(config)
    assert report["incremental"] == {"full": False, "redone": ALL, "reused": 0}
    assert not reused(report)
    return config, report, files


def test_an_unchanged_rerun_publishes_the_last_runs_files_with_the_manifest_the_records_would_give(first) -> None:
    config, report, files = first
    folder = config.parent
    forget(config)
    slow, after = redo(config)  # the per-record path: every record restored from the state
    assert not reused(slow) and slow["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert after == files
    per_record = manifest(folder)
    fast, again = redo(config)
    assert fast["reused_run"] == slow["run_id"]
    assert fast["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert again == files
    # counts, findings, stages, sections, inputs and outputs with their checksums: as the records give them
    assert manifest(folder) == per_record
    assert fast["markets"] == slow["markets"] and fast["exit_code"] == slow["exit_code"]
    assert fast["outputs"] == slow["outputs"]
    # a new generation, published like any other: readers see it, the run history lists it
    assert current_generation(folder / "out").name == fast["run_id"]
    assert json.loads((folder / "out" / "manifest.json").read_text())["run_id"] == fast["run_id"]
    assert (folder / ".localize" / "runs" / fast["run_id"] / "manifest.json").is_file()
    # and the run after it reuses this one's files
    third, last = redo(config)
    assert third["reused_run"] == fast["run_id"] and last == files


def test_the_next_day_reuses_the_last_run_when_no_rule_date_was_crossed(first) -> None:
    config, _, files = first
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("rules:\n", "rules:\n  as_of: '2026-12-05'\n"), encoding="utf-8")
    report, after = redo(config)
    config.write_text(text.replace("rules:\n", "rules:\n  as_of: '2026-12-06'\n"), encoding="utf-8")
    report, after = redo(config)
    assert reused(report) and report["incremental"]["reused"] == ALL and after == files
    assert report["stages"]["check"]["checkers"]["rules"]["as_of"] == "2026-12-06"


def test_a_changed_source_byte_redoes_the_product(first) -> None:
    config, _, files = first
    source = config.parent / "products.csv"
    source.write_bytes(source.read_bytes().replace(b"Pfanne aus Gusseisen", b"Pfanne aus Gusseisen!"))
    report, after = redo(config)
    assert not reused(report)
    assert report["incremental"] == {"full": False, "redone": 3, "reused": 6}
    assert after["de-DE.jsonl"] != files["de-DE.jsonl"]


def test_a_changed_config_redoes_the_records(first) -> None:
    config, _, files = first
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("outputs:", "batch_size: 7\noutputs:", 1), encoding="utf-8")
    report, after = redo(config)
    assert not reused(report) and report["incremental"]["redone"] == ALL
    assert after == files


@pytest.mark.parametrize("how", ["deleted", "edited", "same size, old times"])
def test_a_deleted_or_edited_output_is_written_again_from_the_records(first, how: str) -> None:
    config, _, files = first
    generation = current_generation(config.parent / "out")
    target = generation / "fr-FR.csv"
    if how == "deleted":
        target.unlink()
    elif how == "edited":
        with target.open("ab") as fh:
            fh.write(b"extra\n")
    else:
        st = target.stat()
        data = bytearray(target.read_bytes())
        data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
        target.write_bytes(bytes(data))
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    report, after = redo(config)
    assert not reused(report)
    assert report["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert after == files


def test_a_removed_output_link_is_made_again_by_the_reused_run(first) -> None:
    """The name readers use (`out/fr-FR.csv`, a link into `.current`) removed: the files of the last
    run are intact, so they are published again and the name links to them again."""
    config, _, files = first
    (config.parent / "out" / "fr-FR.csv").unlink()
    report, after = redo(config)
    assert reused(report) and after == files


def test_a_review_decision_taken_since_the_last_run_is_applied(first) -> None:
    config, _, _ = first
    rules = config.parent / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("severity: info", "severity: review")
                     .replace("[Edelstahlpfanne]", "[Gusseisen]"), encoding="utf-8")
    report, files = redo(config)
    assert not reused(report)
    assert {m: v["withheld"] for m, v in report["markets"].items()} == {"de-DE": 1, "en-US": 1, "fr-FR": 1}
    report, again = redo(config)
    assert reused(report) and again == files
    out = config.parent / "review"
    assert CliRunner().invoke(app, ["review", "export", str(config), "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    for row in rows:
        if row["market"] == "en-US":
            row.update(decision="approve", reviewer="ana", comment="seasoning advice is on the page")
    sheet = config.parent / "decisions.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    applied = CliRunner().invoke(app, ["review", "apply", str(sheet), "--config", str(config)])
    assert applied.exit_code == 0, applied.output
    report, after = redo(config)
    assert not reused(report)
    assert report["incremental"] == {"full": False, "redone": 3, "reused": 6}  # en-US only
    assert {m: v["withheld"] for m, v in report["markets"].items()} == {"de-DE": 1, "en-US": 0, "fr-FR": 1}
    assert after["en-US.jsonl"] != files["en-US.jsonl"]


def test_a_changed_human_memory_redoes_the_markets_it_translates_for(first) -> None:
    config, _, files = first
    copy = dict(COPY)
    de, en, _fr = copy[("SHIRT-1", "name")]
    copy[("SHIRT-1", "name")] = (de, en, "Tee-shirt")
    (config.parent / "memory.tmx").write_text(tmx(copy), encoding="utf-8")
    report, after = redo(config)
    assert not reused(report) and report["incremental"]["redone"] >= 3
    assert b"Tee-shirt" in after["fr-FR.jsonl"] and after["de-DE.jsonl"] == files["de-DE.jsonl"]


def test_a_moved_project_folder_replays_its_last_run_on_the_first_run_there(
        first, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Moving the project folder (or checking it out elsewhere) changes every absolute path but no
    input byte: the first run there replays the last run (the run key names files relative to the
    project; the memory file of the same bytes is not imported again, which would stamp its entries
    anew and redo every market it translates for). Files outside it keep their absolute path."""
    config, _, files = first
    moved = tmp_path_factory.mktemp("elsewhere") / "project"
    config.parent.rename(moved)
    report, after = redo(moved / config.name)
    assert reused(report), report["incremental"]
    assert report["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert after == files
    forget(moved / config.name)  # the per-record path there reuses every record too
    slow, again = redo(moved / config.name)
    assert not reused(slow) and slow["incremental"] == {"full": False, "redone": 0, "reused": ALL}
    assert again == files


def test_full_redoes_everything_and_the_next_run_reuses_its_files(first) -> None:
    config, _, files = first
    report, after = redo(config, RunOptions(full=True))
    assert not reused(report) and report["incremental"] == {"full": True, "redone": ALL, "reused": 0}
    report, again = redo(config)
    assert reused(report) and again == files == after


def test_a_market_subset_run_does_not_reuse_a_run_of_every_market(first) -> None:
    config, _, files = first
    report, after = redo(config, RunOptions(markets=("fr-FR",)))
    assert not reused(report) and list(report["markets"]) == ["fr-FR"]
    assert after == files
    report, after = redo(config)
    assert not reused(report) and after == files


def run_forked(config: Path, kill_at: str | None = None) -> int:
    """`api.run` in a forked child; its exit code, or -9 when it killed itself at `kill_at`."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 98
        try:
            os.chdir(config.parent)
            if kill_at:
                os.environ[KILL_ENV] = kill_at
            code = int(run(load_config(config)).exit_code)
        except BaseException:
            code = 99
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def test_a_killed_run_of_changed_input_leaves_the_last_runs_files_reusable_for_its_input(first) -> None:
    """kill -9 halfway through a run of a changed export: the old export's run record still holds
    (its files are still the published ones), and the changed export is then resumed record by record."""
    config, _, files = first
    source = config.parent / "products.csv"
    original = source.read_bytes()
    source.write_bytes(original.replace(b"Pfanne aus Gusseisen", b"Pfanne aus Gusseisen!"))
    assert run_forked(config, "batch-saved") == -9
    source.write_bytes(original)
    report, after = redo(config)
    assert reused(report) and after == files
    source.write_bytes(original.replace(b"Pfanne aus Gusseisen", b"Pfanne aus Gusseisen!"))
    report, changed = redo(config)
    assert not reused(report) and report["incremental"]["redone"] <= 3


@pytest.mark.parametrize("point", ["switched", "pruned"])
def test_a_rerun_killed_after_its_switch_is_followed_by_a_correct_reuse(first, point: str) -> None:
    """Killed after publishing but before recording itself: the record names the run before, whose
    files (same bytes, other inodes now) are checked by their SHA-256 and reused."""
    config, _, files = first
    assert run_forked(config, point) == -9
    assert outputs(config.parent) == files
    report, after = redo(config)
    assert reused(report) and after == files


def test_a_reused_run_reports_the_warnings_reading_gave_and_the_rejects(tmp_path: Path) -> None:
    """What reading the export said (a variant whose model is not among the sources, a duplicate
    identifier rejected) is in the reused run's report and manifest too, as the records would give it."""
    (tmp_path / "products.csv").write_text(
        "sku;parent;name-de_DE;price-EUR\nA1;;Hemd;19.99\nA2;NOPE;Hose;29.99\nA1;;Hemd;9.99\n", encoding="utf-8")
    config = tmp_path / "localize.yaml"
    config.write_text("source: {format: akeneo-csv, path: products.csv, locale: de_DE}\n"
                      "markets: [{locale: de-DE}, {locale: de-AT}]\noutputs: {dir: out, formats: [jsonl, csv]}\n",
                      encoding="utf-8")
    first, files = redo(config)
    assert any("'NOPE' is not among the sources" in w for w in first["warnings"]["first"])
    assert first["rejects"] == 1 and not reused(first)
    forget(config)
    slow, _ = redo(config)
    per_record = manifest(tmp_path)
    fast, again = redo(config)
    assert reused(fast) and again == files
    assert fast["warnings"] == slow["warnings"] and fast["rejects"] == slow["rejects"] == 1
    assert fast["markets"] == slow["markets"]
    assert manifest(tmp_path) == per_record
    third, _ = redo(config)  # a reused run's record keeps what reading said
    assert reused(third) and third["warnings"] == slow["warnings"]


REUSED_RUN_IMPORTS = """
import sys
import localize.prices.rates as rates
parsed = []
real = rates.parse_ecb
rates.parse_ecb = lambda data, name="", **kw: parsed.append(name) or real(data, name, **kw)
from localize.api import run
from localize.config import load_config
report = run(load_config(sys.argv[1]))
print(repr((bool(report.sections.get("reused_run")), "scipy" in sys.modules, parsed)))
"""


def test_a_reused_run_neither_imports_scipy_nor_parses_the_rate_files(tmp_path: Path) -> None:
    """Start-up of an unchanged rerun (its whole cost): scipy is loaded only where the taxonomy builds
    its label index, and the convert stage's fingerprint comes from the rate files' digest (a memo in
    the state folder), so a rerun of a project without a taxonomy section loads neither."""
    config = project(tmp_path, CONFIG.replace("taxonomy:\n  path: default\n  mapping: mapping.yaml\n", ""))
    assert "taxonomy" not in config.read_text(encoding="utf-8")
    run(load_config(config))
    proc = subprocess.run([sys.executable, "-c", REUSED_RUN_IMPORTS, str(config)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == repr((True, False, []))
