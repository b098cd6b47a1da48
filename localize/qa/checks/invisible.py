"""`invisible-characters`: what a run never publishes, found in a feed another tool wrote.

A run reads its source by kind (`localize.readers.controls`): a code (identifier, family, parent,
category) or a URL holding a control or invisible character is set aside (it looks like another key
or address and is a different one); copy loses bidi overrides, unclosed embeddings and isolates, a
stray U+FEFF and control characters (a vertical tab read as a line break, C1 as its Windows-1252
character). A feed made elsewhere, or edited by hand, carries them to the shop: this check finds them
with the same definitions (`INVISIBLE_IN_CODE`, `read_controls`), so the run's gate and the CI gate
agree. Kept, as the run keeps them: zero-width joiners/non-joiners/spaces, soft hyphens and LRM/RLM in
copy, balanced isolates in RTL copy. ESC and CSI are `unsafe-markup`'s (terminal sequences).

Cost: a text that is printable (`str.isprintable`, C speed) holds none; only the others (line
breaks, no-break spaces, soft hyphens ...) are searched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...readers.controls import CONTROL, URL_INVISIBLE, code_problem, describe, read_controls
from ..check_context import CheckContext, FeedRecord
from ..check_types import Example as E
from ..check_types import Issue
from . import register

#: fields that hold a code or key in the profiles' records (compared lower case)
_CODES = frozenset({"identifier", "id", "sku", "code", "family", "parent", "family_variant", "categories",
                    "groups", "item_group_id", "gtin", "mpn", "ean", "handle", "product_number", "productnumber",
                    "parent_sku", "oxartnum", "oxid"})
_JSONL_CODES = ("identifier", "family", "parent", "family_variant", "categories")
_URL_START = ("http:", "https:", "//")


@register(
    "invisible-characters",
    severity="error",
    kind="record",
    profiles=("jsonl", "google-merchant", "akeneo", "sheet", "shopify", "shopware", "magento", "oxid", "xliff"),
    group="structure",
    summary="No code or URL holds a control or invisible character (zero-width, bidi, U+FEFF, soft hyphen), "
            "and no published copy holds a control character, a bidi override, an unclosed bidi embedding or "
            "isolate, or a stray U+FEFF: a key or link that looks like another, text a reader sees reordered.",
    fix="Fix the value where the feed was made (a localize run sets a record with such a code or URL aside and "
        "removes the characters from copy); joiners, soft hyphens and balanced isolates in RTL copy are fine.",
    passes=(
        E(record={"identifier": "P1", "values": {"name": "می\u200cخواهم", "description": "Wasser\u00adkocher"}}),
        E(record={"identifier": "P1", "values": {"description": "اتصل بنا على \u2066+49 30 1234567\u2069 اليوم",
                                                 "image": "https://cdn.example/a.jpg"}}),
        E(record={"id": "P1", "title": "Kettle\n1.5 l", "link": "https://shop.example/p/1"}, profile="google-merchant"),
    ),
    fails=(
        E(record={"identifier": "SKU\u200b1", "values": {"name": "Kettle"}}, note="a code that looks like SKU1"),
        E(record={"identifier": "P1", "values": {"image": "https://cdn.example/a\u200bb.jpg"}}, note="a URL"),
        E(record={"identifier": "P1", "values": {"name": "Rechnung\u202efdp.exe"}}, note="a bidi override"),
        E(record={"identifier": "P1", "values": {"description": "Teil\ufeffnummer \x07"}}, note="BOM, bell"),
        E(record={"id": "P1", "link": "https://shop.example/\u202egpj.exe"}, profile="google-merchant"),
    ),
)
def invisible_characters(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    if ctx.profile == "xliff":  # a translator's delivery: its targets (the unit ids are the exporter's keys)
        for name, _source, target in record.pairs:
            if type(target) is str and not target.isprintable():
                yield from _copy(name, target)
        return
    if ctx.profile == "jsonl":
        for name in _JSONL_CODES:
            value = fields.get(name)
            if value and (type(value) is not str or not value.isprintable()):
                yield from _code(name, value)
        for part in ("values", "display"):
            section = fields.get(part)
            if isinstance(section, dict):
                for name, value in section.items():
                    # every value of every record comes here: printable text (most) costs one C call
                    if type(value) is not str or not value.isprintable():
                        yield from _copy(name, value)
        return
    for name, value in fields.items():
        if type(value) is str and value.isprintable():
            continue
        if name.lower() in _CODES:
            yield from _code(name, value)
        else:
            yield from _copy(name, value)


def _code(name: str, value: Any) -> Iterator[Issue]:
    for code in (value if isinstance(value, list) else (value,)):
        if isinstance(code, str) and not code.isprintable():
            problem = code_problem("code", code)
            if problem is not None:
                yield Issue(problem, field=name)
                return


def _copy(name: str, value: Any) -> Iterator[Issue]:
    for text in (value if isinstance(value, list) else (value,)):
        if type(text) is not str or text.isprintable():
            continue  # the common case: no control, format or separator character at all
        read, kind = read_controls(text)
        if not kind:
            continue
        url = text.lstrip().startswith(_URL_START)
        found = (URL_INVISIBLE if kind == "url-invisible" else CONTROL).search(text)
        char = f"U+{ord(found.group()):04X}" if found else "?"
        what = "the URL" if url else "the copy"
        yield Issue(f"{what} holds {describe(kind).split(';')[0]} ({char}); a localize run "
                    + ("sets such a record aside" if kind == "url-invisible" else "never publishes them"),
                    field=name, span=found.span() if found else None)
        return
