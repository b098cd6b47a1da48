"""The convert stage's prices job: a price collection becomes one `Money` in the market currency (see
`prices.market`): the PIM's own price in that currency as is, else converted with the run's ONE rates
date (`prices.rates.RunRates`), VAT-restated when configured, and put on a price point; `display` is
the CLDR form. Prices with more decimals than the currency has, unknown currencies and missing rates
for a PIM currency become findings; a market currency the rates do not have is a run error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..memo import TextMemo
from ..model import FrozenExtra, LocalizedRecord, LocalizedValue, Money, format_decimal
from ..prices.pricepoints import known_currencies, minor_units
from ..prices.rates import RateError
from .convert_units import OUTCOME_WEIGHT
from .tally import Tally


class PriceOutcome(NamedTuple):
    """What a price collection becomes in one market, whatever record holds it: the findings (code,
    message, shown, severity) in order, and the market price (None: nothing to publish)."""

    findings: tuple[tuple[str, str, str, str], ...]
    money: Money | None = None
    status: str = ""
    display: str | None = None
    extra: dict[str, Any] | None = None


def price_key(collection: tuple[Money, ...]) -> tuple[tuple[str, str], ...]:
    """What decides a price collection's outcome in a market: its currencies and amounts as written."""
    return tuple([(m.currency, str(m.amount)) for m in collection])


def convert_price(record: LocalizedRecord, field: str, value: LocalizedValue, prices: Any,
                  dated_rates: Callable[[], Any], tally: Tally,
                  memo: TextMemo[PriceOutcome] | None = None, key: tuple[tuple[str, str], ...] | None = None) -> None:
    """One price collection into one `Money` in the market currency, on a price point, or a finding.

    `memo` keeps `price_outcome` per distinct collection (`key`: currencies and amounts as written) per
    market: catalogues repeat their prices, and nothing else decides it (the market's price policy and
    the run's ONE rates date are fixed for the run). The caller may pass the `key` it worked out for
    the product's first market."""
    collection: tuple[Money, ...] = value.data  # type: ignore[assignment]
    market = record.market.code
    if memo is None:
        outcome = price_outcome(market, collection, prices, dated_rates)
    else:
        memo_key = (market, key if key is not None else price_key(collection))
        found = memo.get(memo_key)
        outcome = found if found is not None else memo.put(
            memo_key, price_outcome(market, collection, prices, dated_rates), OUTCOME_WEIGHT)
    for code, message, shown, severity in outcome.findings:
        tally.finding(record, code, field, message, shown, severity)
    if outcome.money is None:
        return
    source = value.source
    record.values[field] = LocalizedValue(
        (outcome.money,), source if source is not None else collection, outcome.status,  # type: ignore[arg-type]
        False, outcome.display,
        # the outcome's own extra (a `FrozenExtra`) is shared by every value without one of its own
        {**value.extra, **outcome.extra} if value.extra else outcome.extra,  # type: ignore[arg-type,dict-item]
    )
    tally.counts["price_converted" if outcome.status == "converted" else "price_pim"] += 1


def price_outcome(market: str, collection: tuple[Money, ...], prices: Any,
                  dated_rates: Callable[[], Any]) -> PriceOutcome:
    """What `collection` becomes in the market `prices` describes (see `PriceOutcome`)."""
    findings: list[tuple[str, str, str, str]] = []
    valid: list[Money] = []
    known = known_currencies()
    for money in collection:
        shown = f"{format_decimal(money.amount) if money.amount.is_finite() else money.amount} {money.currency}"
        if money.currency not in known:
            findings.append(("currency-unknown", f"{money.currency!r} in {shown!r} is not an ISO 4217 currency code",
                             shown, "block"))
        elif not money.amount.is_finite() or money.amount < 0:
            findings.append(("price-invalid", f"{shown!r} is not a valid price", shown, "block"))
        else:
            digits = minor_units(money.currency)
            exponent = money.amount.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > digits:
                used_as_is = money.currency == prices.currency and not prices.convert_existing
                findings.append(("price-decimals", f"{shown!r} has more decimals than {money.currency} has ({digits})",
                                 shown, "block" if used_as_is else "review"))
                if used_as_is:
                    continue
            valid.append(money)
    if not valid:
        return PriceOutcome(tuple(findings))
    needs_rate = all(m.currency != prices.currency for m in valid) or prices.convert_existing
    if needs_rate:
        rates = dated_rates()
        if not rates.has(prices.currency):
            _no_market_rate(market, prices.currency, rates)
    try:
        result = prices.localize(tuple(valid))
    except RateError as exc:
        source = prices.pick_source(tuple(valid))
        shown = f"{format_decimal(source.amount)} {source.currency}"
        findings.append(("price-rate-missing", exc.message, shown, "block"))
        return PriceOutcome(tuple(findings))
    extra: dict[str, Any] = {"rule": result.rule}
    if not result.on_point:
        rule = prices.rule
        shown = f"{format_decimal(result.source.amount)} {result.source.currency}"
        findings.append(("price-point-skipped",
                         f"{shown} converts to {format_decimal(result.money.amount)} {result.money.currency}; no "
                         f"{rule.name} price point lies within {format_decimal((rule.max_change * 100).normalize())} % "
                         f"of it, so the converted amount is published as is", shown, "info"))
        extra["price_point"] = "skipped"
    if result.how == "converted":
        extra.update({"from": f"{format_decimal(result.source.amount)} {result.source.currency}",
                      "rate": format_decimal(result.rate) if result.rate is not None else None,
                      "rates_date": result.rates_date})
        if result.vat:
            extra["vat"] = result.vat
    return PriceOutcome(tuple(findings), result.money, "converted" if result.how == "converted" else "pim",
                        result.display, FrozenExtra(extra))


def _no_market_rate(market: str, currency: str, rates: Any) -> None:
    """A market currency without any rate: every converted price of the market needs it, so
    the run stops with a message that names the market and what to do (exit 2)."""
    try:
        rates.rate(currency, "EUR")
    except RateError as exc:
        raise RateError(
            f"market {market} sells in {currency}, which has no exchange rate on "
            f"{rates.date.isoformat()}: {exc.message}",
            hint=f"{exc.hint}; or set markets[{market}].currency to a currency with a rate",
        ) from None
