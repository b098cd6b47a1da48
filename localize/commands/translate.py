"""Commands of the translation capability: `localize memory import|export|stats`, `localize estimate`,
`localize translate prompt`.

The memory is the project's (`<state>/memory.sqlite`, `.localize/` by default): found from
`--config localize.yaml`, or `--memory PATH`, or `./.localize/memory.sqlite`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import ConfigArg, ConfigOpt, JsonOpt, MarketsOpt, config_file, handle_errors, print_json

MemoryOpt = Annotated[Path | None, typer.Option("--memory", help="The memory file (default: <state>/memory.sqlite).")]


def memory_path(config: Path | None, memory: Path | None) -> Path:
    """Where the memory lives: --memory, else the config's state folder, else ./.localize."""
    return memory_location(config, memory)[0]


def memory_location(config: Path | None, memory: Path | None) -> tuple[Path, dict[str, Any]]:
    """The memory's file and the store options: the config's PostgreSQL (`state.url`) unless --memory."""
    if memory is not None:
        return memory, {}
    if config is not None:
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..config import load_config

        cfg = load_config(config)
        shared = {"url": cfg.state_url, "schema": cfg.state_schema} if cfg.state_url else {}
        return cfg.state_dir / "memory.sqlite", shared
    return Path(".localize") / "memory.sqlite", {}


