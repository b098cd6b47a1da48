"""Read reviewers' decisions (CSV, the edited XLSX, or XLIFF 2) and store them.

Every row is checked against the current review queue before anything is stored, and all
problems are reported at once with file and row: an unknown decision, an edit without
text, no reviewer, approving a `block` finding without saying why, a row whose text
changed since the sheet was exported. Nothing is stored unless the whole file is valid,
so a half-applied sheet never exists.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ..cells import unneutralise
from ..errors import InputError, LocalizeError
from .decisions import DECISIONS, Decision, DecisionStore, now_iso
from .queue import Queue, QueueItem
from .rows import Row
from .xliff_read import read_xliff

__all__ = ["ApplyResult", "DecisionFileError", "Row", "apply_file", "read_rows", "validate"]

SYNONYMS = {"approved": "approve", "ok": "approve", "accept": "approve", "accepted": "approve",
            "rejected": "reject", "edited": "edit", "fix": "edit", "fixed": "edit"}


class DecisionFileError(LocalizeError):
    """A decisions file has problems; `problems` lists each with file and row. Nothing was stored."""

    def __init__(self, message: str, problems: list[str], *, hint: str | None = None) -> None:
        self.problems = problems
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        text = self.message + "".join(f"\n  - {p}" for p in self.problems)
        return text + (f"\n  hint: {self.hint}" if self.hint else "")


@dataclass
class ApplyResult:
    applied: int = 0
    unchanged: int = 0
    undecided: int = 0
    by_decision: dict[str, int] = field(default_factory=lambda: {d: 0 for d in DECISIONS})
    store: str = ""
    file: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"applied": self.applied, "unchanged": self.unchanged, "undecided": self.undecided,
                "by_decision": dict(self.by_decision), "store": self.store, "file": self.file}


def read_rows(path: str | Path, queue: Queue) -> tuple[list[Row], int]:
    """Decisions in a CSV, XLSX or XLIFF file, and how many rows had no decision."""
    path = Path(path)
    if not path.is_file():
        raise LocalizeError(f"{path}: decisions file not found", hint="pass the review.csv, review.xlsx or review.xlf you edited")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_table(path, _csv_rows(path))
    if suffix in (".xlsx", ".xlsm"):
        return _read_table(path, _xlsx_rows(path))
    if suffix in (".xlf", ".xliff"):
        return read_xliff(path, queue)
    raise LocalizeError(f"{path}: unknown decisions file type '{suffix}'",
                        hint="use the .csv, .xlsx or .xlf written by `localize review export`")


#: The columns `review export` writes that `apply` needs; without them a file cannot be a decisions file.
REQUIRED_COLUMNS = ("key", "decision")
KNOWN_COLUMNS = "key, decision, corrected_text, reviewer, comment, decided_at"


class _LongRow(dict):  # type: ignore[type-arg]
    """A CSV row with more fields than its header (reported with its line, never guessed at)."""


def _check_header(path: Path, header: list[str]) -> None:
    names = {h.strip().lower().lstrip("\ufeff") for h in header}
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        shown = ", ".join(h for h in header[:12] if h) or "(nothing)"
        raise InputError(f"{path}: no {' and no '.join(repr(m) for m in missing)} column, so this is not a decisions "
                         f"file (the header has: {shown})",
                         hint=f"apply the review.csv/.xlsx written by `localize review export`, with its columns "
                              f"{KNOWN_COLUMNS}; fill in decision per row")


def _csv_rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    csv.field_size_limit(1 << 24)  # a reviewer's corrected text, never megabytes
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            _check_header(path, list(reader.fieldnames or []))
            for row in reader:
                if None in row:
                    yield reader.line_num, _LongRow()
                    continue
                yield reader.line_num, {(k or "").strip().lower(): unneutralise(v or "") for k, v in row.items()}
    except UnicodeDecodeError as exc:
        raise LocalizeError(f"{path}: not valid UTF-8 (byte {exc.start})",
                            hint="save the sheet as CSV UTF-8, or apply the .xlsx instead") from None
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV ({exc})",
                         hint="save the sheet as CSV UTF-8 again; a quote that is never closed is the usual cause") from None


def _xlsx_rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise LocalizeError(f"{path}: cannot read this XLSX ({type(exc).__name__}: {exc})",
                            hint="save it again from the spreadsheet as .xlsx") from None
    ws = wb["Review"] if "Review" in wb.sheetnames else wb.worksheets[0]
    header: list[str] = []
    ws.reset_dimensions()  # trust the rows, not the sheet's claimed size
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), 1):
            if number == 1:
                header = [str(v or "").strip().lower() for v in values]
                _check_header(path, header)
                continue
            row = {header[i]: ("" if v is None else str(v)) for i, v in enumerate(values) if i < len(header)}
            if any(row.values()):
                yield number, row
    except LocalizeError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet raises parser errors of many types
        raise LocalizeError(f"{path}: cannot read this XLSX ({type(exc).__name__}: {exc})",
                            hint="save it again from the spreadsheet as .xlsx") from None
    finally:
        wb.close()


def _read_table(path: Path, rows: Iterable[tuple[int, dict[str, str]]]) -> tuple[list[Row], int]:
    out, undecided = [], 0
    long_rows: list[str] = []
    for number, row in rows:
        if isinstance(row, _LongRow):
            long_rows.append(f"{path}:{number}: the row has more fields than the header; check quoting "
                             "(a comma inside a text needs the text in quotes)")
            continue
        decision = row.get("decision", "").strip()
        if not decision:
            undecided += 1
            continue
        out.append(Row(
            where=f"{path}:{number}", key=row.get("key", "").strip(), decision=decision,
            corrected=row.get("corrected_text") or None, reviewer=(row.get("reviewer") or "").strip() or None,
            comment=(row.get("comment") or "").strip() or None, decided_at=(row.get("decided_at") or "").strip() or None,
        ))
    if long_rows:
        raise DecisionFileError(f"{path}: {len(long_rows)} problem(s); nothing was applied", long_rows,
                                hint="fix the rows named above and apply the file again")
    return out, undecided


def validate(rows: list[Row], queue: Queue, *, reviewer: str | None, comment_required: Iterable[str] = ()) -> tuple[list[tuple[Row, QueueItem]], list[str]]:
    """Rows matched to queue items, and every problem found."""
    by_key = queue.by_key()
    by_identity: dict[tuple[str, str, str, str], QueueItem] = {}
    for item in queue.items:
        by_identity[(item.market, item.product, item.field or "", item.rule)] = item
    problems: list[str] = []
    matched: list[tuple[Row, QueueItem]] = []
    seen: dict[str, Row] = {}
    needs_comment = set(comment_required)
    for row in rows:
        decision = SYNONYMS.get(row.decision.lower(), row.decision.lower())
        if decision not in DECISIONS:
            close = difflib.get_close_matches(decision, DECISIONS, n=1)
            problems.append(f"{row.where}: decision '{row.decision}' is not one of approve, reject, edit"
                            + (f" (did you mean '{close[0]}'?)" if close else ""))
            continue
        row.decision = decision
        item = by_key.get(row.key)
        if item is None:
            if not row.key:
                problems.append(f"{row.where}: the key column is empty; keep the key from the exported sheet")
            else:
                problems.append(f"{row.where}: key {row.key} is not in the review queue ({queue.path}); the text "
                                "changed or the item was resolved since the export - export again and review the new text")
            continue
        if item.severity not in ("block", "review"):
            problems.append(f"{row.where}: {item.rule} on {item.product} is an info finding; it needs no decision")
            continue
        who = row.reviewer or reviewer
        if not who:
            problems.append(f"{row.where}: no reviewer; fill the reviewer column or pass --reviewer NAME")
        row.reviewer = who
        if decision == "edit":
            if not row.corrected:
                problems.append(f"{row.where}: 'edit' needs the corrected text in corrected_text")
            elif not item.text_field:
                problems.append(f"{row.where}: field '{item.field}' of {item.product} is not text; use approve or reject")
        elif row.corrected and decision != "edit":
            row.corrected = None
        if decision == "approve" and item.severity == "block" and not row.comment:
            problems.append(f"{row.where}: approving the block finding {item.rule} on {item.product} needs a comment "
                            "saying why it may be published")
        elif decision in needs_comment and not row.comment:
            problems.append(f"{row.where}: '{decision}' needs a comment (review.comment_required_for)")
        prior = seen.get(row.key)
        if prior is not None and (prior.decision, prior.corrected) != (row.decision, row.corrected):
            problems.append(f"{row.where}: conflicts with {prior.where} for the same finding ({row.key})")
            continue
        seen[row.key] = row
        matched.append((row, item))
    return matched, problems


def apply_file(path: str | Path, queue: Queue, store: DecisionStore, *, reviewer: str | None = None,
               comment_required: Iterable[str] = ()) -> ApplyResult:
    """Validate every decision in `path` against `queue`, then store them all (or none)."""
    rows, undecided = read_rows(path, queue)
    matched, problems = validate(rows, queue, reviewer=reviewer, comment_required=comment_required)
    if problems:
        raise DecisionFileError(f"{path}: {len(problems)} problem(s); nothing was applied", problems,
                                hint="fix the rows named above and apply the file again")
    result = ApplyResult(undecided=undecided, store=str(store.path), file=str(path))
    stamp = now_iso()
    for row, item in matched:
        decision = Decision(
            key=item.key, market=item.market, product=item.product, field=item.field, rule=item.rule,
            decision=row.decision, reviewer=row.reviewer or "", decided_at=row.decided_at or stamp, locale=item.locale,
            matched=item.matched, corrected=row.corrected if row.decision == "edit" else None, comment=row.comment,
            source_text=item.source_text, target_text=item.target_text, origin=str(path),
        )
        if store.put(decision):
            result.applied += 1
            result.by_decision[row.decision] += 1
        else:
            result.unchanged += 1
    return result
