"""Copy in the wrong script for its market, read by `localize validate` and by a run.

- Chinese has two scripts: a Traditional market (zh-TW, zh-HK) given Simplified copy (the PIM's zh_TW
  column filled from zh_CN, a memory entry, a reviewer's paste) read as translated: `untranslated` compares
  languages, and both are `zh`. `chinese-script` finds it by the characters only one national set has.
- English copy in a market whose language has a script of its own was found in th-TH and ar-SA but not in
  hi-IN, bn-BD, fa-IR, ka-GE ...: the languages known by their script were ten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run as run_project
from localize.config import load_config
from localize.qa.runner import validate


def feed_line(identifier: str, market: str, source: str, target: str, status: str = "machine") -> str:
    language, country = market.split("-")
    return json.dumps({
        "identifier": identifier, "market": market, "locale": market, "source_locale": "en-US", "country": country,
        "currency": {"TW": "TWD", "CN": "CNY", "HK": "HKD", "IN": "INR", "IR": "IRR", "GE": "GEL", "BD": "BDT",
                     "TH": "THB"}[country], "channel": "ecommerce", "family": "lamps", "parent": None,
        "categories": ["lamps"], "enabled": True, "values": {"name": target}, "source": {"name": source},
        "status": {"name": status}, "findings": []}, ensure_ascii=False)


def codes(tmp_path: Path, market: str, lines: list[str]) -> dict[str, set[str]]:
    path = tmp_path / f"{market}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate([path], market=market, base=tmp_path)
    out: dict[str, set[str]] = {}
    for f in result.findings:
        out.setdefault(f.record, set()).add(f.code)
    return out


SIMPLIFIED = "这款台灯采用铝合金灯体，亮度可调节"
TRADITIONAL = "這款檯燈採用鋁合金燈體，亮度可調節"


@pytest.mark.parametrize("status", ["machine", "pim"])
def test_simplified_copy_in_a_traditional_market_is_found(tmp_path: Path, status: str) -> None:
    got = codes(tmp_path, "zh-TW", [feed_line("S", "zh-TW", "Desk lamp, dimmable", SIMPLIFIED, status),
                                    feed_line("T", "zh-TW", "Desk lamp, dimmable", TRADITIONAL, status)])
    assert "chinese-script" in got.get("S", set())
    assert "chinese-script" not in got.get("T", set())


def test_traditional_copy_in_a_simplified_market_is_found(tmp_path: Path) -> None:
    got = codes(tmp_path, "zh-CN", [feed_line("T", "zh-CN", "Desk lamp, dimmable", TRADITIONAL),
                                    feed_line("S", "zh-CN", "Desk lamp, dimmable", SIMPLIFIED)])
    assert "chinese-script" in got.get("T", set()) and "chinese-script" not in got.get("S", set())


def test_a_character_or_two_of_the_other_script_in_a_name_is_not_enough(tmp_path: Path) -> None:
    # 台 is written in both; one Simplified-only character (a brand's own spelling) proves nothing
    got = codes(tmp_path, "zh-HK", [feed_line("B", "zh-HK", "Desk lamp", "台燈（小米 灯）")])
    assert "chinese-script" not in got.get("B", set())


@pytest.mark.parametrize("market", ["hi-IN", "bn-BD", "fa-IR", "ka-GE"])
def test_english_copy_in_a_market_with_a_script_of_its_own_is_untranslated(tmp_path: Path, market: str) -> None:
    english = "Extra compact speaker set including wooden subwoofer with powerful bass"
    got = codes(tmp_path, market, [feed_line("E", market, english, english + " for every room")])
    assert "untranslated" in got.get("E", set())


def test_a_run_holds_a_zh_tw_record_whose_pim_copy_is_simplified(tmp_path: Path) -> None:
    (tmp_path / "attributes.csv").write_text(
        "type;code;label-en_US;localizable\npim_catalog_identifier;sku;SKU;0\npim_catalog_text;name;Name;1\n",
        encoding="utf-8")
    (tmp_path / "products.csv").write_text(
        f"sku;family;categories;name-en_US;name-zh_TW\nS;lamps;lamps;Desk lamp, dimmable;{SIMPLIFIED}\n"
        f"T;lamps;lamps;Desk lamp, dimmable;{TRADITIONAL}\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: en_US, attributes: attributes.csv}\n"
        "markets: [{locale: zh-TW}]\noutputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n",
        encoding="utf-8")
    run_project(load_config(tmp_path / "localize.yaml"))
    published = [json.loads(x)["identifier"] for x in (tmp_path / "out" / "zh-TW.jsonl").read_text().splitlines()]
    held = {json.loads(x)["identifier"]: [f for f in json.loads(x)["findings"] if f["code"] == "chinese-script"]
            for x in (tmp_path / "out" / "review-queue.jsonl").read_text().splitlines()}
    assert published == ["T"]
    assert held["S"][0]["severity"] == "review" and "Simplified characters (这灯铝" in held["S"][0]["message"]
