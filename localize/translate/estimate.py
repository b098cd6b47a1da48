"""Cost estimate: the characters a run would bill after memory hits, per market, against quota.

`localize estimate localize.yaml` and `localize run --dry-run` run the pipeline up to the
translate stage without calling the engine (only `get_usage`, for the remaining quota):
the stage resolves memory and glossary hits and deduplicates exactly as a real run would,
then counts what it would send. The figure is what DeepL would bill, not a guess from
field lengths: a value already in memory or shared by two markets costs nothing extra.
"""

from __future__ import annotations

from typing import Any


def estimate_section(stats: Any, usage: Any, budget: int | None) -> dict[str, Any]:
    """The `estimate` part of the translation report section (see `TranslateStage`)."""
    total = sum(stats.estimate.values())
    remaining = usage.remaining if usage is not None else None
    return {
        "characters": total,
        "markets": dict(sorted(stats.estimate.items())),
        "segments_to_send": stats.unique,
        "from_memory": stats.from_memory + stats.glossary,
        "quota_remaining": remaining,
        "fits_quota": None if remaining is None else total <= remaining,
        "max_characters": budget,
        "fits_budget": None if budget is None else total <= budget,
    }


def estimate(config: Any, *, engine: str | None = None, markets: tuple[str, ...] = (), limit: int | None = None) -> dict[str, Any]:
    """Run the pipeline in dry-run mode and return the translation estimate.

    This is what `localize estimate` calls; `localize run --dry-run` gets the same figures from
    `report.sections["translation"]["estimate"]` (the translate stage fills it when
    `RunOptions.dry_run` is set).
    """
    from .. import api
    from ..stages.base import RunOptions

    # An estimate is about what DeepL would bill: without --engine it counts as DeepL (offline
    # without a key: same memory keys and grouping, no quota figure).
    report = api.run(config, RunOptions(limit=limit, markets=markets, engine=engine or "deepl", dry_run=True))
    section = report.sections.get("translation") or {}
    result = dict(section.get("estimate") or {})
    result["engine"] = section.get("engine")
    result["segments"] = section.get("segments", 0)
    return result


def render_estimate(data: dict[str, Any], console: Any) -> None:
    """A short table for people: characters per market, total, quota and budget."""
    from rich.table import Table

    table = Table(title="translation estimate (characters to bill after memory)", title_justify="left", show_edge=False)
    table.add_column("market")
    table.add_column("characters", justify="right")
    for market, chars in (data.get("markets") or {}).items():
        table.add_row(market, f"{chars:,}")
    table.add_row("total", f"{data.get('characters', 0):,}")
    console.print(table)
    remaining = data.get("quota_remaining")
    if remaining is not None:
        verdict = "fits" if data.get("fits_quota") else "does NOT fit"
        console.print(f"DeepL quota remaining: {remaining:,} characters; this run {verdict}", highlight=False)
    elif data.get("engine") != "deepl":
        console.print(f"engine {data.get('engine')}: nothing is billed", highlight=False)
    budget = data.get("max_characters")
    if budget is not None:
        verdict = "fits" if data.get("fits_budget") else "exceeds it: the run stops there and resumes next time"
        console.print(f"budget (translation.max_characters): {budget:,}; this run {verdict}", highlight=False)
