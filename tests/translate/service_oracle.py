"""The translation service as it was before it worked per distinct job signature (main 9d7bbb4):
the oracle `test_translate_plans.py` compares the service with, job by job, request by request.

Kept verbatim but for its imports (absolute), one fix (`_done`: a machine text keeps its own
copy's outer whitespace) and protection p2 (the source locale's digit groups, `protection_version`). Its docstring follows.

Translate a batch of field values across all markets: memory -> glossary -> engine.

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

import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from localize.locale import language_of, region_of, to_bcp47
from localize.memo import TextMemo
from localize.translate.batching import Budget, Request, dispatch, plan_requests
from localize.translate.engine import RequestOptions, Translator
from localize.translate.glossary import Glossaries
from localize.translate.memory import Memory, MemoryKey, source_hash, text_hash
from localize.translate.segments import (
    IGNORE_TAGS,
    Protected,
    ProtectionError,
    is_quantity,
    newline_style_like,
    protect,
    protection_version,
    restore,
)
from localize.units.quantities_in_text import localize_numbers


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
    born: int = 0  # the submission that queued it
    joined: set[int] = field(default_factory=set)  # ids of later jobs the memory would have served
    protections: dict[int, Protected] = field(default_factory=dict)  # submission -> its first protection
    seqs: dict[int, int] = field(default_factory=dict)  # id(job) -> its submission
    key_seqs: dict[str, int] = field(default_factory=dict)  # target locale -> the submission that keyed it
    tickets: list[_Ticket] = field(default_factory=list)


@dataclass(eq=False)
class _Ticket:
    """One submission: the caller's payload, its weight and the queued texts it waits for."""

    payload: Any
    weight: int
    waiting: int = 0


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
    texts_sent: int = 0
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
        hold_limit: int = 0,
    ) -> None:
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
        # Texts waiting for a full request, and the submissions waiting for them (oldest first).
        self.hold_limit = hold_limit
        self._queue: dict[tuple[str, RequestOptions], _Unit] = {}
        self._tickets: deque[_Ticket] = deque()
        self._held = 0
        self._seq = 0
        # Catalogues repeat their copy across products and markets: protect each text once, and
        # read each memory entry once (bounded; cleared when full). Only entries found are kept: a
        # miss may be filled by this run's own engine answers.
        # (bounded by entries and by the characters of text they keep alive: long copy stays flat too)
        self._protected: TextMemo[tuple[Protected, bool]] = TextMemo(self._CACHE_SIZE, self._CACHE_CHARS)
        self._found: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._keys: TextMemo[tuple[MemoryKey, str]] = TextMemo(self._CACHE_SIZE, self._CACHE_CHARS)  # a job's text and options -> its memory key, digest
        self._digests: dict[MemoryKey, str] = {}
        self._source_hashes: TextMemo[str] = TextMemo(self._CACHE_SIZE, self._CACHE_CHARS)
        self._glossary_hashes: dict[str, str] = {}  # target locale -> the glossary's content hash (fixed for a run)
        self._request_options: dict[tuple[Any, ...], RequestOptions] = {}

    # --- per job ----------------------------------------------------------------------------

    def target_code(self, locale: str) -> str:
        if locale not in self._target_codes:
            self._target_codes[locale] = self.engine.target_code(locale)
        return self._target_codes[locale]

    def _key(self, job: Job, protected: Protected, split: str | None) -> tuple[MemoryKey, str]:
        """The job's memory key and its digest, once per distinct text and options."""
        memo = (job.text, job.target_locale, job.formality, job.context, protected.tag_handling, split)
        found = self._keys.get(memo)
        if found is None:
            key = self._new_key(job, protected, split)
            digest = self._digests.get(key)
            if digest is None:
                if len(self._digests) >= self._CACHE_SIZE:
                    self._digests.clear()
                digest = self._digests[key] = key.digest
            found = self._keys.put(memo, (key, digest), len(job.text))
        return found

    def _new_key(self, job: Job, protected: Protected, split: str | None) -> MemoryKey:
        # the same text is keyed once per market: hash it once; the glossary's hash per target once
        hashed = self._source_hashes.get(job.text)
        if hashed is None:
            hashed = self._source_hashes.put(job.text, source_hash(job.text))
        glossary = self._glossary_hashes.get(job.target_locale)
        if glossary is None:
            glossary = self._glossary_hashes[job.target_locale] = self.glossaries.content_hash(
                self.source_lang, job.target_locale)
        return MemoryKey(
            source_hash=hashed,
            source_lang=self.source_lang,
            target_lang=to_bcp47(job.target_locale),
            formality=job.formality or "",
            tag_handling=protected.tag_handling,
            split_mode=split or "",
            context_hash=text_hash(job.context),
            glossary_hash=glossary,
            engine=self.engine.memory_id(),
            protection=protection_version(protected),
        )

    _CACHE_SIZE = 8_192
    _CACHE_CHARS = 4_000_000

    def _protect(self, text: str, html: bool | None, terms: tuple[str, ...]) -> tuple[Protected, bool]:
        """The protected segment and whether it has text to translate (`Protected.has_text`, three
        regex passes), once per distinct text: the same copy is submitted for every market."""
        key = (text, html, terms)
        found = self._protected.get(key)
        if found is None:
            protected = protect(text, html=html, terms=terms, locale=self.source_locale)
            # the text, its protected form and the engine's answer to it: ~3 times its length
            found = self._protected.put(key, (protected, protected.has_text), 3 * len(text))
        return found

    def _options(self, job: Job, tag_handling: str, split: str | None) -> RequestOptions:
        """The request options of a job, built once per distinct (target, formality, context, tag
        handling, split): every field of every product asks with one of a few."""
        memo = (job.target_locale, job.formality, job.context, tag_handling, split)
        options = self._request_options.get(memo)
        if options is None:
            if len(self._request_options) >= self._CACHE_SIZE:
                self._request_options.clear()
            options = self._request_options[memo] = RequestOptions(
                source_lang=self.engine.source_code(self.source_locale),
                target_lang=self.target_code(job.target_locale),
                formality=job.formality,
                glossary_id=self.glossary_ids.get((self.source_lang, language_of(job.target_locale))),
                context=job.context,
                tag_handling=tag_handling,
                split_sentences=split,
                ignore_tags=IGNORE_TAGS,
            )
        return options

    def _lookup_all(self, asked: dict[str, tuple[MemoryKey, tuple[str, ...]]]) -> dict[str, Any]:
        """The memory's entry (or None) for each digest: remembered hits first, the rest in one
        `Memory.lookup_many` (a batch's thousands of keys in a few queries, not one each)."""
        out: dict[str, Any] = {}
        missing: list[tuple[str, MemoryKey, tuple[str, ...]]] = []
        for digest, (key, extra) in asked.items():
            found = self._found.get((digest, extra))
            if found is None:
                missing.append((digest, key, extra))
            else:
                out[digest] = found
        if missing:
            for (digest, _, extra), found in zip(
                    missing, self.memory.lookup_many((key, extra) for _, key, extra in missing), strict=True):
                out[digest] = found
                if found is not None:
                    if len(self._found) >= self._CACHE_SIZE:
                        self._found.clear()
                    self._found[(digest, extra)] = found
        return out

    def translate(self, jobs: list[Job]) -> Stats:
        """Fill every job's `status` and `result` now. Returns the run's cumulative stats."""
        self.submit(jobs)
        self.finish()
        return self.stats

    def submit(self, jobs: list[Job], payload: Any = None, *, weight: int = 1) -> list[Any]:
        """Resolve `jobs` from memory and glossary; queue what needs the engine.

        Queued texts wait until a request is full (`max_texts` or `max_bytes`), so requests fill
        across the caller's batches. Returns the payloads whose jobs are all resolved, in the
        order they were submitted. `weight` (the caller's records) counts towards
        `hold_limit`: above it the oldest submission is sent even in part-filled requests, so
        what waits stays bounded.
        """
        ticket = _Ticket(payload, weight)
        self._tickets.append(ticket)
        self._held += weight
        self._seq += 1
        stats = self.stats
        stats.segments += len(jobs)
        units: dict[tuple[str, RequestOptions], _Unit] = {}
        terms = self.glossaries.do_not_translate
        planned: list[tuple[Job, Protected, str | None, MemoryKey, str]] = []
        asked: dict[str, tuple[MemoryKey, tuple[str, ...]]] = {}  # digest -> (key, further source hashes)
        for job in jobs:
            protected, has_text = self._protect(job.text, job.html, terms + job.extra_terms)
            if not has_text:
                self._done(job, job.text, "source", "verbatim")
                stats.verbatim += 1
                continue
            split = "0" if job.title else None
            key, digest = self._key(job, protected, split)
            if digest not in asked:
                asked[digest] = (key, (source_hash(job.original),) if job.original and job.original != job.text else ())
            planned.append((job, protected, split, key, digest))
        lookups = self._lookup_all(asked)  # the memory, in a few queries for the whole submission
        for job, protected, split, key, digest in planned:
            entry = lookups[digest]
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
            options = self._options(job, protected.tag_handling, split)
            if self.dry_run:
                units.setdefault((protected.wire, options), _Unit(protected, options)).jobs.append(job)
                continue
            unit = self._queue.get((protected.wire, options))
            if unit is None:
                unit = self._queue[(protected.wire, options)] = _Unit(protected, options, born=self._seq)
                stats.unique += 1
            elif unit.born != self._seq:
                # Queued by an earlier submission: today's run would have found its answer in
                # the memory (same key) or sent it again (another key); the outcome says the same.
                locale = to_bcp47(job.target_locale)
                if self.engine.billable and unit.keys.get(locale) == key and unit.key_seqs.get(locale) != self._seq:
                    unit.joined.add(id(job))
            unit.protections.setdefault(self._seq, protected)
            unit.seqs[id(job)] = self._seq
            unit.jobs.append(job)
            if to_bcp47(job.target_locale) not in unit.keys:
                unit.keys[to_bcp47(job.target_locale)] = key
                unit.key_seqs[to_bcp47(job.target_locale)] = self._seq
            if ticket not in unit.tickets:
                unit.tickets.append(ticket)
                ticket.waiting += 1
        if self.dry_run and units:
            stats.unique += len(units)
            for unit in units.values():
                market = unit.jobs[0].market
                stats.estimate[market] = stats.estimate.get(market, 0) + len(unit.protected.wire)
                for job in unit.jobs:
                    job.status, job.origin = "pending", "estimate"
        self._pump(full_only=True)
        while self._held > self.hold_limit and self._tickets and self._tickets[0].waiting:
            self._send_ticket(self._tickets[0])
        return self._completed()

    def finish(self) -> list[Any]:
        """Send everything still queued; returns the payloads completed by it, in order."""
        self._pump(full_only=False)
        return self._completed()

    @property
    def waiting(self) -> int:
        """Distinct texts queued for the engine."""
        return len(self._queue)

    # --- queueing ---------------------------------------------------------------------------

    def _completed(self) -> list[Any]:
        done: list[Any] = []
        while self._tickets and self._tickets[0].waiting == 0:
            ticket = self._tickets.popleft()
            self._held -= ticket.weight
            done.append(ticket.payload)
        return done

    def _plan(self, units: list[_Unit]) -> list[Request[_Unit]]:
        requests, _ = plan_requests(((u.options, u.protected.wire, u) for u in units),
                                    max_texts=self.engine.max_texts, max_bytes=self.engine.max_bytes)
        return requests

    def _pump(self, *, full_only: bool) -> None:
        """Send the queued texts that fill whole requests (all of them unless `full_only`)."""
        units = list(self._queue.values())
        if not units:
            return
        if full_only:
            requests = self._plan(units)
            chosen: list[_Unit] = []
            for i, request in enumerate(requests):
                more = i + 1 < len(requests) and requests[i + 1].options == request.options
                if more or len(request.texts) >= self.engine.max_texts:
                    chosen.extend(request.items)
            units = chosen
        if units:
            self._resolve(units)

    def _send_ticket(self, ticket: _Ticket) -> None:
        """Send the requests that carry the oldest submission's texts (filled with later ones)."""
        mine = {id(u) for u in self._queue.values() if ticket in u.tickets}
        chosen: list[_Unit] = []
        for request in self._plan(list(self._queue.values())):
            if any(id(u) in mine for u in request.items):
                chosen.extend(request.items)
        self._resolve(chosen)

    def _resolve(self, units: list[_Unit]) -> None:
        """Send `units` (retrying lost spans once with opaque placeholders), then release them."""
        for unit in units:
            del self._queue[(unit.protected.wire, unit.options)]
        try:
            retry = self._send(units, opaque=False)
            if retry:
                again = self._send(retry, opaque=True)
                for unit in again:
                    for job in unit.jobs:
                        self._fail(job, "untranslated", "protection")
                        self.stats.flagged += 1
        finally:
            for unit in units:
                for ticket in unit.tickets:
                    ticket.waiting -= 1
                unit.tickets = []

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
            stats.texts_sent += len(request.texts)
            rows = []
            for unit, translation in zip(request.items, outcome.translations, strict=True):
                stats.characters_billed += translation.billed_characters
                # One engine text can serve several locales (fr-FR and fr-CH share FR); the
                # protected quantities come back as the source wrote them, so write their
                # numbers the way each target locale does (`2,5 kg` -> `2.5 kg` for en-US).
                # Each `restore` checks the spans first: every protection of a unit has the same
                # wire, hence the same spans, so the first failure is the unit's.
                texts: dict[tuple[int, str], str] = {}
                try:
                    for job in unit.jobs:
                        seq = unit.seqs.get(id(job), unit.born)
                        if (seq, job.target_locale) not in texts:
                            texts[(seq, job.target_locale)] = restore(
                                translation.text, unit.protections.get(seq, unit.protected), opaque=opaque,
                                rewrite=self._numbers_for(job.target_locale))
                except ProtectionError:
                    failed.append(unit)
                    continue
                billed = translation.billed_characters
                stored: dict[str, str] = {}
                for locale, key in unit.keys.items():
                    job = next(j for j in unit.jobs if to_bcp47(j.target_locale) == locale)
                    text = texts[(unit.seqs.get(id(job), unit.born), job.target_locale)]
                    stored[locale] = text
                    rows.append((key, job.text, text, billed, job.context or ""))
                    billed = 0
                for job in unit.jobs:
                    if id(job) in unit.joined:  # what the memory would have given this later batch
                        self._done(job, newline_style_like(stored[to_bcp47(job.target_locale)], job.text),
                                   "machine", "memory")
                        stats.from_memory += 1
                        continue
                    self._done(job, texts[(unit.seqs.get(id(job), unit.born), job.target_locale)], "machine", "engine")
                    stats.machine += 1
            if rows and self.engine.billable:
                self.memory.put_machine(rows)  # per request, as results arrive
        return failed

    def _numbers_for(self, target_locale: str) -> Any:
        """Rewrites a protected span's numbers from the source's conventions to the target's."""
        source = self.source_locale

        def rewrite(span: str) -> str:
            return localize_numbers(span, source, target_locale) if is_quantity(span, source) else span

        return rewrite

    # --- outcomes ---------------------------------------------------------------------------

    @staticmethod
    def _done(job: Job, text: str, status: str, origin: str) -> None:
        if status == "machine":  # the one change since 9d7bbb4 (2026-12-06): a machine text keeps its own
            # copy's outer whitespace (units and memory keys leave it out; the first copy's was given to all)
            source = job.text
            text = source[: len(source) - len(source.lstrip())] + text.strip() + source[len(source.rstrip()):]
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
