"""The `deepl` engine: the official `deepl` client (`deepl.DeepLClient`), never a hand-rolled one.

- The client's own retries (429 and 5xx, exponential backoff) and its timeout are configured
  once when the engine is created; the batch-level retry on top lives in `batching`.
- `preflight()` makes one cheap request (`get_usage`) so a wrong key or URL fails in seconds.
- 403 fails at once with "DEEPL_AUTH_KEY was rejected by the DeepL API (403)"; the key
  itself never appears in a message, a log line or a report.
- 456 (quota) becomes `QuotaExceeded`: the caller stops sending and marks the rest pending.
- One client per worker thread (a `requests.Session` is not meant to be shared by threads).
"""

from __future__ import annotations

import os
import threading
from types import ModuleType
from typing import Any, ClassVar

from ..errors import ConfigError, EngineError
from ..log import redact
from ..version import __version__
from .engine import QuotaExceeded, RequestOptions, TransientEngineError, Translation, Translator, Usage
from .glossary import Glossaries, glossary_name

AUTH_MESSAGE = "DEEPL_AUTH_KEY was rejected by the DeepL API (403)"
AUTH_HINT = "check the key in DEEPL_AUTH_KEY (and DEEPL_SERVER_URL / translation.server_url: free keys end in :fx)"

# Used when the engine cannot be asked (estimates without a key).
KNOWN_TARGETS = frozenset({
    "AR", "BG", "CS", "DA", "DE", "EL", "EN-GB", "EN-US", "ES", "ES-419", "ET", "FI", "FR", "HE", "HU", "ID", "IT",
    "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT-BR", "PT-PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI",
    "ZH", "ZH-HANS", "ZH-HANT",
})
_HANT_REGIONS = {"TW", "HK", "MO"}


def _sdk() -> ModuleType:
    """The `deepl` client library, loaded when a DeepL engine is built rather than when this module is
    (every run imports this module through the engine registry; runs with another engine never call DeepL)."""
    # start-up cost: `deepl` takes ~80 ms CPU to import (measured, issue 14); memory/pseudo/llm runs skip it
    import deepl

    return deepl


def deepl_target(locale: str, supported: frozenset[str] | set[str] = KNOWN_TARGETS) -> str | None:
    """DeepL's target code for a market locale, or None if DeepL has no such target.

    `en-US` -> `EN-US`, `en-AU` -> `EN-GB`, `pt-BR` -> `PT-BR`, `pt-PT`/`pt-AO` -> `PT-PT`,
    `de-CH` -> `DE`, `zh-TW` -> `ZH-HANT`, `ja-JP` -> `JA`.
    """
    parts = locale.replace("_", "-").split("-")
    lang = parts[0].upper()
    script = next((p.upper() for p in parts[1:] if len(p) == 4), None)
    region = next((p.upper() for p in parts[1:] if len(p) in (2, 3) and p.isalpha()), None)
    candidates: list[str] = []
    if region:
        candidates.append(f"{lang}-{region}")
    if lang == "ZH":
        candidates.append("ZH-HANT" if script == "HANT" or (script is None and region in _HANT_REGIONS) else "ZH-HANS")
    if lang == "EN":
        candidates.append("EN-GB")
    if lang == "PT":
        candidates.append("PT-PT")
    if lang == "ES" and region and region not in ("ES",):
        candidates.append("ES-419")
    candidates.append(lang)
    for code in candidates:
        if code in supported:
            return code
    return None


class OfflineDeepL(Translator):
    """Counts like DeepL without a key (estimates only): same codes and grouping, never sends."""

    name: ClassVar[str] = "deepl"
    billable: ClassVar[bool] = True

    def target_code(self, locale: str) -> str:
        code = deepl_target(locale)
        if code is None:
            raise ConfigError(f"markets: DeepL cannot translate into {locale}",
                              hint="supported targets: " + ", ".join(sorted(KNOWN_TARGETS)))
        return code

    def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
        raise EngineError("DEEPL_AUTH_KEY is not set", hint="export DEEPL_AUTH_KEY=... or run with --engine memory")

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name, "offline": True}


