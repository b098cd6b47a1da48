"""The rows of the languages import one record gives (the writer writes them, the run's check stage
checks them with the `shopify` profile first, so a row Shopify would refuse keeps the record out of
the Shopify file and in the review queue instead)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ...model import LocalizedRecord
from .format import PRODUCT_FIELDS

TRANSLATED = frozenset({"machine", "human"})
Row = tuple[str, str, str, str, str, str]  # attribute, type, identification, field, default content, translation


def handle_of(record: LocalizedRecord) -> str:
    product = record.product
    handle = product.get("handle")
    return handle if isinstance(handle, str) and handle else (product.parent or product.identifier)


def translation_rows(record: LocalizedRecord, ids: Mapping[str, str]) -> Iterator[Row]:
    """(our attribute, type, identification, field, default content, translated content) per translated value: product
    fields, option names and values, the image's alt text (see `writer` for the identification)."""
    product = record.product
    handle = handle_of(record)
    shopify_id = product.get("shopify_id")
    ident = shopify_id if isinstance(shopify_id, str) and shopify_id else ids.get(handle) or handle
    values = record.values
    for attribute, field in PRODUCT_FIELDS.items():
        yield from _row(record, attribute, "PRODUCT", ident, field)
    for n in (1, 2, 3):
        yield from _row(record, f"option{n}_name", "PRODUCT_OPTION", f"{ident}/{n}", "name")
        value = values.get(f"option{n}")
        if value is not None and isinstance(value.source, str):
            yield from _row(record, f"option{n}", "PRODUCT_OPTION_VALUE", f"{ident}/{n}/{value.source}", "name")
    image = product.get("image")
    if isinstance(image, str) and image:
        yield from _row(record, "image_alt", "MEDIA_IMAGE", image, "alt")


def _row(record: LocalizedRecord, attribute: str, kind: str, ident: str, field: str) -> Iterator[Row]:
    value = record.values.get(attribute)
    if value is None or value.status not in TRANSLATED:
        return
    if isinstance(value.source, str) and isinstance(value.data, str) and value.source and value.data:
        yield attribute, kind, ident, field, value.source, value.data
