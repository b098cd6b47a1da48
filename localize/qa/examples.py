"""Run a check's documented `passes`/`fails` examples (the tests do; so can a curious user).

An example is either a text pair, a record (a list of records for stateful record checks), or
a whole file (`content`) that is written to a temporary file and validated with its profile.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import build_market
from ..model import Market
from .check_context import CheckContext, FeedRecord
from .check_types import Check, Example
from .engine import Validator
from .settings import build_settings

_SUFFIX = {"jsonl": ".jsonl", "google-merchant": ".tsv", "akeneo": ".csv", "xliff": ".xlf"}


@lru_cache(maxsize=64)
def market_for(locale: str) -> Market:
    return build_market({"locale": locale}, None)


def run_example(check: Check, example: Example) -> list[str]:
    """The messages the check produces for the example (empty = it passes)."""
    options = dict(example.options)
    status = options.pop("status", None)
    settings = build_settings(options)
    market = market_for(example.market)
    if example.content is not None:
        return _run_file(check, example, market, settings)
    ctx = CheckContext(market=market, settings=settings, profile=example.profile, file="example",
                       source_locale=example.source_locale, target_locale=market.locale)
    assert check.func is not None
    func = check.func() if check.stateful else check.func
    messages: list[str] = []
    if check.kind == "record":
        records = example.record if isinstance(example.record, list) else [example.record]
        for line, fields in enumerate(records, 1):
            record = FeedRecord(line=line, identifier=_identifier(fields), fields=fields)
            ctx.record = record
            messages.extend(issue.message for issue in func(record, ctx))
        return messages
    sources = example.source if isinstance(example.source, tuple) else (example.source,)
    targets = example.target if isinstance(example.target, tuple) else (example.target,)
    for line, (source, target) in enumerate(zip(sources, targets, strict=True), 1):
        record = FeedRecord(line=line, identifier=f"P{line}", fields={},
                            status={example.field: status} if status else {})
        ctx.record = record
        ctx.field = example.field
        ctx.limit = settings.length_limits.get(example.field)
        messages.extend(issue.message for issue in func(source, target, ctx))
    return messages


def _identifier(fields: Any) -> str | None:
    if not isinstance(fields, dict):
        return None
    for key in ("identifier", "id", "sku"):
        if isinstance(fields.get(key), str):
            return fields[key]
    return None


def _run_file(check: Check, example: Example, market: Market, settings: Any) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"example{_SUFFIX.get(example.profile, '.csv')}"
        path.write_text(example.content or "", encoding="utf-8")
        result = Validator(market, settings, profile=example.profile, base=Path(tmp)).validate([path])
    return [f.message for f in result.findings if f.code == check.code]
