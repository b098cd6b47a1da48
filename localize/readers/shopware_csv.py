"""Shopware 6's product export (`source.format: shopware-csv`), the "Default product" profile.

The format, as Shopware defines it (Settings > Import/Export, https://docs.shopware.com/en/shopware-6-en/settings/importexport;
the profile's columns are the `mappedKey`s of its mapping in shopware/shopware,
src/Core/Migration/V6_3/Migration1586334003AddParentIdToProductProfile.php): `;`-separated,
`"`-enclosed, columns `id`, `parent_id`, `product_number`, `active`, `stock`, `name`,
`description` (the default language, `translations.DEFAULT.*`), `price_net`, `price_gross` (the
default currency, `price.DEFAULT.*`), `tax_id`, `tax_rate`, `tax_name`, `cover_media_id`,
`cover_media_url`, `cover_media_title`, `cover_media_alt`, `manufacturer_id`, `manufacturer_name`,
`categories` and `sales_channel` (ids separated by `|`). Profiles often add `ean`, `weight` (kg),
`width`/`height`/`length` (mm), `meta_title`, `meta_description`, `keywords`, and copy in other
languages as `translations.<locale>.<field>` columns (e.g. `translations.de-DE.name`; the key
Shopware's translations serializer resolves by the language's locale code; the cover image's alt text
and title as `cover.media.translations.<locale>.alt|title`), which we read as the existing copy in that locale (`status: pim` in a market of that locale); `translations.DEFAULT.<field>`
columns (a profile whose column names are its keys) are the default-language copy.

Every row is one product, named by its `product_number`. A variant (`parent_id` set) is read with
its own cells only: Shopware variants inherit the parent's name and description (and their
translations) where their own are empty, so only copy a row really holds needs translating, and
the Shopware writer writes exactly that copy back. `parent` is the parent's id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ..locale import to_pim_locale
from ..model import Origin, Product, Quantity, Reject, Value
from .base import clean_identifier
from .shop import Row, RowError, ShopCsvReader

#: default-language copy: column -> attribute (Shopware's product translation field names)
COPY = (("name", "name"), ("description", "description"), ("meta_title", "metaTitle"),
        ("meta_description", "metaDescription"), ("keywords", "keywords"), ("cover_media_alt", "cover_media_alt"),
        ("cover_media_title", "cover_media_title"))
#: the cover image's copy in a language (`cover.media.translations.<locale>.<field>`): field -> attribute
COVER_COPY = {"alt": "cover_media_alt", "title": "cover_media_title"}
FIELDS = (("id", "shopware_id"), ("stock", "stock"), ("ean", "ean"), ("tax_id", "tax_id"),
          ("cover_media_id", "cover_media_id"), ("cover_media_url", "image"), ("manufacturer_id", "manufacturer_id"),
          ("manufacturer_name", "manufacturer"), ("sales_channel", "sales_channel"))
MEASURES = (("weight", "KILOGRAM"), ("width", "MILLIMETER"), ("height", "MILLIMETER"), ("length", "MILLIMETER"))
# Shopware's import reads a boolean as false for 0, false, n and no and as true otherwise (FieldSerializer::
# deserialize, src/Core/Content/ImportExport/DataAbstractionLayer/Serializer/Field/FieldSerializer.php); empty:
# a variant inherits its parent's
FALSE = frozenset({"0", "false", "n", "no"})


class ShopwareCsvReader(ShopCsvReader):
    format = "shopware-csv"
    default_delimiter = ";"
    required: ClassVar[tuple[str, ...]] = ("product_number",)
    shop = "Shopware"
    doc_url = "https://docs.shopware.com/en/shopware-6-en/settings/importexport"

    def __iter__(self) -> Iterator[Product | Reject]:
        translated: list[tuple[str, str, str]] | None = None
        for row in self.rows():
            if isinstance(row, Reject):
                yield row
                continue
            if translated is None:  # `translations.<locale>.<field>` columns, once per file
                translated = [(c, self.locale if c.split(".")[-2] == "DEFAULT" else to_pim_locale(c.split(".")[-2]),
                               COVER_COPY.get(c.split(".")[-1], "") if c.startswith("cover.") else c.split(".")[2])
                              for c in sorted(row.header)
                              if (c.startswith("translations.") and c.count(".") == 2)
                              or (c.startswith("cover.media.translations.") and c.count(".") == 4
                                  and c.split(".")[-1] in COVER_COPY)]
            identifier, problem = clean_identifier(row.get("product_number"))
            if problem or not identifier:
                yield Reject(Origin(row.origin.file, row.origin.line, "product_number"),
                             f"column product_number: {problem or 'empty; Shopware needs a product number per product'}",
                             field="product_number")
                continue
            try:
                yield self._product(row, identifier, translated)
            except RowError as exc:
                yield self.reject(row, exc, identifier)

    def _product(self, row: Row, identifier: str, translated: list[tuple[str, str, str]]) -> Product:
        data = row.data
        values: dict[str, list[Value]] = {"product_number": [Value(None, None, identifier)]}
        locale = self.locale
        for column, attribute in COPY:
            text = data.get(column, "")
            if text.strip():
                values[attribute] = [Value(locale, None, text)]
        for column, pim_locale, field in translated:
            text = data.get(column, "")
            if text.strip() and not any(v.locale == pim_locale for v in values.get(field, ())):
                values.setdefault(field, []).append(Value(pim_locale, None, text))
        for column, attribute in FIELDS:
            text = data.get(column, "").strip()
            if text:
                values[attribute] = [Value(None, None, text)]
        for column, attribute in (("price_gross", "price"), ("price_net", "price_net")):
            if column in data:
                money = self.money(row, column)
                if money:
                    values[attribute] = [Value(None, None, money)]
        if "tax_rate" in data:
            rate = self.decimal(row, "tax_rate")
            if rate is not None:
                values["tax_rate"] = [Value(None, None, rate)]
        for column, unit in MEASURES:
            if column in data:
                amount = self.decimal(row, column)
                if amount is not None:
                    values[column] = [Value(None, None, Quantity(amount, unit))]
        active = data.get("active", "").strip().lower()
        categories = tuple(c.strip() for c in data.get("categories", "").split("|") if c.strip())
        parent = data.get("parent_id", "").strip() or None
        return Product(identifier=identifier, origin=row.origin, parent=parent, categories=categories,
                       enabled=active not in FALSE, values=values)