class DeepLEngine(Translator):
    name: ClassVar[str] = "deepl"
    billable: ClassVar[bool] = True

    def __init__(
        self,
        auth_key: str,
        *,
        server_url: str | None = None,
        timeout: float = 30.0,
        client_retries: int = 3,
        max_texts: int = 50,
        max_bytes: int = 128 * 1024,
    ) -> None:
        if not auth_key:
            raise EngineError("DEEPL_AUTH_KEY is not set", hint="export DEEPL_AUTH_KEY=... or run with --engine memory")
        deepl = _sdk()
        # The client's retry and timeout settings are process-wide: configure them once, here.
        deepl.http_client.max_network_retries = int(client_retries)
        deepl.http_client.min_connection_timeout = float(timeout)
        self._key = auth_key
        self.server_url = server_url
        self.timeout = timeout
        self.client_retries = client_retries
        self.max_texts = max_texts
        self.max_bytes = max_bytes
        self._local = threading.local()
        self._clients: list[Any] = []
        self._lock = threading.Lock()
        self._targets: frozenset[str] | None = None

    @classmethod
    def from_settings(cls, settings: dict[str, Any], *, auth_key: str | None = None) -> DeepLEngine:
        """The engine for the `translation:` settings; the key comes from `translate.engines` (the one
        place that reads DEEPL_AUTH_KEY), or is given by the caller."""
        return cls(
            auth_key or "",
            server_url=settings.get("server_url") or os.environ.get("DEEPL_SERVER_URL") or None,
            timeout=float(settings.get("timeout", 30.0)),
            client_retries=int(settings.get("client_retries", 3)),
            max_texts=int(settings.get("max_texts_per_request", 50)),
            max_bytes=int(settings.get("max_request_bytes", 128 * 1024)),
        )

    def __repr__(self) -> str:  # never show the key
        return f"DeepLEngine(server_url={self.server_url!r})"

    def _client(self) -> Any:
        client = getattr(self._local, "client", None)  # thread-local: unset in a thread that has no client yet
        if client is None:
            client = _sdk().DeepLClient(self._key, server_url=self.server_url, send_platform_info=False)
            client.set_app_info("localize", __version__)
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    # --- errors ---------------------------------------------------------------------------

    def _map_error(self, exc: Exception) -> EngineError:
        deepl = _sdk()
        if isinstance(exc, deepl.AuthorizationException):
            return EngineError(AUTH_MESSAGE, hint=AUTH_HINT)
        if isinstance(exc, deepl.QuotaExceededException):
            return QuotaExceeded("the DeepL character quota for this billing period is used up (456)",
                                 hint="translated segments are kept; the next run (after the quota resets) resumes")
        status = getattr(exc, "http_status_code", None)  # the deepl library's exceptions: not every kind has one
        text = redact(str(exc))
        if isinstance(exc, (deepl.TooManyRequestsException, deepl.ConnectionException)) or getattr(exc, "should_retry", False) \
                or (status is not None and status >= 500):
            return TransientEngineError(f"DeepL did not answer in time or was overloaded: {text}",
                                        hint="the batch is retried, then left pending for the next run")
        return EngineError(f"DeepL rejected the request: {text}",
                           hint="check translation.server_url and the glossaries; run with --verbose for details")

    # --- the interface --------------------------------------------------------------------

    def preflight(self) -> Usage | None:
        return self.usage()

    def usage(self) -> Usage | None:
        try:
            usage = self._client().get_usage()
        except _sdk().DeepLException as exc:
            raise self._map_error(exc) from None
        return Usage(usage.character.count, usage.character.limit)

    def supported_targets(self) -> frozenset[str]:
        """DeepL's target languages, asked once per engine (cached)."""
        if self._targets is None:
            try:
                self._targets = frozenset(lang.code.upper() for lang in self._client().get_target_languages())
            except _sdk().DeepLException as exc:
                raise self._map_error(exc) from None
        return self._targets

    def target_code(self, locale: str) -> str:
        supported = self.supported_targets()
        code = deepl_target(locale, supported)
        if code is None:
            raise ConfigError(
                f"markets: DeepL cannot translate into {locale}",
                hint="supported targets: " + ", ".join(sorted(supported)) + "; or exclude the market from translation",
            )
        return code

    def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
        try:
            results = self._client().translate_text(
                texts,
                source_lang=options.source_lang,
                target_lang=options.target_lang,
                formality=options.formality,
                glossary=options.glossary_id,
                context=options.context,
                tag_handling=options.tag_handling,
                split_sentences=options.split_sentences,
                ignore_tags=list(options.ignore_tags) or None,
            )
        except _sdk().DeepLException as exc:
            raise self._map_error(exc) from None
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # The client parses the answer itself: an answer without `billed_characters` (or
            # with one that is not a number) fails inside it. Nothing was usable; retry, then pending.
            raise TransientEngineError(f"DeepL sent an answer that cannot be read ({type(exc).__name__}: "
                                       f"{redact(str(exc))[:200]})",
                                       hint="the batch is retried, then left pending for the next run") from None
        if not isinstance(results, list):
            results = [results]
        if len(results) != len(texts):
            raise TransientEngineError(f"DeepL returned {len(results)} translations for {len(texts)} texts")
        missing = sum(1 for r in results if not isinstance(r.text, str))
        if missing:
            raise TransientEngineError(f"DeepL answered without a text for {missing} of {len(texts)} texts",
                                       hint="the batch is retried, then left pending for the next run")
        return [Translation(r.text, int(r.billed_characters or 0)) for r in results]

    def resolve_glossaries(self, glossaries: Glossaries, prefix: str) -> dict[tuple[str, str], str]:
        return sync_to_deepl(self._client(), glossaries, prefix)

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                try:
                    client.close()
                except Exception:  # noqa: BLE001 - closing must not mask the run's result
                    pass
            self._clients.clear()

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name, "server_url": self.server_url or "default"}


