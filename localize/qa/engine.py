"""Run the checks over files (or over records handed in by `localize run`) and collect findings.

`validate_files` is the library entry point of `localize validate`. `RecordChecker` is the
per-record core it shares with the run's check stage, so the gate of a run and the CI gate
apply the same checks with the same settings.

Findings beyond `max_findings` are counted but not kept (the exit code and the summary
still see all of them), so a broken 100k-line feed cannot flood a CI log or memory.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..locale import language_of, to_pim_locale
from ..memo import TextMemo
from ..model import Market
from .check_context import CheckContext, FeedRecord
from .check_types import Check, Issue, QAFinding
from .checks import all_checks, extension
from .checks.target_text import record_brand
from .facts import BITS, DIGEST, text_facts
from .feeds import (
    ParseProblem,
    jsonl_record,
    read_csv_rows,
    read_jsonl,
    read_rss,
    read_tsv,
    read_xlsx_rows,
    xlsx_header,
)
from .patterns import OVER_LIMIT
from .profiles import PROFILES, google_format, profile_for
from .schema import RecordSchema, record_schema
from .settings import QASettings
from .xliff import read_xliff


@dataclass
class FileSummary:
    """What was checked in one file."""

    path: str
    profile: str
    records: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, level) -> n

    @property
    def errors(self) -> int:
        return sum(n for (_, level), n in self.counts.items() if level == "error")

    @property
    def warnings(self) -> int:
        return sum(n for (_, level), n in self.counts.items() if level == "warning")


@dataclass
class ValidationResult:
    """The outcome of `localize validate`: findings, counts per check and file, the exit code."""

    market: Market
    checks: dict[str, str]  # check code -> effective level (error, warning or off), documentation order
    files: list[FileSummary] = field(default_factory=list)
    findings: list[QAFinding] = field(default_factory=list)
    omitted: int = 0  # findings counted but not kept (over --max-findings)
    #: where the market came from: `option` (--market), `config` (its one market), `feed` (a JSONL record's
    #: `market`) or `manifest` (the run's manifest.json next to the file)
    market_from: str = "option"

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    @property
    def exit_code(self) -> int:
        """0 when no error-level finding, 1 otherwise (usage errors never get this far: 2)."""
        return 1 if self.errors else 0

    def counts_by_code(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for summary in self.files:
            for (code, level), n in summary.counts.items():
                out.setdefault(code, {"error": 0, "warning": 0})[level] += n
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON output (`--format json`): stable keys; scripts rely on them."""
        return {
            "exit_code": self.exit_code,
            "market": self.market.code,
            "market_from": self.market_from,
            "summary": {
                "files": len(self.files),
                "records": sum(f.records for f in self.files),
                "errors": self.errors,
                "warnings": self.warnings,
                "shown": len(self.findings),
                "omitted": self.omitted,
            },
            "files": [
                {"path": f.path, "profile": f.profile, "records": f.records, "errors": f.errors, "warnings": f.warnings}
                for f in self.files
            ],
            "checks": {code: {"level": level, **self.counts_by_code().get(code, {"error": 0, "warning": 0})}
                       for code, level in self.checks.items()},
            "findings": [f.to_dict() for f in self.findings],
        }


def effective_levels(settings: QASettings, profiles: Iterable[str] | None = None) -> dict[str, str]:
    """Each check's level after config overrides, for the given profiles (all when None)."""
    wanted = set(profiles) if profiles is not None else None
    out = {}
    for code, check in all_checks().items():
        if wanted is not None and not (check.profiles & wanted):
            continue
        out[code] = settings.level(code, check.severity)
    return out


Emit = Callable[[QAFinding], None]
# Pair checks that still mean something when the target is the source unchanged, or when the
# target is copy the PIM already had (not a translation of this source).
UNCHANGED_CHECKS = frozenset({"untranslated", "untranslated-claim", "length-limit"})
TARGET_ONLY_CHECKS = frozenset({"length-limit", "tag-nesting", "brackets", "quotes", "chinese-script"})
#: Distinct text pairs whose pair-check results one checker remembers, in each of its two memos.
PAIR_MEMO_SIZE = 50_000
#: A field whose pairs were found in the memo fewer than `PAIR_MIN_HITS` of its last `PAIR_PROBE` times
#: (a product's own name, its own short text) neither asks nor fills the memo for its next `PAIR_REST`
#: pairs, then is probed again. Its one-off pairs filled the memo and started it over before a shared
#: description came back: a Dask worker's memo, at half the bounds and half the catalogue, checked
#: 35,853 description pairs at 50k x 3 against 15,291 for one process (of 15,000 distinct ones).
PAIR_MIN_HITS = 0.05
PAIR_PROBE = 2_000
PAIR_REST = 20_000


