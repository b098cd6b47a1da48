"""Translation benchmark: characters billed vs. unique and naive, and throughput vs. the ceiling.

Against the DeepL-compatible test server (`tests/deepl_server.py`, on 127.0.0.1) through the
real `deepl` client and the real translate stage:

1. A synthetic catalogue (seeded) with realistic repetition (shared descriptions, care texts,
   HTML, numbers with units) for 3 target markets. `billed_vs_unique` = characters billed ÷
   characters of the unique segments as sent (goal 1.00: nothing billed twice);
   `billed_vs_naive` = characters billed ÷ what field-by-field translation of every market
   would bill. A second run over the same catalogue must bill 0.
2. With 200 ms latency per request: translated segments per second, and its ratio to the
   ceiling `50 texts × requests in flight ÷ latency` (goal ≥ 0.8).
"""

from __future__ import annotations

import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _server() -> Any:
    sys.path.insert(0, str(REPO / "tests"))
    from deepl_server import DeepLServer

    return DeepLServer()


WORDS = ("robust langlebig leicht praktisch elegant modern klassisch ideal perfekt hochwertig pflegeleicht "
         "Pfanne Topf Deckel Messer Becher Jacke Schuh Kissen Lampe Tasche Flasche Spiel Creme Tee Kaffee "
         "aus mit für und der die das Edelstahl Baumwolle Glas Holz Keramik Leder Bambus Aluminium").split()
UNITS = ("500 g", "1,5 kg", "28 cm", "0,75 l", "230 V", "1200 W", "40 °C", "30 x 20 cm")


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(UNITS))
    return " ".join(words).capitalize() + "."


