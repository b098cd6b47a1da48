"""The convert stage's prices job: a price collection becomes one `Money` in the market currency (see
`prices.market`): the PIM's own price in that currency as is, else converted with the run's ONE rates
date (`prices.rates.RunRates`), VAT-restated when configured, and put on a price point; `display` is
the CLDR form. Prices with more decimals than the currency has, unknown currencies and missing rates
for a PIM currency become findings; a market currency the rates do not have is a run error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import LocalizedRecord, LocalizedValue, Money, format_decimal
from ..prices.pricepoints import known_currencies, minor_units
from ..prices.rates import RateError
from .tally import Tally


def convert_price(record: LocalizedRecord, field: str, value: LocalizedValue, prices: Any,
                  dated_rates: Callable[[], Any], tally: Tally) -> None:
    """One price collection into one `Money` in the market currency, on a price point, or a finding."""
    collection: tuple[Money, ...] = value.data  # type: ignore[assignment]
    valid: list[Money] = []
    known = known_currencies()
    for money in collection:
        shown = f"{format_decimal(money.amount) if money.amount.is_finite() else money.amount} {money.currency}"
        if money.currency not in known:
            tally.finding(record, "currency-unknown", field,
                          f"{money.currency!r} in {shown!r} is not an ISO 4217 currency code", shown)
        elif not money.amount.is_finite() or money.amount < 0:
            tally.finding(record, "price-invalid", field, f"{shown!r} is not a valid price", shown)
        else:
            digits = minor_units(money.currency)
            exponent = money.amount.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > digits:
                used_as_is = money.currency == prices.currency and not prices.convert_existing
                tally.finding(record, "price-decimals", field,
                              f"{shown!r} has more decimals than {money.currency} has ({digits})", shown,
                              "block" if used_as_is else "review")
                if used_as_is:
                    continue
            valid.append(money)
    if not valid:
        return
    needs_rate = all(m.currency != prices.currency for m in valid) or prices.convert_existing
    if needs_rate:
        rates = dated_rates()
        if not rates.has(prices.currency):
            _no_market_rate(record, prices.currency, rates)
    try:
        result = prices.localize(tuple(valid))
    except RateError as exc:
        source = prices.pick_source(tuple(valid))
        shown = f"{format_decimal(source.amount)} {source.currency}"
        tally.finding(record, "price-rate-missing", field, exc.message, shown)
        return
    extra = {**value.extra, "rule": result.rule}
    if not result.on_point:
        rule = prices.rule
        shown = f"{format_decimal(result.source.amount)} {result.source.currency}"
        tally.finding(record, "price-point-skipped", field,
                      f"{shown} converts to {format_decimal(result.money.amount)} {result.money.currency}; no "
                      f"{rule.name} price point lies within {format_decimal((rule.max_change * 100).normalize())} % "
                      f"of it, so the converted amount is published as is", shown, "info")
        extra["price_point"] = "skipped"
    if result.how == "converted":
        extra.update({"from": f"{format_decimal(result.source.amount)} {result.source.currency}",
                      "rate": format_decimal(result.rate) if result.rate is not None else None,
                      "rates_date": result.rates_date})
        if result.vat:
            extra["vat"] = result.vat
    record.values[field] = LocalizedValue(
        data=(result.money,),
        source=value.source if value.source is not None else collection,
        status="converted" if result.how == "converted" else "pim",
        translatable=False,
        display=result.display,
        extra=extra,
    )
    tally.counts["price_converted" if result.how == "converted" else "price_pim"] += 1


def _no_market_rate(record: LocalizedRecord, currency: str, rates: Any) -> None:
    """A market currency without any rate: every converted price of the market needs it, so
    the run stops with a message that names the market and what to do (exit 2)."""
    try:
        rates.rate(currency, "EUR")
    except RateError as exc:
        raise RateError(
            f"market {record.market.code} sells in {currency}, which has no exchange rate on "
            f"{rates.date.isoformat()}: {exc.message}",
            hint=f"{exc.hint}; or set markets[{record.market.code}].currency to a currency with a rate",
        ) from None
