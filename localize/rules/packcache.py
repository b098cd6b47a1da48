"""A disk cache of validated rule packs, so a nightly rerun does not parse and validate 600 KB of
unchanged YAML every time (that was half of an unchanged rerun's fixed start-up cost).

An entry holds what `packs._build` needs (the pack as plain data plus each rule's line) and is
keyed by the file's bytes, the schema's bytes, the package version and the source of the code
that validates, so a changed file, schema or validator is always validated again. Only packs
that passed every check are stored; errors never come from the cache. Each entry carries a
digest of its own text: a damaged, truncated or foreign entry is ignored (and rewritten).
Anything the cache cannot do (no writable folder, a full disk) only costs the saving.

The folder is `$LOCALIZE_CACHE_DIR`, else `$XDG_CACHE_HOME/localize`, else `~/.cache/localize`;
`LOCALIZE_CACHE_DIR=off` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..validcache import cache_root
from ..version import __version__

FORMAT = 1
_SUBDIR = "packs"


def cache_dir() -> Path | None:
    """The folder of pack entries, or None when caching is off."""
    root = cache_root()
    return root / _SUBDIR if root is not None else None


@cache
def _code_digest() -> str:
    """What decides whether a pack is valid: the schema, the validating modules, the version."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    h.update(resources.files("localize.schemas").joinpath("rules.schema.json").read_bytes())
    for source in (here / "packs.py", here / "folding.py", here.parent / "config.py"):
        try:
            h.update(source.read_bytes())
        except OSError:  # an installation without sources (zipapp, frozen): the version decides
            h.update(source.name.encode())
    return h.hexdigest()


def entry_key(digest: str) -> str:
    """The entry name for a pack file whose bytes hash to `digest`."""
    return hashlib.sha256(f"{digest}:{_code_digest()}".encode()).hexdigest()


def get(digest: str) -> tuple[dict[str, Any], list[int]] | None:
    """The validated pack data and rule lines for file bytes with `digest`, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    key = entry_key(digest)
    try:
        raw = (folder / f"{key}.json").read_bytes()
    except OSError:
        return None
    head, sep, body = raw.partition(b"\n")
    if not sep or head.decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None  # damaged or truncated: validate the file again
    try:
        entry = json.loads(body)
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    data, lines = entry.get("data"), entry.get("lines")
    if not isinstance(data, dict) or not isinstance(lines, list) or not all(isinstance(n, int) for n in lines):
        return None
    if not isinstance(data.get("rules"), list) or len(lines) != len(data["rules"]):
        return None
    return data, lines


def put(digest: str, data: dict[str, Any], lines: list[int]) -> None:
    """Store a validated pack (best effort: a cache that cannot be written costs only the saving)."""
    folder = cache_dir()
    if folder is None:
        return
    key = entry_key(digest)
    try:
        body = json.dumps({"key": key, "data": data, "lines": lines}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return
    if json.loads(body) != {"key": key, "data": data, "lines": lines}:
        return  # a value JSON cannot carry exactly: such a pack is always parsed
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
            os.replace(tmp, folder / f"{key}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
