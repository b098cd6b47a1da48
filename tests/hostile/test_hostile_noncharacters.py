"""Noncharacters in PIM copy are removed when read, never published (h19, found reading a hostile run's outputs).

U+FFFE (a UTF-16 byte order mark read backwards), U+FFFF and U+FDD0–U+FDEF are never interchanged; XML 1.0
cannot carry U+FFFE/U+FFFF. Before, the JSONL feed, the sheets and the Google TSV published them while the
Google XML dropped them silently (two feeds of one run disagreeing). Now the reading pass removes them with
its control characters (a warning per attribute) and a code holding one is set aside."""

from __future__ import annotations

import json
from pathlib import Path

from localize.api import run
from localize.config import load_config

PRODUCTS = """\
sku;family;categories;name-de_DE;description-de_DE;brand;price-EUR
N1;shoes;shoes;Stiefel;Text \uffff und \ufffe Ende\ufdd0;ACME;10.00
N2;shoes;shoes;Stiefel;Gut.;ACME;10.00
N\ufffe3;shoes;shoes;Stiefel;Gut.;ACME;10.00
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE}
markets: [{locale: de-DE}]
outputs: {dir: out, formats: [jsonl, csv, google-merchant-tsv, google-merchant-xml]}
translation: {engine: pseudo}
prices: {rates_date: 2024-03-15}
validate:
  google_merchant: {fields: {brand: [brand]}, link: "https://shop.example/p/{identifier}", image_link: "https://cdn.example/{identifier}.jpg"}
"""


def test_noncharacters_reach_no_output(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    report = run(load_config(tmp_path / "localize.yaml"))
    out = tmp_path / "out"
    feed = {r["identifier"]: r for r in map(json.loads, (out / "de-DE.jsonl").read_text(encoding="utf-8").splitlines())}
    assert feed["N1"]["values"]["description"] == "Text  und  Ende"
    for path in out.iterdir():
        if path.is_file() and path.name != "rejects.jsonl":
            text = path.read_text(encoding="utf-8")
            assert not any(c in text for c in "\uffff\ufffe\ufdd0"), path.name
    reject = json.loads((out / "rejects.jsonl").read_text(encoding="utf-8"))
    assert reject["line"] == 4 and "(U+FFFE)" in reject["reason"]
    assert any(w.startswith("'description': 1 value(s) hold control characters or noncharacters") for w in report.warnings)
