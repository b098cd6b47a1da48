"""The runner works out a record's withheld outputs once (route, then publish with them), and only
for a record with findings; what it writes is what it wrote when publish worked them out again."""

from __future__ import annotations

from pathlib import Path

import core_catalogue as cat
import pytest

from localize.api import run
from localize.config import load_config
from localize.model import LocalizedRecord
from localize.pipeline.runner import Pipeline


def project(tmp_path: Path) -> Path:
    cat.write_akeneo_csv(tmp_path / "products.csv")
    cat.write_attributes(tmp_path / "attributes.csv")
    config = tmp_path / "localize.yaml"
    config.write_text("""
source:
  format: akeneo-csv
  path: products.csv
  locale: de_DE
  channel: ecommerce
  attributes: attributes.csv
markets:
  - locale: de-DE
  - locale: en-US
outputs:
  dir: out
  formats: [jsonl, csv]
batch_size: 2
""", encoding="utf-8")
    return config


def test_withheld_outputs_are_worked_out_once_per_routed_record_with_findings(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    routed: list[LocalizedRecord] = []
    original = LocalizedRecord.withheld_outputs
    route = Pipeline._route

    def counting(self: LocalizedRecord) -> frozenset[str]:
        calls.append(self.identifier)
        return original(self)

    def watched(self: Pipeline, record: LocalizedRecord, outputs: object) -> None:
        if record.rejected is None and not record.pending:
            routed.append(record)
        route(self, record, outputs)  # type: ignore[arg-type]

    monkeypatch.setattr(LocalizedRecord, "withheld_outputs", counting)
    monkeypatch.setattr(Pipeline, "_route", watched)
    report = run(load_config(project(tmp_path)))
    with_findings = [r.identifier for r in routed if r.findings]
    # both kinds were routed: de-DE's records need no translation, en-US's are untranslated (no engine)
    assert routed and with_findings and len(with_findings) < len(routed)
    assert sorted(calls) == sorted(with_findings)  # main: twice for some, and once for every record without
    assert sum(c.written + c.withheld for c in report.markets.values()) == len(routed)
