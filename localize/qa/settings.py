"""QA settings for one market: severities, terms, glossary, length limits, the channels' settings.

Built once from the `validate` section of `localize.yaml` and the market's own `validate`
section (the market wins), so every check reads plain Python data instead of config dicts.
A glossary can be given inline (`{source term: target term}`) or as a file in the format of
`translation.glossaries`, read by the same reader (`translate.glossary`): a concept table
with one column per locale (a row is one concept), or a per-language-pair YAML/CSV file;
only the terms of the language pair being checked are used.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..locale import language_of
from ..translate.glossary import load_glossaries
from .check_types import OVERRIDES, Level
from .checks import all_checks, extension

# Google's limits are the strictest common channel limits; used for the copy fields that
# become a Google title/description unless config says otherwise.
DEFAULT_LENGTH_LIMITS: dict[str, int] = {"name": 150, "title": 150, "description": 5000}

@dataclass(frozen=True)
class QASettings:
    """Everything a check may need besides the text itself, resolved for one market."""

    overrides: dict[str, str] = field(default_factory=dict)  # check code -> error|warning|off
    brands: frozenset[str] = frozenset()
    do_not_translate: tuple[str, ...] = ()
    glossary: tuple[Any, ...] = ()  # InlineGlossary or TranslationGlossary: anything with pairs(src, tgt)
    length_limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LENGTH_LIMITS))
    max_findings: int | None = None
    # the Google Merchant channel's settings (`channels.google_merchant.settings`): parsed by the
    # channel from `validate.google_merchant`, read by its checks; qa does not know their shape
    google_merchant: Any = field(default_factory=lambda: channel_settings("google-merchant"))

    def level(self, code: str, default: Level) -> str:
        """The effective level of a check: its override, else its default."""
        return self.overrides.get(code, default)

    def glossary_pairs(self, source_locale: str, target_locale: str) -> tuple[tuple[str, str], ...]:
        """(source term, target term) pairs for this language pair, from every glossary."""
        out: list[tuple[str, str]] = []
        for table in self.glossary:
            out.extend(table.pairs(source_locale, target_locale))
        return tuple(out)


@dataclass(frozen=True)
class InlineGlossary:
    """A market's inline `glossary: {source term: target term}`: the market's own pairs, whatever the locales."""

    terms: tuple[tuple[str, str], ...]

    def pairs(self, source_locale: str, target_locale: str) -> list[tuple[str, str]]:
        return list(self.terms)


@dataclass(frozen=True)
class TranslationGlossary:
    """The translation section's glossaries (`translation.glossaries`), as the QA checks read them:
    the terms the engine was told to use are the terms the target must contain."""

    glossaries: Any

    def pairs(self, source_locale: str, target_locale: str) -> list[tuple[str, str]]:
        return list(self.glossaries.terms(source_locale, target_locale).items())


def settings_from_config(config: Any, market: Any, *, with_translation: bool = True) -> QASettings:
    """The QA settings of one market of a project: `validate`, the market's `validate`, and the
    do-not-translate terms and glossaries of `translation` (the same terms the engine used)."""
    settings = build_settings(config.settings.validate.raw, market.settings.get("validate"),
                              base_dir=config.base_dir, where="validate")
    translation = config.settings.translation.raw if with_translation else {}
    if not translation.get("glossaries") and not translation.get("do_not_translate"):
        return settings
    glossaries = load_glossaries(translation.get("glossaries") or (), config.base_dir,
                                 translation.get("do_not_translate") or (),
                                 source_language=language_of(config.source.locale))
    dnt = tuple(dict.fromkeys([*settings.do_not_translate, *glossaries.do_not_translate]))
    tables = settings.glossary + ((TranslationGlossary(glossaries),) if any(glossaries.pairs.values()) else ())
    return replace(settings, do_not_translate=dnt, glossary=tables)


def known_codes() -> list[str]:
    return sorted(all_checks())


def build_settings(
    section: Mapping[str, Any] | None,
    market_section: Mapping[str, Any] | None = None,
    *,
    base_dir: Path | None = None,
    where: str = "validate",
) -> QASettings:
    """Resolve the config sections into settings; unknown check codes are config errors."""
    section = dict(section or {})
    market_section = dict(market_section or {})
    base = base_dir or Path.cwd()
    overrides = dict(section.get("checks") or {})
    overrides.update(market_section.get("checks") or {})
    # YAML 1.1 reads a bare `off` as false: accept it as the `off` the user wrote
    overrides = {code: ("off" if level is False else level) for code, level in overrides.items()}
    _check_overrides(overrides, where)
    brands = set(section.get("brands") or ()) | set(market_section.get("brands") or ())
    dnt = list(dict.fromkeys([*(section.get("do_not_translate") or ()), *(market_section.get("do_not_translate") or ())]))
    glossary: list[InlineGlossary | TranslationGlossary] = []
    for spec, label in ((section.get("glossary"), where), (market_section.get("glossary"), f"{where} (market)")):
        if spec:
            glossary.append(load_glossary(spec, base, label))
    limits = dict(DEFAULT_LENGTH_LIMITS)
    for src in (section.get("length_limits") or {}, market_section.get("length_limits") or {}):
        for key, value in src.items():
            if value in (None, 0):
                limits.pop(key, None)
            else:
                limits[key] = int(value)
    gm = channel_settings("google-merchant", section.get("google_merchant"), market_section.get("google_merchant"),
                          where, base)
    max_findings = market_section.get("max_findings", section.get("max_findings"))
    return QASettings(
        overrides=overrides,
        brands=frozenset(brands),
        do_not_translate=tuple(dnt),
        glossary=tuple(glossary),
        length_limits=limits,
        max_findings=int(max_findings) if max_findings is not None else None,
        google_merchant=gm,
    )


def channel_settings(profile: str, top: Mapping[str, Any] | None = None, market: Mapping[str, Any] | None = None,
                     where: str = "validate", base: Path | None = None) -> Any:
    """An output channel's settings from its config section and the market's (the market wins),
    parsed by the channel (`extension(profile, "settings")`, registered with its checks)."""
    parse = extension(profile, "settings")
    return parse(top or {}, market or {}, where, base or Path.cwd())


def _check_overrides(overrides: Mapping[str, Any], where: str) -> None:
    codes = known_codes()
    problems = []
    for code, level in overrides.items():
        if code not in codes:
            close = difflib.get_close_matches(str(code), codes, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"{where}.checks.{code}: unknown check{hint}")
        elif level not in OVERRIDES:
            problems.append(f"{where}.checks.{code}: {level!r} is not one of error, warning, off")
    if problems:
        raise ConfigError(
            f"{where}: {len(problems)} problem(s) in the check settings",
            problems,
            hint="`localize validate --list-checks` lists every check code",
        )


def load_glossary(spec: Any, base: Path, where: str) -> InlineGlossary | TranslationGlossary:
    """An inline mapping, or a glossary file in the format of `translation.glossaries` (read by
    `translate.glossary.load_glossaries`: a concept table with one column per locale, or a
    per-language-pair YAML/CSV file)."""
    if isinstance(spec, Mapping):
        return InlineGlossary(tuple((str(k), str(v)) for k, v in spec.items()))
    path = Path(spec)
    path = (path if path.is_absolute() else base / path).resolve()
    if not path.is_file():
        raise ConfigError(f"{where}.glossary: file not found: {path}", hint="fix the path (relative to the config file)")
    return TranslationGlossary(load_glossaries([path], base, where=f"{where}.glossary"))
