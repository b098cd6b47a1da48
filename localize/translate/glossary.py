"""Glossaries: `term -> translation` per language pair, and a do-not-translate list.

Files are YAML or CSV, kept in the project next to `localize.yaml`:

    # glossary.de-en.yaml           # or: source/target keys inside the file
    source: de
    target: en                      # a language: en-GB and en-US share the EN dictionary
    terms:
      Akku: battery
      Ladegerät: charger
    do_not_translate: [Bosch, AquaPro]

    # glossary.de-fr.csv            # header `source,target` (or DeepL's 2- or 4-column CSV)
    source,target
    Akku,batterie

    # terms.csv                     # a concept table: one column per locale, one concept a row
    de-DE,en-US,fr-FR               # (YAML: a list of {locale: term}); every language pair of
    Akku,battery,batterie           # a row counts, from the source language when it is known

The same files serve `validate.glossary` (the QA `glossary` check reads them through
`load_glossaries`), so the terms the engine was given are the terms QA expects.

Dictionaries are keyed by *languages* (DeepL glossaries apply to every variant of a target
language). Each pair has a content hash that goes into the memory key, so changing the
French terms re-translates French copy only. For DeepL, all dictionaries are synced to one
multilingual glossary whose name carries the content hash: created once, reused by every
run with the same content, replaced (and the old one deleted) when the content changes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError, InputError
from ..locale import is_known_locale, language_of

_PAIR_IN_NAME = re.compile(r"[._-]([a-z]{2,3})[-_]([a-z]{2,3})$", re.I)


@dataclass
class Glossaries:
    """All glossary dictionaries and do-not-translate terms of a project."""

    pairs: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # (de, en) -> terms
    do_not_translate: tuple[str, ...] = ()
    origins: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (src, tgt, term) -> file:line

    def add(self, source: str, target: str, term: str, translation: str, where: str) -> None:
        source, target = language_of(source), language_of(target)
        term, translation = term.strip(), translation.strip()
        problem = _term_problem(term) or _term_problem(translation)
        if problem:
            raise InputError(f"{where}: {problem}", hint="glossary terms are single lines of at most 1024 bytes")
        entries = self.pairs.setdefault((source, target), {})
        previous = entries.get(term)
        if previous is not None and previous != translation:
            first = self.origins[(source, target, term)]
            raise InputError(
                f"{where}: '{term}' ({source}->{target}) is translated twice: '{previous}' ({first}) and '{translation}'",
                hint="keep one translation per term and language pair",
            )
        entries[term] = translation
        self.origins.setdefault((source, target, term), where)

    def add_do_not_translate(self, terms: Iterable[str]) -> None:
        merged = {t.strip() for t in (*self.do_not_translate, *terms) if t and t.strip()}
        self.do_not_translate = tuple(sorted(merged))

    def terms(self, source: str, target: str) -> dict[str, str]:
        """The dictionary for a pair; `target` may be a variant (`en-GB` uses `en`)."""
        return self.pairs.get((language_of(source), language_of(target)), {})

    def content_hash(self, source: str, target: str) -> str:
        """Hash of exactly what changes a translation into `target`: its terms and the DNT list."""
        data = {"terms": sorted(self.terms(source, target).items()), "dnt": list(self.do_not_translate)}
        if not data["terms"] and not data["dnt"]:
            return ""
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:32]

    @property
    def digest(self) -> str:
        """Hash of every dictionary (names the synced DeepL glossary)."""
        data = [[f"{s}-{t}", sorted(v.items())] for (s, t), v in sorted(self.pairs.items()) if v]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]

    def whole_term(self, text: str, source: str, target: str) -> str | None:
        """The glossary translation when a whole segment is one term (case as written, or
        lower-case match keeping an initial capital)."""
        entries = self.terms(source, target)
        if not entries:
            return None
        key = text.strip()
        if key in entries:
            return entries[key]
        lowered = {k.lower(): v for k, v in entries.items()}
        hit = lowered.get(key.lower())
        if hit is not None and key[:1].isupper():
            return hit[:1].upper() + hit[1:]
        return hit

    def __bool__(self) -> bool:
        return any(self.pairs.values()) or bool(self.do_not_translate)


def _term_problem(text: str) -> str | None:
    if not text:
        return "empty term or translation"
    if any(ch in text for ch in "\t\n\r"):
        return f"'{text[:40]}' contains a tab or line break"
    if len(text.encode("utf-8")) > 1024:
        return f"'{text[:40]}…' is longer than 1024 bytes"
    return None


def load_glossaries(specs: Iterable[Any], base: Path, do_not_translate: Iterable[str] = (),
                    source_language: str | None = None, where: str = "translation.glossaries") -> Glossaries:
    """Load every glossary named in the config (`path` or `{path, source, target}`); `where` names
    the config key in errors (`translation.glossaries`, `validate.glossary`)."""
    glossaries = Glossaries()
    for index, spec in enumerate(specs):
        if isinstance(spec, str | Path):
            spec = {"path": str(spec)}
        path = Path(spec["path"]).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            raise ConfigError(f"{where}[{index}]: {path} not found",
                              hint="fix the path (relative to the config file) or remove the entry")
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            _load_yaml(glossaries, path, spec, source_language)
        elif suffix in (".csv", ".tsv"):
            _load_csv(glossaries, path, spec, source_language)
        else:
            raise ConfigError(f"{where}[{index}]: {path.name} is neither YAML nor CSV",
                              hint="use a .yaml, .yml, .csv or .tsv file")
    glossaries.add_do_not_translate(do_not_translate)
    return glossaries


def _pair_from(path: Path, spec: dict[str, Any], data: dict[str, Any] | None, source_language: str | None) -> tuple[str | None, str | None]:
    data = data or {}
    source = spec.get("source") or data.get("source") or data.get("source_lang")
    target = spec.get("target") or data.get("target") or data.get("target_lang")
    match = _PAIR_IN_NAME.search(path.stem)
    if match:
        source = source or match.group(1)
        target = target or match.group(2)
    return (source or source_language), target


def _load_yaml(glossaries: Glossaries, path: Path, spec: dict[str, Any], source_language: str | None) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # PyYAML: only a MarkedYAMLError has a mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if isinstance(data, list) and data and all(isinstance(row, dict) for row in data):
        _add_concepts(glossaries, path, [([str(k) for k in row], [str(v) if v is not None else "" for v in row.values()],
                                          f"{path} (concept {number})") for number, row in enumerate(data, start=1)],
                      source_language)
        return
    if not isinstance(data, dict):
        raise InputError(f"{path}: a glossary is a mapping with `terms:` (or `targets:`) and `do_not_translate:`, "
                         "or a list of concepts `{locale: term}`")
    source, target = _pair_from(path, spec, data, source_language)
    glossaries.add_do_not_translate(str(t) for t in (data.get("do_not_translate") or []))
    per_target: dict[str, Any] = {}
    if data.get("terms"):
        if not target:
            raise InputError(f"{path}: which language are these terms in? add `target: en` (and `source: de`)")
        per_target[target] = data["terms"]
    for tgt, terms in (data.get("targets") or {}).items():
        per_target[str(tgt)] = terms
    if per_target and not source:
        raise InputError(f"{path}: add `source: de` (the language of the terms)")
    for tgt, terms in per_target.items():
        if not isinstance(terms, dict):
            raise InputError(f"{path}: terms for {tgt} must be a mapping `term: translation`")
        for term, translation in terms.items():
            glossaries.add(str(source), tgt, str(term), str(translation), f"{path} ({term})")


def _load_csv(glossaries: Glossaries, path: Path, spec: dict[str, Any], source_language: str | None) -> None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text", hint="save the glossary as UTF-8") from None
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if rows and _is_locale_header(rows[0]):
        header = [c.strip() for c in rows[0]]
        _add_concepts(glossaries, path, [(header, row, f"{path}:{number}")
                                         for number, row in enumerate(rows[1:], start=2)], source_language)
        return
    source, target = _pair_from(path, spec, None, source_language)
    start = 0
    columns = (0, 1)
    lang_columns: tuple[int, int] | None = None
    if rows:
        header = [c.strip().lower() for c in rows[0]]
        names = {"source", "term", "target", "translation"}
        if names & set(header):
            src_col = next(i for i, h in enumerate(header) if h in ("source", "term"))
            tgt_col = next((i for i, h in enumerate(header) if h in ("target", "translation")), None)
            if tgt_col is None:
                raise InputError(f"{path}:1: the header needs a `target` (or `translation`) column")
            columns = (src_col, tgt_col)
            if "source_lang" in header and "target_lang" in header:
                lang_columns = (header.index("source_lang"), header.index("target_lang"))
            start = 1
        elif len(rows[0]) == 4:
            lang_columns = (2, 3)
    for number, row in enumerate(rows[start:], start=start + 1):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) <= max(columns):
            raise InputError(f"{path}:{number}: expected `term{delimiter}translation`, got {len(row)} column(s)")
        src, tgt = source, target
        if lang_columns and len(row) > max(lang_columns):
            src, tgt = row[lang_columns[0]].strip() or src, row[lang_columns[1]].strip() or tgt
        if not src or not tgt:
            raise InputError(f"{path}:{number}: unknown language pair",
                             hint="name the file like terms.de-fr.csv, or give `source:` and `target:` in the config")
        glossaries.add(src, tgt, row[columns[0]], row[columns[1]], f"{path}:{number}")


def _is_locale_header(row: list[str]) -> bool:
    """A concept table's header names a locale in every column (`de-DE,en-US,fr`)."""
    cells = [c.strip() for c in row]
    return len(cells) >= 2 and all(c and " " not in c and is_known_locale(c) for c in cells)


def _add_concepts(glossaries: Glossaries, path: Path, rows: list[tuple[list[str], list[str], str]],
                  source_language: str | None) -> None:
    """Concept rows (`locales`, `terms`, where): every pair of languages of a row is a term, from the
    source language only when it is known. Two regions of one language with different terms in one
    row (`en-US: color`, `en-GB: colour`) are an error: a dictionary is per language."""
    for locales, terms, where in rows:
        by_language: dict[str, str] = {}
        for locale, term in zip(locales, terms, strict=False):
            term = term.strip()
            if not term:
                continue
            language = language_of(locale)
            if by_language.setdefault(language, term) != term:
                raise InputError(f"{where}: two {language} terms, '{by_language[language]}' and '{term}'",
                                 hint="keep one column per language: a glossary dictionary is per language "
                                      "(DeepL applies it to every region of the language)")
        for src, term in by_language.items():
            if source_language and src != language_of(source_language):
                continue
            for tgt, translation in by_language.items():
                if tgt != src:
                    glossaries.add(src, tgt, term, translation, where)


# --- DeepL sync ----------------------------------------------------------------------------

def glossary_name(prefix: str, glossaries: Glossaries) -> str:
    return f"{prefix}{glossaries.digest}"
