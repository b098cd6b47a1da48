"""XLIFF 2.0 for translators who fix wording in their own tools (one target language per file).

One `<unit>` per text field of a withheld record, with the source and the market's current
text, the findings as notes (what matched, why, what to do), and the decision keys in the
Metadata module (`mda`). A translator corrects the target (-> edit), or sets the segment
state to `reviewed`/`final` (-> approve; with `subState="localize:reject"` -> reject).
XLIFF 2 allows one target language per document, so a queue with several markets gets one
file per market.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from .queue import QueueItem

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def unit_id(item: QueueItem) -> str:
    raw = f"{item.market}\x1f{item.product}\x1f{item.field}\x1f{item.source_text}"
    return "u" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def render_xliff(items: Sequence[QueueItem]) -> str:
    """An XLIFF 2.0 document for the text findings of one market."""
    ET.register_namespace("", XLIFF_NS)
    ET.register_namespace("mda", MDA_NS)
    text_items = [i for i in items if i.text_field and i.field]
    src_lang = next((i.source_locale for i in text_items if i.source_locale), "und")
    trg_lang = next((i.target_locale for i in text_items if i.target_locale), "und")
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "2.0", "srcLang": src_lang, "trgLang": trg_lang})
    groups: dict[tuple[str, str], list[QueueItem]] = {}
    for item in text_items:
        groups.setdefault((item.market, item.product, item.field or ""), []).append(item)  # type: ignore[index]
    files: dict[str, ET.Element] = {}
    for (market, product, field), group in sorted(groups.items()):
        file_el = files.get(market)
        if file_el is None:
            file_el = files[market] = ET.SubElement(root, f"{{{XLIFF_NS}}}file", {"id": f"f-{_nmtoken(market)}"})
        first = group[0]
        target = first.target_text or first.source_text
        unit = ET.SubElement(file_el, f"{{{XLIFF_NS}}}unit", {"id": unit_id(first), "name": f"{product}/{field}"})
        meta = ET.SubElement(unit, f"{{{MDA_NS}}}metadata")
        mgroup = ET.SubElement(meta, f"{{{MDA_NS}}}metaGroup", {"category": "localize"})
        for name, value in (("market", market), ("product", product), ("field", field),
                            ("keys", " ".join(i.key for i in group)), ("target-hash", text_hash(xml_text(target)))):
            ET.SubElement(mgroup, f"{{{MDA_NS}}}meta", {"type": name}).text = value
        notes = ET.SubElement(unit, f"{{{XLIFF_NS}}}notes")
        for n, item in enumerate(group, 1):
            text = f"[{item.severity}] {item.rule}: {item.message}"
            if item.matched:
                text += f" (matched \u201c{item.matched}\u201d)"
            if item.action:
                text += f" Action: {item.action}"
            ET.SubElement(notes, f"{{{XLIFF_NS}}}note", {"id": f"n{n}", "category": "localize:finding",
                                                          "appliesTo": "source" if item.side == "source" else "target",
                                                          "priority": "1" if item.severity == "block" else "2"}).text = xml_text(text)
        decided = next((i.decision for i in group if i.decision is not None), None)
        state = "initial"
        attrs = {"id": "s1", "state": state}
        if decided is not None:
            attrs["state"] = "final" if decided.decision in ("approve", "edit") else "reviewed"
            if decided.decision == "reject":
                attrs["subState"] = "localize:reject"
        segment = ET.SubElement(unit, f"{{{XLIFF_NS}}}segment", attrs)
        ET.SubElement(segment, f"{{{XLIFF_NS}}}source").text = xml_text(first.source_text)
        ET.SubElement(segment, f"{{{XLIFF_NS}}}target").text = xml_text(target)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_INVALID_XML = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def xml_text(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold."""
    return text.translate(_INVALID_XML)


def _nmtoken(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
