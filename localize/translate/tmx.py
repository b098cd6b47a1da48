"""TMX 1.4 import and export for the translation memory (lxml, streaming).

Import reads every `<tu>` (one source, any number of targets), taking the source language
from the TU's `srclang`, or else the header's. Inline codes (`<bpt>`, `<ept>`, `<ph>`, `<it>`)
hold native markup as text, so a segment is rebuilt as text plus that markup: an HTML
description exported by another tool comes back as the same HTML. Entries come in as
`human` unless a TU says otherwise (`<prop type="x-localize-origin">approved</prop>`) or the
caller asks for `approved`.

Provenance is kept: a TU or target `<tuv>` that says it is a machine translation (`machine_signal`:
an origin property `machine`/`mt`/`MachineTranslation`, a property naming an MT engine, a
`creationid`/`changeid` that is an engine such as `MT!` or `DeepL`) is stored as a `machine` entry
under a key no run asks for (engine `tmx`): it is exported again as machine, and never used as a
person's translation, so it never outranks the PIM's own copy of a sibling locale nor counts as
approved (it used to be imported as `human`, which wins over everything but `approved`).

Export writes one TU per memory entry with its origin, context, formality and engine as
`<prop>`s, so an export imported elsewhere (or back) loses nothing.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..atomic import atomic_write
from ..errors import InputError
from ..locale import language_of, to_bcp47
from ..version import __version__
from ..xmlsafe import xml_safe
from .memory import Entry, Memory, MemoryKey, source_hash, text_hash

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it"}


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One source text with its translations, as read from a TMX file."""

    source_lang: str
    source_text: str
    targets: tuple[tuple[str, str], ...]  # (locale, text)
    origin: str | None = None
    context: str = ""
    formality: str = ""
    line: int = 0
    machine: frozenset[str] = frozenset()  # target locales a `<tuv>` of its own says are machine output


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def seg_text(seg: object) -> str:
    """The text of a `<seg>`: its text, native code from inline elements, `<hi>`/`<sub>` content."""
    parts: list[str] = [seg.text or ""]  # type: ignore[attr-defined]
    for child in seg:  # type: ignore[attr-defined]
        name = _local(child.tag)
        if name in _INLINE_CODES:
            parts.append("".join(child.itertext()))
        elif name in ("hi", "sub", "g"):
            parts.append(seg_text(child))
        elif name == "ut":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(path: str | Path) -> Iterator[TmxUnit]:
    """Stream the translation units of a TMX file. Raises InputError naming file and line."""
    # start-up cost: lxml takes ~7-9 ms CPU to import; only the XML formats need it
    from lxml import etree

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: TMX file not found")
    header_srclang: str | None = None
    try:
        # huge_tree=False keeps libxml2's bounds: no text or attribute over 10 MB, nesting under 256.
        context = etree.iterparse(str(path), events=("start", "end"), huge_tree=False, resolve_entities=False,
                                  no_network=True)
        for event, element in context:
            name = _local(element.tag)
            if event == "start":
                if name == "header":
                    header_srclang = element.get("srclang")
                continue
            if name != "tu":
                continue
            unit = _unit(element, header_srclang, path)
            line = element.sourceline or 0
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
            if unit is not None:
                yield replace(unit, line=line)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or "?"
        raise InputError(f"{path}:{line}: not valid TMX/XML: {exc.msg}",
                         hint="check the file is a TMX 1.4 export (UTF-8, well-formed XML)") from None


# How tools say a translation came from an engine. Origin properties (ours, SDL Trados' `x-Origin`,
# others' `x-translation-origin`) with one of these values (compared lower case, letters and digits
# only); any property whose type names MT (`x-mt-engine`, `x-MTProvider`); a `creationid`/`changeid`
# (the author) that is an engine's name (OmegaT and others write `MT!` / `MT`).
_ORIGIN_PROPS = frozenset({"x-localize-origin", "x-origin", "x-translation-origin", "origin", "x-provenance",
                           "x-translationorigin"})
_MACHINE_VALUES = frozenset({"machine", "mt", "machinetranslation", "machinetranslated", "nmt", "neuralmt",
                             "neuralmachinetranslation", "adaptivemachinetranslation", "automatictranslation",
                             "autotranslation", "autotranslated", "aitranslation", "llm"})
_ENGINE_IDS = _MACHINE_VALUES | frozenset({
    "deepl", "deeplpro", "googletranslate", "googlemt", "googlenmt", "microsofttranslator", "bingtranslator",
    "amazontranslate", "modernmt", "systran", "yandextranslate", "papago", "baidutranslate", "openai", "chatgpt"})
_MT_PROP = re.compile(r"(?:^|[-_:.])(?:mt|machine-?translation)(?:$|[-_:.]|engine|provider|system)", re.I)


