"""The rows of the languages import one record gives (the writer writes them, the run's check stage
checks them with the `shopify` profile first, so a row Shopify would refuse keeps the record out of
the Shopify file and in the review queue instead)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from ...model import LocalizedRecord
from ...readers.shopify_csv import image_alt_attribute
from .format import PRODUCT_FIELDS

TRANSLATED = frozenset({"machine", "human"})
Row = tuple[str, str, str, str, str, str]  # attribute, type, identification, field, default content, translation


@dataclass(frozen=True)
class ShopIds:
    """What the shop's own translations export tells about its resource IDs (Shopify's languages import
    matches rows by ID; a product export has none).

    `products`: handle -> product ID (its `PRODUCT,<id>,handle` rows). `resources`: (type, field,
    default content) -> the IDs of the option names, option values and image alt texts that carry that
    content (`PRODUCT_OPTION`/`PRODUCT_OPTION_VALUE` `name`, `MEDIA_IMAGE` `alt`); their rows do not name
    their product, so they are matched by content: every resource with the same text gets the same
    translation. `exported` is False when no export was given: rows then name resources by our own
    identifiers and `validate` warns that Shopify cannot match them."""

    products: Mapping[str, str] = field(default_factory=dict)
    resources: Mapping[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)
    exported: bool = False


NO_EXPORT = ShopIds()


def handle_of(record: LocalizedRecord) -> str:
    product = record.product
    handle = product.get("handle")
    return handle if isinstance(handle, str) and handle else (product.parent or product.identifier)


def translation_rows(record: LocalizedRecord, ids: ShopIds = NO_EXPORT) -> Iterator[Row]:
    """(our attribute, type, identification, field, default content, translated content) per translated value: product
    fields, option names and values, each image's alt text (see `writer` for the identification)."""
    product = record.product
    handle = handle_of(record)
    shopify_id = product.get("shopify_id")
    ident = shopify_id if isinstance(shopify_id, str) and shopify_id else ids.products.get(handle) or handle
    values = record.values
    for attribute, field_name in PRODUCT_FIELDS.items():
        yield from _row(record, attribute, "PRODUCT", ident, field_name)
    for n in (1, 2, 3):
        yield from _resource(record, f"option{n}_name", "PRODUCT_OPTION", f"{ident}/{n}", "name", ids)
        value = values.get(f"option{n}")
        if value is not None and isinstance(value.source, str):
            yield from _resource(record, f"option{n}", "PRODUCT_OPTION_VALUE", f"{ident}/{n}/{value.source}", "name", ids)
    image = product.get("image")
    images = product.get("images")
    sources = images if isinstance(images, tuple) else (image,) if isinstance(image, str) and image else ()
    for n, src in enumerate(sources, 1):
        if isinstance(src, str) and src:
            yield from _resource(record, image_alt_attribute(n), "MEDIA_IMAGE", src, "alt", ids)


def _resource(record: LocalizedRecord, attribute: str, kind: str, own: str, field_name: str,
              ids: ShopIds) -> Iterator[Row]:
    """An option name, option value or image alt row: under each shop ID whose default content is this
    text when the shop's export was given (none when the shop has no such text: nothing to translate
    there), else under our own identifier `own`."""
    for row in _row(record, attribute, kind, own, field_name):
        if not ids.exported:
            yield row
            continue
        for shop_id in ids.resources.get((kind, field_name, row[4]), ()):
            yield row[0], kind, shop_id, field_name, row[4], row[5]


def _row(record: LocalizedRecord, attribute: str, kind: str, ident: str, field: str) -> Iterator[Row]:
    value = record.values.get(attribute)
    if value is None or value.status not in TRANSLATED:
        return
    if isinstance(value.source, str) and isinstance(value.data, str) and value.source and value.data:
        yield attribute, kind, ident, field, value.source, value.data
