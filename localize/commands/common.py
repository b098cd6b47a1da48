"""What every command shares: the global flags' state, error handling, JSON output, and the options
that mean the same in every command (`--json`, `--market`, `--config` / the config argument), declared
once here so a command reads like its one library call.

`cli.py` and each `commands/<area>.py` import this module; it imports nothing of theirs.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ..errors import ExitCode, LocalizeError, UsageError
from ..jsonlines import json_text
from ..log import redact
from ..report import RunReport
from ..terminal import terminal_markup

#: `--json`: one JSON object on stdout (stable key order), for scripts and CI.
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object on stdout.")]
#: `--market/-m` repeated: only these markets (a market name of the config, or a locale).
MarketsOpt = Annotated[list[str] | None, typer.Option("--market", "-m", help="Only these markets (name or locale); repeat.")]
#: `--market/-m` once: the market a command is about (a market name of the config, or a locale).
MarketOpt = Annotated[str | None, typer.Option("--market", "-m", help="The market (a market name of the config, or a locale such as de-DE).")]
#: `--market/-m` once, for the unit and price look-ups: a locale, or a market name with `--config`.
MarketLocaleOpt = Annotated[str, typer.Option("--market", "-m", help="Market locale (or name with --config).")]
#: `--config/-c`: the config file. Every command that reads a config accepts it this way.
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="localize.yaml (its markets, settings and state folder).")]
#: The same file as the command's only argument: the job commands (`run`, `status`, `estimate`,
#: `review export`, `rules list`) also take it so (`localize run localize.yaml` is
#: `localize run --config localize.yaml`), as scripts have always called them. Read both with `config_file`.
ConfigArg = Annotated[Path | None, typer.Argument(help="localize.yaml (the same as --config).", show_default=False)]


def config_file(argument: Path | None, option: Path | None, *, command: str | None = None) -> Path | None:
    """The config file, given as the command's argument or as `--config` (not two different files).
    With `command`, a config is required and its absence is a usage error naming that command."""
    if argument is not None and option is not None and argument != option:
        raise UsageError(f"two config files: {argument} and --config {option}", hint="give the config once")
    path = argument if argument is not None else option
    if path is None and command is not None:
        raise UsageError(f"localize {command}: no config file", hint=f"localize {command} --config localize.yaml")
    return path


class State:
    verbose: bool = False
    quiet: bool = False
    log_format: str = "human"


state = State()


def err_console() -> Any:
    return Console(stderr=True, highlight=False, soft_wrap=True)


#: typer's exits and usage errors (typer 0.2x vendors click; older versions re-export click's classes).
_CLI_EXITS: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    next(k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException"),
)


ErrorJson = Callable[[int, str, "str | None", BaseException], dict[str, Any]]


@contextmanager
def handle_errors(json_report: bool = False, report: ErrorJson | None = None) -> Iterator[None]:
    """Map a LocalizeError to one clear message and its exit code; tracebacks only with --verbose.

    With `json_report` (a command's `--json`), a run that stops early still prints one JSON
    report on stdout: `{"exit_code", "error": {"message", "hint"}, "markets", ...}`, so a CI job
    that parses stdout always gets an object (the human message still goes to stderr). `report`
    builds that object for commands whose JSON is not a run report (`validate --format json`)."""
    error_json = report or error_report
    try:
        yield
    except LocalizeError as exc:
        if state.verbose:
            traceback.print_exc()
        err_console().print(f"[bold red]error:[/] {_escape(str(exc))}")
        if json_report:
            print_json(error_json(int(exc.exit_code), exc.message, exc.hint, exc))
        raise typer.Exit(int(exc.exit_code)) from None
    except OSError as exc:
        # An operating-system error we did not foresee (full disk, permissions): one line, exit 3.
        where = f"{exc.filename}: " if exc.filename else ""
        hint = "free space or fix permissions; the outputs of the last complete run are intact"
        err_console().print(f"[bold red]error:[/] {_escape(where + (exc.strerror or str(exc)))}\n  hint: {hint}")
        if state.verbose:
            traceback.print_exc()
        if json_report:
            print_json(error_json(int(ExitCode.INPUT), where + (exc.strerror or str(exc)), hint, exc))
        raise typer.Exit(int(ExitCode.INPUT)) from None
    except KeyboardInterrupt:
        err_console().print("[bold red]interrupted[/]: outputs from the last complete run are intact")
        raise typer.Exit(130) from None
    except _CLI_EXITS:
        raise  # typer's own exits (a command's `typer.Exit(1)`) and usage errors keep their codes
    except Exception as exc:
        # A bug of ours (or a library's) must not end with 1, the code of a finished run with
        # findings: a CI job would read a crash as a run. One line (secrets masked), exit 5.
        message = redact(f"unexpected {type(exc).__name__}: {exc}")
        hint = "this is a bug in localize: rerun with --verbose and report the traceback; the outputs of the last complete run are intact"
        err_console().print(f"[bold red]error:[/] {_escape(message)}\n  hint: {hint}")
        if state.verbose:
            sys.stderr.write(redact(traceback.format_exc()))
        if json_report:
            print_json(error_json(int(ExitCode.INTERNAL), message, hint, exc))
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def error_report(code: int, message: str, hint: str | None, exc: BaseException) -> dict[str, Any]:
    """The `--json` report of a run that stopped early: the counts it reached (none when it
    stopped before reading), and the error with its hint. Same keys as a finished run's report."""
    partial = exc.report if isinstance(exc, LocalizeError) else None
    data = partial.to_dict() if isinstance(partial, RunReport) else RunReport().to_dict()
    data["exit_code"] = code
    error: dict[str, Any] = {"message": message, "hint": hint}
    problems = exc.problems if isinstance(exc, LocalizeError) else None
    if problems:
        error["problems"] = list(problems)
    data["error"] = error
    return data


def _escape(text: str) -> str:
    """An error message (it may quote PIM data) inside rich markup: markup and control characters shown, not acted on."""
    return terminal_markup(text)


def print_json(data: Any) -> None:
    """One JSON object on stdout (stable key order)."""
    sys.stdout.write(json_text(data, sort_keys=True, default=str) + "\n")
    sys.stdout.flush()
