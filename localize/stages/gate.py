"""Gate stage: a record with a `block` or `review` finding is withheld from its market's feed.

Withheld records go to the review queue instead of the publishable feed; the rest is published.
Stored review decisions apply first (`localize.review.gate.decide`): approve -> publish,
reject -> never publish in that market, edit -> publish the corrected text. They are looked up a
batch at a time (a store may hold millions; memory stays flat), from a snapshot of the store taken
when the stage opens.
"""

from __future__ import annotations

from typing import Any

from ..errors import ExitCode
from ..model import Market
from ..review.decisions import DecisionStore, fingerprint, key_for_record, store_path
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
        self.store: DecisionStore | None = None  # open (on a snapshot) while the stage is, when it holds decisions
        self.stored = 0
        self.store_path: str | None = None

    def open(self, ctx: RunContext) -> None:
        self.fail_on = ctx.config.settings.review.fail_on
        path = store_path(ctx.config)
        url = ctx.config.state_url
        if path.is_file() or url:
            store = DecisionStore(path, url=url, schema=ctx.config.state_schema)
            try:
                store.snapshot()
                self.stored = store.count()
                self.store_path = str(store.path)
            except BaseException:
                store.close()
                raise
            if self.stored:
                self.store = store
            else:
                store.close()

    def process(self, batch: Batch, ctx: RunContext) -> None:
        qa = ctx.rechecker
        records = list(batch.active())
        decisions = self._decisions(records)
        for record in records:
            result = decide(record, decisions)
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

    def _decisions(self, records: list[Any]) -> dict[str, Any]:
        """The stored decisions on the batch's withholding findings (none asked when none is stored)."""
        if self.store is None:
            return {}
        keys = [key_for_record(r, f) for r in records for f in r.findings if f.severity in WITHHOLDING]
        return self.store.get_many(keys) if keys else {}

    def fingerprint(self, market: Market) -> str:
        """The market's stored decisions: a new decision makes incremental runs redo the market."""
        stored = self.store.market_fingerprint(market.code) if self.store is not None else fingerprint(())
        return f"gate:{','.join(self.fail_on)}:{stored}"

    def close(self, ctx: RunContext) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        # A run whose feeds leave out products because of open `block` findings did not fully succeed.
        if any(self.open_by_severity.get(s, 0) for s in self.fail_on):
            ctx.report.escalate(int(ExitCode.FINDINGS))

    def summary(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "withheld": self.withheld,
            "open_findings": dict(self.open_by_severity),
            "decisions": {"stored": self.stored, "approved": self.approved, "edited": self.edited,
                          "rejected": self.rejected},
            "store": self.store_path,
        }