class RecordChecker:
    """The record and pair checks of one profile, bound to one market and one file (or run).

    `check(record)` yields findings for a parsed record; stateful checks (duplicates,
    consistency) remember across calls, so one instance is one file (or one market of a run).
    """

    def __init__(
        self,
        market: Market,
        settings: QASettings,
        profile: str,
        file: str,
        *,
        source_language: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.ctx = CheckContext(market=market, settings=settings, profile=profile, file=file,
                                target_locale=market.locale, extra=extra if extra is not None else {})
        if source_language:
            self.ctx.extra["source_language"] = source_language
        self.levels: dict[str, str] = {}
        self.record_checks: list[tuple[Check, Callable[..., Iterable[Issue]]]] = []
        self.pair_checks: list[tuple[Check, Callable[..., Iterable[Issue]]]] = []
        self.empty_check: tuple[Check, Callable[..., Iterable[Issue]]] | None = None
        for code, check in all_checks().items():
            if profile not in check.profiles:
                continue
            level = settings.level(code, check.severity)
            self.levels[code] = level
            if level == "off" or check.func is None:
                continue
            func = check.func() if check.stateful else check.func
            if check.kind == "record":
                self.record_checks.append((check, func))
            elif check.kind == "pair":
                if code == "empty-target":
                    self.empty_check = (check, func)
                self.pair_checks.append((check, func))
        self.limits = {} if profile == "google-merchant" else dict(settings.length_limits)
        # checks that cannot fire with these settings are not called 100k times for nothing
        idle = set()
        if not settings.do_not_translate:
            idle.add("do-not-translate")
        if not settings.glossary:
            idle.add("glossary")
        if not self.limits:
            idle.add("length-limit")
        # `empty-target` finds only an empty target, which never takes the pair path (see `check`)
        self.pair_checks = [(c, f) for c, f in self.pair_checks if c.code not in idle and c.code != "empty-target"]
        self.unchanged_checks = [(c, f) for c, f in self.pair_checks if c.code in UNCHANGED_CHECKS]
        self.target_checks = [(c, f) for c, f in self.pair_checks if c.code in TARGET_ONLY_CHECKS]
        # Catalogues repeat their copy (families share descriptions, variants share everything):
        # a stateless pair check's issues depend only on the pair, its field, its status and the
        # record's brand (`untranslated` ignores it), so each distinct combination is checked once.
        # Most pairs of a large catalogue are seen once (a product's own name), and they fill the
        # memo: a pair asked for again moves to `_hot`, which holds the repeated copy (shared
        # descriptions) however many one-off pairs go through `_memo` and start it over.
        # (`shared`: a Dask worker's is half as large; its misses are first-seen pairs at either size)
        self._memo: TextMemo[tuple[tuple[Issue, ...], ...] | None] = TextMemo(PAIR_MEMO_SIZE, PAIR_MEMO_SIZE,
                                                                              shared=True)
        self._hot: TextMemo[tuple[tuple[Issue, ...], ...] | None] = TextMemo(PAIR_MEMO_SIZE, PAIR_MEMO_SIZE)
        # (mode, source bits, target bits) -> which checks run on such a pair, and its stateful ones alone
        # (the check lists are fixed once built; a test may swap a check's function in place, which the
        # plan does not hold)
        self._plans: dict[tuple[str, int, int], tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]] = {}
        # field name -> [pairs asked, found in a memo, pairs left to check without the memo] (`PAIR_PROBE`)
        self._fields: dict[str, list[int]] = {}

    def enabled(self, code: str) -> bool:
        return self.levels.get(code, "off") != "off"

    def finding(self, code: str, issue: Issue, record: FeedRecord | None, field_name: str | None = None) -> QAFinding:
        field_value = issue.field or field_name
        line = issue.line
        if line is None and record is not None:
            line = record.field_lines.get(field_value or "", record.line) if record.field_lines else record.line
        return QAFinding(
            code=code,
            severity=self.levels[code],  # type: ignore[arg-type]
            message=issue.message,
            file=self.ctx.file,
            line=line,
            record=record.identifier if record is not None else None,
            field=field_value,
            span=issue.span,
            matched=issue.matched,
        )

    def check(self, record: FeedRecord) -> Iterator[QAFinding]:
        """Findings of one record: its record checks, then each text pair by the pair's mode.

        How a field got its value decides what is compared (`status` of a JSONL record):
        translated (machine, human, converted, or no status: XLIFF, --source) gets every
        pair check; copy the PIM already had in the target locale (`pim`) was written on its own,
        not translated from this source, so only target-only checks apply (length, nesting);
        an untranslated, pending or unchanged target gets `untranslated` and `length-limit`;
        values copied as they are (`source`) are not text pairs.

        A reviewer's decisions travel in the record's findings (`decision`, set by the run's
        gate): a field a reviewer edited is their text, checked like `pim` copy (target-only);
        a check a reviewer approved on a field (`rule: validate:<code>`) is not raised again there.
        So what a run publishes after review, `validate` accepts.
        """
        ctx = self.ctx
        ctx.record = record
        ctx.field = None
        reviewed, approved = reviewer_decisions(record.fields.get("findings") if record.fields else None)
        for check, func in self.record_checks:
            for issue in func(record, ctx):
                if approved and (check.code, issue.field) in approved:
                    continue
                yield self.finding(check.code, issue, record)
        if not record.pairs:
            return
        ctx.source_locale = record.source_locale or ctx.extra.get("source_locale") or ""
        ctx.target_locale = record.target_locale or ctx.market.locale
        limits = self.limits
        statuses = record.status
        brand: Any = _UNKNOWN
        for name, source, target in record.pairs:
            if not source or not source.strip():
                continue
            status = statuses.get(name) if statuses else None
            if status == "source":
                continue
            ctx.field = name
            if target is None or not target.strip():
                if self.empty_check is not None:
                    check, func = self.empty_check
                    for issue in func(source, target, ctx):
                        yield self.finding(check.code, issue, record, name)
                continue
            ctx.limit = limits.get(name) or (limits.get(name.split("-")[0]) if "-" in name else None)
            if name in reviewed:
                checks, mode = self.target_checks, "t"
            elif status in ("untranslated", "pending") or target == source:
                checks, mode = self.unchanged_checks, "u"
            elif status == "pim":
                checks, mode = self.target_checks, "t"
            else:
                checks, mode = self.pair_checks, "p"
            if not checks:
                continue
            if record.codes and name in record.codes:  # XLIFF inline codes: checked with the record
                for check, func in checks:
                    if approved and (check.code, name) in approved:
                        continue
                    for issue in func(source, target, ctx):
                        yield self.finding(check.code, issue, record, name)
                continue
            if brand is _UNKNOWN:
                brand = record_brand(ctx)
            plan, found = self._issues(checks, mode, name, source, target, status, brand,
                                       OVER_LIMIT if ctx.limit and len(target) > ctx.limit else 0)
            for i, j in plan:
                check, func = checks[i]
                if approved and (check.code, name) in approved:
                    continue
                for issue in (func(source, target, ctx) if j < 0 else found[j]):
                    yield self.finding(check.code, issue, record, name)

    def _issues(self, checks: list[tuple[Check, Callable[..., Iterable[Issue]]]], mode: str, name: str,
                source: str, target: str, status: str | None, brand: str | None,
                over: int = 0) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[Issue, ...], ...]]:
        """(the plan, the issues) of one pair: the plan lists the checks that can find anything in
        it (by its texts' feature bits, `Needs`) as (index in `checks`, index in the issues, -1 for
        a stateful check, which the caller runs every time); the issues of its stateless checks are
        computed once per distinct pair and context (every time for a field whose pairs do not
        repeat: `PAIR_PROBE`). Texts are known by their digest (`text_facts`),
        so the memo's key is a few small values, not the pair's text. When the stateless checks
        found nothing (most pairs) the plan lists the stateful checks alone, so the caller walks
        only what can still find anything.
        `over` is `OVER_LIMIT` when the target is longer than its field's limit (a pair's feature)."""
        ctx = self.ctx
        src = text_facts(source)
        tgt = text_facts(target)
        src_id, src_bits = src[DIGEST], src[BITS]
        tgt_id, tgt_bits = tgt[DIGEST], tgt[BITS] | over
        plan_key = (mode, src_bits, tgt_bits)
        plans = self._plans.get(plan_key)
        if plans is None:
            plan = _plan(checks, src_bits, tgt_bits)
            plans = self._plans[plan_key] = (plan, tuple((i, j) for i, j in plan if j < 0))
        plan = plans[0]
        probe = self._fields.get(name)
        if probe is None:
            probe = self._fields[name] = [0, 0, 0]
        if probe[2]:  # a field whose pairs do not repeat: checked without the memo
            probe[2] -= 1
            results = tuple(tuple(checks[i][1](source, target, ctx)) for i, j in plan if j >= 0)
            return (plan, results) if any(results) else (plans[1], ())
        key = (mode, name, status, brand, ctx.source_locale, ctx.target_locale, src_id, tgt_id)
        probe[0] += 1
        found = self._hot.lookup(key, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._memo.lookup(key, _UNKNOWN)
            if found is _UNKNOWN:
                results = tuple(tuple(checks[i][1](source, target, ctx)) for i, j in plan if j >= 0)
                found = self._memo.put(key, results if any(results) else None, 1)
            else:
                probe[1] += 1
                self._hot.put(key, found, 1)
        else:
            probe[1] += 1
        if probe[0] >= PAIR_PROBE:
            if probe[1] < PAIR_MIN_HITS * probe[0]:
                probe[2] = PAIR_REST
            probe[0] = probe[1] = 0
        return (plan, found) if found is not None else (plans[1], ())


def _plan(checks: list[tuple[Check, Callable[..., Iterable[Issue]]]], src_bits: int,
          tgt_bits: int) -> tuple[tuple[int, int], ...]:
    """The checks (index, issue index or -1 when stateful) that can find anything in a pair with
    these feature bits, in order: a stateful check always (it remembers every pair it sees)."""
    out = []
    n = 0
    for i, (check, _) in enumerate(checks):
        if check.stateful:
            out.append((i, -1))
        elif check.needs is None or check.needs.may_find(src_bits, tgt_bits):
            out.append((i, n))
            n += 1
    return tuple(out)


_UNKNOWN: Any = object()


def reviewer_decisions(findings: Any) -> tuple[frozenset[str], frozenset[tuple[str, str | None]]]:
    """(fields a reviewer edited, (check code, field) pairs a reviewer approved) from a feed
    record's findings. A finding of the run's QA checker names its check as `validate:<code>`."""
    if not isinstance(findings, list) or not findings:
        return frozenset(), frozenset()
    edited: set[str] = set()
    approved: set[tuple[str, str | None]] = set()
    for item in findings:
        if not isinstance(item, dict):
            continue
        decision = item.get("decision")
        if decision not in ("approve", "edit"):
            continue
        field = item.get("field") if isinstance(item.get("field"), str) else None
        if decision == "edit" and field:
            edited.add(field)
        rule = item.get("rule")
        if isinstance(rule, str) and rule.startswith("validate:"):
            approved.add((rule[len("validate:"):], field))
    return frozenset(edited), frozenset(approved)


class Validator:
    """Validates files for one market with one set of settings."""

    def __init__(
        self,
        market: Market,
        settings: QASettings,
        *,
        profile: str | None = None,
        source_texts: Mapping[str, Mapping[str, str]] | None = None,
        source_locale: str | None = None,
        max_findings: int | None = None,
        akeneo_attributes: Mapping[str, Any] | None = None,
        identifier_column: str = "sku",
        base: Path | None = None,
    ) -> None:
        self.market = market
        self.settings = settings
        self.profile = profile
        self.source_texts = source_texts
        self.source_locale = source_locale
        limit = max_findings if max_findings is not None else settings.max_findings
        self.max_findings = limit
        self.akeneo_attributes = akeneo_attributes
        self.identifier_column = identifier_column
        self.base = base or Path.cwd()

    def validate(self, paths: Sequence[Path]) -> ValidationResult:
        if not paths:
            raise UsageError("no file to validate", hint="pass one or more feed files")
        plan = []
        for path in paths:
            if path.is_dir():
                raise UsageError(f"{path}: a folder, not a feed file", hint=f"name the files in it, e.g. {path}/*.jsonl")
            if not path.is_file():
                raise UsageError(f"{path}: file not found", hint="check the path; globs are expanded by your shell")
            plan.append((path, profile_for(path, self.profile)))
        levels = effective_levels(self.settings, {p for _, p in plan})
        result = ValidationResult(market=self.market, checks=levels)
        for path, profile in plan:
            summary = FileSummary(path=self.display(path), profile=profile)
            result.files.append(summary)
            self._validate_file(path, profile, summary, result)
        return result

    def display(self, path: Path) -> str:
        """A path as findings show it: relative to the working folder when inside it, with /."""
        # The name as given first: `out/de-DE.jsonl` is a link into the published generation and
        # findings name the link, not `out/.generations/<run>/...`.
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.base))
            if rel.startswith(".."):
                rel = os.path.relpath(path.resolve(), self.base.resolve())
        except ValueError:
            rel = str(path)
        if rel.startswith(".."):
            rel = str(path)
        return rel.replace(os.sep, "/")

    def _emitter(self, summary: FileSummary, result: ValidationResult) -> Emit:
        limit = self.max_findings

        def emit(finding: QAFinding) -> None:
            summary.counts[(finding.code, finding.severity)] += 1
            if limit is None or len(result.findings) < limit:
                result.findings.append(finding)
            else:
                result.omitted += 1

        return emit

    def _validate_file(self, path: Path, profile: str, summary: FileSummary, result: ValidationResult) -> None:
        emit = self._emitter(summary, result)
        extra: dict[str, Any] = {}
        if self.akeneo_attributes is not None:
            extra["akeneo_attributes"] = self.akeneo_attributes
        extra["identifier_column"] = self.identifier_column
        if self.source_locale:
            extra["source_locale"] = self.source_locale
        checker = RecordChecker(self.market, self.settings, profile, summary.path,
                                source_language=language_of(self.source_locale) if self.source_locale else None,
                                extra=extra)
        schema = record_schema(PROFILES[profile].schema) if PROFILES[profile].schema else None
        if schema is not None and not checker.enabled("schema"):
            schema = None
        malformed = checker.enabled("malformed-line")
        shop = extension(profile, "csv")  # a shop's import CSV (see `ShopCsv`), else None
        empty = _empty_feed(path, profile)
        if empty:
            # A CSV/TSV feed the run writes has at least its header line, an XML feed its root element:
            # an empty file is a cut-off copy or upload, not a feed with no records (an empty CSV and an
            # empty JSONL feed used to pass with 0 records).
            emit(QAFinding("malformed-line", checker.levels["malformed-line"],  # type: ignore[arg-type]
                           empty, summary.path, None, None))
            return
        items = self._items(path, profile, extra)
        unknown_reported: set[str] = set()
        for item in items:
            if isinstance(item, ParseProblem):
                if malformed:
                    emit(QAFinding("malformed-line", checker.levels["malformed-line"], item.message,  # type: ignore[arg-type]
                                   summary.path, item.line, item.record))
                continue
            if "__header__" in item.fields:
                self._header(item, profile, checker, emit)
                continue
            summary.records += 1
            if shop is not None and shop.record_id is not None:
                item.identifier = shop.record_id(item.fields)
            if schema is not None:
                self._schema(item, profile, schema, checker, emit, unknown_reported)
            if self.source_texts is not None:
                self._apply_source(item, profile)
            elif profile == "akeneo" and extra.get("akeneo_pairs"):
                item.pairs = [(tgt, item.fields.get(src), item.fields.get(tgt)) for src, tgt in extra["akeneo_pairs"]]
            elif shop is not None and shop.pairs is not None:
                item.pairs = shop.pairs(item.fields, checker.ctx)
            for finding in checker.check(item):
                emit(finding)

    def _items(self, path: Path, profile: str, extra: dict[str, Any]) -> Iterator[ParseProblem | FeedRecord]:
        if profile == "jsonl":
            return read_jsonl(path)
        if profile == "google-merchant":
            return read_rss(path, extra) if google_format(path) == "xml" else read_tsv(path)
        if profile == "akeneo":
            delimiter = _sniff_delimiter(path)
            return read_csv_rows(path, delimiter, _akeneo_identifier(path, delimiter, self.identifier_column))
        shop = extension(profile, "csv")
        if shop is not None and path.suffix.lower() == ".xlsx":  # the same sheet written as XLSX
            return read_xlsx_rows(path, shop.identifier(xlsx_header(path)))
        if shop is not None:
            return read_csv_rows(path, shop.delimiter, shop.identifier(_first_row(path, shop.delimiter)))
        return read_xliff(path, extra)

    def _header(self, item: FeedRecord, profile: str, checker: RecordChecker, emit: Emit) -> None:
        header = item.fields["__header__"]
        if profile == "akeneo":
            if extension("akeneo", "is_model_header")(header, self.identifier_column):
                checker.ctx.extra["identifier_column"] = "code"  # a product-model import file
        if profile == "akeneo" and checker.enabled("akeneo-columns"):
            for issue in extension("akeneo", "header_issues")(header, checker.ctx, self.identifier_column):
                emit(checker.finding("akeneo-columns", issue, FeedRecord(line=item.line, identifier=None, fields={})))
        if profile == "google-merchant" and checker.enabled("malformed-line"):
            seen = set()
            for name in header:
                if name in seen:
                    emit(checker.finding("malformed-line", Issue(f"column '{name}' appears twice in the header",
                                                                 field=name, line=item.line), None))
                seen.add(name)
        if profile == "akeneo" and self.source_locale:
            checker.ctx.extra["akeneo_pairs"] = _akeneo_pairs(header, self.source_locale, self.market)
        shop = extension(profile, "csv")
        if shop is not None:
            checker.ctx.extra["header"] = header
            if checker.enabled(shop.columns_check):
                for issue in shop.header_issues(header, checker.ctx):
                    emit(checker.finding(shop.columns_check, issue, FeedRecord(line=item.line, identifier=None, fields={})))

    def _schema(
        self,
        item: FeedRecord,
        profile: str,
        schema: RecordSchema,
        checker: RecordChecker,
        emit: Emit,
        unknown_reported: set[str],
    ) -> None:
        data = item.fields
        if profile == "google-merchant":
            unknown = [k for k in data if not schema.is_known(k)]
            if unknown:
                data = {k: v for k, v in data.items() if k not in unknown}
                for key in unknown:
                    if key in unknown_reported:
                        continue
                    unknown_reported.add(key)
                    close = difflib.get_close_matches(key, sorted(schema.properties), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    emit(checker.finding("schema", Issue(
                        f"'{key}' is not a Google Merchant attribute{hint}; Google ignores it", field=key), item))
        problems = schema.problems(data)
        if not problems:
            return
        reported = extension(profile, "schema_covered", {})  # schema errors the channel's checks report
        for problem in problems:
            if profile == "google-merchant":
                covered = reported.get((problem.validator, problem.property)) or (
                    reported.get((problem.validator, None)) if problem.validator == "required" else None)
                if covered:
                    continue  # reported by the specific check, with its own code and advice
            emit(checker.finding("schema", Issue(f"{problem.path or '(record)'}: {problem.message}",
                                                 field=problem.property), item))

    def _apply_source(self, item: FeedRecord, profile: str) -> None:
        """Replace the record's text pairs with the --source catalogue's copy."""
        assert self.source_texts is not None
        texts = self.source_texts.get(item.identifier or "")
        if not texts:
            return
        if self.source_locale:
            item.source_locale = self.source_locale
        if profile == "jsonl":
            rebuilt = jsonl_record(item.fields, item.line, {k: v for k, v in texts.items() if isinstance(v, str)})
            values = item.fields.get("values") if isinstance(item.fields.get("values"), dict) else {}
            # every text value the catalogue also has is a pair, stored source or not; but a feed
            # that says which fields are copy (our JSONL: `source` and `status`) compares only those,
            # not option codes or notes it published unchanged
            pairs = {name: (name, src, tgt) for name, src, tgt in rebuilt.pairs}
            if not (item.fields.get("source") or item.fields.get("status")):
                for attr, src in texts.items():
                    tgt = values.get(attr)
                    if isinstance(src, str) and src and isinstance(tgt, str):
                        pairs[attr] = (attr, src, tgt)
            item.pairs = list(pairs.values())
        elif profile == "google-merchant":
            has_markup, plain_copy = extension(profile, "has_markup"), extension(profile, "plain_copy")
            fields = self.settings.google_merchant.fields
            pairs = []
            for gm_name in ("title", "description", "color", "size", "material", "pattern"):
                target = item.fields.get(gm_name)
                src = next((texts[a] for a in fields.get(gm_name, ()) if isinstance(texts.get(a), str)), None)
                if src and isinstance(target, str) and gm_name in ("title", "description") \
                        and has_markup(src) and not has_markup(target):
                    # the Google writers publish copy as plain text: compare with the source as text
                    src = plain_copy(src, bullet=self.settings.google_merchant.bullet)
                if src and isinstance(target, str):
                    pairs.append((gm_name, src, target))
            item.pairs = pairs


def _akeneo_identifier(path: Path, delimiter: str, identifier: str) -> str:
    """`code` for a product-model import file (`code;parent;family_variant;...`), else the identifier."""
    is_model_header = extension("akeneo", "is_model_header")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh, delimiter=delimiter), [])
    except (OSError, UnicodeDecodeError):
        return identifier
    return "code" if is_model_header([h.strip() for h in header], identifier) else identifier


