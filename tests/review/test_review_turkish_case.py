"""Turkish upper case writes dotless `ı` as `I` and dotted `i` as `İ`. Python's casefold reads `I` as `i`,
so a pack word with `ı` (`kılıç`, sword; `rakı`) never matched copy written in capitals (`KILIÇ SETİ`),
which product names often are: the dot is folded away like any other accent now."""

from __future__ import annotations

import json
from pathlib import Path

from localize.api import run
from localize.config import load_config
from localize.rules.folding import fold, word_fold


def test_dotless_and_dotted_i_fold_to_i_in_both_cases() -> None:
    assert fold("KILIÇ") == fold("kılıç") == "kilic"
    assert fold("İSTANBUL") == fold("istanbul") == fold("ıstanbul") == "istanbul"
    assert word_fold(fold("DEKORATİF KILIÇ SETİ")) == word_fold(fold("dekoratif kılıç seti"))


def test_a_turkish_weapon_written_in_capitals_goes_to_review(tmp_path: Path) -> None:
    (tmp_path / "attributes.csv").write_text(
        "type;code;label-en_US;localizable\npim_catalog_identifier;sku;SKU;0\npim_catalog_text;name;Name;1\n",
        encoding="utf-8")
    (tmp_path / "products.csv").write_text(
        "sku;family;categories;name-tr_TR\nLOW;deco;deco;Dekoratif kılıç seti\nCAPS;deco;deco;DEKORATİF KILIÇ SETİ\n"
        "VASE;deco;deco;DEKORATİF VAZO SETİ\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: tr_TR, attributes: attributes.csv}\n"
        "markets: [{locale: tr-TR}]\noutputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n"
        "stages: [check, gate]\n", encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    queue = [json.loads(line) for line in (tmp_path / "out" / "review-queue.jsonl").read_text().splitlines()]
    held = {r["identifier"]: {f.get("rule") for f in r["findings"]} for r in queue}
    assert set(held) == {"LOW", "CAPS"}
    assert "tr-weapons" in held["CAPS"] and held["CAPS"] == held["LOW"]
