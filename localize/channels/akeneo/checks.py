"""Akeneo import files: column names an Akeneo product import accepts, and values it can read.

Akeneo's CSV product import names columns `<attribute>[-<locale>][-<channel>]`, metric units
in `<attribute>-unit`, prices in `<attribute>-<CURRENCY>`, associations in
`<TYPE>-groups|products|product_models`, plus the fields sku (the identifier), family,
categories, groups, enabled and parent. With the attribute definitions (`source.attributes`
in the config), localizable and scopable attributes must carry their locale and channel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import list_currencies

from ...akeneo_units import is_known_unit
from ...attributes import AttributeInfo
from ...config import is_known_locale
from ...qa.check_context import CheckContext, FeedRecord
from ...qa.check_types import Example as E
from ...qa.check_types import Issue
from ...qa.checks import define, extend, register

AK = ("akeneo",)
FIELDS = frozenset({"sku", "identifier", "uuid", "family", "categories", "groups", "enabled", "parent", "family_variant"})
LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?_[A-Z]{2}$")
CODE_RE = re.compile(r"^[A-Za-z0-9_]+$")
ASSOCIATION_RE = re.compile(r"^[A-Za-z0-9_]+-(groups|products|product_models)(-quantity)?$")


@dataclass(frozen=True)
class Column:
    name: str
    attribute: str
    locale: str | None = None
    channel: str | None = None
    suffix: str | None = None  # "unit" or a currency code


def parse_column(name: str, attributes: Mapping[str, AttributeInfo] | None) -> Column | str:
    """A column's parts, or a message saying why Akeneo would not accept it."""
    if name in FIELDS:
        return Column(name, name)
    if ASSOCIATION_RE.match(name):
        return Column(name, name.split("-")[0], suffix="association")
    parts = name.split("-")
    code = parts[0]
    if not CODE_RE.match(code):
        return f"'{name}': '{code}' is not an attribute code (letters, digits and _ only)"
    rest = parts[1:]
    if len(rest) > 2:
        return f"'{name}' has too many parts (attribute-locale-channel at most)"
    attr = attributes.get(code) if attributes else None
    if attributes is not None and attr is None:
        return f"'{name}': the attribute '{code}' is not in attributes.csv"
    locale = channel = suffix = None
    for part in rest:
        if LOCALE_RE.match(part) and locale is None and channel is None:
            locale = part
        elif part == "unit" or (re.fullmatch(r"[A-Z]{3}", part) and suffix is None):
            suffix = part
        elif CODE_RE.match(part) and channel is None:
            channel = part
        else:
            return f"'{name}': cannot read '{part}' as a locale, channel, unit or currency"
    if locale and not _known_locale(locale):
        return f"'{name}': '{locale}' is not a known locale code"
    if suffix and suffix != "unit" and not _known_currency(suffix):
        return f"'{name}': '{suffix}' is not an ISO 4217 currency"
    if attr is not None and suffix is None:
        if attr.localizable and not locale:
            return f"'{name}': the attribute '{code}' is localizable, so the column needs a locale (e.g. {code}-en_US)"
        if not attr.localizable and locale:
            return f"'{name}': the attribute '{code}' is not localizable, so the column must not name a locale"
        if attr.scopable and not channel:
            return f"'{name}': the attribute '{code}' is scopable, so the column needs a channel"
        if not attr.scopable and channel:
            return f"'{name}': the attribute '{code}' is not scopable, so the column must not name a channel"
    return Column(name, code, locale, channel, suffix)


@lru_cache(maxsize=512)
def _known_locale(code: str) -> bool:
    return is_known_locale(code)


@lru_cache(maxsize=512)
def _known_currency(code: str) -> bool:
    return code in list_currencies()


define(
    "akeneo-columns",
    severity="error",
    kind="line",
    profiles=AK,
    group="akeneo",
    summary="The header is an Akeneo product import header: an identifier column (sku), unique column names of the "
            "form attribute[-locale][-channel], attribute-unit or attribute-CURRENCY, known locales and currencies, "
            "locale/channel as the attribute definitions require, and columns for the market's locale.",
    fix="Rename or remove the column named in the finding so Akeneo's import accepts it.",
    passes=(E(content="sku;family;name-de_DE;weight;weight-unit;price-EUR;enabled\nP1;boots;Stiefel;1.2;KILOGRAM;89.90;1\n",
              profile="akeneo"),),
    fails=(
        E(content="family;name-de_DE\nboots;Stiefel\n", profile="akeneo", note="no sku column"),
        E(content="sku;name-de_DE;name-de_DE\nP1;A;B\n", profile="akeneo", note="duplicate column"),
        E(content="sku;name-xx_XX\nP1;A\n", profile="akeneo", note="unknown locale"),
        E(content="sku;name-en_US\nP1;Boots\n", profile="akeneo", note="no column for the de_DE market"),
    ),
)


MODEL_FIELDS = frozenset({"code", "parent", "family_variant", "categories"})
PRODUCT_ONLY = frozenset({"sku", "identifier", "uuid", "family", "groups", "enabled"})


