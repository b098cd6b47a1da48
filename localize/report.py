"""The run report: counts per market, outputs, stage summaries; JSON for machines, rich for people.

The JSON names (`exit_code`, `markets.<m>.read/written/rejected/withheld`, `outputs`) are an
interface that scripts and CI jobs rely on: add keys, never rename them.
The invariant a reader can check: `read == written + rejected + withheld + pending` per market
(`pending`: waiting for the translation engine after a quota or budget stop; 0 normally).
Market-level `written` counts records published in the market (by every output whose own
requirements they meet), `withheld` records held back from the whole market for review. Per
output (`markets.<m>.outputs.<format>`), `written + withheld + rejected + pending == read` as
well: an output's `withheld` adds the records withheld for that output's own requirements only
(a Google item without image_link) to the market's withheld records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.table import Table

from .model import SEVERITIES, Finding
from .terminal import terminal_markup, terminal_text


@dataclass
class MarketCounts:
    read: int = 0
    written: int = 0
    rejected: int = 0
    withheld: int = 0
    pending: int = 0
    findings: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SEVERITIES})
    extra: dict[str, Any] = field(default_factory=dict)
    # per output format: {"written", "withheld"}; for each, written + withheld + rejected + pending == read
    outputs: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "read": self.read,
            "written": self.written,
            "rejected": self.rejected,
            "withheld": self.withheld,
            "pending": self.pending,
            "findings": dict(self.findings),
        }
        if self.outputs:
            data["outputs"] = {fmt: dict(c) for fmt, c in self.outputs.items()}
        data.update(self.extra)
        return data

    def published(self) -> int:
        """Records some output of the market took (`written`), or any output's count if larger."""
        return max([self.written, *(c["written"] for c in self.outputs.values())]) if self.outputs else self.written


@dataclass
class RunReport:
    """What a run did. `localize.run()` returns it; the CLI prints it."""

    exit_code: int = 0
    markets: dict[str, MarketCounts] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    stages: dict[str, Any] = field(default_factory=dict)
    rejects: int = 0
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0
    sections: dict[str, Any] = field(default_factory=dict)  # e.g. "translation": {...}
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    requested_exit: int = 0  # a stage may ask for a non-zero exit (e.g. 4 after a quota stop)

    MAX_WARNINGS = 50

    def escalate(self, code: int) -> None:
        """Ask for an exit code at the end of the run; the highest requested code wins."""
        self.requested_exit = max(self.requested_exit, int(code))

    def market(self, code: str) -> MarketCounts:
        return self.markets.setdefault(code, MarketCounts())

    def warn(self, message: str) -> None:
        """Record a warning; the first MAX_WARNINGS are kept verbatim, the rest counted."""
        self.warning_count += 1
        if len(self.warnings) < self.MAX_WARNINGS:
            self.warnings.append(message)

    def count_finding(self, finding: Finding) -> None:
        if finding.market:
            counts = self.market(finding.market).findings
            counts[finding.severity] = counts.get(finding.severity, 0) + 1

    def add_time(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    def balanced(self) -> bool:
        return all(c.read == c.written + c.rejected + c.withheld + c.pending for c in self.markets.values())

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "exit_code": int(self.exit_code),
            "markets": {code: counts.to_dict() for code, counts in self.markets.items()},
            "outputs": list(self.outputs),
            "rejects": self.rejects,
            "stages": self.stages,
            "warnings": {"count": self.warning_count, "first": list(self.warnings)},
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }
        data.update(self.sections)
        if self.error:
            data["error"] = self.error
        return data


def render(report: RunReport, console: Any) -> None:
    """A short, readable summary for a terminal (rich)."""
    table = Table(title="localize run", title_justify="left", show_edge=False)
    for col in ("market", "read", "written", "rejected", "withheld", "block", "review", "info"):
        table.add_column(col, justify="right" if col != "market" else "left")
    for code, c in report.markets.items():
        table.add_row(
            code, str(c.read), str(c.written), str(c.rejected), str(c.withheld),
            str(c.findings.get("block", 0)), str(c.findings.get("review", 0)), str(c.findings.get("info", 0)),
        )
    console.print(table)
    for name, summary in report.stages.items():
        if isinstance(summary, dict) and summary.get("status") == "pass-through":
            console.print(f"[yellow]stage {name}:[/] {summary.get('note', 'not built yet')}", highlight=False)
    translation = report.sections.get("translation")
    if translation:
        console.print(
            "translation: engine {engine}, {segments} segments, {from_memory} from memory, "
            "{characters_billed} characters billed, {pending} pending".format(
                **{k: translation.get(k, 0) for k in ("engine", "segments", "from_memory", "characters_billed", "pending")}
            ),
            highlight=False,
        )
        if translation.get("estimate"):  # run --dry-run: what a real run would bill
            render_estimate({"engine": translation.get("engine"), **translation["estimate"]}, console)
    for c in report.markets.values():
        if c.extra.get("unpublished"):
            console.print(f"[bold red]{terminal_markup(c.extra['unpublished'])}[/]", highlight=False, markup=True)
    if report.warning_count:
        console.print(f"[yellow]{report.warning_count} warning(s)[/]; first: {terminal_markup(report.warnings[0])}",
                      highlight=False, markup=True)
    if report.rejects:
        console.print(f"[red]{report.rejects} record(s) rejected[/]: see rejects.jsonl", highlight=False)
    for path in report.outputs:
        console.print(f"  wrote {terminal_text(str(path))}", highlight=False, markup=False)
    console.print(f"exit code {int(report.exit_code)}", highlight=False)


def render_estimate(data: dict[str, Any], console: Any) -> None:
    """A short table for people: characters per market, total, quota and budget."""
    table = Table(title="translation estimate (characters to bill after memory)", title_justify="left", show_edge=False)
    table.add_column("market")
    table.add_column("characters", justify="right")
    for market, chars in (data.get("markets") or {}).items():
        table.add_row(market, f"{chars:,}")
    table.add_row("total", f"{data.get('characters', 0):,}")
    console.print(table)
    remaining = data.get("quota_remaining")
    if remaining is not None:
        verdict = "fits" if data.get("fits_quota") else "does NOT fit"
        console.print(f"DeepL quota remaining: {remaining:,} characters; this run {verdict}", highlight=False)
    elif data.get("engine") != "deepl":
        console.print(f"engine {data.get('engine')}: nothing is billed", highlight=False)
    budget = data.get("max_characters")
    if budget is not None:
        verdict = "fits" if data.get("fits_budget") else "exceeds it: the run stops there and resumes next time"
        console.print(f"budget (translation.max_characters): {budget:,}; this run {verdict}", highlight=False)
