"""U+2028/U+2029 in copy (PIM text pasted from web pages and Word) in the CSV files a run writes. JSON was
fixed in h19 (escaped); before (a8c3c63) every CSV carried the characters raw and unquoted, so
`str.splitlines` and line-based tools cut a product's row in two, and a spreadsheet shows U+2028 as nothing
(the words run together). A CSV cell's line break is a line feed inside quotes: that is what is written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from localize.api import run
from localize.config import load_config
from localize.stages import RunOptions

PRODUCTS = ("sku;name-en_US;description-en_US\n"
            "A-1;Kettle;\"Fast kettle\u2028Boils in 2 minutes\u2029Stainless steel\"\n"
            "A-2;Mug;Plain mug\n")


def test_csv_outputs_write_line_separators_as_a_line_break_in_a_quoted_cell(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    config = tmp_path / "localize.yaml"
    config.write_text("""
source: {format: akeneo-csv, path: products.csv, locale: en_US}
markets: [{locale: en-GB}]
outputs: {dir: out, formats: [jsonl, csv]}
""", encoding="utf-8")
    run(load_config(config), RunOptions(engine="pseudo"))
    out = tmp_path / "out"
    sheets = sorted(out.glob("*.csv"))
    assert [p.name for p in sheets] == ["en-GB.csv"], sheets
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8-sig")
        assert "\u2028" not in text and "\u2029" not in text, sheet.name
        cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=";" if ";" in text.split("\n")[0]
                                         else ",") for c in row]
        assert "Fast kettle\nBoils in 2 minutes\nStainless steel" in cells
        assert len(text.splitlines()) == 5  # header, A-1 on three lines inside its quotes, A-2
    feed = (out / "en-GB.jsonl").read_text(encoding="utf-8")
    assert "\\u2028" in feed and len(feed.splitlines()) == 2  # JSON keeps the character, escaped (h19)
    assert json.loads(feed.splitlines()[0])["values"]["description"] == "Fast kettle\u2028Boils in 2 minutes\u2029Stainless steel"
