"""Operations commands: `localize status`, `localize runs`, `localize runs show ID`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import ConfigArg, ConfigOpt, JsonOpt, MarketsOpt, config_file, handle_errors, print_json

runs_app = typer.Typer(help="Earlier runs and their manifests.", no_args_is_help=False, invoke_without_command=True)


def register(app: typer.Typer) -> None:
    app.command("status")(status_command)
    app.add_typer(runs_app, name="runs")


def status_command(
    config: ConfigArg = None,
    market: MarketsOpt = None,
    as_json: JsonOpt = False,
    config_option: ConfigOpt = None,
) -> None:
    """What the next run would do: changed, unchanged, pending review, pending translation."""
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..config import load_config
    from ..pipeline.status import status

    with handle_errors():
        data = status(load_config(config_file(config, config_option, command="status")), tuple(market or ()))
    if as_json:
        print_json(data)
        return
    # start-up cost: loaded when the command runs, not for `localize --help`
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"next run ({'state: ' + data['state'] if data['has_state'] else 'no state yet: everything is new'})",
                  title_justify="left", show_edge=False)
    columns = ("new", "changed", "unchanged", "pending_review", "pending_translation", "rejected")
    table.add_column("market")
    for col in columns:
        table.add_column(col.replace("_", " "), justify="right")
    for code, counts in data["markets"].items():
        table.add_row(code, *(str(counts[c]) for c in columns))
    Console(highlight=False).print(table)


def _state_dir(config: Path | None, state: Path | None) -> Path:
    if state is not None:
        return state
    if config is not None:
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..config import load_config

        return load_config(config).state_dir
    return Path(".localize")


@runs_app.callback()
def runs_list(
    ctx: typer.Context,
    config: ConfigOpt = None,
    state: Annotated[Path | None, typer.Option("--state", help="The state folder (default .localize).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List earlier runs, newest first."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = (config, state)
        return
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..pipeline.status import list_runs

    with handle_errors():
        runs = list_runs(_state_dir(config, state))
    if as_json:
        print_json(runs)
        return
    # start-up cost: loaded when the command runs, not for `localize --help`
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False)
    for col in ("run_id", "finished_at", "exit_code", "written", "withheld", "rejected", "pending", "characters_billed"):
        table.add_column(col)
    for r in runs:
        table.add_row(*(str(r[c]) for c in ("run_id", "finished_at", "exit_code", "written", "withheld", "rejected",
                                              "pending", "characters_billed")))
    Console(highlight=False).print(table if runs else "no runs recorded yet")


@runs_app.command("show")
def runs_show(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="A run id from `localize runs`.")],
) -> None:
    """Print one run's manifest (JSON)."""
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..pipeline.status import show_run

    config, state = ctx.obj or (None, None)
    with handle_errors():
        print_json(show_run(_state_dir(config, state), run_id))
