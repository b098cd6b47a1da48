"""Cost estimate: the characters a run would bill after memory hits, per market, against quota.

`localize estimate localize.yaml` (`localize.api.estimate`) and `localize run --dry-run` run the
pipeline up to the translate stage without calling the engine (only `get_usage`, for the remaining quota):
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
