"""`validate --source` without a config compares only what is comparable; --source repeats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from localize.qa.sources import comparable, load_sources


def write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def catalogue(tmp_path: Path) -> tuple[Path, Path]:
    models = write(tmp_path / "models.csv", [
        ["code", "family_variant", "description-de_DE-ecommerce", "description-de_DE-print", "material"],
        ["Model-Pan", "pans_by_size", "Robuste Pfanne aus Gusseisen.", "Druckfassung.", "cast_iron"],
    ])
    products = write(tmp_path / "products.csv", [
        ["sku", "parent", "name-de_DE", "weight", "weight-unit", "waterproof", "picture", "color", "note"],
        ["PAN-28", "model-pan", "Pfanne 28 cm", "2.4", "KILOGRAM", "1", "files/pan/28.jpg", "black",
         "Nur für Gas und Induktion geeignet"],
    ])
    return models, products


def feed(tmp_path: Path) -> Path:
    """Our JSONL feed line; the values were not sent through this run's source (no `source`/`status` entry)."""
    line = {"identifier": "PAN-28", "market": "en-GB", "locale": "en-GB", "channel": "ecommerce", "source_locale": "de-DE",
            "country": "GB", "currency": "GBP", "family": None, "parent": "model-pan", "categories": [],
            "enabled": True, "source": {}, "status": {}, "findings": [],
            "values": {"name": "Pan 28 cm", "description": "Sturdy cast-iron pan.",
                       "weight": {"amount": "2.4", "unit": "KILOGRAM"}, "waterproof": True,
                       "picture": "files/pan/28.jpg", "color": "black", "material": "cast_iron",
                       "note": "Nur für Gas und Induktion geeignet"}}
    path = tmp_path / "en-GB.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def test_only_copy_is_comparable() -> None:
    assert comparable("Bluse", True) and comparable("Nur für Gas geeignet", False)
    for value in ("2.4", "1", "true", "2024-05-01", "500 GRAM", "10.00 EUR, 12.00 USD", "files/pan/28.jpg",
                  "pan.jpg", "https://x.example/a", "cast_iron", "copy,print"):
        assert not comparable(value, False), value
    assert not comparable("files/a/b.png", True)


def test_models_and_products_merge_case_insensitively(tmp_path: Path) -> None:
    models, products = catalogue(tmp_path)
    texts = load_sources([models, products], "de_DE", channel="ecommerce")
    assert texts["PAN-28"] == {"name": "Pfanne 28 cm", "description": "Robuste Pfanne aus Gusseisen.",
                               "note": "Nur für Gas und Induktion geeignet"}


def test_validate_without_config_compares_only_copy(tmp_path: Path) -> None:
    models, products = catalogue(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "localize", "validate", str(feed(tmp_path)), "--market", "en-GB",
                           "--source", str(models), "--source", str(products), "--source-locale", "de_DE",
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    found = sorted((f["code"], f["field"]) for f in report["findings"])
    # the note left in German is found; weight, flag, picture, option codes are not compared
    assert found == [("untranslated", "note")], report["findings"]
    assert proc.returncode == 0
