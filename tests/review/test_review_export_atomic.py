"""`review export`: all files or none, progress per file, and the XLSX sheet of a large queue."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from localize.review import export as ex
from localize.review.queue import read_queue

sys.path.insert(0, str(Path(__file__).parents[2]))
from bench.bench_review_export import write_queue  # noqa: E402


def test_a_failing_renderer_leaves_the_previous_export_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_queue(tmp_path / "queue.jsonl", 30)
    queue = read_queue(tmp_path / "queue.jsonl")
    out = tmp_path / "review"
    first = ex.export(queue, out)
    before = {p.name: p.read_bytes() for p in first}
    assert sorted(before) == ["review.csv", "review.en-US.xlf", "review.fr-FR.xlf", "review.html", "review.ja-JP.xlf",
                              "review.xlsx"]
    write_queue(tmp_path / "queue.jsonl", 60)
    bigger = read_queue(tmp_path / "queue.jsonl")

    def broken(items):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ex, "render_xliff", broken)  # the XLIFF renderer export calls
    with pytest.raises(OSError):
        ex.export(bigger, out)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # no file replaced, no temporary file left


def test_progress_is_reported_per_file_and_the_sheet_holds_every_finding(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_queue(tmp_path / "queue.jsonl", 3_000)
    queue = read_queue(tmp_path / "queue.jsonl")
    seen: list[str] = []
    written = ex.export(queue, tmp_path / "review", progress=seen.append)
    assert seen == [p.name for p in written]
    wb = load_workbook(tmp_path / "review" / "review.xlsx")
    sheet = wb["Review"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3_001 and rows[0][0] == "key"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:Q{len(rows)}"
    assert sheet["K2"].alignment.wrap_text and sheet["A1"].font.b
    assert [dv.sqref for dv in sheet.data_validations.dataValidation][0].__str__() == f"M2:M{len(rows)}"


def test_formula_like_text_stays_text_in_the_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    line = {"identifier": '=HYPERLINK("x")', "market": "en-US", "locale": "en-US", "source_locale": "de-DE",
            "values": {"name": "@SUM(A1)"}, "source": {"name": "+1"}, "status": {"name": "machine"},
            "findings": [{"code": "c", "severity": "review", "message": "-m", "field": "name", "rule": "r"}]}
    (tmp_path / "q.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    ex.export(read_queue(tmp_path / "q.jsonl"), tmp_path / "review")
    ws = load_workbook(tmp_path / "review" / "review.xlsx")["Review"]
    row = [c for c in ws[2]]
    texts = {c.value: c for c in row if isinstance(c.value, str)}
    for value in ('=HYPERLINK("x")', "@SUM(A1)", "+1", "-m"):
        assert texts[value].data_type == "s" and texts[value].quotePrefix
