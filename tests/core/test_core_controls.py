"""Control characters in PIM copy are read for what they meant or removed, never published raw
(`localize.readers.controls`): a NUL breaks CSV importers, a backspace acts on a terminal, XML
forbids both; a vertical tab is an exporter's line break; a C1 character is a Windows-1252 byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.config import config_from_dict
from localize.readers.controls import CONTROL, read_controls


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_no_control_character_survives_reading(text: str) -> None:
    read, kind = read_controls(text)
    assert re.search("[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9a\x9c-\x9f]", read) is None
    assert read_controls(read) == (read, "")  # what is left (balanced bidi isolates: h15) reads as it is
    assert (kind == "") == (read is text)  # untouched text is returned as it is


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf")), max_size=60))  # Cf: bidi, U+FEFF (h15)
def test_text_without_controls_is_returned_byte_exact(text: str) -> None:
    assert read_controls(text) == (text, "")


def test_each_kind_reads_as_it_was_meant() -> None:
    assert read_controls("Zeile 1\x0bZeile 2") == ("Zeile 1\nZeile 2", "line-break")
    assert read_controls("it\x92s \x80 5\x85") == ("it’s € 5…", "cp1252")
    assert read_controls("Kettle\x00\x07 1.5\x08 l\x7f") == ("Kettle 1.5 l", "removed")  # a backspace is removed, not obeyed
    assert read_controls("a\x81b\x0bc") == ("ab\nc", "removed")  # the strongest kind is said
    # ESC and CSI start terminal sequences: localize.sanitize removes them whole, with a finding
    assert read_controls("Marke \x1b[31mROT \x9b2J") == ("Marke \x1b[31mROT \x9b2J", "")
    assert read_controls("tab\tand\r\nlines") == ("tab\tand\r\nlines", "")


def test_a_run_publishes_no_control_character_and_says_what_it_read(tmp_path: Path) -> None:
    src = tmp_path / "products.csv"  # an Akeneo flat export, as the PIM wrote it
    rows = [("P1", "Kettle\x00 Aqua", "Steel.\x0bLime filter."), ("P2", "Kettle\x92s friend", "1,7 l\x07\x08"),
            ("P3", "Plain", "Plain copy")]
    src.write_text("sku;family;name-en_US;description-en_US\n"
                   + "".join(f'{sku};kettles;"{name}";"{text}"\n' for sku, name, text in rows), encoding="utf-8")
    out = tmp_path / "out"
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "en_US"},
              "markets": [{"locale": "en-US"}], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(out), "formats": ["jsonl", "csv"]}, "state": str(tmp_path / "state")}
    report = run(config_from_dict(config))
    records = {r["identifier"]: r["values"] for r in
               (json.loads(line) for line in (out / "en-US.jsonl").read_text(encoding="utf-8").splitlines())}
    assert records["P1"]["name"] == "Kettle Aqua" and records["P1"]["description"] == "Steel.\nLime filter."
    assert records["P2"]["name"] == "Kettle’s friend" and records["P2"]["description"] == "1,7 l"
    assert records["P3"]["description"] == "Plain copy"
    sheet = (out / "en-US.csv").read_text(encoding="utf-8-sig")
    assert CONTROL.search(sheet.replace("\n", "").replace("\r", "")) is None
    warnings = report.warnings  # type: ignore[attr-defined]
    names = [w for w in warnings if w.startswith("'name'")]
    assert len(names) == 2, warnings  # one per kind: removed (P1), Windows-1252 (P2)
    assert any("removed" in w and "'P1'" in w and "Kettle\\x00 Aqua" in w for w in names), names
    assert any("Windows-1252" in w and "cp1252" in w and "'P2'" in w for w in names), names
    described = [w for w in warnings if w.startswith("'description'")]
    assert any("read as line breaks" in w and "'P1'" in w for w in described), described
    assert any("removed" in w and "'P2'" in w for w in described), described
