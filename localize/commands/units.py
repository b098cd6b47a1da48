"""`localize units convert`, `localize price`, `localize rates update|show`.

Handy for checking a market's settings and for scripts (`--json`). With `--config` the
market's settings come from a localize.yaml (units, prices, rates date, state folder);
without it, from CLDR defaults and the rates shipped with the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import UsageError
from .common import ConfigOpt, JsonOpt, MarketLocaleOpt, handle_errors, print_json


def register(app: typer.Typer) -> None:
    units_app = typer.Typer(help="Convert quantities the way a market reads them.", no_args_is_help=True)
    rates_app = typer.Typer(help="Exchange rates (ECB reference rates, dated).", no_args_is_help=True)
    units_app.command("convert")(units_convert)
    rates_app.command("update")(rates_update)
    rates_app.command("show")(rates_show)
    app.add_typer(units_app, name="units")
    app.add_typer(rates_app, name="rates")
    app.command("price")(price)


def _market(locale: str, config: Path | None) -> tuple[Any, Any]:
    """The market (from the config when given, else built from the locale) and the config."""
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..config import build_market, is_known_locale, load_config

    if config is not None:
        cfg = load_config(config)
        for market in cfg.markets:
            if locale in (market.code, market.locale):
                return market, cfg
        names = ", ".join(m.code for m in cfg.markets)
        raise UsageError(f"market {locale!r} is not in {config}", hint=f"use one of {names}")
    if not is_known_locale(locale) or "-" not in locale.replace("_", "-"):
        raise UsageError(f"--market {locale!r} is not a known locale with a region",
                         hint="use a BCP 47 tag such as en-US, de-CH, ja-JP")
    return build_market({"locale": locale.replace("_", "-")}, None), None


def units_convert(
    quantity: Annotated[str, typer.Argument(help='The quantity as written, e.g. "2,5 kg" or "10 x 20 x 5 cm".')],
    source: Annotated[str, typer.Option("--from", help="Locale the quantity is written in, e.g. de-DE.")] = "en-US",
    market: MarketLocaleOpt = "en-US",
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Convert a quantity into the market's preferred unit and print it formatted for the market."""
    with handle_errors():
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..units.conventions import market_units
        from ..units.quantities_in_text import find_quantities, rewrite_quantities

        target, cfg = _market(market, config)
        units = market_units(target.locale, target.country, cfg.settings.units.raw if cfg else None,
                             target.settings.get("units"))
        found = find_quantities(quantity, source)
        if len(found) != 1 or found[0].text.strip() != quantity.strip():
            raise UsageError(f"{quantity!r} is not one quantity in {source}",
                             hint='write a number and a unit, e.g. "2,5 kg", "3/4 in", "2–3 kg", "10 x 20 cm"')
        q = found[0]
        result = rewrite_quantities(quantity, source, units, policy="convert")
        if result.problems:
            raise UsageError(result.problems[0])
        rewrite = result.rewrites[0] if result.rewrites else None
        display = result.text if rewrite else _reformat(q, target.locale)
        data = {
            "input": quantity, "from": source, "market": target.code, "system": units.system,
            "values": [format(v, "f") for v in q.values], "unit": q.unit,
            "converted": display, "target_unit": rewrite.unit if rewrite else q.unit,
            "rule": rewrite.rule if rewrite else "none", "kind": q.kind,
        }
    if as_json:
        print_json(data)
    else:
        rule = f"  (rule {data['rule']}, {units.system} system)" if rewrite else f"  (unchanged: {target.code} reads {q.unit})"
        typer.echo(f"{display}{rule}")


def _reformat(q: Any, locale: str) -> str:
    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..units.formatting import format_number, format_quantity

    if len(q.values) == 1:
        return format_quantity(q.values[0], q.unit, locale, family=q.family)
    joiner = "–" if q.kind == "range" else " × "
    return joiner.join([format_number(v, locale) for v in q.values[:-1]]
                       + [format_quantity(q.values[-1], q.unit, locale, family=q.family)])


