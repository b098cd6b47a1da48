"""`MarketPrices.convert` computes each distinct price (currency, amount as written) once per rates
table: the shared answer must equal a fresh computation for any price, policy and rates."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.model import Money
from localize.prices import market as market_mod
from localize.prices.market import MarketPrices, market_prices
from localize.prices.rates import embedded_table

MARKETS = [("en-US", "US", "USD", None, None), ("ja-JP", "JP", "JPY", {"source_vat": {"included": True, "rate": 19}},
                                                 {"vat": {"rate": 10}}),
           ("en-GB", "GB", "GBP", {"max_change": "25%"}, None), ("de-CH", "CH", "CHF", None, None),
           ("fr-FR", "FR", "EUR", {"convert_existing": True}, None)]
AMOUNTS = st.one_of(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2, allow_nan=False),
    st.sampled_from([Decimal("282.90"), Decimal("282.9"), Decimal("2.829E+2"), Decimal("1000"), Decimal("0.5"),
                     Decimal("19.99"), Decimal("1234567.891"), Decimal("3")]))


def _table(day: date):  # type: ignore[no-untyped-def]
    return embedded_table().on(day)


@settings(max_examples=200, deadline=None)
@given(amounts=st.lists(AMOUNTS, min_size=1, max_size=12), market=st.sampled_from(MARKETS),
       currency=st.sampled_from(["EUR", "USD", "GBP", "JPY"]))
def test_a_memoised_price_equals_a_fresh_conversion(amounts: list[Decimal], market: tuple, currency: str) -> None:
    rates = _table(date(2024, 3, 15))
    shared = market_prices(*market, lambda: rates)
    for amount in amounts + amounts:  # each price asked twice
        money = Money(amount, currency)
        fresh = market_prices(*market, lambda: rates)
        assert asdict(shared.convert(money)) == asdict(fresh.convert(money))
        assert shared.convert(money).to_dict() == fresh.convert(money).to_dict()


def test_a_price_is_converted_once_per_rates_table(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[str, str]] = []
    real = MarketPrices._convert if hasattr(MarketPrices, "_convert") else MarketPrices.convert
    tables = {"day": _table(date(2024, 3, 15))}

    def counting(self, source, *args):  # type: ignore[no-untyped-def]
        calls.append((source.currency, str(source.amount)))
        return real(self, source, *args)

    monkeypatch.setattr(MarketPrices, "_convert", counting, raising=False)
    policy = market_prices("en-US", "US", "USD", None, None, lambda: tables["day"])
    for _ in range(3):
        for amount in ("19.99", "19.990", "5.00"):
            policy.localize((Money(Decimal(amount), "EUR"),))
    # "19.99" and "19.990" are equal amounts written differently: their steps differ, so both are computed
    assert calls == [("EUR", "19.99"), ("EUR", "19.990"), ("EUR", "5.00")]
    first = policy.convert(Money(Decimal("19.99"), "EUR"))
    tables["day"] = _table(date(2024, 6, 14))  # another rates table: computed again, with its rates
    later = policy.convert(Money(Decimal("19.99"), "EUR"))
    assert calls[-1] == ("EUR", "19.99") and len(calls) == 4
    assert later.rates_date == "2024-06-14" and first.rates_date == "2024-03-15"
    assert market_mod.MarketPrices is MarketPrices
