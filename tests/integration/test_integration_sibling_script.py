"""Copy of another country's locale stands for a market only when it is written in the market's script:
zh_CN copy is Simplified Chinese and a zh-TW shop reads Traditional, so a zh-TW market never takes it (nor
an option label of zh_CN) and naming it is a configuration error; a zh-SG market (Simplified) takes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run
from localize.attributes import AttributeCatalog
from localize.config import load_config
from localize.errors import ConfigError
from localize.locale import same_writing
from localize.translate.pseudo import pseudo_localize

PRODUCTS = "sku;family;categories;name-en_US;name-zh_CN\nP1;kitchen;pans;Large pan;大号平底锅\n"
ATTRIBUTES = "type;code;label-en_US;localizable\npim_catalog_identifier;sku;SKU;0\npim_catalog_text;name;Name;1\n"


def project(folder: Path, markets: str) -> dict[tuple[str, str], dict]:
    (folder / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    (folder / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: en_US, attributes: attributes.csv}\n"
        f"markets: {markets}\noutputs: {{dir: out, formats: [jsonl]}}\ntranslation: {{engine: pseudo}}\n",
        encoding="utf-8")
    run(load_config(folder / "localize.yaml"))
    got = {}
    for path in (folder / "out").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            got[data["identifier"], data["market"]] = data
    return got


def test_simplified_chinese_copy_is_not_taken_for_a_traditional_market(tmp_path: Path) -> None:
    got = project(tmp_path, "[{locale: zh-TW}, {locale: zh-SG}]")
    assert got["P1", "zh-TW"]["values"]["name"] == pseudo_localize("Large pan")
    assert got["P1", "zh-TW"]["status"]["name"] == "machine"
    assert got["P1", "zh-SG"]["values"]["name"] == "大号平底锅"  # Singapore writes Simplified: a sibling
    assert got["P1", "zh-SG"]["status"]["name"] == "pim"


def test_naming_a_sibling_of_another_script_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        project(tmp_path, "[{locale: zh-TW, copy_from: zh_CN}]")
    assert "is not a locale of the market's language and script (Hant)" in str(err.value)


def test_an_option_label_of_another_script_is_not_a_label_of_the_market() -> None:
    catalog = AttributeCatalog()
    catalog.options["colour"] = {"red": {"zh_CN": "红色", "en_US": "Red"}}
    assert catalog.option_label("colour", "red", "zh_TW") is None
    assert catalog.option_label("colour", "red", "zh_SG") == ("language", "红色")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("de_DE", "de-CH", True), ("fr_FR", "fr-CA", True), ("pt_PT", "pt-BR", True),
    ("zh_CN", "zh-TW", False), ("zh_CN", "zh-HK", False), ("zh-Hant-TW", "zh_HK", True),
    ("sr-Latn-RS", "sr-RS", False), ("en_US", "de_DE", False),
])
def test_same_writing_is_language_and_script(a: str, b: str, same: bool) -> None:
    assert same_writing(a, b) is same


# --- a source written in one script, a market of its language that reads the other ---------------------

ZH_PRODUCTS = ("sku;family;categories;name-zh_CN;name-zh_HK;material\n"
               "LAMP;home;lamps;台灯;檯燈;铝合金灯体\nBAG;bags;bags;双肩背包;;尼龙面料\n")
ZH_ATTRIBUTES = ("type;code;label-en_US;localizable\npim_catalog_identifier;sku;SKU;0\n"
                 "pim_catalog_text;name;Name;1\npim_catalog_text;material;Material;0\n")


def zh_project(folder: Path, translation: str) -> Path:
    (folder / "products.csv").write_text(ZH_PRODUCTS, encoding="utf-8")
    (folder / "attributes.csv").write_text(ZH_ATTRIBUTES, encoding="utf-8")
    config = folder / "localize.yaml"
    config.write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: zh_CN, attributes: attributes.csv}\n"
        "markets: [{locale: zh-TW}, {locale: zh-SG}]\noutputs: {dir: out, formats: [jsonl]}\n"
        f"translation: {translation}\n", encoding="utf-8")
    return config


def zh_feed(folder: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    got = {}
    for name in ("zh-TW", "zh-SG", "review-queue"):  # (pseudo's answer keeps the Simplified characters: held)
        for line in (folder / "out" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            for code in ("name", "material"):
                got[data["identifier"], data["market"], code] = (data["values"][code], data["status"].get(code))
    return got


def test_a_simplified_source_is_translated_for_a_traditional_market_not_published_as_written(tmp_path: Path) -> None:
    """A zh_CN catalogue sold in Taiwan: the source's copy was published in zh-TW as written (Simplified
    in a Traditional market, status `source`), because the market "reads the source's language". Now it
    is translated like another language's copy, a Traditional sibling (zh_HK) is copied, and Simplified
    markets (zh-SG) still publish the source as written."""
    run(load_config(zh_project(tmp_path, "{engine: pseudo}")))
    got = zh_feed(tmp_path)
    assert got["BAG", "zh-TW", "name"] == (pseudo_localize("双肩背包"), "machine")
    assert got["BAG", "zh-TW", "material"] == (pseudo_localize("尼龙面料"), "machine")  # not localizable, still copy
    assert got["LAMP", "zh-TW", "name"] == ("檯燈", "pim")  # zh_HK writes Traditional: a sibling of zh-TW
    assert got["BAG", "zh-SG", "name"] == ("双肩背包", None)
    assert got["BAG", "zh-SG", "material"] == ("尼龙面料", None)


def test_the_memory_engine_holds_a_simplified_source_back_from_a_traditional_market(tmp_path: Path) -> None:
    run(load_config(zh_project(tmp_path, "{engine: memory}")))
    published = (tmp_path / "out" / "zh-TW.jsonl").read_text(encoding="utf-8")
    assert "BAG" not in published  # withheld: nothing to publish it as
    assert zh_feed(tmp_path)["BAG", "zh-TW", "name"] == ("双肩背包", "untranslated")
    queue = [json.loads(line) for line in (tmp_path / "out" / "review-queue.jsonl").read_text().splitlines()]
    held = {(r["identifier"], r["market"]): {f["code"] for f in r["findings"]} for r in queue}
    assert "untranslated" in held["BAG", "zh-TW"]


def test_deepl_is_asked_for_traditional_chinese_from_a_simplified_source(tmp_path: Path, deepl_server,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    run(load_config(zh_project(tmp_path, f"{{engine: deepl, server_url: {deepl_server.url}}}")))
    assert zh_feed(tmp_path)["BAG", "zh-TW", "name"] == ("[ZH-HANT] 双肩背包", "machine")
    sent = {(r.params.get("source_lang"), r.params.get("target_lang")) for r in deepl_server.requests()}
    assert sent == {("ZH", "ZH-HANT")}


def test_a_language_only_chinese_memory_entry_is_simplified_and_not_used_for_a_traditional_market(tmp_path: Path) -> None:
    """A TMX entry tagged `zh` (no script, no region: CLDR reads it as zh-Hans-CN, and so do the tools that
    write it) translated for every zh market: zh-TW published 大号平底锅 (Simplified). It still translates
    for zh-CN and zh-SG; zh-TW is left untranslated (memory engine: review), and an entry tagged zh-TW is used."""
    (tmp_path / "memory.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" datatype="plaintext" '
        'segtype="paragraph" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Large pan</seg></tuv><tuv xml:lang="zh"><seg>大号平底锅</seg></tuv></tu>'
        '<tu><tuv xml:lang="en-US"><seg>Small pot</seg></tuv><tuv xml:lang="zh"><seg>小锅</seg></tuv>'
        '<tuv xml:lang="zh-TW"><seg>小鍋</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    (tmp_path / "products.csv").write_text("sku;family;categories;name-en_US\nPAN;k;pans;Large pan\nPOT;k;pans;Small pot\n",
                                           encoding="utf-8")
    (tmp_path / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: en_US, attributes: attributes.csv}\n"
        "markets: [{locale: zh-CN}, {locale: zh-SG}, {locale: zh-TW}]\noutputs: {dir: out, formats: [jsonl]}\n"
        "translation: {engine: memory, memory_files: [memory.tmx]}\n", encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    got = {}
    for name in ("zh-CN", "zh-SG", "zh-TW", "review-queue"):
        for line in (tmp_path / "out" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            got[data["identifier"], data["market"]] = (data["values"]["name"], data["status"]["name"])
    assert got["PAN", "zh-CN"] == got["PAN", "zh-SG"] == ("大号平底锅", "human")
    assert got["PAN", "zh-TW"] == ("Large pan", "untranslated")  # held for review, not published in Simplified
    assert got["POT", "zh-TW"] == ("小鍋", "human")



def test_records_stored_when_the_source_was_published_as_written_are_redone(tmp_path: Path) -> None:
    """A nightly state made before the fix holds zh-TW records of the source as written: the market's
    translate fingerprint says how the market is written now, so those records are redone once."""
    from types import SimpleNamespace

    from localize.stages.translate import TranslateStage

    config = load_config(zh_project(tmp_path, "{engine: pseudo}"))
    stage = TranslateStage()
    stage.source_locale = "zh-CN"
    stage.service = SimpleNamespace(source_lang="zh", glossaries=SimpleNamespace(content_hash=lambda src, tgt: ""))
    stage.engine = SimpleNamespace(memory_id=lambda: "pseudo")
    stage.memory = SimpleNamespace(human_generation=lambda locale: "0:0")
    got = {market.code: stage.fingerprint(market) for market in config.markets}
    assert got["zh-TW"].endswith("|writing-1") and "writing" not in got["zh-SG"]
