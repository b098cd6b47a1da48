"""`localize validate` on a 100k-record JSONL feed with every check on.

Figures (one run, one core): records per second (goal >= 5,000/s), and the time ratio of
validating to merely parsing the JSON lines. The feed is de-DE from en-US copy: unique
titles and HTML descriptions with numbers, quantities, a URL now and then, and about 2% of
records with a deliberate problem (dropped tag, changed number, mangled placeholder), so
the slow path (a finding) is measured too.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

ADJ_EN = ["robust", "light", "waterproof", "warm", "compact", "classic", "soft", "durable", "breathable", "modern"]
ADJ_DE = ["robuster", "leichter", "wasserdichter", "warmer", "kompakter", "klassischer", "weicher", "langlebiger",
          "atmungsaktiver", "moderner"]
NOUN_EN = ["hiking boot", "jacket", "backpack", "tent", "sleeping bag", "water bottle", "headlamp", "trekking pole"]
NOUN_DE = ["Wanderschuh", "Jacke", "Rucksack", "Zelt", "Schlafsack", "Trinkflasche", "Stirnlampe", "Trekkingstock"]


def _record(i: int, rng: random.Random) -> dict[str, Any]:
    a, n = rng.randrange(len(ADJ_EN)), rng.randrange(len(NOUN_EN))
    weight = rng.randrange(1, 400) / 100
    volume = rng.randrange(1, 30) / 10
    pieces = rng.randrange(2, 12)
    temp = rng.choice([30, 40, 60])
    model = f"TM-{i:06d}"
    en_w, de_w = f"{weight:.2f}", f"{weight:.2f}".replace(".", ",")
    en_v, de_v = f"{volume:.1f}", f"{volume:.1f}".replace(".", ",")
    src_name = f"{ADJ_EN[a].capitalize()} {NOUN_EN[n]} {model}, {en_v} l"
    tgt_name = f"{ADJ_DE[a].capitalize()} {NOUN_DE[n]} {model}, {de_v} l"
    src_desc = (f"<p>The {ADJ_EN[a]} <b>{NOUN_EN[n]}</b> weighs only {en_w} kg and holds {en_v} l.</p>"
                f"<ul><li>Set of {pieces} pieces</li><li>Washable at {temp} °C</li></ul>")
    tgt_desc = (f"<p>Der {ADJ_DE[a]} <b>{NOUN_DE[n]}</b> wiegt nur {de_w} kg und fasst {de_v} l.</p>"
                f"<ul><li>Set mit {pieces} Teilen</li><li>Waschbar bei {temp} °C</li></ul>")
    if i % 7 == 0:
        src_desc += f"<p>Care guide: https://shop.example/care/{model}</p>"
        tgt_desc += f"<p>Pflegehinweise: https://shop.example/care/{model}</p>"
    if i % 50 == 1:
        tgt_desc = tgt_desc.replace("<b>", "").replace("</b>", "")  # dropped tag
    elif i % 50 == 2:
        tgt_desc = tgt_desc.replace(f"{pieces} Teilen", f"{pieces + 1} Teilen")  # changed number
    elif i % 50 == 3:
        src_name += " {size}"
        tgt_name += " { size}"  # mangled placeholder
    return {
        "identifier": f"P{i:06d}", "market": "de-DE", "locale": "de-DE", "source_locale": "en-US", "country": "DE",
        "currency": "EUR", "channel": "ecommerce", "family": "outdoor", "parent": None, "categories": ["outdoor"],
        "enabled": True,
        "values": {"name": tgt_name, "description": tgt_desc, "brand": "TrailMaster",
                   "price": [{"amount": f"{rng.randrange(500, 50000) / 100:.2f}", "currency": "EUR"}],
                   "weight": {"amount": en_w, "unit": "KILOGRAM"}},
        "source": {"name": src_name, "description": src_desc},
        "status": {"name": "machine", "description": "machine"},
        "findings": [],
    }


def write_feed(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps(_record(i, rng), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def _parse_only(path: Path, loads: Any) -> float:
    started = time.process_time()
    with path.open("rb") as fh:
        for raw in fh:
            loads(raw)
    return time.process_time() - started


def main(quick: bool = False) -> dict[str, Any]:
    from localize.qa.engine import Validator
    from localize.qa.examples import market_for
    from localize.qa.settings import build_settings

    count = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "de-DE.jsonl"
        write_feed(path, count)
        size = path.stat().st_size
        import orjson

        parse = min(_parse_only(path, orjson.loads) for _ in range(2))  # the parser validate uses
        parse_json = min(_parse_only(path, json.loads) for _ in range(2))
        settings = build_settings({"do_not_translate": ["TrailMaster"], "glossary": {"hiking boot": "Wanderschuh"}})
        validator = Validator(market_for("de-DE"), settings, base=Path(tmp), max_findings=1000)
        # CPU time of this process: the machine is shared, and the goal is per core
        started = time.process_time()
        result = validator.validate([path])
        elapsed = time.process_time() - started
    counts = result.counts_by_code()
    return {
        "records": count,
        "feed_mb": round(size / 1e6, 1),
        "validate_cpu_s": round(elapsed, 2),
        "records_per_s": round(count / elapsed),
        "goal_records_per_s": 5000,
        "meets_goal": count / elapsed >= 5000,
        "parse_only_cpu_s": round(parse, 2),
        "validate_to_parse_ratio": round(elapsed / parse, 1),
        "validate_to_stdlib_json_parse_ratio": round(elapsed / parse_json, 1),
        "findings": {code: c["error"] + c["warning"] for code, c in sorted(counts.items())},
    }


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(main(quick=True), indent=2))
