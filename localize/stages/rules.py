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
from ..rules.checker import DEFAULT_EXCLUDE, check_chunks, check_view, record_view
from ..rules.compile import compile_market
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
        self._starts: list[dt.date] | None = None
        self._tags: dict[str, str] = {}
        self._deltas: dict[tuple[str, str], DateDelta | None] = {}
        self._ctx: RunContext | None = None

    def open(self, ctx: RunContext) -> None:
        self.ruleset = load_ruleset(ctx.config)
        section = ctx.config.settings.rules.raw
        self.include = tuple(section.get("fields", ()))
        self.exclude = tuple(section.get("exclude_fields", DEFAULT_EXCLUDE))
        self.source_locale = to_bcp47(ctx.config.source.locale)
        self.pim_categories = _pim_tree(ctx)
        self._ctx = ctx
        settings = AISettings.from_config(section.get("ai"))
        if settings.enabled:
            cache = AICache(None if ctx.options.dry_run else ctx.config.state_dir / "ai-review.sqlite")
            self.ai = AIReviewer(settings, cache)
            self.ai.client()  # a missing key or package stops the run here, before any record

    def process(self, batch: Batch, ctx: RunContext) -> None:
        start = time.perf_counter()
        taxonomy = ctx.taxonomy
        source_locale, as_of, include, exclude = self.source_locale, self.ruleset.as_of, self.include, self.exclude
        pim = self.pim_categories

        def view_of(record: LocalizedRecord) -> Any:
            return record_view(record, source_locale=source_locale, as_of=as_of, include=include, exclude=exclude,
                               taxonomy=taxonomy, pim_categories=pim)

        items = []
        for record in batch.active():
            compiled = self.ruleset.for_market(record.market)
            if not compiled.rules:
                continue
            self.records += 1
            self.fields += len(record.values)
            items.append((compiled, record))
        # the text-only part once per distinct text (remembered across chunks), then per record
        for view, found in check_chunks(items, view_of):
            if self.ai is not None:
                found = found + self.ai.review(view)  # only adds findings (review); the rules always run
            record = view.record
            for finding in found:
                record.add_finding(finding)
                self.by_rule[finding.rule or finding.code] += 1
                self.by_severity[finding.severity] += 1
        self.seconds += time.perf_counter() - start

    def close(self, ctx: RunContext) -> None:
        if self.ai is not None:
            self.ai.cache.close()

    def fingerprint(self, market: Market) -> str:
        """Pack contents and settings, and the market's whole rule schedule: the rules that apply in
        each stretch of days between `effective_from`/`effective_until` dates, with their severities
        (incremental runs). The run date is not in it: which stretch a run falls in is `date_tag`, and
        a record computed in another stretch is redone only when a rule whose activity differs finds
        something in it (`DateDelta.touches`), so a nightly run on the next day reuses every record."""
        if self.ruleset is None:
            return ""
        schedule = ";".join(
            f"{start.isoformat()}=" + ",".join(f"{r.id}:{r.severity}" for r in self._rules_on(market, start))
            for start in self._stretches())
        if self.ai is not None and self.ai.applies_to(market.code):
            schedule += f",ai:{self.ai.settings.model}:{self.ai.settings.min_confidence}"
        undated = replace(self.ruleset, as_of=dt.date.min).fingerprint  # packs and settings, not the date
        return f"rules:{undated}:{digest_text(schedule)}:{','.join(self.include)}:{','.join(self.exclude)}"

    # -- rule dates between incremental runs ----------------------------------------------------

    def _stretches(self) -> list[dt.date]:
        """The first day of each stretch of days in which no rule starts or ends (`date.min` first)."""
        if self._starts is None:
            days = {dt.date.min}
            for rule in self.ruleset.all_rules():
                if rule.effective_from:
                    days.add(rule.effective_from)
                if rule.effective_until and rule.effective_until < dt.date.max:
                    days.add(rule.effective_until + dt.timedelta(days=1))
            self._starts = sorted(days)
        return self._starts

    def _rules_on(self, market: Market, day: dt.date) -> list[Any]:
        """The market's rules active on `day`, overrides applied (what `rules_for` gives on that date)."""
        if day == self.ruleset.as_of:
            return self.ruleset.rules_for(market)
        return replace(self.ruleset, as_of=day).rules_for(market)

    def date_tag(self, market: Market) -> str:
        """The first day of the stretch the run date falls in, counting only days on which the market's
        own rules change ('' before the first such day, and always for a market without dated rules).
        Two run dates with the same tag have the same active rules in the market."""
        if self.ruleset is None:
            return ""
        cached = self._tags.get(market.code)
        if cached is not None:
            return cached
        tag, before = "", None
        for start in self._stretches():
            if start > self.ruleset.as_of:
                break
            active = [(r.id, r.severity) for r in self._rules_on(market, start)]
            if before is not None and active != before:
                tag = start.isoformat()
            before = active
        self._tags[market.code] = tag
        return tag

    def date_delta(self, market: Market, tag: str) -> DateDelta | None:
        """What changed in the market's active rules between a record's stretch (`tag`, as stored with
        it) and this run's; None when the tag cannot be read (the record is then redone)."""
        key = (market.code, tag)
        if key not in self._deltas:
            try:
                day = dt.date.fromisoformat(tag) if tag else dt.date.min
            except ValueError:
                self._deltas[key] = None
                return None
            then = {(r.id, r.severity): r for r in self._rules_on(market, day)}
            now = {(r.id, r.severity): r for r in self.ruleset.rules_for(market)}
            ended = frozenset(rule_id for rule_id, _ in then.keys() - now.keys())
            started = [r for k, r in now.items() if k not in then]
            self._deltas[key] = DateDelta(self, market, ended, tuple(started))
        return self._deltas[key]

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
            **self._exempt_summary(),
            "seconds": round(self.seconds, 3),
            **({"ai": self.ai.summary()} if self.ai is not None else {}),
        }


    def _exempt_summary(self) -> dict[str, Any]:
        """`exempt`: per market of the run, the rules an exemption removed, with its reason (only
        when some are: a run without exemptions keeps its manifest as it was)."""
        markets = self._ctx.config.markets if self._ctx is not None else ()
        found = {m.code: ex for m in markets if (ex := self.ruleset.exempted(m))}
        return {"exempt": dict(sorted(found.items()))} if found else {}


