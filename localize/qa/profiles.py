"""Profiles: what kind of file this is, how to read it, and which schema and checks apply.

- `jsonl`            our feed (`localize run`'s out/<market>.jsonl), schemas/feed.schema.json
- `google-merchant`  Google Merchant TSV or RSS 2.0 XML, schemas/google-merchant.schema.json
- `akeneo`           an Akeneo product import CSV (`;`-separated)
- `xliff`            an XLIFF 1.2 / 2.x delivery (chosen by the file extension whatever --profile says,
                     because a translator's file is checked the same way in every pipeline)
- `shopify`, `shopware` ...  a shop system's import file, as our writers name it (`<market>.shopware.csv`):
                     the shop's channel registers how to read it (`ShopCsv`, see `localize.qa.checks.extend`)
- `sheet`            the run's own sheet for people (`out/<market>.csv`), told apart from an Akeneo CSV by
                     its header (`identifier,family,parent,categories,enabled,findings,...`: the profile's
                     `detect` extension reads it), so a CI job can validate every file a run writes
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .checks import extension
from .feeds import xlsx_header

PROFILE_NAMES = ("jsonl", "google-merchant", "akeneo", "xliff", "shopify", "shopware", "magento", "oxid", "sheet")
XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlf2", ".sdlxliff", ".mqxliff")


@dataclass(frozen=True)
class Profile:
    name: str
    schema: str | None  # a schema file in localize/schemas, validated per record
    description: str


PROFILES: dict[str, Profile] = {
    "jsonl": Profile("jsonl", "feed.schema.json", "localize JSONL feed (one product per line)"),
    "google-merchant": Profile("google-merchant", "google-merchant.schema.json",
                               "Google Merchant Center feed (TSV or RSS 2.0 XML)"),
    "akeneo": Profile("akeneo", None, "Akeneo product import CSV"),
    "xliff": Profile("xliff", None, "XLIFF 1.2 / 2.x translation delivery"),
    "shopify": Profile("shopify", None, "Shopify Translate & Adapt translations CSV or Markets price list CSV"),
    "shopware": Profile("shopware", None, "Shopware 6 product import/export profile CSV"),
    "magento": Profile("magento", None, "Magento 2 product import CSV (store-view rows)"),
    "oxid": Profile("oxid", None, "OXID eShop generic import CSV (oxarticles / oxartextends language fields)"),
    "sheet": Profile("sheet", None, "the run's sheet for people (out/<market>.csv)"),
}

# Shop import files are told apart by the end of the name our writers give them (all are .csv).
NAME_ENDINGS: dict[str, str] = {
    ".shopify-translations.csv": "shopify",
    ".shopify-prices.csv": "shopify",
    ".shopware.csv": "shopware",
    ".magento.csv": "magento",
    ".oxid.csv": "oxid",
    ".oxid-longdesc.csv": "oxid",
}


@dataclass(frozen=True)
class ShopCsv:
    """How `validate` reads a shop's import CSV; the shop's channel registers it for its profile with
    `extend(profile, "csv", ShopCsv(...))`, so qa names no shop code.

    `header_issues(header, ctx)` yields the header's problems (reported under `columns_check`, a
    line check the channel defines); `identifier(header)` names the column that identifies a record
    (a shop may write two kinds of file under one profile); `pairs(fields, ctx)` gives a record's
    (field, source, target) text pairs for the translation checks (the header is in `ctx.extra["header"]`);
    `record_id(fields)` the record's key when one column is not unique (a row per field of a resource).
    """

    delimiter: str
    columns_check: str
    header_issues: Callable[[list[str], Any], Iterable[Any]]
    identifier: Callable[[list[str]], str]
    pairs: Callable[[dict[str, Any], Any], list[tuple[str, str | None, str | None]]] | None = None
    record_id: Callable[[dict[str, Any]], str | None] | None = None  # a composite key (duplicate-id, findings)


def profile_for(path: Path, requested: str | None) -> str:
    """The profile to check `path` with: XLIFF by extension, else --profile, else by extension."""
    suffix = path.suffix.lower()
    if suffix in XLIFF_SUFFIXES:
        return "xliff"
    name = path.name.lower()
    ending = next((e for e in NAME_ENDINGS if name.endswith(e)), None)
    if requested:
        if requested not in PROFILES:
            raise UsageError(f"--profile: unknown profile '{requested}'", hint=f"use one of {', '.join(PROFILE_NAMES)}")
        return requested
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".tsv", ".txt", ".xml", ".rss"):
        return "google-merchant"
    if ending:
        return NAME_ENDINGS[ending]
    if suffix == ".csv":
        return detected(path) or "akeneo"
    if suffix == ".xlsx" and (found := detected(path)):
        return found
    raise UsageError(
        f"{path}: cannot tell the kind of feed from the extension '{suffix or '(none)'}'",
        hint="pass --profile jsonl, google-merchant, akeneo or sheet (an XLSX file is checked when it is a run's sheet)",
    )


def detected(path: Path) -> str | None:
    """The profile whose `detect` extension recognises the file's first row (our own sheet), else None."""
    if path.suffix.lower() == ".xlsx":
        header = xlsx_header(path)
    else:
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                header = [h.strip() for h in next(csv.reader(fh), [])]
        except (OSError, UnicodeDecodeError, csv.Error):
            return None  # reading the file reports what is wrong with it
    return next((name for name in PROFILE_NAMES if (detect := extension(name, "detect")) and detect(header)), None)


def google_format(path: Path) -> str:
    """`xml` or `tsv`: by extension, else by the first non-blank character."""
    suffix = path.suffix.lower()
    if suffix in (".xml", ".rss"):
        return "xml"
    if suffix in (".tsv", ".txt"):
        return "tsv"
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "xml" if head.startswith(b"<") else "tsv"
