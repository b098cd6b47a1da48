"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps).

Each check is a rule (`tool.driver.rules`, with its summary, the fix as help text and its
effective level); each finding a result with the file and line as its physical location and
the product (or XLIFF unit) and field as a logical location. No timestamps: deterministic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...jsonlines import json_text
from ...version import __version__
from ..checks import all_checks

if TYPE_CHECKING:
    from ..engine import ValidationResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def message_text(text: str) -> str:
    """A finding's message as SARIF plain text: `[text](target)` in a message is an embedded link
    (SARIF 2.1.0 §3.11.6, which GitHub code scanning renders), and a finding quotes feed data, so a
    product title `[Gratis](https://evil.example)` would be a link in the dashboard. Literal
    brackets (and the backslash) are escaped with a backslash, as the standard asks."""
    if "[" not in text and "]" not in text and "\\" not in text:
        return text
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def render(result: ValidationResult) -> str:
    checks = all_checks()
    codes = list(result.checks)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        check = checks[code]
        level = result.checks[code]
        rules.append({
            "id": code,
            "name": _rule_name(code),
            "shortDescription": {"text": check.summary},
            "fullDescription": {"text": f"{check.summary} Fix: {check.fix}"},
            "help": {"text": check.fix},
            "defaultConfiguration": {"level": "none" if level == "off" else level, "enabled": level != "off"},
            "properties": {"tags": [check.group], "profiles": sorted(check.profiles)},
        })
    artifacts = [{"location": {"uri": f.path}, "roles": ["analysisTarget"]} for f in result.files]
    artifact_index = {f.path: i for i, f in enumerate(result.files)}
    results: list[dict[str, Any]] = []
    for f in result.findings:
        physical: dict[str, Any] = {"artifactLocation": {"uri": f.file, "index": artifact_index.get(f.file, 0)}}
        if f.line:
            physical["region"] = {"startLine": f.line}
        location: dict[str, Any] = {"physicalLocation": physical}
        logical = [p for p in (f.record, f.field) if p]
        if logical:
            location["logicalLocations"] = [{
                "name": f.field or f.record,
                "fullyQualifiedName": "/".join(logical),
                "kind": "member" if f.field else "object",
            }]
        item: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": f.severity,
            "message": {"text": message_text(f.message)},
            "locations": [location],
        }
        if f.matched:
            item["properties"] = {"matched": f.matched}
        results.append(item)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "localize validate", "semanticVersion": __version__, "rules": rules}},
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": True,
                "exitCode": result.exit_code,
                "properties": {"market": result.market.code, "omittedFindings": result.omitted},
            }],
        }],
    }
    return json_text(log, indent=2) + "\n"
