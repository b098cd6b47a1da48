"""Invisible and bidirectional characters, decided per kind of field (h15).

Before: a code holding a zero-width space or a bidi override (`SKU\\u200b1`, a key that looks like
`SKU1` and is another) was published as it was; an override in copy (`\\u202egpj.exe`, Trojan-source
style reordering) and a zero-width space inside an image URL reached every feed. Now codes are set
aside naming the character, overrides and unclosed embeddings/isolates are removed from copy with a
warning, invisible characters are removed from URLs; balanced isolates in RTL copy and the joiners
Persian, Hindi and emoji need are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.config import load_config
from localize.readers.controls import read_controls

RLO, PDF, LRI, RLI, PDI, ZWSP, ZWNJ, ZWJ, BOM = "\u202e", "\u202c", "\u2066", "\u2067", "\u2069", "\u200b", "\u200c", "\u200d", "\ufeff"


@pytest.mark.parametrize("text, kept", [
    (f"Rechnung{RLO}fdp.exe", "Rechnungfdp.exe"),  # an override reorders what a reader sees
    (f"{RLO}Sale{PDF}", "Sale"),  # closed, still an override
    (f"Preis {LRI}12 €", "Preis 12 €"),  # an isolate never closed
    (f"Preis 12 €{PDI}", "Preis 12 €"),  # closed where nothing was opened
    (f"a{RLI}b\nc{PDI}", "ab\nc"),  # open across a line break
    (f"Teil{BOM}nummer", "Teilnummer"),  # a joined file's byte order mark
    (f"https://cdn.example/a{ZWSP}b.jpg", "https://cdn.example/ab.jpg"),
    (f" //cdn.example/{RLO}gpj.exe", " //cdn.example/gpj.exe"),
    (f"https://shop.example/{ZWJ}p/1", "https://shop.example/p/1"),
])
def test_what_is_removed(text: str, kept: str) -> None:
    read, kind = read_controls(text)
    assert read == kept and kind in ("bidi", "bom", "url-invisible")


@pytest.mark.parametrize("text", [
    f"اتصل بنا على {LRI}+49 30 1234567{PDI} اليوم",  # a phone number kept in order in Arabic copy
    f"דגם {LRI}XK-200{PDI} חדש",
    "می\u200cخواهم",  # Persian: ZWNJ is spelling
    "क्\u200dष",  # Devanagari half form
    "Familie \U0001F468\u200d\U0001F469\u200d\U0001F467",  # an emoji sequence
    f"ราคา{ZWSP}พิเศษ",  # Thai word break
    "https://cdn.example/a.jpg", "plain copy",
])
def test_what_is_kept(text: str) -> None:
    assert read_controls(text) == (text, "")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from([RLO, PDF, LRI, RLI, PDI, "\u202a", "\u202b", "\u202d", "\u2068", "a", " ", "\n",
                                 "א", "1"]), max_size=16).map("".join))
def test_no_read_text_holds_an_override_or_an_unbalanced_isolate(text: str) -> None:
    read, _ = read_controls(text)
    assert "\u202d" not in read and RLO not in read
    depth = 0
    for char in read:
        if char in "\u202a\u202b\u2066\u2067\u2068":
            depth += 1
        elif char in (PDF, PDI):
            depth -= 1
            assert depth >= 0
        elif char == "\n":
            assert depth == 0
    assert depth == 0
    assert read_controls(read) == (read, "")  # once is enough


PRODUCTS = f"""\
sku;family;categories;name-de_DE;description-de_DE;image
OK-1;shoes;shoes;Stiefel;Gut.;https://cdn.example/ok.jpg
SKU{ZWSP}2;shoes;shoes;Sandale;Gut.;
FAM-3;shoes{RLO};shoes;Schuh;Gut.;
CAT-4;shoes;shoes{ZWJ};Schuh;Gut.;
TXT-5;shoes;shoes;Rechnung{RLO}fdp.exe;"Modell {LRI}XK-200{PDI}, می\u200cخواهم";https://cdn.example/a{ZWSP}b.jpg
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE}
markets: [{locale: de-DE}]
outputs: {dir: out, formats: [jsonl, csv]}
translation: {engine: pseudo}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("invisible")
    (root / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (root / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    report = run(load_config(root / "localize.yaml"))
    (root / "warnings.json").write_text(json.dumps(report.warnings), encoding="utf-8")
    return root


def test_a_code_with_an_invisible_character_is_set_aside_naming_it(project: Path) -> None:
    rejects = [json.loads(line) for line in (project / "out" / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    by_field = {r["column"]: r["reason"] for r in rejects}
    assert set(by_field) == {"identifier", "family", "categories"}
    assert "'SKU\\u200b2' holds an invisible character (U+200B)" in by_field["identifier"]
    assert "(U+202E)" in by_field["family"] and "(U+200D)" in by_field["categories"]
    published = [json.loads(line)["identifier"] for line in (project / "out" / "de-DE.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(published) == ["OK-1", "TXT-5"]


def test_copy_loses_overrides_keeps_isolates_and_joiners_and_urls_lose_invisibles(project: Path) -> None:
    lines = {r["identifier"]: r for r in map(json.loads, (project / "out" / "de-DE.jsonl").read_text(encoding="utf-8").splitlines())}
    values = lines["TXT-5"]["values"]
    assert values["name"] == "Rechnungfdp.exe"
    assert values["description"] == f"Modell {LRI}XK-200{PDI}, می\u200cخواهم"
    assert values["image"] == "https://cdn.example/ab.jpg"
    for path in (project / "out").iterdir():
        if path.is_file() and path.name != "rejects.jsonl":
            text = path.read_text(encoding="utf-8")
            assert RLO not in text and ZWSP not in text, path.name
    warnings = json.loads((project / "warnings.json").read_text(encoding="utf-8"))
    assert any(w.startswith("'name': 1 value(s) hold bidirectional override") and "\\u202e" in w for w in warnings)
    assert any(w.startswith("'image': 1 value(s) hold invisible characters") for w in warnings)
