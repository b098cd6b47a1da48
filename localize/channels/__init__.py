"""Output channels: the feed writers, chosen by format name (the registry is explicit).

One home per channel: `jsonl`, `tabular` (csv) and `xlsx`, `akeneo/` (the write-back import and its
checks), `google_merchant/` (settings, item builder, unit pricing, checks, TSV/XML feeds); `base` is
the `FeedWriter` contract and `spool` the row spool the sheet writers share.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import ConfigError

if TYPE_CHECKING:
    from .base import FeedWriter

# format name -> "module:Class" (imported only when the format is used)
WRITERS: dict[str, str] = {
    "jsonl": ".jsonl:JsonlWriter",
    "akeneo-csv": ".akeneo.writer:AkeneoCsvWriter",
    "csv": ".tabular:CsvWriter",
    "xlsx": ".xlsx:XlsxWriter",
    "google-merchant-tsv": ".google_merchant.feed:GoogleMerchantTsvWriter",
    "google-merchant-xml": ".google_merchant.feed:GoogleMerchantXmlWriter",
    # shop systems: the files each shop imports to receive localized copy (one package per shop)
    "shopify-csv": ".shopify.writer:ShopifyWriter",
    "shopware-csv": ".shopware.writer:ShopwareWriter",
    "magento-csv": ".magento.writer:MagentoCsvWriter",
    "oxid-csv": ".oxid.writer:OxidCsvWriter",
}


def writer_class(fmt: str) -> type[FeedWriter]:
    """The writer class for an output format name."""
    try:
        target = WRITERS[fmt]
    except KeyError:
        raise ConfigError(
            f"outputs.formats: unknown format '{fmt}'", hint=f"use one of {', '.join(sorted(WRITERS))}"
        ) from None
    module, _, name = target.partition(":")
    return getattr(import_module(module, __package__), name)
