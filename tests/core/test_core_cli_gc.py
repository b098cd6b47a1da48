"""`localize run` freezes what the finished run left behind: the process ends after the report, so the
cyclic collector must not walk the run's leftovers (0.3 CPU-s after a 10k x 3 run, 0.13 more at exit).

Measured in a process of its own (freezing in the test process would keep its objects forever): the
garbage the run leaves (stages and memos in reference cycles) is never collected after `api.run`
returns, and the run's outputs and report are the same as a run whose leftovers are collected."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import core_catalogue as cat

SCRIPT = r"""
import gc, json, sys
collected_after = []
after = [False]

def watch(phase, info):
    if phase == "stop" and after[0]:
        collected_after.append(info["collected"])

gc.callbacks.append(watch)
from localize import api
run = api.run

def run_then_mark(*args, **kwargs):
    report = run(*args, **kwargs)
    after[0] = True  # from here on: what the run left behind
    return report

api.run = run_then_mark
from localize.cli import main
sys.argv = ["localize", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
freeze = gc.get_freeze_count()
after[0] = False
gc.unfreeze()
left = gc.collect()  # what a collection would have had to free
print(json.dumps({"code": code, "frozen": freeze, "collected_after": sum(collected_after), "left": left}))
"""


def run_cli(tmp_path: Path, out: str) -> dict[str, int]:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, "run", "--source", "products.csv", "--source-format",
                           "akeneo-csv", "--source-locale", "de_DE", "--market", "en-US", "--market", "fr-FR",
                           "--out", out, "--engine", "pseudo", "--json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_cli_freezes_what_the_run_left_instead_of_collecting_it(tmp_path: Path) -> None:
    cat.write_akeneo_csv(tmp_path / "products.csv")
    result = run_cli(tmp_path, "out")
    assert result["code"] == 0
    assert result["frozen"] > 10_000  # everything alive after the run, the run's garbage included
    assert result["collected_after"] < 100  # no collection after the run freed the run's garbage ...
    assert result["left"] > 1_000  # ... which was there to free (stages, memos in reference cycles)
    feeds = sorted(p.name for p in (tmp_path / "out").glob("*.jsonl"))
    assert feeds == ["en-US.jsonl", "fr-FR.jsonl", "rejects.jsonl", "review-queue.jsonl"]
    assert (tmp_path / "out" / "fr-FR.jsonl").read_text(encoding="utf-8").count("\n") == 3
