"""Magento 2 (Adobe Commerce) product export CSV, streamed: one product per SKU, copy per store view.

The format, as Adobe documents it ("Product data attributes reference",
https://experienceleague.adobe.com/en/docs/commerce-admin/systems/data-transfer/data-attributes-product,
and "Complex data", .../data-transfer/data-attributes-complex): a comma-separated file with a header;
`sku` identifies a product; a row with an empty `store_view_code` holds the default (admin) values and
is followed by one row per store view that carries only the values overridden in that store view
(`name`, `description` ...); `attribute_set_code` and `product_type` (simple, configurable ...);
`categories` as paths (`Default Category/Gear/Bags`) separated by the multiple value separator (`,`);
`additional_attributes` as `code=value,code=value` (or `code="value"` when the export was made with
"Fields enclosure"); a configurable product lists its children in `configurable_variations`
(`sku=MB-S,color=Red,size=S|sku=MB-M,...`) and labels them in `configurable_variation_labels`.

What the export does not say is configured in `source.currency` and `source.shop` (see `readers.shop_options`):
the currency of `price` (the base currency is a store setting), the unit of `weight` (Stores >
Configuration > General > Locale Options > Weight Unit) and which locale each store view's copy is
in (`store_views: {de: de_DE}`; a code that spells a locale, `de_de` or `fr-CH`, needs no entry;
`default`, the default store view, holds copy in the admin values' language unless mapped; `null`
leaves a store view's rows out).

Values: the copy columns (`COPY_COLUMNS`) are localizable: the default row's copy is in
`source.locale`, a store-view row's in its store view's locale (existing copy the pipeline reuses).
`url_key` is store-view scoped but no copy (defined so, unless `source.attributes` says otherwise).
`additional_attributes` become attributes of their own (unlocalized on the default row, localized on a
store-view row). A child of a configurable product gets it as `parent` (Magento's children are sold
and localized themselves, so both are products). Children usually precede their configurable
product in an export, so the file's `configurable_variations` are read first (one quick pass
over that column) to know each child's parent while streaming.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ..attributes import AttributeCatalog, AttributeInfo
from ..config import SourceConfig
from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits, NumberProblem
from ..model import Money, Origin, Product, Quantity, Reject, Value
from .akeneo_flat import parse_decimal
from .base import Reader, clean_identifier
from .csvstream import iter_rows
from .shop_options import locale_of_code, shop_currency, shop_weight_unit, store_view_locales

#: Magento's store-view scoped text attributes that are copy (translated per store view).
COPY_COLUMNS = ("name", "description", "short_description", "meta_title", "meta_keywords", "meta_description")
#: Columns with a meaning of their own (not attributes read as values).
SPECIAL = frozenset({
    "sku", "store_view_code", "attribute_set_code", "product_type", "categories", "product_websites",
    "additional_attributes", "configurable_variations", "configurable_variation_labels", "weight", "price",
    "product_online", "url_key", *COPY_COLUMNS,
})
#: Magento's import model constants: the multiple value separator's default, the pair separator of
#: `additional_attributes` and the row separator of `configurable_variations`.
MULTI_SEPARATOR = ","
PAIR_SEPARATOR = "="
VARIATION_SEPARATOR = "|"
#: `additional_attributes` exported with "Fields enclosure": `code="value",code="va""lue"`.
WRAPPED_RE = re.compile(r'^[A-Za-z0-9_]+="(?:[^"]|"")*"(?:,[A-Za-z0-9_]+="(?:[^"]|"")*")*$')
WRAPPED_PAIR_RE = re.compile(r'([A-Za-z0-9_]+)="((?:[^"]|"")*)"')
SKU_MAX = 64  # "A SKU longer than 64 characters causes import to fail" (Adobe's attribute reference)
EMPTY_HINT = "export the products with System > Data Transfer > Export (entity type Products, CSV)"

MAGENTO_DEFINITIONS = [
    # a code, not copy: never translated, kept per store view (its kind keeps it out of prose detection)
    AttributeInfo("url_key", "option", labels={"en_US": "URL key"}),
    AttributeInfo("product_type", "option", labels={"en_US": "Product type"}),
]


def parse_additional_attributes(text: str) -> dict[str, str]:
    """`additional_attributes` as {code: value}, read as Magento's import reads it.

    Without enclosure Magento splits on the separator and appends a piece without `=` to the
    previous value (`material=Cotton, Linen` keeps its comma); with "Fields enclosure" each value is
    in double quotes, `""` standing for one (`Product::parseAttributesWithWrappedValues`)."""
    if not text:
        return {}
    if text.endswith('"') and WRAPPED_RE.match(text):
        return {code.lower(): value.replace('""', '"') for code, value in WRAPPED_PAIR_RE.findall(text)}
    out: dict[str, str] = {}
    code = ""
    for piece in text.split(MULTI_SEPARATOR):
        if PAIR_SEPARATOR not in piece:
            if code:
                out[code] += MULTI_SEPARATOR + piece
            continue
        code, value = piece.split(PAIR_SEPARATOR, 1)
        code = code.strip().lower()
        out[code] = value
    return out


def format_additional_attributes(pairs: dict[str, str]) -> tuple[str, dict[str, str]]:
    """`additional_attributes` text Magento reads back to exactly `pairs` (without enclosure), and
    the pairs it cannot carry: a value with a separator followed by `=` (`a, b=c`) would be split
    into another attribute, so such a value is written in a column of its own (Magento's import
    takes any attribute code as a column)."""
    written, apart = [], {}
    for code in sorted(pairs):
        value = pairs[code]
        pieces = value.split(MULTI_SEPARATOR)
        if any(PAIR_SEPARATOR in piece for piece in pieces[1:]) or (value.startswith('"') and value.endswith('"')):
            apart[code] = value
        else:
            written.append(f"{code}{PAIR_SEPARATOR}{value}")
    return MULTI_SEPARATOR.join(written), apart


def parse_variations(text: str) -> list[dict[str, str]]:
    """`configurable_variations` as one {key: value} per child (`sku` names the child)."""
    out = []
    for part in text.split(VARIATION_SEPARATOR):
        pairs = {}
        for piece in part.split(MULTI_SEPARATOR):
            if PAIR_SEPARATOR in piece:
                key, value = piece.split(PAIR_SEPARATOR, 1)
                pairs[key.strip().lower()] = value.strip()
        if pairs:
            out.append(pairs)
    return out


def child_parents(path: Path, encoding: str, delimiter: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, str]:
    """Child SKU -> configurable SKU, from one pass over the file's `configurable_variations` (rows
    the streaming pass rejects are skipped here; it reports them)."""
    parents: dict[str, str] = {}
    rows = iter_rows(path, encoding, delimiter, EMPTY_HINT, limits)
    header = [h.strip().strip("\ufeff") for h in next(rows)]  # type: ignore[union-attr]
    if "configurable_variations" not in header or "sku" not in header:
        rows.close()
        return parents
    sku_at, var_at = header.index("sku"), header.index("configurable_variations")
    width = len(header)
    for item in rows:
        if isinstance(item, Reject):
            continue
        row = item[1]  # type: ignore[index]
        if len(row) == width and row[var_at]:
            parent = row[sku_at].strip()
            for child in parse_variations(row[var_at]):
                sku = child.get("sku")
                if sku:
                    parents.setdefault(sku, parent)
    return parents


class MagentoCsvReader(Reader):
    format = "magento-csv"
    default_delimiter = ","
    variants_complete = True

    def __init__(self, path: Path, source: SourceConfig, catalog: AttributeCatalog) -> None:
        super().__init__(path, source, catalog)
        shop = source.shop or {}
        self.currency = shop_currency(source)
        self.weight_unit = shop_weight_unit(shop)
        self.store_views = store_view_locales(shop)
        catalog.define_defaults(MAGENTO_DEFINITIONS)

    def __iter__(self) -> Iterator[Product | Reject]:
        file = str(self.path)
        rows = iter_rows(self.path, self.source.encoding, self.delimiter, EMPTY_HINT, self.source.limits)
        header = [h.strip().strip("\ufeff") for h in next(rows)]  # type: ignore[union-attr]
        layout = _Layout(header, file, self)
        parents = (child_parents(self.path, self.source.encoding, self.delimiter, self.source.limits)
                   if layout.variations is not None else {})
        group: _Group | None = None
        for item in rows:
            if isinstance(item, Reject):
                yield item
                continue
            line, row = item  # type: ignore[misc]
            origin = Origin(file, line)
            if len(row) != len(header):
                yield Reject(origin, f"{len(row)} fields, the header has {len(header)}; check quoting and delimiters")
                continue
            sku, problem = clean_identifier(row[layout.sku])
            if problem or not sku:
                yield Reject(Origin(file, line, "sku"), f"column sku: {problem or 'missing SKU'}", field="sku")
                continue
            view = row[layout.store].strip() if layout.store is not None else ""
            if view:
                if group is None or group.sku != sku:
                    yield Reject(Origin(file, line, "store_view_code"),
                                 f"store view row '{view}' of SKU '{sku}' does not follow that SKU's default row "
                                 "(empty store_view_code); export the product again or put the row under it",
                                 identifier=sku, field="store_view_code")
                    continue
                if group.product is None:  # its default row was rejected: the reject says why
                    continue
                reject = layout.store_row(group, view, row, origin)
                if reject is not None:
                    yield reject
                continue
            if group is not None and group.product is not None:
                yield group.finish(self.source.locale)
            group = _Group(sku, layout.default_row(sku, row, origin, parents), row)
            if isinstance(group.product, Reject):
                yield group.product
                group.product = None
        if group is not None and group.product is not None:
            yield group.finish(self.source.locale)


class _Group:
    """One SKU's default row and its store-view rows."""

    def __init__(self, sku: str, product: Product | Reject, row: list[str]) -> None:
        self.sku = sku
        self.product: Product | Reject | None = product
        self.digest = hashlib.blake2b("\x1f".join(row).encode(), digest_size=16)
        self.localized = False  # a store-view row added copy

    def finish(self, source_locale: str) -> Product:
        """The product, with the default row's value of an attribute that a store view overrides
        put in the source locale: an unlocalized value would count as every store view's copy."""
        product = self.product
        assert isinstance(product, Product)
        product.fingerprint = self.digest.hexdigest()
        if not self.localized:
            return product
        for code, entries in product.values.items():
            if len(entries) > 1 and any(v.locale is not None for v in entries):
                product.values[code] = [Value(source_locale, v.channel, v.data) if v.locale is None else v for v in entries]
        return product


