"""Rule packs: load YAML, validate against `schemas/rules.schema.json`, resolve what applies.

Every problem in every pack is reported at once, each as `file:line: path: message`, because
rule authors fix packs in one go, not one error per run. Lines come from `yaml.compose`
marks, as in `localize.config`. Beyond the schema we check what a schema cannot: regular
expressions compile, words survive folding, keys belong to the rule's kind, ids are unique
across packs (naming both files).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import translate
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..config import format_path, line_of, safe_yaml, validate_against_schema
from ..errors import ConfigError
from ..model import Market, Severity
from . import concepts as concepts_mod
from . import packcache
from .folding import fold, rule_words

KINDS = ("terms", "pattern", "number", "color", "geo", "category", "claim", "language")
COMMON_KEYS = frozenset({
    "id", "kind", "severity", "message", "action", "source", "enabled", "fields", "exclude_fields",
    "side", "scope", "effective_from", "effective_until", "tags", "risk", "when", "unless",
})
#: Exemption reasons are shown in run manifests: a reason must say something.
MIN_REASON = 10
KIND_KEYS: dict[str, frozenset[str]] = {
    "terms": frozenset({"terms", "concepts", "allow", "inflect", "compounds", "unless_attributes", "substantiated_severity"}),
    "geo": frozenset({"terms", "concepts", "allow", "inflect", "compounds", "expected"}),
    "claim": frozenset({"terms", "concepts", "allow", "inflect", "compounds", "unless_attributes", "substantiated_severity"}),
    "language": frozenset({"terms", "concepts", "allow", "inflect", "compounds"}),
    "pattern": frozenset({"pattern", "patterns", "ignore_case", "languages", "requires"}),
    "number": frozenset({"numbers", "in", "count_words", "numerals", "price_match", "count_attributes"}),
    "color": frozenset({"colors", "words", "attributes", "allow"}),
    "category": frozenset({"categories", "match", "unless_attributes", "substantiated_severity"}),
}


class RulesError(ConfigError):
    """One or more rule packs are invalid; `problems` lists every problem with file and line."""


@dataclass(frozen=True)
class Scope:
    """Where a pack or rule applies; a market matches when any list names it."""

    everywhere: bool = False
    countries: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    locales: frozenset[str] = frozenset()
    markets: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Scope | None:
        if not data:
            return None
        return cls(
            everywhere=bool(data.get("global")),
            countries=frozenset(data.get("countries", ())),
            languages=frozenset(data.get("languages", ())),
            locales=frozenset(loc.lower() for loc in data.get("locales", ())),
            markets=frozenset(data.get("markets", ())),
        )

    def matches(self, market: Market) -> bool:
        return (
            self.everywhere
            or market.country in self.countries
            or market.language in self.languages
            or market.locale.lower() in self.locales
            or market.code in self.markets
        )

    def describe(self) -> str:
        if self.everywhere:
            return "global"
        parts = sorted(self.countries) + sorted(self.languages) + sorted(self.locales) + sorted(self.markets)
        return ", ".join(parts)


@dataclass(frozen=True)
class Rule:
    """One rule of a pack. `spec` holds the kind-specific keys as written in the pack."""

    id: str
    kind: str
    severity: Severity
    message: str
    source: str
    pack: str
    file: str
    line: int
    action: str | None = None
    fields: tuple[str, ...] = ()
    exclude_fields: tuple[str, ...] = ()
    side: str = "both"
    scope: Scope | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    tags: tuple[str, ...] = ()
    enabled: bool = True
    risk: str | None = None
    spec: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def active_on(self, day: dt.date) -> bool:
        """False before `effective_from` and after `effective_until` (a law's dates)."""
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_until and day > self.effective_until)

    def applies_to_field(self, code: str) -> bool:
        if not self.fields and not self.exclude_fields:
            return True
        return _field_filter(self.fields, self.exclude_fields)(code)

    def with_severity(self, severity: Severity) -> Rule:
        return replace(self, severity=severity)


@dataclass(frozen=True)
class Pack:
    """A rule pack as loaded from one YAML file."""

    id: str
    scope: Scope
    rules: tuple[Rule, ...]
    path: str
    version: str | None = None
    title: str | None = None
    description: str | None = None
    shipped: bool = False
    digest: str = ""  # sha256 of the file's bytes and of the concept files it names (the rules fingerprint)
    # Rules of other packs (ids or globs) that do not apply where this pack applies, with the reason:
    # a market pack says a global rule's concern is not this market's (`ru-crimea` instead of
    # `global-geo-crimea` in Russia); `RuleSet.exemptions` shows them in the run manifest.
    exempt: tuple[tuple[str, str], ...] = ()

    def applies_to(self, market: Market) -> bool:
        return self.scope.matches(market)


