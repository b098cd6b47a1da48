"""`localize validate out/<market>.csv`: the run's own sheet for people, checked as what it is.

The sheet (`channels/tabular.py`) has no profile of its own before this: `.csv` meant an Akeneo import
file, so validating a run's own output failed on "no identifier column 'sku'" and a CI job could not
check every file a run writes. The profile is chosen by the header (`detect`: the six columns the
writer always writes first), read as a shop CSV is (`ShopCsv`: comma, one product per row keyed by
`identifier`), and checked for what the writer promises: those columns, unique identifiers, no cell a
spreadsheet would run as a formula (`formula-cell`), no blocking finding in a published row, no
template placeholder or escaped line break left in the copy, no unsafe markup. Translations are
not compared here (see `pairs`): the JSONL feed of the same run carries what that needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..cells import is_formula_like
from ..qa.check_context import CheckContext, FeedRecord
from ..qa.check_types import Example as E
from ..qa.check_types import Issue
from ..qa.checks import define, extend, register
from ..qa.profiles import ShopCsv
from .tabular import FIXED_COLUMNS

SHEET = ("sheet",)
_HEADER = ",".join(FIXED_COLUMNS)


def is_sheet_header(header: list[str]) -> bool:
    """Our writer's header: the fixed columns first, in their order (an Akeneo export starts with its
    identifier attribute, `sku`, and has no `findings` column)."""
    return tuple(header[:len(FIXED_COLUMNS)]) == FIXED_COLUMNS


def header_issues(header: list[str], ctx: CheckContext) -> Iterator[Issue]:
    if not is_sheet_header(header):
        yield Issue(f"the header does not start with {_HEADER}: not a sheet `localize run` writes", field=None)
    seen: set[str] = set()
    for index, name in enumerate(header, 1):
        if not name:
            yield Issue(f"column {index} has no name", field=None)
        elif name in seen:
            yield Issue(f"column '{name}' appears twice", field=name)
        seen.add(name)


define(
    "sheet-columns",
    severity="error",
    kind="line",
    profiles=SHEET,
    group="sheet",
    summary="The header is the run's sheet header: identifier, family, parent, categories, enabled, findings, "
            "then one column per attribute, each named once.",
    fix="Validate the file `localize run` wrote (out/<market>.csv), or restore the column named in the finding.",
    passes=(E(content=f"{_HEADER},name\nP1,shoes,,,1,,Boots\n", profile="sheet"),),
    fails=(E(content="identifier,family,name\nP1,shoes,Boots\n", profile="sheet", note="fixed columns missing"),
           E(content=f"{_HEADER},name,name\nP1,shoes,,,1,,Boots,Stiefel\n", profile="sheet",
             note="a column twice")),
)


@register(
    "formula-cell",
    severity="error",
    kind="record",
    profiles=SHEET,
    group="sheet",
    summary="No cell starts a formula a spreadsheet would run: in the CSV, text starting with = + - @ (after "
            "blanks) or a tab or CR without the leading apostrophe the run writes; in the XLSX, a formula cell.",
    fix="Put an apostrophe in front of the cell (or let `localize run` write the sheet again): a spreadsheet "
        "that opens the file runs the text as a formula otherwise.",
    passes=(E(record={"identifier": "P1", "description": "'- Stable\n- Light", "name": "Boots"}, profile="sheet"),),
    fails=(E(record={"identifier": "P1", "name": '=HYPERLINK("http://x.example")'}, profile="sheet"),
           E(record={"identifier": "P1", "description": "- Stable"}, profile="sheet", note="a bullet unguarded")),
)
def formula_cell(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    for name, value in record.fields.items():
        if isinstance(value, str) and not value.startswith("'") and is_formula_like(value):
            yield Issue(f"the cell starts a formula a spreadsheet would run: {_clip(value)!r}", field=name)


@register(
    "sheet-blocking-finding",
    severity="error",
    kind="record",
    profiles=SHEET,
    group="sheet",
    summary="A published row's findings column names no finding of severity `block` (the run withholds those).",
    fix="Withhold the record (it belongs in the review queue) or resolve the finding and rerun.",
    passes=(E(record={"identifier": "P1", "findings": "review: geo-name; info: markup-removed"}, profile="sheet"),),
    fails=(E(record={"identifier": "P1", "findings": "review: geo-name; block: banned-term"}, profile="sheet"),),
)
def sheet_blocking_finding(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    findings = record.fields.get("findings")
    if not isinstance(findings, str) or "block" not in findings:
        return
    for item in findings.split(";"):
        severity, _, code = item.strip().partition(": ")
        if severity == "block":
            yield Issue(f"the run flagged '{code}' as blocking", field="findings")


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width] + "…"


def identifier(header: list[str]) -> str:
    return "identifier"


def pairs(fields: dict[str, Any], ctx: CheckContext) -> list[tuple[str, str | None, str | None]]:
    """No text pairs: the sheet holds neither the source copy nor how each field got its value (a
    translation, or the PIM's own copy in the market's locale, which is no translation of the source),
    so `--source` is not compared with it; translations are checked on the JSONL feed, which says both."""
    return []


extend("sheet", "detect", is_sheet_header)
extend("sheet", "csv", ShopCsv(delimiter=",", columns_check="sheet-columns", header_issues=header_issues,
                               identifier=identifier, pairs=pairs))
