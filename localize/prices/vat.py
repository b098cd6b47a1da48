"""VAT: how prices are stated in the PIM and how a market shows them.

Shoppers in the EU, the UK, Switzerland, Norway, Japan, Australia and New Zealand see
prices with VAT (or GST/consumption tax) included; in the US and Canada prices are shown
before sales tax. The rates themselves come from config (they change: Switzerland went
from 7.7 % to 8.1 % in 2024), never from a table here.

Without `prices.source_vat` in the config nothing is adjusted: prices are converted as
they are, and the run report says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import ConfigError

EU = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
INCLUSIVE = EU | frozenset({"GB", "CH", "LI", "NO", "IS", "JP", "AU", "NZ", "TR", "ZA", "IN", "SG", "KR", "MX", "BR"})
EXCLUSIVE = frozenset({"US", "CA"})


@dataclass(frozen=True, slots=True)
class VatPolicy:
    """`rate` in percent (19 for 19 %); `included`: prices are shown with VAT."""

    rate: Decimal | None
    included: bool

    def describe(self) -> str:
        if not self.included:
            return "excl. VAT"
        return f"incl. VAT ({self.rate}%)" if self.rate is not None else "incl. VAT"


def shows_vat_included(country: str) -> bool:
    """True where shoppers expect prices with VAT included (the default per country)."""
    return country.upper() not in EXCLUSIVE


def policy_from_config(spec: Mapping[str, Any] | None, country: str | None, where: str) -> VatPolicy | None:
    """`{rate: 19, included: true}`; `included` defaults by country. None when not configured."""
    if not spec:
        return None
    rate = spec.get("rate")
    value = None
    if rate is not None:
        try:
            value = Decimal(str(rate))
        except Exception:  # noqa: BLE001
            raise ConfigError(f"{where}.rate: {rate!r} is not a number") from None
        if not value.is_finite() or value < 0 or value >= 100:
            raise ConfigError(f"{where}.rate: {rate!r} must be a percentage from 0 to below 100")
    included = spec.get("included")
    if included is None:
        included = shows_vat_included(country) if country else True
    return VatPolicy(value, bool(included))


def adjust(amount: Decimal, source: VatPolicy, target: VatPolicy) -> Decimal:
    """Restate `amount` from the source's VAT basis to the target's (net <-> gross, rate change)."""
    net = amount / (1 + source.rate / 100) if source.included and source.rate else amount
    return net * (1 + target.rate / 100) if target.included and target.rate else net
