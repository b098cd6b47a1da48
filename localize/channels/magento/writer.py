"""Magento 2 product import CSV per market (`<market>.magento.csv`): one row per product with the
market's `store_view_code` and only the store-view values it changes.

How a shop owner imports it: System > Data Transfer > Import, Entity Type "Products", Import Behavior
"Add/Update", Field separator `,`, Multiple value separator `,`, "Fields enclosure" unchecked. Adobe
documents that `sku` is the only required value and that an update may include only the columns that
change (see `grammar`): so a row holds `sku`, `store_view_code` and the market's copy - the default
(admin) values, prices and weights stay as the shop has them (Magento's price and weight are global
or per website, never per store view, and converting them is the shop's currency setting's job).

What is written: copy that is store-view scoped in Magento (`name`, `description`,
`short_description`, `meta_title`, `meta_keywords`, `meta_description`, and attributes the source
export showed with a store-view value, or listed in `source.shop.store_view_attributes`) when it was
translated this run or the store view already had it; a product is listed only when it has new
copy. Custom attributes go into `additional_attributes` (`code=value,...`), or into a column of
their own when a value holds `,` followed by `=` (Magento would split it into another attribute).
An attribute of unknown scope is never written: a store-view row's value for a global attribute
would replace the default value in every store view.

`url_key`: Magento makes one from `name` when a row has a name but no key, and refuses a key that
another SKU has in the same store view. So each row carries one: the store view's own when it had
one, else made from the translated name (`grammar.url_key`), with `-<sku>` added when another row of
the file already uses it; a name with no Latin letters keeps the default row's key.

The file is checked against the import's rules (`grammar`) before it is committed, atomically.
Copy reaches the shop unchanged (an apostrophe before a name that starts with `-` or `=` would be
shown to shoppers); the identifying cells (`sku`, `store_view_code`) get the project's leading
apostrophe when they start like a formula (`cells.neutralise`), as in the other shop files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ...cells import SheetRows, neutralise
from ...errors import OutputError
from ...model import LocalizedRecord, Market
from ...readers.magento_csv import format_additional_attributes
from ..base import FeedWriter, RunView
from ..spool import RowSpool
from .grammar import COPY_TYPES, header_problems, row_problems, url_key

TRANSLATED = frozenset({"machine", "human"})
WRITTEN = TRANSLATED | {"pim"}
COPY_ORDER = ("name", "description", "short_description", "meta_title", "meta_keywords", "meta_description")
NOT_ATTRIBUTES = frozenset({"product_type", "url_key", "price", "weight"})
IDENTIFYING = frozenset({"sku", "store_view_code"})


def store_view_code(market: Market, shop: dict[str, Any]) -> str:
    """The market's store view: `source.shop.store_views` (code -> locale) read backwards, else the
    market's PIM locale in lower case (`de_de`), the convention of many multi-language shops."""
    views = {str(code).strip().lower(): str(locale).replace("-", "_")
             for code, locale in (shop.get("store_views") or {}).items() if locale is not None}
    for code, locale in sorted(views.items()):
        if locale.lower() == market.pim_locale.lower():
            return code
    return market.pim_locale.lower()


def store_view_cells(record: LocalizedRecord, extra_scoped: frozenset[str] = frozenset()
                     ) -> tuple[dict[str, str], dict[str, str]] | None:
    """(copy columns, custom attributes) of a record's store-view row, or None when it has no new copy:
    the writer writes them, the run's check stage checks them first (`checks.run_rows`)."""
    product = record.product
    row: dict[str, str] = {}
    extra: dict[str, str] = {}
    new = False
    for code, value in record.values.items():
        if code in NOT_ATTRIBUTES or value.status not in WRITTEN or not isinstance(value.data, str) or not value.data:
            continue
        scoped = code in COPY_TYPES or code in extra_scoped or any(
            v.locale is not None for v in product.values.get(code, ()))
        if not scoped:
            continue
        new = new or value.status in TRANSLATED
        (row if code in COPY_TYPES else extra)[code] = value.data
    return (row, extra) if new else None


class MagentoCsvWriter(FeedWriter):
    format = "magento-csv"
    profile = "magento"

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        self.path = ctx.out_dir / f"{market.code}.magento.csv"
        shop = dict(ctx.config.source.shop or {})
        self.store_view = store_view_code(market, shop)
        self.source_locale = ctx.config.source.locale
        self.extra_scoped = frozenset(str(a) for a in shop.get("store_view_attributes") or ())
        self.spool = RowSpool(ctx.out_dir)
        self.used_keys: dict[str, str] = {}  # url_key -> sku, in this store view

    def write(self, record: LocalizedRecord) -> None:
        cells = store_view_cells(record, self.extra_scoped)
        if cells is None:
            return
        row, extra = cells
        row["sku"] = record.identifier
        row["store_view_code"] = self.store_view
        if extra:
            text, apart = format_additional_attributes(extra)
            if text:
                row["additional_attributes"] = text
            row.update(apart)
        row["url_key"] = self._url_key(record, row.get("name"))
        self.spool.add(row)

    def _url_key(self, record: LocalizedRecord, name: str | None) -> str:
        existing = record.values.get("url_key")
        if existing is not None and existing.status == "pim" and isinstance(existing.data, str) and existing.data:
            key = existing.data
        else:
            key = url_key(name) if name else ""
            if not key:
                default = record.product.get("url_key", self.source_locale, None)
                key = default if isinstance(default, str) and default else url_key(record.identifier)
        owner = self.used_keys.get(key)
        if owner is not None and owner != record.identifier:
            key = f"{key}-{url_key(record.identifier)}"
        self.used_keys[key] = record.identifier
        return key

    def commit(self) -> list[Path]:
        columns = self._columns()
        return [self.from_spool(self.path, self.spool, lambda handle, rows: self._write(handle, rows, columns)).commit()]

    def _write(self, handle: IO[Any], rows: Iterator[dict[str, Any]], columns: list[str]) -> None:
        """The file, checked against the import's rules: raises naming each problem (nothing is published)."""
        problems = [f"column {c}: {why}" for c, why in header_problems(columns)]
        writer = SheetRows(handle, delimiter=",", lineterminator="\n")
        writer.writerow(columns)
        keys: dict[tuple[str, str], str] = {}
        for row in rows:
            for column, why in row_problems(row, keys):
                problems.append(f"SKU {row.get('sku')!r}, column {column}: {why}")
            writer.writerow([neutralise(row.get(c, "")) if c in IDENTIFYING else row.get(c, "") for c in columns])
        if problems:
            raise OutputError(f"{self.path}: Magento's import would refuse this file: " + "; ".join(problems[:20]),
                              hint="shorten the copy named (a translation over Magento's limit) or fix the SKU in "
                                   "the source; nothing was published for this output")

    def _columns(self) -> list[str]:
        present = set(self.spool.columns)
        head = ["sku", "store_view_code"] + [c for c in COPY_ORDER if c in present]
        rest = sorted(c for c in present if c not in head and c != "url_key")
        return head + (["url_key"] if "url_key" in present else []) + rest

    def abort(self) -> None:
        self.spool.discard()
