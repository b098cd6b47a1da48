"""One market's price policy: which PIM price to start from, rates, VAT, price point, display.

A price the PIM already holds in the market's currency (`price-USD` for en-US) is used as is
(status `pim`), because someone chose it; `convert_existing: true` converts anyway. Otherwise
the base price (`prices.base_currency`, else EUR, else the first currency) is converted with
the run's one rates date, restated for VAT when configured, and turned into a price point
by the currency's named rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import ConfigError
from ..model import Money
from ..units.formatting import format_money
from .pricepoints import (
    DEFAULT_RULES,
    RULES,
    PriceRule,
    minor_units,
    parse_max_change,
    rule_from_config,
    with_floor,
    with_max_change,
)
from .rates import DatedRates, RateError
from .vat import VatPolicy, adjust, policy_from_config


@dataclass(frozen=True)
class PriceResult:
    """A market price and how it was made (for the feed's `extra` and for `localize price`)."""

    money: Money
    display: str
    how: str  # "pim" (used as is) | "converted"
    rule: str
    source: Money
    rate: Decimal | None = None
    rates_date: str | None = None
    vat: str | None = None
    steps: tuple[str, ...] = ()
    converted: Decimal | None = None  # the amount before the price point
    on_point: bool = True  # False: no price point within the rule's bound; the converted amount is kept

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": format(self.money.amount, "f"),
            "currency": self.money.currency,
            "display": self.display,
            "how": self.how,
            "rule": self.rule,
            "source": self.source.to_dict(),
            "rate": format(self.rate, "f") if self.rate is not None else None,
            "rates_date": self.rates_date,
            "vat": self.vat,
            "steps": list(self.steps),
            "on_point": self.on_point,
        }


