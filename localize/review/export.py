"""Write the review queue for people: `review.html`, `review.csv`, `review.xlsx`, XLIFF 2.

Product data is untrusted. The HTML is rendered by jinja2 with autoescaping on, carries a
Content-Security-Policy that only allows our own inline script and style (by hash), and
loads nothing from the network, so a description containing `<script>` or
`" onmouseover=` shows as text and cannot run. CSV and XLSX cells that a spreadsheet would
read as a formula (`= + - @`, tab, CR) are neutralised: CSV gets a leading apostrophe,
which `apply` strips again; XLSX stores them as text with Excel's quote prefix.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..atomic import AtomicFile, atomic_write
from ..cells import is_formula_like, neutralise
from ..locale import text_direction, to_bcp47
from ..readers.controls import CONTROL, needs_reading, read_controls
from ..xmlsafe import xml_safe
from .queue import Queue, QueueItem, counts_by_rule
from .xliff import render_xliff

CSV_COLUMNS = ("key", "market", "product", "field", "locale", "severity", "rule", "matched", "message", "action",
               "source_text", "target_text", "decision", "corrected_text", "reviewer", "comment", "decided_at")
CONTEXT = 400  # characters of text shown around a match in the HTML report


def _parts(text: str, span: tuple[int, int] | None) -> list[tuple[str, bool]]:
    if not span or not text or span[1] > len(text) or span[0] >= span[1]:
        return _visible([(_clip(text), False)], text)
    start, end = span
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return _visible([(("\u2026" if start > CONTEXT else "") + before, False), (text[start:end], True),
                     (after + ("\u2026" if len(text) - end > CONTEXT else ""), False)], text)


def _visible(parts: list[tuple[str, bool]], text: str) -> list[tuple[str, bool]]:
    """The parts of `text` with the characters a run would not publish shown as `\\u202e` (as the terminal
    shows them): a bidi override in a translation memory's target is why the record is held, and shown raw it
    is invisible and reverses the rest of the cell the reviewer reads. Decided on the whole text by the run's
    own reading (`read_controls`), so balanced isolates in RTL copy and joiners stay as they are."""
    if not needs_reading(text) or not read_controls(text)[1]:
        return parts
    return [(CONTROL.sub(lambda m: ascii(m.group())[1:-1], part), hit) for part, hit in parts]


def _clip(text: str) -> str:
    return text if len(text) <= 2 * CONTEXT else text[: 2 * CONTEXT] + "\u2026"


def _row(item: QueueItem) -> dict[str, Any]:
    d = item.decision
    return {
        "key": item.key, "market": item.market, "product": item.product, "field": item.field or "",
        "locale": item.locale or "", "severity": item.severity, "rule": item.rule, "matched": item.matched or "",
        "message": item.message, "action": item.action or "", "source_text": item.source_text,
        "target_text": item.target_text, "decision": d.decision if d else "", "corrected_text": (d.corrected or "") if d else "",
        "reviewer": d.reviewer if d else "", "comment": (d.comment or "") if d else "", "decided_at": d.decided_at if d else "",
    }


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def render_html(queue: Queue, *, project: str | None = None) -> str:
    """The self-contained HTML report of a queue."""

    folder = resources.files("localize.review").joinpath("templates")
    script = folder.joinpath("review.js").read_text(encoding="utf-8")
    style = folder.joinpath("review.css").read_text(encoding="utf-8")
    env = Environment(autoescape=True, trim_blocks=False, keep_trailing_newline=True)
    template = env.from_string(folder.joinpath("review.html.j2").read_text(encoding="utf-8"))
    items = []
    for item in queue.items:
        view = dict(item.__dict__)
        view["status"] = item.status
        view["source_parts"] = _parts(item.source_text, item.span if item.side == "source" else None)
        same = item.target_text == item.source_text and item.side == "source"
        view["target_parts"] = _parts(item.target_text, item.span if item.side == "target" or same else None)
        # the source market, or copy left untranslated: one text, shown once
        view["same_text"] = bool(item.text_field and item.target_text and item.target_text == item.source_text)
        # each text cell says its language and direction: Hebrew or Arabic copy in this left-to-right page
        # is laid out right to left (its full stop, numbers and Latin words in their places)
        target_locale = item.target_locale or item.locale or item.market
        view["source_lang"], view["source_dir"] = to_bcp47(item.source_locale or ""), text_direction(item.source_locale)
        view["target_lang"], view["target_dir"] = to_bcp47(target_locale or ""), text_direction(target_locale)
        items.append(view)
    sev = Counter(i.severity for i in queue.items)
    status = Counter(i.status for i in queue.items)
    source_locales = sorted({i.source_locale for i in queue.items if i.source_locale})
    filters = [
        ("market", "Market", sorted({i.market for i in queue.items})),
        ("severity", "Severity", [s for s in ("block", "review", "info") if sev.get(s)]),
        ("rule", "Rule", sorted({i.rule for i in queue.items})),
        ("field", "Field", sorted({i.field or "" for i in queue.items} - {""})),
        ("status", "Status", sorted(status)),
    ]
    return template.render(
        script=Markup(script), style=Markup(style), script_hash=_hash(script), style_hash=_hash(style),
        items=items, total=len(queue.items), records=len({(i.market, i.product) for i in queue.items}),
        markets=sorted({i.market for i in queue.items}), project=project, queue_path=queue.path,
        severity_counts=[(s, sev[s]) for s in ("block", "review", "info") if sev.get(s)],
        status_counts=sorted(status.items()), rule_counts=counts_by_rule(queue.items), filters=filters,
        source_locale=", ".join(source_locales) or "source",
    )


def render_csv(items: Sequence[QueueItem]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow({k: neutralise(v) for k, v in _row(item).items()})
    return buf.getvalue()


def render_xlsx(items: Sequence[QueueItem], rule_counts: list[tuple[str, str, int, str]]) -> bytes:
    """The decision sheet as XLSX: a list validation on `decision`, frozen header, filters.

    Written in openpyxl's write-only mode, row by row: linear in the number of findings (the
    regular mode's `max_row` scans the sheet for every appended row, so 25,000 findings took
    longer than a quarter of an hour). Every text cell is a string cell (never a formula);
    one starting with `= + - @` also gets Excel's quote prefix."""


    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Review")
    widths = {"key": 14, "message": 50, "action": 40, "source_text": 60, "target_text": 60, "corrected_text": 60, "comment": 30}
    for col, name in enumerate(CSV_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(name, 16)
    last = max(len(items) + 1, 2)
    decision_col = get_column_letter(CSV_COLUMNS.index("decision") + 1)
    dv = DataValidation(type="list", formula1='"approve,reject,edit"', allow_blank=True,
                        error="Use approve, reject or edit", errorTitle="Decision")
    dv.add(f"{decision_col}2:{decision_col}{last}")
    ws.data_validations.append(dv)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(CSV_COLUMNS))}{last}"
    wrapped = frozenset({"source_text", "target_text", "corrected_text", "message"})
    # Styles are set once on template cells and copied as arrays: assigning a font or an
    # alignment per cell costs a style-table lookup each time (most of the sheet's time).
    templates: dict[tuple[bool, bool, bool], Any] = {}
    for bold_, wrap_, quote_ in ((b, w, q) for b in (False, True) for w in (False, True) for q in (False, True)):
        t = WriteOnlyCell(ws, value="")
        if bold_:
            t.font = Font(bold=True)
        if wrap_:
            t.alignment = Alignment(wrap_text=True, vertical="top")
        if quote_:
            t.quotePrefix = True
        templates[(bold_, wrap_, quote_)] = t._style

    def cell(sheet: Any, value: Any, *, bold: bool = False, wrap: bool = False) -> Any:
        if not isinstance(value, str):
            return value
        value = xml_safe(value)
        quote = is_formula_like(value) or value.startswith("=")
        if not (bold or wrap or quote):
            return value  # a plain string cell
        c = WriteOnlyCell(sheet, value=value)
        c.data_type = "s"  # never a formula, whatever the text starts with
        c._style = StyleArray(templates[(bold, wrap and sheet is ws, quote)])
        return c

    ws.append([cell(ws, name, bold=True) for name in CSV_COLUMNS])
    for item in items:
        ws.append([cell(ws, value, wrap=name in wrapped) for name, value in _row(item).items()])
    rules = wb.create_sheet("Rules")
    rules.append(["rule", "severity", "count", "message"])
    for rule, sev, n, msg in rule_counts:
        rules.append([cell(rules, v) for v in (rule, sev, n, msg)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_write(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_write(path, "wb", encoding=None) as f:
        f.write(data)


def export(queue: Queue, out_dir: str | Path, *, project: str | None = None,
           progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write every review file into `out_dir`; returns the paths written.

    All or nothing: every file is rendered to a temporary name first, and only when all of
    them are complete are they renamed into place, so a failure (a full disk, an error in one
    renderer) leaves the previous export untouched. `progress(name)` is called as each file is
    done (the CLI shows it on a terminal)."""

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    decidable = queue.decidable()
    markets = sorted({i.market for i in decidable})
    by_market: dict[str, list[QueueItem]] = {}
    for item in decidable:
        by_market.setdefault(item.market, []).append(item)
    jobs: list[tuple[str, Callable[[], str | bytes], str | None]] = [
        ("review.html", lambda: render_html(queue, project=project), "utf-8"),
        ("review.csv", lambda: render_csv(decidable), "utf-8-sig"),
        ("review.xlsx", lambda: render_xlsx(decidable, counts_by_rule(decidable)), None),
    ]
    if len(markets) <= 1:
        jobs.append(("review.xlf", lambda: render_xliff(decidable), "utf-8"))
    else:
        for market in markets:
            jobs.append((f"review.{market}.xlf", lambda m=market: render_xliff(by_market[m]), "utf-8"))  # type: ignore[misc]
    staged: list[AtomicFile] = []
    try:
        for name, render, encoding in jobs:
            data = render()
            if isinstance(data, bytes):
                f = AtomicFile(out / name, "wb", encoding=None)
            else:
                f = AtomicFile(out / name, "w", encoding=encoding, newline="")
            staged.append(f)
            f.write(data)
            if progress is not None:
                progress(name)
        return [f.commit() for f in staged]
    except BaseException:
        for f in staged:
            f.abort()
        raise
