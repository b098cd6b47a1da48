"""What Magento 2's product import accepts, from Adobe's documentation and the import's validator.

Sources: "Product data attributes reference" (Adobe Commerce Admin guide, System > Data Transfer,
https://experienceleague.adobe.com/en/docs/commerce-admin/systems/data-transfer/data-attributes-product):
`sku` is the only required column, up to 64 characters ("A SKU longer than 64 characters causes import
to fail"); a row with a `store_view_code` holds that store view's values; to update, include only the
columns that change. The import's row validator (magento/magento2,
app/code/Magento/CatalogImportExport/Model/Import/Product/Validator.php) refuses a varchar value of 256
characters or more and a text value of 65,536 or more (`AbstractEntity::DB_MAX_VARCHAR_LENGTH`,
`DB_MAX_TEXT_LENGTH`); `Import/Product.php` refuses a `url_key` that another SKU already has in the same
store view ("Url key ... was already generated for an item with the SKU ..."), and reads
`additional_attributes` as `code=value` pairs split on the multiple value separator (`,`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping

from .. import shop_header

SKU_MAX = 64
VARCHAR_MAX = 255  # characters: the validator accepts strlen < 256
TEXT_MAX = 65535  # characters: the validator accepts strlen < 65536
#: Magento's store-view scoped copy attributes and their backend type (catalog_product_entity_*).
COPY_TYPES = {
    "name": "varchar", "meta_title": "varchar", "meta_description": "varchar", "url_key": "varchar",
    "description": "text", "short_description": "text", "meta_keywords": "text",
}
FIELDS = ("sku", "store_view_code", "attribute_set_code", "product_type", "additional_attributes")
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
URL_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STORE_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")  # Magento: letters, digits and _, starting with a letter


def url_key(text: str) -> str:
    """A URL key from a product name the way Magento's `formatUrlKey` makes one: Latin letters
    without accents, lower case, other characters as single hyphens (`Sac week-end, noir` ->
    `sac-week-end-noir`). '' when nothing Latin is left (a Japanese name)."""
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("æ", "ae").replace("ø", "o"))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(key) > VARCHAR_MAX:
        key = key[:VARCHAR_MAX].rsplit("-", 1)[0]
    return key


def header_problems(header: list[str]) -> Iterator[tuple[str | None, str]]:
    """(column, why) for each column Magento's import would not accept."""
    return shop_header.header_problems(header, "sku", "Magento matches rows to products by it", _column_problem)


def _column_problem(name: str) -> str | None:
    if name not in FIELDS and name not in COPY_TYPES and not CODE_RE.match(name):
        return f"'{name}' is not a Magento attribute code (lower-case letters, digits and _)"
    return None


def row_problems(row: Mapping[str, str], url_keys: dict[tuple[str, str], str] | None = None) -> Iterator[tuple[str, str]]:
    """(column, why) for each value of one row that Magento's import would refuse.

    `url_keys` collects (store view, url_key) -> SKU across the file, for the uniqueness rule."""
    sku = row.get("sku", "")
    if not sku.strip():
        yield "sku", "the SKU is empty"
    elif len(sku) > SKU_MAX:
        yield "sku", f"the SKU has {len(sku)} characters; Magento's import fails above {SKU_MAX}"
    view = row.get("store_view_code", "")
    if view and not STORE_CODE_RE.match(view):
        yield "store_view_code", f"'{view}' is not a store view code (lower-case letters, digits and _)"
    for column, value in row.items():
        if not value or column.startswith("\x00"):  # a run's hidden keys (see `checks.run_rows`)
            continue
        kind = COPY_TYPES.get(column, "varchar" if column not in FIELDS else None)
        if kind == "varchar" and len(value) > VARCHAR_MAX:
            yield column, f"{len(value)} characters; Magento stores at most {VARCHAR_MAX} in this attribute"
        elif kind == "text" and len(value) > TEXT_MAX:
            yield column, f"{len(value)} characters; Magento stores at most {TEXT_MAX} in this attribute"
    key = row.get("url_key", "")
    if key:
        if not URL_KEY_RE.match(key):
            yield "url_key", f"'{key}' is not a URL key (lower-case letters, digits and single hyphens)"
        if url_keys is not None:
            owner = url_keys.setdefault((view, key), sku)
            if owner != sku:
                yield "url_key", f"'{key}' is already the URL key of SKU '{owner}' in store view '{view or 'default'}'"
