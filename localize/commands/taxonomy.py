"""`localize taxonomy ...`: import, fetch, suggest, coverage, validate.

Thin commands over `localize.taxonomy`; heavy modules are imported inside each command.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import ExitCode, UsageError
from ..locale import to_bcp47
from ..taxonomy.errors import TaxonomyError
from .common import ConfigArg, ConfigOpt, JsonOpt, config_file, err_console, handle_errors, print_json, state

KINDS = ("google", "shopify")


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        name="taxonomy",
        help="The shared taxonomy: import Google/Shopify, fetch official files, suggest mappings, coverage, validate.",
        no_args_is_help=True,
    )
    group.command("import")(import_cmd)
    group.command("fetch")(fetch_cmd)
    group.command("suggest")(suggest_cmd)
    group.command("coverage")(coverage_cmd)
    group.command("validate")(validate_cmd)
    app.add_typer(group, name="taxonomy")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise UsageError(f"unknown taxonomy kind {kind!r}", hint="use google or shopify")
    return kind


def _read(kind: str, files: list[Path], locale: str | None) -> Any:
    if kind == "google":
        # start-up cost: the taxonomy modules load rapidfuzz/numpy (0.05–0.6 s)
        from ..taxonomy.google import read_google

        return read_google(files, locale)
    # start-up cost: the taxonomy modules load rapidfuzz/numpy (0.05–0.6 s)
    from ..taxonomy.shopify import read_shopify

    return read_shopify(files, locale)


def _echo(text: str) -> None:
    if not state.quiet:
        typer.echo(text)


def import_cmd(
    kind: Annotated[str, typer.Argument(help="google or shopify.")],
    files: Annotated[list[Path], typer.Argument(help="Google: taxonomy-with-ids.<locale>[.<version>].txt files; Shopify: the dist folder or its files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The taxonomy YAML to write, e.g. taxonomies/google.yaml.")],
    locale: Annotated[str | None, typer.Option("--locale", help="Locale of a single file whose name does not say it.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import published taxonomy files (several locales merged by id) into a taxonomy YAML."""
    with handle_errors():
        kind = _kind(kind)
        # start-up cost: the taxonomy modules load rapidfuzz/numpy (0.05–0.6 s)
        from ..taxonomy.loader import dump_taxonomy

        taxonomy = _read(kind, files, locale)
        path = dump_taxonomy(taxonomy, out)
    summary = {"taxonomy": taxonomy.name, "version": taxonomy.version, "categories": len(taxonomy),
               "attributes": len(taxonomy.attributes), "locales": list(taxonomy.label_keys), "output": str(path)}
    if as_json:
        print_json(summary)
    else:
        _echo(f"wrote {path}: {taxonomy.name} {taxonomy.version or ''}, {len(taxonomy)} categories, "
              f"{len(taxonomy.attributes)} attributes, locales {', '.join(taxonomy.label_keys)}")


