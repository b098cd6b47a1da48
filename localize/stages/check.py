"""Check stage: runs every checker over the batch (sensitivity rules, translation QA).

Checkers are stages themselves; they are listed here explicitly so the order is obvious.
"""

from __future__ import annotations

from typing import Any

from ..model import Market
from .base import Batch, RunContext, Stage
from .qa import QAChecker
from .required_wording import RequiredWordingChecker
from .rules import RulesChecker


def _checkers() -> list[Stage]:
    return [RulesChecker(), QAChecker(), RequiredWordingChecker()]


class CheckStage(Stage):
    name = "check"
    run_figures = frozenset({"rules_per_market"})  # the compiled rule sets, not a count of records

    def __init__(self) -> None:
        self.checkers = _checkers()

    @property
    def implemented(self) -> bool:  # type: ignore[override]
        return bool(self.checkers)

    def open(self, ctx: RunContext) -> None:
        for checker in self.checkers:
            checker.open(ctx)

    def process(self, batch: Batch, ctx: RunContext) -> None:
        for checker in self.checkers:
            checker.process(batch, ctx)

    def close(self, ctx: RunContext) -> None:
        for checker in self.checkers:
            checker.close(ctx)

    def fingerprint(self, market: Market) -> str:
        return "|".join(c.fingerprint(market) for c in self.checkers)

    def summary(self) -> dict[str, Any]:
        if not self.checkers:
            return {"status": "pass-through", "note": "no checkers are built yet; records passed unchanged"}
        return {"status": "ok", "checkers": {c.name: c.summary() for c in self.checkers}}
