"""The command line: a thin typer layer over the `localize` package.

Each command parses its options, calls one library function, prints the result and maps
errors to exit codes in one place (`handle_errors`). Heavy modules (pint, babel data,
deepl, openpyxl) are imported inside the commands so `localize --help` stays fast.
Command groups of a capability live in `localize/commands/<area>.py` and are registered below.
"""

from __future__ import annotations

import gc
import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .commands import MODULES
from .commands.common import (
    ConfigArg,
    ConfigOpt,
    JsonOpt,
    MarketsOpt,
    config_file,
    handle_errors,
    print_json,
    state,
)
from .errors import ExitCode
from .log import setup_logging
from .report import render
from .version import __version__

app = typer.Typer(
    name="localize",
    help="Localize product data for many markets: read a PIM export, map, translate, convert, check, publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    setup_logging(verbose=verbose, quiet=quiet, fmt=log_format)


@app.command()
def run(
    config: ConfigArg = None,
    source: Annotated[list[Path] | None, typer.Option("--source", help="Source file; repeat for products and product models.")] = None,
    source_format: Annotated[str, typer.Option("--source-format", help="akeneo-csv, akeneo-xlsx, akeneo-json, csv, jsonl, or a shop export: shopify-csv, shopware-csv, magento-csv, oxid-csv.")] = "akeneo-csv",
    source_locale: Annotated[str | None, typer.Option("--source-locale", help="Locale of the source copy, e.g. de_DE.")] = None,
    source_currency: Annotated[str | None, typer.Option("--source-currency", help="The shop's currency, for shop exports whose prices name none (e.g. EUR).")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="PIM channel (scope) to read.")] = None,
    identifier: Annotated[str | None, typer.Option("--identifier", help="Identifier column (default sku).")] = None,
    market: MarketsOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", help="Output format; repeat (jsonl, akeneo-csv, csv, xlsx, ...).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Read at most N records.")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="Translation engine: deepl, memory or pseudo.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Estimate the work and cost; write nothing.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Redo everything, ignoring incremental state.")] = False,
    as_json: JsonOpt = False,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="Publish empty feeds over published ones that have records.")] = False,
    allow_outside: Annotated[bool, typer.Option("--allow-outside", help="Allow config paths outside the config file's folder.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Run on a Dask LocalCluster of N processes on this machine.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Run on an existing Dask cluster (tcp://host:8786).")] = None,
    config_option: ConfigOpt = None,
) -> None:
    """Run the localisation job: read, map, convert, translate, check, gate, write.

    Without a config, a quick run of --source files for --market locales."""
    from . import api  # start-up cost: the pipeline loads every stage (pint, babel, deepl); --help must not

    with handle_errors(json_report=as_json):
        config = config_file(config, config_option)
        cfg = api.build_config(
            config=config,
            sources=source or [],
            source_format=source_format,
            source_locale=source_locale,
            source_currency=source_currency,
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
            workers=workers,
            scheduler=scheduler,
            progress=not as_json and not state.quiet and sys.stderr.isatty(),
        )
        report = api.run(cfg, options)
        # The process ends after the report: what the run left behind (its stages' memos, cyclic
        # garbage) is never needed again and the OS takes the memory back. Frozen, none of it is walked
        # by the collection the next allocation would start (~180,000 objects, 0.28 CPU-s at 10k
        # products x 3 markets), nor by the one at exit. The outputs are published by now.
        gc.freeze()
    if as_json:
        print_json(report.to_dict())
    elif not state.quiet:
        render(report, Console(stderr=False, highlight=False))
    raise typer.Exit(int(report.exit_code))


def _register() -> None:
    """Commands of each capability; every module in `commands.MODULES` has `register(app)`."""
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
