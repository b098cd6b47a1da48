"""Request planning: group deduplicated segments by their options and cut them into requests.

DeepL takes at most 50 texts and 128 KiB per request, and every text of a request shares
one target, formality, glossary, context, tag handling and split mode. `plan_requests`
groups the unique segments by exactly those options (stable order: first seen first) and
fills each request up to both limits. The size is the real JSON body the client sends
(`requests` encodes with `ensure_ascii`, so a `ü` costs 6 bytes), not a guess.

`dispatch` sends the planned requests with a bounded number in flight and hands every
answer back to the caller's thread as it arrives, so the memory is written per request:
a later failure never costs what an earlier request already paid for.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..memo import TextMemo
from .engine import QuotaExceeded, RequestOptions, TransientEngineError, Translation, Translator

T = TypeVar("T")

MAX_TEXTS = 50
MAX_BYTES = 128 * 1024
# Room for what the client adds besides our parameters (show_billed_characters, separators).
_BODY_SLACK = 64


@dataclass
class Request(Generic[T]):
    """One engine call: texts sharing `options`, and the caller's items in the same order."""

    options: RequestOptions
    texts: list[str] = field(default_factory=list)
    items: list[T] = field(default_factory=list)
    size: int = 0  # bytes of the JSON body
    characters: int = 0  # of its texts (what a budget counts)


def base_size(options: RequestOptions) -> int:
    """Bytes of a request body without its texts."""
    body: dict[str, Any] = {"target_lang": options.target_lang, "source_lang": options.source_lang,
                            "show_billed_characters": True, "text": []}
    for name in ("formality", "glossary_id", "context", "tag_handling", "split_sentences"):
        value = getattr(options, name)
        if value is not None:
            body[name] = value
    if options.ignore_tags:
        body["ignore_tags"] = list(options.ignore_tags)
    return len(json.dumps(body).encode()) + _BODY_SLACK


def text_size(text: str) -> int:
    """Bytes one text adds to the body (its JSON string and a separator). `json.dumps` of a string
    is exactly `encode_basestring_ascii` (ensure_ascii, the default): called directly, without the
    encoder's set-up per text."""
    return len(_encode_ascii(text)) + 2


_encode_ascii = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]
_BASE_SIZES: TextMemo[int] = TextMemo(4096, 4096)  # a handful of options a run: bounded by entries


def _base_size(options: RequestOptions) -> int:
    """`base_size`, once per distinct options (a run asks with a handful)."""
    size = _BASE_SIZES.get(options)
    if size is None:
        size = _BASE_SIZES.put(options, base_size(options), 1)
    return size


def plan_requests(
    segments: Iterable[tuple[RequestOptions, str, T]],
    *,
    max_texts: int = MAX_TEXTS,
    max_bytes: int = MAX_BYTES,
) -> tuple[list[Request[T]], list[T]]:
    """Group `(options, text, item)` by options and fill requests up to both limits.

    Returns the requests and the items too large to send even alone (the caller flags them).
    """
    groups: dict[RequestOptions, list[tuple[str, int, T]]] = {}
    for options, text, item in segments:
        members = groups.get(options)
        if members is None:
            members = groups[options] = []
        members.append((text, text_size(text), item))
    return plan_groups(groups.items(), max_texts=max_texts, max_bytes=max_bytes)


def plan_groups(
    groups: Iterable[tuple[RequestOptions, Iterable[tuple[str, int, T]]]],
    *,
    max_texts: int = MAX_TEXTS,
    max_bytes: int = MAX_BYTES,
) -> tuple[list[Request[T]], list[T]]:
    """`plan_requests` for texts already grouped by options, each `(text, text_size(text), item)`: a
    caller that keeps its queue by options and plans it again and again (the translation service,
    at every submission) neither groups nor sizes a text twice. Groups are planned in the order given."""
    requests: list[Request[T]] = []
    too_large: list[T] = []
    for options, members in groups:
        base = _base_size(options)
        current: Request[T] | None = None
        for text, size, item in members:
            if base + size > max_bytes:
                too_large.append(item)
                continue
            if current is None or len(current.texts) >= max_texts or current.size + size > max_bytes:
                current = Request(options, size=base)
                requests.append(current)
            current.texts.append(text)
            current.items.append(item)
            current.size += size
            current.characters += len(text)
    return requests, too_large


@dataclass
class Outcome(Generic[T]):
    """What happened to one request: translations, or why there are none."""

    request: Request[T]
    translations: list[Translation] | None = None
    error: Exception | None = None
    attempts: int = 1
    skipped: str | None = None  # "quota" | "budget": never sent


