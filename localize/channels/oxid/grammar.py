"""What OXID eShop's generic import accepts, from its code and schema (OXID-eSales/oxideshop_ce).

`Core/GenericImport/GenericImport.php`: CSV with `;` and `"` (defaults), a cell `null` is NULL, CR,
LF, `'` and `"` travel as `&#13;`, `&#10;`, `&#39;`, `&#34;`; `ImportObject::checkIdField`: `OXID`
is required and at most 32 characters; an empty cell is stored as NULL (so an empty cell of a column
in the file clears that field). `Setup/Sql/database_schema.sql`: `OXTITLE`, `OXSHORTDESC`,
`OXVARNAME`, `OXVARSELECT`, `OXSEARCHKEYS` and their `_<id>` language columns are varchar(255);
`oxartextends.OXLONGDESC[_<id>]` is a MySQL TEXT (65,535 bytes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from .. import shop_header

ID_MAX = 32
VARCHAR_MAX = 255
TEXT_MAX_BYTES = 65535
ARTICLE_FIELDS = ("OXTITLE", "OXSHORTDESC", "OXVARNAME", "OXVARSELECT", "OXSEARCHKEYS")
EXTENDS_FIELDS = ("OXLONGDESC",)
FIELD_RE = re.compile(r"^(?P<base>[A-Z][A-Z0-9]*?)(?:_(?P<lang>\d+))?$")


def column(field: str, language: int) -> str:
    """The column of `field` in language `language` (`OXTITLE`, `OXTITLE_1`)."""
    return field if language == 0 else f"{field}_{language}"


def header_problems(header: list[str]) -> Iterator[tuple[str | None, str]]:
    """(column, why) for each column the generic import would not map onto the table."""
    extends = any((m := FIELD_RE.match(h)) is not None and m.group("base") in EXTENDS_FIELDS for h in header)
    allowed = EXTENDS_FIELDS if extends else ARTICLE_FIELDS
    table = "oxartextends" if extends else "oxarticles"

    def column_problem(name: str) -> str | None:
        match = FIELD_RE.match(name)
        if name == "OXID" or (match is not None and match.group("base") in allowed):
            return None
        return f"'{name}' is not a language field of {table} ({', '.join(allowed)} with _<language id>)"

    return shop_header.header_problems(header, "OXID", "the import matches articles by it", column_problem)


def row_problems(row: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(column, why) for each value of one decoded row the import would refuse or store cut."""
    oxid = row.get("OXID", "")
    if not oxid.strip():
        yield "OXID", "OXID is empty (ERROR: Articlenumber/ID missing!)"
    elif len(oxid) > ID_MAX:
        yield "OXID", f"OXID has {len(oxid)} characters; the import refuses more than {ID_MAX}"
    for name, value in row.items():
        if name == "OXID" or not value:
            continue
        if value.strip().lower() == "null":
            yield name, "the value 'null' is read as NULL by OXID's import; change the copy"
        base = name.rsplit("_", 1)[0] if name.rsplit("_", 1)[-1].isdigit() else name
        if base in EXTENDS_FIELDS:
            if len(value.encode("utf-8")) > TEXT_MAX_BYTES:
                yield name, f"{len(value.encode('utf-8'))} bytes; OXID's TEXT field holds {TEXT_MAX_BYTES}"
        elif len(value) > VARCHAR_MAX:
            yield name, f"{len(value)} characters; OXID stores at most {VARCHAR_MAX} in this field"
