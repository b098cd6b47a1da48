"""`localize validate out/<market>.csv` (and `.xlsx`): the run's own sheets have a profile of their own.

On main the sheet was read as an Akeneo import (`.csv` -> akeneo) and failed with "no identifier column
'sku'" (exit 1), so a CI job could not validate every file a run writes; an `.xlsx` sheet was a usage
error (exit 2)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from localize.api import run
from localize.cli import app
from localize.config import config_from_dict
from localize.qa.profiles import profile_for
from localize.qa.runner import validate

PRODUCTS = (
    "sku;family;name-en_US;description-en_US;description-fr_FR\n"
    'P1;lamps;Desk lamp;"- Bright\\n- Warm light";"- Lumineuse"\n'
    'P2;lamps;Floor lamp;"=HYPERLINK(""http://x.example"")";"Lampe"\n'
    "P3;lamps;Wall lamp;Plain copy;Copie\n"
)


def _invoke(cwd: Path, *args: str):  # type: ignore[no-untyped-def]
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, ["validate", *args])
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sheet")
    (folder / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    config = {"source": {"format": "akeneo-csv", "path": str(folder / "products.csv"), "locale": "en_US"},
              "markets": [{"locale": "en-US"}, {"locale": "fr-FR"}], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(folder / "out"), "formats": ["jsonl", "csv", "xlsx", "akeneo-csv"]},
              "state": str(folder / "state")}
    run(config_from_dict(config))
    return folder


@pytest.mark.parametrize("market", ["en-US", "fr-FR"])
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_runs_own_sheet_validates_with_exit_0(outputs: Path, market: str, suffix: str) -> None:
    result = _invoke(outputs, f"out/{market}.{suffix}", "--market", market)
    assert result.exit_code == 0, result.output
    assert f"out/{market}.{suffix}  (sheet, " in result.output


def test_every_file_of_a_run_validates_together(outputs: Path) -> None:
    files = [f"out/en-US.{s}" for s in ("jsonl", "csv", "xlsx")]
    result = _invoke(outputs, *files, "--market", "en-US")
    assert result.exit_code == 0, result.output
    assert profile_for(outputs / "out" / "fr-FR.akeneo.csv", None) == "akeneo"  # the write-back keeps its profile
    assert profile_for(outputs / "products.csv", None) == "akeneo"  # and so does a PIM export


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")


def test_a_sheet_someone_broke_fails_with_the_findings_that_say_how(outputs: Path, tmp_path: Path) -> None:
    rows = _rows(outputs / "out" / "en-US.csv")
    header = rows[0]
    description = header.index("description")
    guarded = next(r for r in rows[1:] if r[description].startswith("'- "))
    guarded[description] = guarded[description][1:]  # the guard's apostrophe taken off
    rows.append(list(rows[1]))  # a row twice
    broken = tmp_path / "en-US.csv"
    _write(broken, rows)
    result = validate([broken], market="en-US", base=tmp_path)
    codes = {f.code for f in result.findings}
    assert result.exit_code == 1
    assert codes == {"formula-cell", "duplicate-id"}, [f.message for f in result.findings]

    renamed = tmp_path / "renamed.csv"
    _write(renamed, [["identifier", "name", "name"], ["P1", "a", "b"]])
    result = validate([renamed], market="en-US", profile="sheet", base=tmp_path)
    messages = [f.message for f in result.findings if f.code == "sheet-columns"]
    assert result.exit_code == 1 and len(messages) == 2, messages


def test_a_formula_cell_in_an_xlsx_sheet_fails_and_its_text_cells_do_not(outputs: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(outputs / "out" / "en-US.xlsx")
    sheet = book.active
    sheet["G2"] = '=HYPERLINK("http://x.example")'  # a formula cell, as a person's edit makes it
    broken = tmp_path / "en-US.xlsx"
    book.save(broken)
    result = validate([broken], market="en-US", base=tmp_path)
    assert [(f.code, f.line) for f in result.findings] == [("formula-cell", 2)]


def test_source_copy_is_not_compared_with_a_sheet(outputs: Path) -> None:
    """The sheet does not say which fields were translated (fr-FR's description is the PIM's own
    fr_FR copy): comparing it with the en_US copy would report a translation error on every such field."""
    result = validate([outputs / "out" / "fr-FR.csv"], market="fr-FR", source=[outputs / "products.csv"],
                      source_locale="en_US", base=outputs)
    assert result.exit_code == 0, [f.message for f in result.findings]
