"""What a check sees besides its input: the market, the settings, the locales and the field.

One context object per file is reused for every pair and record (the engine sets the
per-field attributes), because building an object per field of 100k records shows up in
the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from typing import Any

from ..locale import language_of
from ..model import Market
from .settings import QASettings


@dataclass(slots=True)
class FeedRecord:
    """One record of a feed as the checks see it, whatever the file format.

    `fields` holds the record's values as read (a JSONL line's dict, a TSV row's cells, an
    RSS item's elements, an XLIFF unit's attributes). `pairs` are the (field, source, target)
    text pairs the translation checks run on; `codes` the inline codes of XLIFF segments.
    """

    line: int
    identifier: str | None
    fields: dict[str, Any]
    pairs: list[tuple[str, str | None, str | None]] = dc_field(default_factory=list)
    source_locale: str | None = None
    target_locale: str | None = None
    codes: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = dc_field(default_factory=dict)
    status: dict[str, str] = dc_field(default_factory=dict)
    field_lines: dict[str, int] = dc_field(default_factory=dict)


@dataclass(slots=True)
class CheckContext:
    """Market, settings and the current field; shared by the record and pair checks of one file."""

    market: Market
    settings: QASettings
    profile: str
    file: str
    source_locale: str = ""
    target_locale: str = ""
    field: str | None = None
    record: FeedRecord | None = None
    limit: int | None = None
    extra: dict[str, Any] = dc_field(default_factory=dict)  # per-file facts (e.g. the RSS channel language)
    cache: dict[Any, Any] = dc_field(default_factory=dict)  # per-file memo for checks (compiled term patterns)

    @property
    def source_language(self) -> str:
        return _language_of(self.source_locale)

    @property
    def target_language(self) -> str:
        return _language_of(self.target_locale or self.market.locale)


#: `language_of`, remembered: the checks ask for a pair's languages on every pair (a run has a few locales)
_language_of = lru_cache(maxsize=256)(language_of)
