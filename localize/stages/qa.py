"""The QA checks as the last checker of `localize run`: the run's gate and the CI gate agree.

Every active record is serialised exactly as the JSONL feed writes it and checked with the
`jsonl` profile (schema, translation QA, terms, lengths, consistency across the run), and,
when the run writes a Google Merchant feed, its Google item is checked with the
`google-merchant` profile; a shop writer's rows (`FeedWriter.profile`, e.g. the Shopify languages
import) with its shop's record checks. An error-level finding becomes a `review` finding on the record
(the gate withholds it: it goes to the review queue with the finding); a warning becomes
`info`. So a run never publishes a record that `localize validate` would fail.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from typing import Any

from ..channels import writer_class
from ..channels.google_merchant.checks import SCHEMA_COVERED
from ..channels.google_merchant.items import OUTPUT as GOOGLE_OUTPUT
from ..channels.google_merchant.items import google_item, resolve_settings
from ..locale import language_of, to_bcp47
from ..model import Finding, LocalizedRecord
from ..qa.check_context import FeedRecord
from ..qa.check_types import QAFinding
from ..qa.checks import extension
from ..qa.engine import RecordChecker
from ..qa.feeds import jsonl_record
from ..qa.schema import RecordSchema, record_schema
from ..qa.settings import QASettings, settings_from_config
from ..serialize import record_to_dict
from .base import Batch, RunContext, Stage
from .qa_data import FEED_DATA

SEVERITY = {"error": "review", "warning": "info"}

# Structure checks that are about files, not records a run builds.
SKIP_IN_RUN = frozenset({"malformed-line", "duplicate-id", "blocking-finding"})


class QAChecker(Stage):
    name = "qa"

    def __init__(self) -> None:
        self.checkers: dict[str, tuple[RecordChecker, RecordChecker | None, QASettings]] = {}
        self.counts: Counter[tuple[str, str]] = Counter()
        self.records = 0
        self.flagged = 0
        self.google = False
        self.schema: RecordSchema | None = None
        self.source_locale = ""
        # per market: (output name, checker, rows of a record) for writers whose rows are checked
        self.shops: dict[str, list[tuple[str, RecordChecker, Any]]] = {}

    def open(self, ctx: RunContext) -> None:
        self.source_locale = to_bcp47(ctx.config.source.locale)
        self.google = any(f.startswith("google-merchant") for f in ctx.config.formats)
        for market in ctx.markets:
            settings = settings_from_config(ctx.config, market)
            if self.google:  # equal to the writers' settings: the check and the writers share each item
                settings = replace(settings, google_merchant=resolve_settings(ctx, settings.google_merchant))
            # the translate stage reports fields it left untranslated; this checker does not repeat it
            jsonl = RecordChecker(market, settings, "jsonl", f"{market.code}.jsonl", extra={"report_status": False})
            gm = RecordChecker(market, settings, "google-merchant", f"google-{market.code}",
                               source_language=language_of(ctx.config.source.locale)) if self.google else None
            for checker in (jsonl, gm):
                if checker is None:
                    continue
                checker.record_checks = [(c, f) for c, f in checker.record_checks if c.code not in SKIP_IN_RUN]
            self.checkers[market.code] = (jsonl, gm, settings)
            self.shops[market.code] = self._shop_checkers(ctx, market, settings)
        self.schema = record_schema("feed.schema.json")
        ctx.rechecker = self  # the gate checks a reviewer's edited text again (`recheck`)

    def process(self, batch: Batch, ctx: RunContext) -> None:
        for record in batch.active():
            if record.pending:
                continue
            found = self._check(record)
            self.records += 1
            if found:
                self._add(record, found)

    def _check(self, record: LocalizedRecord) -> list[QAFinding]:
        jsonl, gm, settings = self.checkers[record.market.code]
        data = record.items[FEED_DATA] = record_to_dict(record)
        line = record.product.origin.line
        found: list[Any] = []  # QAFinding, or _Scoped for the Google item
        if jsonl.enabled("schema") and self.schema is not None:
            for problem in self.schema.problems(data):
                found.append(QAFinding("schema", jsonl.levels["schema"], f"{problem.path}: {problem.message}",  # type: ignore[arg-type]
                                       jsonl.ctx.file, line, record.identifier, problem.property))
        found.extend(jsonl.check(jsonl_record(data, line)))
        if gm is not None:
            # about the Google item: withholds the record from the Google feeds only
            found.extend(_Scoped(f, GOOGLE_OUTPUT) for f in self._google(record, gm, settings, line))
        for output, checker, rows in self.shops.get(record.market.code, ()):
            # about the rows that output would write: withholds the record from it only
            for row in rows(record):
                found.extend(_Scoped(f, output) for f in checker.check(
                    FeedRecord(line=line, identifier=record.identifier, fields=row)))
        return found

    @staticmethod
    def _shop_checkers(ctx: RunContext, market: Any, settings: QASettings) -> list[tuple[str, RecordChecker, Any]]:
        out = []
        for fmt in ctx.config.formats:
            writer = writer_class(fmt)
            rows = extension(writer.profile, "run_rows") if writer.profile else None
            if rows is None:
                continue
            checker = RecordChecker(market, settings, writer.profile, f"{market.code}.{fmt}")
            checker.record_checks = [(c, f) for c, f in checker.record_checks if c.code not in SKIP_IN_RUN]
            out.append((writer.output_name(), checker, rows))
        return out

    def fingerprint(self, market: Any) -> str:
        """What decides the QA findings besides the record and the config: the market's check
        levels, brands, do-not-translate terms, the glossary pairs of its language pair (read from
        the `validate.glossary` and `translation.glossaries` files) and the Google item settings."""
        entry = self.checkers.get(market.code)
        if entry is None:
            return ""
        settings = entry[2]
        data = {
            "levels": sorted(entry[0].levels.items()),
            "brands": sorted(settings.brands),
            "dnt": list(settings.do_not_translate),
            "glossary": sorted(settings.glossary_pairs(self.source_locale, market.locale)),
            "limits": sorted(settings.length_limits.items()),
            "google": repr(settings.google_merchant) if self.google else "",
        }
        return "qa:" + hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()[:16]

    def recheck(self, record: LocalizedRecord) -> bool:
        """Check a record again after the gate applied a reviewer's edit: an error the edited text
        brings (a placeholder left in, a length over the limit) becomes an open `review` finding,
        so the record is withheld instead of published with what `validate` would reject.
        True when it added one."""
        if record.market.code not in self.checkers:
            return False
        new = [f for f in self._check(record) if SEVERITY[f.severity] == "review"]
        if new:
            self._add(record, new)
        return bool(new)

    def _google(self, record: LocalizedRecord, gm: RecordChecker, settings: QASettings, line: int) -> list[QAFinding]:
        item = google_item(record, settings.google_merchant)
        out = list(gm.check(FeedRecord(line=line, identifier=record.identifier, fields=item)))
        if gm.enabled("schema"):
            schema = record_schema("google-merchant.schema.json")
            for problem in schema.problems(item):
                if SCHEMA_COVERED.get((problem.validator, problem.property)) or problem.validator == "required":
                    continue
                out.append(QAFinding("schema", gm.levels["schema"], f"Google item: {problem.path}: {problem.message}",  # type: ignore[arg-type]
                                     gm.ctx.file, line, record.identifier, problem.property))
        return out

    def _add(self, record: LocalizedRecord, found: list[QAFinding]) -> None:
        flagged = False
        for f in found:
            severity = SEVERITY[f.severity]
            flagged = flagged or severity == "review"
            self.counts[(f.code, f.severity)] += 1
            record.add_finding(Finding(
                code=f.code, severity=severity, message=f.message,  # type: ignore[arg-type]
                product=record.identifier, market=record.market.code, field=f.field, locale=record.market.locale,
                span=f.span, matched=f.matched, rule=f"validate:{f.code}", stage="check",
                output=f.output if isinstance(f, _Scoped) else None,
            ))
        self.flagged += flagged

    def summary(self) -> dict[str, Any]:
        by_code: dict[str, dict[str, int]] = {}
        for (code, level), n in sorted(self.counts.items()):
            by_code.setdefault(code, {"error": 0, "warning": 0})[level] += n
        return {"status": "ok", "records": self.records, "flagged": self.flagged, "findings": by_code,
                "google_merchant": self.google}


class _Scoped:
    """A QA finding about one output's item (the Google item, a shop file's rows), with that output's name."""

    __slots__ = ("finding", "output")

    def __init__(self, finding: QAFinding, output: str) -> None:
        self.finding = finding
        self.output = output

    def __getattr__(self, name: str) -> Any:
        return getattr(self.finding, name)
