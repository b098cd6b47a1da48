"""Shopify import files per market (`outputs.formats: [shopify-csv]`, formats in `format`):

- `<market>.shopify-translations.csv`: the languages import. A row per product field, option name,
  option value and image alt text that has a translation (machine or human) this market publishes:
  `Default content` is the source text exactly as the export had it (Shopify matches it with the
  shop's content), `Translated content` the localized text. A product is written once, from its
  first published variant (variants share the product's copy). `Identification` is the product's
  Shopify ID: from the export's `ID` column when it has one, else from the shop's own translations
  export (`outputs.shopify.translations_export`: its `PRODUCT,<id>,handle,...` rows name each
  handle's ID), else the handle; option rows add `/<position>`, option value rows
  `/<position>/<value>`, image rows use the image URL.
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
from functools import lru_cache
from pathlib import Path

from ...atomic import AtomicFile
from ...cells import neutralise
from ...errors import ConfigError
from ...model import LocalizedRecord, Market, Money, format_decimal
from ..base import FeedWriter, RunView
from .format import PRICE_BASE, TRANSLATION_HEADER, market_name, shopify_locale
from .rows import handle_of, translation_rows


class ShopifyWriter(FeedWriter):
    format = "shopify-csv"
    profile = "shopify"

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        shopify = ctx.config.raw.get("outputs", {}).get("shopify") or {}
        export = shopify.get("translations_export")
        self.ids = product_ids(ctx.config.resolve(export)) if export else {}  # before any file is opened
        self.locale = shopify_locale(market)
        self.market_name = market_name(market)
        self.source_locale = ctx.config.source.locale
        self.path = ctx.out_dir / f"{market.code}.shopify-translations.csv"
        self.prices_path = ctx.out_dir / f"{market.code}.shopify-prices.csv"
        self.file = AtomicFile(self.path, newline="")
        self.rows = csv.writer(self.file.handle, lineterminator="\n")
        self.rows.writerow(TRANSLATION_HEADER)
        self.price_columns = (*PRICE_BASE, f"Price / {self.market_name}", f"Compare At Price / {self.market_name}")
        self.prices: AtomicFile | None = None
        self.price_rows: csv.writer | None = None  # type: ignore[valid-type]
        # rows written for the current product (its variants come one after another): memory stays flat
        self.seen: set[tuple[str, str, str]] = set()
        self.handle: str | None = None

    # --- translations ----------------------------------------------------------------------------

    def write(self, record: LocalizedRecord) -> None:
        handle = handle_of(record)
        if handle != self.handle:
            self.seen.clear()
            self.handle = handle
        for _attribute, kind, ident, field, default, translated in translation_rows(record, self.ids):
            key = (kind, ident, field)
            if key in self.seen:
                continue  # a product's copy is written once, from its first published variant
            self.seen.add(key)
            self.rows.writerow([neutralise(kind), neutralise(ident), field, self.locale, neutralise(self.market_name),
                                "", default, translated])
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
            self.price_rows = csv.writer(self.prices.handle, lineterminator="\n")
            self.price_rows.writerow(self.price_columns)
        loc = self.source_locale
        cells = [handle]
        for n in (1, 2, 3):
            cells += [_text(product.get(f"option{n}_name", loc)), _text(product.get(f"option{n}", loc))]
        cells.append(_text(product.get("sku")))
        cells += [format_decimal(price.amount) if price else "", format_decimal(compare.amount) if compare else ""]
        self.price_rows.writerow([neutralise(c) for c in cells])

    def commit(self) -> list[Path]:
        written = [self.file.commit()]
        if self.prices is not None:
            written.append(self.prices.commit())
        else:
            self.prices_path.unlink(missing_ok=True)  # no market price this run: no stale list from an earlier one
        return written

    def abort(self) -> None:
        self.file.abort()
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


def product_ids(path: Path) -> dict[str, str]:
    """handle -> product ID from a Shopify translations export (its `PRODUCT,<id>,handle` rows carry
    the handle as default content; Shopify writes the ID with a leading apostrophe for spreadsheets).
    Read once per run however many markets ask (the file can hold every resource of a shop)."""
    if not path.is_file():
        raise ConfigError(f"outputs.shopify.translations_export: {path}: file not found",
                          hint="export the translations from Shopify (Settings > Languages > Export) and give its path")
    stat = path.stat()
    return _product_ids(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _product_ids(name: str, _mtime: int, _size: int) -> dict[str, str]:
    path = Path(name)
    ids: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = csv.DictReader(fh)
            if rows.fieldnames is None or "Identification" not in rows.fieldnames:
                raise ConfigError(f"outputs.shopify.translations_export: {path}: not a Shopify translations export "
                                  "(no Identification column)", hint="export it from Settings > Languages > Export")
            for row in rows:
                if row.get("Type") == "PRODUCT" and row.get("Field") == "handle" and row.get("Default content"):
                    ids.setdefault(row["Default content"].strip(), (row.get("Identification") or "").strip().lstrip("'"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"outputs.shopify.translations_export: {path}: cannot read: {exc}",
                          hint="give the CSV file Shopify exported, saved as UTF-8") from None
    return ids


def _text(data: object) -> str:
    return data if isinstance(data, str) else ""
