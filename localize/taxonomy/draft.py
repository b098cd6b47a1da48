"""The mapping draft a person reviews, and coverage figures.

`write_draft` writes one CSV row per candidate (rank 1 = best, `score` = the calibrated
probability that it is right); `auto` is `x` on the row a run would apply without a person.
The `accept` column is empty: mark the right row with `x` and give the file to the map stage as a mapping; only
marked rows count (as accepted suggestions). Cells that a spreadsheet would execute
(`= + - @`) are neutralised, and the output is deterministic.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..cells import neutralise
from .source import SourceTree
from .taxonomy_model import Taxonomy

DRAFT_COLUMNS = ("source_code", "source_path", "rank", "taxonomy_id", "taxonomy_path", "score", "how", "auto", "accept")


def draft_rows(tree: SourceTree, taxonomy: Taxonomy, ranked: dict[str, list[Any]], *, locale: str | None,
               fixed: dict[str, Any] | None = None, auto: set[str] | None = None) -> list[dict[str, str]]:
    """Rows of the draft: every real source category, its candidates best first.

    `auto` holds the categories a run would map without a person (calibrated confidence at or
    above the threshold): their first row gets `x` in the `auto` column.

    A category the mapping files already decide gets one row with its `how` (explicit, rule,
    accepted) so the draft shows the whole picture.
    """
    fixed = fixed or {}
    auto = auto or set()
    rows: list[dict[str, str]] = []
    source_locale = locale or (tree.locales[0] if tree.locales else None)
    for code in tree.real():
        path = " > ".join(tree.path_labels(code, source_locale)) if source_locale else ""
        decided = fixed.get(code)
        if decided is not None:
            rows.append(_row(code, path, 1, decided.id, taxonomy, locale, 1.0, decided.how, "x", ""))
            continue
        cands = ranked.get(code) or []
        if not cands:
            rows.append({"source_code": code, "source_path": path, "rank": "", "taxonomy_id": "", "taxonomy_path": "",
                         "score": "", "how": "none", "auto": "", "accept": ""})
        for rank, cand in enumerate(cands, start=1):
            rows.append(_row(code, path, rank, cand.id, taxonomy, locale, cand.score, cand.how, "",
                             "x" if rank == 1 and code in auto else ""))
    return rows


def _row(code: str, path: str, rank: int, cid: str, taxonomy: Taxonomy, locale: str | None, score: float, how: str,
         accept: str, auto: str) -> dict[str, str]:
    return {
        "source_code": code,
        "source_path": path,
        "rank": str(rank),
        "taxonomy_id": cid,
        "taxonomy_path": taxonomy.path_text(cid, locale),
        "score": f"{score:.4f}",
        "how": how,
        "auto": auto,
        "accept": accept,
    }


def write_draft(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write the draft CSV atomically (comma-separated, UTF-8, neutralised cells)."""

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=DRAFT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(v) for k, v in row.items()})
    return write_text_atomic(path, buffer.getvalue())
