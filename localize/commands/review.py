"""`localize review export|apply` and `localize rules check|list`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import ConfigArg, ConfigOpt, JsonOpt, MarketsOpt, config_file, handle_errors, print_json, state

DEFAULT_CONFIG = Path("localize.yaml")


def _export_with_progress(export: Any, queue: Any, out: Path, project: str | None, *, show: bool) -> Any:
    """`review.export` with a rich progress bar (one step per file) on a terminal only."""
    # start-up cost: loaded when the command runs, not for `localize --help`
    import sys

    markets = {i.market for i in queue.decidable()}
    files = 3 + (len(markets) if len(markets) > 1 else 1)
    if not show or not sys.stderr.isatty():
        return export(queue, out, project=project)
    # start-up cost: loaded when the command runs, not for `localize --help`
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("review export"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), transient=True) as progress:
        task = progress.add_task(f"{len(queue.items):,} finding(s)", total=files)
        return export(queue, out, project=project,
                      progress=lambda name: progress.update(task, advance=1, description=name))


def register(app: typer.Typer) -> None:
    review = typer.Typer(help="The human review queue: export it for reviewers, apply their decisions.",
                         no_args_is_help=True)
    rules = typer.Typer(help="Sensitivity and compliance rule packs.", no_args_is_help=True)
    app.add_typer(review, name="review")
    app.add_typer(rules, name="rules")

    @review.command("export")
    def export_cmd(
        config: ConfigArg = None,
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for review.html, review.csv, review.xlsx, review.xlf.")] = Path("review"),
        queue: Annotated[Path | None, typer.Option("--queue", help="review-queue.jsonl (default <outputs.dir>/review-queue.jsonl).")] = None,
        store: Annotated[Path | None, typer.Option("--store", help="Decision store (default <state>/review.sqlite).")] = None,
        market: MarketsOpt = None,
        as_json: JsonOpt = False,
        config_option: ConfigOpt = None,
    ) -> None:
        """Write the review queue as HTML, CSV, XLSX and XLIFF 2 for reviewers (config: default ./localize.yaml)."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..review.export import export
        from ..review.queue import Queue

        with handle_errors():
            cfg, queue_path, store_path = _paths(config_file(config, config_option), queue, store)
            if cfg is not None:
                # start-up cost: loaded when the command runs, not for `localize --help`
                from ..confine import check_review_folder

                check_review_folder(cfg, out)
            q = _read(queue_path, store_path, cfg, explicit=store)
            if market:
                q = Queue([i for i in q.items if i.market in market], q.problems, q.path)
            written = _export_with_progress(export, q, out, cfg.project if cfg else None, show=not as_json)
        summary = {"queue": str(queue_path), "items": len(q.items), "open": sum(i.status == "open" for i in q.items),
                   "written": [str(p) for p in written], "skipped_lines": q.problems}
        _report(summary, as_json, f"{len(q.items)} finding(s), {summary['open']} open")

    @review.command("apply")
    def apply_cmd(
        decisions: Annotated[Path, typer.Argument(help="The edited review.csv, review.xlsx or review.xlf.")],
        config: ConfigOpt = None,
        reviewer: Annotated[str | None, typer.Option("--reviewer", help="Reviewer name for rows that name none.")] = None,
        queue: Annotated[Path | None, typer.Option("--queue", help="review-queue.jsonl the sheet was exported from.")] = None,
        store: Annotated[Path | None, typer.Option("--store", help="Decision store (default <state>/review.sqlite).")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Store reviewers' decisions (approve | reject | edit); the next run publishes what was approved."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..review.apply import apply_file
        from ..review.decisions import DecisionStore

        with handle_errors():
            cfg, queue_path, store_path = _paths(config, queue, store)
            section = cfg.settings.review.raw if cfg else {}
            q = _read(queue_path, None, cfg)
            with DecisionStore(store_path, **_shared(cfg, store)) as st:
                result = apply_file(decisions, q, st, reviewer=reviewer or section.get("reviewer"),
                                    comment_required=section.get("comment_required_for", ()))
        data = result.to_dict()
        _report(data, as_json, f"applied {result.applied} decision(s) ({', '.join(f'{k} {v}' for k, v in result.by_decision.items())}), "
                f"{result.unchanged} unchanged, {result.undecided} row(s) without a decision; stored in {result.store}")

    @rules.command("check")
    def check_cmd(
        files: Annotated[list[Path] | None, typer.Argument(help="Rule pack files or folders (default: the shipped packs).")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Validate rule packs: schema, regular expressions, duplicate ids; every problem at once."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..rules.packs import load_packs, shipped_rules_dir

        with handle_errors():
            packs = load_packs(files or [shipped_rules_dir()])
        data = {"packs": [{"pack": p.id, "file": p.path, "rules": len(p.rules)} for p in packs],
                "rules": sum(len(p.rules) for p in packs)}
        _report(data, as_json, f"{len(packs)} pack(s), {data['rules']} rule(s): ok")

    @rules.command("list")
    def list_cmd(
        config: ConfigArg = None,
        market: MarketsOpt = None,
        as_json: JsonOpt = False,
        config_option: ConfigOpt = None,
    ) -> None:
        """List the rules in force: id, kind, severity, pack, scope and source (config: default ./localize.yaml)."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..config import build_market
        from ..rules.ruleset import load_ruleset

        with handle_errors():
            cfg = _config(config_file(config, config_option))
            rs = load_ruleset(cfg)
            markets = list(cfg.markets) if cfg else []
            if market:
                known = {m.code: m for m in markets}
                markets = [known.get(m) or build_market({"locale": m}, None) for m in market]
            rows = []
            if markets:
                for m in markets:
                    for r in rs.rules_for(m):
                        rows.append(_rule_row(r, m.code))
            else:
                for pack in rs.packs:
                    for r in pack.rules:
                        rows.append(_rule_row(r, pack.scope.describe()))
        if as_json:
            print_json({"as_of": rs.as_of.isoformat(), "rules": rows})
            return
        # start-up cost: loaded when the command runs, not for `localize --help`
        from rich.console import Console
        from rich.table import Table

        table = Table(show_edge=False)
        for col in ("market", "rule", "kind", "severity", "pack", "source"):
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(row["market"], row["id"], row["kind"], row["severity"], row["pack"], row["source"])
        Console(highlight=False).print(table)


def _rule_row(rule: Any, where: str) -> dict[str, Any]:
    return {"market": where, "id": rule.id, "kind": rule.kind, "severity": rule.severity, "pack": rule.pack,
            "source": rule.source, "message": rule.message, "file": rule.file, "line": rule.line}


def _config(path: Path | None) -> Any:
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..config import load_config

    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return None
        path = DEFAULT_CONFIG
    return load_config(path)


def _paths(config: Path | None, queue: Path | None, store: Path | None) -> tuple[Any, Path, Path]:
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..errors import UsageError
    from ..review.decisions import store_path

    cfg = _config(config)
    if cfg is None and (queue is None or store is None):
        raise UsageError("no localize.yaml here: pass the config, or both --queue and --store",
                         hint="localize review export localize.yaml --out review/")
    section = cfg.settings.review.raw if cfg else {}
    queue_path = queue or (cfg.resolve(section["queue"]) if section.get("queue") else cfg.out_dir / "review-queue.jsonl")
    return cfg, queue_path, store or store_path(cfg)


def _shared(cfg: Any, store: Path | None) -> dict[str, Any]:
    """The decisions in the config's PostgreSQL (`state.url`), unless --store names a file."""
    if store is not None or cfg is None or not cfg.state_url:
        return {}
    return {"url": cfg.state_url, "schema": cfg.state_schema}


def _read(queue_path: Path, store_path: Path | None, cfg: Any, explicit: Path | None = None) -> Any:
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..review.decisions import DecisionStore
    from ..review.queue import read_queue

    sources = None
    try:
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..rules.ruleset import load_ruleset

        sources = {r.id: r.source for r in load_ruleset(cfg).all_rules()}
    except Exception:  # the report still works when a pack is broken; `rules check` says why
        sources = None
    shared = _shared(cfg, explicit)
    if store_path is not None and (store_path.is_file() or shared):
        with DecisionStore(store_path, **shared) as st:
            return read_queue(queue_path, st, sources)
    return read_queue(queue_path, None, sources)


def _report(data: dict[str, Any], as_json: bool, text: str) -> None:
    if as_json:
        print_json(data)
        return

    if state.quiet:
        return
    typer.echo(text)
    for path in data.get("written", []):
        typer.echo(f"  wrote {path}")
    for problem in data.get("skipped_lines", []):
        typer.echo(f"  warning: {problem}", err=True)
