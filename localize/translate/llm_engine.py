"""The `llm` engine: a large language model behind an OpenAI-compatible chat-completions API.

OpenAI, Azure OpenAI, Mistral, or a self-hosted server (vLLM, Ollama) through the official
`openai` client and its `base_url`. Everything above the engines stays the same as for DeepL:
memory, glossary, deduplication, protected spans (every span back exactly once, else one retry
with opaque placeholders, else the field is flagged), request filling and budgets.

- Several segments per request: the user message is a JSON array of the protected texts; the
  answer must match a strict JSON schema (`response_format` `json_schema`) holding exactly as
  many strings. A wrong count, malformed JSON or an answer cut at the token limit is a
  transient failure: the request is retried, then left pending.
- The system prompt (`prompts/translate-<version>.md`, shown by `localize translate prompt`)
  carries the target, formality, glossary, do-not-translate terms and the product context.
- Tokens are counted from the server's `usage` and budgeted (`translation.llm.max_tokens_total`):
  a request that could exceed the budget is not sent (the rest is pending, the next run resumes).
- Memory entries are keyed by model and prompt version (`memory_id`), so another model or
  prompt never reuses them.
- The client's own retries handle 429 and 5xx; the key comes from `OPENAI_API_KEY` (or the
  variable named by `translation.llm.api_key_env`) and never appears in a message or a report.
"""

from __future__ import annotations

import json
import math
import os
import threading
from typing import Any, ClassVar

try:  # the optional `ai` extra: without it the engine is refused with a clear error, not an ImportError
    import openai
except ImportError:  # pragma: no cover - the dev extra installs it
    openai = None  # type: ignore[assignment]

from ..errors import ConfigError, EngineError
from ..locale import language_of, to_bcp47
from ..log import add_secret, redact
from .engine import QuotaExceeded, RequestOptions, TransientEngineError, Translation, Translator, Usage
from .prompts import PROMPT_VERSION, load_prompt, render_prompt, response_format

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_KEY_ENV = "OPENAI_API_KEY"
# A translation this much longer than its source is a model running on, not a translation.
_MAX_GROWTH, _MAX_GROWTH_SLACK = 4, 200


def estimate_tokens(text: str) -> int:
    """About 4 bytes of UTF-8 per token: only to budget before a request (usage is what counts)."""
    return math.ceil(len(text.encode()) / 4)


