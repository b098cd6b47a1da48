"""Import the Shopify Standard Product Taxonomy (`dist/<lang>/...` of Shopify/product-taxonomy).

Text files, one language per folder, merged by id:

* `categories.txt`: `gid://shopify/TaxonomyCategory/aa-1-2 : Apparel & Accessories > Clothing > ...`
* `attributes.txt`: `gid://shopify/TaxonomyAttribute/1 : Color`
* `attribute_values.txt`: `gid://shopify/TaxonomyValue/2 : Blue [Color]`

and the JSON form (`categories.json`, `attributes.json`, `taxonomy.json`), which also links
values to their attributes by id. A value in the text files names its attribute only by
name, so the English files (or the JSON) provide the links and other languages add labels.
Ids lose their `gid://shopify/...` prefix (`aa-1-2`); attribute codes are Shopify's handles
(`color`) when the JSON is given, else the English name folded to a handle.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import is_known_locale
from ..errors import InputError
from .errors import SourceError
from .taxonomy_model import Attribute, Category, EnumValue, Taxonomy
from .textfile import read_lines

LINE = re.compile(r"^\s*gid://shopify/(?P<kind>Taxonomy\w+)/(?P<id>\S+)\s*:\s*(?P<text>.*?)\s*$")
VALUE = re.compile(r"^(?P<name>.*?)\s*\[(?P<attribute>[^\[\]]+)\]$")
VERSION = re.compile(r"^#.*?:\s*(?P<version>\d{4}-\d{2}[\w.-]*)\s*$")
KINDS = {"categories": "TaxonomyCategory", "attributes": "TaxonomyAttribute", "attribute_values": "TaxonomyValue"}


def handle(text: str) -> str:
    """Shopify's handle of a name: `Age group` -> `age-group`."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


@dataclass
class _Collected:
    version: str | None = None
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {path: [..], labels: {}}
    order: list[str] = field(default_factory=list)
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)  # gid -> {handle, labels, values: [gid]}
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # gid -> {handle, labels, attribute names per lang}
    problems: list[str] = field(default_factory=list)


