"""The publication gate's use of decisions: approve -> publish, reject -> never publish in
that market, edit -> publish the corrected text; no decision -> withheld for review.

`decide(record, decisions)` changes the record in place (values for edits, findings
annotated with the decision) and says whether the record is withheld. Findings that were
approved or edited become `info` with the reviewer's name in the message, so the feed
keeps the trail and the counts show only what is still open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..model import LocalizedRecord, LocalizedValue
from .decisions import Decision, key_for_record

WITHHOLDING = frozenset({"block", "review"})


@dataclass
class GateResult:
    withheld: bool
    open: int = 0
    approved: int = 0
    edited: int = 0
    rejected: int = 0
    open_by_severity: dict[str, int] = field(default_factory=dict)
    open_output: int = 0  # open findings that concern one output only
    rejected_output: int = 0


def decide(record: LocalizedRecord, decisions: Mapping[str, Decision] | None) -> GateResult:
    """Apply stored decisions to one record; True in `.withheld` when it must not be published."""
    result = GateResult(withheld=False)
    if not any(f.severity in WITHHOLDING for f in record.findings):
        return result
    decisions = decisions or {}
    found = [(f, decisions.get(key_for_record(record, f)) if f.severity in WITHHOLDING else None)
             for f in record.findings]
    # An edit replaces the field's text, so it settles every finding on that field.
    edits: dict[str, Decision] = {}
    for f, d in found:
        if d is not None and d.decision == "edit" and f.field in record.values and d.corrected is not None:
            prior = edits.get(f.field)  # type: ignore[arg-type]
            if prior is None or d.decided_at >= prior.decided_at:
                edits[f.field] = d  # type: ignore[index]
    new_findings = []
    for finding, decision in found:
        if finding.severity not in WITHHOLDING:
            new_findings.append(finding)
            continue
        if decision is None and finding.field in edits:
            decision = edits[finding.field]  # type: ignore[index]
        if decision is None:
            result.open += 1
            result.open_by_severity[finding.severity] = result.open_by_severity.get(finding.severity, 0) + 1
            if finding.output:
                result.open_output += 1
            new_findings.append(finding)
        elif decision.decision == "reject":
            result.rejected += 1
            if finding.output:
                result.rejected_output += 1
            new_findings.append(replace(finding, message=f"{finding.message} [rejected by {decision.reviewer} "
                                        f"on {decision.decided_at[:10]}{_why(decision)}]", decision="reject"))
        else:
            verb = "edited" if decision.decision == "edit" else "approved"
            if verb == "edited":
                result.edited += 1
            else:
                result.approved += 1
            new_findings.append(replace(finding, severity="info", message=f"{finding.message} [{verb} by "
                                        f"{decision.reviewer} on {decision.decided_at[:10]}{_why(decision)}]",
                                        decision="edit" if verb == "edited" else "approve"))
    for code, decision in edits.items():
        lv = record.values[code]
        lv.status = "human"
        if is_option(lv):
            lv.display = decision.corrected  # the reviewer corrected how the option reads; its code stays the data
            continue
        if lv.source is None:
            lv.source = lv.data  # keep the original so the decision key stays the same
        lv.data = decision.corrected
        lv.display = None
    record.findings[:] = new_findings
    # a finding about one output (a Google item without image_link) keeps the record out of that
    # output only (`LocalizedRecord.withheld_outputs`); the market's other feeds still get it
    result.withheld = (result.open - result.open_output) > 0 or (result.rejected - result.rejected_output) > 0
    return result


def is_option(value: LocalizedValue) -> bool:
    """Whether a value's data is option codes shown by a label (`records._option_display` set `label`, or
    the map stage showed the shared taxonomy's label). A reviewer's edit corrects the label a market
    reads: writing it over the code would publish a code the PIM does not have (its Akeneo import fails)."""
    extra = value.extra
    return "label" in extra or bool((extra.get("taxonomy") or {}).get("values"))


def _why(decision: Decision) -> str:
    return f": {decision.comment}" if decision.comment else ""
