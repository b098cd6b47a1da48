"""`invisible-characters`: a feed another tool wrote, carrying what a run never publishes, fails CI (h19).

Before, `localize validate` passed a JSONL feed whose identifier held a zero-width space (`SKU\\u200b1`,
a key that looks like `SKU1`), whose image link held a bidi override (`https://shop.example/\\u202egpj.exe`
shows as `…exe.jpg`), whose copy held an override, a stray BOM or a bell: the run sets such codes and
URLs aside and removes the characters from copy (`readers.controls`), validate knew nothing of them.
The same definitions decide both gates, and what they keep (joiners in Persian copy, soft hyphens,
balanced isolates in Arabic copy, LRM/RLM, no-break spaces, line breaks) passes both. In a run the
check finds them in what the run did not read itself: a translation memory's target with an override
is withheld for review, never published."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from localize.api import run
from localize.cli import app
from localize.config import load_config

sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))
from test_integration_sibling_memory import write_project  # noqa: E402

RLO, LRI, PDI, ZWSP, ZWNJ, BOM, SHY, RLM = "\u202e", "\u2066", "\u2069", "\u200b", "\u200c", "\ufeff", "\u00ad", "\u200f"

HOSTILE = {  # identifier -> (line fields, field named, character named)
    "code": ({"identifier": f"SKU{ZWSP}1", "values": {"name": "Kessel"}}, "identifier", "U+200B"),
    "family": ({"identifier": "F-1", "family": f"kettles{RLO}", "values": {"name": "Kessel"}}, "family", "U+202E"),
    "category": ({"identifier": "C-1", "categories": ["ok", f"kett{SHY}les"], "values": {"name": "Kessel"}},
                 "categories", "U+00AD"),
    "url-zw": ({"identifier": "U-1", "values": {"image": f"https://cdn.example/a{ZWSP}b.jpg"}}, "image", "U+200B"),
    "url-bidi": ({"identifier": "U-2", "values": {"link": f"https://shop.example/{RLO}gpj.exe"}}, "link", "U+202E"),
    "url-shy": ({"identifier": "U-3", "values": {"image": f"https://cdn.example/wei{SHY}ss.jpg"}}, "image", "U+00AD"),
    "override": ({"identifier": "O-1", "values": {"name": f"Rechnung{RLO}fdp.exe"}}, "name", "U+202E"),
    "unclosed": ({"identifier": "O-2", "values": {"description": f"Preis {LRI}12 €"}}, "description", "U+2066"),
    "bom": ({"identifier": "B-1", "values": {"description": f"Teil{BOM}nummer"}}, "description", "U+FEFF"),
    "bell": ({"identifier": "B-2", "values": {"description": "Laut\x07!"}}, "description", "U+0007"),
    "c1": ({"identifier": "B-3", "values": {"description": "It\x92s"}}, "description", "U+0092"),
    "nonchar": ({"identifier": "N-1", "values": {"description": "Text \ufffe Ende"}}, "description", "U+FFFE"),
    "display": ({"identifier": "D-1", "values": {"color": "red"}, "display": {"color": f"Rot{RLO}"}}, "color", "U+202E"),
}
CLEAN = [
    {"identifier": "K-1", "values": {"name": f"می{ZWNJ}خواهم", "description": f"Wasser{SHY}kocher,\nschnell\t1,5\u00a0l"}},
    {"identifier": "K-2", "values": {"description": f"اتصل بنا على {LRI}+49 30 1234567{PDI} اليوم",
                                     "price_text": f"{RLM}12.50 {RLM}ر.س"}},
    {"identifier": "K-3", "values": {"name": f"ราคา{ZWSP}พิเศษ", "image": "https://cdn.example/a.jpg"}},
    {"identifier": "K-4", "values": {"name": "Familie \U0001F468\u200d\U0001F469\u200d\U0001F467"}},
]


def _validate(path: Path, market: str = "de-DE") -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["validate", str(path), "--market", market, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def _line(fields: dict) -> str:  # type: ignore[type-arg]
    return json.dumps({"market": "de-DE", **fields}, ensure_ascii=False)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_feed_with_an_invisible_character_fails_naming_field_and_character(tmp_path: Path, case: str) -> None:
    fields, field, char = HOSTILE[case]
    feed = tmp_path / "de-DE.jsonl"
    feed.write_text(_line(fields) + "\n", encoding="utf-8")
    code, out = _validate(feed)
    found = [f for f in out["findings"] if f["code"] == "invisible-characters"]
    assert code == 1 and len(found) == 1, out["findings"]
    assert found[0]["severity"] == "error" and found[0]["field"] == field and f"({char})" in found[0]["message"]


def test_what_a_run_keeps_passes(tmp_path: Path) -> None:
    feed = tmp_path / "de-DE.jsonl"
    feed.write_text("".join(_line(fields) + "\n" for fields in CLEAN), encoding="utf-8")
    code, out = _validate(feed)
    assert [f for f in out["findings"] if f["code"] == "invisible-characters"] == []


def test_a_memory_target_with_an_override_is_withheld_by_the_run_and_its_feed_passes(tmp_path: Path) -> None:
    products = "sku;name-de_DE;description-de_DE\nPEN;Farbstifte;Für Kinder.\nMUG;Tasse;Aus Porzellan.\n"
    units = [("Farbstifte", {"en-GB": f"Colour{RLO} pencils"}, "human"), ("Tasse", {"en-GB": "Mug"}, "human")]
    config = write_project(tmp_path / "p", products, "de_DE", "[{locale: en-GB}]", units)
    run(load_config(config))
    out = config.parent / "out"
    published = {json.loads(line)["identifier"] for line in (out / "en-GB.jsonl").read_text(encoding="utf-8").splitlines()}
    queue = {r["identifier"]: r for r in map(json.loads, (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines())}
    assert published == {"MUG"} and set(queue) == {"PEN"}
    assert any("invisible-characters" in json.dumps(f) and "U+202E" in json.dumps(f) for f in queue["PEN"]["findings"])
    code, result = _validate(out / "en-GB.jsonl", "en-GB")
    assert [f for f in result["findings"] if f["code"] == "invisible-characters"] == []


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="de-DE">
<file id="f1"><unit id="P1-name"><segment state="translated"><source>Invoice.pdf</source><target>{target}</target></segment></unit>
</file></xliff>
"""


@pytest.mark.parametrize("target, char", [("Rechnung\u202efdp.exe", "U+202E"), ("Teil\ufeffnummer", "U+FEFF"),
                                          ("Rechnung.pdf", None), (f"فاتورة {LRI}PDF{PDI}", None)])
def test_a_translators_xliff_delivery_is_checked_too(tmp_path: Path, target: str, char: str | None) -> None:
    delivery = tmp_path / "delivery.xlf"
    delivery.write_text(XLIFF.format(target=target), encoding="utf-8")
    code, out = _validate(delivery)
    found = [f for f in out["findings"] if f["code"] == "invisible-characters"]
    assert [f"({char})" in f["message"] for f in found] == ([True] if char else [])
