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

import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..locale import language_of, regional_spelling, to_bcp47
from ..memo import MISSING, TextMemo
from ..units.numbers import has_spaced_digits
from ..units.quantities_in_text import localize_numbers, spaced_groups_certain
from .batching import Budget, Request, dispatch, plan_groups, plan_requests, text_size
from .engine import RequestOptions, Translator
from .glossary import Glossaries
from .memory import Memory, MemoryKey, source_hash, text_hash
from .segments import (
    IGNORE_TAGS,
    LONG_TEXT,
    Protected,
    ProtectionError,
    is_quantity,
    newline_style_like,
    protect,
    protection_version,
    restore,
)
from .sibling_numbers import quantities_in_locale


@dataclass(slots=True)
class Job:
    """One text field of one product in one market, and what became of it. (The translate stage builds
    it with positional arguments, in this order: keep the order of the fields.)"""

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
    # only a person's translation for the exact target (`TranslationService._for_market`): the caller
    # has copy of its own to publish otherwise (the PIM's copy of a sibling locale)
    memory_only: bool = False
    # outcome
    status: str = ""  # source | memory | human | machine | untranslated | pending | fallback
    result: str | None = None
    origin: str = ""  # verbatim | memory | human | approved | glossary | engine
    problem: str | None = None  # why untranslated: no-memory | protection | too-long | engine-failed


@dataclass(eq=False, slots=True)
class _Plan:
    """What every job of one signature (text, market locale, formality, context, markup, title,
    terms, original) of one submission comes to before the memory and the queue: the same for all
    of them, so it is worked out once per signature and submission, not once per record and market.
    (Not kept across submissions: a signature recurs in a later one for 0.8 % of the plans of a
    100k × 3 run, and a memo of them cost more than it saved. What a signature's text and market
    decide is memoised apart: `_protected`, `_profiles`.)"""

    protected: Protected | None  # None: verbatim
    verbatim: bool  # nothing left to translate: the text is copied as is
    profile: _Profile | None = None  # what its market and field decide
    # what decides the memory key besides the run's constants: equal idents, equal keys
    # (source hash, target, formality, tag handling, split mode, context hash, glossary hash, protection version)
    ident: tuple[str, ...] = ()
    key: MemoryKey | None = None  # made when needed (an engine that writes no memory rarely needs it)
    extra: tuple[str, ...] = ()  # further source hashes whose human entries may serve (the original)
    size: int = 0  # bytes the protected text adds to a request body (`batching.text_size`)


#: The plan of every signature with nothing to translate (the text is copied as is).
_VERBATIM = _Plan(None, True)


@dataclass(eq=False, slots=True)
class _Profile:
    """What a plan takes from its job's market and field (target locale, formality, context, title)
    rather than from its text: worked out once per distinct (market, field), not once per signature
    (a catalogue has a few, and hundreds of thousands of signatures)."""

    target_locale: str  # the market's locale
    locale: str  # the target locale as memory keys write it (BCP 47)
    formality: str | None
    context: str | None
    split: str | None  # "0" for titles: one sentence, never split
    context_hash: str
    glossary: str  # the glossary's content hash for the target
    has_terms: bool  # the glossary has terms for the target (a whole value may be one)
    # (tag handling, split) -> the request options, made when the engine is first needed (an unsupported
    # target is an error only then)
    options: dict[tuple[str, str | None], RequestOptions] = field(default_factory=dict)


@dataclass(eq=False, slots=True)
class _Group:
    """The jobs of one submission with one signature, queued for one engine text: one outcome."""

    jobs: list[Job]
    seq: int  # the submission
    target_locale: str
    locale: str  # BCP 47
    joined: bool = False  # queued by an earlier submission: the memory would have answered these


def _with_own_outer(text: str, protected: Protected | None, source: str) -> str:
    """`text` with the outer whitespace of the job's own `source`. Jobs queue by wire, which leaves
    outer whitespace out, so `" Stuhl\\n"` and `"Stuhl"` in one submission share a unit and are
    restored with its first protection (`protected`; None: not known here); each job still gets back
    its own spaces and line breaks, as when it was translated alone. A restored text is the source's
    outer whitespace around a stripped body (`segments.restore`), so its strip is that body."""
    if protected is not None and (source is protected.source or source == protected.source):  # (nearly always)
        return text
    stripped = source.strip()
    if stripped is source:
        return text.strip()
    return source[: len(source) - len(source.lstrip())] + text.strip() + source[len(source.rstrip()):]


