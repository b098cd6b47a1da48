"""Decisions from an XLIFF 2 file that a translator worked on (see `xliff` for the mapping)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import LocalizeError
from ..translate.tmx import machine_value
from .queue import Queue
from .rows import Row
from .xliff import MDA_NS, XLIFF_NS, text_hash


def read_xliff(path: Path, queue: Queue) -> tuple[list[Row], int]:
    """Rows from an XLIFF 2 file, parsed by libxml2 with its default bounds: no text node or
    attribute over 10 MB, no nesting over 256 levels, no entity expansion, no DTD, no network
    (the stdlib parser took minutes on one 60 MB attribute)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        reason = str(exc.msg)
        if "too long" in reason or "huge" in reason.lower() or "limit" in reason.lower():
            raise LocalizeError(f"{path}:{exc.lineno}: a text or attribute is longer than 10 MB; not a review file",
                                hint="apply the review.xlf written by `localize review export` after editing it "
                                     "in your CAT tool") from None
        raise LocalizeError(f"{path}:{exc.lineno}: not valid XML ({reason})",
                            hint="open it in your CAT tool and export it again") from None
    except OSError as exc:
        raise LocalizeError(f"{path}: cannot read ({exc})") from None
    if tree.docinfo.doctype:
        raise LocalizeError(f"{path}: has a DOCTYPE; XLIFF 2 files have none (entities are not expanded)",
                            hint="export XLIFF 2.0 from your CAT tool again") from None
    root = tree.getroot()
    if root.tag != f"{{{XLIFF_NS}}}xliff":
        raise LocalizeError(f"{path}: not an XLIFF 2.0 document (root element {root.tag})",
                            hint="export XLIFF 2.0 from your tool, or apply the CSV/XLSX instead")
    rows = []
    undecided = 0
    ns = {"x": XLIFF_NS, "mda": MDA_NS}
    for unit in root.iter(f"{{{XLIFF_NS}}}unit"):
        uid = unit.get("id", "?")
        if len(uid) > 200:
            uid = uid[:40] + "..."
        where = f"{path}: unit {uid}"
        meta = {m.get("type"): (m.text or "") for m in unit.iterfind(".//mda:meta", ns)}
        keys = [k for k in meta.get("keys", "").split() if k]
        segment = unit.find("x:segment", ns)
        if segment is None or not keys:
            undecided += 1
            continue
        target_el = segment.find("x:target", ns)
        target = "".join(target_el.itertext()) if target_el is not None else ""
        state = segment.get("state", "initial")
        sub = segment.get("subState", "")
        changed = target_el is not None and text_hash(target) != meta.get("target-hash")
        if changed and state not in ("reviewed", "final") and _machine_target(unit, segment, target_el):
            undecided += 1  # a CAT tool's machine pre-translation, not yet confirmed by a person
            continue
        if changed:
            decision, corrected = "edit", target
        elif sub == "localize:reject":
            decision, corrected = "reject", None
        elif state in ("reviewed", "final"):
            decision, corrected = "approve", None
        else:
            undecided += 1
            continue
        comment = None
        for note in unit.iterfind("x:notes/x:note", ns):
            if note.get("category") != "localize:finding" and note.text and note.text.strip():
                comment = note.text.strip()  # a translator's own note is the "why"
        for key in keys:
            rows.append(Row(where=where, key=key, decision=decision, corrected=corrected, comment=comment))
    return rows, undecided


def _machine_target(unit: etree._Element, segment: etree._Element, target: etree._Element | None) -> bool:
    """True when the unit, the segment or its target says the text is machine output: a `subState` naming MT
    (`mt`, `memoq:mt`, `machine-translation`), the ITS module's `mtConfidence` / an `annotatorsRef` to
    `mt-confidence` (on the target or a `<mrk>` in it), XLIFF 1.2's `state-qualifier` `mt-suggestion` /
    `leveraged-mt` as tools carry it over, or a CAT tool's own origin attribute (any namespace: XLIFF 2 lets a
    tool put its attributes on `<unit>` and `<mrk>`) as their bilingual files write it: memoQ's `mq:status`
    `MachineTranslated`, Phrase's `m:trans-origin` `mt` while `m:confirmed` is 0, Trados' `origin` `mt`/`nmt`
    while `conf` is not a translator's (`Translated`, `ApprovedTranslation`, `ApprovedSignOff`);
    `machine_value` reads the values, as for a TMX. A changed target like that is an engine's draft, not a
    person's correction: it is no decision until the translator confirms it (`reviewed` or `final`). The
    translation candidates module's matches (`<mtc:match origin=…>`) are suggestions, not the target: not read."""
    elements = [unit, segment, *(target.iter() if target is not None else ())]
    for element in elements:
        attributes = {name.rsplit("}", 1)[-1].lower(): value for name, value in element.attrib.items()}
        origin = attributes.get("trans-origin") or attributes.get("origin") or attributes.get("status")
        if origin and machine_value(origin) and not _confirmed(attributes):
            return True
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            low = value.lower()
            if local == "substate" and any(part in ("mt", "machine", "machine-translation", "machinetranslation", "nmt")
                                           for part in low.replace(":", " ").replace("/", " ").split()):
                return True
            if local == "mtconfidence" or (local == "annotatorsref" and "mt-confidence" in low):
                return True
            if local == "state-qualifier" and low in ("mt-suggestion", "leveraged-mt"):
                return True
    return False


#: how a CAT tool says a person confirmed the segment on the element that names its origin: Phrase's
#: `m:confirmed` 1 (translator) or 2 (reviewer), Trados' `conf` levels after a translator's
_CONFIRMED_LEVELS = frozenset({"translated", "approvedtranslation", "approvedsignoff"})


def _confirmed(attributes: dict[str, str]) -> bool:
    confirmed = attributes.get("confirmed", "").strip()
    if confirmed and confirmed not in ("0", "false", "no"):
        return True
    return attributes.get("conf", "").strip().lower() in _CONFIRMED_LEVELS
