"""Translate stage: memory, glossary and engine for the translatable copy of every market.

A thin adapter over `localize.translate`: it picks the fields that may leave the machine,
builds one `Job` per field and market, lets `TranslationService` resolve the whole batch at
once (so identical copy is sent once across products and markets), and writes the outcome
back: `data`, `status` (memory | machine | human | untranslated | pending), findings for
what a person must look at, and `record.pending` for what waits for the engine.

Only attributes configured as translatable (`translation.attributes`) or, without that list,
marked translatable by the reader ever reach an engine; `translation.exclude` and a market's
`translation.exclude` keep fields (internal notes, supplier data) on the machine.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..country_specific import rules_version
from ..errors import EngineError
from ..locale import language_of, regional_spelling, same_writing, to_bcp47
from ..model import Finding, LocalizedRecord, LocalizedValue
from ..sibling_copy import SiblingCopy, country_specific_finding
from ..translate.deepl_engine import OfflineDeepL
from ..translate.engines import create_engine
from ..translate.estimate import estimate_section
from ..translate.field_context import ContextBuilder
from ..translate.glossary import load_glossaries
from ..translate.memory import Memory
from ..translate.segments import PROTECTION_VERSION, is_html
from ..translate.service import Job, TranslationService, same_language_copy
from ..translate.settings import TranslationSettings
from ..translate.sibling_numbers import quantities_in_locale
from ..translate.tmx import import_tmx
from .base import Batch, RunContext, Stage

log = logging.getLogger("localize.translate")

_TRANSLATABLE_STATUSES = {"untranslated", "converted"}
_PUBLISHED = frozenset(("source", "human", "machine"))  # a job's statuses that write its text into the record
_LABEL_JOBS = frozenset(("translate", "missing"))  # option values with no label in the market's language


class TranslateStage(Stage):
    name = "translate"

    def __init__(self) -> None:
        self.service: Any = None
        self.settings: Any = None
        self.memory: Any = None
        self.engine: Any = None
        self.contexts: Any = None
        self.usage: Any = None
        self.seeded: list[dict[str, Any]] = []
        self.per_market: dict[str, dict[str, int]] = {}
        self.same_language = 0
        self.labels: dict[str, int] = {}  # option labels translated (by status), held (`missing`, `untranslated`)
        self.siblings: dict[str, dict[str, int]] = {}  # market -> {sibling PIM locale copied | "kept": n}
        self.source_locale = ""

    # --- lifecycle --------------------------------------------------------------------------

    def open(self, ctx: RunContext) -> None:
        config = ctx.config
        settings = TranslationSettings.from_config(config, ctx.options.engine)
        self.settings = settings
        source_locale = self.source_locale = to_bcp47(config.source.locale)
        glossaries = load_glossaries(settings.glossaries, config.base_dir, settings.do_not_translate,
                                     source_language=source_locale)
        self.memory = Memory(Path(ctx.state_dir) / "memory.sqlite", url=config.state_url, schema=config.state_schema)
        for path in settings.memory_files:
            counts = import_tmx(self.memory, path, origin="human")
            self.seeded.append({"path": str(path), **counts})
        self.engine = create_engine(settings.engine, settings.raw, dry_run=ctx.options.dry_run)
        markets = [m for m in ctx.markets if not same_writing(m.locale, source_locale)]
        if self.engine.billable and self.engine.translates and not isinstance(self.engine, OfflineDeepL):
            if settings.preflight:
                self.usage = self.engine.preflight()
            for market in markets:
                self.engine.target_code(market.locale)  # unsupported target: ConfigError listing the supported ones
        glossary_ids: dict[tuple[str, str], str] = {}
        if glossaries and self.engine.translates and not ctx.options.dry_run:
            prefix = f"localize:{config.project or 'project'}:"
            glossary_ids = self.engine.resolve_glossaries(glossaries, prefix)
        self.contexts = ContextBuilder(source_locale, attributes=config.source.attributes,
                                       categories=config.source.categories, granularity=settings.context,
                                       catalog=ctx.catalog)
        self.service = TranslationService(
            self.engine, self.memory, source_locale,
            glossaries=glossaries, glossary_ids=glossary_ids,
            in_flight=settings.requests_in_flight, retries=settings.batch_retries, backoff=settings.retry_backoff,
            max_characters=settings.max_characters, dry_run=ctx.options.dry_run, deadline=settings.deadline,
            hold_limit=settings.hold_records,
        )

    def process(self, batch: Batch, ctx: RunContext) -> None:
        """Translate the batch now (every request sent before returning)."""
        self.submit(batch, ctx)
        self.drain(ctx)

    def submit(self, batch: Batch, ctx: RunContext) -> list[Batch]:
        """Queue the batch's texts; return the batches whose texts are all back, in order.

        Requests fill across batches (up to `translation.hold_records` records wait); a batch is
        written back only once every one of its texts is resolved, so a crash loses nothing
        that was paid for (the memory has it) and nothing is published half translated.
        """
        jobs = self._jobs(batch)
        return self._finished(self.service.submit(jobs, (batch, jobs), weight=len(batch.records)), ctx)

    def drain(self, ctx: RunContext) -> list[Batch]:
        """Send what is still queued; return the batches that were waiting for it."""
        if self.service is None:
            return []
        return self._finished(self.service.finish(), ctx)

    def _finished(self, payloads: list[Any], ctx: RunContext) -> list[Batch]:
        for _batch, jobs in payloads:
            self._apply(jobs, ctx)
        return [batch for batch, _jobs in payloads]

    def _jobs(self, batch: Batch) -> list[Any]:
        """One job per field and market that needs translating. What depends only on the market
        (exclusions, formality, same language), on the attribute (title, the field's context) or on
        the text (markup) is worked out once per batch, not once per field."""
        settings = self.settings
        contexts = self.contexts
        context_per_record = contexts.enabled and contexts.with_category  # else the field's alone
        wanted = {a.casefold() for a in settings.attributes} if settings.attributes is not None else None
        statuses = _TRANSLATABLE_STATUSES | {"source"} if wanted is not None else _TRANSLATABLE_STATUSES
        markets: dict[str, tuple[set[str], str | None, bool]] = {}
        fields: dict[str, tuple[bool, str | None]] = {}
        html_of: dict[str, bool] = {}
        folds: dict[str, str] = {}
        jobs: list[Job] = []
        for record in batch.active():
            market = record.market
            per_market = markets.get(market.code)
            if per_market is None:
                # (same writing, not only the same language: zh_CN copy is translated for zh-TW)
                per_market = markets[market.code] = (settings.excluded(market), settings.formality_for(market),
                                                     same_writing(market.locale, self.source_locale))
            excluded, formality, same_language = per_market
            identifier = record.identifier
            for attribute, value in record.values.items():
                if not value.translatable and value.display is None and value.extra.get("label") in _LABEL_JOBS:
                    job = self._label_job(record, attribute, value, excluded, formality, same_language)
                    if job is not None:
                        jobs.append(job)
                    continue
                if wanted is None and not value.translatable:  # (first: most values are codes, numbers, options)
                    continue
                text = value.data
                memory_only = False
                # only text fields the configuration lets leave the machine (attribute list folded once)
                # (`isspace` stops at the first other character; `strip` copied the whole text)
                if not isinstance(text, str) or value.status == "pim" or not text or text.isspace():
                    if not value.extra or value.status != "pim":
                        continue
                    sibling = value.extra.get("copied_from")
                    if sibling and isinstance(text, str):  # its quantities' numbers in the market's notation
                        value.data = quantities_in_locale(text, sibling, market.locale)
                    source = value.source
                    if not sibling or same_language or not isinstance(source, str) or not source or source.isspace():
                        self._count_sibling(market.code, value.extra)
                        continue
                    # copy of a sibling locale: a person's memory entry for this market beats it (`_apply`)
                    text, memory_only = source, True
                elif value.extra and "copy_kept" in value.extra:
                    self._count_sibling(market.code, value.extra)
                    if "country_specific" in value.extra:  # what the sibling's copy says is one country's
                        record.add_finding(country_specific_finding(record, attribute, value))
                folded = folds.get(attribute)
                if folded is None:
                    folded = folds[attribute] = attribute.casefold()  # attribute codes are case-insensitive in Akeneo
                if folded in excluded or (wanted is not None and folded not in wanted) \
                        or (value.status not in statuses and not memory_only):
                    if memory_only:  # kept on the machine: the copy stands
                        self._count_sibling(market.code, value.extra)
                    continue
                if same_language:
                    value.data = same_language_copy(text, market.locale, self.source_locale)
                    value.status = "source"
                    self.same_language += 1
                    continue
                field = fields.get(attribute)
                if field is None:
                    title = contexts.is_title(attribute)
                    if title is None:
                        title = attribute in settings.titles
                    field = fields[attribute] = (bool(title),
                                                 None if context_per_record else contexts.context(record, attribute))
                title, context = field
                if context_per_record:
                    context = contexts.context(record, attribute)
                html = html_of.get(text)
                if html is None:
                    html = html_of[text] = is_html(text)
                # positional (text, target_locale, market, formality, context, title, html, extra_terms,
                # original, ref): a call with ten keywords costs several times one with ten positions
                jobs.append(Job(text, market.locale, market.code, formality, context, title and not html, html,
                                (identifier,) if identifier and identifier in text else (),
                                value.source if isinstance(value.source, str) and not memory_only else None,
                                (record, attribute), memory_only))
        return jobs

    def _count_sibling(self, market: str, extra: dict[str, Any]) -> None:
        """Copy the record builder took from another country's locale of the market's language
        (`localize.sibling_copy`), or kept from it because it differs per country."""
        where = extra.get("copied_from") or ("kept" if "copy_kept" in extra else None)
        if where is not None:
            counts = self.siblings.setdefault(market, {})
            counts[where] = counts.get(where, 0) + 1

    def _label_job(self, record: LocalizedRecord, attribute: str, value: LocalizedValue, excluded: set[str],
                   formality: str | None, same_language: bool) -> Job | None:
        """An option value with no label in the market's language (`records._option_display`): its source
        label is translated like copy (memory, glossary, engine) into `display`; the option code is never
        shown instead. An option with no source label, or one kept on the machine (`translation.exclude`),
        is held for review."""
        text = value.extra.get("label_source")
        if text is None or same_language or attribute.casefold() in excluded:
            why = ("the PIM has no label for it in the market's language nor in the source locale"
                   if text is None or same_language else "the attribute is kept from translation (translation.exclude)")
            self.labels["missing"] = self.labels.get("missing", 0) + 1
            record.add_finding(Finding(
                code="option-label-missing",
                severity="review",
                message=f"{attribute}: option {value.data!r} has no label for {record.market.locale} ({why}), "
                        f"so its code would be shown to customers",
                product=record.identifier,
                market=record.market.code,
                field=attribute,
                locale=record.market.locale,
                stage="translate",
                action="add the option's label in the PIM (source.options) and run again",
            ))
            return None
        market = record.market
        # the field's name alone (`Field: Material.`): a label is the same in every category, so one entry
        context = f"Field: {self.contexts.label(attribute)}." if self.contexts.enabled and self.contexts.with_field else None
        return Job(text, market.locale, market.code, formality, context, False, False, (), None,
                   (record, attribute, "label"))

    # --- a distributed run: workers extract and apply, the driver translates (`localize.execution`) ---

    def open_extraction(self, ctx: RunContext) -> None:
        """What a worker needs to pick a batch's texts and write the outcomes back: no memory, no engine
        (the driver translates the distinct texts of every worker under one budget and rate limit)."""
        self.settings = TranslationSettings.from_config(ctx.config, ctx.options.engine)
        self.source_locale = to_bcp47(ctx.config.source.locale)
        self.contexts = ContextBuilder(self.source_locale, attributes=ctx.config.source.attributes,
                                       categories=ctx.config.source.categories, granularity=self.settings.context,
                                       catalog=ctx.catalog)

    def extract(self, batch: Batch) -> list[Job]:
        """The batch's jobs (one per field and market that needs translating), unresolved."""
        return self._jobs(batch)

    def apply(self, jobs: list[Job], ctx: RunContext) -> None:
        """Write resolved jobs back into their records (status, text, findings, pending)."""
        self._apply(jobs, ctx)

    def _apply(self, jobs: list[Any], ctx: RunContext) -> None:
        dry_run = ctx.options.dry_run
        per_market = self.per_market
        for job in jobs:
            ref = job.ref
            record, attribute = ref[0], ref[1]
            value: LocalizedValue = record.values[attribute]
            counts = per_market.get(job.market)
            if counts is None:
                counts = per_market[job.market] = {}
            status = job.status
            if len(ref) == 3:  # an option's label (`_label_job`)
                self._apply_label(record, attribute, value, job, dry_run)
                continue
            if job.memory_only:
                self._apply_over_sibling(record, value, job, counts)
                continue
            if status in _PUBLISHED:
                value.data = regional_spelling(job.result, record.market.locale)  # DeepL's DE for de-CH writes ß
                value.status = status
                value.translatable = True
                value.extra = {**value.extra, "translation": job.origin}  # not the shared empty one
                counts[status] = counts.get(status, 0) + 1
            elif job.status == "pending" and not dry_run:
                value.status = "pending"
                value.extra = {**value.extra, "translation": job.problem}
                record.pending = True
                counts["pending"] = counts.get("pending", 0) + 1
            elif job.status == "untranslated":
                value.status = "untranslated"
                counts["untranslated"] = counts.get("untranslated", 0) + 1
                _flag(record, attribute, job, self.source_locale)

    def _apply_over_sibling(self, record: LocalizedRecord, value: LocalizedValue, job: Job,
                            counts: dict[str, int]) -> None:
        """Copy of a sibling locale (`localize.sibling_copy`) and what the memory holds for the market.

        The one place that orders the sources of such a value (the same in one process, with workers and
        on a cluster: the job's outcome is decided by its signature, `TranslationService._for_market`):
        1. an approved or human memory entry for the exact market (`en-GB`: a person wrote `Colour` for
           this text and this market) -> that entry, status `human`;
        2. else the PIM's copy of the sibling locale, status `pim` (it stays as the record builder made it).
           A machine entry from an earlier run (made when there was no sibling copy) does not beat it:
           the sibling copy is text a person wrote for the product in the market's language, an engine's
           answer is a guess from another language.
        A job that is never made (the field kept on the machine) leaves the copy standing, as 2.
        The counts say which won: `copied_from_sibling_locale` {sibling: n, human_memory: n}."""
        if job.status == "human":
            value.data = regional_spelling(job.result, record.market.locale)  # type: ignore[arg-type]
            value.status = "human"
            extra = {k: v for k, v in value.extra.items() if k != "copied_from"}
            value.extra = {**extra, "translation": job.origin}
            counts["human"] = counts.get("human", 0) + 1
            where = self.siblings.setdefault(record.market.code, {})
            where["human_memory"] = where.get("human_memory", 0) + 1
            return
        self._count_sibling(record.market.code, value.extra)

    def _apply_label(self, record: LocalizedRecord, attribute: str, value: LocalizedValue, job: Job,
                     dry_run: bool) -> None:
        """A translated option label becomes the value's `display` (the data stays the option code)."""
        labels = self.labels
        if job.status in _PUBLISHED:
            value.display = regional_spelling(job.result, record.market.locale)  # type: ignore[arg-type]
            value.extra = {**value.extra, "label": job.status, "translation": job.origin}
            labels[job.status] = labels.get(job.status, 0) + 1
        elif job.status == "pending" and not dry_run:
            record.pending = True
            labels["pending"] = labels.get("pending", 0) + 1
        elif job.status == "untranslated":
            labels["untranslated"] = labels.get("untranslated", 0) + 1
            code, message = _FINDINGS.get(job.problem or "no-memory", _FINDINGS["no-memory"])
            record.add_finding(Finding(
                code="option-label-untranslated",
                severity="review",
                message=f"{attribute}: the label {job.text!r} of option {value.data!r}: "
                        + message.format(src=self.source_locale).replace("left in the source language",
                                                                         "its code would be shown"),
                product=record.identifier,
                market=record.market.code,
                field=attribute,
                locale=record.market.locale,
                stage="translate",
                action="translate the label (or import a TMX with `localize memory import`) and run again",
            ))

    def close(self, ctx: RunContext) -> None:
        try:
            if self.service is not None:
                ctx.report.sections["translation"] = self.report_section()
                self._warn_siblings(ctx)
                stats = self.service.stats
                if stats.pending and not ctx.options.dry_run:
                    ctx.report.escalate(4)
                    quota = ("the LLM token budget (translation.llm.max_tokens_total) or the provider's quota is used up"
                             if self.engine.name == "llm" else "the DeepL quota is used up (456)")
                    reason = {"quota": quota,
                              "budget": f"the translation budget of {self.settings.max_characters} characters is reached",
                              "deadline": f"the engine deadline of {self.settings.deadline:g} s (translation.deadline) "
                                          "passed: the engine hangs or is very slow"}
                    ctx.report.warn(
                        f"translation stopped: {reason.get(stats.stopped or '', 'the engine did not answer')}; "
                        f"{stats.pending} field(s) pending, the next run resumes without billing twice"
                    )
        finally:
            if self.engine is not None:
                self.engine.close()
            if self.memory is not None:
                self.memory.close()

    def _warn_siblings(self, ctx: RunContext) -> None:
        """Say where the tool chose copy of another country's locale over a translation (a decision a
        user may not expect), and that it would not copy what differs per country. One warning per
        market and locale, with no count in it (the counts are in the translation section), so the
        workers of a distributed run give the same warnings as one process."""
        for market, counts in sorted(self.siblings.items()):
            locale = next((m.locale for m in ctx.markets if m.code == market), market)
            spelled = f" (in {locale} spelling: ß -> ss)" if regional_spelling("ß", locale) != "ß" else ""
            for sibling in sorted(k for k in counts if k not in ("kept", "human_memory")):
                ctx.report.warn(
                    f"{market}: copy taken from the PIM's {sibling} copy{spelled} where the PIM has none in {market}, "
                    f"instead of translating the {self.source_locale} copy (counts: translation.copied_from_sibling_locale); "
                    f"set `copy_from: translate` on the market to translate instead")
            if counts.get("kept"):
                ctx.report.warn(
                    f"{market}: copy of another country's locale that differs per country (a price, legal text, "
                    f"warranty, size ...) was not copied: translated from {self.source_locale}")

    def fingerprint(self, market: Any) -> str:
        """What decides this stage's output for `market` besides the product and the config:
        the engine (also when chosen with --engine), the protection rules, the glossary content
        of the market's language pair and the generation of its human/approved memory."""
        if self.service is None:
            return ""
        glossary = self.service.glossaries.content_hash(self.service.source_lang, market.locale)
        parts = [self.engine.memory_id(), PROTECTION_VERSION, glossary, self.memory.human_generation(market.locale)]
        if not same_writing(market.locale, self.source_locale) and SiblingCopy.for_market(market) is not None:
            # a market that may copy a sibling locale's copy: what the rules keep from copying, and that a
            # person's memory entry beats the copy (records stored before either are redone once)
            parts.append(f"{rules_version()}:memory-over-sibling")
        if language_of(market.locale) == language_of(self.source_locale) and not same_writing(market.locale,
                                                                                               self.source_locale):
            # the source's language in another script (zh_CN -> zh-TW): translated since "writing-1"; records
            # stored when it was published as written are redone once
            parts.append("writing-1")
        return "|".join(parts)

    # --- reporting ----------------------------------------------------------------------------

    def report_section(self) -> dict[str, Any]:
        stats = self.service.stats
        section: dict[str, Any] = {
            "engine": self.engine.name,
            "segments": stats.segments,
            "unique": stats.unique,
            "from_memory": stats.from_memory,
            "human": stats.human,
            "glossary": stats.glossary,
            "machine": stats.machine,
            "verbatim": stats.verbatim,
            "same_language": self.same_language,
            "option_labels": dict(sorted(self.labels.items())),
            "copied_from_sibling_locale": {m: dict(sorted(c.items())) for m, c in sorted(self.siblings.items())},
            "untranslated": stats.untranslated,
            "flagged": stats.flagged,
            "pending": stats.pending,
            "characters_billed": stats.characters_billed,
            "requests": stats.requests,
            "retried_requests": stats.retried_requests,
            "failed_requests": stats.failed_requests,
            "stopped": stats.stopped,
            "max_characters": self.settings.max_characters,
            "markets": {m: dict(sorted(c.items())) for m, c in sorted(self.per_market.items())},
        }
        tokens = self.engine.describe().get("tokens")
        if tokens is not None:  # an engine paid per token (llm)
            section["tokens"] = tokens
            section["model"] = self.engine.describe().get("model")
        if self.usage is not None:
            section["quota"] = {"count": self.usage.count, "limit": self.usage.limit, "remaining": self.usage.remaining}
        if self.seeded:
            section["memory_files"] = self.seeded
        if self.service.dry_run:
            section["estimate"] = estimate_section(stats, self.usage, self.settings.max_characters)
        return section

    def summary(self) -> dict[str, Any]:
        if self.service is None:
            return {}
        return {k: v for k, v in self.report_section().items() if k in ("engine", "segments", "from_memory", "machine",
                                                                          "characters_billed", "pending", "untranslated")}




_FINDINGS = {
    "no-memory": ("untranslated", "no translation in memory or glossary; left in the source language ({src})"),
    "protection": ("protected-span-lost", "the engine changed or dropped a protected span (number, placeholder, "
                                          "term or URL) twice; left in the source language ({src}) for a translator"),
    "too-long": ("segment-too-long", "the text is larger than one engine request (128 KiB); left in the source "
                                     "language ({src})"),
}


def _flag(record: LocalizedRecord, attribute: str, job: Any, source_locale: str) -> None:
    code, message = _FINDINGS.get(job.problem or "no-memory", _FINDINGS["no-memory"])
    record.add_finding(Finding(
        code=code,
        severity="review",
        message=message.format(src=source_locale),
        product=record.identifier,
        market=record.market.code,
        field=attribute,
        locale=record.market.locale,
        stage="translate",
        action="translate this field (or import a TMX with `localize memory import`) and run again",
    ))


__all__ = ["TranslateStage", "EngineError"]
