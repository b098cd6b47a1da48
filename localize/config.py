"""Load `localize.yaml`, validate it against the shipped JSON Schema, and resolve it.

Every problem is reported at once, each with its path in the file (`markets[2].currency`),
its line, and what to do, because fixing a config one error per run is miserable.
Relative paths resolve against the config file's folder so a job can run from anywhere.
"""

from __future__ import annotations

import codecs
import difflib
import glob
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml
from babel import Locale
from babel.numbers import get_territory_currencies, list_currencies

from . import validcache
from .akeneo_units import is_known_unit, unit_hint
from .confine import check_confined
from .errors import ConfigError, InputError
from .limits import DEFAULT_LIMITS, Limits
from .locale import babel_locale, is_known_locale, same_writing, script_of, to_bcp47, to_pim_locale
from .model import Market
from .settings import Settings

DEFAULT_STAGES = ("map", "convert", "translate", "check", "gate")


@dataclass(frozen=True)
class SourceConfig:
    """Where and how to read the PIM export."""

    format: str
    paths: tuple[Path, ...]
    locale: str  # PIM code, e.g. de_DE
    encoding: str = "utf-8"
    delimiter: str | None = None
    channel: str | None = None
    identifier: str | None = None
    attributes: Path | None = None
    categories: Path | None = None
    columns: dict[str, Any] | None = None
    options: Path | None = None
    limits: Limits = DEFAULT_LIMITS
    currency: str | None = None  # the shop's currency, for shop exports whose prices name none
    #: `source.shop`: what a shop export does not say itself (its weight unit, store views or OXID
    #: language ids); the shop's reader and writer parse their keys (`readers.magento_csv`, `readers.oxid_csv`).
    shop: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    """A validated, resolved configuration. `raw` keeps every section for the stages that own it."""

    path: Path | None
    base_dir: Path
    source: SourceConfig
    markets: tuple[Market, ...]
    stages: tuple[str, ...]
    out_dir: Path
    formats: tuple[str, ...]
    state_dir: Path
    batch_size: int = 500
    fail_on_rejects: bool = True
    project: str | None = None
    #: `state.url`: the stores in PostgreSQL (None: SQLite files in the state folder). Never shown
    #: (repr=False; `raw` keeps it without its password).
    state_url: str | None = field(default=None, repr=False)
    state_schema: str = "localize"
    raw: dict[str, Any] = field(default_factory=dict)
    #: Every section, typed, built once from `raw` when the config is resolved (`localize.settings`).
    settings: Settings = field(default_factory=Settings)

    def resolve(self, path: str | Path) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    @property
    def hash(self) -> str:
        """A stable hash of the effective configuration (for manifests and incremental runs). Where the
        stages run (`execution:`) decides no output byte, so it is left out: moving a nightly job onto
        a cluster does not redo its catalogue."""
        raw = {k: v for k, v in self.raw.items() if k != "execution"}
        text = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in `localize/schemas/`."""
    text = resources.files("localize.schemas").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def load_config(path: str | Path, overrides: dict[str, Any] | None = None, trusted: tuple[str, ...] = ()) -> Config:
    """Read, validate and resolve a config file. Raises ConfigError listing every problem.

    Its paths must stay inside its folder unless it says `allow_outside: true`; `trusted` are
    path values the caller chose itself (`--source`, `--out`), see `localize.confine`."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            f"{path}: config file not found",
            hint="pass the path of a localize.yaml, or use --source/--market for a run without one",
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 (byte {exc.start})", hint="save the file as UTF-8") from None
    node, data = safe_yaml(text, str(path))
    if data is None:
        data = {}
    if overrides:
        data = _merge(data, overrides)
    return config_from_dict(data, base_dir=path.resolve().parent, path=path, node=node, confine=True, trusted=trusted)


#: Values a config may hold once its aliases (`*name`) are expanded. A real config has a few
#: hundred; a 700-byte "billion laughs" file expands to billions.
MAX_CONFIG_VALUES = 100_000
MERGE_TAG = "tag:yaml.org,2002:merge"


