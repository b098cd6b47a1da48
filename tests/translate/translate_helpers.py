"""Building configs, records and a run context for the translate tests (no reader needed)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from localize.config import config_from_dict
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.report import RunReport
from localize.stages.base import Batch, RunContext, RunOptions
from localize.stages.translate import TranslateStage


def make_config(tmp_path: Path, markets: tuple[str, ...] = ("en-US", "fr-FR"), translation: dict[str, Any] | None = None,
                **extra: Any):
    data: dict[str, Any] = {
        "source": {"format": "akeneo-csv", "path": "products.csv", "locale": "de_DE", **extra.pop("source", {})},
        "markets": [m if isinstance(m, dict) else {"locale": m} for m in markets],
        "state": str(tmp_path / "state"),
    }
    if translation is not None:
        data["translation"] = translation
    data.update(extra)
    return config_from_dict(data, base_dir=tmp_path)


def make_product(identifier: str, categories: tuple[str, ...] = ("pans",)) -> Product:
    return Product(identifier=identifier, origin=Origin("products.csv", 2), family="kitchen", categories=categories)


def make_records(product: Product, config: Any, values: dict[str, str], *, status: str = "untranslated",
                 translatable: bool = True) -> list[LocalizedRecord]:
    records = []
    for market in config.markets:
        lvs = {
            attr: LocalizedValue(data=text, source=text, status=status, translatable=translatable)
            for attr, text in values.items()
        }
        records.append(LocalizedRecord(product=product, market=market, source_locale="de-DE", values=lvs,
                                       categories=product.categories))
    return records


def make_batch(config: Any, products: dict[str, dict[str, str]], **kwargs: Any) -> Batch:
    prods = []
    records = []
    for identifier, values in products.items():
        product = make_product(identifier)
        prods.append(product)
        records.extend(make_records(product, config, values, **kwargs))
    return Batch(products=prods, records=records)


def make_ctx(config: Any, **options: Any) -> RunContext:
    return RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(**options),
                      log=logging.getLogger("test"))


def run_stage(ctx: RunContext, *batches: Batch) -> TranslateStage:
    stage = TranslateStage()
    stage.open(ctx)
    try:
        for batch in batches:
            stage.process(batch, ctx)
    finally:
        stage.close(ctx)
    return stage


def deepl_settings(server: Any, **extra: Any) -> dict[str, Any]:
    """A `translation:` section pointing at the test server with fast timeouts."""
    return {"engine": "deepl", "server_url": server.url, "timeout": 2, "client_retries": 1, "retry_backoff": 0.01,
            **extra}


def value_of(batch: Batch, identifier: str, market: str, attribute: str) -> LocalizedValue:
    for record in batch.records:
        if record.identifier == identifier and record.market.code == market:
            return record.values[attribute]
    raise KeyError((identifier, market, attribute))


def record_of(batch: Batch, identifier: str, market: str) -> LocalizedRecord:
    return next(r for r in batch.records if r.identifier == identifier and r.market.code == market)
