"""Which files a config may name, and which folders a run may write.

Two rules, both checked before any work starts (exit 2, every problem listed):

- **Confinement.** A config file is data: someone else may have written it. The paths it names
  (sources, definitions, taxonomy, memory, glossaries, rule packs, outputs, state, review store)
  must lie inside the config file's folder unless the config says `allow_outside: true` (or the
  command line passes `--allow-outside`); otherwise a config could publish `/etc/passwd` as a
  feed or write over files anywhere. Paths are compared after `..` is resolved but without
  following symbolic links: a link inside the project is its owner's choice. Paths given on the
  command line (`--source`, `--out`) and quick runs without a config are the caller's own
  choice and are not confined.
- **No overlap.** Outputs never overwrite inputs: the output folder and the state folder must
  not be the same folder or one inside the other, and neither may hold the config file or a
  source file (`outputs.dir: .` next to a source named `en-US.csv` would replace it); the
  output folder may not hold any other input either (rule packs, memory, glossaries, taxonomy).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import ConfigError

GLOB_CHARS = frozenset("*?[")
HINT_OUTSIDE = ("keep the files inside the project folder, or set `allow_outside: true` at the top of the config "
                "(or pass --allow-outside) if reading and writing there is intended")

# (dotted key, kind): "in" read, "out" written, "source" read and part of the catalogue.
_KEYS: tuple[tuple[str, str], ...] = (
    ("source.path", "source"), ("source.attributes", "source"), ("source.categories", "source"),
    ("source.options", "source"),
    ("outputs.dir", "out"), ("state", "out"), ("review.store", "out"), ("review.queue", "queue"),
    ("taxonomy.path", "in"), ("taxonomy.mapping", "in"), ("taxonomy.attributes", "in"),
    ("translation.glossaries", "in"), ("translation.memory_files", "in"), ("prices.rates_file", "in"),
    ("rules.packs", "in"), ("validate.glossary", "in"), ("validate.google_merchant.category_map", "in"),
    ("outputs.shopify.translations_export", "in"),
)
_MARKET_KEYS: tuple[tuple[str, str], ...] = (
    ("rules.packs", "in"), ("validate.glossary", "in"), ("validate.google_merchant.category_map", "in"),
    ("prices.rates_file", "in"),
)


def config_paths(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(where, path as written, kind) for every path a config names."""
    for key, kind in _KEYS:
        yield from _values(data, key, key, kind)
    for i, market in enumerate(data.get("markets") or ()):
        if isinstance(market, dict):
            for key, kind in _MARKET_KEYS:
                yield from _values(market, key, f"markets[{i}].{key}", kind)


def _values(data: dict[str, Any], key: str, where: str, kind: str) -> Iterator[tuple[str, str, str]]:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict):
            return
        node = node.get(part)
    items = node if isinstance(node, list) else [node]
    for n, item in enumerate(items):
        if isinstance(item, dict):  # {path: ..., source: de} entries (glossaries)
            item = item.get("path")
        if isinstance(item, str) and item and not (key == "taxonomy.path" and item == "default"):
            yield (f"{where}[{n}]" if isinstance(node, list) else where), item, kind


