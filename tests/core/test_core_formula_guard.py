"""The formula guard: a guarded cell never starts a formula, an unguarded one is published byte-exact.

CSV cells carry no type: a spreadsheet parses the whole text, so a dash bullet (`- Fast`) is a formula
to Excel (`=- Fast`, shown as #NAME?) and keeps its apostrophe. XLSX cells carry one: every text is a
string cell, as written (main put an apostrophe in front of 25 of icecat's 377 en-US descriptions in
the xlsx sheet too, visible to every reader), never a formula, with Excel's quote prefix when a person
re-typing it would start one."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.cells import neutralise, neutralise_for_google, unneutralise
from localize.config import config_from_dict
from localize.xmlsafe import xml_safe

# What a spreadsheet does with a CSV cell, written here from the spreadsheets' behaviour (not from
# localize.cells): leading whitespace is skipped, then `= + - @` (or a full-width form) starts a formula;
# a cell that begins with a tab or CR is read as a formula prefix by some of them.
_STARTS = "=+-@\uff1d\uff0b\uff0d\uff20"


def starts_formula(cell: str) -> bool:
    if cell[:1] in ("\t", "\r"):
        return True
    rest = cell.lstrip()
    return bool(rest) and rest[0] in _STARTS


_LEADS = st.sampled_from(["", "-", "- ", "=", "+", "@", " -", "\t", "\r", "\n-", "\uff0d", "'", "'-", "•", "1"])
_CELL = st.builds(lambda lead, rest: lead + rest, _LEADS, st.text(max_size=30))


@settings(max_examples=1000, deadline=None)
@given(_CELL)
def test_a_guarded_csv_cell_never_starts_a_formula_and_comes_back_exactly(cell: str) -> None:
    out = neutralise(cell)
    assert not starts_formula(out)
    assert unneutralise(out) == cell
    if not starts_formula(cell.lstrip("'")):
        assert out == cell  # unguarded: byte-exact (copy written `'- x` is guarded too, or apply would eat its `'`)


@settings(max_examples=1000, deadline=None)
@given(_CELL.map(lambda c: " ".join(c.splitlines())))
def test_a_google_tsv_cell_never_starts_a_formula_and_google_reads_it_unchanged(cell: str) -> None:
    """The Google TSV's leading space keeps a cell text in a spreadsheet that does not trim cells on import
    (Excel's and LibreOffice's defaults; the README's known limit): its first character decides."""
    out = neutralise_for_google(cell)
    assert not out or out[0] not in "\t\r" + _STARTS
    assert out.strip() == cell.strip()  # Google strips outer whitespace
    if not starts_formula(cell):
        assert out == cell


def test_dash_bullets_are_guarded_in_csv() -> None:
    """The decision, pinned: no dash-led text is inert in a CSV cell (see localize/cells.py)."""
    for cell in ("- Platzsparender Subwoofer", "-Affordable scanner", "- 1+cmd|' /C calc'!A0", "-12.5"):
        assert neutralise(cell) == "'" + cell


# --- XLSX: typed cells ----------------------------------------------------------------------------

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _cells(data: bytes) -> list[tuple[str | None, str, bool, str]]:
    """(type, text, has a formula, style index) of every cell of the first sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        name = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
        root = ElementTree.fromstring(z.read(name))
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    quoted = [xf.get("quotePrefix") in ("1", "true") for xf in styles.find("m:cellXfs", _NS) or ()]
    out = []
    for c in root.iter(f"{{{_NS['m']}}}c"):
        text = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
        style = int(c.get("s") or 0)
        out.append((c.get("t"), text, c.find("m:f", _NS) is not None, quoted[style] if style < len(quoted) else False))
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=8))
def test_an_xlsx_text_is_a_string_cell_written_as_it_is_never_a_formula(texts: list[str]) -> None:
    from openpyxl import Workbook

    from localize.channels.xlsx import text_cells

    book = Workbook(write_only=True)
    sheet = book.create_sheet("S")
    cell = text_cells(sheet)
    sheet.append([cell(t) for t in texts])
    buf = io.BytesIO()
    book.save(buf)
    found = _cells(buf.getvalue())
    assert len(found) == len(texts)
    for text, (kind, written, formula, quoted) in zip(texts, found, strict=True):
        assert not formula and kind == "inlineStr"
        assert written == xml_safe(text)  # byte-exact (XML cannot carry control characters: xml_safe's form)
        assert quoted == starts_formula(xml_safe(text))


def test_a_run_keeps_bullets_as_written_in_xlsx_and_guards_them_in_csv(tmp_path: Path) -> None:
    src = tmp_path / "products.csv"
    src.write_text("sku;family;name-en_US;description-en_US\n"
                   'P1;chairs;Chair;"- Stable\n- Light"\n'
                   'P2;chairs;"=HYPERLINK(""http://x.example"")";@SUM(A1)\n', encoding="utf-8")
    out = tmp_path / "out"
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "en_US"},
              "markets": [{"locale": "en-US"}], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(out), "formats": ["jsonl", "csv", "xlsx"]}, "state": str(tmp_path / "state")}
    run(config_from_dict(config))
    published = {json.loads(line)["identifier"]: json.loads(line)["values"]
                 for line in (out / "en-US.jsonl").read_text(encoding="utf-8").splitlines()}
    cells = _cells((out / "en-US.xlsx").read_bytes())
    assert not [c for c in cells if c[2]], "a formula cell in the sheet"
    texts = {c[1]: c for c in cells}
    for values in published.values():
        for field in ("name", "description"):
            text = values.get(field)
            if isinstance(text, str) and starts_formula(text):
                assert texts[text][3], text  # as written, with the quote prefix
    assert "- Stable\n- Light" in texts
    csv_text = (out / "en-US.csv").read_text(encoding="utf-8-sig")
    assert "'- Stable" in csv_text and "'=HYPERLINK" in csv_text and "'@SUM(A1)" in csv_text
    assert not [c for row in csv.reader(io.StringIO(csv_text)) for c in row if starts_formula(c)]


def test_the_akeneo_import_carries_copy_as_written_and_guards_only_its_codes(tmp_path: Path) -> None:
    """The Akeneo import file is read by Akeneo's import, which stores each cell as it reads it: a formula guard
    before copy would become part of the product's copy in the PIM (`'- Stable`), and one more on each round
    trip (the next export starts with an apostrophe before a dash: guarded again). Copy goes as published;
    the identifier (a match key a person may look up in a spreadsheet) keeps the guard, as in the shop files."""
    src = tmp_path / "products.csv"
    src.write_text("sku;family;name-de_DE;description-de_DE\n"
                   '"=P1";chairs;Stuhl;"- Stabil\n- Leicht"\n'
                   "P2;chairs;Tisch;'- Breit\n", encoding="utf-8")
    (tmp_path / "memory.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de-DE" segtype="paragraph" '
        'o-tmf="x" adminlang="en" creationtool="t" creationtoolversion="1" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="de-DE"><seg>- Stabil\n- Leicht</seg></tuv><tuv xml:lang="en-US"><seg>- Stable\n- Light'
        "</seg></tuv></tu>"
        "<tu><tuv xml:lang=\"de-DE\"><seg>- Breit</seg></tuv><tuv xml:lang=\"en-US\"><seg>- Wide</seg></tuv></tu>"
        "<tu><tuv xml:lang=\"de-DE\"><seg>Stuhl</seg></tuv><tuv xml:lang=\"en-US\"><seg>Chair</seg></tuv></tu>"
        "<tu><tuv xml:lang=\"de-DE\"><seg>Tisch</seg></tuv><tuv xml:lang=\"en-US\"><seg>Table</seg></tuv></tu>"
        "</body></tmx>\n", encoding="utf-8")
    out = tmp_path / "out"
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "de_DE"},
              "markets": [{"locale": "en-US"}], "translation": {"engine": "pseudo",
                                                                "memory_files": [str(tmp_path / "memory.tmx")]},
              "outputs": {"dir": str(out), "formats": ["jsonl", "akeneo-csv", "csv"]}, "state": str(tmp_path / "state")}
    run(config_from_dict(config))
    published = {json.loads(line)["identifier"]: json.loads(line)["values"]
                 for line in (out / "en-US.jsonl").read_text(encoding="utf-8").splitlines()}
    assert published["=P1"]["description"] == "- Stable\n- Light"
    rows = list(csv.DictReader(io.StringIO((out / "en-US.akeneo.csv").read_text(encoding="utf-8")), delimiter=";"))
    by_sku = {row["sku"]: row for row in rows}
    assert set(by_sku) == {"'=P1", "P2"}  # the identifier keeps the guard
    assert by_sku["'=P1"]["description-en_US"] == "- Stable\n- Light"  # copy exactly as published
    # the PIM's `'- Breit` is an earlier import file's guard, read off (h19): no apostrophe goes back to the PIM
    assert by_sku["P2"]["description-en_US"] == published["P2"]["description"] == "- Wide"
    assert "'- Stable" in (out / "en-US.csv").read_text(encoding="utf-8-sig")  # the sheet for people keeps it
