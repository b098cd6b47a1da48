"""Copy with no quantity to convert (`Set 3 (neu)`: a number, no unit) is searched once per text and
locale while the next records hold the same text (a product's markets of one locale, variants
sharing copy), not once per record; copy with quantities is still converted in every record."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from localize.config import config_from_dict
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.report import RunReport
from localize.stages import convert_copy
from localize.stages.base import Batch, RunContext, RunOptions
from localize.stages.convert import ConvertStage
from localize.stages.convert_copy import QuantitiesInCopy


def _stage(tmp: Path) -> tuple[QuantitiesInCopy, RunContext]:
    config = config_from_dict({"source": {"format": "akeneo-csv", "path": str(tmp / "p.csv"), "locale": "de_DE"},
                               "markets": [{"locale": "en-US"}, {"locale": "en-GB"}],
                               "outputs": {"dir": str(tmp / "out")}, "state": str(tmp / "state")})
    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(dry_run=True),
                     log=logging.getLogger("test"))
    stage = ConvertStage()
    stage.open(ctx)
    return QuantitiesInCopy(stage), ctx


def test_copy_without_quantities_is_searched_once_while_records_share_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stage, ctx = _stage(tmp_path)
    searched: list[tuple[str, str]] = []
    real = convert_copy.may_hold_quantity

    def counted(text: str, locale: str) -> Any:
        searched.append((text, locale))
        return real(text, locale)

    monkeypatch.setattr(convert_copy, "may_hold_quantity", counted)
    plain, measured = "Set 3 (new)", "Weighs 2.5 kg"
    us, gb = ctx.markets
    records = [LocalizedRecord(product=Product(f"P{i}", Origin("p.csv", i + 2)), market=market, values={
        "name": LocalizedValue(plain, "Set 3 (neu)", "machine", True),
        "description": LocalizedValue(measured, "Wiegt 2,5 kg", "machine", True)})
        for i in range(5) for market in (us, us, gb)]
    stage.process(Batch([], records), ctx)
    # the plain name: once per locale change (en-US, en-GB, then en-US again for the next product ...)
    assert searched.count((plain, "en-US")) == 5 and searched.count((plain, "en-GB")) == 5
    assert len([s for s in searched if s[0] == plain]) == 10  # not 15: the second en-US record skips it
    assert all(r.values["name"].data == plain for r in records)
    assert {r.values["description"].data for r in records if r.market is us} == {"Weighs 5.5 lb"}
    assert {r.values["description"].data for r in records if r.market is gb} == {measured}
