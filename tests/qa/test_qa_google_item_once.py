"""A run builds each record's Google item once: the QA check builds it, the TSV and XML writers
reuse it (same settings object), and a changed record or a copy builds its own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_qa_run_roundtrip import project

from localize.api import run
from localize.channels.google_merchant import items
from localize.config import build_market, load_config
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.qa.settings import build_settings


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    original = items.item_fields

    def counted(record: LocalizedRecord, settings: Any) -> dict[str, str]:
        built.append(f"{record.market.code}/{record.identifier}")
        return original(record, settings)

    monkeypatch.setattr(items, "item_fields", counted)
    return built


def test_a_run_builds_each_google_item_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _counting(monkeypatch)
    report = run(load_config(project(tmp_path)))
    # 3 records x 2 markets, each checked once; the TSV and XML writers take the checked item
    assert sorted(built) == sorted(f"{m}/{sku}" for m in ("de-DE", "en-US") for sku in ("BOOT-1", "BOOT-2", "TENT-1"))
    assert report.markets["de-DE"].outputs["google-merchant-tsv"] == {"written": 2, "withheld": 1}
    tsv = (tmp_path / "out" / "google-de-DE.tsv").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in tsv] == ["id", "BOOT-1", "TENT-1"]


def _record() -> LocalizedRecord:
    record = LocalizedRecord(Product("P1", Origin("test", 1)), build_market({"locale": "de-DE"}, None), "de-DE")
    record.values["name"] = LocalizedValue("Wanderschuh", None)
    return record


def test_the_item_is_kept_per_settings_and_dropped_with_the_record_copy() -> None:
    settings = build_settings({"google_merchant": {"link": "https://s.example/{identifier}"}}).google_merchant
    other = replace(settings, bullet="- ")
    record = _record()
    item = items.google_item(record, settings)
    assert item["title"] == "Wanderschuh"
    assert items.google_item(record, settings) is item  # reused
    assert items.google_item(record, other) is not item  # other settings: built for them
    copy = replace(record, values={"name": LocalizedValue("Bergschuh", None)})
    assert copy.items == {} and items.google_item(copy, settings)["title"] == "Bergschuh"
    record.values["name"] = LocalizedValue("Trekkingschuh", None)
    record.items.clear()  # what the gate does when a reviewer's edit changes the record
    assert items.google_item(record, settings)["title"] == "Trekkingschuh"
