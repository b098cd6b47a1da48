"""The registry that builds the translation engine a run uses.

Which engine (`localize.settings.choose_engine`) and the DeepL key (`localize.settings.deepl_key`,
the one place that reads DEEPL_AUTH_KEY) are settled in the typed settings; the key is handed to the
DeepL engine here and is never part of a setting, a report or a message.

This module sits above the engines (`engine` holds the interface they implement; `deepl_engine`,
`llm_engine`, `memory_engine` and `pseudo` implement it), so the interface never imports an implementation.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ..errors import ConfigError
from ..settings import deepl_key
from .deepl_engine import DeepLEngine, OfflineDeepL
from .engine import Translator
from .memory_engine import MemoryOnly
from .pseudo import PseudoEngine

ENGINES = ("deepl", "llm", "memory", "pseudo")


def create_engine(name: str, settings: dict[str, Any], *, auth_key: str | None = None,
                  dry_run: bool = False) -> Translator:
    """The engine named `name` (`deepl`, `llm`, `memory`, `pseudo`).

    A dry run (estimate) of DeepL without a key counts as DeepL would (same codes, grouping and
    memory keys) without sending anything and without a quota figure.
    """
    if name == "deepl":
        key = auth_key or deepl_key()
        if dry_run and not key:
            return OfflineDeepL()
        return DeepLEngine.from_settings(settings, auth_key=key)
    if name == "llm":
        # Loaded by name like the feed writers (`localize.channels.writer_class`): its openai client
        # costs ~0.6 s to import, which no run with another engine should pay.
        return import_module(".llm_engine", __package__).LLMEngine.from_settings(settings)
    if name == "memory":
        return MemoryOnly()
    if name == "pseudo":
        return PseudoEngine()
    raise ConfigError(f"translation.engine: unknown engine '{name}'", hint="use " + ", ".join(ENGINES))
