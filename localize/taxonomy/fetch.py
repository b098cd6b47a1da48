"""Download the official published taxonomy files.

Google publishes `https://www.google.com/basepages/producttype/taxonomy-with-ids.<locale>.txt`;
Shopify publishes `dist/<lang>/{categories,attributes,attribute_values}.txt` in its
`Shopify/product-taxonomy` repository. `url_base` points elsewhere (a mirror, or a local
server in tests). Files are written atomically under their official names, so an
interrupted download never leaves half a file, and `localize taxonomy import` reads them as they are.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from ..atomic import atomic_write
from ..errors import UsageError
from ..locale import language_of
from .errors import SourceError

GOOGLE_BASE = "https://www.google.com/basepages/producttype"
SHOPIFY_BASE = "https://raw.githubusercontent.com/Shopify/product-taxonomy/main/dist"
SHOPIFY_FILES = ("categories.txt", "attributes.txt", "attribute_values.txt")
USER_AGENT = "localize-taxonomy-fetch"


def plan(kind: str, locales: list[str], url_base: str | None = None) -> list[tuple[str, str]]:
    """`(url, relative file name)` for every file to download."""
    if not locales:
        raise UsageError("no --locale given", hint="e.g. --locale de-DE --locale en-US")
    out: list[tuple[str, str]] = []
    if kind == "google":
        base = (url_base or GOOGLE_BASE).rstrip("/")
        for loc in locales:
            name = f"taxonomy-with-ids.{loc.replace('_', '-')}.txt"
            out.append((f"{base}/{name}", name))
    elif kind == "shopify":
        base = (url_base or SHOPIFY_BASE).rstrip("/")
        for loc in locales:
            lang = language_of(loc)
            for name in SHOPIFY_FILES:
                out.append((f"{base}/{lang}/{name}", f"{lang}/{name}"))
    else:
        raise UsageError(f"unknown taxonomy kind {kind!r}", hint="use google or shopify")
    return out


def fetch(kind: str, locales: list[str], dest: Path, *, url_base: str | None = None, timeout: float = 60.0) -> list[Path]:
    """Download the files for `locales` into `dest`; returns the written paths (in plan order).

    Every file is attempted; failures are reported together, and files already written stay.
    """
    written: list[Path] = []
    problems: list[str] = []
    for url, name in plan(kind, locales, url_base):
        target = dest / name
        if not url.startswith(("http://", "https://")):
            problems.append(f"{url}: only http(s) URLs can be fetched")
            continue
        try:
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked above)
                data = response.read()
        except urllib.error.HTTPError as exc:
            problems.append(f"{url}: HTTP {exc.code} {exc.reason}")
            continue
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            problems.append(f"{url}: cannot download ({reason})")
            continue
        if not data.strip():
            problems.append(f"{url}: the server sent an empty file")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target, mode="wb", encoding=None) as handle:
            handle.write(data)
        written.append(target)
    if problems:

        raise SourceError(
            f"{len(problems)} of {len(problems) + len(written)} download(s) failed", problems,
            hint="check the locale codes and the network, or pass --url-base for a mirror",
        )
    return written
