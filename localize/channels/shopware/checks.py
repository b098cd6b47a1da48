"""`localize validate --profile shopware`: what Shopware's product import accepts (see `format`).

The header needs `id` or `product_number` (to find the product) and otherwise only
`translations.<locale>.<field>` columns of translatable product fields, for the market's locale
(and the cover image's `cover_media_id` with `cover.media.translations.<locale>.alt|title`);
each row needs a key (an id of 32 hex digits, a product number of at most 64 characters) and copy
within the lengths Shopware's product translation enforces (name, metaTitle, metaDescription:
255 characters; the cover's title 255), and cover copy only with the cover's media id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import LocalizedRecord
from ...qa.check_context import CheckContext, FeedRecord
from ...qa.check_types import Example as E
from ...qa.check_types import Issue
from ...qa.checks import define, extend, register
from ...qa.profiles import ShopCsv
from .format import (
    COLUMN_RE,
    COVER_COLUMN_RE,
    COVER_FIELDS,
    COVER_ID,
    COVER_LIMITS,
    FIELDS,
    ID_RE,
    KEY_COLUMNS,
    LIMITS,
    PRODUCT_NUMBER_MAX,
    TRANSLATABLE,
    column,
    cover_column,
    shopware_locale,
)
from .writer import import_cells

SW = ("shopware",)
RUN_ATTRIBUTE = "\x00attribute:"  # in a run: column -> the record's attribute (findings name it)
ID = "0123456789abcdef0123456789abcdef"
COVER_MEDIA_FIELDS = tuple(f for _a, f in COVER_FIELDS)


def header_issues(header: list[str], ctx: CheckContext) -> Iterator[Issue]:
    if not any(k in header for k in KEY_COLUMNS):
        yield Issue("no id or product_number column: Shopware cannot tell which product a row updates", field=None)
    seen: set[str] = set()
    locale = shopware_locale(ctx.market)
    localized = False
    for name in header:
        if name in seen:
            yield Issue(f"column '{name}' appears twice", field=name)
        seen.add(name)
        if name in KEY_COLUMNS or name == COVER_ID:
            continue
        match = COLUMN_RE.match(name)
        cover = COVER_COLUMN_RE.match(name) if match is None else None
        if match is None and cover is None:
            yield Issue(f"'{name}' is not a column we write (id, product_number, translations.<locale>.<field>, "
                        f"{COVER_ID}, cover.media.translations.<locale>.alt|title)", field=name)
            continue
        if cover is not None:
            match = cover
            if match["field"] not in COVER_MEDIA_FIELDS:
                yield Issue(f"'{name}': '{match['field']}' is not a translatable field of the cover image "
                            f"({', '.join(COVER_MEDIA_FIELDS)})", field=name)
        elif match["field"] not in TRANSLATABLE:
            yield Issue(f"'{name}': '{match['field']}' is not a translatable product field "
                        f"({', '.join(sorted(TRANSLATABLE))})", field=name)
        if match["locale"] == locale:
            localized = True
        else:
            yield Issue(f"'{name}' is for {match['locale']}, but the file is validated for the {locale} market",
                        field=name)
    if not localized:
        yield Issue(f"no translations.{locale}.* column: the import would change no copy of this market", field=None)


define(
    "shopware-columns",
    severity="error",
    kind="line",
    profiles=SW,
    group="shopware",
    summary="The header is a Shopware product import header: id and/or product_number, then "
            "translations.<locale>.<field> columns of translatable product fields for the market's locale "
            "(and the cover image's cover_media_id and cover.media.translations.<locale>.alt|title).",
    fix="Write the file with `localize run` (format shopware-csv), or rename the column named in the finding.",
    passes=(E(content=f"id;product_number;translations.de-DE.name\n{ID};SW-1;Wanderschuh\n", profile="shopware"),),
    fails=(E(content="translations.de-DE.name\nWanderschuh\n", profile="shopware", note="no key column"),
           E(content=f"id;product_number;translations.fr-FR.name\n{ID};SW-1;Chaussure\n", profile="shopware",
             note="another market's locale"),
           E(content=f"id;product_number;translations.de-DE.colour\n{ID};SW-1;Rot\n", profile="shopware",
             note="not a translatable field"),
           E(content=f"id;product_number;cover_media_id;cover.media.translations.de-DE.caption\n{ID};SW-1;{ID};Zelt\n",
             profile="shopware", note="not a translatable field of the cover image")),
)


@register(
    "shopware-values",
    severity="error",
    kind="record",
    profiles=SW,
    group="shopware",
    summary="Rows Shopware's import takes: an id of 32 hex digits or a product number (at most 64 characters), "
            "copy within Shopware's lengths (name, metaTitle, metaDescription, the cover's title: 255 characters), "
            "and the cover's copy only with its media id.",
    fix="Shorten the copy, or fix the key column named in the finding.",
    passes=(E(record={"id": ID, "product_number": "SW-1", "translations.de-DE.name": "Wanderschuh"},
              profile="shopware"),
            E(record={"id": ID, "product_number": "SW-1", "cover_media_id": ID,
                      "cover.media.translations.de-DE.alt": "Zelt im Schnee"}, profile="shopware")),
    fails=(
        E(record={"id": ID, "product_number": "SW-1", "cover_media_id": "",
                  "cover.media.translations.de-DE.alt": "Zelt im Schnee"}, profile="shopware",
          note="the cover's alt text without its media id"),
        E(record={"id": "42", "product_number": "SW-1", "translations.de-DE.name": "Wanderschuh"}, profile="shopware"),
        E(record={"id": "", "product_number": "", "translations.de-DE.name": "Wanderschuh"}, profile="shopware"),
        E(record={"id": ID, "product_number": "SW-1", "translations.de-DE.name": "W" * 256}, profile="shopware"),
    ),
)
def shopware_values(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    ident, number = str(fields.get("id") or "").strip(), str(fields.get("product_number") or "").strip()
    if ident and not ID_RE.match(ident):
        yield Issue(f"id '{ident[:40]}' is not a Shopware id (32 hexadecimal digits)", field="id")
    if not ident and not number:
        yield Issue("neither id nor product_number: Shopware cannot tell which product the row updates",
                    field="product_number")
    if len(number) > PRODUCT_NUMBER_MAX:
        yield Issue(f"the product number has {len(number)} characters; Shopware takes at most {PRODUCT_NUMBER_MAX}",
                    field="product_number")
    cover_id = str(fields.get(COVER_ID) or "").strip()
    if cover_id and not ID_RE.match(cover_id):
        yield Issue(f"{COVER_ID} '{cover_id[:40]}' is not a Shopware id (32 hexadecimal digits)", field=COVER_ID)
    for name, value in fields.items():
        match = COLUMN_RE.match(name)
        limits = LIMITS
        if match is None:
            match, limits = COVER_COLUMN_RE.match(name), COVER_LIMITS
            if match is not None and isinstance(value, str) and value and not cover_id:
                yield Issue(f"'{name}' without {COVER_ID}: Shopware would add a new cover image instead of "
                            "translating the product's", field=fields.get(RUN_ATTRIBUTE + name) or name)
        if match is None or not isinstance(value, str):
            continue
        limit = limits.get(match["field"])
        if limit is not None and len(value) > limit:
            yield Issue(f"{match['field']} has {len(value)} characters; Shopware takes at most {limit}",
                        field=fields.get(RUN_ATTRIBUTE + name) or name)


def identifier(header: list[str]) -> str:
    return "product_number" if "product_number" in header else "id"


def record_id(fields: dict[str, Any]) -> str | None:
    return str(fields.get("product_number") or fields.get("id") or "") or None


def run_rows(record: LocalizedRecord) -> list[dict[str, str]]:
    """The import row the writer would write for a record, for the run's check stage."""
    cells = import_cells(record)
    if cells is None:
        return []
    ident, number, copy, (cover_id, *cover) = cells
    row = {"id": ident, "product_number": number}
    for field, text in zip(FIELDS, copy, strict=True):
        row[column(record.market, field)] = text
        row[RUN_ATTRIBUTE + column(record.market, field)] = field
    row[COVER_ID] = cover_id
    for (attribute, field), text in zip(COVER_FIELDS, cover, strict=True):
        row[cover_column(record.market, field)] = text
        row[RUN_ATTRIBUTE + cover_column(record.market, field)] = attribute
    return [row]


extend("shopware", "run_rows", run_rows)
extend("shopware", "csv", ShopCsv(delimiter=";", columns_check="shopware-columns", header_issues=header_issues,
                                  identifier=identifier, record_id=record_id))
