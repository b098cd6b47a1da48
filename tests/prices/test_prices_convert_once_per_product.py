"""A product's records for every market hold the same measure and price objects: the convert stage
works out what no market changes about them (valid or not, the unit's spec, the amounts as written)
once per object, and gives every value converted from the same outcome one shared, frozen extra.
What it leaves is what converting each record's own copy of the values gives."""

from __future__ import annotations

import copy
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from localize.config import config_from_dict
from localize.model import FrozenExtra, LocalizedRecord, LocalizedValue, Money, Origin, Product, Quantity
from localize.report import RunReport
from localize.stages import convert, convert_units
from localize.stages.base import Batch, RunContext, RunOptions
from localize.stages.convert import ConvertStage

MARKETS = [{"locale": "en-US"}, {"locale": "fr-FR"}, {"locale": "en-GB"}]
MEASURES = [Quantity(Decimal("500"), "GRAM"), Quantity(Decimal("79.4"), "CENTIMETER"), Quantity(Decimal("NaN"), "GRAM"),
            Quantity(Decimal("-3"), "GRAM"), Quantity(Decimal("2.50"), "BOGUS_UNIT"), Quantity(Decimal("1.0"), "LITER")]
PRICES = [(Money(Decimal("19.99"), "EUR"),), (Money(Decimal("5"), "USD"), Money(Decimal("4.50"), "EUR")),
          (Money(Decimal("1.999"), "EUR"),), (Money(Decimal("3"), "XXZ"),)]


def _stage(tmp: Path) -> tuple[ConvertStage, RunContext]:
    config = config_from_dict({"source": {"format": "akeneo-csv", "path": str(tmp / "p.csv"), "locale": "de_DE"},
                               "markets": MARKETS, "outputs": {"dir": str(tmp / "out")}, "state": str(tmp / "state")})
    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(dry_run=True),
                     log=logging.getLogger("test"))
    stage = ConvertStage()
    stage.open(ctx)
    return stage, ctx


def _records(ctx: RunContext, count: int) -> list[LocalizedRecord]:
    """`count` products, each with one record per market holding the same value objects (as the builder does)."""
    records = []
    for i in range(count):
        product = Product(f"P{i}", Origin("p.csv", i + 2), family="mugs")
        weight, price = MEASURES[i % len(MEASURES)], PRICES[i % len(PRICES)]
        options = ("red", "blue")
        for market in ctx.markets:
            records.append(LocalizedRecord(product=product, market=market, values={
                "weight": LocalizedValue(weight, weight), "price": LocalizedValue(price, price),
                "colors": LocalizedValue(options, options), "name": LocalizedValue("Becher", "Becher")}))
    return records


def test_a_products_measure_and_prices_are_worked_out_once_for_all_markets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stage, ctx = _stage(tmp_path)
    specs: list[str] = []
    keys: list[Any] = []
    real_spec, real_key = convert_units.spec_for, convert.price_key
    monkeypatch.setattr(convert_units, "spec_for", lambda code, family=None: specs.append(code) or real_spec(code, family))
    monkeypatch.setattr(convert, "price_key", lambda collection: keys.append(collection) or real_key(collection))
    records = _records(ctx, 12)
    stage.process(Batch([], records), ctx)
    valid = [m for m in MEASURES if m.amount.is_finite() and m.amount >= 0 and m.unit != "BOGUS_UNIT"]
    # valid measures: once per product (not per market); invalid ones are looked at in every market
    assert len(specs) == sum(1 if MEASURES[i % len(MEASURES)] in valid else len(MARKETS) for i in range(12))
    assert len(keys) == 12  # one price key per product, not one per record


def test_what_it_leaves_equals_converting_each_records_own_values(tmp_path: Path) -> None:
    shared_stage, ctx = _stage(tmp_path)
    own_stage, _ = _stage(tmp_path)
    shared = _records(ctx, 24)
    own = [copy.deepcopy(r) for r in shared]  # each record its own value objects: nothing found by identity
    shared_stage.process(Batch([], shared), ctx)
    own_stage.process(Batch([], own), ctx)
    for a, b in zip(shared, own, strict=True):
        assert a.values == b.values
        assert a.findings == b.findings
    assert shared_stage.tally.counts == own_stage.tally.counts
    assert shared_stage.tally.findings == own_stage.tally.findings
    assert shared_stage.tally.counts["metric_converted"] and shared_stage.tally.counts["price_converted"]


def test_values_converted_alike_share_one_frozen_extra(tmp_path: Path) -> None:
    stage, ctx = _stage(tmp_path)
    records = _records(ctx, 24)
    stage.process(Batch([], records), ctx)
    us = [r for r in records if r.market.code == "en-US" and r.product.identifier in ("P0", "P6", "P12", "P18")]
    weights = {id(r.values["weight"].extra) for r in us}
    assert len(weights) == 1 and type(us[0].values["weight"].extra) is FrozenExtra
    assert us[0].values["weight"].extra["from"] == "500 GRAM"
    prices = [r.values["price"] for r in records if r.market.code == "en-US" and r.product.identifier in ("P0", "P4")]
    assert prices[0].extra is prices[1].extra and type(prices[0].extra) is FrozenExtra
    with pytest.raises(TypeError):
        prices[0].extra["rule"] = "changed"  # type: ignore[index]
    # a value with details of its own keeps them, in a dict of its own
    mine = LocalizedRecord(product=Product("X", Origin("p.csv", 99)), market=ctx.markets[0], values={
        "weight": LocalizedValue(MEASURES[0], MEASURES[0], extra={"taxonomy": {"attribute": "weight"}})})
    stage.process(Batch([], [mine]), ctx)
    extra = mine.values["weight"].extra
    assert type(extra) is dict and extra["taxonomy"] == {"attribute": "weight"} and extra["from"] == "500 GRAM"
