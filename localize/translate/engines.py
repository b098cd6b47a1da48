"""Which translation engine a run uses, decided in ONE place, and the registry that builds it.

The engine is, in order: `--engine`, `translation.engine`, then `deepl` when DEEPL_AUTH_KEY is set
and `memory` otherwise, so a fresh checkout (and `make demo`) runs offline. The key is read here and
handed to the DeepL engine; it is never part of a setting, a report or a message.

This module sits above the engines (`engine` holds the interface they implement; `deepl_engine`,
`memory_engine` and `pseudo` implement it), so the interface never imports an implementation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..errors import ConfigError
from .deepl_engine import DeepLEngine, OfflineDeepL
from .engine import Translator
from .memory_engine import MemoryOnly
from .pseudo import PseudoEngine

KEY_ENV = "DEEPL_AUTH_KEY"
ENGINES = ("deepl", "memory", "pseudo")


def deepl_key(environ: Mapping[str, str] | None = None) -> str:
    """The DeepL key from the environment ('' when unset)."""
    return (os.environ if environ is None else environ).get(KEY_ENV, "")


def choose_engine(override: str | None, configured: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The engine name: `--engine`, else `translation.engine`, else deepl with a key and memory without."""
    return override or configured or ("deepl" if deepl_key(environ) else "memory")


def create_engine(name: str, settings: dict[str, Any], *, auth_key: str | None = None,
                  dry_run: bool = False) -> Translator:
    """The engine named `name` (`deepl`, `memory`, `pseudo`).

    A dry run (estimate) of DeepL without a key counts as DeepL would (same codes, grouping and
    memory keys) without sending anything and without a quota figure.
    """
    if name == "deepl":
        key = auth_key or deepl_key()
        if dry_run and not key:
            return OfflineDeepL()
        return DeepLEngine.from_settings(settings, auth_key=key)
    if name == "memory":
        return MemoryOnly()
    if name == "pseudo":
        return PseudoEngine()
    raise ConfigError(f"translation.engine: unknown engine '{name}'", hint="use " + ", ".join(ENGINES))
