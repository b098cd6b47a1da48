"""`--format junit`: one test suite per file, one test case per check x file.

CI systems (GitLab, Jenkins, Azure, GitHub test reporters) list test cases, so every check
shows up by name for every file: a check with error-level findings is a failure (its
findings in the body), warnings keep the case passing but are listed in `system-out`,
and a check switched off in config is `skipped`. No timestamps or durations: the file is
deterministic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TYPE_CHECKING

from ...xmlsafe import xml_safe
from ..checks import all_checks

if TYPE_CHECKING:
    from ..check_types import QAFinding
    from ..engine import ValidationResult

def _clean(text: str) -> str:
    return str(xml_safe(text))


def _line(f: QAFinding) -> str:
    where = f"{f.file}:{f.line}" if f.line else f.file
    extra = " ".join(p for p in (f.record, f.field) if p)
    return _clean(f"{where} {extra}: {f.message}" if extra else f"{where}: {f.message}")


def render(result: ValidationResult) -> str:
    checks = all_checks()
    kept: dict[tuple[str, str], list[QAFinding]] = defaultdict(list)
    for f in result.findings:
        kept[(f.file, f.code)].append(f)
    root = ET.Element("testsuites", {"name": f"localize validate {result.market.code}"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for summary in result.files:
        suite = ET.SubElement(root, "testsuite", {"name": summary.path})
        props = ET.SubElement(suite, "properties")
        for name, value in (("profile", summary.profile), ("market", result.market.code),
                            ("records", str(summary.records))):
            ET.SubElement(props, "property", {"name": name, "value": value})
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for code, level in result.checks.items():
            if summary.profile not in checks[code].profiles:
                continue
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", {"classname": summary.path, "name": code, "file": summary.path})
            if level == "off":
                ET.SubElement(case, "skipped", {"message": f"{code} is off in the configuration"})
                counts["skipped"] += 1
                continue
            errors = summary.counts.get((code, "error"), 0)
            warnings = summary.counts.get((code, "warning"), 0)
            shown = kept.get((summary.path, code), [])
            body = "\n".join(_line(f) for f in shown)
            hidden = errors + warnings - len(shown)
            if hidden > 0:
                body += f"\n... and {hidden} more (raise --max-findings to see them)"
            if errors:
                first = shown[0].message if shown else checks[code].summary
                failure = ET.SubElement(case, "failure", {
                    "type": code,
                    "message": _clean(f"{errors} error(s): {first}"),
                })
                failure.text = _clean(body + f"\nfix: {checks[code].fix}")
                counts["failures"] += 1
            elif warnings:
                out = ET.SubElement(case, "system-out")
                out.text = _clean(f"{warnings} warning(s):\n{body}\nfix: {checks[code].fix}")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
