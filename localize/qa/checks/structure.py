"""Structure: parseable lines, the feed's JSON Schema, unique ids, the right market, nothing blocked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ...locale import language_of
from ..check_context import CheckContext, FeedRecord
from ..check_types import Example as E
from ..check_types import Issue
from . import define, register

_GOOD_LINE = (
    '{"categories":[],"channel":null,"country":"DE","currency":"EUR","enabled":true,"family":null,'
    '"findings":[],"identifier":"P1","locale":"de-DE","market":"de-DE","parent":null,"source":{},'
    '"source_locale":"en-US","status":{},"values":{"name":"Stiefel"}}'
)

define(
    "malformed-line",
    severity="error",
    kind="line",
    group="structure",
    summary="Every line (JSONL), row (TSV/CSV) or document (XML, XLIFF) can be parsed; the rest of the file "
            "is still checked.",
    fix="Repair the line named in the finding: valid JSON on one line, the same number of tab-separated cells "
        "as the header, or well-formed XML in UTF-8.",
    passes=(E(content=_GOOD_LINE + "\n"),),
    fails=(
        E(content=_GOOD_LINE + "\n" + '{"identifier": "P2", "values": {\n', note="truncated JSON"),
        E(content="id\ttitle\tprice\nP1\tBoots\n", profile="google-merchant", note="a cell missing"),
    ),
)

define(
    "schema",
    severity="error",
    kind="line",
    profiles=("jsonl", "google-merchant"),
    group="structure",
    summary="Each record matches the feed's JSON Schema (schemas/feed.schema.json for JSONL, "
            "schemas/google-merchant.schema.json for Google Merchant TSV/XML).",
    fix="Correct the value at the path named in the finding so it has the type and form the schema describes.",
    passes=(E(content=_GOOD_LINE + "\n"),),
    fails=(
        E(content=_GOOD_LINE.replace('"enabled":true', '"enabled":"yes"') + "\n", note="wrong type"),
        E(content=_GOOD_LINE.replace('"identifier":"P1",', "") + "\n", note="identifier missing"),
    ),
)


def _duplicate_factory() -> Callable[[FeedRecord, CheckContext], Iterator[Issue]]:
    seen: dict[str, int] = {}

    def duplicate_id(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
        ident = record.identifier
        if not ident:
            return
        first = seen.setdefault(ident, record.line)
        if first != record.line:
            yield Issue(f"'{ident}' already appears on line {first}", field=_id_field(ctx))

    return duplicate_id


def _id_field(ctx: CheckContext) -> str:
    return {"google-merchant": "id", "xliff": "id", "akeneo": "identifier"}.get(ctx.profile, "identifier")


register(
    "duplicate-id",
    severity="error",
    kind="record",
    stateful=True,
    group="structure",
    summary="Each record's identifier (JSONL identifier, Google id, Akeneo identifier, XLIFF unit id) appears once.",
    fix="Give each record a unique identifier, or remove the repeated record.",
    passes=(E(record=[{"identifier": "P1"}, {"identifier": "P2"}]),),
    fails=(E(record=[{"identifier": "P1"}, {"identifier": "P1"}]),),
)(_duplicate_factory)


@register(
    "market-mismatch",
    severity="error",
    kind="record",
    profiles=("jsonl", "xliff"),
    group="structure",
    summary="A JSONL record's locale, country and currency, or an XLIFF file's target language, are those of the "
            "market being validated.",
    fix="Validate each market's feed with its own --market, or regenerate the feed for this market.",
    passes=(E(record={"locale": "de-DE", "country": "DE", "currency": "EUR"}),),
    fails=(
        E(record={"locale": "de-AT", "country": "AT", "currency": "EUR"}),
        E(record={"locale": "de-DE", "country": "DE", "currency": "USD"}),
        E(record={"locale": "fr-FR"}, profile="xliff"),
    ),
)
def market_mismatch(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    market = ctx.market
    if ctx.profile == "xliff":
        locale = fields.get("locale")
        if locale and language_of(locale) != market.language and not ctx.cache.get("xliff-language-reported"):
            ctx.cache["xliff-language-reported"] = True
            yield Issue(f"the XLIFF target language is {locale}, but the market {market.code} is in {market.language}",
                        field="target-language", line=fields.get("locale_line"))
        return
    for key, expected in (("locale", market.locale), ("country", market.country), ("currency", market.currency)):
        value = fields.get(key)
        if isinstance(value, str) and value and value != expected:
            yield Issue(f"{key} is {value}, but the market {market.code} has {expected}", field=key)


@register(
    "blocking-finding",
    severity="error",
    kind="record",
    profiles=("jsonl",),
    group="structure",
    summary="A published JSONL record carries no finding of severity `block` from the run.",
    fix="Withhold the record (it belongs in the review queue) or resolve the finding and rerun.",
    passes=(E(record={"findings": [{"code": "geo-name", "severity": "review", "message": "m"}]}),),
    fails=(E(record={"findings": [{"code": "banned-term", "severity": "block", "message": "banned"}]}),),
)
def blocking_finding(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    findings: Any = record.fields.get("findings")
    if not isinstance(findings, list):
        return
    for item in findings:
        if isinstance(item, dict) and item.get("severity") == "block":
            yield Issue(
                f"the run flagged '{item.get('code')}' as blocking: {item.get('message', '')}".rstrip(": "),
                field=item.get("field") if isinstance(item.get("field"), str) else None,
            )
