"""`--format text` (the default): a readable summary with rich, grouped by file.

Everything shown comes from feed content, so it is printed with markup disabled: a product
title such as `[red]` can never restyle the terminal or hide text.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...terminal import terminal_text

if TYPE_CHECKING:
    from ..engine import ValidationResult


def render(result: ValidationResult, *, color: bool = False, width: int = 100) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, color_system="standard" if color else None,
                      width=width, highlight=False, soft_wrap=True)
    by_file: dict[str, list] = {}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    for summary in result.files:
        head = Text(terminal_text(f"{summary.path}"), style="bold")
        head.append(f"  ({summary.profile}, {summary.records} record(s))", style="dim")
        console.print(head)
        for f in by_file.get(summary.path, []):
            line = Text("  ")
            line.append(f"{f.line or '-':>6} ", style="dim")
            line.append(f"{f.severity:<7} ", style="bold red" if f.severity == "error" else "yellow")
            line.append(f"{f.code:<24} ", style="cyan")
            where = " ".join(p for p in (f.record, f.field) if p)
            if where:
                line.append(terminal_text(where) + ": ", style="bold")
            line.append(terminal_text(f.message))  # messages quote feed data: no escape sequence reaches the terminal
            console.print(line)
    counts = result.counts_by_code()
    if counts:
        table = Table(title="findings by check", title_justify="left", show_edge=False)
        for col in ("check", "level", "errors", "warnings"):
            table.add_column(col, justify="left" if col in ("check", "level") else "right")
        order = Counter({code: -(c["error"] * 1_000_000 + c["warning"]) for code, c in counts.items()})
        for code, _ in sorted(order.items(), key=lambda kv: (kv[1], kv[0])):
            c = counts[code]
            table.add_row(Text(code), Text(result.checks.get(code, "")), str(c["error"]), str(c["warning"]))
        console.print(table)
    if result.omitted:
        console.print(Text(f"{result.omitted} more finding(s) not shown (--max-findings)", style="yellow"))
    status = Text("FAILED" if result.exit_code else "PASSED", style="bold red" if result.exit_code else "bold green")
    claimed = {"feed": " (as the feed says)", "manifest": " (as the run's manifest.json says)"}.get(result.market_from, "")
    status.append(f"  market {result.market.code}{claimed}: {result.errors} error(s), {result.warnings} warning(s) in "
                  f"{sum(s.records for s in result.files)} record(s) of {len(result.files)} file(s)", style="")
    console.print(status)
    return buffer.getvalue()
