"""The review queue as items a person decides on: one item per finding of a withheld record.

`localize run` writes every withheld record to `out/review-queue.jsonl` (the feed line
format); `read_queue` turns those lines into `QueueItem`s with the decision key, the source
and target text of the field, and the stored decision, if any. A broken line is reported
with its line number and skipped; the rest is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..qa.checks import all_checks
from .decisions import Decision, DecisionStore, canonical, key_for_line, line_content

SEVERITY_ORDER = {"block": 0, "review": 1, "info": 2}


@dataclass
class QueueItem:
    """One finding of one withheld record, ready for a reviewer."""

    key: str
    market: str
    product: str
    field: str | None
    locale: str | None
    severity: str
    rule: str
    code: str
    message: str
    action: str | None
    matched: str | None
    span: tuple[int, int] | None
    source_locale: str
    target_locale: str
    source_text: str
    target_text: str
    side: str  # which text the span refers to: source | target | none
    text_field: bool  # the field holds text a reviewer can correct
    line: int
    decision: Decision | None = None
    stale: Decision | None = None  # a decision on an earlier text of the same finding
    rule_source: str | None = None
    evidence: str = ""  # why the finding was raised: signal, field, language, side (see `describe_evidence`)

    @property
    def status(self) -> str:
        if self.decision is not None:
            return self.decision.decision
        return "open" if self.severity in ("block", "review") else "info"

    def sort_key(self) -> tuple[Any, ...]:
        return (self.market, self.product, self.field or "", SEVERITY_ORDER.get(self.severity, 9), self.rule,
                self.span or (0, 0), self.key)


@dataclass
class Queue:
    items: list[QueueItem]
    problems: list[str] = field(default_factory=list)
    path: str = ""

    def decidable(self) -> list[QueueItem]:
        return [i for i in self.items if i.severity in ("block", "review")]

    def by_key(self) -> dict[str, QueueItem]:
        return {i.key: i for i in self.items}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return canonical(value)


def items_from_line(line: dict[str, Any], number: int) -> list[QueueItem]:
    """Queue items of one feed line (all its findings)."""
    items = []
    source_locale = line.get("source_locale") or ""
    target_locale = line.get("locale") or ""
    for f in line.get("findings") or []:
        fld = f.get("field")
        if fld == "categories" or fld is None:
            src = ", ".join(line.get("categories") or [])
            tax = line.get("taxonomy") or {}
            path = tax.get("path")
            tgt = " > ".join(str(p) for p in path) if isinstance(path, list) else _text(path or tax.get("category"))
            text_field = False
        else:
            content = line_content(line, fld)
            src = _text(content)
            tgt = _text((line.get("values") or {}).get(fld))
            text_field = isinstance((line.get("values") or {}).get(fld), str)
        locale = f.get("locale")
        span = tuple(f["span"]) if f.get("span") else None
        if span is None:
            side = "none"
        elif locale == source_locale and src:
            side = "source"
        else:
            side = "target"
        items.append(QueueItem(
            key=key_for_line(line, f), market=line["market"], product=line["identifier"], field=fld,
            locale=locale, severity=f.get("severity", "review"), rule=f.get("rule") or f.get("code", ""),
            code=f.get("code", ""), message=f.get("message", ""), action=f.get("action"), matched=f.get("matched"),
            span=span, source_locale=source_locale, target_locale=target_locale,  # type: ignore[arg-type]
            source_text=src, target_text=tgt, side=side, text_field=text_field, line=number,
            evidence=describe_evidence(f.get("evidence")),
        ))
    return items


SIGNAL_NAMES = {"category": "category", "family": "family", "attribute": "attribute", "terms": "words",
                "pattern": "pattern", "number": "number", "color": "colour", "ai": "AI second opinion"}


def describe_evidence(evidence: Any) -> str:
    """One line a reviewer reads: `pattern “13,5 % vol” in description (de, source copy); attribute ...`."""
    if not isinstance(evidence, list):
        return ""
    parts = []
    for item in evidence:
        if not isinstance(item, dict):
            continue
        text = SIGNAL_NAMES.get(str(item.get("signal")), str(item.get("signal") or "signal"))
        if item.get("matched"):
            text += f" \u201c{item['matched']}\u201d"
        if item.get("field"):
            text += f" in {item['field']}"
        where = [str(item[k]) for k in ("language",) if item.get(k)]
        if item.get("side"):
            where.append(f"{item['side']} copy")
        if where:
            text += f" ({', '.join(where)})"
        parts.append(text)
    return "; ".join(parts)


def read_queue(path: str | Path, store: DecisionStore | None = None, rule_sources: dict[str, str] | None = None) -> Queue:
    """Read `review-queue.jsonl`; decisions from `store` are attached to their items."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: review queue not found",
                         hint="run `localize run` first (it writes review-queue.jsonl next to the feeds), or pass --queue")
    items: list[QueueItem] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                if not isinstance(line, dict) or "identifier" not in line or "market" not in line:
                    raise ValueError("not a feed line (needs identifier and market)")
                items.extend(items_from_line(line, number))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"{path}:{number}: skipped: {exc}")
    items.sort(key=QueueItem.sort_key)
    if store is not None:
        decided = store.get_many(item.key for item in items)  # the queue's own, not the whole store
        for item in items:
            item.decision = decided.get(item.key)
            if item.decision is None and item.severity in ("block", "review"):
                item.stale = store.latest_for(item.market, item.product, item.field, item.rule)
    if rule_sources:
        for item in items:
            item.rule_source = rule_sources.get(item.rule)
    return Queue(items=items, problems=problems, path=str(path))


def counts_by_rule(items: Iterable[QueueItem]) -> list[tuple[str, str, int, str]]:
    """(rule, severity, count, message) sorted by severity then count, for the report's rule table."""
    counts: dict[tuple[str, str], list[Any]] = {}
    for item in items:
        entry = counts.setdefault((item.rule, item.severity), [0, _rule_message(item)])
        entry[0] += 1
    rows = [(rule, sev, n, msg) for (rule, sev), (n, msg) in counts.items()]
    rows.sort(key=lambda r: (SEVERITY_ORDER.get(r[1], 9), -r[2], r[0]))
    return rows


def _rule_message(item: QueueItem) -> str:
    """What a rule is about: a rule pack's message, or for the run's QA checks (`validate:<code>`,
    whose messages name one product's text) the check's own summary."""
    if item.rule.startswith("validate:"):
        check = all_checks().get(item.rule[len("validate:"):])
        if check is not None:
            return check.summary
    return item.message.split(" [")[0]
