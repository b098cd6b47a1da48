"""Convert stage: metric values and prices for each market, and the market conventions the
quantities-in-copy job uses after translation.

The stage opens, once per run, each market's unit conventions (`units.conventions`), price rules
(`prices.market`), attribute kinds and the run's ONE rates date (`prices.rates.RunRates`); each job
lives in its own module: `convert_units` (metric values), `convert_prices` (prices) and
`convert_copy` (quantities in copy, run right after the translate stage). They report as one
`convert` stage (`stages.tally.Tally`).

Bad data never raises: unknown unit codes, NaN, negative weights, prices with more decimals
than the currency has, unknown currencies and missing rates for a PIM currency become
`block` findings naming product, field and value (the gate withholds the record). A market
currency the rates do not have is a run error (`RateError`), because every record needs it.
"""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..locale import to_bcp47
from ..memo import TextMemo
from ..model import Money, Quantity
from ..prices.market import MarketPrices, market_prices
from ..prices.rates import RunRates
from ..units.conventions import market_units
from ..units.formatting import babel_locale
from ..units.kinds import KindResolver, shipped_kinds_digest
from .base import Batch, RunContext, Stage
from .convert_prices import PriceOutcome, convert_price, price_key
from .convert_units import OUTCOME_WEIGHT, convert_metric
from .tally import Tally

#: The conversion rules' version and the shipped unit kinds: changing how a quantity is read or which kind
#: keeps its unit changes what an unchanged record publishes. Raise the number with such a change.
CONVERSION_RULES = f"units-n2-1:{shipped_kinds_digest()}"

#: Distinct measures / price collections remembered per run (each memo starts over when full).
_MEMO_ENTRIES = 20_000

STAGE = "convert"


