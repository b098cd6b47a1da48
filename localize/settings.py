"""The run's settings, typed and built ONCE from the validated config (like dbt's runtime config).

`config.load_config` validates `localize.yaml` against its schema and resolves it; `Settings.from_raw`
then turns each section into a frozen dataclass a stage or command reads by name
(`config.settings.outputs.keep`, `config.settings.review.fail_on`), instead of each reader picking keys
out of a dict with its own defaults. Sections whose keys a capability owns and parses itself (units,
prices, rules, taxonomy, validate, the engine options of translation) keep their mapping in `raw`
(a copy), so the capability stays the one place that knows them.

The translation engine is chosen here, once: `--engine`, else `translation.engine`, else `deepl` when
DEEPL_AUTH_KEY is set and `memory` otherwise (so a fresh checkout and `make demo` run offline). The key
itself is never stored in a setting: `deepl_key()` reads it when the engine is built.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KEY_ENV = "DEEPL_AUTH_KEY"


def deepl_key(environ: Mapping[str, str] | None = None) -> str:
    """The DeepL key from the environment ('' when unset). Never log or store what it returns."""
    return (os.environ if environ is None else environ).get(KEY_ENV, "")


def choose_engine(override: str | None, configured: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The engine name: `--engine`, else `translation.engine`, else deepl with a key and memory without."""
    return override or configured or ("deepl" if deepl_key(environ) else "memory")


def _section(raw: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name)
    return dict(value) if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Section:
    """A section a capability parses itself (its builder takes the mapping)."""

    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TranslationSection:
    """`translation:`: the configured engine, and the keys the record builder needs before any stage.
    The translate capability reads the rest (`raw`) into its own `TranslationSettings`."""

    engine: str | None = None
    language_neutral: tuple[str, ...] = ()
    attributes: tuple[str, ...] | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def engine_for(self, override: str | None = None) -> str:
        """The engine this run uses (see `choose_engine`)."""
        return choose_engine(override, self.engine)


@dataclass(frozen=True)
class OutputSettings:
    """`outputs:` besides the folder and formats (those are on `Config`)."""

    exclude: tuple[str, ...] = ()
    allow_empty: bool = False
    keep: int = 2
    markup: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewSettings:
    """`review:`: what holds a record back, and the decision store's options (`raw`)."""

    fail_on: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """Every section of the config, typed; built once per config (`Config.settings`)."""

    translation: TranslationSection = field(default_factory=TranslationSection)
    outputs: OutputSettings = field(default_factory=OutputSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    units: Section = field(default_factory=Section)
    prices: Section = field(default_factory=Section)
    rules: Section = field(default_factory=Section)
    taxonomy: Section = field(default_factory=Section)
    validate: Section = field(default_factory=Section)

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> Settings:
        """The typed settings of a validated config's mapping (defaults as the schema documents them)."""
        translation = _section(raw, "translation")
        outputs = _section(raw, "outputs")
        review = _section(raw, "review")
        attributes = translation.get("attributes")
        markup = outputs.get("markup")
        return cls(
            translation=TranslationSection(
                engine=translation.get("engine") or None,
                language_neutral=tuple(translation.get("language_neutral") or ()),
                attributes=tuple(attributes) if attributes is not None else None,
                raw=translation,
            ),
            outputs=OutputSettings(
                exclude=tuple(outputs.get("exclude") or ()),
                allow_empty=bool(outputs.get("allow_empty")),
                keep=int(outputs.get("keep", 2)),
                markup=dict(markup) if isinstance(markup, dict) else {},
            ),
            review=ReviewSettings(fail_on=tuple(review.get("fail_on", ())), raw=review),
            units=Section(_section(raw, "units")),
            prices=Section(_section(raw, "prices")),
            rules=Section(_section(raw, "rules")),
            taxonomy=Section(_section(raw, "taxonomy")),
            validate=Section(_section(raw, "validate")),
        )