def catalogue(products: int, seed: int = 7) -> list[tuple[str, str, dict[str, str]]]:
    """`(identifier, category, {attribute: German text})` with realistic repetition."""
    rng = random.Random(seed)
    descriptions = [f"<p>{_sentence(rng, 14)} {_sentence(rng, 10)}</p><ul><li>{_sentence(rng, 5)}</li></ul>"
                    for _ in range(max(products // 4, 1))]  # a description is shared by ~4 variants
    care = [_sentence(rng, 6) for _ in range(12)]
    shorts = [_sentence(rng, 8) for _ in range(max(products // 2, 1))]
    categories = [f"cat{i}" for i in range(8)]
    out = []
    for i in range(products):
        values = {
            "name": f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i % (products // 3 + 1)}",
            "description": rng.choice(descriptions),
            "short_description": rng.choice(shorts),
            "care_instructions": rng.choice(care),
        }
        out.append((f"SKU-{i:06d}", rng.choice(categories), values))
    return out


def _run(config: Any, items: list[tuple[str, str, dict[str, str]]], batch_size: int) -> tuple[Any, float]:
    from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
    from localize.report import RunReport
    from localize.stages.base import Batch, RunContext, RunOptions
    from localize.stages.translate import TranslateStage

    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(),
                     log=logging.getLogger("bench"))
    stage = TranslateStage()
    started = time.perf_counter()
    stage.open(ctx)
    try:
        for start in range(0, len(items), batch_size):
            products, records = [], []
            for identifier, category, values in items[start:start + batch_size]:
                product = Product(identifier, Origin("bench.csv", 1), categories=(category,))
                products.append(product)
                for market in config.markets:
                    lvs = {a: LocalizedValue(t, t, "untranslated", True) for a, t in values.items()}
                    records.append(LocalizedRecord(product, market, "de-DE", lvs, (category,)))
            stage.process(Batch(products, records), ctx)
    finally:
        stage.close(ctx)
    return ctx.report.sections["translation"], time.perf_counter() - started


def _unique_characters(items: list[tuple[str, str, dict[str, str]]], targets: list[str]) -> tuple[int, int]:
    """(characters of unique segments as sent, naive field-by-field characters). A segment is
    unique per text, target and context: the field, as `translation.context` sends by default."""
    from localize.translate.segments import protect

    unique: dict[tuple[str, str, str], int] = {}
    naive = 0
    for _identifier, _category, values in items:
        for attribute, text in values.items():
            wire = protect(text).wire
            for target in targets:
                naive += len(text)
                unique[(wire, target, attribute)] = len(wire)
    return sum(unique.values()), naive


def main(quick: bool = False) -> dict[str, Any]:
    from localize.config import config_from_dict

    products = 400 if quick else 3000
    markets = ["en-US", "fr-FR", "ja-JP"]
    items = catalogue(products)
    results: dict[str, Any] = {"products": products, "markets": len(markets)}
    with tempfile.TemporaryDirectory() as tmp, _server() as server:
        os.environ["DEEPL_AUTH_KEY"] = server.auth_key
        try:
            def config(state: str, **translation: Any) -> Any:
                return config_from_dict({
                    "source": {"format": "akeneo-csv", "path": "x.csv", "locale": "de_DE"},
                    "markets": [{"locale": m} for m in markets],
                    "state": str(Path(tmp) / state),
                    "translation": {"engine": "deepl", "server_url": server.url, **translation},
                }, base_dir=Path(tmp))

            cfg = config("billing")
            first, seconds = _run(cfg, items, 500)
            unique, naive = _unique_characters(items, ["EN-US", "FR", "JA"])
            billed = first["characters_billed"]
            second, _ = _run(cfg, items, 500)
            results.update({
                "segments": first["segments"],
                "unique_segments": first["unique"],
                "characters_billed": billed,
                "characters_unique": unique,
                "characters_naive": naive,
                "billed_vs_unique": round(billed / unique, 4),
                "billed_vs_naive": round(billed / naive, 4),
                "second_run_billed": second["characters_billed"],
                "second_run_requests": second["requests"],
                "first_run_seconds": round(seconds, 2),
            })

            results["icecat_2017"] = icecat(server, Path(tmp), quick)
            results["llm"] = llm(items, Path(tmp), markets)

            # Throughput with 200 ms per request: every text distinct, one category, one batch.
            latency, in_flight = 0.2, 4
            server.latency = latency
            server.reset_log()
            n = 300 if quick else 1000
            rng = random.Random(11)
            throughput_items = [(f"T-{i}", "cat0", {"description": f"{_sentence(rng, 12)} {i}"}) for i in range(n)]
            section, stage_seconds = _run(config("throughput", requests_in_flight=in_flight), throughput_items, n)
            send_seconds = _dispatch_seconds(server)
            per_second = section["unique"] / send_seconds
            ceiling = 50 * in_flight / latency
            results.update({
                "latency_s": latency,
                "requests_in_flight": in_flight,
                "throughput_segments": section["unique"],
                "throughput_requests": section["requests"],
                "segments_per_second": round(per_second, 1),
                "ceiling_segments_per_second": ceiling,
                "throughput_vs_ceiling": round(per_second / ceiling, 3),
                # the whole stage: open (preflight, languages), protection, memory, close
                "stage_segments_per_second": round(section["unique"] / stage_seconds, 1),
                "stage_vs_ceiling": round(section["unique"] / stage_seconds / ceiling, 3),
            })
        finally:
            os.environ.pop("DEEPL_AUTH_KEY", None)
    return results


ICECAT = Path("/work/shared/data/akeneo/icecat_demo_dev_2017")
CONTEXTS = ("category+field", "category", "field", "none")


def _minimum_requests(requests: list[Any], max_texts: int = 50, max_bytes: int = 128 * 1024) -> int:
    """Fewest requests that can carry the same texts with the same grouping: one group per set of
    options (DeepL sends one context per request), each cut by the text and byte limits."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for request in requests:
        params = {k: v for k, v in request.params.items() if k != "text"}
        key = tuple(sorted((k, str(v)) for k, v in params.items()))
        sizes = groups.setdefault(key, [0, 0])
        sizes[0] += len(request.texts)
        sizes[1] += sum(len(t.encode()) + 2 for t in request.texts)
    return sum(max(-(-n // max_texts), -(-b // max_bytes)) for n, b in groups.values())


def icecat(server: Any, tmp: Path, quick: bool = False) -> dict[str, Any]:
    """Requests per context setting on the 2017 icecat catalogue (3 markets, print channel),
    a whole run through the pipeline: requests, texts per request, requests ÷ minimum for the
    same grouping, characters billed, and what context distinguishes (unique texts that occur
    under more than one context: the only ones a context can translate differently)."""
    from localize.api import run
    from localize.config import load_config

    if not (ICECAT / "products.csv").is_file():
        return {"skipped": f"{ICECAT} not found"}
    out: dict[str, Any] = {}
    for context in CONTEXTS[:1] if quick else CONTEXTS:
        folder = tmp / f"icecat-{context.replace('+', '-')}"
        folder.mkdir()
        (folder / "localize.yaml").write_text(
            "version: 1\n"
            f"source: {{format: akeneo-csv, path: {ICECAT}/products.csv, locale: en_US, channel: print, "
            f"attributes: {ICECAT}/attributes.csv, options: {ICECAT}/attribute_options.csv, "
            f"categories: {ICECAT}/categories.csv}}\n"
            "markets: [{locale: de-DE}, {locale: fr-FR}, {locale: ja-JP}]\n"
            "outputs: {dir: out, formats: [jsonl]}\n"
            f"translation: {{engine: deepl, server_url: '{server.url}', context: '{context}'}}\n"
            "state: .localize\nallow_outside: true\n", encoding="utf-8")
        server.reset_log()
        config = load_config(folder / "localize.yaml")
        report = run(config)
        section = report.sections["translation"]
        requests = server.requests("/v2/translate", status=200)
        texts = sum(len(r.texts) for r in requests)
        by_text: dict[tuple[str, str], set[str]] = {}
        for r in requests:
            for t in r.texts:
                by_text.setdefault((t, str(r.params.get("target_lang"))), set()).add(str(r.params.get("context")))
        minimum = _minimum_requests(requests)
        out[context] = {
            "requests": len(requests),
            "texts": texts,
            "texts_per_request": round(texts / max(len(requests), 1), 1),
            "minimum_requests": minimum,
            "requests_vs_minimum": round(len(requests) / max(minimum, 1), 3),
            "contexts": len({str(r.params.get("context")) for r in requests}),
            "characters_billed": section["characters_billed"],
            "texts_under_several_contexts": sum(1 for c in by_text.values() if len(c) > 1),
        }
    return out


def llm(items: list[tuple[str, str, dict[str, str]]], tmp: Path, markets: list[str]) -> dict[str, Any]:
    """The `llm` engine against the OpenAI-compatible test server (`tests/openai_server.py`) through
    the real `openai` client: segments per request; tokens used ÷ tokens of the segments and their
    translations (the prompt's and the JSON's overhead); then a server that drops a protected span
    from every answer: spans lost in what was published (goal 0) and fields flagged instead."""
    from localize.config import config_from_dict
    from localize.translate.segments import protect
    from localize.units.quantities_in_text import localize_numbers

    sys.path.insert(0, str(REPO / "tests"))
    from openai_server import OpenAIServer, tokens

    out: dict[str, Any] = {}
    with OpenAIServer() as server:
        os.environ["OPENAI_API_KEY"] = server.api_key
        try:
            def config(state: str) -> Any:
                return config_from_dict({
                    "source": {"format": "akeneo-csv", "path": "x.csv", "locale": "de_DE"},
                    "markets": [{"locale": m} for m in markets],
                    "state": str(tmp / state),
                    "translation": {"engine": "llm", "llm": {"model": "bench-model", "base_url": server.url},
                                    "retry_backoff": 0.01},
                }, base_dir=tmp)

            section, _ = _run(config("llm"), items, 500)
            calls = server.ok_calls()
            segments = sum(len(c.segments) for c in calls)
            used = sum(c.prompt_tokens + c.completion_tokens for c in calls)
            payload = sum(tokens(t) for c in calls for t in (*c.segments, *c.translations))
            out.update({
                "requests": len(calls),
                "segments": segments,
                "segments_per_request": round(segments / max(len(calls), 1), 1),
                "tokens_used": used,
                "tokens_of_segments_and_translations": payload,
                "tokens_vs_payload": round(used / max(payload, 1), 3),
                "tokens_in_report": section["tokens"]["total"],
            })

            server.drop_span(times=10**6)  # every answer loses a protected span
            records = _records_after(config("llm-drop"), items[:200])
            lost = flagged = published = 0
            for record in records:
                for value in record.values.values():
                    if value.status == "machine":
                        published += 1
                        spans = protect(value.source).spans
                        locale = record.market.locale
                        lost += any(s not in value.data and localize_numbers(s, "de-DE", locale) not in value.data
                                    for s in spans)
                    elif value.status == "untranslated":
                        flagged += 1
            out["drop_span_server"] = {"published": published, "published_with_a_span_lost": lost,
                                       "flagged_for_review": flagged}
        finally:
            os.environ.pop("OPENAI_API_KEY", None)
    return out


def _records_after(config: Any, items: list[tuple[str, str, dict[str, str]]]) -> list[Any]:
    """Every record of one translate stage run (one batch), as published."""
    from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
    from localize.report import RunReport
    from localize.stages.base import Batch, RunContext, RunOptions
    from localize.stages.translate import TranslateStage

    ctx = RunContext(config=config, markets=config.markets, report=RunReport(), options=RunOptions(),
                     log=logging.getLogger("bench"))
    products, records = [], []
    for identifier, category, values in items:
        product = Product(identifier, Origin("bench.csv", 1), categories=(category,))
        products.append(product)
        for market in config.markets:
            lvs = {a: LocalizedValue(t, t, "untranslated", True) for a, t in values.items()}
            records.append(LocalizedRecord(product, market, "de-DE", lvs, (category,)))
    stage = TranslateStage()
    stage.open(ctx)
    try:
        stage.process(Batch(products, records), ctx)
    finally:
        stage.close(ctx)
    return records


def _dispatch_seconds(server: Any) -> float:
    """Wall time from the first translate request arriving to the last one answered."""
    requests = server.requests("/v2/translate", status=200)
    latency = server.latency
    return (max(r.time for r in requests) + latency) - min(r.time for r in requests)


if __name__ == "__main__":
    import json

    print(json.dumps(main(quick="--quick" in sys.argv), indent=2))
