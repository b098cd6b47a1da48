"""The convert stage converts each distinct measure and price collection once per market
(its two `TextMemo`s): what it leaves in the records (values, sources, displays, extras,
findings) and its counts must equal converting every record's values on their own, for valid and
invalid values, amounts written in several ways (`1.0`, `1.00`, `1E+2`), kinds and markets."""

from __future__ import annotations

import copy
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import config_from_dict
from localize.model import LocalizedRecord, LocalizedValue, Money, Origin, Product, Quantity
from localize.report import RunReport
from localize.stages.base import Batch, RunContext, RunOptions
from localize.stages.convert import ConvertStage

MARKETS = [{"locale": "en-US"}, {"locale": "fr-FR"}, {"locale": "en-GB"}, {"locale": "de-CH"},
           {"locale": "ja-JP", "prices": {"convert_existing": True}}]
AMOUNTS = st.sampled_from([Decimal(t) for t in ("1", "1.0", "1.00", "1E+2", "100", "0", "-0", "-3", "2.5", "750",
                                                 "0.75", "1393", "-300", "NaN", "Infinity", "19.99", "19.999", "5000")])
UNITS = st.sampled_from(["GRAM", "KILOGRAM", "CENTIMETER", "MILLILITER", "LITER", "CELSIUS", "FAHRENHEIT", "INCH",
                         "BOGUS_UNIT", "KELVIN"])
CURRENCIES = st.sampled_from(["EUR", "USD", "GBP", "JPY", "XXZ", "CHF"])
FIELDS = st.sampled_from(["weight", "length", "volume", "screen_size", "temperature", "price", "msrp"])
FAMILIES = st.sampled_from(["tshirts", "wine", "tvs", None])


def _stage(tmp: Path) -> tuple[ConvertStage, RunContext]:
    config = config_from_dict({"source": {"format": "akeneo-csv", "path": str(tmp / "p.csv"), "locale": "de_DE"},
                               "markets": MARKETS, "outputs": {"dir": str(tmp / "out")}, "state": str(tmp / "state")})
    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(dry_run=True),
                     log=logging.getLogger("test"))
    stage = ConvertStage()
    stage.open(ctx)
    return stage, ctx


_VALUE = st.one_of(
    st.builds(Quantity, AMOUNTS, UNITS),
    st.lists(st.builds(Money, AMOUNTS, CURRENCIES), min_size=1, max_size=3).map(tuple),
    st.just("text"), st.none(),
)


@settings(max_examples=120, deadline=None)
@given(products=st.lists(st.tuples(FAMILIES, st.dictionaries(FIELDS, _VALUE, max_size=4)), min_size=1, max_size=8))
def test_memoised_conversions_equal_converting_every_record(tmp_path_factory: Any,
                                                            products: list[tuple[Any, dict[str, Any]]]) -> None:
    tmp = tmp_path_factory.mktemp("convert")
    fast, ctx = _stage(tmp)
    slow, _ = _stage(tmp)
    slow._metrics = None  # type: ignore[assignment]  # no memo: every value converted on its own
    slow._prices = None  # type: ignore[assignment]
    records = []
    for i, (family, values) in enumerate(products * 2):  # every product twice: the memos answer the second
        product = Product(f"P{i}", Origin("p.csv", i + 2), family=family, categories=(family or "misc",))
        for market in ctx.markets:
            records.append(LocalizedRecord(product=product, market=market, values={
                code: LocalizedValue(data, data) for code, data in values.items()}))
    twins = copy.deepcopy(records)
    fast.process(Batch([], records), ctx)
    slow.process(Batch([], twins), ctx)
    for a, b in zip(records, twins, strict=True):
        assert a.values == b.values
        assert a.findings == b.findings
    assert fast.tally.counts == slow.tally.counts and fast.tally.findings == slow.tally.findings


def test_a_repeated_measure_and_price_are_converted_once_per_market(tmp_path: Path) -> None:
    stage, ctx = _stage(tmp_path)
    calls: list[str] = []
    for market, units in stage.units.items():
        real = units.convert

        def counted(*args: Any, _real: Any = real, _market: str = market, **kwargs: Any) -> Any:
            calls.append(_market)
            return _real(*args, **kwargs)

        units.convert = counted
    records = [LocalizedRecord(product=Product(f"P{i}", Origin("p.csv", i + 2)), market=m,
                               values={"weight": LocalizedValue(Quantity(Decimal("500"), "GRAM")),
                                       "price": LocalizedValue((Money(Decimal("19.99"), "EUR"),))})
               for i in range(20) for m in ctx.markets]
    stage.process(Batch([], records), ctx)
    assert sorted(calls) == sorted(m.code for m in ctx.markets)
    us = [r for r in records if r.market.code == "en-US"]
    assert {r.values["weight"].display for r in us} == {"17.6 oz"}
    assert len({r.values["price"].display for r in us}) == 1