def glob_regex(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """One compiled regex for a list of globs (None for an empty list); memoised per list."""
    return _glob_regex(tuple(patterns)) if patterns else None


@lru_cache(maxsize=4096)
def _glob_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(translate(p) for p in patterns))


@lru_cache(maxsize=1024)
def _field_filter(include: tuple[str, ...], exclude: tuple[str, ...]) -> Callable[[str], bool]:
    inc, exc = glob_regex(include), glob_regex(exclude)
    cache: dict[str, bool] = {}

    def test(code: str) -> bool:
        hit = cache.get(code)
        if hit is None:
            hit = cache[code] = (inc is None or inc.match(code) is not None) and (exc is None or exc.match(code) is None)
        return hit

    return test


def shipped_rules_dir() -> Path:
    """The rule packs we ship: `rules/` at the top of the source tree (or `localize/data/rules` when packaged)."""
    here = Path(__file__).resolve()
    repo = here.parents[2] / "rules"
    if repo.is_dir():
        return repo
    return here.parents[1] / "data" / "rules"


def pack_files(paths: Iterable[str | Path]) -> list[Path]:
    """YAML files named directly or found in folders (sorted, so load order is deterministic)."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file()))
        else:
            out.append(p)
    return out


Vocabulary = tuple[dict[str, "concepts_mod.Concept"], list[str]]


def _vocab_key(vocab: Vocabulary) -> tuple[str, ...]:
    """The concept files a vocabulary comes from, by content (a pack's cache entry depends on them)."""
    return tuple(sorted({c.digest for c in vocab[0].values()}))


def load_packs(paths: Iterable[str | Path], *, shipped: bool = False) -> list[Pack]:
    """Load and validate packs; raise `RulesError` listing every problem of every file."""
    problems: list[str] = []
    packs: list[Pack] = []
    vocabularies: dict[Path, Vocabulary] = {}  # the packs of one folder share its concepts: read them once
    for path in pack_files(paths):
        vocab = vocabularies.get(path.parent)
        if vocab is None:
            vocab = vocabularies[path.parent] = _vocabulary(path)
        try:
            packs.append(load_pack(path, shipped=shipped, vocab=vocab))
        except RulesError as exc:
            problems.extend(exc.problems or [exc.message])
    problems.extend(_duplicates(packs))
    if problems:
        raise RulesError(
            f"{len(problems)} problem(s) in rule packs",
            problems,
            hint="fix the packs named above; `localize rules check FILES` validates them without a run",
        )
    return packs


#: Values a pack may hold once its aliases are expanded (a large word-list pack has tens of thousands).
MAX_PACK_VALUES = 2_000_000
#: Parsed and validated packs by (path as given, resolved path, content digest, shipped): every run,
#: command and test loads the same 25 shipped packs, and parsing plus validation costs seconds.
_PACK_CACHE: dict[tuple[Any, ...], Pack] = {}
_PACK_CACHE_SIZE = 512


def _vocabulary(path: Path) -> Vocabulary:
    """The concepts a pack at `path` may name (see `concepts`), with the problems of their files."""
    found, problems = concepts_mod.load_concepts(concepts_mod.concept_dirs(path, shipped_rules_dir()))
    return found, problems


def load_pack(path: str | Path, *, shipped: bool = False, vocab: Vocabulary | None = None) -> Pack:
    """One pack file, validated; `RulesError` with every problem of this file. A file already
    loaded with the same bytes in this process is not parsed again (packs are immutable).
    `vocab`: the concepts of the pack's folder when the caller has them already."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise RulesError(f"{where}: rule pack not found", [f"{where}: rule pack not found"])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        msg = f"{where}: cannot read the rule pack ({exc.strerror})"
        raise RulesError(msg, [msg]) from None
    digest = hashlib.sha256(raw).hexdigest()
    if vocab is None:
        vocab = _vocabulary(path)
    key = (where, str(path.resolve()), digest, shipped, _vocab_key(vocab))
    cached = _PACK_CACHE.get(key)
    if cached is not None:
        return cached
    pack = _parse_pack(raw, where, shipped, digest, vocab)
    if len(_PACK_CACHE) >= _PACK_CACHE_SIZE:
        _PACK_CACHE.clear()
    _PACK_CACHE[key] = pack
    return pack


@rule_words
def _parse_pack(raw: bytes, where: str, shipped: bool, digest: str, vocab: Vocabulary = ({}, [])) -> Pack:
    cached = packcache.get(digest)  # the same bytes passed every check before (under this code and schema)
    if cached is not None:
        data, lines = cached
        return _build(data, where, None, shipped, digest, lines=lines, vocab=vocab)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{where}: not valid UTF-8 (byte {exc.start}); save the file as UTF-8"
        raise RulesError(msg, [msg]) from None
    try:  # one parse (libyaml when present): duplicate keys and alias bombs are refused on the nodes
        node, data = safe_yaml(text, where, max_values=MAX_PACK_VALUES, fast=True)
    except ConfigError as exc:
        if exc.problems:
            raise RulesError(exc.message, exc.problems) from None
        msg = exc.message + (f"; {exc.hint}" if exc.hint else "")
        raise RulesError(msg, [msg]) from None
    if not isinstance(data, dict):
        msg = f"{where}:1: (top level): a rule pack is a mapping with pack, scope and rules"
        raise RulesError(msg, [msg])
    data = _dates_to_text(data)
    problems = validate_against_schema(data, "rules.schema.json", where=where, node=node)
    if not problems:
        problems = _semantic_problems(data, where, node)
    if problems:
        raise RulesError(f"{where}: {len(problems)} problem(s)", problems)
    lines = [line_of(node, ["rules", i]) or 0 for i in range(len(data["rules"]))]
    packcache.put(digest, data, lines)
    return _build(data, where, node, shipped, digest, lines=lines, vocab=vocab)


def _dates_to_text(value: Any) -> Any:
    """YAML reads `2026-09-27` as a date; the schema (and we) want the ISO text."""
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _semantic_problems(data: dict[str, Any], where: str, node: yaml.Node | None) -> list[str]:
    problems: list[str] = []

    def add(path: list[Any], message: str) -> None:
        problems.append(f"{where}:{line_of(node, path)}: {format_path(path)}: {message}")

    seen: dict[str, int] = {}
    for i, rule in enumerate(data.get("rules", [])):
        base: list[Any] = ["rules", i]
        rid, kind = rule["id"], rule["kind"]
        if rid in seen:
            add(base + ["id"], f"rule id '{rid}' is used twice in this pack (first at rules[{seen[rid]}]); ids must be unique")
        seen.setdefault(rid, i)
        allowed = COMMON_KEYS | KIND_KEYS[kind]
        for key in rule:
            if key not in allowed:
                owners = [k for k, keys in KIND_KEYS.items() if key in keys]
                add(base + [key], f"'{key}' has no meaning for kind '{kind}'"
                    + (f" (it belongs to kind {', '.join(owners)})" if owners else ""))
        for key in ("pattern", "patterns"):
            values = [rule[key]] if key == "pattern" and key in rule else rule.get(key, []) if key == "patterns" else []
            for j, pat in enumerate(values):
                try:
                    re.compile(pat)
                except re.error as exc:
                    sub = base + ([key] if key == "pattern" else [key, j])
                    add(sub, f"not a valid regular expression: {exc.msg} at position {exc.pos}")
        for key in ("terms", "allow", "count_words", "numerals", "words"):
            if key in rule:
                for path, word in _iter_words(rule[key]):
                    core = fold(word.strip("*")).strip()
                    if not core:
                        add(base + [key] + path, f"{word!r} is empty once case and accents are folded")
                    elif not any(ch.isalnum() for ch in core):
                        add(base + [key] + path, f"{word!r} has no letter or digit; match it with a pattern rule")

        for key in ("when", "unless", "match"):
            if key in rule:
                _condition_problems(rule[key], base + [key], add)
        if rule.get("effective_from") and rule.get("effective_until") and rule["effective_until"] < rule["effective_from"]:
            add(base + ["effective_until"], "ends before effective_from")
    return problems


def _condition_problems(cond: Any, path: list[Any], add: Callable[[list[Any], str], None]) -> None:
    """What the schema cannot check in a condition: regexes compile, words survive folding, ops have an attribute."""
    if not isinstance(cond, dict):
        return
    for key in ("any", "all"):
        for j, sub in enumerate(cond.get(key) or ()):
            _condition_problems(sub, path + [key, j], add)
    if "not" in cond:
        _condition_problems(cond["not"], path + ["not"], add)
    pats = ([cond["pattern"]] if "pattern" in cond else []) + list(cond.get("patterns", ()))
    for j, pat in enumerate(pats):
        try:
            re.compile(pat)
        except re.error as exc:
            add(path + (["pattern"] if "pattern" in cond and j == 0 else ["patterns", j - ("pattern" in cond)]),
                f"not a valid regular expression: {exc.msg} at position {exc.pos}")
    for key in ("terms", "allow"):
        if key in cond:
            for sub, word in _iter_words(cond[key]):
                if not fold(word.strip("*")).strip():
                    add(path + [key] + sub, f"{word!r} is empty once case and accents are folded")
    ops = {"exists", "equals", "in", "gt", "gte", "lt", "lte", "contains"} & set(cond)
    if ops and "attribute" not in cond:
        add(path, f"{', '.join(sorted(ops))} compare(s) an attribute's value; add `attribute: CODE`")
    mods = {"fields", "side", "languages", "ignore_case", "compounds", "allow", "requires"} & set(cond)
    if mods and not ({"terms", "concepts", "pattern", "patterns"} & set(cond)):
        add(path, f"{', '.join(sorted(mods))} apply to terms or pattern; add one of them")


def _iter_words(words: Any) -> Iterable[tuple[list[Any], str]]:
    if isinstance(words, list):
        for j, w in enumerate(words):
            yield [j], w
    elif isinstance(words, dict):
        for lang, items in words.items():
            for j, w in enumerate(items):
                yield [lang, j], w


def _build(data: dict[str, Any], where: str, node: yaml.Node | None, shipped: bool, digest: str = "",
           lines: Sequence[int] | None = None, vocab: Vocabulary = ({}, [])) -> Pack:
    pack_id = data["pack"]
    rules = []
    problems: list[str] = []
    used: set[str] = set()

    def add(path: list[Any], message: str) -> None:
        if node is None:  # a cached pack: its node tree was not kept; find the line again
            problems.append(f"{where}: {format_path(path)}: {message}")
        else:
            problems.append(f"{where}:{line_of(node, path)}: {format_path(path)}: {message}")

    for i, raw in enumerate(data["rules"]):
        raw = concepts_mod.expand(raw, vocab[0], add, ["rules", i], used)
        spec = {k: v for k, v in raw.items() if k not in COMMON_KEYS or k in ("when", "unless")}
        rules.append(Rule(
            id=raw["id"],
            kind=raw["kind"],
            severity=raw["severity"],
            message=raw["message"].strip(),
            source=raw["source"].strip(),
            action=(raw.get("action") or "").strip() or None,
            pack=pack_id,
            file=where,
            line=lines[i] if lines is not None else line_of(node, ["rules", i]) or 0,
            fields=tuple(raw.get("fields", ())),
            exclude_fields=tuple(raw.get("exclude_fields", ())),
            side=raw.get("side", "both"),
            scope=Scope.from_dict(raw.get("scope")),
            effective_from=dt.date.fromisoformat(raw["effective_from"]) if raw.get("effective_from") else None,
            effective_until=dt.date.fromisoformat(raw["effective_until"]) if raw.get("effective_until") else None,
            tags=tuple(raw.get("tags", ())),
            enabled=raw.get("enabled", True),
            risk=raw.get("risk"),
            spec=spec,
        ))
    if used and vocab[1]:
        problems.extend(vocab[1])
    own = {r.id for r in rules}
    for j, item in enumerate(data.get("exempt", ())):
        if item["rule"] in own:
            add(["exempt", j, "rule"], f"'{item['rule']}' is this pack's own rule; disable it or change its scope")
        if len(item["reason"].strip()) < MIN_REASON:
            add(["exempt", j, "reason"], "say why the rule's concern does not apply where this pack applies")
    if problems:
        raise RulesError(f"{where}: {len(problems)} problem(s)", problems)
    if used:  # the words came from concept files too: their content is part of the pack's
        digest = hashlib.sha256(" ".join([digest, *sorted({vocab[0][n].digest for n in used})]).encode()).hexdigest()
    scope = Scope.from_dict(data["scope"]) or Scope()
    return Pack(
        id=pack_id, scope=scope, rules=tuple(rules), path=where, version=data.get("version"),
        title=data.get("title"), description=data.get("description"), shipped=shipped, digest=digest,
        exempt=tuple((e["rule"], e["reason"].strip()) for e in data.get("exempt", ())),
    )


def _duplicates(packs: list[Pack]) -> list[str]:
    problems = []
    pack_ids: dict[str, Pack] = {}
    for pack in packs:
        if pack.id in pack_ids:
            problems.append(f"{pack.path}:1: pack: pack id '{pack.id}' is also used by {pack_ids[pack.id].path}; "
                            "pack ids must be unique")
        pack_ids.setdefault(pack.id, pack)
    rule_ids: dict[str, Rule] = {}
    for pack in packs:
        for rule in pack.rules:
            first = rule_ids.get(rule.id)
            if first is not None and first.file != rule.file:
                problems.append(f"{rule.file}:{rule.line}: rules: rule id '{rule.id}' is also defined in "
                                f"{first.file}:{first.line}; rule ids must be unique across packs")
            rule_ids.setdefault(rule.id, rule)
    return problems
