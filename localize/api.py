"""The library API the CLI calls: build a config, run the job, get a RunReport back.

    from localize.api import run
    from localize.config import load_config
    report = run(load_config("localize.yaml"))
    assert report.balanced()
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import Config, config_from_dict, load_config
from .errors import UsageError
from .execution import pipeline_class
from .log import get_logger
from .report import RunReport
from .stages.base import RunOptions

__all__ = ["run", "estimate", "build_config", "RunOptions", "RunReport"]


def run(config: Config, options: RunOptions | None = None) -> RunReport:
    """Run the whole job for `config`; returns the report (exit code inside)."""
    return pipeline_class(config, options)(config, options, get_logger("run")).run()


def estimate(config: Config, *, engine: str | None = None, markets: tuple[str, ...] = (), limit: int | None = None) -> dict[str, Any]:
    """Run the pipeline in dry-run mode and return the translation estimate (what DeepL would bill).

    This is what `localize estimate` calls; `localize run --dry-run` gets the same figures from
    `report.sections["translation"]["estimate"]` (the translate stage fills it when
    `RunOptions.dry_run` is set).
    """
    # An estimate is about what DeepL would bill: without --engine it counts as DeepL (offline
    # without a key: same memory keys and grouping, no quota figure).
    report = run(config, RunOptions(limit=limit, markets=markets, engine=engine or "deepl", dry_run=True))
    section = report.sections.get("translation") or {}
    result = dict(section.get("estimate") or {})
    result["engine"] = section.get("engine")
    result["segments"] = section.get("segments", 0)
    return result


def build_config(
    *,
    config: Path | None = None,
    sources: list[Path] | None = None,
    source_format: str = "akeneo-csv",
    source_locale: str | None = None,
    channel: str | None = None,
    identifier: str | None = None,
    markets: list[str] | None = None,
    source_currency: str | None = None,
    out: Path | None = None,
    formats: list[str] | None = None,
    allow_outside: bool = False,
) -> Config:
    """A Config from a file, or from command-line flags for a quick run without one.

    With a config file, `--source`, `--out` and `--format` override its values; `--market`
    selects among its markets (handled by the pipeline).
    """
    sources = sources or []
    if config is not None:
        overrides: dict[str, Any] = {}
        if sources:
            overrides.setdefault("source", {})["path"] = [str(p.resolve()) for p in sources]
        if out is not None:
            overrides.setdefault("outputs", {})["dir"] = str(out.resolve())
        if formats:
            overrides.setdefault("outputs", {})["formats"] = list(formats)
        if source_locale:
            overrides.setdefault("source", {})["locale"] = source_locale
        if channel:
            overrides.setdefault("source", {})["channel"] = channel
        if source_currency:
            overrides.setdefault("source", {})["currency"] = source_currency
        if identifier:
            overrides.setdefault("source", {})["identifier"] = identifier
        if allow_outside:
            overrides["allow_outside"] = True
        # Paths given on the command line are the caller's own choice: not confined to the config's folder.
        trusted = tuple(overrides.get("source", {}).get("path", [])) + (
            (overrides["outputs"]["dir"],) if "dir" in overrides.get("outputs", {}) else ())
        return load_config(config, overrides or None, trusted=trusted)
    if not sources:
        raise UsageError("nothing to run: give a config file, or --source FILE with --source-locale and --market",
                         hint="localize run localize.yaml, or localize run --source products.csv --source-locale de_DE --market en-US")
    if not source_locale:
        raise UsageError("--source-locale is required without a config file", hint="e.g. --source-locale de_DE")
    if not markets:
        raise UsageError("at least one --market is required without a config file", hint="e.g. --market en-US --market fr-FR")
    data: dict[str, Any] = {
        "source": {"format": source_format, "path": [str(p) for p in sources], "locale": source_locale},
        "markets": [{"locale": m} for m in markets],
        "outputs": {"dir": str(out or Path("out")), "formats": list(formats or ["jsonl"])},
        # State beside the output folder, as with a config file's defaults (`out/` and `.localize/`).
        "state": str((out or Path("out")).parent / ".localize"),
    }
    if channel:
        data["source"]["channel"] = channel
    if source_currency:
        data["source"]["currency"] = source_currency
    if identifier:
        data["source"]["identifier"] = identifier
    return config_from_dict(data, base_dir=Path.cwd())