#: libyaml's parser when PyYAML was built with it (4x faster on large files such as rule packs),
#: else the pure-Python one; both compose the same node tree, so the checks below are the same.
FastSafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str, where: str, *, max_values: int = MAX_CONFIG_VALUES,
              fast: bool = False) -> tuple[yaml.Node | None, Any]:
    """Parse YAML safely and boundedly: the node tree is checked before any Python object is
    built, so an alias bomb, a recursive alias or a duplicate key is a `ConfigError` with
    line numbers, and no message ever shows an expanded value. `fast` parses with libyaml
    when available (rule packs use it, they are large); a file libyaml refuses is parsed again by
    the pure-Python parser, so the error says the same as without libyaml."""
    if fast and FastSafeLoader is not yaml.SafeLoader:
        try:
            return _safe_yaml(text, where, max_values, FastSafeLoader)
        except _NotYaml:
            pass
    try:
        return _safe_yaml(text, where, max_values, yaml.SafeLoader)
    except _NotYaml as exc:
        raise exc.error from None


class _NotYaml(Exception):
    """The text is not YAML (carries the `ConfigError` to raise)."""

    def __init__(self, error: ConfigError) -> None:
        super().__init__(error.message)
        self.error = error


def _safe_yaml(text: str, where: str, max_values: int, loader_class: type) -> tuple[yaml.Node | None, Any]:
    try:
        loader = loader_class(text)
    except yaml.YAMLError as exc:  # a character YAML does not allow (control characters)
        # PyYAML's errors differ by kind: a ReaderError has `reason`, a MarkedYAMLError `problem` and
        # `problem_mark`; the base class neither (the probes below read a foreign exception)
        raise _NotYaml(ConfigError(f"{where}: not valid YAML: {getattr(exc, 'reason', None) or exc}",
                                   hint="remove control characters from the file")) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
            problem = getattr(exc, "problem", None) or str(exc)
            raise _NotYaml(ConfigError(f"{at}: not valid YAML: {problem}", hint="check indentation and quoting")) from None
        except RecursionError:
            raise _NotYaml(ConfigError(f"{where}: not valid YAML: nested too deeply",
                                       hint="a configuration needs a few levels of nesting; check the brackets")) from None
        if node is None:
            return None, None
        problems = yaml_node_problems(node, where, max_values)
        if problems:
            raise ConfigError(f"{where}: {len(problems)} problem(s) in the YAML", problems)
        try:
            return node, loader.construct_document(node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
            raise _NotYaml(ConfigError(f"{at}: not valid YAML: {getattr(exc, 'problem', None) or exc}",
                                       hint="check the value's type and quoting")) from None
    finally:
        loader.dispose()


def yaml_node_problems(root: yaml.Node, where: str, max_values: int) -> list[str]:
    """Duplicate keys, recursive aliases and a too-large expansion, found on the node graph
    (aliases share nodes, so this walk costs the size of the file, not of its expansion)."""
    problems: list[str] = []
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            size[key] = min(1 + sum(size.get(id(c), 0) for c in children), max_values + 1)
            continue
        if key in size:
            continue
        if key in on_path:
            problems.append(f"{where}:{node.start_mark.line + 1}: an alias refers to a value that contains it "
                            "(a recursive alias); write the value out instead")
            return problems
        on_path.add(key)
        stack.append((node, True))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag != MERGE_TAG:
                    line = k.start_mark.line + 1
                    if k.value in seen:
                        shown = k.value if len(k.value) <= 60 else k.value[:57] + "..."
                        problems.append(f"{where}:{line}: key '{shown}' appears twice in the same mapping "
                                        f"(first at line {seen[k.value]}); keep one")
                    else:
                        seen[k.value] = line
        for child in _children(node):
            if id(child) not in size:
                stack.append((child, False))
    total = size.get(id(root), 0)
    if total > max_values:
        problems.append(f"{where}: the aliases (*name) in this file expand to more than {max_values} values; "
                        "a configuration needs a few hundred - remove the repeated aliases")
    return problems


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def config_from_dict(
    data: dict[str, Any],
    *,
    base_dir: Path | None = None,
    path: Path | None = None,
    node: yaml.Node | None = None,
    confine: bool = False,
    trusted: tuple[str, ...] = (),
) -> Config:
    """Validate a config given as a dict (the library entry point; the CLI builds one from flags).
    `confine` refuses paths outside `base_dir` unless the config allows them (config files)."""
    where = str(path) if path else "config"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the top level must be a mapping (key: value), not {type(data).__name__}")
    if not validcache.known_valid(data, "config.schema.json"):  # a nightly job's config passed yesterday
        problems = validate_against_schema(data, "config.schema.json", where=where, node=node)
        if problems:
            raise ConfigError(f"{where}: {len(problems)} problem(s) in the configuration", problems)
        validcache.remember_valid(data, "config.schema.json")
    base = (base_dir or Path.cwd()).resolve()
    if confine:
        check_confined(data, base, path, trusted)
    return _resolve(data, base, path)


def validate_against_schema(
    data: Any, schema_name: str, *, where: str, node: yaml.Node | None = None
) -> list[str]:
    """All schema problems of `data`, each as `file:line: path: message`, in document order."""
    validator = _validator(schema_name)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    found = []
    for error in _leaf_errors(errors):
        json_path = format_path(error.absolute_path)
        line = line_of(node, list(error.absolute_path)) if node is not None else None
        prefix = f"{where}:{line}" if line else where
        found.append((line or 0, f"{prefix}: {json_path or '(top level)'}: {explain(error)}"))
    return [text for _, text in sorted(found, key=lambda item: item[0])]


@lru_cache(maxsize=16)
def _validator(schema_name: str) -> Any:
    """One validator per shipped schema (building one resolves the schema; packs validate 25 files)."""
    # start-up cost: jsonschema takes ~60 ms CPU to import; only a schema error (or a config load) needs it
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(schema_name), format_checker=format_checker())


