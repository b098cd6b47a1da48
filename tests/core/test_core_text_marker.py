"""A formula guard's apostrophe that an earlier import file put before PIM copy is read off (h19).

Before h16 the Akeneo import file guarded copy as well as codes (`'- Stable`); Akeneo stores a cell as
it reads it, so the guard became PIM copy and came back in the next export, one apostrophe more per
round trip (`''- Stable`). h16 stopped writing it; copy already written back that way was still read
as copy with the apostrophes and published to every market. A leading apostrophe before `- = + @` is a
spreadsheet's "this is text" marker, never a word of copy: it is read off, counted in a warning; a
quoted symbol (`'+' Taste`) and an apostrophe before a word (`'Tis`) are copy and stay."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from localize.api import run
from localize.cells import neutralise, unneutralise, without_text_marker
from localize.config import load_config


@pytest.mark.parametrize("text, read", [
    ("'- Stable", "- Stable"),
    ("''- Stable", "- Stable"),  # two round trips
    ("'''=1+2", "=1+2"),
    ("'@home", "@home"),
    ("'+49 30 1234567", "+49 30 1234567"),
    ("' - Stabil", " - Stabil"),
    ("'- Stabil\n- Leicht", "- Stabil\n- Leicht"),
    ("'+' Taste drücken", None),  # a quoted symbol
    ("'=SUM' in Excel", None),
    ("'Tis the season", None),
    ("It's - fine", None),
    ("'", None),
    ("- Stable", None),
])
def test_what_is_a_marker(text: str, read: str | None) -> None:
    assert without_text_marker(text) == read
    if read is not None:
        assert unneutralise(neutralise(read)) == read  # the sheets' guard round-trips what is read


PRODUCTS = """\
sku;family;name-de_DE;description-de_DE
P1;f;"''- Zwei";"'- Stabil
- Leicht"
P2;f;Taste;"'+' Taste drücken"
P3;f;"'@home";Gut.
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE}
markets: [{locale: de-DE}]
outputs: {dir: out, formats: [jsonl, csv]}
translation: {engine: pseudo}
"""


def test_a_guarded_copy_from_an_earlier_write_back_is_published_without_the_guard(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    report = run(load_config(tmp_path / "localize.yaml"))
    feed = {r["identifier"]: r["values"] for r in map(json.loads, (tmp_path / "out" / "de-DE.jsonl").read_text(encoding="utf-8").splitlines())}
    assert feed["P1"] == {"name": "- Zwei", "description": "- Stabil\n- Leicht"}
    assert feed["P2"]["description"] == "'+' Taste drücken" and feed["P3"]["name"] == "@home"
    with (tmp_path / "out" / "de-DE.csv").open(encoding="utf-8-sig", newline="") as fh:
        sheet = {row["identifier"]: row for row in csv.DictReader(fh)}
    assert sheet["P1"]["name"] == "'- Zwei"  # a sheet people open keeps one guard, read back as the copy
    assert unneutralise(sheet["P1"]["name"]) == "- Zwei"
    warned = [w for w in report.warnings if "text marker" in w]
    assert len(warned) == 2 and any(w.startswith("'name': 2 value(s)") for w in warned), warned
