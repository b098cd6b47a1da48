"""Named rounding rules for converted quantities.

A rule has a name because a reviewer must be able to ask "why 5.5 lb and not 5.51 lb?" and
get an answer from the feed (`extra.rule`) and the config. Names are parsed, not looked up,
so the set is open-ended but every name means one thing:

- `decimals-N`     N digits after the decimal point (`decimals-1`: 5.5116 -> 5.5)
- `significant-N`  N significant digits (`significant-2`: 27.116 -> 27)
- `step-X`         nearest multiple of X (`step-0.125` = 1/8 in, `step-0.05`)
- `fraction-N`     nearest 1/N (`fraction-8` = 1/8 in, `fraction-16`)
- `integer`        whole numbers (= `decimals-0`)
- `exact`          no rounding (the converted value, trimmed to 12 decimals)

Ties round half up (away from zero), the commercial rule customers expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ..errors import ConfigError

_EXACT_DECIMALS = 12


@dataclass(frozen=True, slots=True)
class RoundingRule:
    """One named rule: `apply` rounds, `tolerance` says how far that can move a value."""

    name: str
    kind: str  # decimals | significant | step | exact
    digits: int = 0
    step: Decimal = Decimal(0)

    def apply(self, value: Decimal) -> Decimal:
        """The rounded value, without trailing zeros (`5.50` -> `5.5`, `6.0` -> `6`)."""
        if not value.is_finite():
            raise ValueError(f"cannot round {value}")
        if self.kind == "decimals":
            out = value.quantize(_QUANTA[self.digits], rounding=ROUND_HALF_UP)
            if not self.digits:
                return out
        elif self.kind == "significant":
            if not value:
                return Decimal(0)
            exponent = value.adjusted() - self.digits + 1
            out = value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
        elif self.kind == "step":
            units = (value / self.step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            out = units * self.step
        else:
            out = value.quantize(Decimal(1).scaleb(-_EXACT_DECIMALS), rounding=ROUND_HALF_UP)
        return trim(out)

    def tolerance(self, value: Decimal) -> Decimal:
        """The largest distance between `value` and `apply(value)`."""
        if self.kind == "decimals":
            return Decimal(5).scaleb(-self.digits - 1)
        if self.kind == "significant":
            if not value:
                return Decimal(0)
            # rounding can carry into a new digit (9.96 -> 10): use the larger resolution
            return Decimal(5).scaleb(value.adjusted() - self.digits + 1)
        if self.kind == "step":
            return self.step / 2
        return Decimal(5).scaleb(-_EXACT_DECIMALS - 1)

    def resolution(self, value: Decimal) -> Decimal:
        """The value of one step at `value` (what the last shown digit is worth)."""
        return self.tolerance(value) * 2

    def max_decimals(self) -> int | None:
        """Decimals a result of this rule can have (None: depends on the value)."""
        if self.kind == "decimals":
            return self.digits
        if self.kind == "step":
            return max(0, -self.step.normalize().as_tuple().exponent)  # type: ignore[operator]
        return None


_QUANTA = [Decimal(1).scaleb(-n) for n in range(13)]
_ONE = Decimal(1)


def trim(value: Decimal) -> Decimal:
    """`5.50` -> `5.5`, `6.00` -> `6`, `1E+2` -> `100` (no exponent form, no trailing zeros)."""
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return value.normalize()


_NAME = re.compile(r"(decimals|significant|step|fraction)-([0-9.]+)|integer|exact")


@lru_cache(maxsize=256)
def rule(name: str) -> RoundingRule:
    """The rule of a name (`decimals-1`, `step-0.125`, ...); ConfigError for a bad name."""
    match = _NAME.fullmatch(name.strip())
    if not match:
        raise ConfigError(
            f"unknown rounding rule {name!r}",
            hint="use decimals-N, significant-N, step-X, fraction-N, integer or exact (e.g. decimals-1, step-0.125)",
        )
    if name == "integer":
        return RoundingRule(name, "decimals", 0)
    if name == "exact":
        return RoundingRule(name, "exact")
    kind, arg = match.group(1), match.group(2)
    try:
        number = Decimal(arg)
    except Exception:  # noqa: BLE001 - any parse problem is the same config error
        number = Decimal(-1)
    if kind in ("decimals", "significant", "fraction"):
        if number != number.to_integral_value() or number < (1 if kind != "decimals" else 0) or number > 12:
            raise ConfigError(f"rounding rule {name!r}: {kind} needs a whole number from {1 if kind != 'decimals' else 0} to 12")
        if kind == "fraction":
            return RoundingRule(name, "step", step=Decimal(1) / int(number))
        return RoundingRule(name, kind, int(number))
    if number <= 0:
        raise ConfigError(f"rounding rule {name!r}: the step must be greater than 0")
    return RoundingRule(name, "step", step=number)
