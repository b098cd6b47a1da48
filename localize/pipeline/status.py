"""What the next run would do, and what earlier runs did: `localize status`, `localize runs`.

`status` reads the source and compares every product's input hash with the state store, without
writing anything: per market, how many records changed (will be redone), are unchanged (will be
re-emitted), wait for review, and wait for translation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import UsageError
from ..log import get_logger
from ..model import Product
from ..readers.scopes import resolve_channel
from ..report import RunReport
from ..stages import RunContext, RunOptions, build_stages
from .incremental import Incremental
from .publish import current_manifest
from .runner import select_markets
from .source import Source, check_inputs
from .state import StateStore


def status(config: Config, markets: tuple[str, ...] = ()) -> dict[str, Any]:
    """Per market: changed, unchanged, pending_review, pending_translation, new, rejected."""
    check_inputs(config)
    config, _ = resolve_channel(config)  # the same channel a run would read
    report = RunReport()
    chosen = select_markets(config, markets)
    ctx = RunContext(config=config, markets=chosen, report=report, options=RunOptions(dry_run=True), log=get_logger("status"))
    source = Source(config, report)
    source.bind(ctx)  # as a run does: the stages' fingerprints depend on the source's catalogue
    store_path = config.state_dir / "state.sqlite"
    store = (StateStore(store_path, url=config.state_url, schema=config.state_schema)
             if store_path.is_file() or config.state_url else None)
    stages = build_stages(config.stages)
    for stage in stages:
        stage.open(ctx)
    try:
        plan = Incremental(ctx, stages, store, run_id="status")
        out = {m.code: {"changed": 0, "new": 0, "unchanged": 0, "pending_review": 0, "pending_translation": 0, "rejected": 0}
               for m in chosen}
        for items in source.batches(config.batch_size):
            products = [p for p in items if isinstance(p, Product)]
            for market in chosen:
                counts = out[market.code]
                counts["rejected"] += len(items) - len(products)
                stored = store.lookup(market.code, [p.identifier for p in products]) if store else {}
                for product in products:
                    previous = stored.get(product.identifier)
                    input_hash = plan.input_hash(product, market)
                    if previous is None:
                        counts["new"] += 1
                    elif previous.outcome == "pending":
                        counts["pending_translation"] += 1
                    elif previous.input_hash != input_hash and not plan.reusable_across_dates(previous, product, market):
                        counts["changed"] += 1  # (a crossed rule date: only the records the rule concerns)
                    else:
                        counts["unchanged"] += 1
                        if previous.outcome == "withheld":
                            counts["pending_review"] += 1
        published = current_manifest(config.out_dir) or {}
        return {"state": str(store_path), "has_state": store is not None, "markets": out,
                # the run whose outputs `out/` shows now (the generation `out/.current` names)
                "published_run": published.get("run_id")}
    finally:
        for stage in stages:
            stage.close(ctx)
        if store is not None:
            store.close()


def list_runs(state_dir: Path) -> list[dict[str, Any]]:
    """Earlier runs, newest first, from `<state>/runs/<run-id>/manifest.json`."""
    runs_dir = state_dir / "runs"
    out = []
    if not runs_dir.is_dir():
        return out
    for folder in sorted(runs_dir.iterdir(), reverse=True):
        manifest = folder / "manifest.json"
        if not manifest.is_file():
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        markets = data.get("markets") or {}
        out.append({
            "run_id": data.get("run_id", folder.name),
            "finished_at": data.get("finished_at"),
            "exit_code": data.get("exit_code"),
            "written": sum(m.get("written", 0) for m in markets.values()),
            "withheld": sum(m.get("withheld", 0) for m in markets.values()),
            "rejected": sum(m.get("rejected", 0) for m in markets.values()),
            "pending": sum(m.get("pending", 0) for m in markets.values()),
            "characters_billed": (data.get("sections", {}).get("translation") or {}).get("characters_billed", 0),
        })
    return out


def show_run(state_dir: Path, run_id: str) -> dict[str, Any]:
    manifest = state_dir / "runs" / run_id / "manifest.json"
    if not manifest.is_file():
        known = [r["run_id"] for r in list_runs(state_dir)[:5]]
        raise UsageError(f"no run '{run_id}' in {state_dir / 'runs'}",
                         hint=f"recent runs: {', '.join(known)}" if known else "no runs recorded yet")
    return json.loads(manifest.read_text(encoding="utf-8"))
