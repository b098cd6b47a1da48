"""Price points for currencies that had none (README "not handled yet": `exact` for CNY, THB, INR, MXN, BRL, PLN, TRY,
SAR, AED, ILS). Named rules only where the market's convention is clear: INR whole rupees ending in 9 (`tens-minus-1`:
₹199, ₹499, ₹1,299), BRL ending in ,90 (`charm-90`: R$ 19,90). The others keep `exact`, named in the feed. Every rule
keeps its bound: a point further than `max_change` (5 %) is not taken, the converted amount is kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from localize.model import Money
from localize.prices.market import market_prices
from localize.prices.rates import RateTable

TABLE = RateTable({date(2031, 11, 14): {"INR": D("90.00"), "BRL": D("6.00"), "CNY": D("7.80"), "THB": D("38.0"),
                                        "MXN": D("20.0"), "PLN": D("4.30"), "TRY": D("36.0"), "ILS": D("4.00"),
                                        "USD": D("1.10")}}, "test")


def price(locale: str, country: str, currency: str, eur: str):  # type: ignore[no-untyped-def]
    policy = market_prices(locale, country, currency, None, None, lambda: TABLE.on(None))
    return policy.localize((Money(D(eur), "EUR"),))


@pytest.mark.parametrize(("locale", "country", "currency", "eur", "rule", "amount", "on_point"), [
    ("en-IN", "IN", "INR", "11.79", "tens-minus-1", D("1059.00"), True),  # 1,061.10 -> ₹1,059
    ("hi-IN", "IN", "INR", "5.55", "tens-minus-1", D("499.00"), True),  # 499.50 -> ₹499
    ("en-IN", "IN", "INR", "0.41", "tens-minus-1", D("36.90"), False),  # ₹39 would be +5.7 %: kept
    ("pt-BR", "BR", "BRL", "7.85", "charm-90", D("46.90"), True),  # 47.10 -> R$ 46,90
    ("pt-BR", "BR", "BRL", "0.12", "charm-90", D("0.72"), False),  # R$ 0,90 would be +25 %: kept
])
def test_named_rules_where_the_convention_is_clear(locale: str, country: str, currency: str, eur: str, rule: str,
                                                   amount: D, on_point: bool) -> None:
    result = price(locale, country, currency, eur)
    assert (result.rule, result.money.amount, result.on_point) == (rule, amount, on_point)
    assert abs(result.money.amount - result.converted) <= max(result.converted * D("0.05"), D("0.01"))


@pytest.mark.parametrize(("locale", "country", "currency"), [
    ("zh-CN", "CN", "CNY"), ("th-TH", "TH", "THB"), ("es-MX", "MX", "MXN"), ("pl-PL", "PL", "PLN"),
    ("tr-TR", "TR", "TRY"), ("ar-SA", "SA", "SAR"), ("ar-AE", "AE", "AED"), ("he-IL", "IL", "ILS"),
])
def test_no_clear_convention_keeps_the_exact_amount(locale: str, country: str, currency: str) -> None:
    result = price(locale, country, currency, "24.90")
    assert result.rule == "exact" and result.money.amount == result.converted.quantize(D("0.01"))