def _leaf_errors(errors: Iterable[Any]) -> list[Any]:
    """For oneOf/anyOf failures, report the most relevant sub-error instead of a wall of text."""
    out = []
    for error in errors:
        if error.validator in ("oneOf", "anyOf") and error.context:
            best = _best_match(error)
            out.append(best if best is not None else error)
        else:
            out.append(error)
    return out


def _best_match(error: Any) -> Any:
    # start-up cost: jsonschema takes ~60 ms CPU to import; only a schema error (or a config load) needs it
    from jsonschema.exceptions import best_match

    # Prefer branches whose type matched (errors deeper than the oneOf itself).
    deeper = [e for e in error.context if len(e.absolute_path) > len(error.absolute_path)]
    if deeper:
        return best_match(deeper)
    return None


def format_path(parts: Sequence[Any]) -> str:
    """`['markets', 2, 'currency']` -> `markets[2].currency`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def explain(error: Any) -> str:
    """A message that says what is wrong and what would be right."""
    v = error.validator
    inst = error.instance
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required key '{missing}'"
    if v == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extra = sorted(set(inst) - set(allowed)) if isinstance(inst, dict) else []
        msgs = []
        for key in extra:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            msgs.append(f"unknown key '{key}'{hint}")
        return "; ".join(msgs) + (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
    if v == "enum":
        options = ", ".join(json.dumps(o) for o in error.validator_value)
        return f"{_shown(inst)} is not one of {options}"
    if v == "const":
        return f"must be {json.dumps(error.validator_value)}, not {_shown(inst)}"
    if v == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {_article(expected)}, got {_shown(inst)}"
    if v == "format":
        return _format_message(error.validator_value, inst)
    if v == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if v == "uniqueItems":
        return "items must be unique"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{inst} is out of range ({v} {error.validator_value})"
    if v == "pattern":
        return f"{_shown(inst)} does not match the pattern {error.validator_value}"
    if v in ("minLength", "maxLength"):
        return f"{_shown(inst)} must have {v.replace('Length', '')} length {error.validator_value}"
    return error.message if len(error.message) <= 300 else error.message[:200] + "..."


def _shown(inst: Any, limit: int = 120) -> str:
    """A config value as quoted in a message: short, so an expanded alias is never printed whole."""
    text = json.dumps(inst, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 20] + f"... ({len(text)} characters)"


def _article(word: str) -> str:
    return {"object": "a mapping", "array": "a list", "integer": "an integer", "string": "a string",
            "boolean": "true or false", "number": "a number", "null": "nothing"}.get(word, word)


_FORMAT_HINTS = {
    "currency": "is not an ISO 4217 code; use a code such as EUR, USD, CHF, JPY",
    "country": "is not an ISO 3166 country code; use two capital letters such as DE, US, CH",
    "bcp47": "is not a known locale; use a BCP 47 tag with a region such as de-DE, en-US, fr-CH, ja-JP",
    "locale": "is not a known locale; use a code such as de_DE (or de-DE)",
    "encoding": "is not a known text encoding; use utf-8, cp1252, latin-1, ...",
}


def _format_message(fmt: str, inst: Any) -> str:
    return f"{_shown(inst)} {_FORMAT_HINTS.get(fmt, f'is not a valid {fmt}')}"


@lru_cache(maxsize=1)
def format_checker() -> Any:
    """Format checks for our codes: currency, country, locale, encoding."""
    # start-up cost: jsonschema takes ~60 ms CPU to import; only a schema error (or a config load) needs it
    from jsonschema import FormatChecker

    checker = FormatChecker()

    @checker.checks("currency")
    def _currency(value: object) -> bool:
        return not isinstance(value, str) or value in _currencies()

    @checker.checks("country")
    def _country(value: object) -> bool:
        return not isinstance(value, str) or value in _countries()

    @checker.checks("bcp47")
    def _bcp47(value: object) -> bool:
        return not isinstance(value, str) or ("-" in value and "_" not in value and is_known_locale(value))

    @checker.checks("locale")
    def _locale(value: object) -> bool:
        return not isinstance(value, str) or is_known_locale(value)

    @checker.checks("encoding")
    def _encoding(value: object) -> bool:
        if not isinstance(value, str):
            return True
        try:
            codecs.lookup(value)
            return True
        except LookupError:
            return False

    return checker


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(k for k in Locale("en").territories if k.isalpha() and len(k) == 2)


def line_of(node: yaml.Node | None, path: Sequence[Any]) -> int | None:
    """The 1-based line of the YAML node at `path`, or of the deepest existing parent."""
    current = node
    line = current.start_mark.line + 1 if current is not None else None
    for part in path:
        nxt = None
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if key.value == part:
                    nxt = value
                    line = key.start_mark.line + 1
                    break
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            nxt = current.value[part]
            line = nxt.start_mark.line + 1
        if nxt is None:
            break
        current = nxt
    return line


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _check_column_map(columns: dict[str, Any] | None, path: Path | None) -> None:
    """Each mapped value names its column(s) one way: `column` (with `locale`) or `columns` (locale ->
    column). The schema cannot say which of the two is missing or doubled in words a user acts on."""
    for attribute, item in ((columns or {}).get("values") or {}).items():
        if not isinstance(item, dict):
            continue
        if ("column" in item) == ("columns" in item):
            doubled = "column" in item
            raise ConfigError(
                f"{path or 'config'}: source.columns.values.{attribute}: "
                + ("names both `column` and `columns`" if doubled else "names no column"),
                hint="give `column: <name>` (one column, optionally with `locale`), or `columns: {de_DE: <name>, "
                     "en_US: <name>}` for a localizable attribute with a column per locale",
            )
        if "columns" in item and "locale" in item:
            raise ConfigError(f"{path or 'config'}: source.columns.values.{attribute}: `locale` with `columns`",
                              hint="with `columns` each column names its locale; remove `locale`")
        # what every row would otherwise be set aside for, said once before reading
        where = f"{path or 'config'}: source.columns.values.{attribute}"
        kind = item.get("type", "text")
        if kind == "metric" and not item.get("unit") and not item.get("unit_column"):
            raise ConfigError(f"{where}: a metric value needs its unit",
                              hint="add `unit: GRAM` (an Akeneo unit code) or `unit_column: <the column naming the unit>`")
        if kind == "metric" and item.get("unit") and not is_known_unit(item["unit"]):
            raise ConfigError(f"{where}: unknown unit code '{item['unit']}'", hint=unit_hint(item["unit"]))
        if kind == "price" and not item.get("currency"):
            raise ConfigError(f"{where}: a price needs its currency", hint="add `currency: EUR` (ISO 4217)")


def _resolve(data: dict[str, Any], base: Path, path: Path | None) -> Config:
    src = data["source"]
    paths = expand_paths(src.get("path", []), base)
    source = SourceConfig(
        format=src["format"],
        paths=paths,
        locale=to_pim_locale(src["locale"]),
        encoding=src.get("encoding", "utf-8"),
        delimiter=src.get("delimiter"),
        channel=src.get("channel"),
        identifier=src.get("identifier"),
        attributes=_opt_path(src.get("attributes"), base),
        categories=_opt_path(src.get("categories"), base),
        columns=src.get("columns"),
        options=_opt_path(src.get("options"), base),
        limits=Limits.from_config(src.get("limits")),
        currency=src.get("currency"),
        shop=dict(src.get("shop") or {}),
    )
    if source.format in ("csv", "jsonl") and not source.columns:
        raise ConfigError(
            f"{path or 'config'}: source.columns is required for format '{source.format}'",
            hint="map at least the identifier column, e.g. columns: {identifier: id, values: {name: title}}",
        )
    _check_column_map(source.columns, path)
    markets = tuple(build_market(m, source.channel) for m in data["markets"])
    names = [m.code for m in markets]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(
            f"{path or 'config'}: market {', '.join(dupes)} is declared twice",
            hint="give each market a distinct locale, or a distinct `name`",
        )
    outputs = data.get("outputs") or {}
    stages = tuple(s for s in DEFAULT_STAGES if s in data.get("stages", DEFAULT_STAGES))
    state, state_url, state_schema, data = _state_section(data)
    return Config(
        path=path,
        base_dir=base,
        source=source,
        markets=markets,
        stages=stages,
        out_dir=(base / outputs.get("dir", "out")),
        formats=tuple(outputs.get("formats", ["jsonl"])),
        state_dir=base / state,
        state_url=state_url,
        state_schema=state_schema,
        batch_size=int(data.get("batch_size", 500)),
        fail_on_rejects=bool((data.get("rejects") or {}).get("fail_run", True)),
        project=data.get("project"),
        raw=data,
        settings=Settings.from_raw(data),
    )


def _state_section(data: dict[str, Any]) -> tuple[str, str | None, str, dict[str, Any]]:
    """`state:` as (folder, PostgreSQL URL or None, schema prefix, the config with the URL's
    password replaced by `***`): the password never reaches the config's hash, reports or logs."""
    state = data.get("state", ".localize")
    if not isinstance(state, dict):
        return state, None, "localize", data
    url = state.get("url")
    if isinstance(url, str) and url.startswith("env:"):
        name = url[4:]
        url = os.environ.get(name)
        if not url:
            raise ConfigError(f"state.url: the environment variable {name} is not set",
                              hint=f"export {name}=postgresql://user@host/db (or remove state.url to use SQLite)")
    if url is not None:
        parts = urlsplit(url)
        if parts.password is not None:
            shown = dict(state, url=urlunsplit((parts.scheme, f"{parts.username or ''}:***@{parts.hostname or ''}"
                                                + (f":{parts.port}" if parts.port else ""), parts.path, parts.query, "")))
            data = dict(data, state=shown)
    return state.get("path", ".localize"), url, state.get("schema", "localize"), data


