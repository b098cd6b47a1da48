"""Remembered schema verdicts: a config that passed its JSON Schema once is not validated (nor
`jsonschema` imported, a third of the check) again while its content, the schema, the validating
code and the versions are the same. Only "valid" is remembered; a config with problems is always
validated, so every error still names its file, line and field.

Entries live in the user's cache folder (see `cache_root`); each holds its own key, so a damaged
or foreign entry is not taken for a verdict. A cache that cannot be read or written costs only
the saving.
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

from babel import __version__ as babel_version

from .version import __version__

FORMAT = 1


def cache_root() -> Path | None:
    """`$LOCALIZE_CACHE_DIR`, else `$XDG_CACHE_HOME/localize`, else `~/.cache/localize`; None when
    `LOCALIZE_CACHE_DIR` is `off` (or empty)."""
    env = os.environ.get("LOCALIZE_CACHE_DIR")
    if env is not None:
        if env.strip().lower() in ("", "off", "0", "none"):
            return None
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "localize"


@cache
def _code_digest(schema_name: str) -> str:
    """What decides a verdict: the schema, the validating module, the versions (babel's data
    decides which currencies and countries the format checks accept)."""
    h = hashlib.sha256(f"{FORMAT}:{__version__}:{babel_version}:{schema_name}".encode())
    h.update(resources.files("localize.schemas").joinpath(schema_name).read_bytes())
    source = Path(__file__).resolve().parent / "config.py"
    try:
        h.update(source.read_bytes())
    except OSError:  # an installation without sources: the versions decide
        h.update(b"config.py")
    return h.hexdigest()


def _key(data: Any, schema_name: str) -> str | None:
    """The verdict's key, or None for data JSON cannot carry exactly (never remembered)."""
    try:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return None
    if json.loads(text) != data:  # int keys, tuples, dates as strings...: validate every time
        return None
    return hashlib.sha256(f"{_code_digest(schema_name)}\n{text}".encode()).hexdigest()


def _entry(key: str) -> Path | None:
    root = cache_root()
    return root / "valid" / f"{key}.ok" if root is not None else None


def known_valid(data: Any, schema_name: str) -> bool:
    """True when exactly this data passed `schema_name` before (under this code and these versions)."""
    key = _key(data, schema_name)
    path = _entry(key) if key else None
    if path is None:
        return False
    try:
        return path.read_text(encoding="ascii").strip() == key
    except (OSError, ValueError):
        return False


def remember_valid(data: Any, schema_name: str) -> None:
    """Record that `data` passed `schema_name` (best effort)."""
    key = _key(data, schema_name)
    path = _entry(key) if key else None
    if path is None or key is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".ok")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(key + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
