"""Decisions from an XLIFF 2 file that a translator worked on (see `xliff` for the mapping)."""

from __future__ import annotations

from pathlib import Path

from ..errors import LocalizeError
from .queue import Queue
from .xliff import MDA_NS, XLIFF_NS, text_hash


def read_xliff(path: Path, queue: Queue) -> tuple[list, int]:  # type: ignore[type-arg]
    from defusedxml import ElementTree as DET

    from .apply import Row

    try:
        root = DET.parse(str(path)).getroot()
    except Exception as exc:  # ParseError, DefusedXmlException
        raise LocalizeError(f"{path}: not valid XML ({exc})", hint="open it in your CAT tool and export it again") from None
    if root.tag != f"{{{XLIFF_NS}}}xliff":
        raise LocalizeError(f"{path}: not an XLIFF 2.0 document (root element {root.tag})",
                            hint="export XLIFF 2.0 from your tool, or apply the CSV/XLSX instead")
    rows = []
    undecided = 0
    ns = {"x": XLIFF_NS, "mda": MDA_NS}
    for unit in root.iter(f"{{{XLIFF_NS}}}unit"):
        uid = unit.get("id", "?")
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