def _full(base: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return Path(os.path.normpath(p if p.is_absolute() else base / p))


def _literal_part(path: Path) -> Path:
    """The part of a glob before its first wildcard (`data/*.csv` -> `data`)."""
    parts = []
    for part in path.parts:
        if GLOB_CHARS & set(part):
            break
        parts.append(part)
    return Path(*parts) if parts else path


def check_confined(data: dict[str, Any], base: Path, config_path: Path | None, trusted: Iterable[str] = ()) -> None:
    """Refuse paths outside `base` (the config's folder) unless the config allows them."""
    if data.get("allow_outside") is True:
        return
    base = Path(os.path.normpath(base))
    allowed = set(trusted)
    problems = []
    for where, value, _kind in config_paths(data):
        if value in allowed:
            continue
        full = _literal_part(_full(base, value))
        if not full.is_relative_to(base):
            problems.append(f"{where}: {value} is outside the config file's folder {base}")
    if problems:
        raise ConfigError(f"{config_path or 'config'}: the config names paths outside its folder", problems,
                          hint=HINT_OUTSIDE)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _inputs(config: Any) -> list[tuple[str, Path, bool]]:
    """Every file or folder a run reads: (where, path, is a source or the config)."""
    inputs: list[tuple[str, Path, bool]] = []
    if config.path is not None:
        inputs.append(("the config file", Path(config.path), True))
    for n, p in enumerate(config.source.paths):
        inputs.append((f"source.path[{n}]" if len(config.source.paths) > 1 else "source.path", p, True))
    for where, value, kind in _read_besides_source(config):
        inputs.append((where, _literal_part(_full(config.base_dir, value)), kind == "source"))
    return inputs


def _read_besides_source(config: Any) -> Iterator[tuple[str, str, str]]:
    """(where, path as written, kind) of every path the config reads other than the source files."""
    for where, value, kind in config_paths(config.raw):
        if kind == "in" or (kind == "source" and where != "source.path" and not where.startswith("source.path[")):
            yield where, value, kind


def check_overlaps(config: Any) -> None:
    """Refuse an output or state folder that overlaps an input, the config, or the other folder."""
    out = _real(config.out_dir)
    state = _real(config.state_dir)
    problems = []
    if _overlaps(out, state):
        problems.append(f"outputs.dir ({config.out_dir}) and state ({config.state_dir}) overlap: "
                        "a run would publish its own state or prune it; use two separate folders")
    for where, path, is_source in _inputs(config):
        real = _real(path)
        if _overlaps(real, out):
            problems.append(f"{where} ({path}) is inside the output folder {config.out_dir}: "
                            "a run could replace it with an output")
        elif is_source and _overlaps(real, state):
            problems.append(f"{where} ({path}) is inside the state folder {config.state_dir}")
    if problems:
        raise ConfigError(f"{config.path or 'config'}: outputs would overwrite inputs", problems,
                          hint="write outputs and state to folders of their own (e.g. outputs.dir: out, state: .localize) "
                               "that hold no input file")


def check_review_folder(config: Any, folder: Path) -> None:
    """`localize review export --out DIR`: DIR may not overlap the outputs, the state or any input."""
    real = _real(folder)
    problems = []
    for name, other in (("outputs.dir", config.out_dir), ("state", config.state_dir)):
        if _overlaps(real, _real(other)):
            problems.append(f"the review folder {folder} overlaps {name} ({other})")
    for where, path, _is_source in _inputs(config):
        if _overlaps(_real(path), real):
            problems.append(f"{where} ({path}) is inside the review folder {folder}")
    if problems:
        raise ConfigError(f"--out {folder}: review files would overwrite other files", problems,
                          hint="export the review files to a folder of their own, e.g. --out review")


def input_files(config: Any) -> list[tuple[str, Path]]:
    """(where, file) for every file the config names as read input besides the source files
    (taxonomy, mapping, glossaries, memory files, rates, rule packs, category maps, a shop's
    export): globs expanded and folders walked, sorted, so a caller can tell whether any of them
    changed. Why: an unchanged rerun (`pipeline.rerun`) may only reuse the last run's files when
    nothing it read changed, and some of these (a shop's translations export) are read by the
    writers, not by any stage whose fingerprint would show the change."""
    files: list[tuple[str, Path]] = []
    for where, value, _kind in _read_besides_source(config):
        full = _full(config.base_dir, value)
        if any(ch in value for ch in "*?["):
            found = sorted(p for p in _literal_part(full).glob(str(full.relative_to(_literal_part(full)))) if p.is_file())
        elif full.is_dir():
            found = sorted(p for p in full.rglob("*") if p.is_file())
        else:
            found = [full]
        files += [(where, p) for p in found]
    return files