class ConvertStage(Stage):
    name = "convert"

    def __init__(self) -> None:
        self.units: dict[str, Any] = {}
        self.prices: dict[str, MarketPrices] = {}
        self.tally = Tally(STAGE)
        self.counts = self.tally.counts
        self.findings = self.tally.findings
        self._rates: RunRates | None = None
        self._families: dict[str, str] = {}
        self._ctx: RunContext | None = None
        #: The source's locale and its own market's unit conventions (None without a region): the
        #: quantities-in-copy job keeps the units the author chose on purpose.
        self.source_locale = ""
        self.source_units: Any = None
        self.kinds: dict[str, Any] = {}
        # each distinct measure and price collection converted once per market (see the memos)
        self._metrics: TextMemo[tuple[Any, ...]] = TextMemo(_MEMO_ENTRIES, _MEMO_ENTRIES * OUTCOME_WEIGHT)
        self._prices: TextMemo[PriceOutcome] = TextMemo(_MEMO_ENTRIES, _MEMO_ENTRIES * OUTCOME_WEIGHT)
        # attribute -> (the last measure or price collection seen, what about it no market changes): one
        # entry per attribute, so bounded by the catalogue's attributes
        self._seen: dict[str, tuple[Any, ...]] = {}

    # ------------------------------------------------------------------ lifecycle

    def open(self, ctx: RunContext) -> None:
        self._ctx = ctx
        units_cfg = ctx.config.settings.units.raw
        prices_cfg = ctx.config.settings.prices.raw
        self._rates = RunRates.from_settings(prices_cfg, ctx.config.resolve, ctx.state_dir)
        # the fingerprint's memo: a rerun with the same rate files does not parse them (rates.py)
        self._rates.memo_dir = ctx.state_dir / "cache"
        self._rates.memo_write = not ctx.options.dry_run
        source_locale = to_bcp47(ctx.config.source.locale)
        self.source_locale = source_locale
        self.source_units = self._units_of_locale(source_locale, units_cfg)
        for market in ctx.markets:
            self.units[market.code] = market_units(market.locale, market.country, units_cfg,
                                                   market.settings.get("units"))
            self.prices[market.code] = market_prices(market.locale, market.country, market.currency, prices_cfg,
                                                     market.settings.get("prices"), self._dated_rates)
        catalog = ctx.catalog
        for market in ctx.markets:
            self.kinds[market.code] = KindResolver(self.units[market.code].kinds, catalog)
        attributes = catalog.attributes if catalog is not None else {}
        for code, info in dict(attributes).items():
            if info.metric_family:
                self._families[code] = info.metric_family
        self._families.update(units_cfg.get("attribute_families") or {})

    @staticmethod
    def _units_of_locale(locale: str, units_cfg: Any) -> Any:
        """The unit conventions of the source's own market (None when its locale has no region)."""
        try:
            territory = babel_locale(locale).territory
        except Exception:  # noqa: BLE001 - an unusual source locale: no deliberate-unit detection
            return None
        if not territory:
            return None
        try:
            return market_units(locale, territory, units_cfg)
        except ConfigError:
            return None

    def _load_rates(self) -> Any:
        """The ONE rates date of this run, loaded on first use (`prices.rates.RunRates`)."""
        if self._rates is None:
            self._rates = RunRates(None)
        return self._rates.load()

    def _dated_rates(self) -> Any:
        """The run's rates, recorded in the report once a price needs them."""
        rates = self._load_rates()
        if self._ctx is not None and "rates_source" not in self._ctx.report.sections.get("prices", {}):
            section = self._ctx.report.sections.setdefault("prices", {})
            section["rates_date"] = rates.date.isoformat()
            section["rates_source"] = rates.table.source
        return rates

    def fingerprint(self, market: Any) -> str:
        """The rates this run converts prices with: their date and the rates of that date (a
        `localize rates update`, a new `rates_file` or the next ECB day changes them). The units
        and price settings are part of the config, which every record's hash holds already; how copy and
        values are read and converted (`CONVERSION_RULES`) is not, so a nightly state made under older
        rules is redone once (an unchanged food record kept `fat_per_100: 1.5 oz`)."""
        if self._rates is None:
            self._rates = RunRates(None)
        return f"{self._rates.fingerprint(m.currency for m in self.prices.values())}|{CONVERSION_RULES}"

    def summary(self) -> dict[str, Any]:
        if self._ctx is not None:
            section = self._ctx.report.sections.setdefault("prices", {})
            section.setdefault("rates_date", None)
            section["converted"] = self.counts["price_converted"]
            section["from_pim"] = self.counts["price_pim"]
        return {"status": "ok", **dict(sorted(self.counts.items())),
                "findings": dict(sorted(self.findings.items()))}

    # ------------------------------------------------------------------ records

    def process(self, batch: Batch, ctx: RunContext) -> None:
        # A product's records for every market come one after the other and hold the same value
        # objects: `seen` keeps, per attribute, the last measure or price collection looked at with
        # what does not depend on the market (is it valid, its unit spec, its amounts as text), so
        # the second and third market look it up by identity instead of working it out again.
        metrics, prices_memo, tally, families, seen = self._metrics, self._prices, self.tally, self._families, self._seen
        for record in batch.active():
            market = record.market.code
            units = self.units[market]
            prices = self.prices[market]
            kinds = self.kinds[market]
            # no copy of the items: a conversion replaces the value of its own key only (the size stays)
            for code, value in record.values.items():
                data = value.data
                kind = type(data)
                if kind is str or data is None:  # most values: text (also the commonest exact type test)
                    continue
                if kind is Quantity or isinstance(data, Quantity):
                    convert_metric(record, code, value, units, kinds, families, tally, metrics, seen)
                elif kind is tuple or isinstance(data, tuple):
                    last = seen.get(code)
                    if last is None or last[0] is not data:
                        if not (data and all(isinstance(m, Money) for m in data)):
                            continue  # option codes
                        last = seen[code] = (data, price_key(data))
                    convert_price(record, code, value, prices, self._dated_rates, tally, prices_memo, last[1])
