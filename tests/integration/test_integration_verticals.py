"""A food catalogue (tests/verticals/food, an Akeneo export written for brief n2) run end to end with the real
`deepl` client against tests/deepl_server.py: what a8c3c63 published wrong without a word."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

VERTICALS = Path(__file__).resolve().parents[1] / "verticals"


def _food_records(project: Path) -> dict[tuple[str, str, str], dict]:  # type: ignore[type-arg]
    records = {}
    for name in ("en-US.jsonl", "fr-FR.jsonl", "review-queue.jsonl"):
        for line in (project / "out" / name).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            records[(name.split(".")[0], r["market"], r["identifier"])] = r
    return records


def test_a_food_catalogue_keeps_its_nutrition_table_net_content_and_holds_euro_prices(vertical_run) -> None:  # type: ignore[no-untyped-def]
    got = _food_records(vertical_run("food", "en-US", "fr-FR"))
    choc = got["en-US", "en-US", "FD-CHOC-01"]
    # nutrition per 100 g stays in grams (was `fat_per_100: 1.5 oz`, `Salt 0.00071 oz` per `3.5 oz`)
    assert choc["display"]["fat_per_100"] == "42 g" and choc["display"]["salt_per_100"] == "0.02 g"
    description = choc["values"]["description"]
    assert "<td>42 g</td>" in description and "<td>0.02 g</td>" in description and "100 g</th>" in description
    # the declared nominal quantity keeps its sign and its grams (was `3.5 oz ℮`)
    assert "100 g ℮" in description and "oz ℮" not in description
    # the pack size attribute is still converted for the US
    assert choc["display"]["net_content"] == "3.5 oz"
    # a euro unit price and deposit in copy: held for review in en-US, published in fr-FR (EUR)
    for sku in ("FD-COF-05", "DR-JUI-24"):
        held = got["review-queue", "en-US", sku]
        assert "price-in-copy" in {f["code"] for f in held["findings"]}, sku
        assert ("en-US", "en-US", sku) not in got
        assert ("fr-FR", "fr-FR", sku) in got


def test_a_nightly_state_made_under_other_conversion_rules_is_redone(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The conversion rules (how copy is read, the shipped unit kinds) are part of the convert stage's
    fingerprint: on a8c3c63 an unchanged record kept what older rules had made (`fat_per_100: 1.5 oz`)."""
    from localize.api import run
    from localize.config import load_config
    from localize.stages import convert

    project = tmp_path / "food"
    shutil.copytree(VERTICALS / "food", project)
    config = project / "localize.yaml"
    text = config.read_text(encoding="utf-8")
    text = text[:text.index("markets:")] + "markets:\n  - {locale: en-US}\n" + text[text.index("outputs:"):]
    config.write_text(text + "stages: [map, convert, check, gate]\n", encoding="utf-8")
    first = run(load_config(config)).to_dict()
    assert first["incremental"]["redone"] == 28 and list(first["markets"]) == ["en-US"]
    assert run(load_config(config)).to_dict()["incremental"] == {"full": False, "redone": 0, "reused": 28}
    monkeypatch.setattr(convert, "CONVERSION_RULES", convert.CONVERSION_RULES + "-changed", raising=False)
    assert run(load_config(config)).to_dict()["incremental"] == {"full": False, "redone": 28, "reused": 0}
