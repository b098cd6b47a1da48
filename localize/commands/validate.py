"""`localize validate`: the CI gate for localized feeds (JSONL, Google Merchant, Akeneo, XLIFF, shop files, sheets).

Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import ConfigOpt, MarketOpt, handle_errors, print_json, state


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)


def validate(
    files: Annotated[list[Path] | None, typer.Argument(help="Feed files: .jsonl, Google .tsv/.xml, Akeneo .csv, .xlf, the run's sheets (<market>.csv/.xlsx).")] = None,
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="jsonl, google-merchant, akeneo, shopify, shopware, magento, oxid or sheet (default: by extension, our shop file names or our sheet's header; .xlf is always XLIFF).")] = None,
    market: MarketOpt = None,
    source: Annotated[list[Path] | None, typer.Option("--source", help="PIM export with the source copy to compare against (Akeneo CSV, CSV or JSONL); repeat for product models and products.")] = None,
    source_locale: Annotated[str | None, typer.Option("--source-locale", help="Locale of the --source copy (default: the config's source.locale).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, junit, github or sarif.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file (a text summary still goes to stdout).")] = None,
    max_findings: Annotated[int | None, typer.Option("--max-findings", help="Keep at most N findings in the report (all are counted).")] = None,
    list_checks: Annotated[bool, typer.Option("--list-checks", help="List every check: code, level, profiles, what it checks and how to fix it.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Validate localized feeds: structure, channel rules and translation QA. Exit 1 on error-level findings."""
    with handle_errors(json_report=fmt == "json", report=_error_json):
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..errors import UsageError
        from ..qa.output import FORMATS, render

        if fmt not in FORMATS:
            raise UsageError(f"--format: unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
        if list_checks:
            _list_checks(fmt, config, market)
            raise typer.Exit(0)
        if not files:
            raise UsageError("no file to validate", hint="pass one or more feed files, or --list-checks")
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..qa.runner import validate as run_validate

        result = run_validate(files, market=market, profile=profile, config=config, source=source,
                              source_locale=source_locale, max_findings=max_findings)
        color = sys.stdout.isatty() and output is None
        text = render(result, fmt, color=color)
        if output is not None:
            # start-up cost: loaded when the command runs, not for `localize --help`
            from ..atomic import write_text_atomic

            write_text_atomic(output, text)
            if not state.quiet:
                sys.stdout.write(render(result, "text", color=sys.stdout.isatty()))
                sys.stdout.write(f"wrote {output}\n")
        elif not state.quiet or fmt != "text":
            sys.stdout.write(text)
        sys.stdout.flush()
    raise typer.Exit(result.exit_code)


def _error_json(code: int, message: str, hint: str | None, exc: BaseException) -> dict[str, Any]:
    """`--format json` when validation could not start (a missing file, a folder, an unknown
    profile, a bad config): still one JSON object with the keys of a result, so a CI step that
    parses stdout reads the exit code and the reason instead of failing on empty output."""
    return {"exit_code": code, "error": {"message": message, "hint": hint}, "market": None,
            "market_from": None,
            "summary": {"files": 0, "records": 0, "errors": 0, "warnings": 0, "shown": 0, "omitted": 0},
            "files": [], "checks": {}, "findings": []}


def _list_checks(fmt: str, config: Path | None, market: str | None) -> None:
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..qa.checks import all_checks
    from ..qa.settings import QASettings

    settings = QASettings()
    if config is not None:
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..qa.runner import load_validate_config, resolve_market, settings_for

        cfg, _ = load_validate_config(config)
        settings = settings_for(resolve_market(market, cfg) if (market or len(cfg.markets) == 1) else cfg.markets[0], cfg)
    checks = all_checks()
    if fmt == "json":
        print_json([{**c.to_dict(), "level": settings.level(code, c.severity)} for code, c in checks.items()])
        return
    # start-up cost: loaded when the command runs, not for `localize --help`
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    console = Console(highlight=False)
    group = None
    for code, check in checks.items():
        if check.group != group:
            group = check.group
            console.print(Text(f"\n{group}", style="bold underline"))
        level = settings.level(code, check.severity)
        head = Text(f"{code}", style="bold cyan")
        head.append(f"  {level}", style="red" if level == "error" else ("yellow" if level == "warning" else "dim"))
        head.append(f"  ({', '.join(sorted(check.profiles))})", style="dim")
        console.print(head)
        console.print(Padding(Text(check.summary), (0, 0, 0, 4)))
        console.print(Padding(Text("fix: ", style="bold") + Text(check.fix), (0, 0, 0, 4)))
        for label, examples in (("passes", check.passes), ("fails", check.fails)):
            example = examples[0] if examples else None
            if example is not None and example.source is not None and isinstance(example.source, str):
                console.print(Padding(Text(f"{label}: ", style="dim") + Text(f"{example.source!r} -> {example.target!r}"),
                                      (0, 0, 0, 4)))
