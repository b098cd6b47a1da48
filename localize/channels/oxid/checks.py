"""`localize validate --profile oxid`: what OXID eShop's generic import accepts (see `grammar`).

Two files share the profile, told apart by their header: the `oxarticles` file (`OXID;OXTITLE_1;...`)
and the `oxartextends` file (`OXID;OXLONGDESC_1`). Cells are read as the import reads them
(`&#10;` is a line break): an OXID of at most 32 characters, language fields of the table, varchar
fields within 255 characters, a long description within 65,535 bytes, no cell `null` (read as NULL).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import LocalizedRecord
from ...qa.check_context import CheckContext, FeedRecord
from ...qa.check_types import Example as E
from ...qa.check_types import Issue
from ...qa.checks import define, extend, register
from ...qa.profiles import ShopCsv
from ...readers.oxid_csv import decode_cell
from .grammar import header_problems, row_problems
from .writer import language_cells, variant_parts_problem

OX = ("oxid",)
RUN_ATTRIBUTE = "\x00attribute:"  # in a run: column -> the record's attribute (findings name it)
RUN_SOURCE = "\x00source:"  # in a run: column -> the source text (variant parts)
GOOD = '"OXID";"OXTITLE_1";"OXSHORTDESC_1"\n"a1b2c3";"Water bottle";"Keeps drinks cold."\n'


def header_issues(header: list[str], ctx: CheckContext) -> Iterator[Issue]:
    for column, why in header_problems(header):
        yield Issue(why, field=column)


define(
    "oxid-columns",
    severity="error",
    kind="line",
    profiles=OX,
    group="oxid",
    summary="The header is an OXID generic import header: OXID first, then language fields of oxarticles (OXTITLE, "
            "OXSHORTDESC, OXVARNAME, OXVARSELECT, OXSEARCHKEYS with _<language id>) or of oxartextends (OXLONGDESC), "
            "each once.",
    fix="Write the file with `localize run` (format oxid-csv) or rename the column named in the finding.",
    passes=(E(content=GOOD, profile="oxid"), E(content='"OXID";"OXLONGDESC_1"\n"a1b2c3";"<p>Text</p>"\n', profile="oxid")),
    fails=(E(content='"OXTITLE_1";"OXID"\n"Bottle";"a1b2c3"\n', profile="oxid", note="OXID not first"),
           E(content='"OXID";"TITLE_1"\n"a1b2c3";"Bottle"\n', profile="oxid", note="not an oxarticles field"),
           E(content='"OXID";"OXTITLE_1";"OXLONGDESC_1"\n"a1b2c3";"Bottle";"<p>x</p>"\n', profile="oxid",
             note="two tables in one file")),
)


@register(
    "oxid-values",
    severity="error",
    kind="record",
    profiles=OX,
    group="oxid",
    summary="Rows OXID's generic import takes as they are: an OXID of 1 to 32 characters, varchar fields within 255 "
            "characters, a long description within 65,535 bytes, no cell that reads as NULL ('null').",
    fix="Shorten or change the copy named in the finding.",
    passes=(E(record={"OXID": "a1b2c3", "OXTITLE_1": "Water bottle", "OXSHORTDESC_1": "Keeps drinks cold."},
              profile="oxid"),),
    fails=(
        E(record={"OXID": "a" * 33, "OXTITLE_1": "Bottle"}, profile="oxid"),
        E(record={"OXID": "", "OXTITLE_1": "Bottle"}, profile="oxid"),
        E(record={"OXID": "a1b2c3", "OXTITLE_1": "B" * 256}, profile="oxid"),
        E(record={"OXID": "a1b2c3", "OXTITLE_1": "NULL"}, profile="oxid"),
    ),
)
def oxid_values(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = {k: decode_cell(str(v)) for k, v in record.fields.items() if v is not None and not k.startswith("\x00")}
    hidden = {k: str(v) for k, v in record.fields.items() if k.startswith("\x00")}
    for column, why in row_problems(fields):
        yield Issue(why, field=hidden.get(RUN_ATTRIBUTE + column) or column)
    for column, text in fields.items():
        problem = variant_parts_problem(column, text, hidden.get(RUN_SOURCE + column))
        if problem:
            yield Issue(problem, field=hidden.get(RUN_ATTRIBUTE + column) or column)


def identifier(header: list[str]) -> str:
    return "OXID"


def run_rows(record: LocalizedRecord) -> list[dict[str, str]]:
    """The rows the writer would write for a record (in language 0's column names: the limits are the
    same in every language), for the run's check stage: a row OXID would refuse or misread withholds
    the record from the OXID output only."""
    cells = language_cells(record)
    if cells is None:
        return []
    article, extends, sources = cells
    rows = []
    for fields in (article, extends):
        if not fields:
            continue
        row = {"OXID": record.identifier, **fields}
        for field in fields:
            row[RUN_ATTRIBUTE + field] = field.lower()
            if field in sources:
                row[RUN_SOURCE + field] = sources[field]
        rows.append(row)
    return rows


extend("oxid", "run_rows", run_rows)
extend("oxid", "csv", ShopCsv(delimiter=";", columns_check="oxid-columns", header_issues=header_issues,
                              identifier=identifier))