class LLMEngine(Translator):
    name: ClassVar[str] = "llm"
    billable: ClassVar[bool] = True  # paid per token: memory entries are kept, nothing is sent twice

    def __init__(self, api_key: str, *, model: str = DEFAULT_MODEL, base_url: str | None = None,
                 key_env: str = DEFAULT_KEY_ENV, prompt: str = PROMPT_VERSION, timeout: float = 120.0,
                 client_retries: int = 3, max_texts: int = 50, max_bytes: int = 24 * 1024,
                 max_output_tokens: int = 16000, max_tokens_total: int | None = None) -> None:
        if not api_key:
            raise EngineError(f"{key_env} is not set",
                              hint=f"export {key_env}=... (or set translation.llm.api_key_env), or run with --engine memory")
        add_secret(api_key)
        self.model = model
        self.base_url = base_url
        self.key_env = key_env
        self.prompt_version = prompt
        self.template = load_prompt(prompt)
        self.max_texts = max_texts
        self.max_bytes = max_bytes
        self.max_output_tokens = max_output_tokens
        self.max_tokens_total = max_tokens_total
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self._reserved = 0
        self._lock = threading.Lock()
        self._glossaries: Any = None
        # The client retries 429 and 5xx itself (with backoff, honouring Retry-After).
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=client_retries)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> LLMEngine:
        """From the `translation:` section (its `llm:` block)."""
        if openai is None:
            raise ConfigError("translation.engine: llm needs the openai package", hint="pip install 'localize[ai]'")
        llm = settings.get("llm") or {}
        key_env = str(llm.get("api_key_env") or DEFAULT_KEY_ENV)
        total = llm.get("max_tokens_total")
        return cls(
            os.environ.get(key_env, ""),
            model=str(llm.get("model") or DEFAULT_MODEL),
            base_url=llm.get("base_url") or os.environ.get("OPENAI_BASE_URL") or None,
            key_env=key_env,
            prompt=str(llm.get("prompt") or PROMPT_VERSION),
            timeout=float(llm.get("timeout", settings.get("timeout", 120.0))),
            client_retries=int(llm.get("client_retries", settings.get("client_retries", 3))),
            max_texts=int(llm.get("max_segments_per_request", 50)),
            max_bytes=int(llm.get("max_request_bytes", 24 * 1024)),
            max_output_tokens=int(llm.get("max_output_tokens", 16000)),
            max_tokens_total=None if total is None else int(total),
        )

    def __repr__(self) -> str:  # never show the key
        return f"LLMEngine(model={self.model!r}, base_url={self.base_url!r})"

    def memory_id(self) -> str:
        return f"llm:{self.model}:{self.prompt_version}"

    def target_code(self, locale: str) -> str:
        return to_bcp47(locale)  # de-CH writes ss for ß: the model is told the exact locale

    def source_code(self, locale: str) -> str:
        return language_of(locale)

    # --- errors ---------------------------------------------------------------------------

    def _map_error(self, exc: Exception) -> EngineError:
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            # The server's message may quote part of the key: it is not shown.
            return EngineError(f"{self.key_env} was rejected by the LLM API ({exc.status_code})",
                               hint=f"check {self.key_env} and translation.llm.base_url")
        text = redact(str(exc))[:300]
        if isinstance(exc, openai.RateLimitError) and "insufficient_quota" in str(getattr(exc, "code", "") or text):
            return QuotaExceeded("the LLM provider's quota is used up (429 insufficient_quota)",
                                 hint="translated segments are kept; the next run resumes")
        if isinstance(exc, (openai.RateLimitError, openai.APIConnectionError, openai.InternalServerError)) or (
                isinstance(exc, openai.APIStatusError) and exc.status_code >= 500):
            return TransientEngineError(f"the LLM API did not answer in time or was overloaded: {text}",
                                        hint="the batch is retried, then left pending for the next run")
        if isinstance(exc, openai.NotFoundError):
            return EngineError(f"the LLM API does not know model '{self.model}' (404): {text}",
                               hint="check translation.llm.model and translation.llm.base_url")
        return EngineError(f"the LLM API rejected the request: {text}",
                           hint="check translation.llm (model, base_url); run with --verbose for details")

    # --- tokens ---------------------------------------------------------------------------

    @property
    def tokens_used(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def _reserve(self, tokens: int) -> None:
        with self._lock:
            if self.max_tokens_total is not None and self.tokens_used + self._reserved + tokens > self.max_tokens_total:
                raise QuotaExceeded(f"the token budget of {self.max_tokens_total} (translation.llm.max_tokens_total) "
                                    "is reached", hint="translated segments are kept; the next run resumes")
            self._reserved += tokens

    def _settle(self, reserved: int, usage: Any) -> None:
        with self._lock:
            self._reserved -= reserved
            if usage is not None:
                self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
                self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)

    # --- the interface --------------------------------------------------------------------

    def preflight(self) -> Usage | None:
        """One cheap request (the model list) so a wrong key or URL fails in seconds."""
        try:
            self._client.models.list()
        except openai.APIError as exc:
            raise self._map_error(exc) from None
        return None

    def resolve_glossaries(self, glossaries: Any, prefix: str) -> dict[tuple[str, str], str]:
        """The glossaries go into the prompt; the id sent with a request is the pair's content hash."""
        self._glossaries = glossaries
        return {pair: glossaries.content_hash(*pair) for pair, terms in glossaries.pairs.items() if terms}

    def system_prompt(self, options: RequestOptions, count: int) -> str:
        glossary = self._glossaries.terms(options.source_lang, options.target_lang) if self._glossaries else {}
        dnt = tuple(self._glossaries.do_not_translate) if self._glossaries else ()
        return render_prompt(self.template, source=options.source_lang, target=options.target_lang, count=count,
                             html=options.tag_handling == "html", formality=options.formality,
                             glossary=glossary if options.glossary_id else {}, do_not_translate=dnt,
                             context=options.context)

    def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
        system = self.system_prompt(options, len(texts))
        user = json.dumps(texts, ensure_ascii=False)
        limit = min(self.max_output_tokens, 3 * estimate_tokens(user) + 8 * len(texts) + 64)
        reserved = estimate_tokens(system) + estimate_tokens(user) + limit
        self._reserve(reserved)
        response = None
        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                response_format=response_format(len(texts)),  # type: ignore[arg-type]
                temperature=0,
                max_completion_tokens=limit,
            )
        except openai.APIError as exc:
            raise self._map_error(exc) from None
        finally:
            self._settle(reserved, getattr(response, "usage", None))  # the client's answer (or None): foreign
        return [Translation(text, 0) for text in self._read(response, texts)]

    def _read(self, response: Any, texts: list[str]) -> list[str]:
        """The translations of an answer, or a transient error saying what was wrong with it."""
        retry = "the batch is retried, then left pending for the next run"
        choice = response.choices[0] if getattr(response, "choices", None) else None  # a foreign answer object
        if choice is None:
            raise TransientEngineError("the LLM API answered without a choice", hint=retry)
        if choice.finish_reason == "length":
            raise TransientEngineError("the model's answer was cut at the token limit", hint=retry)
        try:
            data = json.loads(choice.message.content or "")
            items = data["translations"]
        except (ValueError, TypeError, KeyError):
            raise TransientEngineError("the model's answer is not the JSON object asked for", hint=retry) from None
        if not isinstance(items, list) or len(items) != len(texts) or not all(isinstance(t, str) for t in items):
            raise TransientEngineError(f"the model returned {len(items) if isinstance(items, list) else 'no'} "
                                       f"translations for {len(texts)} segments", hint=retry)
        for source, target in zip(texts, items, strict=True):
            if len(target) > _MAX_GROWTH * len(source) + _MAX_GROWTH_SLACK or (source.strip() and not target.strip()):
                raise TransientEngineError("the model returned an empty or runaway translation", hint=retry)
        return items

    def close(self) -> None:
        self._client.close()

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name, "model": self.model, "prompt": self.prompt_version,
                "base_url": self.base_url or "default",
                "tokens": {"prompt": self.prompt_tokens, "completion": self.completion_tokens,
                           "total": self.tokens_used, "max_tokens_total": self.max_tokens_total}}