def _files(paths: list[str | Path]) -> list[Path]:
    """Files named directly, or found in folders (a `dist` folder or one `dist/<lang>` folder)."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.stem in (*KINDS, "taxonomy") and f.suffix in (".txt", ".json"))
            if not found:
                raise InputError(f"{p}: no Shopify taxonomy files here",
                                 hint="point at the dist folder, or at dist/<lang>/categories.txt, attributes.txt, attribute_values.txt")
            out.extend(found)
        elif not p.exists():
            raise InputError(f"{p}: file not found", hint="pass dist/<lang>/categories.txt (and attributes.txt, attribute_values.txt)")
        else:
            out.append(p)
    return out


def _language(path: Path, locale: str | None) -> str:
    if locale:
        return locale.replace("_", "-")

    lang = path.parent.name
    if not is_known_locale(lang.replace("-", "_")):
        raise InputError(f"{path}: cannot tell the language from the folder name {lang!r}",
                         hint="keep Shopify's layout dist/<lang>/categories.txt, or pass --locale")
    return lang


def read_shopify(paths: list[str | Path] | tuple[str | Path, ...], locale: str | None = None) -> Taxonomy:
    """Merge Shopify taxonomy files (text and/or JSON, several languages) into one Taxonomy."""
    files = _files(list(paths))
    if not files:
        raise InputError("no Shopify taxonomy file given", hint="pass the dist folder or its files")
    got = _Collected()
    # English first: it holds the links between values and attributes in the text form.
    files.sort(key=lambda f: (_language(f, locale) != "en", f.suffix != ".json", str(f)))
    for path in files:
        lang = _language(path, locale)
        if path.suffix == ".json":
            _read_json(path, lang, got)
        elif path.stem in KINDS:
            _read_text(path, lang, path.stem, got)
        else:
            got.problems.append(f"{path}: not a Shopify taxonomy file (expected categories, attributes or attribute_values)")
    if got.problems:
        raise SourceError(f"{len(got.problems)} problem(s) in the Shopify taxonomy files", got.problems)
    return _build(got)


def _read_text(path: Path, lang: str, kind: str, got: _Collected) -> None:
    expected = KINDS[kind]
    for number, line in read_lines(path, what="Shopify taxonomy"):
        if line.lstrip().startswith("#"):
            m = VERSION.match(line.strip())
            if m and got.version is None:
                got.version = m["version"]
            continue
        m = LINE.match(line)
        if not m or m["kind"] != expected:
            got.problems.append(f"{path}:{number}: expected 'gid://shopify/{expected}/<id> : <text>', got {line.strip()[:80]!r}")
            continue
        gid, text = m["id"], m["text"]
        if kind == "categories":
            segments = [s.strip() for s in text.split(" > ")]
            entry = got.categories.get(gid)
            if entry is None:
                entry = got.categories[gid] = {"labels": {}, "parent": _parent_id(gid), "line": f"{path}:{number}"}
                got.order.append(gid)
            entry["labels"][lang] = segments[-1]
        elif kind == "attributes":
            entry = got.attributes.setdefault(gid, {"labels": {}, "values": [], "handle": None})
            entry["labels"][lang] = text
            if lang == "en" and entry["handle"] is None:
                entry["handle"] = handle(text)
        else:
            vm = VALUE.match(text)
            if not vm:
                got.problems.append(f"{path}:{number}: expected '<value> [<attribute>]', got {text[:80]!r}")
                continue
            entry = got.values.setdefault(gid, {"labels": {}, "attribute_names": {}, "handle": None})
            entry["labels"][lang] = vm["name"]
            entry["attribute_names"][lang] = vm["attribute"]


def _parent_id(gid: str) -> str | None:
    """Shopify category ids encode their parent: `aa-1-2` -> `aa-1`, `aa` -> None."""
    return gid.rsplit("-", 1)[0] if "-" in gid else None


def _strip(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


def _read_json(path: Path, lang: str, got: _Collected) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        got.problems.append(f"{path}: not valid JSON ({exc})")
        return
    if not isinstance(data, dict):
        got.problems.append(f"{path}: expected a JSON object with `verticals` and/or `attributes`")
        return
    got.version = got.version or data.get("version")
    for vertical in data.get("verticals") or []:
        for cat in vertical.get("categories") or []:
            gid = _strip(str(cat.get("id", "")))
            if not gid:
                continue
            entry = got.categories.get(gid)
            if entry is None:
                parent = cat.get("parent_id")
                entry = got.categories[gid] = {"labels": {}, "parent": _strip(parent) if parent else None, "line": str(path)}
                got.order.append(gid)
            if cat.get("name"):
                entry["labels"][lang] = str(cat["name"])
    for attr in data.get("attributes") or []:
        gid = _strip(str(attr.get("id", "")))
        entry = got.attributes.setdefault(gid, {"labels": {}, "values": [], "handle": None})
        if attr.get("name"):
            entry["labels"][lang] = str(attr["name"])
        if attr.get("handle"):
            entry["handle"] = str(attr["handle"])
        for value in attr.get("values") or []:
            vgid = _strip(str(value.get("id", "")))
            ventry = got.values.setdefault(vgid, {"labels": {}, "attribute_names": {}, "handle": None})
            if value.get("name"):
                ventry["labels"][lang] = str(value["name"])
            if value.get("handle"):
                ventry["handle"] = str(value["handle"]).split("__", 1)[-1]
            if vgid not in entry["values"]:
                entry["values"].append(vgid)


def _build(got: _Collected) -> Taxonomy:
    categories: dict[str, Category] = {}
    for gid in got.order:
        entry = got.categories[gid]
        parent = entry["parent"]
        categories[gid] = Category(id=gid, parent=parent if parent in got.categories else None, labels=entry["labels"])
    # Link values named only by attribute name (text form) to attributes, per language.
    by_name: dict[tuple[str, str], str] = {}
    for agid, entry in got.attributes.items():
        for lang, name in entry["labels"].items():
            by_name.setdefault((lang, name), agid)
    linked = {v for entry in got.attributes.values() for v in entry["values"]}
    for vgid, ventry in got.values.items():
        if vgid in linked:
            continue
        for lang in ("en", *sorted(ventry["attribute_names"])):
            name = ventry["attribute_names"].get(lang)
            agid = by_name.get((lang, name)) if name else None
            if agid:
                got.attributes[agid]["values"].append(vgid)
                break
    attributes: dict[str, Attribute] = {}
    for agid, entry in sorted(got.attributes.items(), key=lambda kv: (kv[1]["handle"] or "", kv[0])):
        code = entry["handle"] or handle(next(iter(entry["labels"].values()), agid))
        if code in attributes:
            code = f"{code}-{agid}"
        values: dict[str, EnumValue] = {}
        for vgid in entry["values"]:
            ventry = got.values[vgid]
            vcode = ventry["handle"] or handle(ventry["labels"].get("en") or next(iter(ventry["labels"].values()), vgid))
            if vcode in values:
                vcode = f"{vcode}-{vgid}"
            values[vcode] = EnumValue(code=vcode, labels=ventry["labels"])
        attributes[code] = Attribute(code=code, type="enum" if values else "text", labels=entry["labels"],
                                     values=values, multiple=bool(values))
    locales: list[str] = []
    for cat in categories.values():
        for lang in cat.labels:
            if lang not in locales:
                locales.append(lang)
    locales.sort(key=lambda x: (x != "en", x))
    return Taxonomy(name="shopify-product-taxonomy", categories=categories, attributes=attributes,
                    version=got.version, locales=tuple(locales), source="shopify")
