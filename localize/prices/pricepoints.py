"""Price points: named per-currency rules that turn a converted amount into a shelf price.

A rule is a list of bands, each owning the price points in its range of OUTPUT prices:
`tiered` says prices under 10 end in .99, prices from 10 to 100 in .95, from 100 on the whole
number minus 0.01. A converted amount goes to the nearest price point of the union of
the bands (or the next one up/down with `mode`), which makes every rule monotonic by
construction (a dearer input never gets a cheaper price) and never below its `floor`.

A price point never distorts a price: every rule has a bound (`max_change`, default 5 % of the
converted amount, and never less than one minor unit of the currency). A point further away
than that (`charm-99` would turn 0.50 into 0.99, +98 %) is not taken: the converted amount is
kept, rounded to the currency's minor units in the rule's direction, and `place` says so, so
the convert stage records a `price-point-skipped` finding. Keeping the nearest point only
while it is within the bound keeps the rule monotonic: a point leaves the bound on one side
only where the amount has moved past it, and the kept amount lies between the two points
around it. A configured `floor` is a decision of the shop and applies after the bound.

Built-in rules (`RULES`): `exact` (ISO 4217 minor units), `whole` (JPY, KRW, HUF),
`cash-05` (CHF 0.05), `cash-10`, `charm-99`, `charm-95`, `charm-90`, `tiered`, `tens-minus-1`.
Defaults per currency in `DEFAULT_RULES`; config can name another rule, define its own,
or set a `floor`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from babel.numbers import get_currency_precision, list_currencies

from ..errors import ConfigError

MODES = ("nearest", "up", "down")
DEFAULT_MAX_CHANGE = Decimal("0.05")


class Placement(NamedTuple):
    """A price point, or the converted amount when no point is within the rule's bound."""

    amount: Decimal
    on_point: bool  # False: no price point within the bound, the converted amount was kept
    bound: Decimal  # the largest change the rule allowed for this amount


@dataclass(frozen=True, slots=True)
class Band:
    """Price points `k * step + ending` (k = 0, 1, ...) that are >= `start` and < `below`."""

    step: Decimal
    ending: Decimal = Decimal(0)
    below: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PriceRule:
    """A named rule. `apply` is monotonic and never returns less than `floor` (or 0)."""

    name: str
    bands: tuple[Band, ...] = ()
    mode: str = "nearest"
    floor: Decimal | None = None
    max_change: Decimal = DEFAULT_MAX_CHANGE  # a fraction of the converted amount (0.05 = 5 %)

    def bound(self, amount: Decimal, minor_units: int = 2) -> Decimal:
        """The largest change this rule may make to `amount`: `max_change` of it, at least one minor unit."""
        return max(abs(amount) * self.max_change, Decimal(1).scaleb(-minor_units))

    def describe(self) -> str:
        parts = []
        start = Decimal(0)
        for band in self.bands:
            ending = f"x{format(band.ending % 1, 'f')[1:]}" if band.ending % 1 else f"step {band.step}"
            if band.step >= 1 and band.ending % 1:
                ending = f"ends in {format(band.ending % 1, 'f')[1:]}"
            elif band.step >= 1 and band.step != 1:
                ending = f"multiples of {band.step} + {band.ending}" if band.ending else f"multiples of {band.step}"
            elif band.step == 1 and not band.ending:
                ending = "whole units"
            else:
                ending = f"multiples of {band.step}"
            rng = f"from {start}" if band.below is None else f"{start} to {band.below}"
            parts.append(f"{rng}: {ending}" if len(self.bands) > 1 else ending)
            start = band.below or start
        text = "; ".join(parts) if parts else "rounded to the currency's minor units"
        if self.mode != "nearest":
            text += f" (rounded {self.mode})"
        if self.bands:
            text += f"; at most {format((self.max_change * 100).normalize(), 'f')} % from the converted amount"
        if self.floor is not None:
            text += f"; never below {self.floor}"
        return text

    def apply(self, amount: Decimal, minor_units: int = 2) -> Decimal:
        """The price point for `amount` (a positive amount in the rule's currency)."""
        return self.place(amount, minor_units).amount

    def place(self, amount: Decimal, minor_units: int = 2) -> Placement:
        """The price point for `amount` within the rule's bound, or the amount itself (see the module doc)."""
        quantum = Decimal(1).scaleb(-minor_units)
        bound = self.bound(amount, minor_units)
        on_point = True
        if not self.bands:
            result = _round(amount, quantum, self.mode)
        else:
            below, above = self._neighbours(amount)
            if self.mode == "up":
                result = above if above is not None else below
            elif self.mode == "down":
                result = below if below is not None else above
            elif below is None:
                result = above
            elif above is None:
                result = below
            else:
                result = above if (above - amount) <= (amount - below) else below
            assert result is not None
            if result <= 0:
                result = self._smallest(quantum)
            result = result.quantize(quantum, rounding=ROUND_HALF_UP)  # a point finer than the currency has
            if result <= 0 or abs(result - amount) > bound:
                result, on_point = _round(amount, quantum, self.mode), False
        if result <= 0:
            result = quantum
        if self.floor is not None and result < self.floor:
            result, on_point = self.floor, True
        return Placement(result.quantize(quantum, rounding=ROUND_HALF_UP), on_point, bound)

    def _neighbours(self, x: Decimal) -> tuple[Decimal | None, Decimal | None]:
        """The largest price point <= x and the smallest >= x over all bands (> 0 only)."""
        best_below: Decimal | None = None
        best_above: Decimal | None = None
        start = Decimal(0)
        for band in self.bands:
            end = band.below
            # largest point in [start, end) that is <= x
            top = x if end is None else min(x, end)
            k = ((top - band.ending) / band.step).to_integral_value(ROUND_FLOOR)
            p = k * band.step + band.ending
            if end is not None and p >= end:
                p -= band.step
            if p >= start and p > 0 and p <= x and (best_below is None or p > best_below):
                best_below = p
            # smallest point in [start, end) that is >= x
            low = max(x, start)
            k = ((low - band.ending) / band.step).to_integral_value(ROUND_CEILING)
            p = k * band.step + band.ending
            while p <= 0:
                p += band.step
            if (end is None or p < end) and p >= x and (best_above is None or p < best_above):
                best_above = p
            start = end if end is not None else start
        return best_below, best_above

    def _smallest(self, quantum: Decimal) -> Decimal:
        if not self.bands:
            return quantum
        _, above = self._neighbours(quantum)
        return above if above is not None else quantum


