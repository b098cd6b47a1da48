"""A PIM export damaged on the way: cut off inside a character, saved as UTF-16.

A copy or download cut at a random byte ends inside a multi-byte UTF-8 character in a good share
of cases (most characters of German, French or Japanese copy are such): the whole export used to
be refused (exit 3, "cannot decode the file as utf-8 (bytes b'\\xc3')"). The rows before the cut
are whole: they are read, the cut row is set aside with its reason, and the counts add up. A file
saved as UTF-16 (Excel's "Unicode text") gets a hint that says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.config import load_config
from localize.errors import InputError

HEADERS = {
    "akeneo-csv": "sku;family;name-de_DE;description-de_DE\n",
    "magento-csv": "sku,store_view_code,attribute_set_code,product_type,name,description,price\n",
}


def _rows(fmt: str, names: list[str]) -> str:
    if fmt == "akeneo-csv":
        return "".join(f"P{i};f;{n};Beschreibung für {n}\n" for i, n in enumerate(names))
    return "".join(f"P{i},,Default,simple,{n},Beschreibung für {n},9.90\n" for i, n in enumerate(names))


def _project(root: Path, fmt: str, data: bytes, encoding: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "products.csv").write_bytes(data)
    enc = f", encoding: {encoding}" if encoding else ""
    extra = ", currency: EUR" if fmt == "magento-csv" else ""
    (root / "localize.yaml").write_text(
        f"version: 1\nsource: {{format: {fmt}, path: products.csv, locale: de_DE{enc}{extra}}}\n"
        "markets: [{locale: de-DE}]\noutputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n"
        "prices: {rates_date: 2024-03-15}\n", encoding="utf-8")
    return root / "localize.yaml"


@pytest.mark.parametrize("fmt", sorted(HEADERS))
def test_an_export_cut_inside_a_character_keeps_the_rows_before_the_cut(tmp_path: Path, fmt: str) -> None:
    names = ["Größe", "Bär", "Mütze", "Schuhe für Kinder"]
    data = (HEADERS[fmt] + _rows(fmt, names)).encode("utf-8")
    cut = data[: data.rindex("ü".encode()) + 1]  # ends with the first byte of the last row's "ü"
    report = run(load_config(_project(tmp_path, fmt, cut)))
    counts = report.markets["de-DE"]
    assert (counts.read, counts.rejected) == (4, 1)
    assert counts.read == counts.written + counts.rejected + counts.withheld + counts.pending
    published = [json.loads(line)["identifier"] for line in (tmp_path / "out" / "de-DE.jsonl").read_text().splitlines()]
    assert published == ["P0", "P1", "P2"]
    reject = json.loads((tmp_path / "out" / "rejects.jsonl").read_text())
    assert reject["line"] == 5 and "ends inside a character" in reject["reason"]


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_a_cut_anywhere_is_data_or_a_clear_error(tmp_path_factory: pytest.TempPathFactory, where: int) -> None:
    """Wherever the cut falls, the run reads what is whole: every row before the cut line is
    published, the cut row is published (cut between characters) or set aside, never the whole file refused."""
    data = (HEADERS["akeneo-csv"] + _rows("akeneo-csv", ["Größe", "日本語の説明", "Bär", "Mütze"])).encode("utf-8")
    header = len(HEADERS["akeneo-csv"].encode())
    cut = data[: header + 1 + where % (len(data) - header - 1)]
    root = tmp_path_factory.mktemp("cut")
    report = run(load_config(_project(root, "akeneo-csv", cut)))
    counts = report.markets["de-DE"]
    whole_rows = cut[header:].count(b"\n")
    assert counts.read == counts.written + counts.rejected + counts.withheld + counts.pending
    assert counts.written >= whole_rows


def test_a_utf16_export_with_its_byte_order_mark_is_read_and_one_without_is_refused_naming_the_order(tmp_path: Path) -> None:
    """The mark names the encoding (h20; before, a marked UTF-16 export was refused too); without it the bytes
    cannot say which order they are in: a clear error naming file:line and the setting to write."""
    text = HEADERS["akeneo-csv"] + _rows("akeneo-csv", ["Größe", "Bär"])
    report = run(load_config(_project(tmp_path / "a", "akeneo-csv", text.encode("utf-16"))))
    assert report.markets["de-DE"].written == 2
    with pytest.raises(InputError) as info:
        run(load_config(_project(tmp_path / "b", "akeneo-csv", text.encode("utf-16-le"))))
    assert "utf-16-le" in (info.value.hint or "") and "products.csv:1" in info.value.message
    report = run(load_config(_project(tmp_path / "c", "akeneo-csv", text.encode("utf-16-le"), encoding="utf-16-le")))
    assert report.markets["de-DE"].written == 2


def test_a_jsonl_export_cut_inside_a_character_keeps_the_lines_before_it(tmp_path: Path) -> None:
    lines = [json.dumps({"identifier": f"P{i}", "family": "f",
                         "values": {"name": [{"locale": "de_DE", "scope": None, "data": "Größe Bär"}]}}, ensure_ascii=False)
             for i in range(4)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (tmp_path / "products.jsonl").write_bytes(data[: data.rindex("ß".encode()) + 1])
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-json, path: products.jsonl, locale: de_DE}\n"
        "markets: [{locale: de-DE}]\noutputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n",
        encoding="utf-8")
    counts = run(load_config(tmp_path / "localize.yaml")).markets["de-DE"]
    assert (counts.read, counts.written, counts.rejected) == (4, 3, 1)
    assert json.loads((tmp_path / "out" / "rejects.jsonl").read_text())["line"] == 4


def test_wrong_bytes_inside_the_file_still_stop_reading(tmp_path: Path) -> None:
    """Only an incomplete last character is a cut: latin-1 bytes in the middle are the wrong encoding."""
    (tmp_path / "products.jsonl").write_bytes('{"identifier": "P1", "values": {"name": [{"locale": "de_DE", '
                                              '"scope": null, "data": "Größe"}]}}\n'.encode("latin-1"))
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-json, path: products.jsonl, locale: de_DE}\n"
        "markets: [{locale: de-DE}]\noutputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n",
        encoding="utf-8")
    with pytest.raises(InputError, match="cannot decode the file as utf-8"):
        run(load_config(tmp_path / "localize.yaml"))