@dataclass(eq=False, slots=True)
class _Unit:
    """One distinct engine request text with every job that needs it. Its first group (submission
    `born`'s jobs for one locale) is kept in its own fields: most texts are needed by one group, and
    a `_Group` and a list for each would be made and freed hundreds of thousands of times a run."""

    protected: Protected  # the first protection of it (submission `born`'s)
    wire: str  # its text (`protected.wire`): the key of the unit among the queued texts of its options
    options: RequestOptions
    size: int  # bytes the text adds to a request body (`batching.text_size`)
    born: int  # the submission that queued it
    order: int  # the service's order-th queued text: requests are planned oldest first
    jobs: list[Job]  # the first group's
    target_locale: str  # the first group's
    locale: str  # the first group's (BCP 47)
    tickets: tuple[_Ticket, ...]  # the submissions waiting for it
    groups: list[_Group] | None = None  # every group, the first included, once a second one joins
    # Billable engines only (the memory rows, `joined`): target locale -> (its key, the submission that keyed it)
    keys: dict[str, tuple[MemoryKey | None, int]] | None = None
    # The first protection of each later submission (same wire, maybe other outer whitespace)
    protections: dict[int, Protected] | None = None

    def protection(self, seq: int) -> Protected:
        """The protection the jobs of submission `seq` are restored with: that submission's first."""
        if seq == self.born or self.protections is None:
            return self.protected
        return self.protections.get(seq, self.protected)

    def all_groups(self) -> list[_Group]:
        """Every group of jobs waiting for this text, the first first."""
        if self.groups is None:
            return [_Group(self.jobs, self.born, self.target_locale, self.locale)]
        return self.groups

    def add(self, group: _Group) -> None:
        if self.groups is None:
            self.groups = [_Group(self.jobs, self.born, self.target_locale, self.locale)]
        self.groups.append(group)

    def all_jobs(self) -> Iterator[Job]:
        if self.groups is None:
            yield from self.jobs
            return
        for group in self.groups:
            yield from group.jobs


