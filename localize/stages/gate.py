"""Gate stage: a record with a `block` or `review` finding is withheld from its market's feed.

Withheld records go to the review queue instead of the publishable feed; the rest is published.
Review decisions (approve/reject/edit) are applied by the review module when it is present.
"""

from __future__ import annotations

from typing import Any

from .base import Batch, RunContext, Stage

WITHHOLDING = frozenset({"block", "review"})


class GateStage(Stage):
    name = "gate"

    def __init__(self) -> None:
        self.withheld = 0

    def process(self, batch: Batch, ctx: RunContext) -> None:
        for record in batch.active():
            if any(f.severity in WITHHOLDING for f in record.findings):
                record.withheld = True
                self.withheld += 1

    def summary(self) -> dict[str, Any]:
        return {"status": "ok", "withheld": self.withheld}
