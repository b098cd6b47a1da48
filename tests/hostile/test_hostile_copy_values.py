"""Copy that is dangerous without any tag: a script URL as a whole value, terminal escape sequences.

Found by running every output of a hostile catalogue: an `image` text attribute holding
`javascript:alert(1)` (also ` java\\tscript:…`, `&#106;avascript:…`) and a brand, option label or
name holding ESC sequences (`\\x1b[2J` clears the screen of whoever `cat`s the CSV sheet) were
published as they were in the JSONL, CSV, XLSX, Akeneo and shop files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_helpers import published_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.config import load_config
from localize.sanitize import MarkupPolicy, sanitize

POLICY = MarkupPolicy()


@pytest.mark.parametrize("text", [
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "\x01javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml,<svg onload=alert(1)>",
    "&#106;avascript:alert(1)", "jav&#x09;ascript:alert(1)", "javascript&colon;alert(1)",
    "&amp;#106;avascript:alert(1)",
])
def test_a_script_url_as_the_whole_value_is_removed(text: str) -> None:
    result = sanitize(text, POLICY)
    assert result.text == "" and result.unsafe
    assert "URL as the whole value" in result.removed[0]


@pytest.mark.parametrize("text", [
    "JavaScript: The Good Parts", "Data: 5 GB per month", "https://cdn.example/a.jpg", "Hinweis: javascript:alert(1)",
    "mailto:shop@example.com", "Datum: 12.03.2024", "Java Script: kurz erklärt",
])
def test_prose_and_safe_urls_are_kept(text: str) -> None:
    assert sanitize(text, POLICY) == (text, (), False)


@pytest.mark.parametrize("text, kept", [
    ("Marke \x1b[31mRED\x1b[0m", "Marke RED"), ("Rouge\x1b[2J", "Rouge"), ("\x9b31mC1", "C1"),
    ("x\x1b]8;;https://e.x\x07link\x1b]8;;\x07 y", "xlink y"), ("<b>fett</b>\x1b[1m", "<b>fett</b>"),
    ("ende\x1b", "ende"),
])
def test_terminal_escape_sequences_are_removed(text: str, kept: str) -> None:
    result = sanitize(text, POLICY)
    assert (result.text, result.unsafe) == (kept, True)
    assert result.removed[0] == "a terminal escape sequence (ESC)"


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["\x1b", "\x9b", "[", "]", "31m", "2J", ";", "8", "\x07", "\\", "a", " ", "<b>", "</b>",
                                 "javascript:", "&", "#", "1"]), max_size=25).map("".join))
def test_no_cleaned_text_holds_an_escape_or_a_script_url(text: str) -> None:
    result = sanitize(text, POLICY)
    assert "\x1b" not in result.text and "\x9b" not in result.text
    assert not result.text.lower().lstrip(" \x00\x01").startswith("javascript:a")
    assert result.unsafe or result.text == text or not result.removed or result.removed  # total function
    assert sanitize(result.text, POLICY).unsafe is False  # cleaning once is enough


PRODUCTS = """\
sku;family;categories;name-de_DE;brand;image;price-EUR
OK-1;shoes;shoes;Stiefel;Nordlicht;https://cdn.example/ok.jpg;59.90
IMG-1;shoes;shoes;Sandale;Nordlicht;javascript:alert(1);39.90
IMG-2;shoes;shoes;Schuh;Nordlicht;" java	script:alert(1)";49.90
ESC-1;shoes;shoes;Pantoffel;"Nordlicht\x1b[2J\x1b[31m";;29.90
"""
ATTRIBUTES = """\
type;code;label-de_DE;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;1
pim_catalog_text;brand;Marke;0
pim_catalog_text;image;Bild;0
pim_catalog_price_collection;price;Preis;0
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv}
markets: [{locale: de-DE}, {locale: en-US}]
outputs: {dir: out, formats: [jsonl, akeneo-csv, csv, xlsx]}
translation: {engine: pseudo}
prices: {rates_date: 2024-03-15}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("copyvalues")
    for name, text in {"products.csv": PRODUCTS, "attributes.csv": ATTRIBUTES, "localize.yaml": CONFIG}.items():
        (root / name).write_text(text, encoding="utf-8")
    run(load_config(root / "localize.yaml"))
    return root


def test_no_output_carries_them_and_each_record_gets_a_finding(project: Path) -> None:
    out = project / "out"
    for path, text in published_texts(out):
        assert "javascript" not in text.replace("\t", "").lower() and "\x1b" not in text, path.name
    queue = [json.loads(line) for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    found = {(r["market"], r["identifier"], f["field"]) for r in queue for f in r["findings"] if f["code"] == "unsafe-markup"}
    for market in ("de-DE", "en-US"):
        assert {(market, "IMG-1", "image"), (market, "IMG-2", "image"), (market, "ESC-1", "brand")} <= found
        published = [json.loads(line) for line in (out / f"{market}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [r["identifier"] for r in published] == ["OK-1"]
        assert published[0]["values"]["image"] == "https://cdn.example/ok.jpg"
