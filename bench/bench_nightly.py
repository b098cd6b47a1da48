"""Nightly-operations benchmark: a run where 1% of the products changed, against the full run.

A seeded synthetic catalogue is localized for one market with the DeepL engine, through the
real `deepl` client, against the DeepL-compatible test server (`tests/deepl_server.py`, with a
per-request latency like a real API's). Then 1% of the products get new, globally unique copy
and the job runs again, as a nightly batch would. Figures (issue 8), measured in one run:

- `incremental_vs_full_wall`: wall time of the nightly run ÷ the full run (goal ≤ 0.05);
- `billed_vs_changed`: characters billed by the nightly run ÷ characters of the changed
  segments as sent to the engine (goal 1.0: everything changed is billed once, nothing else);
- the figures behind them, and an unchanged rerun's time and billing (0);
- `next_day`: a real run (every default stage, 3 markets, pseudo engine, `bench/realrun.py`) on
  one day, then the unchanged catalogue again the same day and on the next calendar day (the run
  date given as `rules.as_of`): CPU seconds of each rerun ÷ the full run's (issue 18, goal ≤ 0.03;
  before, the run date was in every record's hash and the next day redid everything), and the
  rerun split into its fixed part (the same rerun over 50 products) and CPU µs per record.

Each `localize run` is a separate process, like a nightly job; the server runs in this one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.realrun import real_run
from bench.synthetic import HEADER, generate

REPO = Path(__file__).resolve().parents[1]
LATENCY = 0.1  # seconds per translate request (real DeepL requests take 0.1-0.5 s)


def _server() -> Any:
    sys.path.insert(0, str(REPO / "tests"))
    from deepl_server import DeepLServer

    return DeepLServer(latency=LATENCY)


def _run(root: Path, key: str) -> tuple[float, dict[str, Any]]:
    import json

    env = {k: v for k, v in os.environ.items() if k != "DEEPL_SERVER_URL"}
    env["DEEPL_AUTH_KEY"] = key
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "localize", "run", str(root / "localize.yaml"), "--json"],
                          cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"localize run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, json.loads(proc.stdout)


def _change(path: Path, every: int) -> list[str]:
    """Give every `every`-th product new, globally unique copy; returns the new texts."""
    import csv

    rows = list(csv.reader(path.open(encoding="utf-8", newline=""), delimiter=";"))
    name_i, desc_i = HEADER.index("name-de_DE"), HEADER.index("description-de_DE-ecommerce")
    changed: list[str] = []
    for n, row in enumerate(rows[1:]):
        if n % every == 0:
            row[name_i] = f"Neues Modell {n} Edition Herbst"
            row[desc_i] = f"<p>Überarbeitete Ausführung {n} mit verbessertem Material und neuer Form.</p>"
            changed += [row[name_i], row[desc_i]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return changed


def next_day(products: int) -> dict[str, object]:
    """Full run on 2026-12-04, unchanged reruns the same day and on 2026-12-05 (CPU-time ratios).

    Both reruns publish the last run's files again (`localize.pipeline.rerun`). Also measured: the
    per-record path of an unchanged rerun (one published feed deleted, so the files cannot be reused
    and every record is restored from the state), and a rerun on 2026-09-26, before the EU green-claims
    rules took effect on 2026-09-27 (fr-FR): only the records those rules concern are redone."""
    with tempfile.TemporaryDirectory(prefix="localize-nextday-") as tmp:
        root = Path(tmp)
        src = generate(root / "products.csv", products)
        full = real_run(src, root / "out", as_of="2026-12-04")
        same = real_run(src, root / "out", as_of="2026-12-04")
        tomorrow = real_run(src, root / "out", as_of="2026-12-05")
        (root / "out" / ".current" / "en-US.jsonl").unlink()
        per_record = real_run(src, root / "out", as_of="2026-12-05")
        crossed = real_run(src, root / "out", as_of="2026-09-26")
        # the fixed part of an unchanged rerun: the same job over 50 products (start-up, stages
        # opened for their fingerprints, publishing), so the rest is the per-record part
        tiny = generate(root / "tiny.csv", 50)
        real_run(tiny, root / "tiny-out", as_of="2026-12-04")
        start_up = real_run(tiny, root / "tiny-out", as_of="2026-12-05")
        per_record_us = max(0.0, per_record["cpu_s"] - start_up["cpu_s"]) / (products * 3)
        crossing = crossed["incremental"] or {}
        return {
            "products": products,
            "markets": 3,
            "full_cpu_s": round(full["cpu_s"], 1),
            "same_day_rerun_cpu_s": round(same["cpu_s"], 2),
            "next_day_rerun_cpu_s": round(tomorrow["cpu_s"], 2),
            "next_day_reused_run": bool(tomorrow.get("reused_run")),
            "unchanged_rerun_start_up_cpu_s": round(start_up["cpu_s"], 2),
            "per_record_path_rerun_cpu_s": round(per_record["cpu_s"], 2),
            "per_record_path_cpu_us_per_record": round(per_record_us * 1e6, 1),
            "next_day_redone": (tomorrow["incremental"] or {}).get("redone"),
            "rule_date_crossed_cpu_s": round(crossed["cpu_s"], 2),
            "rule_date_crossed_checked": crossing.get("rule_dates_checked", 0),
            "rule_date_crossed_redone": crossing.get("redone"),
            "unchanged_rerun_vs_full_cpu": round(same["cpu_s"] / full["cpu_s"], 4),
            "next_day_rerun_vs_full_cpu": round(tomorrow["cpu_s"] / full["cpu_s"], 4),
            "next_day_rerun_vs_full_wall": round(tomorrow["wall_s"] / full["wall_s"], 4),
            "per_record_path_rerun_vs_full_cpu": round(per_record["cpu_s"] / full["cpu_s"], 4),
            "goal_next_day_rerun_vs_full": "<= 0.03",
        }


def main(quick: bool = False) -> dict[str, object]:
    result = deepl_nightly(quick)
    result["next_day"] = next_day(2_000 if quick else 100_000)
    return result


def deepl_nightly(quick: bool = False) -> dict[str, object]:
    from localize.translate.segments import protect

    products = 5_000 if quick else 100_000
    server = _server().start()
    try:
        with tempfile.TemporaryDirectory(prefix="localize-nightly-") as tmp:
            root = Path(tmp)
            generate(root / "products.csv", products)
            (root / "localize.yaml").write_text(
                "source: {format: akeneo-csv, path: products.csv, locale: de_DE, channel: ecommerce}\n"
                "markets: [{locale: en-US}]\n"
                "outputs: {dir: out, formats: [jsonl]}\n"
                "stages: [convert, translate, gate]\n"
                f"translation: {{engine: deepl, server_url: '{server.url}', timeout: 30}}\n",
                encoding="utf-8",
            )
            full_s, full = _run(root, server.auth_key)
            billed_full = full["translation"]["characters_billed"]
            same_s, same = _run(root, server.auth_key)
            changed = _change(root / "products.csv", every=100)
            expected = sum(len(protect(text).wire) for text in set(changed))
            before = server.character_count
            nightly_s, nightly = _run(root, server.auth_key)
            billed_nightly = nightly["translation"]["characters_billed"]
            return {
                "products": products,
                "changed_products": len(changed) // 2,
                "request_latency_s": LATENCY,
                "full_run_s": round(full_s, 2),
                "full_run_characters_billed": billed_full,
                "unchanged_rerun_s": round(same_s, 2),
                "unchanged_rerun_characters_billed": same["translation"]["characters_billed"],
                "nightly_run_s": round(nightly_s, 2),
                "incremental_vs_full_wall": round(nightly_s / full_s, 4),
                "goal_incremental_vs_full_wall": "<= 0.05",
                "nightly_characters_billed": billed_nightly,
                "server_characters_counted": server.character_count - before,
                "changed_segment_characters": expected,
                "billed_vs_changed": round(billed_nightly / expected, 4) if expected else None,
                "goal_billed_vs_changed": "1.0",
                "nightly_redone": nightly.get("incremental", {}).get("redone"),
                "nightly_reused": nightly.get("incremental", {}).get("reused"),
            }
    finally:
        server.stop()
