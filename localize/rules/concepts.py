"""Shared concept vocabularies: one named word list per concept, in every language, that packs name.

Blind batches kept finding the same hole: a concept one pack names in its own language and the
next pack lacks (a `kukri` in the Dutch weapons list, `mortadella` as pork for Saudi Arabia,
`cattle hide` as beef for India), because each pack carried its own copy of the list. A concept
(`rules/concepts/*.yaml`: `concepts: {name: {description, terms, allow}}`) is written once; a rule
says `concepts: [fighting-knives]` (or a `terms` condition says it) and gets the concept's words
and allow list merged into its own `terms` and `allow` when the pack is loaded, so every market
that names the concept sees every language's word for it (each word is still looked for only in
copy of its language). A pack resolves names against a `concepts/` folder beside it first (a
project's own or overriding vocabulary), then the shipped one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import format_path, line_of, safe_yaml
from ..errors import ConfigError
from .folding import fold, rule_words

Words = dict[str, tuple[str, ...]]
_KEYS = frozenset({"description", "terms", "allow"})


@dataclass(frozen=True)
class Concept:
    """One named vocabulary: its words and known false positives per language (`*`: any)."""

    name: str
    terms: Words
    allow: Words
    file: str
    digest: str  # sha256 of the file the concept comes from (a changed word changes the packs' digests)


def concept_dirs(pack_path: Path, shipped_dir: Path) -> tuple[Path, ...]:
    """Where a pack's concept names resolve, first wins: `concepts/` beside the pack, then the shipped one."""
    out: list[Path] = []
    for d in (pack_path.parent / "concepts", shipped_dir / "concepts"):
        if d.is_dir() and d.resolve() not in {o.resolve() for o in out}:
            out.append(d)
    return tuple(out)


def load_concepts(dirs: Sequence[Path]) -> tuple[dict[str, Concept], list[str]]:
    """The concepts of these folders (a name in an earlier folder wins) and every problem found,
    each as `file:line: path: message`. Files are read again only when their size or time changed."""
    found: dict[str, Concept] = {}
    problems: list[str] = []
    for d in dirs:
        files = sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        for path in files:
            st = path.stat()
            concepts, errs = _load_file(str(path), st.st_size, st.st_mtime_ns)
            problems.extend(errs)
            for c in concepts:
                found.setdefault(c.name, c)
    return found, problems


@lru_cache(maxsize=256)
@rule_words
def _load_file(where: str, size: int, mtime_ns: int) -> tuple[tuple[Concept, ...], tuple[str, ...]]:
    raw = Path(where).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        node, data = safe_yaml(raw.decode("utf-8-sig"), where, fast=True)
    except (ConfigError, UnicodeDecodeError) as exc:
        return (), (f"{where}: {getattr(exc, 'message', exc)}",)
    problems: list[str] = []

    def add(path: list[Any], message: str) -> None:
        problems.append(f"{where}:{line_of(node, path) or 1}: {format_path(path) or '(top level)'}: {message}")

    if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict) or set(data) - {"concepts"}:
        add([], "a concept file is a mapping `concepts: {name: {description, terms, allow}}`")
        return (), tuple(problems)
    out = []
    for name, body in data["concepts"].items():
        if not isinstance(name, str) or not name.replace("-", "").isalnum() or not isinstance(body, dict):
            add(["concepts", name], "a concept is `name: {description, terms, allow}` (name: letters, digits, -)")
            continue
        for key in set(body) - _KEYS:
            add(["concepts", name, key], f"unknown key; a concept has {', '.join(sorted(_KEYS))}")
        if "terms" not in body:
            add(["concepts", name], "a concept needs `terms`")
        words = {key: _words(body.get(key), lambda path, msg, k=key, n=name: add(["concepts", n, k, *path], msg))
                 for key in ("terms", "allow")}
        out.append(Concept(str(name), words["terms"], words["allow"], where, digest))
    return tuple(out), tuple(problems)


def _words(value: Any, add: Callable[[list[Any], str], None]) -> Words:
    if value is None:
        return {}
    if isinstance(value, list):
        value = {"*": value}
    if not isinstance(value, dict):
        add([], "words are a mapping language -> list of words")
        return {}
    out: Words = {}
    for lang, items in value.items():
        if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
            add([lang], "a list of words")
            continue
        for j, w in enumerate(items):
            if not fold(w.strip("*")).strip():
                add([lang, j], f"{w!r} is empty once case and accents are folded")
        out[str(lang)] = tuple(items)
    return out


def merge_words(own: Any, extra: Iterable[Words]) -> dict[str, list[str]] | list[str]:
    """A rule's word list with the concepts' words added (per language, written order, no repeats)."""
    merged: dict[str, list[str]] = {}
    if isinstance(own, list):
        merged["*"] = list(own)
    elif isinstance(own, dict):
        merged = {lang: list(items) for lang, items in own.items()}
    for words in extra:
        for lang, items in words.items():
            have = merged.setdefault(lang, [])
            have.extend(w for w in items if w not in have)
    return merged


def expand(data: dict[str, Any], concepts: dict[str, Concept], add: Callable[[list[Any], str], None],
           path: list[Any], used: set[str]) -> dict[str, Any]:
    """`data` (a rule or a condition) with its `concepts` merged into `terms`/`allow`, recursively
    through `when`, `unless`, `match`, `any`, `all` and `not`; an unknown name is a problem."""
    out = dict(data)
    for key in ("when", "unless", "match", "not"):
        if isinstance(out.get(key), dict):
            out[key] = expand(out[key], concepts, add, path + [key], used)
    for key in ("any", "all"):
        if isinstance(out.get(key), list):
            out[key] = [expand(c, concepts, add, path + [key, i], used) if isinstance(c, dict) else c
                        for i, c in enumerate(out[key])]
    names = out.pop("concepts", None)
    if names is None:
        return out
    known = []
    for i, name in enumerate(names):
        concept = concepts.get(name)
        if concept is None:
            add(path + ["concepts", i], f"unknown concept '{name}'"
                + (f"; known: {', '.join(sorted(concepts))}" if concepts else "; no concepts/ folder found"))
            continue
        known.append(concept)
        used.add(name)
    out["terms"] = merge_words(out.get("terms"), (c.terms for c in known))
    allows = [c.allow for c in known if c.allow]
    if allows:
        out["allow"] = merge_words(out.get("allow"), allows)
    return out
