"""Readers for PIM exports, chosen by format name. Each yields Product or Reject, streaming."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..attributes import AttributeCatalog
from ..config import SourceConfig
from ..errors import ConfigError
from .base import Reader

#: format name -> "module:Class", imported only when the format is used (openpyxl alone costs ~0.2 s).
READERS: dict[str, str] = {
    "akeneo-csv": ".akeneo_csv:AkeneoCsvReader",
    "akeneo-xlsx": ".akeneo_xlsx:AkeneoXlsxReader",
    "akeneo-json": ".akeneo_json:AkeneoJsonReader",
    "csv": ".mapped:MappedCsvReader",
    "jsonl": ".mapped:MappedJsonlReader",
}

# Shop systems' product exports, each read by a preset (no `source.columns` needed). One line per shop.
SHOP_READERS: dict[str, str] = {
    "shopify-csv": ".shopify_csv:ShopifyCsvReader",
    "shopware-csv": ".shopware_csv:ShopwareCsvReader",
    "magento-csv": ".magento_csv:MagentoCsvReader",
    "oxid-csv": ".oxid_csv:OxidCsvReader",
}
READERS.update(SHOP_READERS)

FORMATS = tuple(READERS)

#: a `.xlsx` file given to a text format is read as a workbook with the same columns
SPREADSHEET_TWINS: dict[str, str] = {
    "akeneo-csv": READERS["akeneo-xlsx"],
    "csv": ".mapped_xlsx:MappedXlsxReader",
}


def open_reader(path: Path, source: SourceConfig, catalog: AttributeCatalog) -> Reader:
    """The reader for `source.format` (an `.xlsx` file given to akeneo-csv or csv is read as XLSX)."""
    fmt = source.format
    if fmt not in READERS:
        raise ConfigError(f"source.format: unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    entry = READERS[fmt]
    if path.suffix.lower() in (".xlsx", ".xlsm") and fmt in SPREADSHEET_TWINS:
        entry = SPREADSHEET_TWINS[fmt]
    module, _, name = entry.partition(":")
    reader: type[Reader] = getattr(import_module(module, __package__), name)
    return reader(path, source, catalog)
