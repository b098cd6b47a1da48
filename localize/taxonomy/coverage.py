"""`localize taxonomy coverage`: how much of the catalogue is mapped, and how."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .calibrate import load_calibration
from .loader import load_taxonomy, resolve_taxonomy_path
from .map_context import TaxonomyContext
from .mapping import PRECEDENCE, CategoryResolver, load_mappings
from .source import read_source_categories


def _category_figures(resolver: CategoryResolver, locale: str | None, limit: int = 20) -> dict[str, Any]:
    counts = resolver.coverage()
    total = sum(counts.values())
    mapped = total - counts["review"]
    unmapped = []
    for code in resolver.tree.real():
        res = resolver.resolutions.get(code)
        if res is None or res.how != "review":
            continue
        best = res.candidates[0] if res.candidates else None
        unmapped.append({
            "code": code,
            "best": best.id if best else None,
            "best_path": resolver.taxonomy.path_text(best.id, locale) if best else None,
            "score": round(best.score, 4) if best else 0.0,
        })
    return {"total": total, "mapped": mapped, "share": round(mapped / total, 4) if total else 1.0,
            "by_how": counts, "unmapped": unmapped[:limit], "unmapped_count": len(unmapped)}


def coverage_from_files(source: Path, taxonomy: str, mappings: list[Path], *, threshold: float | None) -> dict[str, Any]:
    """Category coverage of a categories.csv against a taxonomy and mapping files."""
    tax = load_taxonomy(resolve_taxonomy_path(taxonomy))
    tree = read_source_categories(source)
    resolver = CategoryResolver(tax, tree, load_mappings(mappings, tax), threshold=threshold)
    return {"taxonomy": tax.name, "version": tax.version, "threshold": resolver.threshold,
            "product_type_trees": sorted(resolver.type_roots),
            "categories": _category_figures(resolver, tree.locales[0] if tree.locales else None),
            "calibration": calibration_curve()}


def coverage_from_context(tc: TaxonomyContext, products: Iterable[list[list[str]]] | None) -> dict[str, Any]:
    """Category coverage, and product coverage when `products` is given.

    `products` yields batches; each batch holds one list of category codes per product read
    (the caller reads the catalogue, so this module needs no reader, config or report).
    """
    data: dict[str, Any] = {"taxonomy": tc.taxonomy.name, "version": tc.taxonomy.version,
                            "threshold": tc.resolver.threshold}
    if products is not None:
        counts: Counter[str] = Counter()
        read = 0
        for batch in products:
            tc.add_codes([c for codes in batch for c in codes])
            for codes in batch:
                read += 1
                res = tc.resolver.for_product(codes)
                counts[res.how if res is not None and res.id is not None else "review"] += 1
        by_how = {k: counts.get(k, 0) for k in PRECEDENCE}
        mapped = read - by_how["review"]
        data["products"] = {"total": read, "mapped": mapped, "share": round(mapped / read, 4) if read else 1.0,
                            "by_how": by_how}
    data["categories"] = _category_figures(tc.resolver, tc.source_locale)
    data["product_type_trees"] = sorted(tc.resolver.type_roots)
    data["calibration"] = calibration_curve()
    return data


def calibration_curve() -> dict[str, Any]:
    """The precision/coverage trade-off measured on labelled data kept out of the calibration."""
    cal = load_calibration()
    if cal is None:
        return {}
    return {"default_threshold": cal.threshold, "fitted_on": cal.fitted_on, "curve": cal.curve}


def render(data: dict[str, Any], echo: Callable[[str], None]) -> None:
    """Plain lines for a terminal."""
    echo(f"taxonomy {data['taxonomy']} {data.get('version') or ''} (threshold {data['threshold']})")
    trees = data.get("product_type_trees")
    if trees:
        echo(f"product-type trees: {', '.join(trees)}")
    for key in ("products", "categories"):
        part = data.get(key)
        if not part:
            continue
        how = ", ".join(f"{k} {v}" for k, v in part["by_how"].items())
        echo(f"{key}: {part['mapped']} of {part['total']} mapped ({part['share']:.1%}): {how}")
    cats = data["categories"]
    for item in cats["unmapped"]:
        best = f"best {item['best']} {item['best_path']} ({item['score']:.2f})" if item["best"] else "no candidate"
        echo(f"  unmapped {item['code']}: {best}")
    more = cats["unmapped_count"] - len(cats["unmapped"])
    if more > 0:
        echo(f"  ... and {more} more unmapped (use --json for all)")
    cal = data.get("calibration") or {}
    for name, points in (cal.get("curve") or {}).items():
        echo(f"precision/coverage on labelled data ({name}): confidence threshold -> share applied automatically, precision")
        for point in points:
            mark = "  <- default" if point["threshold"] == cal.get("default_threshold") else ""
            echo(f"  {point['threshold']:.3f} -> {point['applied']:.1%} applied, {point['precision']:.1%} right{mark}")
