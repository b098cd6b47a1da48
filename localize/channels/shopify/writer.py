"""Shopify import files per market (`outputs.formats: [shopify-csv]`, formats in `format`):

- `<market>.shopify-translations.csv`: the languages import. A row per product field, option name,
  option value and alt text of each image that has a translation (machine or human) this market
  publishes: `Default content` is the source text exactly as the export had it (Shopify matches it
  with the shop's content), `Translated content` the localized text. A product is written once, from
  its first published variant (variants share the product's copy); a resource that records translate
  differently gets no row and goes to the review queue until a reviewer chooses its text (`shared`). `Identification` is the product's
  Shopify ID: from the export's `ID` column when it has one, else from the shop's own translations
  export (`outputs.shopify.translations_export`: its `PRODUCT,<id>,handle,...` rows name each
  handle's ID), else the handle. Option names, option values and image alt texts take their IDs
  from the same export, matched by type, field and default content (its rows do not name their
  product); without the export they are named `<handle>/<position>`, `<handle>/<position>/<value>`
  and by image URL, which `validate` warns Shopify cannot match.
- `<market>.shopify-prices.csv`: the Markets price list, written when some variant's market price
  differs from the shop's price (another currency, or another amount after VAT and price points).

Escaping: the csv module quotes separators, quotes and newlines; HTML goes as it is (Shopify reads
`body_html` as HTML; the run has already cleaned it with the markup allow list). Cells a
spreadsheet would run as a formula (`=`, `+`, `-`, `@`) get a leading apostrophe in every column
but the two content columns: Shopify's own export writes identifiers so, and content must reach
the shop unchanged (`Default content` must equal the shop's text to be accepted).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from ...atomic import AtomicFile
from ...cells import SheetRows, neutralise
from ...errors import ConfigError, ExitCode
from ...model import LocalizedRecord, Market, Money, format_decimal
from ...review.decisions import Decision, DecisionStore, store_path
from ..base import FeedWriter, RunView
from ..spool import RowSpool
from .format import PRICE_BASE, TRANSLATION_HEADER, market_name, shopify_locale
from .rows import NO_EXPORT, ShopIds, handle_of, translation_rows
from .shared import Giver, SharedRows, conflict_key, decided_by, queue_lines


class ShopifyWriter(FeedWriter):
    format = "shopify-csv"
    profile = "shopify"

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        shopify = ctx.config.raw.get("outputs", {}).get("shopify") or {}
        export = shopify.get("translations_export")
        self.ids = shop_ids(ctx.config.resolve(export)) if export else NO_EXPORT  # before any file is opened
        self.locale = shopify_locale(market)
        self.market_name = market_name(market)
        self.source_locale = ctx.config.source.locale
        self.path = ctx.out_dir / f"{market.code}.shopify-translations.csv"
        self.prices_path = ctx.out_dir / f"{market.code}.shopify-prices.csv"
        # rows wait in a spool for the commit: a resource translated two ways is left out (see `shared`)
        self.spool = RowSpool(ctx.out_dir)
        self.price_columns = (*PRICE_BASE, f"Price / {self.market_name}", f"Compare At Price / {self.market_name}")
        self.prices: AtomicFile | None = None
        self.price_rows: SheetRows | None = None
        self.taken = SharedRows()
        self.handle: str | None = None
        self.source_bcp47 = ""  # the records' source locale (for the review-queue lines of conflicts)
        self._held: list[bytes] = []

    # --- translations ----------------------------------------------------------------------------

    def write(self, record: LocalizedRecord) -> None:
        handle = handle_of(record)
        if handle != self.handle:
            self.taken.next_product()
            self.handle = handle
        self.source_bcp47 = record.source_locale
        for attribute, kind, ident, field, default, translated in translation_rows(record, self.ids):
            # a product's copy is written once, from its first published variant; a resource matched by
            # content in the shop's export once per file
            shared = self.ids.exported and kind != "PRODUCT"
            value = record.values[attribute]
            giver = Giver(record.identifier, attribute, handle, value.status, record.product.family)
            if self.taken.take((kind, ident, field), default, translated, giver, shared):
                self.spool.add({"key": [kind, ident, field],
                                "cells": [neutralise(kind), neutralise(ident), field, self.locale,
                                          neutralise(self.market_name), "", default, translated]})
        self._price(record, handle)

    # --- the price list --------------------------------------------------------------------------

    def _price(self, record: LocalizedRecord, handle: str) -> None:
        price = _market_money(record, "price")
        compare = _market_money(record, "compare_at_price")
        if price is None and compare is None:
            return
        product = record.product
        if self.price_rows is None:
            self.prices = AtomicFile(self.prices_path, newline="")
            self.price_rows = SheetRows(self.prices.handle, lineterminator="\n")
            self.price_rows.writerow(self.price_columns)
        loc = self.source_locale
        cells = [handle]
        for n in (1, 2, 3):
            cells += [_text(product.get(f"option{n}_name", loc)), _text(product.get(f"option{n}", loc))]
        cells.append(_text(product.get("sku")))
        cells += [format_decimal(price.amount) if price else "", format_decimal(compare.amount) if compare else ""]
        self.price_rows.writerow([neutralise(c) for c in cells])

    def commit(self) -> list[Path]:
        conflicts = self.taken.conflicts
        settled = self._settle()

        def write(handle: IO[Any], rows: Iterator[dict[str, Any]]) -> None:
            out = SheetRows(handle, lineterminator="\n")
            out.writerow(TRANSLATION_HEADER)
            for row in rows:
                key = tuple(row["key"])
                if key not in conflicts:
                    out.writerow(row["cells"])
                elif settled.get(key) is not None:  # a reviewer chose the resource's text
                    out.writerow([*row["cells"][:-1], settled[key]])

        written = [self.from_spool(self.path, self.spool, write).commit()]
        if self._held:
            self.ctx.report.warn(f"{self.path.name}: {len(self._held)} translation(s) of Shopify resources that records "
                                 "translate differently are held for review (no row written; the shop keeps its "
                                 "current translation): see review-queue.jsonl")
            if "review" in self.ctx.config.settings.review.fail_on:
                self.ctx.report.escalate(int(ExitCode.FINDINGS))
        if self.prices is not None:
            written.append(self.prices.commit())
        else:
            self.prices_path.unlink(missing_ok=True)  # no market price this run: no stale list from an earlier one
        return written

    def held(self) -> list[bytes]:
        return self._held

    def _settle(self) -> dict[tuple[str, str, str], str | None]:
        """Each conflicting resource's text as reviewers decided it (None: no row), and the review-queue
        lines of those still open (`held`)."""
        groups = self.taken.groups()
        if not groups:
            return {}
        decisions = _decisions(self.ctx.config, [conflict_key(self.market, giver, translation, conflict.default)
                                                 for _ids, _keys, conflict in groups
                                                 for translation, (giver, _n) in conflict.translations.items()])
        settled: dict[tuple[str, str, str], str | None] = {}
        for ids, keys, conflict in groups:
            still_open, text = conflict.settle(decided_by(decisions, self.market, conflict))
            for key in keys:
                settled[key] = text
            if still_open:
                self._held.extend(queue_lines(ids, conflict, self.market, self.source_bcp47, self.path.name,
                                              self.output_name()))
        return settled

    def abort(self) -> None:
        self.spool.discard()
        if self.prices is not None:
            self.prices.abort()


def _market_money(record: LocalizedRecord, attribute: str) -> Money | None:
    """The market's price when it differs from the shop's (converted, or another amount), else None."""
    value = record.values.get(attribute)
    if value is None:
        return None
    data = value.data
    money = data if isinstance(data, Money) else (
        data[0] if isinstance(data, tuple) and len(data) == 1 and isinstance(data[0], Money) else None)
    if money is None:
        return None
    source = value.source
    if isinstance(source, tuple) and any(isinstance(m, Money) and m.currency == money.currency
                                         and m.amount == money.amount for m in source):
        return None
    return money


def _decisions(config: Any, keys: list[str]) -> dict[str, Decision]:
    """The stored review decisions on the conflicts' translations (`keys`), read only when some resource
    is in conflict: the store may hold millions of decisions, the conflicts ask for a few."""
    path = store_path(config)
    if not keys or not (path.is_file() or config.state_url):
        return {}
    with DecisionStore(path, url=config.state_url, schema=config.state_schema) as store:
        store.snapshot()  # every lookup from one reading of the store, as the gate reads it
        return store.get_many(keys)


def shop_ids(path: Path) -> ShopIds:
    """The resource IDs of a Shopify translations export: handle -> product ID (its `PRODUCT,<id>,handle`
    rows carry the handle as default content) and the option, option value and image alt IDs by their
    default content (Shopify writes IDs with a leading apostrophe for spreadsheets). Read once per run
    however many markets ask (the file can hold every resource of a shop)."""
    if not path.is_file():
        raise ConfigError(f"outputs.shopify.translations_export: {path}: file not found",
                          hint="export the translations from Shopify (Settings > Languages > Export) and give its path")
    stat = path.stat()
    return _shop_ids(str(path), stat.st_mtime_ns, stat.st_size)


RESOURCE_FIELDS = frozenset({("PRODUCT_OPTION", "name"), ("PRODUCT_OPTION_VALUE", "name"), ("MEDIA_IMAGE", "alt")})


@lru_cache(maxsize=4)
def _shop_ids(name: str, _mtime: int, _size: int) -> ShopIds:
    path = Path(name)
    ids: dict[str, str] = {}
    resources: dict[tuple[str, str, str], list[str]] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = csv.DictReader(fh)
            if rows.fieldnames is None or "Identification" not in rows.fieldnames:
                raise ConfigError(f"outputs.shopify.translations_export: {path}: not a Shopify translations export "
                                  "(no Identification column)", hint="export it from Settings > Languages > Export")
            for row in rows:
                kind, field_name, default = row.get("Type") or "", row.get("Field") or "", row.get("Default content")
                ident = (row.get("Identification") or "").strip().lstrip("'")
                if not default or not ident:
                    continue
                if kind == "PRODUCT" and field_name == "handle":
                    ids.setdefault(default.strip(), ident)
                elif (kind, field_name) in RESOURCE_FIELDS:
                    shared = resources.setdefault((kind, field_name, default), [])
                    if ident not in shared:  # one row per locale/market in the export: each ID once
                        shared.append(ident)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"outputs.shopify.translations_export: {path}: cannot read: {exc}",
                          hint="give the CSV file Shopify exported, saved as UTF-8") from None
    return ShopIds(ids, {key: tuple(value) for key, value in resources.items()}, exported=True)


def _text(data: object) -> str:
    return data if isinstance(data, str) else ""
