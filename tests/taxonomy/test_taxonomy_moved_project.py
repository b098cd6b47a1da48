"""The map stage's fingerprint names its files by role and content, not by where they lie (issue 18):
a project in another checkout, or the shipped taxonomy in another virtualenv, redoes no record."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from test_taxonomy_stage import write_job

from localize import api
from localize.config import load_config
from localize.report import RunReport
from localize.stages import map as map_stage
from localize.stages.base import RunContext, RunOptions
from localize.taxonomy.loader import DEFAULT_TAXONOMY


def test_a_moved_project_reuses_every_record(tmp_path: Path) -> None:
    first = tmp_path / "checkout-a"
    first.mkdir()
    report = api.run(load_config(write_job(first)), RunOptions(engine="pseudo"))
    assert report.sections["incremental"]["redone"] == 15
    moved = first.rename(tmp_path / "checkout-b")  # the same files, state and outputs at another path
    report = api.run(load_config(moved / "localize.yaml"), RunOptions(engine="pseudo"))
    assert (report.sections["incremental"]["reused"], report.sections["incremental"]["redone"]) == (15, 0)


def test_the_shipped_taxonomy_in_another_place_is_the_same_input(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(write_job(tmp_path))
    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(),
                     log=logging.getLogger("t"))
    section = config.raw["taxonomy"]
    here = map_stage._files_digest(ctx, section)
    elsewhere = tmp_path / "other-venv" / "site-packages" / DEFAULT_TAXONOMY.name
    elsewhere.parent.mkdir(parents=True)
    shutil.copyfile(DEFAULT_TAXONOMY, elsewhere)
    monkeypatch.setattr(map_stage, "resolve_taxonomy_path", lambda value, base=None: elsewhere)
    assert map_stage._files_digest(ctx, section) == here
    elsewhere.write_bytes(elsewhere.read_bytes() + b"\n# a changed taxonomy\n")
    assert map_stage._files_digest(ctx, section) != here  # its content still counts
