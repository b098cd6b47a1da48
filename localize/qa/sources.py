"""`--source catalogue.csv`: the source copy to compare a feed against, by product and attribute.

A feed's stored `source` may be stale or absent (a Google feed has none); the PIM export is
the truth. We read only what the checks need: identifier -> {attribute: text} in the source
locale (localizable columns of that locale, the given channel preferred, and unlocalized
text columns). Akeneo CSV (`attr-<locale>[-<channel>]` columns), a plain CSV (one column per
attribute) and our JSONL (its `values`) are understood.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..attributes import AttributeCatalog
from ..codes import CodeMap
from ..errors import InputError, UsageError
from ..locale import to_pim_locale
from ..model import Product
from ..readers import open_reader
from ..readers.escapes import EscapeReading, read_escapes

_LOCALE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?_[A-Z]{2}$")
_SKIP = frozenset({"family", "categories", "groups", "enabled", "parent", "family_variant", "uuid"})


def load_source_texts(
    path: Path,
    source_locale: str | None,
    *,
    channel: str | None = None,
    identifier: str | None = None,
    delimiter: str | None = None,
) -> dict[str, dict[str, str]]:
    """identifier -> attribute -> source text, read from a PIM export."""
    if not path.is_file():
        raise UsageError(f"--source: file not found: {path}", hint="pass the PIM export the feed was made from")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return _from_jsonl(path)
    if not source_locale:
        raise UsageError(
            "--source needs the locale of the source copy",
            hint="pass --source-locale (e.g. en_US) or a --config whose source.locale says it",
        )
    return _from_csv(path, to_pim_locale(source_locale), channel, identifier, delimiter)


def load_with_config(path: Path | list[Path], config: Any) -> dict[str, dict[str, str]]:
    """The source copy read by the project's own reader (`source.format` of the config): the same
    columns, locale, channel and product-model merging rules as `localize run` uses (`path` may
    name the product-model export and the products' export)."""
    paths = [path] if isinstance(path, Path) else list(path)
    for p in paths:
        if not p.is_file():
            raise UsageError(f"--source: file not found: {p}", hint="pass the PIM export the feed was made from")
    src = replace(config.source, paths=tuple(paths))
    catalog = AttributeCatalog.from_source(src)
    out: dict[str, dict[str, str]] = {}
    escapes = EscapeReading(catalog)  # as a run reads its source: `\\n` written by the exporter is a line break
    for p in paths:
        for item in open_reader(p, src, catalog):
            if not isinstance(item, Product):
                continue  # a row the reader rejects has no copy to compare against
            if escapes.apply(item) is not None:
                continue  # a URL a run sets aside: no feed carries the product
            texts = {}
            for code in item.values:
                value = item.get(code, src.locale, src.channel)
                if isinstance(value, str) and value and catalog.kind(code) not in ("option", "options", "file"):
                    texts[code] = value
            if item.parent:
                texts[PARENT] = item.parent
            out[item.identifier] = texts
    return _merge_parents(out)


def _from_jsonl(path: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}:{number}: not valid JSON ({exc})", hint="fix the line or the --source path") from None
            ident = data.get("identifier")
            values = data.get("values") or {}
            if isinstance(ident, str) and isinstance(values, dict):
                out[ident] = {k: v for k, v in values.items() if isinstance(v, str)}
    return out


def _from_csv(
    path: Path, locale: str, channel: str | None, identifier: str | None, delimiter: str | None
) -> dict[str, dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})", hint="save the export as UTF-8") from None
    first = text.split("\n", 1)[0]
    delim = delimiter or (";" if first.count(";") >= first.count(",") else ",")
    reader = csv.reader(text.splitlines(), delimiter=delim)
    header = next(reader, None)
    if not header:
        raise InputError(f"{path}: the file is empty", hint="pass the PIM export the feed was made from")
    id_col = identifier or ("sku" if "sku" in header else ("code" if "code" in header else header[0]))
    if id_col not in header and "code" in header and "family_variant" in header:
        id_col = "code"  # a product-model export next to the products
    if id_col not in header:
        raise InputError(f"{path}: no identifier column '{id_col}'", hint="pass the identifier column in the config")
    columns: dict[str, tuple[int, int]] = {}  # attribute -> (column index, preference)
    localized: set[str] = set()
    names = set(header)
    for index, name in enumerate(header):
        if name == id_col or name in _SKIP or f"{name}-unit" in names:
            continue  # a metric amount (`weight` + `weight-unit`) is a quantity, not copy
        parts = name.split("-")
        attr, rest = parts[0], parts[1:]
        locales = [p for p in rest if _LOCALE.match(p)]
        others = [p for p in rest if not _LOCALE.match(p)]
        if locales and locales[0] != locale:
            continue
        if others and (others[0] == "unit" or re.fullmatch(r"[A-Z]{3}", others[0])):
            continue
        if others and channel and others[0] != channel:
            continue
        preference = (2 if locales else 0) + (1 if not others or others[0] == channel else 0)
        if attr not in columns or preference > columns[attr][1]:
            columns[attr] = (index, preference)
        if locales:
            localized.add(attr)
    id_index = header.index(id_col)
    parent_index = header.index("parent") if "parent" in header else None
    out: dict[str, dict[str, str]] = {}
    for row in reader:
        if len(row) <= id_index or not row[id_index].strip():
            continue
        texts = {attr: read_escapes(row[i])[0] for attr, (i, _) in columns.items()
                 if i < len(row) and row[i].strip() and comparable(row[i], attr in localized)}
        if parent_index is not None and parent_index < len(row) and row[parent_index].strip():
            texts[PARENT] = row[parent_index].strip()
        out[row[id_index].strip()] = texts
    return out


