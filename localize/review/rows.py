"""One reviewer's decision as read from a file (CSV, XLSX or XLIFF), before it is validated
against the queue: the shape `apply` and `xliff_read` share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    """One decision as read from a file, before validation."""

    where: str  # file:row (or file:unit id)
    key: str
    decision: str
    corrected: str | None = None
    reviewer: str | None = None
    comment: str | None = None
    decided_at: str | None = None
    keys: tuple[str, ...] = ()  # XLIFF: the unit's finding keys
