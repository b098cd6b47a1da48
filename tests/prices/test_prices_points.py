"""Price points (golden and properties), VAT, and one market's price policy."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.errors import ConfigError
from localize.model import Money
from localize.prices.market import market_prices
from localize.prices.pricepoints import RULES, known_currencies, minor_units, rule_from_config
from localize.prices.rates import embedded_table
from localize.prices.vat import VatPolicy, adjust

D = Decimal


@pytest.mark.parametrize(
    ("rule", "amount", "digits", "expected"),
    [
        ("charm-99", "27.82", 2, "27.99"),
        ("charm-99", "27.30", 2, "26.99"),
        ("charm-99", "0.20", 2, "0.20"),  # 0.99 would be +395 %: no point within 5 %, the amount is kept
        ("charm-99", "0.50", 2, "0.50"),
        ("charm-99", "0.96", 2, "0.99"),
        ("charm-99", "1.67", 2, "1.67"),  # 1.99 is +19 %, 0.99 -41 %
        ("charm-99", "1.92", 2, "1.99"),
        ("charm-95", "12.40", 2, "11.95"),
        ("charm-90", "12.60", 2, "12.90"),
        ("whole", "4374.43", 0, "4374"),
        ("whole", "1234.5", 0, "1235"),
        ("cash-05", "22.8931", 2, "22.90"),
        ("cash-05", "22.87", 2, "22.85"),
        ("tiered", "7.20", 2, "6.99"),
        ("tiered", "45.10", 2, "44.95"),
        ("tiered", "123.40", 2, "122.99"),
        ("exact", "27.8183", 2, "27.82"),
        ("exact", "4374.43", 0, "4374"),
    ],
)
def test_golden_price_points(rule: str, amount: str, digits: int, expected: str) -> None:
    assert str(RULES[rule].apply(D(amount), digits)) == expected


def test_iso_minor_units() -> None:
    assert [minor_units(c) for c in ("EUR", "USD", "JPY", "KRW", "CHF", "HUF", "BHD", "IQD")] == [2, 2, 0, 0, 2, 2, 3, 3]


def test_custom_rules_from_config() -> None:
    rule = rule_from_config("shop", {"bands": [{"below": 10, "ending": "0.99"}, {"step": 10, "ending": 9}],
                                     "mode": "up", "floor": "4.99", "max_change": "100%"}, "prices.rule_definitions.shop")
    assert [str(rule.apply(D(x))) for x in ("1", "9.50", "12", "31")] == ["4.99", "9.99", "19.00", "39.00"]
    assert rule.describe() == ("0 to 10: ends in .99; from 10: multiples of 10 + 9 (rounded up); at most 100 % from "
                               "the converted amount; never below 4.99")
    strict = rule_from_config("shop", {"base": "charm-99", "mode": "up"}, "prices.rule_definitions.shop")
    assert [str(strict.apply(D(x))) for x in ("12", "12.50", "0.40")] == ["12.00", "12.99", "0.40"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"bands": [{"step": 0}]}, "prices.rules.X.bands[0].step: must be greater than 0"),
        ({"bands": [{"step": 1, "ending": 1.5}]}, "prices.rules.X.bands[0].ending: must be at least 0 and less than the step (1)"),
        ({"bands": [{"below": 10}, {"below": 5}]}, "prices.rules.X.bands[1].below: bands must go up (5 after 10)"),
        ({"bands": [{}, {"below": 5}]}, "prices.rules.X.bands[0]: only the last band may have no `below`"),
        ({"mode": "sideways"}, "prices.rules.X.mode: 'sideways' is not one of nearest, up, down"),
        ("charm-42", "prices.rules.X: unknown price rule 'charm-42'"),
    ],
)
def test_bad_rule_config(spec: object, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        rule_from_config("x", spec, "prices.rules.X")
    assert exc.value.message == message


band = st.fixed_dictionaries({
    "step": st.sampled_from(["0.05", "0.1", "1", "5", "10"]),
    "ending_ratio": st.sampled_from(["0", "0.5", "0.9", "0.99"]),
})


@st.composite
def rules(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    if draw(st.booleans()):
        return RULES[draw(st.sampled_from(sorted(RULES)))]
    bands = draw(st.lists(band, min_size=1, max_size=3))
    bounds = sorted(draw(st.lists(st.integers(2, 500), min_size=len(bands) - 1, max_size=len(bands) - 1, unique=True)))
    spec = []
    for i, b in enumerate(bands):
        step = D(b["step"])
        item = {"step": b["step"], "ending": str((step * D(b["ending_ratio"])).quantize(D("0.01"), rounding=ROUND_DOWN))}
        if i < len(bounds):
            item["below"] = bounds[i]
        spec.append(item)
    floor = draw(st.sampled_from([None, "0.99", "5"]))
    return rule_from_config("gen", {"bands": spec, "mode": draw(st.sampled_from(["nearest", "up", "down"])),
                                    "floor": floor}, "test")


prices = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=4, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(rule=rules(), a=prices, b=prices)
def test_price_points_are_monotonic_and_never_below_the_floor(rule, a: Decimal, b: Decimal) -> None:  # type: ignore[no-untyped-def]
    lo, hi = sorted((a, b))
    p_lo, p_hi = rule.apply(lo), rule.apply(hi)
    assert p_lo <= p_hi
    assert p_lo > 0
    if rule.floor is not None:
        assert p_lo >= rule.floor


def test_vat_restatement() -> None:
    de = VatPolicy(D(19), True)
    assert adjust(D("119"), de, VatPolicy(None, False)) == D(100)
    assert adjust(D("119"), de, VatPolicy(D(10), True)) == D("110")
    assert adjust(D("100"), VatPolicy(None, False), VatPolicy(D(20), True)) == D("120")


def rates():  # type: ignore[no-untyped-def]
    return embedded_table().on(date(2024, 3, 15))


@pytest.mark.parametrize(
    ("locale", "country", "currency", "amount", "display", "rule"),
    [
        ("en-US", "US", "USD", "26.99", "$26.99", "charm-99"),
        ("ja-JP", "JP", "JPY", "4035", "￥4,035", "whole"),
        ("de-CH", "CH", "CHF", "23.95", "CHF\xa023.95", "cash-05"),
        ("fr-CH", "CH", "CHF", "23.95", "23.95\xa0CHF", "cash-05"),  # CLDR currencyDecimal
        ("en-GB", "GB", "GBP", "20.99", "£20.99", "charm-99"),
        ("de-DE", "DE", "EUR", "24.90", "24,90\xa0€", "pim"),
        ("fr-FR", "FR", "EUR", "24.90", "24,90\xa0€", "pim"),
    ],
)
def test_golden_market_prices(locale: str, country: str, currency: str, amount: str, display: str, rule: str) -> None:
    policy = market_prices(locale, country, currency, None, None, rates)
    result = policy.localize((Money(D("24.90"), "EUR"),))
    assert (str(result.money.amount), result.money.currency, result.display, result.rule) == (amount, currency, display, rule)
    if rule != "pim":
        assert result.rates_date == "2024-03-15"


def test_a_pim_price_in_the_market_currency_is_used_as_is() -> None:
    collection = (Money(D("24.90"), "EUR"), Money(D("29.00"), "USD"))
    as_is = market_prices("en-US", "US", "USD", None, None, rates).localize(collection)
    assert (as_is.money, as_is.how) == (Money(D("29.00"), "USD"), "pim")
    converted = market_prices("en-US", "US", "USD", {"convert_existing": True}, None, rates).localize(collection)
    assert (converted.money, converted.how) == (Money(D("26.99"), "USD"), "converted")


def test_vat_per_market() -> None:
    config = {"source_vat": {"included": True, "rate": 19}}
    us = market_prices("en-US", "US", "USD", config, None, rates).localize((Money(D("24.90"), "EUR"),))
    assert us.money.amount == D("22.99")  # 24.90 * 1.0892 / 1.19 = 22.79 -> .99
    jp = market_prices("ja-JP", "JP", "JPY", config, {"vat": {"rate": 10}}, rates).localize((Money(D("24.90"), "EUR"),))
    assert jp.money.amount == D("3729")  # 24.90 * 162.03 / 1.19 * 1.10
    with pytest.raises(ConfigError) as exc:
        market_prices("ja-JP", "JP", "JPY", config, None, rates)
    assert exc.value.message == "markets[ja-JP].prices.vat.rate: ja-JP shows prices with VAT, so its rate is needed"


def test_market_price_rules_and_floors_from_config() -> None:
    policy = market_prices("en-US", "US", "USD", {"rules": {"USD": "tiered"}, "floors": {"USD": "9.99"}}, None, rates)
    assert policy.convert(Money(D("1.00"), "EUR")).money.amount == D("9.99")
    assert policy.convert(Money(D("50"), "EUR")).money.amount == D("54.95")
    custom = market_prices("en-US", "US", "USD", {"rule_definitions": {"round10": {"bands": [{"step": 10}],
                                                                                 "max_change": "10%"}}},
                           {"rule": "round10"}, rates)
    assert custom.convert(Money(D("50"), "EUR")).money.amount == D("50.00")  # 54.46 -> 50: -8 %, within 10 %
    strict = market_prices("en-US", "US", "USD", {"rule_definitions": {"round10": {"bands": [{"step": 10}]}}},
                           {"rule": "round10"}, rates)
    assert strict.convert(Money(D("50"), "EUR")).money.amount == D("54.46")  # not within the default 5 %
    with pytest.raises(ConfigError) as exc:
        market_prices("en-US", "US", "USD", None, {"rule": "nope"}, rates)
    assert exc.value.message == "markets[en-US].prices: unknown price rule 'nope'"


# ------------------------------------------------------------ bounded price points (issue 11)

CURRENCIES = sorted(known_currencies())  # every ISO 4217 code CLDR knows (0, 2, 3 and 4 minor digits)


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(sorted(RULES)), currency=st.sampled_from(CURRENCIES),
       a=st.decimals(min_value=D("0.001"), max_value=D("1000000"), places=3, allow_nan=False),
       b=st.decimals(min_value=D("0.001"), max_value=D("1000000"), places=3, allow_nan=False))
def test_every_rule_stays_within_its_bound_and_is_monotonic(name: str, currency: str, a: Decimal, b: Decimal) -> None:
    rule, digits = RULES[name], minor_units(currency)
    for x in (a, b):
        placed = rule.place(x, digits)
        assert abs(placed.amount - x) <= rule.bound(x, digits), (name, currency, x, placed)
        assert placed.amount > 0
    lo, hi = sorted((a, b))
    assert rule.apply(lo, digits) <= rule.apply(hi, digits)


@settings(max_examples=200, deadline=None)
@given(rule=rules(), a=prices, b=prices)
def test_configured_rules_stay_within_their_bound_above_the_floor(rule, a: Decimal, b: Decimal) -> None:  # type: ignore[no-untyped-def]
    for x in (a, b):
        placed = rule.place(x)
        if rule.floor is None or placed.amount > rule.floor:
            assert abs(placed.amount - x) <= rule.bound(x)


def test_a_price_without_a_point_in_reach_keeps_the_converted_amount() -> None:
    from decimal import ROUND_HALF_UP

    usd = market_prices("en-US", "US", "USD", {}, None, rates)
    result = usd.convert(Money(D("0.50"), "EUR"))
    assert result.on_point is False
    expected = (D("0.50") * rates().rate("EUR", "USD")).quantize(D("0.01"), ROUND_HALF_UP)
    assert result.money.amount == expected  # not $0.99
    assert "converted amount is kept" in result.steps[-1]
    gbp = market_prices("en-GB", "GB", "GBP", {"max_change": "25%"}, None, rates)
    assert gbp.convert(Money(D("1.67"), "GBP")).money.amount == D("1.99")  # +19 % is allowed at 25 %
    assert market_prices("en-GB", "GB", "GBP", {}, None, rates).convert(Money(D("1.67"), "GBP")).money.amount == D("1.67")
    with pytest.raises(ConfigError, match="max_change"):
        market_prices("en-GB", "GB", "GBP", {"max_change": "150%"}, None, rates)
