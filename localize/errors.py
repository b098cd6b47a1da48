"""Errors and exit codes, mapped in one place.

Exceptions are only for "cannot go on"; a bad record is data (a `Reject`) and a
questionable value is data (a `Finding`). Every message says what is wrong, where,
and what to do, because the person reading it is usually looking at a CI log.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes. Scripts and CI jobs rely on these numbers: never renumber."""

    OK = 0
    FINDINGS = 1  # finished, but rejects/blocking findings/validation failures
    USAGE = 2  # bad command line or configuration
    INPUT = 3  # an input file is missing or unreadable
    ENGINE = 4  # translation engine unavailable or quota/budget exhausted; the run is resumable
    INTERNAL = 5  # an unexpected error inside localize (a bug): never mistaken for a finished run


class LocalizeError(Exception):
    """Base class: the run cannot go on. `exit_code` says how the CLI ends."""

    exit_code: ExitCode = ExitCode.USAGE
    #: Every problem found (a config, a decisions file), when there are several; set by subclasses.
    problems: Sequence[str] = ()
    #: The `RunReport` a run had reached when it stopped (set by the runner; the CLI's `--json` shows it).
    report: object | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class UsageError(LocalizeError):
    """A command-line argument that cannot work."""

    exit_code = ExitCode.USAGE


class ConfigError(LocalizeError):
    """The configuration is invalid; `problems` lists every problem found, not just the first."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, problems: list[str] | None = None, *, hint: str | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        text = self.message
        if self.problems:
            text += "\n" + "\n".join(f"  - {p}" for p in self.problems)
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(LocalizeError):
    """An input file is missing, unreadable or not in the declared format."""

    exit_code = ExitCode.INPUT


class EngineError(LocalizeError):
    """The translation engine cannot be used (bad key, unreachable, quota exhausted)."""

    exit_code = ExitCode.ENGINE


class OutputError(LocalizeError):
    """An output cannot be written (read-only folder, disk full). Earlier outputs stay intact."""

    exit_code = ExitCode.INPUT
