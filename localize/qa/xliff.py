"""XLIFF 1.2 and 2.x deliveries as source/target pairs, with inline codes kept as codes.

Translators and agencies send work back as XLIFF. Each translatable unit (1.2 `trans-unit`,
2.x `unit`/`segment`) becomes a `FeedRecord` named by its unit id. Inline codes
(1.2: `g x bx ex ph bpt ept it`; 2.x: `pc ph sc ec`) are not text: they are listed as codes
so the tag checks can compare them and their nesting, and each is shown to the text checks
as one neutral character (U+FFFC), so `10<x/>20` never reads as `1020`. Protected markers
(1.2 `mrk mtype="protected"`, 2.x `mrk translate="no"`) keep their text and are compared as
codes too: a translator must not change them. Units marked `translate="no"` are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .check_context import FeedRecord
from .feeds import Item, ParseProblem, safe_parser_options

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
CODE_MARK = "\ufffc"
_PAIRED = {"g": "g", "pc": "pc"}
_STANDALONE_12 = {"x", "bx", "ex", "ph", "bpt", "ept", "it"}
_STANDALONE_20 = {"ph", "sc", "ec"}


def _local(tag: Any) -> str:
    tag = str(tag)
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag


def read_xliff(path: Path, extra: dict[str, Any]) -> Iterator[Item]:
    """Units of an XLIFF 1.2 or 2.x file; `extra` receives the version and languages."""
    # start-up cost: lxml takes ~7-9 ms CPU to import; only the XML formats need it
    from lxml import etree

    parser = etree.XMLParser(**safe_parser_options(), remove_comments=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        yield ParseProblem(exc.lineno or None, f"not well-formed XML: {exc.msg}")
        return
    except OSError as exc:
        yield ParseProblem(None, f"cannot read the file: {exc}")
        return
    root = tree.getroot()
    if _local(root.tag) != "xliff":
        yield ParseProblem(root.sourceline, f"the root element is <{_local(root.tag)}>, not <xliff>: not an XLIFF file")
        return
    version = root.get("version") or ("2.0" if NS20 in str(root.tag) else "1.2")
    extra["xliff_version"] = version
    if version.startswith("2"):
        yield from _units_20(root, extra)
    elif version.startswith("1"):
        yield from _units_12(root, extra)
    else:
        yield ParseProblem(root.sourceline, f"XLIFF version {version!r} is not supported (1.2 and 2.x are)")


def _units_12(root: Any, extra: dict[str, Any]) -> Iterator[Item]:
    files = [f for f in root.iter() if _local(f.tag) == "file"]
    for file_elem in files:
        src_lang = file_elem.get("source-language")
        tgt_lang = file_elem.get("target-language")
        extra.setdefault("source_language_tag", src_lang)
        extra.setdefault("target_language_tag", tgt_lang)
        prefix = f"{file_elem.get('original')}#" if len(files) > 1 and file_elem.get("original") else ""
        for unit in file_elem.iter():
            if _local(unit.tag) != "trans-unit" or unit.get("translate") == "no":
                continue
            uid = unit.get("id") or unit.get("resname") or f"line-{unit.sourceline}"
            source_elem = _child(unit, "source")
            target_elem = _child(unit, "target")
            if source_elem is None:
                yield ParseProblem(unit.sourceline, "a trans-unit without <source>", record=prefix + uid)
                continue
            src_text, src_codes = flatten(source_elem, v2=False)
            tgt_text, tgt_codes = flatten(target_elem, v2=False) if target_elem is not None else (None, [])
            field = unit.get("resname") or "target"
            state = target_elem.get("state") if target_elem is not None else None
            yield FeedRecord(
                line=unit.sourceline or 0,
                identifier=prefix + uid,
                fields={"id": uid, "state": state, "locale": tgt_lang, "locale_line": file_elem.sourceline},
                pairs=[(field, src_text, tgt_text)],
                source_locale=src_lang,
                target_locale=tgt_lang,
                codes={field: (src_codes, tgt_codes)},
                field_lines={field: (target_elem.sourceline if target_elem is not None else unit.sourceline) or 0},
            )


def _units_20(root: Any, extra: dict[str, Any]) -> Iterator[Item]:
    src_lang = root.get("srcLang")
    tgt_lang = root.get("trgLang")
    extra["source_language_tag"] = src_lang
    extra["target_language_tag"] = tgt_lang
    files = [f for f in root if _local(f.tag) == "file"]
    for file_elem in files:
        prefix = f"{file_elem.get('id')}#" if len(files) > 1 and file_elem.get("id") else ""
        for unit in file_elem.iter():
            if _local(unit.tag) != "unit" or unit.get("translate") == "no":
                continue
            uid = unit.get("id") or f"line-{unit.sourceline}"
            segments = [s for s in unit if _local(s.tag) == "segment"]
            pairs = []
            codes = {}
            lines = {}
            for index, seg in enumerate(segments, 1):
                field = (f"segment {seg.get('id') or index}") if len(segments) > 1 else (unit.get("name") or "target")
                source_elem = _child(seg, "source")
                target_elem = _child(seg, "target")
                if source_elem is None:
                    yield ParseProblem(seg.sourceline, "a segment without <source>", record=prefix + uid)
                    continue
                src_text, src_codes = flatten(source_elem, v2=True)
                tgt_text, tgt_codes = flatten(target_elem, v2=True) if target_elem is not None else (None, [])
                pairs.append((field, src_text, tgt_text))
                codes[field] = (src_codes, tgt_codes)
                lines[field] = (target_elem.sourceline if target_elem is not None else seg.sourceline) or 0
            yield FeedRecord(
                line=unit.sourceline or 0,
                identifier=prefix + uid,
                fields={"id": uid, "locale": tgt_lang, "locale_line": root.sourceline},
                pairs=pairs,
                source_locale=src_lang,
                target_locale=tgt_lang,
                codes=codes,
                field_lines=lines,
            )


def _child(elem: Any, name: str) -> Any:
    for child in elem:
        if isinstance(child.tag, str) and _local(child.tag) == name:
            return child
    return None


def flatten(elem: Any, *, v2: bool) -> tuple[str, list[tuple[str, str]]]:
    """The text of a <source>/<target> and its inline codes in document order.

    Codes are (kind, id): `g-open`/`g-close` (`pc-open`/`pc-close`) around paired content,
    `x`, `ph`, `bx`, `ex`, `bpt`, `ept`, `it`, `sc`, `ec` for standalone codes (paired ones by
    their `rid`/`startRef`), `mrk-protected` with the protected text as its id.
    """
    parts: list[str] = []
    codes: list[tuple[str, str]] = []
    _walk(elem, parts, codes, v2)
    return "".join(parts), codes


def _walk(elem: Any, parts: list[str], codes: list[tuple[str, str]], v2: bool) -> None:
    if elem.text:
        parts.append(elem.text)
    standalone = _STANDALONE_20 if v2 else _STANDALONE_12
    for child in elem:
        if not isinstance(child.tag, str):
            if child.tail:
                parts.append(child.tail)
            continue
        name = _local(child.tag)
        if name in _PAIRED:
            ident = child.get("id") or ""
            codes.append((f"{name}-open", ident))
            _walk(child, parts, codes, v2)
            codes.append((f"{name}-close", ident))
        elif name in standalone:
            if name in ("ex", "ept", "ec"):
                ident = child.get("rid") or child.get("startRef") or child.get("id") or ""
            else:
                ident = child.get("rid") or child.get("id") or ""
            kind = name
            if v2 and name in ("sc", "ec") and child.get("isolated") == "yes":
                kind = f"{name}-isolated"
            codes.append((kind, ident))
            parts.append(CODE_MARK)
        elif name == "mrk":
            inner_parts: list[str] = []
            _walk(child, inner_parts, codes, v2)
            inner = "".join(inner_parts)
            if child.get("mtype") == "protected" or child.get("translate") == "no":
                codes.append(("mrk-protected", inner))
            parts.append(inner)
        elif name == "cp" and child.get("hex"):
            try:
                parts.append(chr(int(child.get("hex"), 16)))
            except ValueError:
                parts.append(CODE_MARK)
        elif name in ("sm", "em", "sub"):
            pass  # annotation markers carry no text of their own
        else:
            _walk(child, parts, codes, v2)
        if child.tail:
            parts.append(child.tail)