@dataclass(eq=False, slots=True)
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
        # options -> wire -> unit, each options' units oldest first (a wire and its options are one engine text)
        self._queue: dict[RequestOptions, dict[str, _Unit]] = {}
        self._queued = 0  # texts queued so far (`_Unit.order`)
        self._tickets: deque[_Ticket] = deque()
        self._held = 0
        self._seq = 0
        # Catalogues repeat their copy across products and markets: protect each text once (for
        # every market), work out each distinct job signature once (its key, options, glossary
        # term), and read each memory entry once (bounded; cleared when full). Only entries found
        # are kept: a miss may be filled by this run's own engine answers.
        # (bounded by entries and by the characters of text they keep alive: long copy stays flat too)
        self._protected: TextMemo[tuple[Protected, bool, str, int]] = TextMemo(self._CACHE_SIZE, self._CACHE_CHARS, shared=True)
        # Long copy (a description) recurs across a run's batches where names and codes are one-offs:
        # it has a memo of its own, which the one-offs of every batch do not empty (`_long_text`).
        self._protected_long: TextMemo[tuple[Protected, bool, str, int]] = TextMemo(self._CACHE_SIZE,
                                                                                      self._CACHE_CHARS)
        # An answer that no later engine answer of this run can change (a memory entry read with the
        # signature's own sources, the memory engine's "untranslated"): signature -> (its plan's ident,
        # (result, status, origin, entry)). Only settled signatures are kept (none in a pseudo run).
        self._settled: TextMemo[tuple[tuple[str, ...], tuple[str | None, str, str, Any]]] = TextMemo(
            self._CACHE_SIZE, self._CACHE_CHARS)
        self._found: TextMemo[Any] = TextMemo(self._CACHE_SIZE, self._CACHE_CHARS)  # (ident, sources) -> entry
        # memory-only signature -> its exact-market entry or None (no run writes a person's entry)
        self._market_found: TextMemo[Any] = TextMemo(self._CACHE_SIZE, self._CACHE_CHARS)
        # A local engine's long answers without spans, restored (`_restore_long`): (answer, markup, outer
        # whitespace) -> text (the bound of the pseudo engine's long answers: a run's descriptions fit)
        self._restored_long: TextMemo[str] = TextMemo(self._CACHE_SIZE, 2 * self._CACHE_CHARS)
        # (target locale, formality, context, title) -> its profile
        self._profiles: TextMemo[_Profile] = TextMemo(self._CACHE_SIZE, self._CACHE_CHARS)
        self._glossaries_of: dict[str, tuple[str, bool]] = {}  # target locale -> (content hash, has terms)
        self._rewrites: dict[str, Any] = {}  # target locale -> its `_numbers_for`
        self._nobody = False  # keyless, and the memory has no human or approved entry either
        # What a plan's ident and further sources name a source text by: its hash (the memory keys'
        # first part), or the text itself when nothing reads the memory (`_nobody`: no key is made)
        self._source_key: Any = source_hash
        self._keyless: bool | None = None  # the memory can give this engine human entries only (`_lookup_all`)

    # --- per distinct job signature ----------------------------------------------------------

    def target_code(self, locale: str) -> str:
        if locale not in self._target_codes:
            self._target_codes[locale] = self.engine.target_code(locale)
        return self._target_codes[locale]

    _CACHE_SIZE = 8_192
    _CACHE_CHARS = 4_000_000

    def _protect(self, text: str, html: bool | None, terms: tuple[str, ...]) -> tuple[Protected, bool, str, int]:
        """The protected segment, whether it has text to translate (`Protected.has_text`, three
        regex passes), the source hash of its memory keys and the bytes it adds to a request
        (`batching.text_size`), once per distinct text: the same copy is submitted for every market."""
        key = (text, html, terms)
        long = len(text) >= LONG_TEXT
        memo = self._protected_long if long else self._protected
        found = memo.get(key)
        if found is None:
            protected = protect(text, html=html, terms=terms, locale=self.source_locale)
            has_text = protected.has_text
            # the text, its protected form (most often the text itself) and ~100 characters of
            # objects; a short text's entry counts its answer too (~3 times its length)
            weight = (len(text) + (0 if protected.wire is text else len(protected.wire)) + 128) if long \
                else 3 * len(text)
            found = memo.put(key, (protected, has_text, self._source_key(text) if has_text else "",
                                   text_size(protected.wire) if has_text else 0), weight)
        return found

    def _plan(self, job: Job, reads: bool = True) -> _Plan:
        """The plan of `job`'s signature: protection, memory key and what else needs only the
        signature. Same values as working them out for every job (tests: hypothesis vs the old path).
        Without `reads` (nothing reads the memory, and the engine bills nothing: no key is made) the
        plan has no memory ident."""
        protected, has_text, hashed, size = self._protect(job.text, job.html, self.glossaries.do_not_translate + job.extra_terms)
        if not has_text:
            return _VERBATIM
        profile = self._profiles.get((job.target_locale, job.formality, job.context, job.title))
        if profile is None:
            profile = self._profile(job)
        if not reads:
            return _Plan(protected, False, profile, (), None, (), size)
        ident = (hashed, profile.locale, job.formality or "", protected.tag_handling, split_for(protected, profile.split) or "",
                 profile.context_hash, profile.glossary, protection_version(protected))
        extra = (self._source_key(job.original),) if job.original and job.original != job.text else ()
        plan = _Plan(protected, False, profile, ident, None, extra, size)
        if not self._keyless:
            plan.key = self._key_of(plan)
        return plan

    def _profile(self, job: Job) -> _Profile:
        """The profile of `job`'s market and field (`_Profile`)."""
        target = job.target_locale
        glossary = self._glossaries_of.get(target)
        if glossary is None:  # (the glossary's content hash, whether it has terms): fixed for a run
            glossary = self._glossaries_of[target] = (self.glossaries.content_hash(self.source_lang, target),
                                                      bool(self.glossaries.terms(self.source_lang, target)))
        profile = _Profile(target, to_bcp47(target), job.formality, job.context, "0" if job.title else None,
                           text_hash(job.context), *glossary)
        # its key, the context twice (key and profile) and ~200 characters of objects
        return self._profiles.put((target, job.formality, job.context, job.title), profile,
                                  2 * len(job.context or "") + 256)

    def _key_of(self, plan: _Plan) -> MemoryKey:
        """The plan's memory key (its digest is the machine entry's primary key)."""
        if plan.key is None:
            hashed, locale, formality, tag_handling, split, context, glossary, protection = plan.ident
            if self._source_key is not source_hash:  # the ident names the text itself (`_nobody`)
                hashed = source_hash(hashed)
            plan.key = MemoryKey(
                source_hash=hashed,
                source_lang=self.source_lang,
                target_lang=locale,
                formality=formality,
                tag_handling=tag_handling,
                split_mode=split,
                context_hash=context,
                glossary_hash=glossary,
                engine=self.engine.memory_id(),
                protection=protection,
            )
        return plan.key

    def _options(self, plan: _Plan) -> RequestOptions:
        """The request options of a plan, built once per profile and tag handling: every field of
        every product asks with one of a few."""
        profile = plan.profile
        tag_handling = plan.protected.tag_handling  # type: ignore[union-attr]
        split = split_for(plan.protected, profile.split)  # type: ignore[arg-type, union-attr]
        options = profile.options.get((tag_handling, split))  # type: ignore[union-attr]
        if options is None:
            target = profile.target_locale  # type: ignore[union-attr]
            options = profile.options[(tag_handling, split)] = RequestOptions(  # type: ignore[union-attr]
                source_lang=self.engine.source_code(self.source_locale),
                target_lang=self.target_code(target),
                formality=profile.formality,  # type: ignore[union-attr]
                glossary_id=self.glossary_ids.get((self.source_lang, language_of(target))),
                context=profile.context,  # type: ignore[union-attr]
                tag_handling=tag_handling,
                split_sentences=split,
                ignore_tags=IGNORE_TAGS,
            )
        return options

    def _lookup_all(self, asked: dict[tuple[str, ...], tuple[_Plan, tuple[str, ...]]]) -> dict[tuple[str, ...], Any]:
        """The memory's entry (or None) for each key (by its plan's ident): remembered hits first,
        the rest in a few queries for the whole submission (`Memory.lookup_many`, thousands of keys).

        An engine that writes no memory (pseudo, memory) can only find human and approved entries
        when the memory holds no machine entry of its name: then one query per 500 distinct source
        texts says which have any (`Memory.people`), and only their keys are made and looked up,
        exactly as `lookup_many` would."""
        if self._nobody:  # no entry this engine could be given: nothing to read
            return dict.fromkeys(asked)
        out: dict[tuple[str, ...], Any] = {}
        missing: list[tuple[tuple[str, ...], _Plan, tuple[str, ...]]] = []
        for ident, (plan, extra) in asked.items():
            found = self._found.get((ident, extra))
            if found is None:
                missing.append((ident, plan, extra))
            else:
                out[ident] = found
        if not missing:
            return out
        if self._keyless:
            people = self.memory.people(h for _, plan, extra in missing for h in (plan.ident[0], *extra))
            answers = [self.memory.lookup(self._key_of(plan), source_hashes=extra)
                       if people and (plan.ident[0] in people or people.intersection(extra)) else None
                       for _, plan, extra in missing]
        else:
            answers = self.memory.lookup_many((self._key_of(plan), extra) for _, plan, extra in missing)
        for (ident, _, extra), found in zip(missing, answers, strict=True):
            out[ident] = found
            if found is not None:
                self._found.put((ident, extra), found, len(found.source_text) + len(found.target_text))
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
        seq = self._seq
        stats = self.stats
        stats.segments += len(jobs)
        # Jobs with one signature have one outcome: group them (first seen first), then decide
        # once per group. A field repeated across products, or answered earlier in the run,
        # costs a dictionary look-up here.
        groups: dict[tuple[Any, ...], list[Job]] = {}
        for job in jobs:
            signature = (job.text, job.target_locale, job.formality, job.context, job.html, job.title,
                         job.extra_terms, job.original, job.memory_only)
            same = groups.get(signature)
            if same is None:
                groups[signature] = [job]
            else:
                same.append(job)
        if self._keyless is None:  # decided once: nothing this run does changes it
            self._keyless = not self.engine.billable and not self.memory.has_machine_entries(self.engine.memory_id())
            self._nobody = self._keyless and not self.memory.has_people_entries()
            if self._nobody:
                self._source_key = _itself
        people_only = [(signature, same) for signature, same in groups.items() if signature[-1]]
        if people_only:
            for signature, _same in people_only:
                del groups[signature]
            self._for_market(people_only)
        billable, translates = self.engine.billable, self.engine.translates
        # The memory has no entry this engine could be given, and nothing the engine answers settles a
        # signature (`_settled`): each signature goes to the glossary and the engine, with no memory
        # bookkeeping (the pseudo engine's runs).
        reads = not (self._nobody and translates)
        planned: list[tuple[tuple[Any, ...], _Plan, list[Job]]] = []
        asked: dict[tuple[str, ...], tuple[_Plan, tuple[str, ...]] | None] = {}  # key -> (plan, further sources)
        known: dict[tuple[str, ...], Any] = {}  # key -> the entry a settled signature read for this submission
        plan_of = self._plan
        settled_of = self._settled.get
        for signature, same in groups.items():
            if reads:
                settled = settled_of(signature)
                if settled is not None and settled[0] not in asked:
                    # Answered before in this run by what no engine answer can change: same outcome now.
                    ident, answer = settled
                    asked[ident] = None
                    known[ident] = answer[3]
                    self._settle(same, *answer)
                    continue
            plan = plan_of(same[0], reads)
            if plan.verbatim:
                text = same[0].text
                for job in same:
                    job.result, job.status, job.origin, job.problem = text, "source", "verbatim", None
                stats.verbatim += len(same)
                continue
            planned.append((signature, plan, same))
            # (unless an earlier signature of this submission read the memory for this key)
            if reads and plan.ident not in asked:
                asked[plan.ident] = (plan, plan.extra)
        if reads:
            lookups = self._lookup_all({d: a for d, a in asked.items() if a is not None})  # a few queries in all
            lookups.update(known)
        units: dict[tuple[str, RequestOptions], _Unit] = {}
        queue = self._queue
        own = False
        for signature, plan, same in planned:
            first = same[0]
            if reads:
                read = asked.get(plan.ident)
                own = read is not None and read[1] == plan.extra  # read with this plan's own sources
                entry = lookups[plan.ident]
                if entry is not None:
                    human = entry.origin in ("human", "approved")
                    # The status says who translated it (a machine, earlier), not where this run found it:
                    # a resumed or repeated run must publish the same bytes as one uninterrupted run.
                    text = newline_style_like(entry.target_text, first.text)
                    if not human:  # the memory's key leaves outer whitespace out: a machine text takes this copy's
                        text = _with_own_outer(text, None, first.text)
                    answer = (text, "human" if human else "machine", entry.origin if human else "memory", entry)
                    if own:  # for good
                        self._settle_for_good(signature, plan, answer)
                    self._settle(same, *answer)
                    continue
            term = self.glossaries.whole_term(first.text, self.source_lang, first.target_locale) \
                if plan.profile.has_terms else None  # type: ignore[union-attr]
            if term is not None:
                text = plan.protected.lead + term + plan.protected.trail
                for job in same:
                    job.result, job.status, job.origin, job.problem = text, "human", "glossary", None
                stats.glossary += len(same)
                continue
            if not translates:
                # nothing this run does writes the memory: the answer stays "no memory" for the run
                if own:
                    self._settle_for_good(signature, plan, (None, "untranslated", "", None))
                self._settle(same, None, "untranslated", "", None)
                continue
            protected = plan.protected
            wire = protected.wire
            options = self._options(plan)
            locale = plan.profile.locale  # type: ignore[union-attr]
            key = self._key_of(plan) if billable else None  # for the memory rows and `joined`
            if self.dry_run:
                unit = units.get((wire, options))
                if unit is None:
                    units[(wire, options)] = _Unit(protected, wire, options, 0, seq, 0, same, first.target_locale,
                                                   locale, ())
                else:
                    unit.add(_Group(same, seq, first.target_locale, locale))
                continue
            texts = queue.get(options)
            if texts is None:
                texts = queue[options] = {}
                unit = None
            else:
                unit = texts.get(wire)
            if unit is None:
                self._queued += 1
                unit = texts[wire] = _Unit(protected, wire, options, plan.size, seq, self._queued, same,
                                           first.target_locale, locale, (ticket,))
                ticket.waiting += 1
                if billable:
                    unit.keys = {locale: (key, seq)}
                stats.unique += 1
                continue
            joined = False
            if unit.born != seq:
                # Queued by an earlier submission: today's run would have found its answer in
                # the memory (same key) or sent it again (another key); the outcome says the same.
                if billable:
                    keyed = unit.keys.get(locale)  # type: ignore[union-attr]
                    joined = keyed is not None and keyed[0] == key and keyed[1] != seq
                if unit.protections is None:
                    unit.protections = {seq: protected}
                elif seq not in unit.protections:
                    unit.protections[seq] = protected
            unit.add(_Group(same, seq, first.target_locale, locale, joined))
            if billable and locale not in unit.keys:  # type: ignore[operator]
                unit.keys[locale] = (key, seq)  # type: ignore[index]
            if unit.tickets[-1] is not ticket:  # tickets come in submission order: this one is the newest
                unit.tickets += (ticket,)
                ticket.waiting += 1
        if self.dry_run and units:
            stats.unique += len(units)
            for unit in units.values():
                market = unit.jobs[0].market
                stats.estimate[market] = stats.estimate.get(market, 0) + len(unit.protected.wire)
                for job in unit.all_jobs():
                    job.status, job.origin = "pending", "estimate"
        self._pump(full_only=True)
        while self._held > self.hold_limit and self._tickets and self._tickets[0].waiting:
            self._send_ticket(self._tickets[0])
        return self._completed()

    def _for_market(self, groups: list[tuple[tuple[Any, ...], list[Job]]]) -> None:
        """Memory-only jobs (`Job.memory_only`): an approved or human memory entry for the job's exact
        target locale (`Memory.lookup_market`) answers them (`human`); else they are `fallback`, and the
        caller publishes its own copy. Never the glossary, a machine entry or the engine: the caller's
        copy is the PIM's authored text (`localize.sibling_copy`), which beats a machine translation,
        and a glossary term is written per language, not for the market. So nothing is billed, and a
        job that finds no entry is not a segment of the run's counts. The answer is the same in every
        executor: a job's signature decides it, and nothing a run does writes a person's entry."""
        stats = self.stats
        asked: list[tuple[list[Job], MemoryKey, tuple[str, ...], tuple[Any, ...]]] = []
        for signature, same in groups:
            stats.segments -= len(same)  # counted back below when a person's entry answers them
            if self._nobody:
                self._fallback(same)
                continue
            found = self._market_found.get(signature, MISSING)
            if found is not MISSING:
                self._market_answer(same, found)
                continue
            plan = self._plan(same[0])
            if plan.verbatim:
                self._fallback(same)
                continue
            asked.append((same, self._key_of(plan), plan.extra, signature))
        if not asked:
            return
        entries = self.memory.lookup_market((key, extra) for _, key, extra, _ in asked)
        for (same, _key, _extra, signature), entry in zip(asked, entries, strict=True):
            self._market_found.put(signature, entry, len(signature[0]) + (len(entry.target_text) if entry else 0) + 64)
            self._market_answer(same, entry)

    def _market_answer(self, jobs: list[Job], entry: Any) -> None:
        if entry is None:
            self._fallback(jobs)
            return
        self.stats.segments += len(jobs)
        self._settle(jobs, newline_style_like(entry.target_text, jobs[0].text), "human", entry.origin, entry)

    @staticmethod
    def _fallback(jobs: list[Job]) -> None:
        for job in jobs:
            job.result, job.status, job.origin, job.problem = None, "fallback", "", None

    def _settle_for_good(self, signature: tuple[Any, ...], plan: _Plan,
                         answer: tuple[str | None, str, str, Any]) -> None:
        """Remember the answer of `signature` for the run's later submissions (`_settled`)."""
        # the text, the answer's and the key's strings, and ~200 characters of objects
        self._settled.put(signature, (plan.ident, answer), 2 * len(signature[0]) + len(answer[0] or "") + 256)

    def _settle(self, jobs: list[Job], result: str | None, status: str, origin: str, entry: Any) -> None:
        """Give `jobs` an answer found without the engine: a memory entry, or none (untranslated)."""
        stats = self.stats
        if status == "untranslated":
            for job in jobs:
                job.result, job.status, job.problem = None, "untranslated", "no-memory"
            stats.untranslated += len(jobs)
            return
        for job in jobs:
            job.result, job.status, job.origin, job.problem = result, status, origin, None
        stats.from_memory += len(jobs)
        if status == "human":
            stats.human += len(jobs)

    def finish(self) -> list[Any]:
        """Send everything still queued; returns the payloads completed by it, in order."""
        self._pump(full_only=False)
        return self._completed()

    @property
    def waiting(self) -> int:
        """Distinct texts queued for the engine."""
        return sum(map(len, self._queue.values()))

    # --- queueing ---------------------------------------------------------------------------

    def _completed(self) -> list[Any]:
        done: list[Any] = []
        while self._tickets and self._tickets[0].waiting == 0:
            ticket = self._tickets.popleft()
            self._held -= ticket.weight
            done.append(ticket.payload)
        return done

    def _queued_units(self) -> list[_Unit]:
        return [unit for texts in self._queue.values() for unit in texts.values()]

    def _plan_requests(self) -> tuple[list[Request[_Unit]], list[_Unit]]:
        """The queued texts planned into requests (`batching.plan_groups`, each text sized once when
        queued): each options' texts oldest first, and the options in the order of their oldest text,
        which is how one queue of every text in the order queued plans them."""
        queue = self._queue
        groups = sorted(queue.items(), key=_oldest_order) if len(queue) > 1 else queue.items()
        return plan_groups(((options, [(u.wire, u.size, u) for u in texts.values()]) for options, texts in groups),
                           max_texts=self.engine.max_texts, max_bytes=self.engine.max_bytes)

    def _pump(self, *, full_only: bool) -> None:
        """Send the queued texts that fill whole requests (all of them unless `full_only`)."""
        if not self._queue:
            return
        requests, too_large = self._plan_requests()
        if full_only:
            max_texts = self.engine.max_texts
            # every request of an options group but its last is full; the last when it has max_texts
            chosen = [request for i, request in enumerate(requests)
                      if (i + 1 < len(requests) and requests[i + 1].options is request.options)
                      or len(request.texts) >= max_texts]
            if chosen:
                self._resolve([u for request in chosen for u in request.items], chosen, [])
        else:
            self._resolve(self._queued_units(), requests, too_large)

    def _send_ticket(self, ticket: _Ticket) -> None:
        """Send the requests that carry the oldest submission's texts (filled with later ones)."""
        mine = {id(u) for u in self._queued_units() if ticket in u.tickets}
        requests, too_large = self._plan_requests()
        chosen = [request for request in requests if any(id(u) in mine for u in request.items)]
        # Its texts no request can carry are flagged now: left queued, the caller would ask for them again for ever.
        flagged = [u for u in too_large if id(u) in mine]
        self._resolve([u for request in chosen for u in request.items] + flagged, chosen, flagged)

    def _resolve(self, units: list[_Unit], requests: list[Request[_Unit]], too_large: list[_Unit]) -> None:
        """Send `units`, planned as `requests` (and `too_large` to flag), retrying lost spans once
        with opaque placeholders; then release them."""
        queue = self._queue
        for unit in units:
            texts = queue[unit.options]
            del texts[unit.wire]
            if not texts:
                del queue[unit.options]
        try:
            retry = self._send(requests, too_large, opaque=False)
            if retry:
                again = self._send(*plan_requests(((u.options, u.protected.opaque(), u) for u in retry),
                                                  max_texts=self.engine.max_texts, max_bytes=self.engine.max_bytes),
                                   opaque=True)
                for unit in again:
                    for job in unit.all_jobs():
                        self._fail(job, "untranslated", "protection")
                        self.stats.flagged += 1
        finally:
            for unit in units:
                for ticket in unit.tickets:
                    ticket.waiting -= 1
                unit.tickets = ()

    # --- sending ----------------------------------------------------------------------------

    def _send(self, requests: list[Request[_Unit]], too_large: list[_Unit], *, opaque: bool) -> list[_Unit]:
        """Send planned requests; returns the units whose protected spans did not survive."""
        stats = self.stats
        for unit in too_large:
            for job in unit.all_jobs():
                self._fail(job, "untranslated", "too-long")
                stats.flagged += 1
        failed: list[_Unit] = []
        billable = self.engine.billable
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
                    for job in unit.all_jobs():
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
                if not billable and unit.groups is None:  # most texts: one submission, one locale, no memory row
                    protected = unit.protected
                    answer = translation.text
                    try:  # (a protection without spans has no numbers to rewrite)
                        if protected.spans or opaque or len(answer) < LONG_TEXT:
                            text = restore(answer, protected, opaque=opaque,
                                           rewrite=self._numbers_for(unit.target_locale, protected) if protected.spans else None)
                        else:
                            text = self._restore_long(answer, protected)
                    except ProtectionError:
                        failed.append(unit)
                        continue
                    jobs = unit.jobs
                    for job in jobs:
                        job.result, job.status, job.origin, job.problem = \
                            _with_own_outer(text, protected, job.text), "machine", "engine", None
                    stats.machine += len(jobs)
                    continue
                groups = unit.all_groups()
                texts: dict[tuple[int, str], str] = {}
                try:
                    for group in groups:
                        at = (group.seq, group.target_locale)
                        if at not in texts:
                            protection = unit.protection(group.seq)
                            texts[at] = restore(translation.text, protection, opaque=opaque,
                                                rewrite=self._numbers_for(group.target_locale, protection))
                except ProtectionError:
                    failed.append(unit)
                    continue
                stored: dict[str, str] = {}
                if billable:  # the memory keeps what the engine billed, once per target locale
                    billed = translation.billed_characters
                    for locale, (key, _seq) in unit.keys.items():  # type: ignore[union-attr]
                        group = next(g for g in groups if g.locale == locale)
                        text = texts[(group.seq, group.target_locale)]
                        stored[locale] = text
                        first = group.jobs[0]
                        rows.append((key, first.text, text, billed, first.context or ""))
                        billed = 0
                for group in groups:
                    if group.joined:  # what the memory would have given this later batch
                        text = newline_style_like(stored[group.locale], group.jobs[0].text)
                        for job in group.jobs:  # (stored: restored with another submission's protection)
                            job.result, job.status, job.origin, job.problem = \
                                _with_own_outer(text, None, job.text), "machine", "memory", None
                        stats.from_memory += len(group.jobs)
                        continue
                    text = texts[(group.seq, group.target_locale)]
                    protected = unit.protection(group.seq)
                    for job in group.jobs:
                        job.result, job.status, job.origin, job.problem = \
                            _with_own_outer(text, protected, job.text), "machine", "engine", None
                    stats.machine += len(group.jobs)
            if rows:
                self.memory.put_machine(rows)  # per request, as results arrive
        return failed

    def _restore_long(self, answer: str, protected: Protected) -> str:
        """`restore(answer, protected)` for a long answer of a protection without spans, once per
        distinct answer: long copy (a description) recurs in every market and batch, a local engine
        gives the same answer each time, and each restore scans the whole answer three times."""
        key = (answer, protected.html, protected.lead, protected.trail)  # all that restore reads of it
        text = self._restored_long.get(key)
        if text is None:
            text = restore(answer, protected)
            # the answer, the restored text (most often the answer itself) and ~100 characters of objects
            self._restored_long.put(key, text, len(answer) + (0 if text is answer else len(text)) + 128)
        return text

    def _numbers_for(self, target_locale: str, protected: Protected) -> Any:
        """Rewrites a protected span's numbers from the source's conventions to the target's (made
        once per target locale). Digits a typed space splits (`1 000 mAh` from fr-FR) are groups for sure
        only when one such number of the segment can be one number only (`spaced_groups_certain`): decided
        for the whole segment, so `2 100 mm` beside `1 000 mAh` is written `2.100 mm` and alone stays."""
        if protected.version != "p1" and any(has_spaced_digits(span) for span in protected.spans):  # p2, p3
            source = self.source_locale
            grouped = spaced_groups_certain(protected.spans, source)

            def segment_rewrite(span: str) -> str:
                return localize_numbers(span, source, target_locale, grouped) if is_quantity(span, source) else span

            return segment_rewrite
        rewrite = self._rewrites.get(target_locale)
        if rewrite is None:
            source = self.source_locale

            def rewrite(span: str) -> str:
                return localize_numbers(span, source, target_locale) if is_quantity(span, source) else span

            self._rewrites[target_locale] = rewrite
        return rewrite

    # --- outcomes ---------------------------------------------------------------------------

    @staticmethod
    def _done(job: Job, text: str, status: str, origin: str) -> None:
        job.result, job.status, job.origin, job.problem = text, status, origin, None

    @staticmethod
    def _fail(job: Job, status: str, problem: str) -> None:
        job.result, job.status, job.problem = None, status, problem


