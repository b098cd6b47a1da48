"""The command line: a thin typer layer over the `localize` package.

Each command parses its options, calls one library function, prints the result and maps
errors to exit codes in one place (`handle_errors`). Heavy modules (pint, babel data,
deepl, openpyxl) are imported inside the commands so `localize --help` stays fast.
Command groups of a capability live in `localize/commands/<area>.py` and are registered below.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import ExitCode, LocalizeError
from .version import __version__

app = typer.Typer(
    name="localize",
    help="Localize product data for many markets: read a PIM export, map, translate, convert, check, publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    verbose: bool = False
    quiet: bool = False
    log_format: str = "human"


state = State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"localize {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="More detail, and tracebacks on errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
    log_format: Annotated[str, typer.Option("--log-format", help="human or json (one JSON object per log line).")] = "human",
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    """Localize product data for many markets."""
    state.verbose = verbose
    state.quiet = quiet
    state.log_format = log_format
    from .log import setup_logging

    setup_logging(verbose=verbose, quiet=quiet, fmt=log_format)


def err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def handle_errors(json_report: bool = False) -> Iterator[None]:
    """Map a LocalizeError to one clear message and its exit code; tracebacks only with --verbose.

    With `json_report` (a command's `--json`), a run that stops early still prints one JSON
    report on stdout: `{"exit_code", "error": {"message", "hint"}, "markets", ...}`, so a CI job
    that parses stdout always gets an object (the human message still goes to stderr)."""
    try:
        yield
    except LocalizeError as exc:
        if state.verbose:
            import traceback

            traceback.print_exc()
        err_console().print(f"[bold red]error:[/] {_escape(str(exc))}")
        if json_report:
            print_json(error_report(int(exc.exit_code), exc.message, exc.hint, exc))
        raise typer.Exit(int(exc.exit_code)) from None
    except OSError as exc:
        # An operating-system error we did not foresee (full disk, permissions): one line, exit 3.
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        hint = "free space or fix permissions; the outputs of the last complete run are intact"
        err_console().print(f"[bold red]error:[/] {_escape(where + (exc.strerror or str(exc)))}\n  hint: {hint}")
        if state.verbose:
            import traceback

            traceback.print_exc()
        if json_report:
            print_json(error_report(int(ExitCode.INPUT), where + (exc.strerror or str(exc)), hint, exc))
        raise typer.Exit(int(ExitCode.INPUT)) from None
    except KeyboardInterrupt:
        err_console().print("[bold red]interrupted[/]: outputs from the last complete run are intact")
        raise typer.Exit(130) from None


def error_report(code: int, message: str, hint: str | None, exc: BaseException) -> dict[str, Any]:
    """The `--json` report of a run that stopped early: the counts it reached (none when it
    stopped before reading), and the error with its hint. Same keys as a finished run's report."""
    from .report import RunReport

    partial = getattr(exc, "report", None)
    data = partial.to_dict() if isinstance(partial, RunReport) else RunReport().to_dict()
    data["exit_code"] = code
    error: dict[str, Any] = {"message": message, "hint": hint}
    problems = getattr(exc, "problems", None)
    if problems:
        error["problems"] = list(problems)
    data["error"] = error
    return data


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_json(data: Any) -> None:
    """One JSON object on stdout (stable key order)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) + "\n")
    sys.stdout.flush()


@app.command()
def run(
    config: Annotated[Path | None, typer.Argument(help="localize.yaml (omit for a quick run with --source/--market).")] = None,
    source: Annotated[list[Path] | None, typer.Option("--source", help="Source file; repeat for products and product models.")] = None,
    source_format: Annotated[str, typer.Option("--source-format", help="akeneo-csv, akeneo-xlsx, akeneo-json, csv or jsonl.")] = "akeneo-csv",
    source_locale: Annotated[str | None, typer.Option("--source-locale", help="Locale of the source copy, e.g. de_DE.")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="PIM channel (scope) to read.")] = None,
    identifier: Annotated[str | None, typer.Option("--identifier", help="Identifier column (default sku).")] = None,
    market: Annotated[list[str] | None, typer.Option("--market", "-m", help="Market locale (de-DE); repeat. With a config: run only these.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", help="Output format; repeat (jsonl, akeneo-csv, csv, xlsx, ...).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Read at most N records.")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="Translation engine: deepl, memory or pseudo.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Estimate the work and cost; write nothing.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Redo everything, ignoring incremental state.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run report as one JSON object on stdout.")] = False,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="Publish empty feeds over published ones that have records.")] = False,
    allow_outside: Annotated[bool, typer.Option("--allow-outside", help="Allow config paths outside the config file's folder.")] = False,
) -> None:
    """Run the localisation job: read, map, convert, translate, check, gate, write."""
    from . import api

    with handle_errors(json_report=as_json):
        cfg = api.build_config(
            config=config,
            sources=source or [],
            source_format=source_format,
            source_locale=source_locale,
            channel=channel,
            identifier=identifier,
            markets=market or [],
            out=out,
            formats=fmt or [],
            allow_outside=allow_outside,
        )
        options = api.RunOptions(
            limit=limit,
            markets=tuple(market or ()) if config else (),
            engine=engine,
            dry_run=dry_run,
            full=full,
            allow_empty=allow_empty,
            progress=not as_json and not state.quiet and sys.stderr.isatty(),
        )
        report = api.run(cfg, options)
    if as_json:
        print_json(report.to_dict())
    elif not state.quiet:
        from rich.console import Console

        from .report import render

        render(report, Console(stderr=False, highlight=False))
    raise typer.Exit(int(report.exit_code))


def _register() -> None:
    """Commands of each capability; every module in `commands.MODULES` has `register(app)`."""
    from importlib import import_module

    from .commands import MODULES

    for name in MODULES:
        import_module(f"localize.commands.{name}").register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else int(ExitCode.USAGE))
        # click uses 2 for usage errors already; keep it.
        raise SystemExit(code) from None