def is_model_header(header: list[str], identifier: str = "sku") -> bool:
    """A product-model import (`code;parent;family_variant;...`), not a product import."""
    return "code" in header and identifier not in header and ("family_variant" in header or "parent" in header)


def check_import_header(header: list[str], attributes: Mapping[str, AttributeInfo] | None, *, identifier: str = "sku",
                        models: bool = False) -> list[str]:
    """Why Akeneo's product (or product-model) import would refuse this header; [] when it accepts it.

    Columns are `attribute[-locale][-channel]` in that order, `attribute-unit`, `attribute-CURRENCY`,
    associations, and the import's own fields: a product import needs its identifier column, a
    product-model import `code` (and takes `parent`, `family_variant`, `categories`, no product fields)."""
    out = []
    key = "code" if models else identifier
    if key not in header:
        out.append(f"no identifier column '{key}': Akeneo needs it to match "
                   f"{'product models' if models else 'products'}")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            out.append(f"column '{name}' appears twice")
            continue
        seen.add(name)
        if models and name in MODEL_FIELDS:
            continue
        if models and name in PRODUCT_ONLY:
            out.append(f"'{name}' is a product field; a product-model import does not take it")
            continue
        parsed = parse_column(name, attributes)
        if isinstance(parsed, str):
            out.append(parsed)
            continue
        if parsed.suffix == "unit" and parsed.attribute not in {c.split("-")[0] for c in header if c != name}:
            out.append(f"'{name}' has no value column '{parsed.attribute}'")
    return out


def header_issues(header: list[str], ctx: CheckContext, identifier: str = "sku") -> Iterator[Issue]:
    """Problems of an Akeneo import header (called by the engine once per file)."""
    attributes = ctx.extra.get("akeneo_attributes")
    models = is_model_header(header, identifier)
    for message in check_import_header(header, attributes, identifier=identifier, models=models):
        field = next((n for n in header if f"'{n}'" in message), None)
        yield Issue(message, field=field or (None if "identifier" not in message else identifier))
    localized = any(isinstance(p := parse_column(n, attributes), Column) and p.locale == ctx.market.pim_locale
                    for n in header if not (models and n in MODEL_FIELDS))
    has_locales = any(isinstance(p := parse_column(n, attributes), Column) and p.locale for n in header
                      if not (models and n in MODEL_FIELDS))
    if has_locales and not localized:
        yield Issue(f"no column for the market's locale {ctx.market.pim_locale}: the import would change no "
                    "localized value of this market", field=None)


@register(
    "akeneo-values",
    severity="error",
    kind="record",
    profiles=AK,
    group="akeneo",
    summary="Values Akeneo's import can read: a non-empty identifier, enabled as 1 or 0, metric amounts as numbers "
            "with a known unit code, prices as numbers.",
    fix="Write numbers with a dot as decimal mark, Akeneo unit codes (KILOGRAM, CENTIMETER ...) in the -unit column, "
        "and 1/0 for enabled.",
    passes=(E(record={"sku": "P1", "enabled": "1", "weight": "1.2", "weight-unit": "KILOGRAM", "price-EUR": "89.90"},
              profile="akeneo"),),
    fails=(
        E(record={"sku": "P1", "enabled": "yes"}, profile="akeneo"),
        E(record={"sku": "P1", "weight": "1,2", "weight-unit": "KILOGRAM"}, profile="akeneo"),
        E(record={"sku": "P1", "weight": "1.2", "weight-unit": "kg"}, profile="akeneo"),
        E(record={"sku": "P1", "price-EUR": "89,90 €"}, profile="akeneo"),
        E(record={"sku": "", "name-de_DE": "Stiefel"}, profile="akeneo"),
    ),
)
def akeneo_values(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    identifier = ctx.extra.get("identifier_column", "sku")
    if identifier in fields and not str(fields.get(identifier) or "").strip():
        yield Issue("the identifier is empty", field=identifier)
    enabled = fields.get("enabled")
    if enabled not in (None, "", "0", "1"):
        yield Issue(f"enabled is '{enabled}'; Akeneo reads 1 or 0", field="enabled")
    for name, value in fields.items():
        if not isinstance(value, str) or not value:
            continue
        if name.endswith("-unit"):
            base = name[: -len("-unit")]
            amount = fields.get(base)
            if amount and not is_known_unit(value):
                yield Issue(f"'{value}' is not an Akeneo unit code (e.g. KILOGRAM, CENTIMETER)", field=name)
            continue
        suffix = name.rsplit("-", 1)[-1] if "-" in name else ""
        if f"{name}-unit" in fields:
            if not _is_number(value):
                yield Issue(f"'{value}' is not a number (use a dot as decimal mark)", field=name)
            elif not fields.get(f"{name}-unit"):
                yield Issue(f"'{value}' has no unit in '{name}-unit'", field=f"{name}-unit")
        elif re.fullmatch(r"[A-Z]{3}", suffix) and not _is_number(value):
            yield Issue(f"price '{value}' is not a number (use a dot as decimal mark, no currency sign)", field=name)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return "," not in text and text.strip() == text


# what `localize validate --profile akeneo` asks this channel for besides its checks
extend("akeneo", "is_model_header", is_model_header)
extend("akeneo", "header_issues", header_issues)
