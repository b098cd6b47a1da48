"""The `Translator` interface every engine implements, and what a request and a result are.

An engine receives texts that are already protected (see `segments`) and grouped so that
every text of a call shares the same options (target, formality, glossary, context, tag
handling, split mode). It returns one `Translation` per text with the characters billed.
Memory, glossary and deduplication live above the engines, so every engine gets them for
free and none can bill a text twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import EngineError
from ..locale import language_of


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """What is sent with a group of texts (one engine request carries one set of options)."""

    source_lang: str  # engine code of the source language, e.g. DE
    target_lang: str  # engine code of the target, e.g. EN-US, FR
    formality: str | None = None  # prefer_more / prefer_less / None
    glossary_id: str | None = None
    context: str | None = None
    tag_handling: str | None = None  # xml | html
    split_sentences: str | None = None  # "0" | "1" | "nonewlines" | None (engine default)
    ignore_tags: tuple[str, ...] = ()
    # Hashed once: the service keys its queue and groups requests by options, a few times per distinct
    # text (hundreds of thousands of times a run), and a dataclass hashes all eight fields every time.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self._fields()))

    def __hash__(self) -> int:
        return self._hash

    def _fields(self) -> tuple[Any, ...]:
        return (self.source_lang, self.target_lang, self.formality, self.glossary_id, self.context,
                self.tag_handling, self.split_sentences, self.ignore_tags)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its fields: a `str` hashes differently in another process, so the hash is made again."""
        return (RequestOptions, self._fields())


@dataclass(frozen=True, slots=True)
class Translation:
    """One translated text and the characters the engine billed for it."""

    text: str
    billed_characters: int = 0


@dataclass(frozen=True, slots=True)
class Usage:
    """The engine's account usage (`None` fields when the engine does not say)."""

    count: int | None
    limit: int | None

    @property
    def remaining(self) -> int | None:
        if self.count is None or self.limit is None:
            return None
        return max(self.limit - self.count, 0)


class QuotaExceeded(EngineError):
    """The engine's quota (456) or our own `max_characters` budget is used up: stop sending,
    keep what was translated, mark the rest pending (exit 4, the next run resumes)."""


class TransientEngineError(EngineError):
    """The engine failed in a way that a later attempt may not (429/5xx after the client's
    own retries, timeouts, connection errors). The batch may be retried or left pending."""


class Translator:
    """Base class of the engines."""

    name: ClassVar[str] = "engine"
    #: False for an engine that never translates (memory-only): uncovered text stays in the source language.
    translates: ClassVar[bool] = True
    #: True when the engine bills characters (estimates and budgets apply).
    billable: ClassVar[bool] = False
    #: True when a request is CPU work on this machine (no network, no waiting): it is called in the
    #: caller's thread rather than through a thread pool (`batching.dispatch`).
    local: ClassVar[bool] = False
    #: Limits of one request.
    max_texts: int = 50
    max_bytes: int = 128 * 1024

    def preflight(self) -> Usage | None:
        """One cheap request that fails fast on a wrong key or URL; returns usage if known."""
        return None

    def usage(self) -> Usage | None:
        return None

    def target_code(self, locale: str) -> str:
        """The engine's code for a market locale (`en-US` -> `EN-US`, `de-CH` -> `DE`)."""
        return locale.upper()

    def source_code(self, locale: str) -> str:
        return language_of(locale).upper()

    def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
        raise NotImplementedError

    def resolve_glossaries(self, glossaries: Any, prefix: str) -> dict[tuple[str, str], str]:
        """Make the glossaries available to the engine; `{(src, tgt): id}` to send with requests."""
        return {}

    def memory_id(self) -> str:
        """The engine as memory keys name it (an LLM adds its model and prompt version)."""
        return self.name

    def close(self) -> None:
        """Release connections."""

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name}
