"""Convert stage: metric values, quantities in copy and prices, for each market.

Per record and market:
- a metric value (`Quantity` in an Akeneo unit code) becomes the market's preferred unit,
  rounded by the unit's named rule; the source stays beside it (`LocalizedValue.source`,
  `status="converted"`, `extra.rule`), `display` is the CLDR form in the market locale.
  Feeds carry Akeneo unit codes; units Akeneo has no code for (US customary volumes) are
  written as `US_FLUID_OUNCE`, `US_PINT`, `US_QUART`, `US_GALLON` (see `units.akeneo_pint`).
- a price collection becomes one `Money` in the market currency (see `prices.market`):
  the PIM's own price in that currency as is, else converted with the run's ONE rates date,
  VAT-restated when configured, and put on a price point; `display` is the CLDR form.
- quantities in copy follow the market's text policy (`convert` | `both` | `keep`), but only
  AFTER translation (`QuantitiesInCopy`, run right after the translate stage): the source is
  translated as written, so the translation memory matches it and en-US and en-GB share one
  translation; then the quantities of the market's copy (translated, from memory, or held by
  the PIM in the market's language) are converted in that language (`Weight: 5.5 lb`). The
  translate stage writes the numbers of protected quantities in the target's conventions
  (`2,5 kg` -> `2.5 kg`), so the copy is parsed in the market's locale.

Bad data never raises: unknown unit codes, NaN, negative weights, prices with more decimals
than the currency has, unknown currencies and missing rates for a PIM currency become
`block` findings naming product, field and value (the gate withholds the record). A market
currency the rates do not have is a run error (`RateError`), because every record needs it.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from ..model import Finding, LocalizedRecord, LocalizedValue, Money, Quantity, format_decimal
from ..prices.rates import RunRates
from .base import Batch, RunContext, Stage

STAGE = "convert"
_ABSOLUTE_ZERO = {"CELSIUS": Decimal("-273.15"), "FAHRENHEIT": Decimal("-459.67"), "KELVIN": Decimal(0),
                  "RANKINE": Decimal(0), "REAUMUR": Decimal("-218.52")}


class ConvertStage(Stage):
    name = "convert"

    def __init__(self) -> None:
        self.units: dict[str, Any] = {}
        self.prices: dict[str, Any] = {}
        self.counts: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self._rates: RunRates | None = None
        self._families: dict[str, str] = {}
        self._ctx: RunContext | None = None
        self._source_locale = ""
        self._source_units: Any = None
        self._deliberate: dict[str, frozenset[str]] = {}
        self.kinds: dict[str, Any] = {}

    # ------------------------------------------------------------------ lifecycle

    def open(self, ctx: RunContext) -> None:
        from ..prices.market import market_prices
        from ..units.conventions import market_units

        self._ctx = ctx
        units_cfg = ctx.config.settings.units.raw
        prices_cfg = ctx.config.settings.prices.raw
        self._rates = RunRates.from_settings(prices_cfg, ctx.config.resolve, ctx.state_dir)
        from ..model import to_bcp47

        source_locale = to_bcp47(ctx.config.source.locale)
        self._source_locale = source_locale
        self._source_units = self._units_of_locale(source_locale, units_cfg)
        for market in ctx.markets:
            self.units[market.code] = market_units(market.locale, market.country, units_cfg,
                                                   market.settings.get("units"))
            self.prices[market.code] = market_prices(market.locale, market.country, market.currency, prices_cfg,
                                                     market.settings.get("prices"), self._dated_rates)
        catalog = ctx.catalog
        from ..units.kinds import KindResolver

        for market in ctx.markets:
            self.kinds[market.code] = KindResolver(self.units[market.code].kinds, catalog)
        attributes = getattr(catalog, "attributes", None) or {}
        for code, info in dict(attributes).items():
            if getattr(info, "metric_family", None):
                self._families[code] = info.metric_family
        self._families.update(units_cfg.get("attribute_families") or {})

    @staticmethod
    def _units_of_locale(locale: str, units_cfg: Any) -> Any:
        """The unit conventions of the source's own market (None when its locale has no region)."""
        from ..errors import ConfigError
        from ..units.conventions import market_units
        from ..units.formatting import babel_locale

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
        and price settings are part of the config, which every record's hash holds already."""
        if self._rates is None:
            self._rates = RunRates(None)
        return self._rates.fingerprint(m.currency for m in self.prices.values() if hasattr(m, "currency"))

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
        for record in batch.active():
            units = self.units[record.market.code]
            prices = self.prices[record.market.code]
            for code in list(record.values):
                value = record.values[code]
                data = value.data
                if isinstance(data, Quantity):
                    self._metric(record, code, value, units)
                elif isinstance(data, tuple) and data and all(isinstance(m, Money) for m in data):
                    self._price(record, code, value, prices)

    def process_copy(self, batch: Batch, ctx: RunContext) -> None:
        """Quantities in the market's copy, once it is in the market's language (after translation)."""
        for record in batch.active():
            units = self.units[record.market.code]
            if units.text_policy == "keep":
                continue
            for code, value in record.values.items():
                if isinstance(value.data, str) and _in_market_language(value):
                    self._text(record, code, value, units)

    def _finding(self, record: LocalizedRecord, code: str, field: str, message: str, matched: str,
                 severity: str = "block") -> None:
        self.findings[code] += 1
        record.add_finding(Finding(
            code=code, severity=severity,  # type: ignore[arg-type]
            message=f"{record.identifier}: {field}: {message}", product=record.identifier,
            market=record.market.code, field=field, locale=record.market.locale, matched=matched,
            stage=STAGE,
        ))

    def _metric(self, record: LocalizedRecord, field: str, value: LocalizedValue, units: Any) -> None:
        from ..units.akeneo_pint import NON_NEGATIVE_FAMILIES, spec_for
        from ..units.formatting import format_quantity
        from ..units.registry import UnitError

        quantity: Quantity = value.data  # type: ignore[assignment]
        shown = f"{format_decimal(quantity.amount) if quantity.amount.is_finite() else quantity.amount} {quantity.unit}"
        family = self._families.get(field)
        spec = spec_for(quantity.unit, family)
        if spec is None:
            from ..akeneo_units import unit_hint

            self._finding(record, "unit-unknown", field,
                          f"unknown unit code {quantity.unit!r} in {shown!r}; {unit_hint(quantity.unit, family)}", shown)
            return
        if not quantity.amount.is_finite():
            self._finding(record, "quantity-invalid", field, f"{shown!r} is not a number", shown)
            return
        if quantity.amount < 0 and spec.family in NON_NEGATIVE_FAMILIES:
            self._finding(record, "quantity-negative", field,
                          f"{shown!r}: a {spec.family.lower()} cannot be negative", shown)
            return
        if spec.family == "Temperature" and quantity.amount < _ABSOLUTE_ZERO.get(spec.code, Decimal("-1e9")):
            self._finding(record, "quantity-invalid", field, f"{shown!r} is below absolute zero", shown)
            return
        kind = None
        if field not in units.attribute_targets and field not in units.keep_attributes:
            kind = self.kinds[record.market.code].for_value(record, field, spec.family)
        try:
            if kind is not None:
                converted = units.convert_kind(quantity.amount, quantity.unit, spec.family, kind)
            else:
                converted = units.convert(quantity.amount, quantity.unit, spec.family, attribute=field)
        except UnitError as exc:
            self._finding(record, "unit-not-convertible", field, f"{shown!r}: {exc.message}", shown)
            return
        locale = record.market.locale
        if kind is not None:
            value.extra = {**value.extra, "kind": kind.name}
            self.counts[f"kind_{kind.name}"] += 1
        if converted.unit == quantity.unit and converted.amount == quantity.amount:
            value.display = format_quantity(quantity.amount, quantity.unit, locale, family=spec.family)
            self.counts["metric_kept"] += 1
            return
        record.values[field] = LocalizedValue(
            data=Quantity(converted.amount, converted.unit),
            source=value.source if value.source is not None else quantity,
            status="converted",
            translatable=False,
            display=format_quantity(converted.amount, converted.unit, locale, family=spec.family),
            extra={**value.extra, "rule": converted.rule, "from": shown, **({"kind": kind.name} if kind else {})},
        )
        self.counts["metric_converted"] += 1

    def _price(self, record: LocalizedRecord, field: str, value: LocalizedValue, prices: Any) -> None:
        from ..prices.pricepoints import known_currencies, minor_units
        from ..prices.rates import RateError

        collection: tuple[Money, ...] = value.data  # type: ignore[assignment]
        valid: list[Money] = []
        known = known_currencies()
        for money in collection:
            shown = f"{format_decimal(money.amount) if money.amount.is_finite() else money.amount} {money.currency}"
            if money.currency not in known:
                self._finding(record, "currency-unknown", field,
                              f"{money.currency!r} in {shown!r} is not an ISO 4217 currency code", shown)
            elif not money.amount.is_finite() or money.amount < 0:
                self._finding(record, "price-invalid", field, f"{shown!r} is not a valid price", shown)
            else:
                digits = minor_units(money.currency)
                exponent = money.amount.normalize().as_tuple().exponent
                if isinstance(exponent, int) and -exponent > digits:
                    used_as_is = money.currency == prices.currency and not prices.convert_existing
                    self._finding(record, "price-decimals", field,
                                  f"{shown!r} has more decimals than {money.currency} has ({digits})", shown,
                                  "block" if used_as_is else "review")
                    if used_as_is:
                        continue
                valid.append(money)
        if not valid:
            return
        needs_rate = all(m.currency != prices.currency for m in valid) or prices.convert_existing
        if needs_rate:
            rates = self._dated_rates()
            if not rates.has(prices.currency):
                self._no_market_rate(record, prices.currency, rates)
        try:
            result = prices.localize(tuple(valid))
        except RateError as exc:
            source = prices.pick_source(tuple(valid))
            shown = f"{format_decimal(source.amount)} {source.currency}"
            self._finding(record, "price-rate-missing", field, exc.message, shown)
            return
        extra = {**value.extra, "rule": result.rule}
        if not result.on_point:
            rule = prices.rule
            shown = f"{format_decimal(result.source.amount)} {result.source.currency}"
            self._finding(record, "price-point-skipped", field,
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
        self.counts["price_converted" if result.how == "converted" else "price_pim"] += 1

    @staticmethod
    def _no_market_rate(record: LocalizedRecord, currency: str, rates: Any) -> None:
        """A market currency without any rate: every converted price of the market needs it, so
        the run stops with a message that names the market and what to do (exit 2)."""
        from ..prices.rates import RateError

        try:
            rates.rate(currency, "EUR")
        except RateError as exc:
            raise RateError(
                f"market {record.market.code} sells in {currency}, which has no exchange rate on "
                f"{rates.date.isoformat()}: {exc.message}",
                hint=f"{exc.hint}; or set markets[{record.market.code}].currency to a currency with a rate",
            ) from None

    def _text(self, record: LocalizedRecord, field: str, value: LocalizedValue, units: Any) -> None:
        from ..units.text import deliberate_units, rewrite_quantities

        text: str = value.data  # type: ignore[assignment]
        if not any(ch.isdigit() for ch in text):
            return
        keep: frozenset[str] = frozenset()
        if isinstance(value.source, str) and self._source_units is not None:
            keep = self._deliberate.get(value.source)  # type: ignore[assignment]
            if keep is None:
                if len(self._deliberate) > 50_000:
                    self._deliberate.clear()
                keep = self._deliberate[value.source] = deliberate_units(value.source, self._source_locale,
                                                                         self._source_units)
        kinds = self.kinds[record.market.code].for_text(record) if units.kinds else ()
        result = rewrite_quantities(text, record.market.locale, units, keep_units=keep, kinds=kinds)
        for problem in result.problems:
            self._finding(record, "quantity-not-converted", field, problem, problem.split("'")[1] if "'" in problem
                          else problem, "review")
        if not result.changed:
            return
        value.data = result.text
        value.extra = {**value.extra, "quantities": [list(r.span) for r in result.rewrites],
                       "quantities_policy": units.text_policy}
        self.counts["text_rewritten"] += 1
        self.counts["text_quantities"] += len(result.rewrites)


def _in_market_language(value: LocalizedValue) -> bool:
    """Copy now in the market's language: translated, from memory, or held by the PIM in that
    language. Untranslated or pending copy is still in the source language (and is not published
    as is); other text (codes, notes, same-language copy) is left as written."""
    return value.status in ("machine", "human", "pim")


class QuantitiesInCopy(Stage):
    """Runs right after the translate stage: converts the quantities in the market's copy."""

    name = "convert-copy"

    def __init__(self, convert: ConvertStage) -> None:
        self.convert = convert

    def process(self, batch: Batch, ctx: RunContext) -> None:
        self.convert.process_copy(batch, ctx)
