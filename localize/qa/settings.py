"""QA settings for one market: severities, terms, glossary, length limits, Google Merchant fields.

Built once from the `validate` section of `localize.yaml` and the market's own `validate`
section (the market wins), so every check reads plain Python data instead of config dicts.
A glossary can be given inline (`{source term: target term}`) or as a file in the format of
`translation.glossaries`, read by the same reader (`translate.glossary`): a concept table
with one column per locale (a row is one concept), or a per-language-pair YAML/CSV file;
only the terms of the language pair being checked are used.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..codes import CodeMap
from ..errors import ConfigError
from ..locale import language_of
from ..translate.glossary import load_glossaries
from .check_types import OVERRIDES, Level

# Google's limits are the strictest common channel limits; used for the copy fields that
# become a Google title/description unless config says otherwise.
DEFAULT_LENGTH_LIMITS: dict[str, int] = {"name": 150, "title": 150, "description": 5000}

# Google Merchant attribute -> candidate attribute codes in our records, first present wins.
DEFAULT_GM_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "product_name"),
    "description": ("description", "short_description", "long_description"),
    "brand": ("brand", "manufacturer", "camera_brand"),
    "gtin": ("gtin", "ean", "ean13", "upc", "isbn"),
    "mpn": ("mpn", "manufacturer_part_number", "part_number"),
    "color": ("color", "colour", "main_color"),
    "size": ("size", "clothing_size", "shoe_size"),
    "material": ("material", "materials", "tshirt_materials", "container_material"),
    "pattern": ("pattern",),
    "gender": ("gender",),
    "age_group": ("age_group",),
    "availability": ("availability",),
    "condition": ("condition",),
    "price": ("price",),
    "sale_price": ("sale_price",),
    "shipping_weight": ("shipping_weight", "weight"),
    "image": ("image", "picture", "main_image", "image_1"),
}


@dataclass(frozen=True)
class UnitPricingSettings:
    """How the Google writers fill unit_pricing_measure / unit_pricing_base_measure
    (`validate.google_merchant.unit_pricing`; a market's section is merged over it)."""

    write: str = "all"  # all | required (only where the country requires unit prices) | never
    attributes: tuple[str, ...] = ()  # attributes that hold the net content (empty: found by name)
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> attributes; () = not by measure
    base_measure: dict[str, str] = field(default_factory=dict)  # dimension (mass, volume, length, area) -> `100 g`


@dataclass(frozen=True)
class GoogleMerchantSettings:
    """How our records become Google Merchant items (used by the writers and the checks)."""

    link: str | None = None  # URL template, e.g. https://shop.example/{language}/p/{identifier}
    image_link: str | None = None  # URL template, e.g. https://cdn.example/{image}
    fields: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_GM_FIELDS))
    availability: str = "in_stock"
    condition: str = "new"
    file: str = "google-{market}"  # output file stem; .tsv / .xml added by the writer
    title: str | None = None  # the RSS channel title; default "<project> <market>"
    unit_pricing_countries: frozenset[str] | None = None  # None = the built-in list
    google_taxonomy: bool | None = None  # the shared taxonomy is Google's (None: ask the loaded taxonomy)
    category_map: dict[str, str] = field(default_factory=dict)  # shared taxonomy id -> Google category id
    unit_pricing: UnitPricingSettings = field(default_factory=UnitPricingSettings)
    bullet: str = "• "  # starts a list item in plain-text descriptions
    # from the run (resolve_settings): attribute -> Akeneo metric family, the attributes whose code or
    # label names the net content, and the shared taxonomy's source (google, localize, shopify ...)
    families: dict[str, str] = field(default_factory=dict)
    net_content: tuple[str, ...] = ()
    taxonomy_source: str | None = None


@dataclass(frozen=True)
class QASettings:
    """Everything a check may need besides the text itself, resolved for one market."""

    overrides: dict[str, str] = field(default_factory=dict)  # check code -> error|warning|off
    brands: frozenset[str] = frozenset()
    do_not_translate: tuple[str, ...] = ()
    glossary: tuple[Any, ...] = ()  # InlineGlossary or TranslationGlossary: anything with pairs(src, tgt)
    length_limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LENGTH_LIMITS))
    max_findings: int | None = None
    google_merchant: GoogleMerchantSettings = field(default_factory=GoogleMerchantSettings)

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
    from .checks import all_checks

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
    gm = _gm_settings(section.get("google_merchant") or {}, market_section.get("google_merchant") or {}, where, base)
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


TEMPLATE_FIELDS = ("identifier", "parent", "market", "locale", "language", "country", "currency", "image")
_TEMPLATE_KEY = re.compile(r"\{([^{}]*)\}")