def _itself(text: str) -> str:
    return text


def split_for(protected: Protected, split: str | None) -> str | None:
    """The `split_sentences` a segment is sent with: its field's (`"0"` for a title, else the engine's default),
    but "1" for HTML copy holding a line break. DeepL's default with tag_handling=html is "nonewlines"
    (openapi.yaml): the lines of HTML copy (`<b>Features</b>\n- Fast\n- Light`) would be one sentence, translated
    without the breaks; "1" splits on them, as the default does for plain text, so the market keeps the source's
    line structure. Only such segments ask for it (their memory key names the split). A title keeps "0" (one
    sentence: `Dr. Oetker` is not split), line breaks or not."""
    if split is None and protected.html and "\n" in protected.wire:
        return "1"
    return split


def _oldest_order(group: tuple[RequestOptions, dict[str, _Unit]]) -> int:
    """When the oldest queued text of an options group was queued (its first: units are kept in that order)."""
    return next(iter(group[1].values())).order


def same_language_copy(text: str, target_locale: str, source_locale: str = "") -> str:
    """Copy for a market that reads the source language; Swiss German writes `ss` for `ß`
    (`localize.locale.regional_spelling`), and, given the `source_locale`, its numbers are written in the
    market's notation as a sibling locale's copy is (`sibling_numbers.quantities_in_locale`: fr_FR `2 500 prises`
    beside `1 080` -> fr-CH `2’500`; de_DE `2,5 kg` -> de-CH `2.5 kg`)."""
    if source_locale:
        text = quantities_in_locale(text, source_locale, target_locale)
    return regional_spelling(text, target_locale)


def iter_jobs(jobs: Iterable[Job], status: str) -> list[Job]:
    return [j for j in jobs if j.status == status]
