"""Load and write taxonomy YAML files, checking everything a person can get wrong.

The file is validated against `schemas/taxonomy.schema.json` and then for what a schema
cannot say: duplicate ids, parents that do not exist, cycles, unknown locale codes,
duplicate enum values, metrics without a known unit. Every problem is reported at once as
`file:line: what is wrong`, because fixing a 5,000-line file one error per run is miserable.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from ..akeneo_units import FAMILIES, is_known_unit, unit_hint
from ..atomic import write_text_atomic
from ..config import is_known_locale
from ..errors import OutputError
from ..locale import to_bcp47
from .attributes import spelling_key
from .errors import TaxonomyError
from .source import find_cycles
from .taxonomy_model import ATTRIBUTE_TYPES, Attribute, Category, EnumValue, Taxonomy
from .yamlfile import LineDict, load_yaml, schema_problems

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[2] / "taxonomies" / "default.yaml"


def resolve_taxonomy_path(value: str | Path, base: Path | None = None) -> Path:
    """`default` names the shipped taxonomy; other paths resolve against `base`."""
    if str(value) == "default":
        return DEFAULT_TAXONOMY
    path = Path(value).expanduser()
    return path if path.is_absolute() or base is None else base / path


CACHE_FORMAT = 1


def load_taxonomy(path: str | Path, *, cache_dir: Path | None = None) -> Taxonomy:
    """Read a taxonomy file; raises TaxonomyError listing every problem with file and line.

    With `cache_dir` (a run's state folder), a file that was valid once is kept there as JSON
    keyed by the file's SHA-256, so a 10,000-category taxonomy loads in a fraction of a second
    on the next run. JSON, not pickle: a cache file can never run code.
    """
    path = Path(path)
    cached = _from_cache(path, cache_dir)
    if cached is not None:
        return cached
    data, problems = load_yaml(path, "taxonomy file")
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: a taxonomy file is a mapping with 'taxonomy:' and 'categories:'",
                            hint="see taxonomies/default.yaml for the layout")
    problems += schema_problems(data, "taxonomy.schema.json", path)
    taxonomy = build_taxonomy(data, path, problems)
    if problems:
        raise TaxonomyError(f"{path}: {len(problems)} problem(s) in the taxonomy", _ordered(problems),
                            hint="fix them all and run `localize taxonomy validate` again")
    _to_cache(path, cache_dir, data)
    return taxonomy


def _cache_file(path: Path, cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        return None

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return cache_dir / f"taxonomy-{CACHE_FORMAT}-{digest}.json"


def _from_cache(path: Path, cache_dir: Path | None) -> Taxonomy | None:

    cache = _cache_file(path, cache_dir)
    if cache is None or not cache.is_file():
        return None
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged cache is ignored, the file is read again
    problems: list[str] = []
    taxonomy = build_taxonomy(data, path, problems)
    return None if problems else taxonomy


def _with_lines(data: Any) -> Any:
    """The document with `_line` in each category, attribute and value (for messages after a cache hit)."""
    out = dict(data)
    for key in ("categories", "attributes"):
        items = []
        for item in data.get(key) or []:
            entry = dict(item, _line=_line(item))
            if key == "attributes" and item.get("values"):
                entry["values"] = [dict(v, _line=_line(v)) for v in item["values"]]
            items.append(entry)
        out[key] = items
    return out


def _to_cache(path: Path, cache_dir: Path | None, data: Any) -> None:


    cache = _cache_file(path, cache_dir)
    if cache is None:
        return
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(cache, json.dumps(_with_lines(data), ensure_ascii=False, separators=(",", ":")))
    except (OSError, OutputError):
        pass  # a cache that cannot be written only costs time


def _ordered(problems: list[str]) -> list[str]:
    """Problems sorted by line (stable), duplicates removed."""
    def line_of(p: str) -> int:
        parts = p.split(":")
        return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0

    return sorted(dict.fromkeys(problems), key=line_of)


def _line(obj: Any, key: str | None = None) -> int | None:
    if isinstance(obj, LineDict):
        return obj.key_lines.get(key, obj.line) if key else obj.line
    if isinstance(obj, dict):
        return obj.get("_line")  # a cached document keeps each entry's line
    return None


def _locale_problems(labels: Any, where: str, known: set[str] | None) -> list[str]:

    out = []
    if isinstance(labels, dict):
        for key in labels:
            if not isinstance(key, str) or not is_known_locale(key.replace("-", "_")):
                out.append(f"{where}:{_line(labels, key)}: unknown locale code {key!r} (use a BCP 47 tag such as en, de, de-DE)")
            elif known and to_bcp47(key) not in known:
                out.append(f"{where}:{_line(labels, key)}: locale {key!r} is not in the taxonomy's `locales` list "
                           f"({', '.join(sorted(known))})")
    return out


def _labels(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {to_bcp47(str(k)): str(v) for k, v in raw.items() if isinstance(v, str | int | float) and str(v).strip()}


#: Other taxonomies a category can name its counterpart in (`google: "2271"`).
CROSSWALKS = ("google", "shopify")


def build_taxonomy(data: dict[str, Any], path: Path, problems: list[str]) -> Taxonomy:
    """The Taxonomy of a loaded document; semantic problems are appended to `problems`."""

    where = str(path)
    locales: list[str] = []
    raw_locales = data.get("locales") or []
    for i, loc in enumerate(raw_locales if isinstance(raw_locales, list) else []):
        if not isinstance(loc, str):
            continue
        if not is_known_locale(loc.replace("-", "_")):
            line = raw_locales.item_lines[i] if hasattr(raw_locales, "item_lines") else None
            problems.append(f"{where}:{line}: unknown locale code {loc!r} in `locales` (use a BCP 47 tag such as en, de, de-DE)")
        else:
            locales.append(to_bcp47(loc))
    known = set(locales) or None

    categories: dict[str, Category] = {}
    raw_categories = data.get("categories") or []
    for item in raw_categories if isinstance(raw_categories, list) else []:
        if not isinstance(item, dict) or "id" not in item:
            continue
        cid = str(item["id"]).strip()
        line = _line(item)
        if cid in categories:
            problems.append(f"{where}:{line}: duplicate category id {cid!r} (first on line {categories[cid].line})")
            continue
        problems.extend(_locale_problems(item.get("labels"), where, known))
        parent = item.get("parent")
        categories[cid] = Category(id=cid, parent=str(parent).strip() if parent is not None else None,
                                   labels=_labels(item.get("labels")), line=line)
        aliases = item.get("aliases")
        if isinstance(aliases, dict):
            problems.extend(_locale_problems(aliases, where, known))
            categories[cid].aliases = {to_bcp47(str(k)): [str(a) for a in v] for k, v in aliases.items() if isinstance(v, list)}
        for kind in CROSSWALKS:
            if item.get(kind) not in (None, ""):
                categories[cid].crosswalk[kind] = str(item[kind]).strip()
    for cat in categories.values():
        if cat.parent is not None and cat.parent not in categories:
            problems.append(f"{where}:{cat.line}: category {cat.id!r} has an unknown parent {cat.parent!r}")
        if cat.parent == cat.id:
            problems.append(f"{where}:{cat.line}: category {cat.id!r} is its own parent")
    for cid, message in find_cycles({c.id: c.parent for c in categories.values() if c.parent != c.id}):
        problems.append(f"{where}:{categories[cid].line}: {message}")

    attributes: dict[str, Attribute] = {}
    raw_attributes = data.get("attributes") or []
    for item in raw_attributes if isinstance(raw_attributes, list) else []:
        attr = _attribute(item, where, known, problems)
        if attr is None:
            continue
        if attr.code in attributes:
            problems.append(f"{where}:{attr.line}: duplicate attribute code {attr.code!r} (first on line {attributes[attr.code].line})")
            continue
        attributes[attr.code] = attr

    if problems:
        # A tree with unknown parents or cycles cannot be walked; the caller raises anyway.
        for cat in categories.values():
            if cat.parent is not None and (cat.parent not in categories or cat.parent == cat.id):
                cat.parent = None
    version = data.get("version")
    return Taxonomy(
        name=str(data.get("taxonomy") or path.stem),
        categories=categories,
        attributes=attributes,
        version=str(version) if version is not None else None,
        locales=tuple(locales),
        source=str(data["source"]) if data.get("source") else None,
        path=path,
    )


def _attribute(item: Any, where: str, known: set[str] | None, problems: list[str]) -> Attribute | None:
    if not isinstance(item, dict) or not isinstance(item.get("code"), str) or item.get("type") not in ATTRIBUTE_TYPES:
        return None  # the schema problems already say why
    line = _line(item)
    code = item["code"]
    problems.extend(_locale_problems(item.get("labels"), where, known))
    attr = Attribute(
        code=code,
        type=item["type"],
        labels=_labels(item.get("labels")),
        translatable=bool(item.get("translatable", False)),
        family=item.get("family"),
        unit=item.get("unit"),
        multiple=bool(item.get("multiple", False)),
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
        line=line,
    )
    if attr.type == "metric":
        if not attr.unit:
            problems.append(f"{where}:{line}: metric attribute {code!r} needs a canonical `unit` (an Akeneo unit code such as KILOGRAM)")
        elif attr.family and attr.family not in FAMILIES:
            problems.append(f"{where}:{_line(item, 'family')}: attribute {code!r}: unknown measurement family {attr.family!r} "
                            f"(use one of {', '.join(sorted(FAMILIES))})")
        elif not is_known_unit(attr.unit, attr.family):
            problems.append(f"{where}:{_line(item, 'unit')}: attribute {code!r}: unknown unit {attr.unit!r}; {unit_hint(attr.unit, attr.family)}")
        elif not attr.family:
            attr.family = next((f for f, units in FAMILIES.items() if attr.unit in units), None)
    elif attr.unit or attr.family:
        problems.append(f"{where}:{line}: attribute {code!r} is {attr.type}, so `unit`/`family` do not apply (use type: metric)")
    values = item.get("values") or []
    if values and attr.type != "enum":
        problems.append(f"{where}:{_line(item, 'values')}: attribute {code!r} has values but is {attr.type} (use type: enum)")
    spellings: dict[str, str] = {}
    for value in values if isinstance(values, list) else []:
        if not isinstance(value, dict) or "code" not in value:
            continue
        vcode = str(value["code"])
        vline = _line(value)
        if vcode in attr.values:
            problems.append(f"{where}:{vline}: attribute {code!r}: duplicate value {vcode!r} (first on line {attr.values[vcode].line})")
            continue
        problems.extend(_locale_problems(value.get("labels"), where, known))
        enum = EnumValue(code=vcode, labels=_labels(value.get("labels")),
                         aliases=tuple(str(a) for a in value.get("aliases") or ()), line=vline)
        attr.values[vcode] = enum

        for spelling in (*enum.aliases, vcode):
            key = spelling_key(spelling)
            other = spellings.get(key)
            if other is not None and other != vcode:
                problems.append(f"{where}:{vline}: attribute {code!r}: {spelling!r} would mean both {other!r} and {vcode!r}")
            spellings[key] = vcode
    if attr.type == "enum" and not attr.values:
        problems.append(f"{where}:{line}: enum attribute {code!r} has no values")
    return attr


def taxonomy_to_dict(taxonomy: Taxonomy) -> dict[str, Any]:
    """The YAML document of a taxonomy (the inverse of `load_taxonomy`)."""
    doc: dict[str, Any] = {"taxonomy": taxonomy.name}
    if taxonomy.version:
        doc["version"] = taxonomy.version
    if taxonomy.source:
        doc["source"] = taxonomy.source
    doc["locales"] = list(taxonomy.label_keys)
    cats = []
    for cat in taxonomy.categories.values():
        entry: dict[str, Any] = {"id": cat.id}
        if cat.parent is not None:
            entry["parent"] = cat.parent
        entry["labels"] = dict(cat.labels)
        if cat.aliases:
            entry["aliases"] = {k: list(v) for k, v in cat.aliases.items()}
        for kind in CROSSWALKS:
            if kind in cat.crosswalk:
                entry[kind] = cat.crosswalk[kind]
        cats.append(entry)
    doc["categories"] = cats
    if taxonomy.attributes:
        attrs = []
        for attr in taxonomy.attributes.values():
            entry = {"code": attr.code, "type": attr.type}
            if attr.labels:
                entry["labels"] = dict(attr.labels)
            if attr.translatable:
                entry["translatable"] = True
            if attr.multiple:
                entry["multiple"] = True
            if attr.family:
                entry["family"] = attr.family
            if attr.unit:
                entry["unit"] = attr.unit
            if attr.aliases:
                entry["aliases"] = list(attr.aliases)
            if attr.values:
                entry["values"] = [
                    {"code": v.code, "labels": dict(v.labels), **({"aliases": list(v.aliases)} if v.aliases else {})}
                    for v in attr.values.values()
                ]
            attrs.append(entry)
        doc["attributes"] = attrs
    return doc


def dump_taxonomy(taxonomy: Taxonomy, path: str | Path) -> Path:
    """Write a taxonomy as YAML, atomically and byte-for-byte reproducibly."""


    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    header = f"# {taxonomy.name}"
    if taxonomy.version:
        header += f" {taxonomy.version}"
    header += " (written by localize taxonomy import; validate with localize taxonomy validate)\n"
    text = yaml.dump(taxonomy_to_dict(taxonomy), Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000,
                     default_flow_style=None)
    return write_text_atomic(Path(path), header + text)