def _round(amount: Decimal, quantum: Decimal, mode: str) -> Decimal:
    how = {"nearest": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}[mode]
    return amount.quantize(quantum, rounding=how)


def _d(value: str) -> Decimal:
    return Decimal(value)


RULES: dict[str, PriceRule] = {
    "exact": PriceRule("exact"),
    "whole": PriceRule("whole", (Band(_d("1")),)),
    "cash-05": PriceRule("cash-05", (Band(_d("0.05")),)),
    "cash-10": PriceRule("cash-10", (Band(_d("0.10")),)),
    "charm-99": PriceRule("charm-99", (Band(_d("1"), _d("0.99")),)),
    "charm-95": PriceRule("charm-95", (Band(_d("1"), _d("0.95")),)),
    "charm-90": PriceRule("charm-90", (Band(_d("1"), _d("0.90")),)),
    "tiered": PriceRule("tiered", (
        Band(_d("1"), _d("0.99"), _d("10")), Band(_d("1"), _d("0.95"), _d("100")), Band(_d("1"), _d("0.99")),
    )),
    "tens-minus-1": PriceRule("tens-minus-1", (Band(_d("10"), _d("9")),)),  # 19, 29, ... (JPY 1,980 style: 10s)
}

DEFAULT_RULES: dict[str, str] = {
    "USD": "charm-99", "CAD": "charm-99", "AUD": "charm-99", "NZD": "charm-99", "GBP": "charm-99",
    "EUR": "charm-99", "CHF": "cash-05", "JPY": "whole", "KRW": "whole", "HUF": "whole", "ISK": "whole",
    "CLP": "whole", "TWD": "whole", "IDR": "whole",
    # Indian retail prices whole rupees ending in 9 (₹199, ₹499, ₹1,299); Brazilian retail ends in ,90 (R$ 19,90,
    # R$ 49,90: the most used ending in Brazilian retail ads). CNY, THB, MXN, PLN, TRY, SAR, AED, ILS have no
    # convention clear enough to apply without a person: `exact` (README, "Prices").
    "INR": "tens-minus-1", "BRL": "charm-90",
}


