"""Translate a batch of field values across all markets: memory -> glossary -> engine.

The order matters and is the whole point of the design:

1. a value with nothing translatable left after protection (a brand, an SKU, `500 g`) is
   copied as is;
2. the translation memory: approved and human entries first, then the exact machine entry;
3. a glossary entry that is the whole value;
4. everything else is deduplicated *across products and markets* (`fr-FR` and `fr-CH` both
   ask DeepL for `FR`: one request, two memory entries), planned into requests
   (`batching.plan_requests`) and sent (`batching.dispatch`); each answer is checked for
   protected spans, written to memory at once, and failures are retried once with opaque
   placeholders before being flagged.

Quota (456) or the `max_characters` budget stop the engine cleanly: what was translated is
kept, the rest is `pending` and the next run resumes without paying twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..locale import language_of, region_of, to_bcp47
from .batching import Budget, Request, dispatch, plan_requests
from .engine import RequestOptions, Translator
from .glossary import Glossaries
from .memory import Memory, MemoryKey, source_hash, text_hash
from .segments import (
    IGNORE_TAGS,
    PROTECTION_VERSION,
    Protected,
    ProtectionError,
    is_quantity,
    newline_style_like,
    protect,
    restore,
)


@dataclass
class Job:
    """One text field of one product in one market, and what became of it."""

    text: str
    target_locale: str  # the market's locale, e.g. fr-CH
    market: str  # the market's code (for counts)
    formality: str | None = None  # prefer_more / prefer_less / None
    context: str | None = None
    title: bool = False
    html: bool | None = None
    extra_terms: tuple[str, ...] = ()
    original: str | None = None  # the source before an earlier stage rewrote it (units)
    ref: Any = None  # the caller's handle (record, attribute)
    # outcome
    status: str = ""  # source | memory | human | machine | untranslated | pending
    result: str | None = None
    origin: str = ""  # verbatim | memory | human | approved | glossary | engine
    problem: str | None = None  # why untranslated: no-memory | protection | too-long | engine-failed


@dataclass
class _Unit:
    """One distinct engine request text with every job that needs it."""

    protected: Protected
    options: RequestOptions
    jobs: list[Job] = field(default_factory=list)
    keys: dict[str, MemoryKey] = field(default_factory=dict)  # target locale -> key


@dataclass
class Stats:
    segments: int = 0
    verbatim: int = 0
    from_memory: int = 0
    human: int = 0
    glossary: int = 0
    machine: int = 0
    untranslated: int = 0
    pending: int = 0
    flagged: int = 0
    unique: int = 0
    requests: int = 0
    retried_requests: int = 0
    failed_requests: int = 0
    characters_billed: int = 0
    characters_sent: int = 0
    estimate: dict[str, int] = field(default_factory=dict)  # market -> characters that would be billed
    stopped: str | None = None  # quota | budget | engine

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "estimate"}
        data["estimate"] = dict(self.estimate)
        return data


class TranslationService:
    """Memory, glossary and engine for one run. Call `translate(jobs)` per batch."""

    def __init__(
        self,
        engine: Translator,
        memory: Memory,
        source_locale: str,
        *,
        glossaries: Glossaries | None = None,
        glossary_ids: dict[tuple[str, str], str] | None = None,
        in_flight: int = 4,
        retries: int = 2,
        backoff: float = 1.0,
        max_characters: int | None = None,
        dry_run: bool = False,
        deadline: float | None = None,
    ) -> None:
        import time

        self.engine = engine
        # `deadline` seconds of engine time for the whole run, counted from here (the run's start
        # of translation): a server that hangs or resets costs at most this, then the rest is pending.
        self.deadline_at = time.monotonic() + deadline if deadline else None
        self.memory = memory
        self.source_locale = source_locale
        self.source_lang = language_of(source_locale)
        self.glossaries = glossaries or Glossaries()
        self.glossary_ids = glossary_ids or {}
        self.in_flight = in_flight
        self.retries = retries
        self.backoff = backoff
        self.budget = Budget(max_characters)
        self.dry_run = dry_run
        self.stats = Stats()
        self._target_codes: dict[str, str] = {}

    # --- per job ----------------------------------------------------------------------------

    def target_code(self, locale: str) -> str:
        if locale not in self._target_codes:
            self._target_codes[locale] = self.engine.target_code(locale)
        return self._target_codes[locale]

    def _key(self, job: Job, protected: Protected, split: str | None) -> MemoryKey:
        return MemoryKey(
            source_hash=source_hash(job.text),
            source_lang=self.source_lang,
            target_lang=to_bcp47(job.target_locale),
            formality=job.formality or "",
            tag_handling=protected.tag_handling,
            split_mode=split or "",
            context_hash=text_hash(job.context),
            glossary_hash=self.glossaries.content_hash(self.source_lang, job.target_locale),
            engine=self.engine.name,
            protection=PROTECTION_VERSION,
        )

    def translate(self, jobs: list[Job]) -> Stats:
        """Fill every job's `status` and `result`. Returns the run's cumulative stats."""
        stats = self.stats
        stats.segments += len(jobs)
        units: dict[tuple[str, RequestOptions], _Unit] = {}
        terms = self.glossaries.do_not_translate
        lookups: dict[str, Any] = {}
        for job in jobs:
            protected = protect(job.text, html=job.html, terms=terms + job.extra_terms)
            if not protected.has_text:
                self._done(job, job.text, "source", "verbatim")
                stats.verbatim += 1
                continue
            split = "0" if job.title else None
            key = self._key(job, protected, split)
            if key.digest not in lookups:
                extra = [source_hash(job.original)] if job.original and job.original != job.text else []
                lookups[key.digest] = self.memory.lookup(key, source_hashes=extra)
            entry = lookups[key.digest]
            if entry is not None:
                human = entry.origin in ("human", "approved")
                # The status says who translated it (a machine, earlier), not where this run found it:
                # a resumed or repeated run must publish the same bytes as one uninterrupted run.
                self._done(job, newline_style_like(entry.target_text, job.text), "human" if human else "machine",
                           entry.origin if human else "memory")
                stats.from_memory += 1
                stats.human += human
                continue
            term = self.glossaries.whole_term(job.text, self.source_lang, job.target_locale)
            if term is not None:
                self._done(job, protected.lead + term + protected.trail, "human", "glossary")
                stats.glossary += 1
                continue
            if not self.engine.translates:
                self._fail(job, "untranslated", "no-memory")
                stats.untranslated += 1
                continue
            target = self.target_code(job.target_locale)
            options = RequestOptions(
                source_lang=self.engine.source_code(self.source_locale),
                target_lang=target,
                formality=job.formality,
                glossary_id=self.glossary_ids.get((self.source_lang, language_of(job.target_locale))),
                context=job.context,
                tag_handling=protected.tag_handling,
                split_sentences=split,
                ignore_tags=IGNORE_TAGS,
            )
            unit = units.setdefault((protected.wire, options), _Unit(protected, options))
            unit.jobs.append(job)
            unit.keys.setdefault(to_bcp47(job.target_locale), key)
        if not units:
            return stats
        stats.unique += len(units)
        if self.dry_run:
            for unit in units.values():
                market = unit.jobs[0].market
                stats.estimate[market] = stats.estimate.get(market, 0) + len(unit.protected.wire)
                for job in unit.jobs:
                    job.status, job.origin = "pending", "estimate"
            return stats
        retry = self._send(list(units.values()), opaque=False)
        if retry:
            again = self._send(retry, opaque=True)
            for unit in again:
                for job in unit.jobs:
                    self._fail(job, "untranslated", "protection")
                    stats.flagged += 1
        return stats

    # --- sending ----------------------------------------------------------------------------

    def _send(self, units: list[_Unit], *, opaque: bool) -> list[_Unit]:
        """Send units; returns the ones whose protected spans did not survive."""
        stats = self.stats
        segments = ((u.options, u.protected.opaque() if opaque else u.protected.wire, u) for u in units)
        requests, too_large = plan_requests(segments, max_texts=self.engine.max_texts, max_bytes=self.engine.max_bytes)
        for unit in too_large:
            for job in unit.jobs:
                self._fail(job, "untranslated", "too-long")
                stats.flagged += 1
        failed: list[_Unit] = []
        for outcome in dispatch(self.engine, requests, in_flight=self.in_flight, retries=self.retries,
                                backoff=self.backoff, budget=self.budget, stop=lambda: self.stats.stopped,
                                deadline=self.deadline_at):
            request: Request[_Unit] = outcome.request
            if outcome.attempts > 1:
                stats.retried_requests += 1
            if outcome.translations is None:
                if outcome.skipped:
                    stats.stopped = stats.stopped or outcome.skipped
                else:
                    stats.failed_requests += 1
                for unit in request.items:
                    for job in unit.jobs:
                        self._fail(job, "pending", "engine-failed" if not outcome.skipped else outcome.skipped)
                        stats.pending += 1
                continue
            stats.requests += 1
            stats.characters_sent += request.characters
            rows = []
            for unit, translation in zip(request.items, outcome.translations, strict=True):
                stats.characters_billed += translation.billed_characters
                try:
                    restore(translation.text, unit.protected, opaque=opaque)
                except ProtectionError:
                    failed.append(unit)
                    continue
                # One engine text can serve several locales (fr-FR and fr-CH share FR); the
                # protected quantities come back as the source wrote them, so write their
                # numbers the way each target locale does (`2,5 kg` -> `2.5 kg` for en-US).
                texts = {
                    job.target_locale: restore(translation.text, unit.protected, opaque=opaque,
                                               rewrite=self._numbers_for(job.target_locale))
                    for job in unit.jobs
                }
                billed = translation.billed_characters
                for locale, key in unit.keys.items():
                    job = next(j for j in unit.jobs if to_bcp47(j.target_locale) == locale)
                    rows.append((key, job.text, texts[job.target_locale], billed, job.context or ""))
                    billed = 0
                for job in unit.jobs:
                    self._done(job, texts[job.target_locale], "machine", "engine")
                    stats.machine += 1
            if rows and self.engine.billable:
                self.memory.put_machine(rows)  # per request, as results arrive
        return failed

    def _numbers_for(self, target_locale: str) -> Any:
        """Rewrites a protected span's numbers from the source's conventions to the target's."""
        from ..units.quantities_in_text import localize_numbers

        source = self.source_locale

        def rewrite(span: str) -> str:
            return localize_numbers(span, source, target_locale) if is_quantity(span) else span

        return rewrite

    # --- outcomes ---------------------------------------------------------------------------

    @staticmethod
    def _done(job: Job, text: str, status: str, origin: str) -> None:
        job.result, job.status, job.origin, job.problem = text, status, origin, None

    @staticmethod
    def _fail(job: Job, status: str, problem: str) -> None:
        job.result, job.status, job.problem = None, status, problem


def same_language_copy(text: str, target_locale: str) -> str:
    """Copy for a market that reads the source language; Swiss German writes `ss` for `ß`."""
    if language_of(target_locale) == "de" and region_of(target_locale) in ("CH", "LI"):
        return text.replace("ß", "ss").replace("ẞ", "SS")
    return text


def iter_jobs(jobs: Iterable[Job], status: str) -> list[Job]:
    return [j for j in jobs if j.status == status]
