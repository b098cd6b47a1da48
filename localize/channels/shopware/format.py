"""The Shopware 6 product import we write, as Shopware defines it.

Shopware's Import/Export (Settings > Import/Export, https://docs.shopware.com/en/shopware-6-en/settings/importexport)
imports a CSV through a profile: a mapping of entity paths (`key`) to CSV column names
(`mappedKey`); the delimiter is `;` and the enclosure `"` by default. Product copy lives in the
product's translations, one per language: the default profile maps `translations.DEFAULT.name`
(the system language); another language is `translations.<locale>.<field>`, with the language's
locale code (`translations.de-DE.name`), resolved by Shopware's translations serializer
(shopware/shopware, src/Core/Content/ImportExport/DataAbstractionLayer/Serializer/Field/TranslationsSerializer.php).
Our file names its columns by those keys, so the profile to import it maps each column to the
key of the same name, and `id` (or `product_number`) finds the product to update.

Field names and lengths are those of Shopware's product translation definition
(src/Core/Content/Product/Aggregate/ProductTranslation/ProductTranslationDefinition.php):
`name`, `metaTitle`, `metaDescription` and `packUnit` are string fields of at most 255
characters; `description` (HTML allowed) and `keywords` are long text. A product number has at
most 64 characters; an id is 32 hexadecimal digits.

The cover image's alt text and title are the cover media's translation (the default profile maps
`cover_media_id` to `cover.media.id` and `cover_media_alt`/`cover_media_title` to
`cover.media.translations.DEFAULT.alt`/`.title`, src/Core/Migration/Fixtures/import-export-profiles/
ProductMappingProfile.php); another language is `cover.media.translations.<locale>.<field>`
(MediaTranslationDefinition: `title` a string field of at most 255 characters, `alt` long text). A row
carries them only with the product's `id` and the cover's `cover_media_id`: with both, Shopware's
ProductSerializer finds the product's existing cover (findCoverProductMediaId) and updates that
media's translation; without them the import would add a new cover.
"""

from __future__ import annotations

import re

from ...model import Market

#: our attribute (the reader's names) -> Shopware's product translation field
FIELDS = ("name", "description", "metaTitle", "metaDescription", "keywords")
LIMITS = {"name": 255, "metaTitle": 255, "metaDescription": 255, "packUnit": 255}
TRANSLATABLE = frozenset(FIELDS) | {"packUnit", "customSearchKeywords"}
KEY_COLUMNS = ("id", "product_number")
COLUMN_RE = re.compile(r"^translations\.(?P<locale>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(?P<field>[A-Za-z]+)$")
ID_RE = re.compile(r"^[0-9a-f]{32}$")
PRODUCT_NUMBER_MAX = 64


#: the cover image's copy: our attribute (the reader's names) -> Shopware's media translation field
COVER_FIELDS = (("cover_media_alt", "alt"), ("cover_media_title", "title"))
COVER_ID = "cover_media_id"  # the column of the cover's media id (`cover.media.id`)
COVER_LIMITS = {"title": 255}
COVER_COLUMN_RE = re.compile(r"^cover\.media\.translations\.(?P<locale>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"
                             r"\.(?P<field>[A-Za-z]+)$")


def shopware_locale(market: Market) -> str:
    """The locale code of the Shopware language a market's copy goes to (`de-DE`, `fr-CH`)."""
    return market.locale


def column(market: Market, field: str) -> str:
    return f"translations.{shopware_locale(market)}.{field}"


def cover_column(market: Market, field: str) -> str:
    return f"cover.media.translations.{shopware_locale(market)}.{field}"
