"""UTF-16 exports (Excel's "Unicode Text", PowerShell's `Export-Csv` before 7, some ERPs). Before (a8c3c63)
a file with a UTF-16 byte-order mark stopped with "cannot decode as utf-8" although the mark names its
encoding, and one without a mark stopped on its first letter beyond ASCII advising cp1252 (wrong), or, all
ASCII, on a header of `S\\x00K\\x00U\\x00`. Now the mark is read; without it the run stops naming the byte order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.errors import InputError
from localize.stages import RunOptions

ROWS = "SKU\tName\tPrice\nA-1\tCafé crème mug\t7.00\nA-2\tBouilloire\t19.90\n"


def _config(tmp_path: Path, data: bytes, encoding: str | None = None) -> Path:
    (tmp_path / "export.txt").write_bytes(data)
    config = tmp_path / "localize.yaml"
    config.write_text(f"""
source:
  format: csv
  path: export.txt
  locale: fr_FR
  delimiter: "\\t"
  {f'encoding: {encoding}' if encoding else ''}
  columns: {{identifier: SKU, values: {{name: Name, price: {{column: Price, type: price, currency: EUR}}}}}}
markets: [{{locale: fr-FR}}]
outputs: {{dir: out, formats: [jsonl]}}
prices: {{rates_date: 2026-10-30}}
""", encoding="utf-8")
    return config


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be-bom", "utf-32"])
def test_a_byte_order_mark_names_the_encoding(tmp_path: Path, codec: str) -> None:
    data = (b"\xfe\xff" + ROWS.encode("utf-16-be")) if codec == "utf-16-be-bom" else ROWS.encode(codec)
    run(load_config(_config(tmp_path, data)), RunOptions(engine="pseudo"))
    feed = [json.loads(line) for line in (tmp_path / "out" / "fr-FR.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["identifier"], r["values"]["name"]) for r in feed] == [("A-1", "Café crème mug"), ("A-2", "Bouilloire")]


@pytest.mark.parametrize("order", ["le", "be"])
@pytest.mark.parametrize("rows", [ROWS, ROWS.replace("Café crème", "Cafe creme")])
def test_utf16_without_a_mark_stops_naming_the_byte_order(tmp_path: Path, order: str, rows: str) -> None:
    with pytest.raises(InputError) as info:
        run(load_config(_config(tmp_path, rows.encode(f"utf-16-{order}"))), RunOptions(engine="pseudo"))
    assert "export.txt:1" in str(info.value) and "without a byte-order mark" in str(info.value)
    assert info.value.hint == f"set source.encoding: utf-16-{order} (or save the file as UTF-8)"
    run(load_config(_config(tmp_path, rows.encode(f"utf-16-{order}"), f"utf-16-{order}")), RunOptions(engine="pseudo"))
    assert (tmp_path / "out" / "fr-FR.jsonl").read_text(encoding="utf-8").count('"identifier"') == 2


def test_a_mark_that_contradicts_the_declared_encoding_stops(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        run(load_config(_config(tmp_path, ROWS.encode("utf-16"), "cp1252")), RunOptions(engine="pseudo"))
    assert "UTF-16 byte-order mark" in str(info.value) and "cp1252" in str(info.value)
