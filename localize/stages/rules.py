"""The rules checker inside the check stage: loads the rule packs once, compiles them per
market on first use, and adds every finding to its record."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..errors import LocalizeError
from ..locale import to_bcp47
from ..model import LocalizedRecord, Market
from ..rules.ai import AICache, AIReviewer, AISettings
from ..rules.checker import DEFAULT_EXCLUDE, check_view, record_view
from ..rules.ruleset import load_ruleset
from ..taxonomy.source import read_source_categories
from .base import Batch, RunContext, Stage
from .markup import MarkupStage


def digest_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _pim_tree(ctx: RunContext) -> Any:
    """The PIM's category tree (codes, parents, labels in every locale) for category rules; None
    without `source.categories`. A file the map stage cannot read either is reported there."""
    path = ctx.config.source.categories
    if path is None:
        return None
    try:
        return read_source_categories(path)
    except (LocalizeError, OSError) as exc:
        ctx.report.warn(f"rules: PIM category labels not used ({exc})")
        return None


class RulesChecker(Stage):
    """Sensitivity and compliance rules (`rules/*.yaml` plus the config's packs)."""

    name = "rules"

    def __init__(self) -> None:
        self.ruleset: Any = None
        self.fields = 0
        self.records = 0
        self.by_rule: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.seconds = 0.0
        self.include: tuple[str, ...] = ()
        self.exclude: tuple[str, ...] = DEFAULT_EXCLUDE
        self.source_locale = ""
        self.pim_categories: Any = None
        self.ai: Any = None

    def open(self, ctx: RunContext) -> None:
        self.ruleset = load_ruleset(ctx.config)
        section = ctx.config.settings.rules.raw
        self.include = tuple(section.get("fields", ()))
        self.exclude = tuple(section.get("exclude_fields", DEFAULT_EXCLUDE))
        self.source_locale = to_bcp47(ctx.config.source.locale)
        self.pim_categories = _pim_tree(ctx)
        settings = AISettings.from_config(section.get("ai"))
        if settings.enabled:
            cache = AICache(None if ctx.options.dry_run else ctx.config.state_dir / "ai-review.sqlite")
            self.ai = AIReviewer(settings, cache)
            self.ai.client()  # a missing key or package stops the run here, before any record

    def process(self, batch: Batch, ctx: RunContext) -> None:
        start = time.perf_counter()
        taxonomy = ctx.taxonomy
        for record in batch.active():
            compiled = self.ruleset.for_market(record.market)
            if not compiled.rules:
                continue
            self.records += 1
            self.fields += len(record.values)
            view = record_view(record, source_locale=self.source_locale, as_of=self.ruleset.as_of,
                               include=self.include, exclude=self.exclude, taxonomy=taxonomy,
                               pim_categories=self.pim_categories)
            found = check_view(compiled, view)
            if self.ai is not None:
                found = found + self.ai.review(view)  # only adds findings (review); the rules always run
            for finding in found:
                record.add_finding(finding)
                self.by_rule[finding.rule or finding.code] += 1
                self.by_severity[finding.severity] += 1
        self.seconds += time.perf_counter() - start

    def close(self, ctx: RunContext) -> None:
        if self.ai is not None:
            self.ai.cache.close()

    def fingerprint(self, market: Market) -> str:
        """Pack contents and settings, and the market's active rules with their severities
        (incremental runs). The run date is not in it: it decides only which rules are active, which
        the list of active rules holds, so a nightly run on the next day reuses every record unless
        a rule's `effective_from`/`effective_until` was crossed, and then only in the markets that
        rule applies to."""
        if self.ruleset is None:
            return ""
        rules = ",".join(f"{r.id}:{r.severity}" for r in self.ruleset.rules_for(market))
        if self.ai is not None and self.ai.applies_to(market.code):
            rules += f",ai:{self.ai.settings.model}:{self.ai.settings.min_confidence}"
        undated = replace(self.ruleset, as_of=dt.date.min).fingerprint  # packs and settings, not the date
        return f"rules:{undated}:{digest_text(rules)}:{','.join(self.include)}:{','.join(self.exclude)}"

    def summary(self) -> dict[str, Any]:
        if self.ruleset is None:
            return {"status": "not run"}
        return {
            "status": "ok",
            "packs": sorted(p.id for p in self.ruleset.packs),
            "rules_version": self.ruleset.fingerprint,
            "as_of": self.ruleset.as_of.isoformat(),
            "rules_per_market": {code: len(c.rules) for code, c in sorted(self.ruleset._compiled.items())},
            "records": self.records,
            "fields": self.fields,
            "findings": {s: self.by_severity.get(s, 0) for s in ("block", "review", "info")},
            "by_rule": dict(sorted(self.by_rule.items())),
            "seconds": round(self.seconds, 3),
            **({"ai": self.ai.summary()} if self.ai is not None else {}),
        }


def markup_step() -> Callable[[LocalizedRecord], None]:
    """The markup stage (default policy) as a step on one record, for `rules.evaluate.evaluate`:
    the case corpus is scored on what a run checks, copy already cleaned of unsafe markup."""
    stage = MarkupStage()

    def step(record: LocalizedRecord) -> None:
        stage.process(Batch([record.product], [record]), None)  # type: ignore[arg-type]  # uses no context

    return step