PARENT = "\x00parent"  # the product model a row belongs to (merged by `load_sources`, then dropped)
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_BOOL = frozenset({"0", "1", "true", "false", "yes", "no"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.+Z-]+)?$")
_METRIC = re.compile(r"^[-+]?\d+(?:\.\d+)?\s+[A-Z][A-Z_]*$")
_PRICES = re.compile(r"^[-+]?\d+(?:\.\d+)?\s+[A-Z]{3}(?:\s*,\s*[-+]?\d+(?:\.\d+)?\s+[A-Z]{3})*$")
_PATH = re.compile(r"^(?:[\w.-]+[/\\])+[\w.-]+$|^[\w-]+\.(?:jpe?g|png|gif|webp|svg|tiff?|pdf|mp4|zip)$", re.IGNORECASE)
_URL = re.compile(r"^(?:https?|ftp)://\S+$", re.IGNORECASE)


def comparable(value: str, localized: bool) -> bool:
    """True for copy a translator would translate, so a target can be compared with it.

    Without attribute definitions the export's cells are only text: numbers, booleans, dates,
    metric and price forms, file paths and URLs are never copy; in an unlocalized column a
    value without a space is an option code (`cmos`, `copy,print`) or an identifier, not copy
    (a localizable column's single word is: `Bluse`)."""
    text = value.strip()
    if not text or text.lower() in _BOOL or _NUMBER.match(text) or _DATE.match(text):
        return False
    if _METRIC.match(text) or _PRICES.match(text) or _PATH.match(text) or _URL.match(text):
        return False
    if not localized and not any(ch.isspace() for ch in text):
        return False
    return any(ch.isalpha() for ch in text)


def load_sources(
    paths: list[Path] | tuple[Path, ...],
    source_locale: str | None,
    *,
    channel: str | None = None,
    identifier: str | None = None,
    delimiter: str | None = None,
) -> dict[str, dict[str, str]]:
    """Several exports (product models and products, `--source` repeated) as one catalogue: a
    variant's copy is its model's (and the model's parent's), overridden by its own values.
    Model codes join case-insensitively, as in Akeneo."""

    merged: dict[str, dict[str, str]] = {}
    for path in paths:
        for ident, texts in load_source_texts(path, source_locale, channel=channel, identifier=identifier,
                                              delimiter=delimiter).items():
            merged[ident] = {**merged.get(ident, {}), **texts}
    return _merge_parents(merged)


def _merge_parents(items: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each record's copy with its product model's (and that model's parent's) underneath."""
    merged: CodeMap[dict[str, str]] = CodeMap(items)

    def resolved(ident: str, seen: tuple[str, ...]) -> dict[str, str]:
        texts = merged.get(ident) or {}
        parent = texts.get(PARENT)
        if not parent or parent not in merged or parent.casefold() in seen:
            return {k: v for k, v in texts.items() if k != PARENT}
        base = resolved(parent, seen + (ident.casefold(),))
        return {**base, **{k: v for k, v in texts.items() if k != PARENT}}

    return {ident: resolved(ident, ()) for ident in merged}