def fetch_cmd(
    kind: Annotated[str, typer.Argument(help="google or shopify.")],
    locale: Annotated[list[str], typer.Option("--locale", help="Locale to download (repeat): de-DE, en-US, ...")],
    dest: Annotated[Path, typer.Option("--dest", help="Folder for the downloaded files.")] = Path("taxonomy-downloads"),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also import the downloads into this taxonomy YAML.")] = None,
    url_base: Annotated[str | None, typer.Option("--url-base", help="Download from here instead of the official site (a mirror).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds per download.")] = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Download the official published taxonomy files (and optionally import them)."""
    with handle_errors():
        kind = _kind(kind)
        # start-up cost: the taxonomy modules load rapidfuzz/numpy (0.05–0.6 s)
        from ..taxonomy.fetch import fetch

        written = fetch(kind, locale, dest, url_base=url_base, timeout=timeout)
        summary: dict[str, Any] = {"downloaded": [str(p) for p in written]}
        if out is not None:
            # start-up cost: the taxonomy modules load rapidfuzz/numpy (0.05–0.6 s)
            from ..taxonomy.loader import dump_taxonomy

            taxonomy = _read(kind, written, None)
            summary["output"] = str(dump_taxonomy(taxonomy, out))
            summary["categories"] = len(taxonomy)
    if as_json:
        print_json(summary)
    else:
        for path in written:
            _echo(f"downloaded {path}")
        if "output" in summary:
            _echo(f"wrote {summary['output']}: {summary['categories']} categories")


def suggest_cmd(
    source: Annotated[Path, typer.Option("--source", help="Akeneo categories.csv (code;parent;label-<locale>...) or a code,path CSV.")],
    taxonomy: Annotated[str, typer.Option("--taxonomy", help="The taxonomy YAML (`default` = taxonomies/default.yaml).")] = "default",
    mapping: Annotated[list[Path] | None, typer.Option("--mapping", help="Existing mapping file(s): those categories are decided already.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=50, help="Candidates per category.")] = 5,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the draft CSV here (default: print a table).")] = None,
    source_locale: Annotated[str | None, typer.Option("--source-locale", help="Locale of a `path` column (code,path CSV).")] = None,
    languages: Annotated[list[str] | None, typer.Option("--language", help="Compare only these source locales (repeat).")] = None,
    display_locale: Annotated[str | None, typer.Option("--display-locale", help="Language of taxonomy paths in the draft (default: the source's first).")] = None,
    threshold: Annotated[float | None, typer.Option("--threshold", min=0, max=1, help="The `auto` column marks what a run with this threshold applies (default: the calibrated one).")] = None,
    products: Annotated[Path | None, typer.Option("--products", help="Akeneo products CSV: the families of each category's products are evidence of what it holds (as in a run); families.csv beside it gives their labels.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Rank taxonomy categories for every unmapped source category; write a draft for a person to accept."""
    with handle_errors():
        # start-up cost: the suggester loads rapidfuzz/numpy (~0.5 s); imported by the command that uses it
        from ..taxonomy.draft import draft_rows, write_draft
        from ..taxonomy.loader import load_taxonomy, resolve_taxonomy_path
        from ..taxonomy.mapping import CategoryResolver, load_mappings
        from ..taxonomy.products import (
            PRODUCTS_READ,
            ProductEvidence,
            read_families,
            read_product_rows,
        )
        from ..taxonomy.source import read_source_categories  # start-up cost: as above
        from ..taxonomy.suggest import SuggestOptions  # start-up cost: as above

        tax = load_taxonomy(resolve_taxonomy_path(taxonomy))
        tree = read_source_categories(source, locale=source_locale)
        maps = load_mappings(list(mapping or []), tax)
        options = SuggestOptions(top=top, languages=tuple(to_bcp47(x) for x in languages or ()))
        evidence = None
        if products is not None:
            evidence = ProductEvidence(tree)
            for n, (cats, family) in enumerate(read_product_rows(products)):
                if n >= PRODUCTS_READ:
                    break
                evidence.add(cats, family)
        resolver = CategoryResolver(tax, tree, maps, threshold=threshold, options=options, products=evidence,
                                    families=read_families(products.parent / "families.csv") if products else None)
        ranked = {code: res.candidates for code, res in resolver.resolutions.items() if res.how in ("auto", "review")}
        fixed = {code: res for code, res in resolver.resolutions.items() if res.how in ("explicit", "rule", "accepted")}
        locale = to_bcp47(display_locale) if display_locale else (tree.locales[0] if tree.locales else None)
        auto = {code for code, res in resolver.resolutions.items() if res.how == "auto"}
        rows = draft_rows(tree, tax, ranked, locale=locale, fixed=fixed, auto=auto)
        written = write_draft(out, rows) if out is not None else None
    if as_json:
        print_json({"rows": rows, "output": str(written) if written else None})
        return
    if written is not None:
        categories = len(tree.real())
        _echo(f"wrote {written}: {len(rows)} row(s) for {categories} categories "
              f"({len(fixed)} already mapped); mark the right rows with x in `accept` and use the file as a mapping")
        return

    table = Table(show_edge=False)
    shown = ("source_code", "rank", "taxonomy_id", "taxonomy_path", "score", "how", "auto")
    for col in shown:
        table.add_column(col, justify="right" if col in ("rank", "score") else "left")
    for row in rows:
        table.add_row(*(row[c] for c in shown))
    Console(highlight=False).print(table)


def coverage_cmd(
    config: ConfigArg = None,
    source: Annotated[Path | None, typer.Option("--source", help="categories.csv (without a config).")] = None,
    taxonomy: Annotated[str | None, typer.Option("--taxonomy", help="The taxonomy YAML (without a config).")] = None,
    mapping: Annotated[list[Path] | None, typer.Option("--mapping", help="Mapping file(s) (without a config).")] = None,
    threshold: Annotated[float | None, typer.Option("--threshold", min=0, max=1, help="Calibrated confidence for automatic mapping (default: the config's, else the calibrated one).")] = None,
    products: Annotated[bool, typer.Option("--products/--no-products", help="With a config: also count the products (reads the catalogue).")] = True,
    as_json: JsonOpt = False,
    config_option: ConfigOpt = None,
) -> None:
    """How much of the catalogue is mapped to the shared taxonomy, and how (explicit, rule, accepted, auto, review)."""
    with handle_errors():
        from ..taxonomy.coverage import coverage_from_files  # start-up cost: numpy/scipy

        config = config_file(config, config_option)
        if config is not None:
            data = _coverage_from_config(config, threshold=threshold, products=products)
        else:

            if source is None:
                raise UsageError("coverage needs a config or --source categories.csv",
                                 hint="localize taxonomy coverage localize.yaml, or --source categories.csv --taxonomy FILE")
            data = coverage_from_files(source, taxonomy or "default", list(mapping or []), threshold=threshold)
    if as_json:
        print_json(data)
        return
    # start-up cost: the taxonomy modules load rapidfuzz/numpy (0.05–0.6 s)
    from ..taxonomy.coverage import render

    render(data, _echo)


def _coverage_from_config(config_path: Path, *, threshold: float | None, products: bool) -> dict[str, Any]:
    """Category and product coverage for a localize.yaml; the products are read here, not in the taxonomy package."""
    # start-up cost: the config, the readers and the taxonomy stack are imported by the command that needs them
    from ..config import load_config
    from ..errors import ConfigError
    from ..model import Reject
    from ..pipeline.source import Source
    from ..report import RunReport
    from ..taxonomy.coverage import coverage_from_context
    from ..taxonomy.map_context import from_config

    cfg = load_config(config_path)
    evidence = None
    if products:  # what each category holds, as the run's map stage reads it
        first = Source(cfg, RunReport(), logging.getLogger("localize.coverage"))
        evidence = ((p.categories, p.family) for items in first.batches(cfg.batch_size) for p in items
                    if not isinstance(p, Reject))
    tc = from_config(cfg, threshold=threshold, products=evidence)
    if tc is None:
        raise ConfigError(f"{config_path}: no `taxonomy` section", hint="add taxonomy: {path: taxonomies/default.yaml}")
    batches = None
    if products:
        source = Source(cfg, RunReport(), logging.getLogger("localize.coverage"))
        batches = ([p.categories for p in items if not isinstance(p, Reject)] for items in source.batches(cfg.batch_size))
    return coverage_from_context(tc, batches)


def validate_cmd(
    file: Annotated[Path, typer.Argument(help="A taxonomy YAML, a category mapping (YAML/CSV) or an attribute mapping (YAML).")],
    taxonomy: Annotated[str | None, typer.Option("--taxonomy", help="The taxonomy a mapping refers to (default: its `taxonomy:` key, else `default`).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a taxonomy or mapping file; every problem is listed with file and line (exit 1 when invalid)."""

    with handle_errors():
        # start-up cost: the taxonomy modules load rapidfuzz/numpy (0.05–0.6 s)
        from ..taxonomy.validate import validate_file

        try:
            result = validate_file(file, taxonomy)
        except TaxonomyError as exc:
            if as_json:
                print_json({"file": str(file), "valid": False, "problems": exc.problems or [exc.message]})
            else:

                err_console().print(f"[bold red]invalid:[/] {escape(str(exc))}")
            raise typer.Exit(int(ExitCode.FINDINGS)) from None
    if as_json:
        print_json({"file": str(file), "valid": True, **result})
    else:
        details = ", ".join(f"{v} {k}" for k, v in result.items() if isinstance(v, int))
        _echo(f"{file}: valid {result['kind']} ({details})")