def register(app: typer.Typer) -> None:
    memory_app = typer.Typer(help="Translation memory: import and export TMX, show what it holds.", no_args_is_help=True)
    app.add_typer(memory_app, name="memory")

    @memory_app.command("import")
    def memory_import(
        file: Annotated[Path, typer.Argument(help="A TMX file (1.4): one source and any number of targets per unit.")],
        config: ConfigOpt = None,
        memory: MemoryOpt = None,
        origin: Annotated[str, typer.Option("--origin", help="human or approved (approved wins over human).")] = "human",
        force: Annotated[bool, typer.Option("--force", help="Import again even if this exact file was imported.")] = False,
        as_json: JsonOpt = False,
    ) -> None:
        """Import translations from a TMX file (they win over machine translations)."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..errors import UsageError
        from ..translate.memory import Memory
        from ..translate.tmx import import_tmx

        with handle_errors():
            if origin not in ("human", "approved"):
                raise UsageError(f"--origin {origin}: use human or approved")
            path, shared = memory_location(config, memory)
            with Memory(path, **shared) as mem:
                counts = import_tmx(mem, file, origin=origin, force=force)
                path = mem.path
            result = {"memory": str(path), "file": str(file), **counts}
        if as_json:
            print_json(result)
        elif counts["skipped"]:
            typer.echo(f"{file}: already imported (same content); use --force to import it again")
        else:
            typer.echo(f"imported {counts['entries']} translation(s) from {counts['units']} unit(s) of {file} into {path}"
                       + (f"; {counts['machine']} marked as machine translations in the file are kept as machine "
                          "entries, never used as a person's" if counts["machine"] else ""))

    @memory_app.command("export")
    def memory_export(
        file: Annotated[Path, typer.Argument(help="The TMX file to write.")],
        config: ConfigOpt = None,
        memory: MemoryOpt = None,
        origin: Annotated[list[str] | None, typer.Option("--origin", help="Only these origins (machine, human, approved); repeat.")] = None,
        target: Annotated[str | None, typer.Option("--target", help="Only this target locale, e.g. fr-CH.")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Export the memory as TMX 1.4 (origin, context and formality kept as properties)."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..errors import UsageError
        from ..translate.memory import ORIGINS, Memory
        from ..translate.tmx import export_tmx

        with handle_errors():
            origins = tuple(origin or ORIGINS)
            bad = [o for o in origins if o not in ORIGINS]
            if bad:
                raise UsageError(f"--origin {bad[0]}: use machine, human or approved")
            path, shared = memory_location(config, memory)
            path = path if shared else _existing(path)
            with Memory(path, **shared) as mem:
                path = mem.path
                count = export_tmx(mem.entries(origins=origins, target=target), file)
        if as_json:
            print_json({"memory": str(path), "file": str(file), "units": count})
        else:
            typer.echo(f"wrote {count} translation unit(s) to {file}")

    @memory_app.command("stats")
    def memory_stats(config: ConfigOpt = None, memory: MemoryOpt = None, as_json: JsonOpt = False) -> None:
        """What the memory holds: entries per origin and language pair, characters billed."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..translate.memory import Memory

        with handle_errors():
            path, shared = memory_location(config, memory)
            path = path if shared else _existing(path)
            with Memory(path, **shared) as mem:
                stats = mem.stats()
        if as_json:
            print_json(stats)
            return
        _print_stats(stats)

    @app.command()
    def estimate(
        config: ConfigArg = None,
        engine: Annotated[str | None, typer.Option("--engine", help="deepl, llm, memory or pseudo.")] = None,
        market: MarketsOpt = None,
        limit: Annotated[int | None, typer.Option("--limit", min=1, help="Read at most N records.")] = None,
        as_json: JsonOpt = False,
        config_option: ConfigOpt = None,
    ) -> None:
        """Characters a run would bill after memory hits, per market, against the remaining quota."""
        from ..api import estimate as run_estimate  # start-up cost: the pipeline loads every stage
        from ..config import load_config
        from ..report import render_estimate

        with handle_errors():
            result = run_estimate(load_config(config_file(config, config_option, command="estimate")), engine=engine, markets=tuple(market or ()), limit=limit)
        if as_json:
            print_json(result)
            return
        # start-up cost: loaded when the command runs, not for `localize --help`
        from rich.console import Console

        render_estimate(result, Console(highlight=False))


    translate_app = typer.Typer(help="The translation engines: show the llm engine's prompt.", no_args_is_help=True)
    app.add_typer(translate_app, name="translate")

    @translate_app.command("prompt")
    def translate_prompt(
        config: ConfigOpt = None,
        version: Annotated[str | None, typer.Option("--version", help="Prompt version (default: the config's "
                                                    "translation.llm.prompt, else the newest shipped).")] = None,
        target: Annotated[str | None, typer.Option("--target", "-t", help="Fill it in for this target locale "
                                                   "(glossary, formality of the config), as one request would.")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Show the llm engine's prompt (a file in the package, versioned; its version is in every memory key)."""
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..config import load_config
        from ..translate.prompts import load_prompt, prompt_file, prompt_versions

        with handle_errors():
            loaded = load_config(config) if config is not None else None
            section = loaded.settings.translation.raw if loaded is not None else {}
            chosen = version or (section.get("llm") or {}).get("prompt") or prompt_versions()[-1]
            text = load_prompt(chosen)
            if target:
                text = _rendered(text, loaded, section, target)
            result = {"version": chosen, "versions": prompt_versions(), "file": str(prompt_file(chosen)), "prompt": text}
        if as_json:
            print_json(result)
            return
        typer.echo(f"# prompt {chosen} ({result['file']})")
        typer.echo(text, nl=False)


def _rendered(template: str, config: Any, section: dict[str, Any], target: str) -> str:
    """The prompt of one request into `target` with the config's glossary and formality."""
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..translate.glossary import load_glossaries
    from ..translate.prompts import render_prompt
    from ..translate.settings import FORMALITY

    source = config.source.locale.replace("_", "-") if config is not None else "en"
    glossary: dict[str, str] = {}
    dnt: tuple[str, ...] = ()
    if config is not None:
        glossaries = load_glossaries(tuple(section.get("glossaries") or ()), config.base_dir,
                                     tuple(section.get("do_not_translate") or ()), source_language=source)
        glossary = glossaries.terms(source, target)
        dnt = tuple(glossaries.do_not_translate)
    return render_prompt(template, source=source.split("-")[0], target=target, count=50, html=False,
                         formality=FORMALITY.get(section.get("formality")), glossary=glossary, do_not_translate=dnt,
                         context="Product category: <the product's category path>. Field: <the attribute's label>.")


def _existing(path: Path) -> Path:
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..errors import InputError

    if not path.is_file():
        raise InputError(f"{path}: no translation memory yet",
                         hint="it is created by the first `localize run` or by `localize memory import FILE.tmx`")
    return path


def _print_stats(stats: dict[str, Any]) -> None:
    # start-up cost: loaded when the command runs, not for `localize --help`
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    console.print(f"{stats['path']}: {stats['entries']} entries, {stats['characters_billed']:,} characters billed", markup=False)
    table = Table(show_edge=False)
    for col in ("pair", "machine", "human", "approved"):
        table.add_column(col, justify="left" if col == "pair" else "right")
    for pair, counts in stats["pairs"].items():
        table.add_row(pair, *(str(counts.get(o, 0)) for o in ("machine", "human", "approved")))
    console.print(table)