@dataclass
class MarketPrices:
    """The price policy of one market, resolved from config."""

    locale: str
    country: str
    currency: str
    rule: PriceRule
    rates: Callable[[], DatedRates]
    base_currency: str | None = None
    convert_existing: bool = False
    vat_source: VatPolicy | None = None
    vat_target: VatPolicy | None = None
    _cache: dict[str, Any] = field(default_factory=dict)
    # (currency, amount as written) -> (the rates it was converted with, its result): a catalogue
    # has a few thousand distinct prices, and every record of a market asks (see `convert`)
    _converted: dict[tuple[str, str], tuple[DatedRates, PriceResult]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def pick_source(self, prices: tuple[Money, ...]) -> Money:
        by_currency = {m.currency: m for m in prices}
        for code in (self.base_currency, "EUR"):
            if code and code in by_currency:
                return by_currency[code]
        return by_currency[sorted(by_currency)[0]]

    def localize(self, prices: tuple[Money, ...]) -> PriceResult:
        """The market price for a PIM price collection (raises RateError for a missing rate)."""
        if not prices:
            raise ValueError("empty price collection")
        own = next((m for m in prices if m.currency == self.currency), None)
        if own is not None and not self.convert_existing:
            return PriceResult(own, self.display(own.amount), "pim", "pim", own,
                               steps=(f"already in {own.currency}: used as is (a price in the market currency is not converted)",))
        return self.convert(self.pick_source(prices))

    def convert(self, source: Money) -> PriceResult:
        """Convert one price into this market's currency and price point.

        The result depends only on the amount as written (its exponent shows in the steps), the
        currency, the rates and this policy, so it is computed once per distinct price and rates
        (results are immutable and shared); a price that raises is asked again each time."""
        rates = self.rates()
        key = (source.currency, str(source.amount))
        hit = self._converted.get(key)
        if hit is not None and hit[0] is rates:
            return hit[1]
        result = self._convert(source, rates)
        if len(self._converted) >= 50_000:
            self._converted.clear()
        self._converted[key] = (rates, result)
        return result

    def _convert(self, source: Money, rates: DatedRates) -> PriceResult:
        steps = []
        rate = rates.rate(source.currency, self.currency) if source.currency != self.currency else Decimal(1)
        amount = rates.convert(source.amount, source.currency, self.currency)
        if source.currency != self.currency:
            how = "; ".join(rates.notes[c] for c in (source.currency, self.currency) if c in rates.notes)
            steps.append(f"{_f(source.amount)} {source.currency} × {_f(_short(rate))} "
                         f"({how or 'ECB, ' + rates.date.isoformat()}) = {_f(_short(amount))} {self.currency}")
        vat_note = None
        if self.vat_source is not None and self.vat_target is not None:
            before = amount
            amount = adjust(amount, self.vat_source, self.vat_target)
            vat_note = f"{self.vat_source.describe()} -> {self.vat_target.describe()}"
            if amount != before:
                steps.append(f"VAT {vat_note}: {_f(_short(before))} -> {_f(_short(amount))}")
        if amount.is_nan() or amount <= 0:
            raise RateError(f"price {_f(source.amount)} {source.currency} gives no positive price in {self.currency}")
        digits = minor_units(self.currency)
        placed = self.rule.place(amount, digits)
        final = placed.amount
        if placed.on_point:
            steps.append(f"price point {self.rule.name} ({self.rule.describe()}): {_f(final)} {self.currency}")
        else:
            steps.append(f"no {self.rule.name} price point within {_f(_short(placed.bound))} {self.currency} of "
                         f"{_f(_short(amount))}: the converted amount is kept, {_f(final)} {self.currency}")
        money = Money(final, self.currency)
        return PriceResult(money, self.display(final), "converted", self.rule.name, source, rate,
                           rates.date.isoformat(), vat_note, tuple(steps), amount, placed.on_point)

    def display(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.locale)


def _f(value: Decimal) -> str:
    return format(value, "f")


def _short(value: Decimal) -> Decimal:
    """Round long quotients for people (the computation keeps every digit)."""
    return value.quantize(Decimal("0.0001")).normalize() if value.adjusted() < 12 else value


def market_prices(locale: str, country: str, currency: str, prices_config: Mapping[str, Any] | None,
                  market_config: Mapping[str, Any] | None, rates: Callable[[], DatedRates]) -> MarketPrices:
    """Resolve one market's price policy (raises ConfigError naming the key at fault)."""
    glob = dict(prices_config or {})
    local = dict(market_config or {})
    where = f"markets[{locale}].prices"
    definitions = glob.get("rule_definitions") or {}
    name = local.get("rule") or (glob.get("rules") or {}).get(currency) or DEFAULT_RULES.get(currency, "exact")
    if isinstance(name, str) and name in definitions:
        rule = rule_from_config(name, definitions[name], f"prices.rule_definitions.{name}")
    elif isinstance(name, str):
        if name not in RULES:
            raise ConfigError(f"{where}: unknown price rule {name!r}",
                              hint=f"use one of {', '.join(RULES)}, or define it under prices.rule_definitions")
        rule = RULES[name]
    else:
        rule = rule_from_config(f"{currency.lower()}-custom", name, where)
    floor = local.get("floor", (glob.get("floors") or {}).get(currency))
    if floor is not None:
        try:
            rule = with_floor(rule, Decimal(str(floor)))
        except Exception:  # noqa: BLE001
            raise ConfigError(f"{where}.floor: {floor!r} is not a number") from None
    max_change = local.get("max_change", glob.get("max_change"))
    if max_change is not None:
        rule = with_max_change(rule, parse_max_change(max_change, f"{where}.max_change"))
    vat_source = policy_from_config(glob.get("source_vat"), None, "prices.source_vat")
    vat_target = policy_from_config(local.get("vat") or {"included": None} if vat_source else local.get("vat"),
                                    country, f"{where}.vat")
    if vat_source is not None:
        if vat_source.included and vat_source.rate is None:
            raise ConfigError("prices.source_vat.rate: needed to take VAT out of the PIM's prices",
                              hint="e.g. source_vat: {included: true, rate: 19}")
        if vat_target is not None and vat_target.included and vat_target.rate is None:
            raise ConfigError(f"{where}.vat.rate: {locale} shows prices with VAT, so its rate is needed",
                              hint="e.g. prices: {vat: {rate: 20}} on the market")
    return MarketPrices(
        locale=locale,
        country=country,
        currency=currency,
        rule=rule,
        rates=rates,
        base_currency=local.get("base_currency") or glob.get("base_currency"),
        convert_existing=bool(local.get("convert_existing", glob.get("convert_existing", False))),
        vat_source=vat_source,
        vat_target=vat_target if vat_source is not None else None,
    )
