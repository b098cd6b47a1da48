"""The real Akeneo demo catalog (../shared) reads completely, with values and units correct."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from localize.api import build_config, run
from localize.attributes import AttributeCatalog
from localize.config import SourceConfig
from localize.model import Money, Product, Quantity
from localize.readers import open_reader
from localize.stages import RunOptions

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def icecat(shared_data: Path) -> Path:
    return shared_data / "akeneo" / "icecat_demo_dev_2017"


def test_icecat_products_read_completely_with_attribute_definitions(icecat: Path) -> None:
    path = icecat / "products.csv"
    catalog = AttributeCatalog.load(icecat / "attributes.csv")
    items = list(open_reader(path, SourceConfig("akeneo-csv", (path,), "en_US"), catalog))
    rejects = [i for i in items if not isinstance(i, Product)]
    assert rejects == []
    products = {p.identifier: p for p in items if isinstance(p, Product)}
    assert len(products) == 1121
    tshirt = products["AKNTS_BPXS"]
    assert tshirt.family == "tshirts" and tshirt.categories == ("tshirts", "goodies")
    assert tshirt.get("price") == (Money(Decimal("10.00"), "EUR"), Money(Decimal("14.00"), "USD"))
    assert tshirt.get("description", "fr_FR", "print") == "T-Shirt Akeneo manches courtes"
    assert tshirt.get("tshirt_style") == ("crewneck", "short_sleeve")
    weighed = [p for p in products.values() if p.get("weight") is not None]
    assert len(weighed) == 56
    assert all(isinstance(p.get("weight"), Quantity) for p in weighed)
    diagonals = {p.get("display_diagonal").unit for p in products.values() if p.get("display_diagonal") is not None}  # type: ignore[union-attr]
    assert diagonals <= {"INCH", "CENTIMETER", "MILLIMETER"} and diagonals


def test_icecat_runs_end_to_end_with_none_rejected(icecat: Path, tmp_path: Path) -> None:
    cfg = build_config(sources=[icecat / "products.csv"], source_locale="en_US", channel="print",
                       markets=["de-DE", "fr-FR"], out=tmp_path / "out")
    report = run(cfg, RunOptions(engine="pseudo"))
    assert report.exit_code == 0 and report.rejects == 0
    de = report.markets["de-DE"]  # the shipped rule packs withhold flagged products for review
    assert de.written + de.withheld == 1121 and de.written > 800
    feed = [json.loads(line) for line in (tmp_path / "out" / "fr-FR.jsonl").read_text(encoding="utf-8").splitlines()]
    queue = [json.loads(line) for line in (tmp_path / "out" / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    withheld_de = [r for r in queue if r["market"] == "de-DE" and r.get("withheld")]
    assert len(withheld_de) == de.withheld
    for record in withheld_de:  # nothing withheld without an open finding a reviewer can act on
        assert any(f["severity"] in ("review", "block") and not f.get("decision") for f in record["findings"]), record
    feed += [r for r in queue if r["market"] == "fr-FR"]  # withheld for review, not lost
    reused = [r for r in feed if r["status"].get("description") == "pim"]
    assert len(reused) == 493  # products whose print description the PIM already holds in fr_FR