def price(
    amount: Annotated[str, typer.Argument(help='The price and its currency, e.g. "24.90 EUR".')],
    market: MarketLocaleOpt = "en-US",
    config: ConfigOpt = None,
    rates_date: Annotated[str | None, typer.Option("--date", help="Rates of this date (YYYY-MM-DD); default latest.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the market price of a price, with the rule that produced it."""
    with handle_errors():
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..prices.market import market_prices
        from ..prices.rates import load_rates, parse_day

        target, cfg = _market(market, config)
        money = _parse_money(amount)
        prices_cfg = cfg.settings.prices.raw if cfg else {}
        day = parse_day(rates_date or prices_cfg.get("rates_date"))
        state = cfg.state_dir if cfg else Path(".localize")
        rates_file = cfg.resolve(prices_cfg["rates_file"]) if cfg and prices_cfg.get("rates_file") else None
        extra = tuple(cfg.resolve(x) for x in prices_cfg.get("extra_rates") or ()) if cfg else ()
        table = load_rates(state, rates_file, extra)
        dated = table.on(day)
        policy = market_prices(target.locale, target.country, target.currency, prices_cfg,
                               target.settings.get("prices"), lambda: dated)
        result = policy.convert(money) if money.currency != target.currency else policy.localize((money,))
        data = {"input": amount, "market": target.code, **result.to_dict(), "rates_source": table.source}
    if as_json:
        print_json(data)
        return
    typer.echo(result.display)
    for step in result.steps:
        typer.echo(f"  {step}")


def _parse_money(text: str) -> Any:
    # start-up cost: loaded when the command runs, not for `localize --help`
    import re
    from decimal import Decimal, InvalidOperation

    # start-up cost: loaded when the command runs, not for `localize --help`
    from ..model import Money
    from ..prices.pricepoints import known_currencies

    match = re.fullmatch(r"\s*([A-Za-z]{3})?\s*([0-9][0-9.,]*)\s*([A-Za-z]{3})?\s*", text)
    if not match or bool(match.group(1)) == bool(match.group(3)):
        raise UsageError(f"{text!r} is not a price", hint='write an amount and an ISO currency code, e.g. "24.90 EUR"')
    currency = (match.group(1) or match.group(3)).upper()
    if currency not in known_currencies():
        raise UsageError(f"{currency!r} is not an ISO 4217 currency code", hint="use a code such as EUR, USD, CHF, JPY")
    number = match.group(2)
    if "," in number and "." not in number:
        number = number.replace(",", ".")
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        raise UsageError(f"{text!r} is not a price") from None
    return Money(value, currency)


def rates_update(
    source: Annotated[str, typer.Argument(help="ECB eurofxref file (CSV, ZIP or XML), its http(s) URL, or a plain "
                                                "CSV date,currency,rate (units per 1 EUR).")],
    config: ConfigOpt = None,
    state: Annotated[Path | None, typer.Option("--state", help="State folder (default: the config's, else .localize).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Load newer ECB reference rates (or rates of other currencies) into the state folder, merged
    day by day and currency by currency with what is there."""
    with handle_errors():
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..config import load_config
        from ..prices.rates import update_rates

        folder = state or (load_config(config).state_dir if config else Path(".localize"))
        result = update_rates(source, folder)
        data = {"path": str(result.path), "added": result.added, "replaced": result.replaced,
                "first": result.first.isoformat(), "last": result.last.isoformat(), "currencies": result.currencies}
    if as_json:
        print_json(data)
    else:
        typer.echo(f"rates updated: {result.added} new day(s), {result.replaced} replaced; "
                   f"{result.first.isoformat()} to {result.last.isoformat()}, {result.currencies} currencies -> {result.path}")


def rates_show(
    config: ConfigOpt = None,
    state: Annotated[Path | None, typer.Option("--state", help="State folder (default: the config's, else .localize).")] = None,
    rates_date: Annotated[str | None, typer.Option("--date", help="Show the rates of this date (YYYY-MM-DD).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the rates a run would use: their date, source and values per EUR."""
    with handle_errors():
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..config import load_config
        from ..prices.rates import load_rates, parse_day

        cfg = load_config(config) if config else None
        prices_cfg = cfg.settings.prices.raw if cfg else {}
        folder = state or (cfg.state_dir if cfg else Path(".localize"))
        rates_file = cfg.resolve(prices_cfg["rates_file"]) if cfg and prices_cfg.get("rates_file") else None
        extra = tuple(cfg.resolve(x) for x in prices_cfg.get("extra_rates") or ()) if cfg else ()
        table = load_rates(folder, rates_file, extra)
        dated = table.on(parse_day(rates_date or prices_cfg.get("rates_date")))
        data = {"date": dated.date.isoformat(), "source": table.source, "first": table.first.isoformat(),
                "last": table.last.isoformat(),
                "rates": {c: format(v, "f") for c, v in sorted(dated.per_eur.items()) if c != "EUR"}}
        # start-up cost: loaded when the command runs, not for `localize --help`
        from ..prices.rates import currency_pegs

        pegged = {c: dated.describe(c) for c in sorted(currency_pegs()) if c not in dated.per_eur and dated.has(c)}
        data["pegged"] = {c: {"rate": format(dated.per_eur[c], "f"), "how": how} for c, how in pegged.items()}
    if as_json:
        print_json(data)
        return
    typer.echo(f"ECB reference rates of {data['date']} (1 EUR =), from {data['source']}; "
               f"available {data['first']} to {data['last']}")
    for currency, value in data["rates"].items():
        typer.echo(f"  {currency}  {value}")
    for currency, item in data["pegged"].items():
        typer.echo(f"  {currency}  {item['rate']}  ({item['how']})")
