"""What a worker need not build again: the driver's parsed rule packs and unit factors, shipped once.

Opening a run's stages costs seconds of CPU per process, most of it parsing and validating the rule
packs (YAML + JSON Schema) and asking pint for the markets' unit factors. The driver has done both
before any worker starts (it opens the same stages), and both results sit in content-addressed
process caches: packs by (path, resolved path, SHA-256 of the file's bytes), factors by the pair of
unit codes. The driver exports those caches into the run's spec; each worker installs them before
it opens its stages, so a pack whose bytes match is taken as parsed and a factor is not asked of
pint again. A worker whose files differ (another machine, another checkout) misses on the digest
and parses its own file: the shipped form is never trusted over the worker's bytes.

A long-lived cluster keeps the caches between runs too (they are per process, not per run).
"""

from __future__ import annotations

from typing import Any

from ..rules import packs
from ..units import registry
from ..units.akeneo_pint import SPECS

__all__ = ["export", "install", "sizes"]


def export() -> dict[str, Any]:
    """This process's parsed packs and unit factors (filled by opening the run's stages), with the
    factors the records may still ask for (`likely_factors`)."""
    likely_factors()
    return {"packs": dict(packs._PACK_CACHE), "factors": dict(registry._factors)}


def likely_factors() -> int:
    """Compute here the factors a worker's records may ask for, so no worker loads pint (0.5 s of CPU
    each): from every unit of a family the markets convert in to every unit of that family already
    known (the markets' targets and sources: a value in grams shown in kilograms). A pair pint cannot
    convert is left out (the worker raises its error as one process would). Returns how many were added."""
    known: dict[str, set[str]] = {}
    for source, target, family in list(registry._factors):
        if family:
            known.setdefault(family, set()).update((source, target))
    added = 0
    for (family, code), spec in SPECS.items():
        if spec.pint is None or family not in known:
            continue
        for target in sorted(known[family]):
            if (code, target, family) in registry._factors:
                continue
            try:
                registry.factor(code, target, family)
            except Exception:  # noqa: BLE001 - not ours to raise here: the worker meets it as one process does
                continue
            added += 1
    return added


def install(payload: dict[str, Any]) -> None:
    """Take the driver's parsed packs and factors into this process's caches (entries already
    here are kept: equal keys mean equal content)."""
    shipped = payload.get("packs") or {}
    if len(packs._PACK_CACHE) + len(shipped) > packs._PACK_CACHE_SIZE:
        packs._PACK_CACHE.clear()
    for key, pack in shipped.items():
        packs._PACK_CACHE.setdefault(key, pack)
    for key, factor in (payload.get("factors") or {}).items():
        registry._factors.setdefault(key, factor)


def sizes() -> tuple[frozenset[Any], frozenset[Any]]:
    """The keys in the two caches now: what a worker parsed or computed itself is the difference
    between two snapshots (reported per worker in the manifest)."""
    return frozenset(packs._PACK_CACHE), frozenset(registry._factors)
