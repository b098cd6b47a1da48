"""Readers for PIM exports, chosen by format name. Each yields Product or Reject, streaming."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..attributes import AttributeCatalog
from ..config import SourceConfig
from .base import Reader

# Shop systems' product exports, each read by a preset (no `source.columns` needed):
# format name -> "module:Class" (imported only when the format is used). One line per shop.
SHOP_READERS: dict[str, str] = {
    "shopify-csv": ".shopify_csv:ShopifyCsvReader",
    "shopware-csv": ".shopware_csv:ShopwareCsvReader",
    "magento-csv": ".magento_csv:MagentoCsvReader",
    "oxid-csv": ".oxid_csv:OxidCsvReader",
}

FORMATS = ("akeneo-csv", "akeneo-xlsx", "akeneo-json", "csv", "jsonl", *SHOP_READERS)


def open_reader(path: Path, source: SourceConfig, catalog: AttributeCatalog) -> Reader:
    """The reader for `source.format` (an `.xlsx` file given to akeneo-csv is read as XLSX)."""
    fmt = source.format
    if fmt == "akeneo-csv" and path.suffix.lower() == ".xlsx":
        fmt = "akeneo-xlsx"
    if fmt in SHOP_READERS:
        module, _, name = SHOP_READERS[fmt].partition(":")
        reader: type[Reader] = getattr(import_module(module, __package__), name)
        return reader(path, source, catalog)
    if fmt == "akeneo-csv":
        from .akeneo_csv import AkeneoCsvReader

        return AkeneoCsvReader(path, source, catalog)
    if fmt == "akeneo-xlsx":
        from .akeneo_xlsx import AkeneoXlsxReader

        return AkeneoXlsxReader(path, source, catalog)
    if fmt == "akeneo-json":
        from .akeneo_json import AkeneoJsonReader

        return AkeneoJsonReader(path, source, catalog)
    if fmt == "csv":
        from .mapped import MappedCsvReader

        return MappedCsvReader(path, source, catalog)
    if fmt == "jsonl":
        from .mapped import MappedJsonlReader

        return MappedJsonlReader(path, source, catalog)
    from ..errors import ConfigError

    raise ConfigError(f"source.format: unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
