"""`localize review export` on a queue of 25,000 findings: seconds per file and in all.

The queue is generated (5,000 withheld records x 5 findings, three markets, texts of a few
hundred characters); the figure is the export's wall and CPU time and the time of each writer
(HTML, CSV, XLSX, XLIFF), and the XLSX writer's CPU time per 1,000 rows at 5,000 and at 25,000 findings
(equal when it is linear; the old writer grew quadratically: 16 minutes and unfinished).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

MARKETS = ("en-US", "fr-FR", "ja-JP")
RULES = ("global-health-claims", "us-made-in-usa", "global-organic-claims", "validate:number-mismatch",
         "global-green-claims")


def write_queue(path: Path, findings: int, per_record: int = 5) -> None:
    """A review-queue.jsonl of `findings` findings, `per_record` on each withheld record."""
    with path.open("w", encoding="utf-8") as fh:
        for r in range(findings // per_record):
            market = MARKETS[r % len(MARKETS)]
            ident = f"SKU-{r:06d}"
            desc_src = f"<p>Robuste Pfanne {r} aus Gusseisen, 2,4 kg. Heilt nichts, ist aber bio und klimaneutral.</p>" * 3
            desc_tgt = f"<p>Sturdy pan {r} made of cast iron, 5.3 lb. Heals nothing but is organic and climate neutral.</p>" * 3
            findings_list = [
                {"code": "regulated-claim", "severity": "review", "message": f"Claim {k} needs evidence.",
                 "product": ident, "market": market, "field": "description", "locale": market,
                 "span": [10 + k, 20 + k], "matched": "organic", "rule": RULES[k % len(RULES)], "stage": "check"}
                for k in range(per_record)
            ]
            line = {"identifier": ident, "market": market, "locale": market, "source_locale": "de-DE",
                    "values": {"description": desc_tgt, "name": f"Pan {r}"},
                    "source": {"description": desc_src, "name": f"Pfanne {r}"},
                    "status": {"description": "machine", "name": "machine"},
                    "findings": findings_list, "withheld": True}
            fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def _timed_export(folder: Path, findings: int) -> dict[str, Any]:
    from localize.review import export as ex
    from localize.review.queue import counts_by_rule, read_queue
    from localize.review.xliff import render_xliff

    queue_path = folder / f"queue-{findings}.jsonl"
    write_queue(queue_path, findings)
    t0 = time.perf_counter()
    queue = read_queue(queue_path)
    read = time.perf_counter() - t0
    decidable = queue.decidable()
    timings: dict[str, float] = {"read": read}
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    ex.render_html(queue)
    timings["html"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ex.render_csv(decidable)
    timings["csv"] = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    ex.render_xlsx(decidable, counts_by_rule(decidable))
    timings["xlsx"] = time.perf_counter() - t0
    timings["xlsx_cpu"] = time.process_time() - c0
    t0 = time.perf_counter()
    render_xliff(decidable)
    timings["xliff"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    timings["renderers_cpu"] = time.process_time() - cpu0
    t0, c0 = time.perf_counter(), time.process_time()
    written = ex.export(queue, folder / f"review-{findings}")
    timings["export_total"] = time.perf_counter() - t0
    timings["export_total_cpu"] = time.process_time() - c0
    return {"findings": len(queue.items), "files": len(written), "seconds": {k: round(v, 2) for k, v in timings.items()}}


def main(quick: bool = False) -> dict[str, Any]:
    small, large = (1_000, 5_000) if quick else (5_000, 25_000)
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        folder = Path(tmp)
        a = _timed_export(folder, small)
        b = _timed_export(folder, large)
    per_k_small = a["seconds"]["xlsx_cpu"] / (a["findings"] / 1000)
    per_k_large = b["seconds"]["xlsx_cpu"] / (b["findings"] / 1000)
    return {
        "small": a,
        "large": b,
        "xlsx_cpu_seconds_per_1000_rows": {"small": round(per_k_small, 3), "large": round(per_k_large, 3),
                                       "ratio_large_to_small": round(per_k_large / per_k_small, 2) if per_k_small else None},
        "goal": "export of 25,000 findings in seconds; ratio_large_to_small near 1 (linear)",
    }


if __name__ == "__main__":
    print(json.dumps(main(quick=True), indent=2))
