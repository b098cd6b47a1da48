"""Formatters for validation results: `text` (rich, for people), `json`, `junit`, `github`, `sarif`.

Every formatter is a pure function `render(result) -> str` except `text`, which prints to a
rich console. Outputs are deterministic (no timestamps, no durations, stable order) so CI
artefacts diff cleanly between runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ...errors import UsageError

if TYPE_CHECKING:
    from ..engine import ValidationResult

FORMATS = ("text", "json", "junit", "github", "sarif")
_MODULES = {"text": "console", "json": "json_"}  # format name -> module, where they differ


def render(result: ValidationResult, fmt: str, *, color: bool = False, width: int = 100) -> str:
    """The result in a format, as text ready to print or write."""
    if fmt not in FORMATS:
        raise UsageError(f"--format: unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    module = import_module(f"{__name__}.{_MODULES.get(fmt, fmt)}")
    if fmt == "text":
        return module.render(result, color=color, width=width)
    return module.render(result)
