"""Structure: parseable lines, the feed's JSON Schema, unique ids, the right market, nothing blocked."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.numbers import get_currency_symbol

from ...locale import babel_locale, language_of
from ...units.amounts import find_amounts
from ...units.formatting import format_money, format_number
from ...units.numbers import VULGAR_FRACTIONS, number_style
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
    "market-notation",
    severity="error",
    kind="record",
    profiles=("jsonl",),
    group="structure",
    summary="A JSONL record's prices are in the market's currency, and each display (`display.price`, "
            "`display.weight`) names that currency and reads, in the market's number notation, as the value it "
            "shows: `1.234,50 €` in en-US reads as another number, `$19.90` in a EUR market is another currency.",
    fix="Regenerate the feed for this market (its currency and CLDR number format), or validate it with the "
        "market it was made for.",
    passes=(
        E(record={"currency": "EUR", "values": {"price": [{"amount": "1234.50", "currency": "EUR"}],
                                                "weight": {"amount": "2.5000", "unit": "KILOGRAM"}},
                  "display": {"price": "1.234,50\u00a0€", "weight": "2,5 kg"}}),
        E(record={"values": {"price": [{"amount": "9000.00", "currency": "PLN"}]},
                  "display": {"price": "9000,00\u00a0zł"}}, market="pl-PL"),
        E(record={"values": {"price": [{"amount": "3232", "currency": "JPY"}]}, "display": {"price": "￥3,232"}},
          market="ja-JP"),
    ),
    fails=(
        E(record={"values": {"price": [{"amount": "1234.50", "currency": "EUR"}]},
                  "display": {"price": "1,234.50\u00a0€"}}, note="en-US notation in de-DE: 1,23450?"),
        E(record={"values": {"price": [{"amount": "19.90", "currency": "USD"}]}, "display": {"price": "$19.90"}},
          note="a EUR market"),
        E(record={"values": {"weight": {"amount": "2.5000", "unit": "KILOGRAM"}}, "display": {"weight": "25 kg"}}),
    ),
)
def market_notation(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    values, display = record.fields.get("values"), record.fields.get("display")
    if not isinstance(values, dict):
        return
    market = ctx.market
    shown = display if isinstance(display, dict) else {}
    for key, value in values.items():
        if isinstance(value, list) and value and isinstance(value[0], dict) and "currency" in value[0]:
            for money in value:
                currency = money.get("currency") if isinstance(money, dict) else None
                if isinstance(currency, str) and currency != market.currency:
                    yield Issue(f"values.{key} is in {currency}, but the market {market.code} sells in "
                                f"{market.currency}", field=key)
            amount, currency = value[0].get("amount"), value[0].get("currency")
        elif isinstance(value, dict) and "amount" in value and "unit" in value:
            amount, currency = value.get("amount"), None
        else:
            continue
        text = shown.get(key)
        if not isinstance(text, str) or not isinstance(amount, str):
            continue
        problem = notation_problem(text, amount, currency, market.locale)
        if problem:
            yield Issue(f"display.{key} '{text}' {problem}", field=key)


@lru_cache(maxsize=16_384)
def notation_problem(text: str, amount: str, currency: str | None, locale: str) -> str | None:
    """Why `text` does not show `amount` (in `currency`) to a reader of `locale`, or None. A display that
    reads as several numbers (`5' 10"`) is not judged; one number must be the amount within the display's
    own rounding (half its last digit). Memoised: a catalogue's displays repeat (`19,90 €`, `180 g`)."""
    try:
        value = Decimal(amount)
    except InvalidOperation:
        return None  # the schema check reports an amount that is no number
    if currency is not None:
        symbol = _symbol(currency, locale)
        if symbol not in text and currency not in text:
            return f"does not name {currency} as {locale} writes it ('{symbol}')"
        written = format_money(value, currency, locale)
        if text == written or _marks(text, locale) == _marks(written, locale):
            return None  # as the run writes it (the common case, decided without reading the number)
    else:
        first = _FIRST_NUMBER.search(text)
        if first is not None and value.is_finite():
            shown = first.group()
            decimals = len(shown) - shown.rfind(number_style(locale).decimal) - 1 \
                if number_style(locale).decimal in shown else 0
            written = format_number(value, locale, decimals=decimals)
            if shown == written or _marks(shown, locale) == _marks(written, locale):
                return None
    read = find_amounts(text, locale)
    if len(read) != 1:
        return None if read else f"shows no number for {amount}"
    shown = read[0]
    if abs(shown.value - value) > Decimal(5).scaleb(-shown.decimals - 1):
        return f"reads as {shown.value} in {locale}, not {format(value.normalize(), 'f')}"
    if "/" in shown.text or any(ch in VULGAR_FRACTIONS for ch in shown.text):
        return None  # `1 1/8 in`: a fraction reads alike everywhere
    # the readers above are lenient (`1,234.50` in de-DE is read as a writer's slip): the marks must be the market's
    if currency is not None:
        expected = find_amounts(format_money(value, currency, locale), locale)
        written = expected[0].text if len(expected) == 1 else None
    else:
        written = format_number(value, locale, decimals=shown.decimals)
    number = shown.text if shown.unit is None else shown.text[:len(shown.text) - len(shown.unit.symbol)]
    if written is not None and _marks(number, locale) != _marks(written, locale):
        return f"is not written in {locale}'s notation ({written})"
    return None


_FIRST_NUMBER = re.compile(r"\d(?:[\d.,'’\u00a0\u202f]*\d)?")


@lru_cache(maxsize=1024)
def _symbol(currency: str, locale: str) -> str:
    return get_currency_symbol(currency, babel_locale(locale))


@lru_cache(maxsize=256)
def _unmarking(locale: str) -> dict[int, None]:
    """`str.translate` table deleting what `_marks` leaves out (one C pass per number, not a generator per character)."""
    group = number_style(locale).group
    return str.maketrans("", "", " \u00a0\u202f\u2009'’" + (group if len(group) == 1 else ""))


def _marks(number: str, locale: str) -> str:
    """The digits and decimal mark of a written number: its group marks (the locale's, spaces, apostrophes) and a
    fraction of zeros left out, so `9000,00`, `9 000,00` and `9 000` are one notation and `1,234.50` another."""
    kept = number.strip().translate(_unmarking(locale))
    if kept[-1:] == "0" and not kept.rstrip("0")[-1:].isdigit():
        return kept.rstrip("0")[:-1]  # `372.00` and `372` (CLDR's cash digits) are one notation
    return kept


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
