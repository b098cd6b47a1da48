"""Profiles: what kind of file this is, how to read it, and which schema and checks apply.

- `jsonl`            our feed (`localize run`'s out/<market>.jsonl), schemas/feed.schema.json
- `google-merchant`  Google Merchant TSV or RSS 2.0 XML, schemas/google-merchant.schema.json
- `akeneo`           an Akeneo product import CSV (`;`-separated)
- `xliff`            an XLIFF 1.2 / 2.x delivery (chosen by the file extension whatever --profile says,
                     because a translator's file is checked the same way in every pipeline)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError

PROFILE_NAMES = ("jsonl", "google-merchant", "akeneo", "xliff")
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
}


def profile_for(path: Path, requested: str | None) -> str:
    """The profile to check `path` with: XLIFF by extension, else --profile, else by extension."""
    suffix = path.suffix.lower()
    if suffix in XLIFF_SUFFIXES:
        return "xliff"
    if requested:
        if requested not in PROFILES:
            raise UsageError(f"--profile: unknown profile '{requested}'", hint=f"use one of {', '.join(PROFILE_NAMES)}")
        return requested
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".tsv", ".txt", ".xml", ".rss"):
        return "google-merchant"
    if suffix == ".csv":
        return "akeneo"
    raise UsageError(
        f"{path}: cannot tell the kind of feed from the extension '{suffix or '(none)'}'",
        hint="pass --profile jsonl, google-merchant or akeneo",
    )


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