# Where CLDR's display digits (babel) differ from the ISO 4217 minor unit that feeds use.
ISO_MINOR_UNITS = {
    "HUF": 2, "IDR": 2, "IRR": 2, "COP": 2, "LBP": 2, "AFN": 2, "ALL": 2, "IQD": 3, "MMK": 2, "SOS": 2,
    "SYP": 2, "YER": 2, "LAK": 2, "KPW": 2, "MGA": 2,
}


@lru_cache(maxsize=256)
def minor_units(currency: str) -> int:
    """ISO 4217 minor units, for feed amounts: 2 for EUR and HUF, 0 for JPY and KRW, 3 for BHD.

    CLDR (babel) gives display digits, which differ for a few currencies (HUF is shown
    without fillér); display goes through CLDR, feed amounts through ISO.
    """
    return ISO_MINOR_UNITS.get(currency, int(get_currency_precision(currency)))


def rule_from_config(name: str, spec: Any, where: str) -> PriceRule:
    """A rule from config: a built-in name, or `{bands: [{step, ending, below}], mode, floor, max_change, base}`."""
    if isinstance(spec, str):
        if spec not in RULES:
            raise ConfigError(f"{where}: unknown price rule {spec!r}", hint=f"use one of {', '.join(RULES)}, "
                              "or define it under prices.rule_definitions")
        return RULES[spec]
    if not isinstance(spec, Mapping):
        raise ConfigError(f"{where}: a price rule is a name or a mapping with bands")
    base = rule_from_config(name, spec["base"], f"{where}.base") if spec.get("base") else PriceRule(name)
    bands = base.bands
    if spec.get("bands"):
        items = []
        previous = Decimal(0)
        for i, item in enumerate(spec["bands"]):
            step = _dec(item.get("step", 1), f"{where}.bands[{i}].step")
            ending = _dec(item.get("ending", 0), f"{where}.bands[{i}].ending")
            below = _dec(item["below"], f"{where}.bands[{i}].below") if item.get("below") is not None else None
            if step <= 0:
                raise ConfigError(f"{where}.bands[{i}].step: must be greater than 0")
            if not 0 <= ending < step:
                raise ConfigError(f"{where}.bands[{i}].ending: must be at least 0 and less than the step ({step})")
            if below is not None and below <= previous:
                raise ConfigError(f"{where}.bands[{i}].below: bands must go up ({below} after {previous})")
            if below is None and i != len(spec["bands"]) - 1:
                raise ConfigError(f"{where}.bands[{i}]: only the last band may have no `below`")
            items.append(Band(step, ending, below))
            previous = below or previous
        bands = tuple(items)
    mode = spec.get("mode", base.mode)
    if mode not in MODES:
        raise ConfigError(f"{where}.mode: {mode!r} is not one of {', '.join(MODES)}")
    floor = _dec(spec["floor"], f"{where}.floor") if spec.get("floor") is not None else base.floor
    max_change = base.max_change
    if spec.get("max_change") is not None:
        max_change = parse_max_change(spec["max_change"], f"{where}.max_change")
    return PriceRule(name, bands, mode, floor, max_change)


def parse_max_change(value: Any, where: str) -> Decimal:
    """`max_change`: a fraction (0.05) or a percentage string (`5%`); 0 < value <= 1."""
    text = str(value).strip()
    out = _dec(text[:-1], where) / 100 if text.endswith("%") else _dec(text, where)
    if not 0 < out <= 1:
        raise ConfigError(f"{where}: {value!r} must be more than 0 and at most 1 (100 %)",
                          hint="e.g. 0.05 or '5%' (the default)")
    return out


def with_max_change(rule: PriceRule, max_change: Decimal | None) -> PriceRule:
    return rule if max_change is None else replace(rule, max_change=max_change)


def _dec(value: Any, where: str) -> Decimal:
    try:
        out = Decimal(str(value))
    except Exception:  # noqa: BLE001
        raise ConfigError(f"{where}: {value!r} is not a number") from None
    if not out.is_finite():
        raise ConfigError(f"{where}: {value!r} is not a finite number")
    return out


def with_floor(rule: PriceRule, floor: Decimal | None) -> PriceRule:
    return rule if floor is None else replace(rule, floor=floor)


@lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    """ISO 4217 codes CLDR knows (babel)."""
    return frozenset(list_currencies())
