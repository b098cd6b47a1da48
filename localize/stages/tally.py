"""Counts and findings a stage reports, shared by the modules of one stage (the convert stage's units,
prices and quantities-in-copy jobs report as one `convert` stage)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Finding, LocalizedRecord


@dataclass
class Tally:
    """What a stage counted and which findings it raised, by code."""

    stage: str
    counts: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)

    def finding(self, record: LocalizedRecord, code: str, field: str, message: str, matched: str,
                severity: str = "block") -> None:
        """Add a finding on `record` (named by product, market and field) and count it."""
        self.findings[code] += 1
        record.add_finding(Finding(
            code=code, severity=severity,  # type: ignore[arg-type]
            message=f"{record.identifier}: {field}: {message}", product=record.identifier,
            market=record.market.code, field=field, locale=record.market.locale, matched=matched,
            stage=self.stage,
        ))
