"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

`::error file=out/de-DE.jsonl,line=12,title=number-mismatch::P-1 description: ...`
Values are escaped as the runner expects (`%`, CR, LF in the message; also `:` and `,` in
properties), so a message can never inject a second workflow command. Messages quote feed values:
their control characters are shown as escapes first (`terminal_text`): the Actions log renders ANSI
sequences, so an ESC in a GTIN coloured, hid or linked the CI log, and a bidi override reordered it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...terminal import terminal_text

if TYPE_CHECKING:
    from ..engine import ValidationResult


def escape_data(text: str) -> str:
    return terminal_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: ValidationResult) -> str:
    lines = []
    for f in result.findings:
        props = [f"file={escape_property(f.file)}"]
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={escape_property(f.code)}")
        where = " ".join(p for p in (f.record, f.field) if p)
        message = f"{where}: {f.message}" if where else f.message
        lines.append(f"::{f.severity} {','.join(props)}::{escape_data(message)}")
    summary = (f"localize validate ({result.market.code}): {result.errors} error(s), {result.warnings} warning(s) "
               f"in {sum(s.records for s in result.files)} record(s) of {len(result.files)} file(s)")
    if result.omitted:
        summary += f"; {result.omitted} more finding(s) not shown (--max-findings)"
    lines.append(f"::notice title=localize validate::{escape_data(summary)}")
    return "\n".join(lines) + "\n"