class _Layout:
    """The header's columns, classified once."""

    def __init__(self, header: list[str], file: str, reader: MagentoCsvReader) -> None:
        position = {name: i for i, name in enumerate(header) if name}
        if "sku" not in position:
            raise InputError(f"{file}:1: no 'sku' column in the header",
                             hint="this is not a Magento product export; " + EMPTY_HINT)
        self.file = file
        self.reader = reader
        self.sku = position["sku"]
        self.store = position.get("store_view_code")
        self.attribute_set = position.get("attribute_set_code")
        self.product_type = position.get("product_type")
        self.categories = position.get("categories")
        self.additional = position.get("additional_attributes")
        self.variations = position.get("configurable_variations")
        self.online = position.get("product_online")
        self.weight = position.get("weight")
        self.price = position.get("price")
        self.url_key = position.get("url_key")
        self.copy = [(position[c], c) for c in COPY_COLUMNS if c in position]
        # any other attribute column (Magento exports some custom attributes as columns of their own)
        self.others = [(i, name) for name, i in position.items() if name not in SPECIAL and not name.startswith("_")
                       and name not in IGNORED]
        if self.price is not None and reader.currency is None:
            raise InputError(f"{file}:1: the export has a price column but its currency is not configured",
                             hint="set source.currency to the store's base currency, e.g. currency: EUR")
        if self.weight is not None and reader.weight_unit is None:
            raise InputError(f"{file}:1: the export has a weight column but its unit is not configured",
                             hint="set source.shop.weight_unit to the store's weight unit (Stores > Configuration > "
                                  "General > Locale Options > Weight Unit), e.g. weight_unit: KILOGRAM or POUND")

    def default_row(self, sku: str, row: list[str], origin: Origin, parents: dict[str, str]) -> Product | Reject:
        reader = self.reader
        locale = reader.source.locale
        if len(sku) > SKU_MAX:
            return Reject(Origin(origin.file, origin.line, "sku"), f"column sku: the SKU has {len(sku)} characters; "
                          f"Magento allows at most {SKU_MAX}", identifier=sku, field="sku")
        product = Product(identifier=sku, origin=origin, parent=parents.get(sku) if parents else None)
        values = product.values  # the default row comes first: one value per attribute so far
        problems: list[tuple[str, str]] = []
        if self.attribute_set is not None:
            product.family = row[self.attribute_set].strip() or None
        if self.product_type is not None:
            kind = row[self.product_type].strip()
            if kind:
                values["product_type"] = [Value(None, None, kind)]
        if self.categories is not None:
            text = row[self.categories]
            if text:
                product.categories = tuple(p.strip() for p in text.split(MULTI_SEPARATOR) if p.strip())
        if self.online is not None and row[self.online].strip() in ("2", "0"):
            product.enabled = False  # product_online: 1 enabled, 2 disabled
        for index, code in self.copy:
            text = row[index]
            if text:
                values[code] = [Value(locale, None, text)]
        if self.url_key is not None:
            text = row[self.url_key].strip()
            if text:
                values["url_key"] = [Value(locale, None, text)]
        if self.weight is not None:
            text = row[self.weight]
            if text:
                amount = _number(text, "weight", reader, problems)
                if amount is not None:
                    values["weight"] = [Value(None, None, Quantity(amount, reader.weight_unit or ""))]
        if self.price is not None:
            text = row[self.price]
            if text:
                amount = _number(text, "price", reader, problems)
                if amount is not None:
                    values["price"] = [Value(None, None, (Money(amount, reader.currency or ""),))]
        if self.additional is not None and row[self.additional]:
            for code, text in parse_additional_attributes(row[self.additional]).items():
                if code and text:
                    product.add(code, Value(None, None, text))
        for index, code in self.others:
            text = row[index]
            if text:
                product.add(code, Value(None, None, text))
        if problems:
            column = problems[0][0]
            return Reject(Origin(origin.file, origin.line, column), "; ".join(f"column {c}: {p}" for c, p in problems),
                          identifier=sku, field=column)
        return product

    def store_row(self, group: _Group, view: str, row: list[str], origin: Origin) -> Reject | None:
        """Add a store-view row's overridden copy to the group's product, or say why it cannot be."""
        product = group.product
        assert isinstance(product, Product)
        key = view.lower()
        if key in self.reader.store_views:
            locale = self.reader.store_views[key]
            if locale is None:  # configured as not read
                return None
        else:  # `default` is the default store view: its overrides are in the admin values' language
            locale = locale_of_code(view) or (self.reader.source.locale if key == "default" else None)
        if locale is None:
            return Reject(Origin(origin.file, origin.line, "store_view_code"),
                          f"store view '{view}': its locale is not known, so its copy cannot be used; map it in "
                          f"source.shop.store_views (e.g. {view}: de_DE, or {view}: null to leave its rows out)",
                          identifier=product.identifier, field="store_view_code")
        group.digest.update("\x1f".join(row).encode())
        group.localized = True
        for index, code in self.copy:
            if row[index]:
                product.add(code, Value(locale, None, row[index]))
        if self.url_key is not None and row[self.url_key].strip():
            product.add("url_key", Value(locale, None, row[self.url_key].strip()))
        if self.additional is not None and row[self.additional]:
            for code, text in parse_additional_attributes(row[self.additional]).items():
                if code and text:
                    product.add(code, Value(locale, None, text))
        for index, code in self.others:
            if row[index]:
                product.add(code, Value(locale, None, row[index]))
        return None


