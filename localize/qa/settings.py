"""QA settings for one market: severities, terms, glossary, length limits, the channels' settings.

Built once from the `validate` section of `localize.yaml` and the market's own `validate`
section (the market wins), so every check reads plain Python data instead of config dicts.
A glossary can be given inline (`{source term: target term}`) or as a CSV/TSV/YAML file
with one column per locale (a row is one concept); only the columns of the language pair
being checked are used.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from .checks import all_checks, extension
from .model import OVERRIDES, Level

# Google's limits are the strictest common channel limits; used for the copy fields that
# become a Google title/description unless config says otherwise.
DEFAULT_LENGTH_LIMITS: dict[str, int] = {"name": 150, "title": 150, "description": 5000}

@dataclass(frozen=True)
class QASettings:
    """Everything a check may need besides the text itself, resolved for one market."""

    overrides: dict[str, str] = field(default_factory=dict)  # check code -> error|warning|off
    brands: frozenset[str] = frozenset()
    do_not_translate: tuple[str, ...] = ()
    glossary: tuple[Any, ...] = ()  # GlossaryTable or TranslationGlossary: anything with pairs(src, tgt)
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
class GlossaryTable:
    """A multilingual glossary: one dict per concept, locale -> term. `inline` has fixed columns."""

    rows: tuple[tuple[tuple[str, str], ...], ...]
    inline: bool = False  # inline tables map the source term to the market's target term

    def pairs(self, source_locale: str, target_locale: str) -> list[tuple[str, str]]:
        if self.inline:
            return [(dict(r)["source"], dict(r)["target"]) for r in self.rows]
        out = []
        for row in self.rows:
            terms = dict(row)
            src = _pick(terms, source_locale)
            tgt = _pick(terms, target_locale)
            if src and tgt:
                out.append((src, tgt))
        return out


def _pick(terms: Mapping[str, str], locale: str) -> str | None:
    """The term for `locale`: exact column (de-DE / de_DE), else the language column (de)."""
    norm = {k.replace("_", "-").lower(): v for k, v in terms.items() if v}
    tag = locale.replace("_", "-").lower()
    if tag in norm:
        return norm[tag]
    lang = tag.split("-")[0]
    if lang in norm:
        return norm[lang]
    for key, value in norm.items():  # de-AT column for a de-DE market, when nothing closer
        if key.split("-")[0] == lang:
            return value
    return None


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
    settings = build_settings(config.section("validate"), market.settings.get("validate"),
                              base_dir=config.base_dir, where="validate")
    translation = config.section("translation") if with_translation else {}
    if not translation.get("glossaries") and not translation.get("do_not_translate"):
        return settings
    from ..translate.glossary import load_glossaries

    glossaries = load_glossaries(translation.get("glossaries") or (), config.base_dir,
                                 translation.get("do_not_translate") or (),
                                 source_language=config.source.locale.split("_")[0])
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
    glossary: list[GlossaryTable] = []
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


def load_glossary(spec: Any, base: Path, where: str) -> GlossaryTable:
    """An inline mapping, or a CSV/TSV/YAML file with one column per locale."""
    if isinstance(spec, Mapping):
        rows = tuple((("source", str(k)), ("target", str(v))) for k, v in spec.items())
        return GlossaryTable(rows=rows, inline=True)
    path = Path(spec)
    path = (path if path.is_absolute() else base / path).resolve()
    if not path.is_file():
        raise ConfigError(f"{where}.glossary: file not found: {path}", hint="fix the path (relative to the config file)")
    stat = path.stat()
    # keyed by the file's size and time too: a process that runs twice (the API, a service)
    # reads a glossary again once it changed
    return _load_glossary_file(path, where, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _load_glossary_file(path: Path, where: str, size: int = 0, mtime_ns: int = 0) -> GlossaryTable:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        data = yaml.safe_load(text) or []
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ConfigError(
                f"{path}: a YAML glossary is a list of concepts, each a mapping locale -> term",
                hint="e.g. - {de-DE: Wanderschuh, en-US: hiking boot}",
            )
        rows = tuple(tuple((str(k), str(v)) for k, v in r.items() if v) for r in data)
        return GlossaryTable(rows=rows)
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.reader(text.splitlines(), dialect=dialect)
    header = next(reader, None)
    if not header:
        raise ConfigError(f"{path}: the glossary is empty", hint="the first row names the locales, e.g. de-DE,en-US")
    rows = tuple(tuple((h.strip(), c.strip()) for h, c in zip(header, row, strict=False) if c.strip()) for row in reader)
    return GlossaryTable(rows=rows)