def _first_row(path: Path, delimiter: str) -> list[str]:
    """The header of a CSV file (stripped names), or [] when it cannot be read (reading reports why)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [h.strip() for h in next(csv.reader(fh, delimiter=delimiter), [])]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _akeneo_pairs(header: list[str], source_locale: str, market: Market) -> list[tuple[str, str]]:
    src_tag = to_pim_locale(source_locale)
    pairs = []
    for name in header:
        parts = name.split("-")
        if market.pim_locale in parts:
            source_name = "-".join(src_tag if p == market.pim_locale else p for p in parts)
            if source_name in header:
                pairs.append((source_name, name))
    return pairs


def _sniff_delimiter(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.readline().decode("utf-8", errors="replace")
    return ";" if head.count(";") >= head.count(",") else ","


def _empty_feed(path: Path, profile: str) -> str | None:
    """Why an empty (0-byte, blank or BOM-only) feed file fails, or None when it is not empty.

    A JSONL feed is the one format the run writes with 0 bytes: when every record of a market is
    held for review or set aside. Such a file passes when the run's manifest next to it lists it
    with 0 bytes; any other empty JSONL file is a cut-off copy or upload and fails."""
    if path.suffix.lower() == ".xlsx":
        return None  # a workbook is a zip: its reader names an empty or damaged one
    if path.stat().st_size > 64 or path.read_bytes().replace(b"\xef\xbb\xbf", b"").strip():
        return None
    if profile == "jsonl":
        if path.stat().st_size == 0 and _written_empty(path):
            return None
        return ("the file is empty: no records, and no run's manifest.json next to it says it wrote the feed "
                "empty (a cut-off copy or upload?); write the feed again")
    if profile == "xliff" or path.suffix.lower() == ".xml":
        return "the file is empty: not even the root element (a cut-off copy or upload?); write the file again"
    return "the file is empty: not even a header line (a cut-off copy or upload?); write the feed again"


def _written_empty(path: Path) -> bool:
    """True when the run's manifest in the feed's folder lists this file with 0 bytes."""
    for folder in dict.fromkeys((path.parent, path.resolve().parent)):
        manifest = folder / "manifest.json"
        try:
            outputs = json.loads(manifest.read_bytes()).get("outputs") or []
        except (OSError, ValueError, AttributeError):
            continue
        for entry in outputs:
            if isinstance(entry, dict) and entry.get("bytes") == 0 and \
                    Path(str(entry.get("path", ""))).name == path.name:
                return True
    return False


def validate_files(
    paths: Sequence[Path],
    market: Market,
    settings: QASettings | None = None,
    **options: Any,
) -> ValidationResult:
    """Validate feed files for a market: the library entry point of `localize validate`."""
    return Validator(market, settings or QASettings(), **options).validate(list(paths))