#: Export columns that are shop operations, not product data a market feed or translation needs
#: (stock, images, links, options, design, dates); read none of them as values.
IGNORED = frozenset({
    "visibility", "tax_class_name", "new_from_date", "new_to_date", "display_product_options_in", "map_price",
    "msrp_price", "map_enabled", "gift_message_available", "custom_design", "custom_design_from",
    "custom_design_to", "custom_layout_update", "page_layout", "product_options_container", "msrp_display_actual_price_type",
    "country_of_manufacture", "qty", "out_of_stock_qty", "use_config_min_qty", "is_qty_decimal", "allow_backorders",
    "use_config_backorders", "min_cart_qty", "use_config_min_sale_qty", "max_cart_qty", "use_config_max_sale_qty",
    "is_in_stock", "notify_on_stock_below", "use_config_notify_stock_qty", "manage_stock", "use_config_manage_stock",
    "use_config_qty_increments", "qty_increments", "use_config_enable_qty_inc", "enable_qty_increments",
    "is_decimal_divided", "website_id", "related_skus", "related_position", "crosssell_skus", "crosssell_position",
    "upsell_skus", "upsell_position", "additional_images", "additional_image_labels", "hide_from_product_page",
    "custom_options", "bundle_price_type", "bundle_sku_type", "bundle_price_view", "bundle_weight_type",
    "bundle_values", "bundle_shipment_type", "associated_skus", "downloadable_links", "downloadable_samples",
    "base_image", "base_image_label", "small_image", "small_image_label", "thumbnail_image", "thumbnail_image_label",
    "swatch_image", "swatch_image_label", "created_at", "updated_at", "special_price", "special_price_from_date",
    "special_price_to_date", "cost", "tier_prices", "product_websites", "weight_type", "product_has_weight",
    "deferred_stock_update", "use_config_deferred_stock_update", "custom_layout", "url_path", "store_view_name",
    "quantity_and_stock_status", "links_exist", "links_purchased_separately",
    "shipment_type", "price_type", "price_view", "sku_type",
})


def _number(text: str, column: str, reader: MagentoCsvReader, problems: list[tuple[str, str]]) -> Decimal | None:
    try:
        amount = parse_decimal(text.strip(), reader.source.limits)
    except NumberProblem as exc:
        problems.append((column, str(exc)))
        return None
    if amount is None:
        problems.append((column, f"'{text.strip()[:40]}' is not a number; Magento exports numbers with a dot, e.g. 12.50"))
    return amount