def _squeeze(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


def machine_value(value: str) -> bool:
    """True when an origin value says machine translation, in any tool's spelling (`MachineTranslation`,
    `mt`, `NMT`, memoQ's `MachineTranslated`; compared lower case, letters and digits only)."""
    return _squeeze(value) in _MACHINE_VALUES


def machine_signal(element: object, props: dict[str, str]) -> bool:
    """True when a `<tu>` or `<tuv>` (its attributes and `<prop>`s) says its text is machine output."""
    for prop_type, value in props.items():
        if prop_type.lower() in _ORIGIN_PROPS and machine_value(value):
            return True
        if value and _MT_PROP.search(prop_type) and _squeeze(value) not in ("", "no", "false", "0", "none"):
            return True
    return any(_squeeze(element.get(name) or "") in _ENGINE_IDS  # type: ignore[attr-defined]
               for name in ("creationid", "changeid"))


def _props(element: object) -> dict[str, str]:
    return {c.get("type", ""): (c.text or "").strip() for c in element if _local(c.tag) == "prop"}  # type: ignore[attr-defined]


def _unit(tu: object, header_srclang: str | None, path: Path) -> TmxUnit | None:
    props = _props(tu)
    variants: list[tuple[str, str]] = []
    machine_langs: set[str] = set()
    for child in tu:  # type: ignore[attr-defined]
        name = _local(child.tag)
        if name == "tuv":
            lang = child.get(XML_LANG) or child.get("lang")
            seg = next((c for c in child if _local(c.tag) == "seg"), None)
            if not lang or seg is None:
                line = getattr(child, "sourceline", "?")
                raise InputError(f"{path}:{line}: <tuv> without xml:lang or <seg>",
                                 hint="every <tuv> needs xml:lang=\"de-DE\" and one <seg>")
            variants.append((lang, seg_text(seg)))
            if machine_signal(child, _props(child)):
                machine_langs.add(to_bcp47(lang))
    srclang = tu.get("srclang") or header_srclang  # type: ignore[attr-defined]
    if not variants:
        return None
    if not srclang or srclang == "*all*":
        srclang = variants[0][0]
    src_norm = to_bcp47(srclang)
    source = next((t for lang, t in variants if to_bcp47(lang) == src_norm), None)
    if source is None:
        source = next((t for lang, t in variants if language_of(lang) == language_of(src_norm)), None)
    if source is None or not source.strip():
        return None
    targets = tuple(dict.fromkeys(
        (to_bcp47(lang), text)
        for lang, text in variants
        if to_bcp47(lang) != src_norm and text.strip()
    ))
    origin = props.get("x-localize-origin") or props.get("x-origin")
    if machine_signal(tu, props):
        origin = "machine"
    return TmxUnit(src_norm, source, targets, origin if origin in ("human", "approved", "machine") else None,
                   props.get("x-localize-context", ""), props.get("x-localize-formality", ""),
                   machine=frozenset(machine_langs))


def import_tmx(memory: Memory, path: str | Path, *, origin: str = "human", force: bool = False) -> dict[str, int]:
    """Import a TMX file into the memory: its translations as `origin` (human or approved; a TU may
    say approved), its machine translations (`machine_signal`) as machine entries no run looks up.
    Returns counts (`machine`: entries kept as machine); a file already imported with the same
    content is skipped unless `force`."""
    if origin not in ("human", "approved"):
        raise ValueError("origin must be human or approved")
    path = Path(path)
    digest = file_sha256(path)
    if not force and memory.was_imported(path.resolve(), digest):
        return {"units": 0, "entries": 0, "machine": 0, "skipped": 1}
    units = entries = machine = 0
    batch: list[tuple[str, str, str, str, str, str, str, float | None]] = []
    engine_batch: list[tuple[MemoryKey, str, str, int, str]] = []
    for unit in read_tmx(path):
        units += 1
        unit_origin = unit.origin if unit.origin in ("approved",) else origin
        for target_lang, text in unit.targets:
            if unit.origin == "machine" or target_lang in unit.machine:
                key = MemoryKey(source_hash(unit.source_text), language_of(unit.source_lang), target_lang,
                                formality=unit.formality, context_hash=text_hash(unit.context), engine="tmx")
                engine_batch.append((key, unit.source_text, text, 0, unit.context))
                continue
            batch.append((unit.source_text, text, unit.source_lang, target_lang, unit_origin, unit.context,
                          unit.formality, None))
        if len(batch) >= 1000:
            entries += memory.put_human_many(batch)
            batch.clear()
        if len(engine_batch) >= 1000:
            machine += memory.put_machine(engine_batch)
            engine_batch.clear()
    if batch:
        entries += memory.put_human_many(batch)
    if engine_batch:
        machine += memory.put_machine(engine_batch)
    memory.mark_imported(path.resolve(), digest, entries + machine)
    return {"units": units, "entries": entries + machine, "machine": machine, "skipped": 0}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return h.hexdigest()


def export_tmx(entries: Iterable[Entry], path: str | Path, *, source_lang: str = "*all*") -> int:
    """Write entries as TMX 1.4 (atomically). Returns the number of translation units."""
    # start-up cost: lxml takes ~7-9 ms CPU to import; only the XML formats need it
    from lxml import etree

    path = Path(path)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="localize", creationtoolversion=_version(), segtype="block",
                     adminlang="en", srclang=source_lang, datatype="plaintext", **{"o-tmf": "localize"})
    body = etree.SubElement(root, "body")
    count = 0
    for entry in entries:
        tu = etree.SubElement(body, "tu", srclang=entry.source_lang)
        if entry.created:
            tu.set("creationdate", time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(entry.created)))
        for prop_type, value in (("x-localize-origin", entry.origin), ("x-localize-context", entry.context),
                                 ("x-localize-formality", entry.formality), ("x-localize-engine", entry.engine)):
            if value:
                etree.SubElement(tu, "prop", type=prop_type).text = _clean(value)
        for lang, text in ((entry.source_lang, entry.source_text), (entry.target_lang, entry.target_text)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = _clean(text)
        count += 1
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    with atomic_write(path, mode="wb", encoding=None) as out:
        out.write(data)
    return count


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters nor U+FFFE/U+FFFF (a reviewer's edit, a run before they were
    read away, may hold one; the export raised ValueError): drop them rather than fail the export."""
    return str(xml_safe(text, ""))


def _version() -> str:
    return __version__
