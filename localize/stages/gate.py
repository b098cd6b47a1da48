"""Gate stage: a record with a `block` or `review` finding is withheld from its market's feed.

Withheld records go to the review queue instead of the publishable feed; the rest is published.
Stored review decisions apply first (`localize.review.gate.decide`): approve -> publish,
reject -> never publish in that market, edit -> publish the corrected text.
"""

from __future__ import annotations

from typing import Any

from ..errors import ExitCode
from ..model import Market
from ..review.decisions import DecisionStore, fingerprint, store_path
from ..review.gate import decide
from .base import Batch, RunContext, Stage

WITHHOLDING = frozenset({"block", "review"})


class GateStage(Stage):
    name = "gate"

    def __init__(self) -> None:
        self.withheld = 0
        self.approved = 0
        self.edited = 0
        self.rejected = 0
        self.open_findings = 0
        self.open_by_severity: dict[str, int] = {"block": 0, "review": 0}
        self.fail_on: tuple[str, ...] = ()
        self.decisions: dict[str, Any] = {}
        self.store_path: str | None = None

    def open(self, ctx: RunContext) -> None:
        self.fail_on = ctx.config.settings.review.fail_on
        path = store_path(ctx.config)
        url = ctx.config.state_url
        if path.is_file() or url:
            with DecisionStore(path, url=url, schema=ctx.config.state_schema) as store:
                self.decisions = store.all()
                self.store_path = str(store.path)

    def process(self, batch: Batch, ctx: RunContext) -> None:
        qa = ctx.rechecker
        for record in batch.active():
            result = decide(record, self.decisions)
            if result.edited:
                record.items.clear()  # a reviewer's text: the channels build their items anew
            if result.edited and not result.withheld and qa is not None and qa.recheck(record):
                # the reviewer's text has an error `validate` would reject: held for another look
                result.withheld = True
                result.open += 1
                result.open_by_severity["review"] = result.open_by_severity.get("review", 0) + 1
            self.approved += result.approved
            self.edited += result.edited
            self.rejected += result.rejected
            self.open_findings += result.open
            for severity, n in result.open_by_severity.items():
                self.open_by_severity[severity] = self.open_by_severity.get(severity, 0) + n
            if result.withheld:
                record.withheld = True
                self.withheld += 1

    def fingerprint(self, market: Market) -> str:
        """The market's stored decisions: a new decision makes incremental runs redo the market."""
        mine = [d for d in self.decisions.values() if d.market == market.code]
        return f"gate:{','.join(self.fail_on)}:{fingerprint(mine)}"

    def close(self, ctx: RunContext) -> None:
        # A run whose feeds leave out products because of open `block` findings did not fully succeed.
        if any(self.open_by_severity.get(s, 0) for s in self.fail_on):
            ctx.report.escalate(int(ExitCode.FINDINGS))

    def summary(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "withheld": self.withheld,
            "open_findings": dict(self.open_by_severity),
            "decisions": {"stored": len(self.decisions), "approved": self.approved, "edited": self.edited,
                          "rejected": self.rejected},
            "store": self.store_path,
        }
