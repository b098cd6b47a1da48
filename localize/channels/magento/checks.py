"""`localize validate --profile magento`: what Magento 2's product import accepts (see `grammar`).

The header: `sku` first, `store_view_code`, Magento attribute codes, each once. Each row: a SKU of
at most 64 characters, a store view code, copy within the attribute's storage (varchar 255, text
65,535 characters), a `url_key` of lower-case letters, digits and hyphens that no other SKU of the
file has in the same store view, and `additional_attributes` that read back as `code=value` pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import LocalizedRecord
from ...qa.check_context import CheckContext, FeedRecord
from ...qa.check_types import Example as E
from ...qa.check_types import Issue
from ...qa.checks import define, extend, register
from ...qa.profiles import ShopCsv
from ...readers.magento_csv import format_additional_attributes, parse_additional_attributes
from .grammar import CODE_RE, header_problems, row_problems
from .writer import store_view_cells

MG = ("magento",)
RUN_ATTRIBUTE = "\x00attribute:"  # in a run: column -> the record's attribute (findings name it)
GOOD = "sku,store_view_code,name,url_key\nMB-01,de,Reisetasche,reisetasche\n"


def header_issues(header: list[str], ctx: CheckContext) -> Iterator[Issue]:
    for column, why in header_problems(header):
        yield Issue(why, field=column)
    if "store_view_code" not in header:
        yield Issue("no store_view_code column: the rows would change the default (admin) values of every store view",
                    field=None)


define(
    "magento-columns",
    severity="error",
    kind="line",
    profiles=MG,
    group="magento",
    summary="The header is a Magento 2 product import header: sku first, store_view_code, Magento attribute codes "
            "(lower-case letters, digits and _), each once.",
    fix="Write the file with `localize run` (format magento-csv) or rename the column named in the finding.",
    passes=(E(content=GOOD, profile="magento"),),
    fails=(E(content="name,sku,store_view_code\nReisetasche,MB-01,de\n", profile="magento", note="sku not first"),
           E(content="sku,store_view_code,Name\nMB-01,de,Reisetasche\n", profile="magento", note="not an attribute code"),
           E(content="sku,name\nMB-01,Reisetasche\n", profile="magento", note="no store_view_code")),
)


@register(
    "magento-values",
    severity="error",
    kind="record",
    profiles=MG,
    group="magento",
    summary="Rows Magento's import accepts: a SKU of at most 64 characters, a store view code, copy within the "
            "attribute's storage (varchar 255, text 65,535 characters), a url_key of lower-case letters, digits and "
            "hyphens unique per store view, additional_attributes as code=value pairs.",
    fix="Shorten the copy or the SKU named, or give the product its own url_key.",
    passes=(E(record={"sku": "MB-01", "store_view_code": "de", "name": "Reisetasche", "url_key": "reisetasche",
                      "additional_attributes": "material=Gewachster Canvas, Lederbesatz"}, profile="magento"),),
    fails=(
        E(record={"sku": "M" * 65, "store_view_code": "de", "name": "Reisetasche"}, profile="magento"),
        E(record={"sku": "MB-01", "store_view_code": "de", "name": "R" * 256}, profile="magento"),
        E(record={"sku": "MB-01", "store_view_code": "de", "url_key": "Reise Tasche"}, profile="magento"),
        E(record={"sku": "MB-01", "store_view_code": "Deutsch", "name": "Reisetasche"}, profile="magento"),
        E(record={"sku": "MB-01", "store_view_code": "de", "additional_attributes": "Material: Canvas"},
          profile="magento"),
    ),
)
def magento_values(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = {k: str(v) for k, v in record.fields.items() if v is not None}
    keys = ctx.extra.setdefault("magento_url_keys", {})
    for column, why in row_problems(fields, keys):
        yield Issue(why, field=fields.get(RUN_ATTRIBUTE + column) or column)
    text = fields.get("additional_attributes", "")
    if text:
        pairs = parse_additional_attributes(text)
        if not pairs:
            yield Issue("additional_attributes holds no code=value pair", field="additional_attributes")
        for code in pairs:
            if not CODE_RE.match(code):
                yield Issue(f"additional_attributes: '{code}' is not an attribute code", field="additional_attributes")


def identifier(header: list[str]) -> str:
    return "sku"


def record_id(fields: dict[str, Any]) -> str | None:
    """A product once per store view."""
    return f"{fields.get('sku') or ''}/{fields.get('store_view_code') or ''}"


def run_rows(record: LocalizedRecord) -> list[dict[str, str]]:
    """The store-view row the writer would write for a record (without its url_key, which the writer
    makes unique in the file), for the run's check stage: a row Magento would refuse withholds the
    record from the Magento output only."""
    cells = store_view_cells(record)
    if cells is None:
        return []
    copy, extra = cells
    row = {"sku": record.identifier, "store_view_code": record.market.pim_locale.lower(), **copy}
    for code in copy:
        row[RUN_ATTRIBUTE + code] = code
    if extra:
        text, apart = format_additional_attributes(extra)
        if text:
            row["additional_attributes"] = text
        row.update(apart)
        for code in apart:
            row[RUN_ATTRIBUTE + code] = code
    return [row]


extend("magento", "run_rows", run_rows)
extend("magento", "csv", ShopCsv(delimiter=",", columns_check="magento-columns", header_issues=header_issues,
                                 identifier=identifier, record_id=record_id))
