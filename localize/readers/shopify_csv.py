"""Shopify's product CSV export (`source.format: shopify-csv`).

The format, as Shopify documents it ("Using CSV files to import and export products",
https://help.shopify.com/en/manual/products/import-export/using-csv, and its column reference
https://help.shopify.com/en/manual/products/import-export/using-csv#product-csv-file-format):

- one product is a run of consecutive rows with the same `Handle`; the first row carries the
  product fields (`Title`, `Body (HTML)`, `Vendor`, `Product Category`, `Type`, `Tags`, `Published`,
  `SEO Title`, `SEO Description`, `Status`, `Option1..3 Name`), every row a variant
  (`Option1..3 Value`, `Variant SKU`, `Variant Price`, `Variant Compare At Price`, `Variant Grams`,
  `Variant Weight Unit`, `Variant Barcode`, `Variant Image`), and rows that carry only the `Handle`
  and `Image Src` / `Image Position` / `Image Alt Text` are further images of the product;
- a product without variants has one variant: `Option1 Name` = `Title`, `Option1 Value` = `Default Title`;
- `Variant Grams` is the weight in grams whatever `Variant Weight Unit` (g, kg, lb, oz) says: the
  unit is how the admin shows it; prices carry no currency (the shop's, `source.currency`);
- Markets exports add `Price / <market>`, `Compare At Price / <market>` and `Included / <market>`
  (prices in the market's currency, which the file does not name: not read; our writer writes them).

Each variant becomes one `Product`, named by its SKU (else a product without variants by its handle,
a variant by `<handle>/<option values>`), with `parent` = the handle when the
product has variants and the product's fields repeated on every variant (so every record is
complete; the writers group them back by `handle`). Copy (`title`, `body_html`, `meta_title`,
`meta_description`, `product_type`, option names and values, the alt text of every image:
`image_alt`, `image2_alt` ...) is read in the source locale; attribute names follow Shopify's translatable field keys. Categories are the
`Product Category` path and the `Collection` column where the export has one.

A product's rows are buffered until the next handle (one product, bounded: Shopify allows
2,048 variants), so image rows after the variants still reach every variant.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Origin, Product, Quantity, Reject, Value
from .base import clean_identifier
from .shop import Row, RowError, ShopCsvReader

#: Shopify's weight units -> Akeneo unit codes (the pipeline's unit vocabulary)
WEIGHT_UNITS = {"g": "GRAM", "kg": "KILOGRAM", "lb": "POUND", "oz": "OUNCE"}
DEFAULT_OPTION = ("Title", "Default Title")
#: product-level copy: export column -> attribute (Shopify's translatable field key)
PRODUCT_COPY = (("Title", "title"), ("Body (HTML)", "body_html"), ("SEO Title", "meta_title"),
                ("SEO Description", "meta_description"), ("Type", "product_type"))
#: product-level fields read as they are
PRODUCT_FIELDS = (("Vendor", "brand"), ("Status", "status"), ("Published", "published"), ("Gift Card", "gift_card"),
                  ("ID", "shopify_id"))
VARIANT_FIELDS = (("Variant Barcode", "barcode"), ("Variant Inventory Qty", "inventory_qty"),
                  ("Variant Image", "variant_image"), ("Variant ID", "shopify_variant_id"))
MAX_ROWS_PER_PRODUCT = 4096  # Shopify allows 2,048 variants and 250 images: a longer run is a broken export


class ShopifyCsvReader(ShopCsvReader):
    format = "shopify-csv"
    default_delimiter = ","
    required = ("Handle", "Title")
    shop = "Shopify"
    doc_url = "https://help.shopify.com/en/manual/products/import-export/using-csv"

    def __iter__(self) -> Iterator[Product | Reject]:
        group: list[Row] = []
        handle = ""
        for row in self.rows():
            if isinstance(row, Reject):
                yield row
                continue
            current, problem = clean_identifier(row.data.get("Handle", ""))
            if problem or not current:
                yield Reject(Origin(row.origin.file, row.origin.line, "Handle"),
                             f"column Handle: {problem or 'empty; every row of a Shopify export names its product handle'}",
                             field="Handle")
                continue
            if current != handle or len(group) >= MAX_ROWS_PER_PRODUCT:
                yield from self._product(group)
                group, handle = [], current
            group.append(row)
        yield from self._product(group)

    # --- one product (a run of rows with one handle) ---------------------------------------------

    def _product(self, rows: list[Row]) -> Iterator[Product | Reject]:
        if not rows:
            return
        first = rows[0]
        handle = first.get("Handle")
        names = (first.get("Option1 Name"), first.get("Option2 Name"), first.get("Option3 Name"))
        variants = [r for r in rows if _is_variant(r)]
        images = [r for r in rows if r.data.get("Image Src", "").strip()]
        if not variants:
            yield Reject(Origin(first.origin.file, first.origin.line, "Variant Price"),
                         f"product '{handle}' has no variant row (no Option1 Value, Variant SKU or Variant Price); "
                         "Shopify exports at least one per product", identifier=handle, field="Variant Price")
            return
        has_variants = len(variants) > 1 or (names[0], variants[0].get("Option1 Value")) != DEFAULT_OPTION
        shared = Product(identifier=handle, origin=first.origin)
        try:
            self._product_values(first, shared, names, images)
        except RowError as exc:  # the product's fields are wrong: every row of it is set aside, each named
            yield self.reject(first, exc, handle)
            for row in variants:
                if row is not first:
                    yield Reject(Origin(row.origin.file, row.origin.line, exc.column),
                                 f"product '{handle}' is set aside: its first row (line {first.origin.line}) has {exc}",
                                 identifier=handle, field=exc.column)
            return
        for row in variants:
            data = row.data
            options = (data.get("Option1 Value", "").strip(), data.get("Option2 Value", "").strip(),
                       data.get("Option3 Value", "").strip())
            sku = data.get("Variant SKU", "").strip()
            if has_variants:
                identifier = sku or "/".join([handle, *(o for o in options if o)])
            else:
                identifier = sku or handle
            identifier, problem = clean_identifier(identifier)
            if problem:
                yield Reject(Origin(row.origin.file, row.origin.line, "Variant SKU"), f"column Variant SKU: {problem}",
                             identifier=identifier, field="Variant SKU")
                continue
            product = Product(identifier=identifier, origin=row.origin, parent=handle if has_variants else None,
                              categories=shared.categories, enabled=shared.enabled,
                              values=dict(shared.values))  # the lists are shared: a variant only adds keys
            try:
                self._variant_values(row, product, names, options, sku)
            except RowError as exc:
                yield self.reject(row, exc, identifier)
                continue
            yield product

    def _product_values(self, row: Row, product: Product, names: tuple[str, ...], images: list[Row]) -> None:
        locale = self.locale
        data = row.data
        values = product.values
        values["handle"] = [Value(None, None, row.get("Handle"))]
        for column, attribute in PRODUCT_COPY:
            text = data.get(column)
            if text and text.strip():
                values[attribute] = [Value(locale, None, text)]
        for column, attribute in PRODUCT_FIELDS:
            text = data.get(column)
            if text and (text := text.strip()):
                values[attribute] = [Value(None, None, text)]
        if "Tags" in data:
            tags = tuple(t.strip() for t in data["Tags"].split(",") if t.strip())
            if tags:
                values["tags"] = [Value(None, None, tags)]
        for n, name in enumerate(names, 1):
            if name and (n, name) != (1, DEFAULT_OPTION[0]):
                values[f"option{n}_name"] = [Value(locale, None, name)]
        category = data.get("Product Category", "").strip()
        categories = [category] if category else []
        if "Collection" in data:
            categories += [c.strip() for c in data["Collection"].split(",") if c.strip()]
        product.categories = tuple(categories)
        status = data.get("Status", "").strip().lower()
        if status and status not in ("active", "draft", "archived", "unlisted"):
            raise RowError("Status", f"'{row.get('Status')}' is not a Shopify product status (active, draft, archived or unlisted)")
        product.enabled = status in ("", "active")
        if images:
            values["image"] = [Value(None, None, images[0].get("Image Src"))]
            for n, image in enumerate(images, 1):
                alt = image.raw("Image Alt Text")
                if alt.strip():
                    values[image_alt_attribute(n)] = [Value(locale, None, alt)]
            if len(images) > 1:
                values["images"] = [Value(None, None, tuple(r.get("Image Src") for r in images))]

    def _variant_values(self, row: Row, product: Product, names: tuple[str, ...], options: tuple[str, ...],
                        sku: str) -> None:
        values = product.values  # each key is new on the variant: assign, no append
        data = row.data
        for n, (name, value) in enumerate(zip(names, options, strict=True), 1):
            if value and (name, value) != DEFAULT_OPTION:
                if not name:
                    raise RowError(f"Option{n} Value", f"'{value}' has no option name (Option{n} Name on the "
                                                       "product's first row)")
                values[f"option{n}"] = [Value(self.locale, None, value)]
        if sku:
            values["sku"] = [Value(None, None, sku)]
        for column, attribute in VARIANT_FIELDS:
            text = data.get(column)
            if text and (text := text.strip()):
                values[attribute] = [Value(None, None, text)]
        if "Variant Price" in data:
            price = self.money(row, "Variant Price")
            if price:
                values["price"] = [Value(None, None, price)]
        if "Variant Compare At Price" in data:
            compare = self.money(row, "Variant Compare At Price")
            if compare:
                values["compare_at_price"] = [Value(None, None, compare)]
        unit = data.get("Variant Weight Unit", "").strip().lower()
        if unit and unit not in WEIGHT_UNITS:
            raise RowError("Variant Weight Unit", f"'{row.get('Variant Weight Unit')}' is not a Shopify weight unit "
                                                  "(g, kg, lb or oz)")
        if "Variant Grams" in data:
            grams = self.decimal(row, "Variant Grams")
            if grams is not None:
                values["weight"] = [Value(None, None, Quantity(grams, "GRAM"))]
                if unit:
                    values["weight_unit"] = [Value(None, None, unit)]


def image_alt_attribute(position: int) -> str:
    """The attribute of the alt text of a product's image at `position` (1-based, the export's order
    of image rows, as in `images`): `image_alt` for the first, `image2_alt`, `image3_alt` ... after it."""
    return "image_alt" if position == 1 else f"image{position}_alt"


def _is_variant(row: Row) -> bool:
    """A variant row (not an image-only row): it names an option value, a SKU, a price or a weight."""
    data = row.data
    return bool(data.get("Option1 Value", "").strip() or data.get("Variant SKU", "").strip()
                or data.get("Variant Price", "").strip() or data.get("Variant Grams", "").strip())

