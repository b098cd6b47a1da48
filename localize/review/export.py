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
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..cells import is_formula_like, neutralise
from ..writers.atomic import atomic_write
from .queue import Queue, QueueItem, counts_by_rule

CSV_COLUMNS = ("key", "market", "product", "field", "locale", "severity", "rule", "matched", "message", "action",
               "source_text", "target_text", "decision", "corrected_text", "reviewer", "comment", "decided_at")
CONTEXT = 400  # characters of text shown around a match in the HTML report


def _parts(text: str, span: tuple[int, int] | None) -> list[tuple[str, bool]]:
    if not span or not text or span[1] > len(text) or span[0] >= span[1]:
        return [(_clip(text), False)]
    start, end = span
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return [(("\u2026" if start > CONTEXT else "") + before, False), (text[start:end], True),
            (after + ("\u2026" if len(text) - end > CONTEXT else ""), False)]


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
    from jinja2 import Environment
    from markupsafe import Markup

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
    """The decision sheet as XLSX: a list validation on `decision`, frozen header, filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..writers.xmlsafe import xml_safe

    wb = Workbook()
    ws = wb.active
    ws.title = "Review"
    ws.append(list(CSV_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for item in items:
        ws.append([None] * len(CSV_COLUMNS))
        row = ws.max_row
        for col, (name, value) in enumerate(_row(item).items(), 1):
            cell = ws.cell(row=row, column=col)
            value = xml_safe(value)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if is_formula_like(value):
                    cell.quotePrefix = True
                if name in ("source_text", "target_text", "corrected_text", "message"):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"key": 14, "message": 50, "action": 40, "source_text": 60, "target_text": 60, "corrected_text": 60, "comment": 30}
    for col, name in enumerate(CSV_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(name, 16)
    last = max(ws.max_row, 2)
    decision_col = get_column_letter(CSV_COLUMNS.index("decision") + 1)
    dv = DataValidation(type="list", formula1='"approve,reject,edit"', allow_blank=True,
                        error="Use approve, reject or edit", errorTitle="Decision")
    dv.add(f"{decision_col}2:{decision_col}{last}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(CSV_COLUMNS))}{last}"
    rules = wb.create_sheet("Rules")
    rules.append(["rule", "severity", "count", "message"])
    for rule, sev, n, msg in rule_counts:
        rules.append([rule, sev, n, msg])
        for cell in rules[rules.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if is_formula_like(cell.value):
                    cell.quotePrefix = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_write(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_write(path, "wb", encoding=None) as f:
        f.write(data)


def export(queue: Queue, out_dir: str | Path, *, project: str | None = None) -> list[Path]:
    """Write every review file into `out_dir`; returns the paths written."""
    from .xliff import render_xliff

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    decidable = queue.decidable()
    written = []
    html_path = out / "review.html"
    atomic_write_text(html_path, render_html(queue, project=project))
    written.append(html_path)
    csv_path = out / "review.csv"
    atomic_write_text(csv_path, render_csv(decidable), encoding="utf-8-sig")
    written.append(csv_path)
    xlsx_path = out / "review.xlsx"
    atomic_write_bytes(xlsx_path, render_xlsx(decidable, counts_by_rule(decidable)))
    written.append(xlsx_path)
    markets = sorted({i.market for i in decidable})
    if len(markets) <= 1:
        path = out / "review.xlf"
        atomic_write_text(path, render_xliff(decidable))
        written.append(path)
    else:
        for market in markets:
            path = out / f"review.{market}.xlf"
            atomic_write_text(path, render_xliff([i for i in decidable if i.market == market]))
            written.append(path)
    return written
