"""Invisible and bidirectional characters, decided per kind of field (h15).

Before: a code holding a zero-width space or a bidi override (`SKU\\u200b1`, a key that looks like
`SKU1` and is another) was published as it was; an override in copy (`\\u202egpj.exe`, Trojan-source
style reordering) and a zero-width space inside an image URL reached every feed. Now codes are set
aside naming the character, overrides and unclosed embeddings/isolates are removed from copy with a
warning; balanced isolates in RTL copy and the joiners Persian, Hindi and emoji need are kept.

h19: a URL is an identifier too (of an image, a page): one holding an invisible character looks like
another address and leads elsewhere, so its record is set aside naming the field and U+XXXX rather
than cleaned into the address it shows (h15 removed the character and published it); one predicate
(`INVISIBLE_IN_CODE`) for every code, the readers' identifier check included (a tab or NUL in a family
code was published before)."""

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
    ("Text \uffff und \ufffe Ende\ufdd0", "Text  und  Ende"),  # h19: noncharacters (XML cannot carry U+FFFE/FFFF)
])
def test_what_is_removed(text: str, kept: str) -> None:
    read, kind = read_controls(text)
    assert read == kept and kind in ("bidi", "bom", "url-invisible", "removed")


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
TXT-5;shoes;shoes;Rechnung{RLO}fdp.exe;"Modell {LRI}XK-200{PDI}, می\u200cخواهم";https://cdn.example/ok.jpg
URL-6;shoes;shoes;Schuh;Gut.;https://cdn.example/a{ZWSP}b.jpg
URL-7;shoes;shoes;Schuh;Gut.;https://shop.example/{RLO}gpj.exe
URL-8;shoes;shoes;Schuh;Gut.;https://cdn.example/wei\u00dfe\u00adschuhe.jpg
TAB-9;sho\tes;shoes;Schuh;Gut.;
NUL-10;shoes;sho\x00es;Schuh;Gut.;
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
    by_line = {r["line"]: (r["column"], r["reason"]) for r in rejects}
    assert by_line[3][0] == "sku" and "'SKU\\u200b2' holds an invisible character (U+200B)" in by_line[3][1]
    assert by_line[4][0] == "family" and "(U+202E)" in by_line[4][1]
    assert by_line[5][0] == "categories" and "(U+200D)" in by_line[5][1]
    assert by_line[10][0] == "family" and "'sho\\tes' holds an invisible character (U+0009)" in by_line[10][1]
    assert by_line[11][0] == "categories" and "(U+0000)" in by_line[11][1]
    published = [json.loads(line)["identifier"] for line in (project / "out" / "de-DE.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(published) == ["OK-1", "TXT-5"]


def test_a_url_with_an_invisible_character_is_set_aside_naming_field_and_character(project: Path) -> None:
    rejects = {r["line"]: r for r in map(json.loads, (project / "out" / "rejects.jsonl").read_text(encoding="utf-8").splitlines())}
    for line, char, ident in ((7, "U+200B", "URL-6"), (8, "U+202E", "URL-7"), (9, "U+00AD", "URL-8")):
        assert rejects[line]["identifier"] == ident and rejects[line]["column"] == "image"
        assert "the URL in 'image' (" in rejects[line]["reason"] and f"({char})" in rejects[line]["reason"]
    assert "'https://cdn.example/a\\u200bb.jpg'" in rejects[7]["reason"]  # shown, never as it looks
    for path in (project / "out").iterdir():
        if path.is_file() and path.name != "rejects.jsonl":
            text = path.read_text(encoding="utf-8")
            assert "URL-6" not in text and "cdn.example/ab.jpg" not in text and "gpj.exe" not in text, path.name


def test_copy_loses_overrides_keeps_isolates_and_joiners_and_urls_lose_invisibles(project: Path) -> None:
    lines = {r["identifier"]: r for r in map(json.loads, (project / "out" / "de-DE.jsonl").read_text(encoding="utf-8").splitlines())}
    values = lines["TXT-5"]["values"]
    assert values["name"] == "Rechnungfdp.exe"
    assert values["description"] == f"Modell {LRI}XK-200{PDI}, می\u200cخواهم"
    assert values["image"] == "https://cdn.example/ok.jpg"
    for path in (project / "out").iterdir():
        if path.is_file() and path.name != "rejects.jsonl":
            text = path.read_text(encoding="utf-8")
            assert RLO not in text and ZWSP not in text, path.name
    warnings = json.loads((project / "warnings.json").read_text(encoding="utf-8"))
    assert any(w.startswith("'name': 1 value(s) hold bidirectional override") and "\\u202e" in w for w in warnings)
    assert not any(w.startswith("'image'") for w in warnings)  # set aside, not read