def check_template(template: str, where: str) -> None:
    """A URL template may only use the documented fields; say which one is wrong."""
    for key in _TEMPLATE_KEY.findall(template):
        name = key.split(":")[0]
        if name not in TEMPLATE_FIELDS and not name.startswith("values."):
            raise ConfigError(
                f"{where}: unknown field {{{key}}} in URL template {template!r}",
                hint=f"use {', '.join('{' + f + '}' for f in TEMPLATE_FIELDS)} or {{values.<attribute>}}",
            )


def _gm_settings(top: Mapping[str, Any], market: Mapping[str, Any], where: str, base: Path) -> GoogleMerchantSettings:
    merged = {**top, **market}
    fields = dict(DEFAULT_GM_FIELDS)
    for src in (top.get("fields") or {}, market.get("fields") or {}):
        for key, value in src.items():
            fields[key] = (value,) if isinstance(value, str) else tuple(value)
    for key in ("link", "image_link"):
        if merged.get(key):
            check_template(merged[key], f"{where}.google_merchant.{key}")
    countries = merged.get("unit_pricing_countries")
    category_map = merged.get("category_map") or {}
    if isinstance(category_map, str):
        category_map = _load_category_map(Path(category_map) if Path(category_map).is_absolute()
                                          else base / category_map, where)
    return GoogleMerchantSettings(
        link=merged.get("link"),
        image_link=merged.get("image_link"),
        fields=fields,
        availability=merged.get("availability", "in_stock"),
        condition=merged.get("condition", "new"),
        file=merged.get("file", "google-{market}"),
        title=merged.get("title"),
        unit_pricing_countries=frozenset(countries) if countries is not None else None,
        google_taxonomy=merged.get("google_taxonomy"),
        category_map={str(k): str(v) for k, v in category_map.items()},
        bullet=merged.get("bullet", "• "),
        unit_pricing=_unit_pricing(top.get("unit_pricing") or {}, market.get("unit_pricing") or {},
                                   f"{where}.google_merchant.unit_pricing"),
    )


DIMENSIONS = ("mass", "volume", "length", "area")


def _unit_pricing(top: Mapping[str, Any], market: Mapping[str, Any], where: str) -> UnitPricingSettings:
    """The unit pricing settings: the market's keys win; `categories` and `base_measure` merge by key."""
    from ..writers.google_measures import GOOGLE_UNITS, base_problem, parse_measure

    merged = {**top, **market}
    categories: CodeMap[tuple[str, ...]] = CodeMap()  # PIM category codes are case-insensitive
    for src in (top.get("categories") or {}, market.get("categories") or {}):
        for key, value in src.items():
            if value is False or value is None:
                categories[str(key)] = ()
            else:
                categories[str(key)] = (value,) if isinstance(value, str) else tuple(value)
    base: dict[str, str] = {}
    for src in (top.get("base_measure") or {}, market.get("base_measure") or {}):
        for dimension, text in src.items():
            text = str(text).strip()
            problem = base_problem(text)
            if problem:
                raise ConfigError(f"{where}.base_measure.{dimension}: '{text}' {problem}",
                                  hint="e.g. base_measure: {mass: 100 g, volume: 100 ml}")
            measure = parse_measure(text)
            if measure is not None and GOOGLE_UNITS[measure.unit][0] != dimension:
                raise ConfigError(f"{where}.base_measure.{dimension}: '{text}' is not a {dimension} unit",
                                  hint=f"use a {dimension} unit of Google's list")
            base[dimension] = text
    attributes = merged.get("attributes") or ()
    return UnitPricingSettings(
        write=merged.get("write", "all"),
        attributes=(attributes,) if isinstance(attributes, str) else tuple(attributes),
        categories=categories,
        base_measure=base,
    )


def _load_category_map(path: Path, where: str) -> dict[str, str]:
    """A two-column CSV/TSV (shared taxonomy id, Google category id) or a YAML mapping."""
    if not path.is_file():
        raise ConfigError(f"{where}.google_merchant.category_map: file not found: {path}",
                          hint="fix the path (relative to the config file)")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text) or {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: a category map is a mapping of shared id -> Google category id")
        return {str(k): str(v) for k, v in data.items()}
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] else "excel"
    rows = list(csv.reader(text.splitlines(), dialect=dialect))
    if rows and not any(c.strip().isdigit() for c in rows[0][1:2]):
        rows = rows[1:]  # a header row
    return {r[0].strip(): r[1].strip() for r in rows if len(r) >= 2 and r[0].strip() and r[1].strip()}


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
