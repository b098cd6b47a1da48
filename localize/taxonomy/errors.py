"""Errors that list every problem of a file at once (`file:line: what is wrong`)."""

from __future__ import annotations

from ..errors import ConfigError, InputError

MAX_SHOWN = 50


def _listing(message: str, problems: list[str], hint: str | None) -> str:
    text = message
    shown = problems[:MAX_SHOWN]
    if shown:
        text += "\n" + "\n".join(f"  - {p}" for p in shown)
    if len(problems) > MAX_SHOWN:
        text += f"\n  ... and {len(problems) - MAX_SHOWN} more"
    if hint:
        text += f"\n  hint: {hint}"
    return text


class TaxonomyError(ConfigError):
    """A taxonomy or mapping file is invalid (it is configuration: exit code 2)."""

    def __str__(self) -> str:
        return _listing(self.message, self.problems, self.hint)


class SourceError(InputError):
    """The catalogue's categories file cannot be used (it is input: exit code 3)."""

    def __init__(self, message: str, problems: list[str] | None = None, *, hint: str | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        return _listing(self.message, self.problems, self.hint)