def _opt_path(value: str | None, base: Path) -> Path | None:
    if not value:
        return None
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def expand_paths(value: str | list[str], base: Path) -> tuple[Path, ...]:
    """Files named by paths and globs, globs sorted so the order is deterministic."""
    items = [value] if isinstance(value, str) else list(value)
    out: list[Path] = []
    for item in items:
        p = Path(item).expanduser()
        full = p if p.is_absolute() else base / p
        if any(ch in item for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(full), recursive=True))
            if not matches:
                raise InputError(f"{item}: no file matches this pattern (looked in {full.parent})")
            out.extend(matches)
        else:
            out.append(full)
    return tuple(out)


def build_market(spec: dict[str, Any], default_channel: str | None) -> Market:
    """A Market from its config entry, filling country and currency from CLDR."""
    locale_tag = spec["locale"]
    parsed = babel_locale(locale_tag)
    country = spec.get("country") or parsed.territory
    if not country:
        raise ConfigError(
            f"markets: locale '{locale_tag}' has no region, so the country is unknown",
            hint=f"add `country:` to the market, or use a locale with a region such as {locale_tag}-{locale_tag.upper()}",
        )
    currency = spec.get("currency") or _default_currency(country)
    _check_copy_from(spec, locale_tag)
    return Market(
        locale=to_bcp47(locale_tag),
        country=country,
        currency=currency,
        language=parsed.language,
        pim_locale=to_pim_locale(spec.get("pim_locale") or locale_tag),
        channel=spec.get("channel") or default_channel,
        name=spec.get("name"),
        settings=dict(spec),
    )


def _check_copy_from(spec: dict[str, Any], locale_tag: str) -> None:
    """`copy_from` names a PIM locale of the market's own language (copy of another language is not
    the market's copy: that is what translation is for)."""
    raw = spec.get("copy_from")
    locale = raw.get("locale") if isinstance(raw, dict) else raw
    if locale in (None, "auto", "translate"):
        return
    if not is_known_locale(locale) or not same_writing(str(locale), locale_tag):
        raise ConfigError(
            f"markets: {locale_tag}: copy_from {locale!r} is not a locale of the market's language and script "
            f"({script_of(locale_tag) or 'unknown script'})",
            hint=f"name a PIM locale of the same language (e.g. {babel_locale(locale_tag).language}_...), "
                 "auto, or translate",
        )


def _default_currency(country: str) -> str:
    currencies = get_territory_currencies(country, tender=True, non_tender=False)
    if not currencies:
        raise ConfigError(f"markets: no current currency known for country {country}", hint="set `currency:` on the market")
    return currencies[0]
