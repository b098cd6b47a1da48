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
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError

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
    return _from_csv(path, source_locale.replace("-", "_"), channel, identifier, delimiter)


def load_with_config(path: Path, config: Any) -> dict[str, dict[str, str]]:
    """The source copy read by the project's own reader (`source.format` of the config): the same
    columns, locale, channel and product-model merging rules as `localize run` uses."""
    from dataclasses import replace

    from ..attributes import AttributeCatalog
    from ..model import Product
    from ..readers import open_reader

    if not path.is_file():
        raise UsageError(f"--source: file not found: {path}", hint="pass the PIM export the feed was made from")
    src = replace(config.source, paths=(path,))
    catalog = AttributeCatalog.load(src.attributes, src.encoding, src.delimiter or ";")
    out: dict[str, dict[str, str]] = {}
    for item in open_reader(path, src, catalog):
        if not isinstance(item, Product):
            continue  # a row the reader rejects has no copy to compare against
        texts = {}
        for code in item.values:
            value = item.get(code, src.locale, src.channel)
            if isinstance(value, str) and value:
                texts[code] = value
        out[item.identifier] = texts
    return out


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
    id_col = identifier or ("sku" if "sku" in header else header[0])
    if id_col not in header:
        raise InputError(f"{path}: no identifier column '{id_col}'", hint="pass the identifier column in the config")
    columns: dict[str, tuple[int, int]] = {}  # attribute -> (column index, preference)
    for index, name in enumerate(header):
        if name == id_col or name in _SKIP:
            continue
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
    id_index = header.index(id_col)
    out: dict[str, dict[str, str]] = {}
    for row in reader:
        if len(row) <= id_index or not row[id_index].strip():
            continue
        texts = {attr: row[i] for attr, (i, _) in columns.items() if i < len(row) and row[i].strip()}
        out[row[id_index].strip()] = texts
    return out