class DateDelta:
    """The rules of one market whose activity differs between a stored record's date stretch and this
    run's: those that ended (their findings must go) and those that started (they may find
    something now). `touches(record)` says whether the restored record must be redone."""

    def __init__(self, checker: RulesChecker, market: Market, ended: frozenset[str], started: tuple[Any, ...]) -> None:
        self.checker = checker
        self.market = market
        self.ended = ended
        self.started = started
        self._compiled: Any = None

    @property
    def empty(self) -> bool:
        return not self.ended and not self.started

    @property
    def needs_values(self) -> bool:
        """A started rule is checked on the record's values (decoded from its stored line)."""
        return bool(self.started)

    def touches(self, record: LocalizedRecord) -> bool:
        """True when the record (restored from the state, as the last run published it) has a finding
        of a rule that ended, or a rule that started finds something in it. A record whose text a
        reviewer edited is redone whenever a rule started (its stored text is the edit, not what
        the checks saw)."""
        if self.ended and any(f.rule in self.ended for f in record.findings):
            return True
        if not self.started:
            return False
        if any(f.decision == "edit" for f in record.findings):
            return True
        checker = self.checker
        if self._compiled is None:
            self._compiled = compile_market(self.market, self.started, {})
        taxonomy = checker._ctx.taxonomy if checker._ctx is not None else None
        view = record_view(record, source_locale=checker.source_locale, as_of=checker.ruleset.as_of,
                           include=checker.include, exclude=checker.exclude, taxonomy=taxonomy,
                           pim_categories=checker.pim_categories)
        return bool(check_view(self._compiled, view))


def markup_step() -> Callable[[LocalizedRecord], None]:
    """The markup stage (default policy) as a step on one record, for `rules.evaluate.evaluate`:
    the case corpus is scored on what a run checks, copy already cleaned of unsafe markup."""
    stage = MarkupStage()

    def step(record: LocalizedRecord) -> None:
        stage.process(Batch([record.product], [record]), None)  # type: ignore[arg-type]  # uses no context

    return step
