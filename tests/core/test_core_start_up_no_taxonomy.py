"""A run without a `taxonomy` section never loads the taxonomy engine (map_context, the ranking, numpy):
an unchanged nightly rerun is mostly start-up, and loading it was ~20 % of one (0.44 CPU-s at 20k x 3).
A run with a taxonomy still maps (the second case)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import generate

PROBE = r"""
import json, sys
from localize.api import run
from localize.config import config_from_dict
config = json.loads(sys.argv[1])
report = run(config_from_dict(config))
print(json.dumps({"suggest": "localize.taxonomy.suggest" in sys.modules, "numpy": "numpy" in sys.modules,
                  "map": report.stages.get("map")}))
"""


def _run(config: dict) -> dict:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(config)], capture_output=True, text=True, cwd=root)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("taxonomy", [False, True])
def test_the_taxonomy_engine_is_loaded_only_for_a_run_that_maps(tmp_path: Path, taxonomy: bool) -> None:
    src = generate(tmp_path / "p.csv", 30)
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "de_DE", "channel": "ecommerce"},
              "markets": [{"locale": "en-US"}], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(tmp_path / "out"), "formats": ["jsonl"]}, "state": str(tmp_path / "state")}
    if taxonomy:
        config["taxonomy"] = {"path": "default"}
    seen = _run(config)
    assert seen["suggest"] is taxonomy and seen["numpy"] is taxonomy, seen
    if taxonomy:
        assert seen["map"], seen  # it mapped: the stage reports what it did