def sync_to_deepl(client: Any, glossaries: Glossaries, prefix: str) -> dict[tuple[str, str], str]:
    """Make sure DeepL holds exactly this content; return `{(src, tgt): glossary_id}`.

    Reuses the glossary whose name carries the current content hash; otherwise creates it and
    deletes the stale ones this project made (same name prefix). One list request per run.
    """
    deepl = _sdk()
    pairs = {pair: terms for pair, terms in sorted(glossaries.pairs.items()) if terms}
    if not pairs:
        return {}
    name = glossary_name(prefix, glossaries)
    try:
        existing = client.list_multilingual_glossaries()
        current = next((g for g in existing if g.name == name and
                        {(d.source_lang.lower(), d.target_lang.lower()) for d in g.dictionaries} == set(pairs)), None)
        if current is None:
            dictionaries = [deepl.api_data.MultilingualGlossaryDictionaryEntries(src, tgt, terms) for (src, tgt), terms in pairs.items()]
            current = client.create_multilingual_glossary(name, dictionaries)
        for stale in existing:
            if stale.name.startswith(prefix) and stale.glossary_id != current.glossary_id:
                try:
                    client.delete_multilingual_glossary(stale.glossary_id)
                except deepl.GlossaryNotFoundException:
                    pass
    except deepl.AuthorizationException:
        raise EngineError("DEEPL_AUTH_KEY was rejected by the DeepL API (403)",
                          hint="check the key in your environment (DEEPL_AUTH_KEY) and the server URL") from None
    except deepl.DeepLException as exc:
        raise EngineError(f"DeepL glossary sync failed: {exc}",
                          hint="check the glossary files; the run can go on without the engine using --engine memory") from None
    return {pair: current.glossary_id for pair in pairs}
