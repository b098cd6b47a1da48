"""A run serialises each checked record once: the QA check's feed-line data is what the runner
writes (with the findings as they are at the end), byte for byte the line `record_to_dict` gives,
also after the gate applied a reviewer's decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_qa_run_roundtrip import project

from localize import serialize
from localize.api import run
from localize.config import build_market, load_config
from localize.model import Finding, LocalizedRecord, LocalizedValue, Origin, Product
from localize.serialize import dumps_bytes, record_to_dict
from localize.stages import qa, qa_data


def test_a_run_serialises_each_checked_record_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    original = serialize.record_to_dict

    def counted(record: LocalizedRecord) -> dict[str, Any]:
        made.append(f"{record.market.code}/{record.identifier}")
        return original(record)

    for module in (qa, qa_data):
        monkeypatch.setattr(module, "record_to_dict", counted)
    from localize.pipeline import runner
    monkeypatch.setattr(runner, "record_to_dict", counted, raising=False)
    report = run(load_config(project(tmp_path)))
    assert report.markets["de-DE"].read == 3
    # 3 records x 2 markets, each serialised by the check and written from that data
    assert sorted(made) == sorted(f"{m}/{sku}" for m in ("de-DE", "en-US") for sku in ("BOOT-1", "BOOT-2", "TENT-1"))
    lines = (tmp_path / "out" / "de-DE.jsonl").read_bytes().splitlines()
    assert lines and all(b'"identifier"' in line for line in lines)


def test_the_line_from_the_shared_data_is_the_record_s_line() -> None:
    record = LocalizedRecord(Product("P1", Origin("test", 1)), build_market({"locale": "de-DE"}, None), "en-US")
    record.values["name"] = LocalizedValue("Stiefel", "Boots", "machine", True)
    record.items[qa_data.FEED_DATA] = record_to_dict(record)
    # findings the QA check and the gate add after the data was built
    record.add_finding(Finding(code="number-mismatch", severity="review", message="m", product="P1", market="de-DE"))
    expected = dumps_bytes(record_to_dict(record))
    assert qa_data.feed_line(record) == expected
    assert qa_data.FEED_DATA not in record.items  # taken off: not carried to a driver or kept
    assert qa_data.feed_line(record) == expected  # without data: serialised afresh
