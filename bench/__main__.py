"""Run every benchmark module (`bench/bench_*.py`, each with `main(quick=False) -> dict`).

    python -m bench                 # all, full size
    python -m bench --quick         # all, small sizes (a smoke test)
    python -m bench pipeline units  # only these

Prints one JSON object keyed by module name. Figures are ratios measured in one run, so they
compare like with like on whatever machine runs them; nothing here fails on time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmark names (module name without bench_)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    args = parser.parse_args()
    here = Path(__file__).parent
    modules = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if args.names:
        modules = [m for m in modules if m[len("bench_"):] in args.names]
    results: dict[str, object] = {}
    for name in modules:
        started = time.perf_counter()
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        module = importlib.import_module(f"bench.{name}")
        try:
            results[name[len("bench_"):]] = module.main(quick=args.quick)
        except Exception as exc:  # report and go on: one broken benchmark must not hide the others
            results[name[len("bench_"):]] = {"error": f"{type(exc).__name__}: {exc}"}
        print(f"bench: {name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    print(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
