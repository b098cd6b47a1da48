"""The `translation:` section of `localize.yaml`, resolved (defaults, paths, engine choice).

The engine choice is settled by `localize.settings.choose_engine` (the one place that reads
DEEPL_AUTH_KEY).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Market
from ..settings import choose_engine
from .field_context import DEFAULT_CONTEXT, GRANULARITIES

DEFAULT_TITLES = ("name", "title", "product_name", "short_name", "meta_title", "seo_title")
FORMALITY = {"more": "prefer_more", "less": "prefer_less", "prefer_more": "prefer_more",
              "prefer_less": "prefer_less", "default": None, None: None}


@dataclass(frozen=True)
class TranslationSettings:
    engine: str
    raw: dict[str, Any]
    attributes: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    titles: tuple[str, ...] = DEFAULT_TITLES
    glossaries: tuple[Any, ...] = ()
    do_not_translate: tuple[str, ...] = ()
    memory_files: tuple[Path, ...] = ()
    max_characters: int | None = None
    requests_in_flight: int = 4
    batch_retries: int = 2
    retry_backoff: float = 1.0
    context: str = DEFAULT_CONTEXT
    hold_records: int = 5000
    formality: str | None = None
    preflight: bool = True
    deadline: float = 21600.0

    @classmethod
    def from_config(cls, config: Any, engine_override: str | None = None) -> TranslationSettings:
        section = config.settings.translation.raw if config is not None else {}
        base = config.base_dir if config is not None else Path.cwd()
        engine = choose_engine(engine_override, section.get("engine"))
        attributes = section.get("attributes")
        return cls(
            engine=engine,
            raw=dict(section),
            attributes=tuple(attributes) if attributes else None,
            exclude=tuple(section.get("exclude") or ()),
            titles=tuple(section.get("titles") or DEFAULT_TITLES),
            glossaries=tuple(section.get("glossaries") or ()),
            do_not_translate=tuple(str(t) for t in section.get("do_not_translate") or ()),
            memory_files=tuple(_resolve(base, p) for p in section.get("memory_files") or ()),
            max_characters=section.get("max_characters"),
            requests_in_flight=int(section.get("requests_in_flight", 4)),
            batch_retries=int(section.get("batch_retries", 2)),
            retry_backoff=float(section.get("retry_backoff", 1.0)),
            context=context_granularity(section.get("context", DEFAULT_CONTEXT)),
            hold_records=int(section.get("hold_records", 5000)),
            formality=section.get("formality"),
            preflight=bool(section.get("preflight", True)),
            deadline=float(section.get("deadline", 21600.0)),
        )

    def market_section(self, market: Market) -> dict[str, Any]:
        value = market.settings.get("translation") or {}
        return value if isinstance(value, dict) else {}

    def excluded(self, market: Market) -> set[str]:
        return {a.casefold() for a in (*self.exclude, *(self.market_section(market).get("exclude") or ()))}

    def formality_for(self, market: Market) -> str | None:
        """The formality sent for a market, always as `prefer_*` so no request fails on a
        language without formality (English, Chinese ...)."""
        value = self.market_section(market).get("formality") or market.settings.get("formality") or self.formality
        return FORMALITY.get(value)


def context_granularity(value: Any) -> str:
    """`translation.context` as a granularity; `true`/`false` (the older form) mean the default/`none`."""
    if value is True:
        return DEFAULT_CONTEXT
    if value is False or value is None:
        return "none"
    if value in GRANULARITIES:
        return str(value)
    raise ConfigError(f"translation.context: {value!r} is not a context setting",
                      hint="use " + ", ".join(GRANULARITIES) + " (or true/false)")


def _resolve(base: Path, path: str) -> Path:
    p = Path(path).expanduser()
    return p if p.is_absolute() else base / p