class Budget:
    """Characters the run may still send (None = unlimited); reserved while in flight."""

    def __init__(self, limit: int | None, spent: int = 0) -> None:
        self.limit = limit
        self.spent = spent
        self.reserved = 0

    def try_reserve(self, characters: int) -> bool:
        if self.limit is None:
            self.reserved += characters
            return True
        if self.spent + self.reserved + characters > self.limit:
            return False
        self.reserved += characters
        return True

    def settle(self, reserved: int, billed: int) -> None:
        self.reserved -= reserved
        self.spent += billed


def dispatch(
    engine: Translator,
    requests: Sequence[Request[T]],
    *,
    in_flight: int = 4,
    retries: int = 2,
    backoff: float = 1.0,
    budget: Budget | None = None,
    stop: Callable[[], str | None] = lambda: None,
    sleep: Callable[[float], None] = time.sleep,
    deadline: float | None = None,
) -> Iterator[Outcome[T]]:
    """Send `requests` with at most `in_flight` at a time; yield each outcome as it arrives.

    A transient failure (429/5xx after the client's retries, a timeout) is retried up to
    `retries` times with exponential backoff. `QuotaExceeded` and an exhausted `budget`
    stop new requests; requests not sent are yielded with `skipped` set. A fatal
    `EngineError` (403, 400) propagates after in-flight requests are cancelled.
    `stop()` is asked before each send (the caller's own reason to stop, e.g. an earlier quota).
    `deadline` (a `time.monotonic()` instant) bounds the whole run's engine time: after it no
    request is sent, and requests still waiting for an answer (a server that hangs) are given
    up, yielded with `skipped="deadline"`; their threads end with the client's own timeout.
    """
    budget = budget or Budget(None)
    pending = list(reversed(requests))
    running: dict[Future[list[Translation]], tuple[Request[T], int, int]] = {}
    halted: str | None = stop()
    # An engine that is CPU work on this machine (pseudo) gains nothing from threads: it runs in the
    # caller's thread, one request after the other, through the same loop (budget, retries, stop).
    pool: Any = _Inline() if engine.local else ThreadPoolExecutor(max_workers=max(1, in_flight),
                                                                   thread_name_prefix="translate")
    abandoned = False

    def past_deadline() -> bool:
        return deadline is not None and time.monotonic() >= deadline

    try:
        try:
            while pending or running:
                if halted is None and past_deadline():
                    halted = "deadline"
                while pending and len(running) < in_flight and halted is None:
                    halted = stop()
                    if halted is not None:
                        break
                    request = pending[-1]
                    if not budget.try_reserve(request.characters):
                        halted = "budget"
                        break
                    pending.pop()
                    running[pool.submit(engine.translate, request.texts, request.options)] = (request, 1, request.characters)
                if not running:
                    break
                timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                done, _ = wait(list(running), timeout=timeout, return_when=FIRST_COMPLETED)
                if not done:  # the deadline passed while every request in flight was waiting
                    halted = "deadline"
                    for future, (request, attempt, reserved) in list(running.items()):
                        future.cancel()
                        budget.settle(reserved, 0)
                        yield Outcome(request, attempts=attempt, skipped="deadline")
                    running.clear()
                    abandoned = True
                    break
                for future in done:
                    request, attempt, reserved = running.pop(future)
                    try:
                        translations = future.result()
                    except QuotaExceeded as exc:
                        budget.settle(reserved, 0)
                        halted = halted or "quota"
                        yield Outcome(request, error=exc, attempts=attempt, skipped="quota")
                        continue
                    except TransientEngineError as exc:
                        if attempt <= retries and halted is None and not past_deadline():
                            pause = backoff * (2 ** (attempt - 1))
                            if deadline is not None:
                                pause = min(pause, max(0.0, deadline - time.monotonic()))
                            sleep(pause)
                            running[pool.submit(engine.translate, request.texts, request.options)] = (request, attempt + 1, reserved)
                            continue
                        budget.settle(reserved, 0)
                        yield Outcome(request, error=exc, attempts=attempt)
                        continue
                    budget.settle(reserved, sum(t.billed_characters for t in translations))
                    yield Outcome(request, translations=translations, attempts=attempt)
            for request in reversed(pending):
                yield Outcome(request, skipped=halted or "quota")
        except BaseException:
            for future in running:
                future.cancel()
            raise
    finally:
        # A hung request is not waited for: its thread ends with the client's timeout.
        pool.shutdown(wait=not abandoned, cancel_futures=True)


class _Inline:
    """An executor that runs each call at once in the caller's thread (for a local engine): the
    future it returns is already done, so `dispatch`'s loop treats it like a pool's."""

    def submit(self, fn: Callable[..., list[Translation]], *args: Any) -> Future[list[Translation]]:
        future: Future[list[Translation]] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # handed to the caller through the future, as a pool does
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing runs in the background."""
