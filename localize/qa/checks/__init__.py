"""The check registry: every check `localize validate` knows, by its stable code.

Check functions by kind:

- `pair`:   `func(source: str, target: str, ctx: CheckContext) -> Iterable[Issue]`, called for
            every translated field whose source and target are both non-empty text
            (`empty-target` is also called when the target is empty).
- `record`: `func(record: FeedRecord, ctx: CheckContext) -> Iterable[Issue]`, once per record.
- `line`:   structure checks the engine performs while reading (`func` is None).

A `stateful` check's func is a factory called once per file that returns the check function
(consistency across products, duplicate ids). The modules are imported explicitly below:
no plugin scanning, so the order of `--list-checks` is the order of this list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..check_types import Check, Example, Kind, Level

PROFILES = frozenset({"jsonl", "google-merchant", "akeneo", "xliff"})

_REGISTRY: dict[str, Check] = {}
_MODULE_OF: dict[str, str] = {}  # check code -> the module that registered it
_MODULES = ("structure", "google", "google_units", "akeneo", "markup", "numbers", "terms", "target_text", "claims")
_loaded = False


def register(
    code: str,
    *,
    severity: Level,
    kind: Kind,
    summary: str,
    fix: str,
    profiles: Iterable[str] = PROFILES,
    passes: Iterable[Example] = (),
    fails: Iterable[Example] = (),
    stateful: bool = False,
    group: str = "translation",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: register `func` as the check `code`."""

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        define(code, severity=severity, kind=kind, summary=summary, fix=fix, profiles=profiles,
               passes=passes, fails=fails, stateful=stateful, group=group, func=func)
        return func

    return deco


def define(
    code: str,
    *,
    severity: Level,
    kind: Kind,
    summary: str,
    fix: str,
    profiles: Iterable[str] = PROFILES,
    passes: Iterable[Example] = (),
    fails: Iterable[Example] = (),
    stateful: bool = False,
    group: str = "translation",
    func: Callable[..., Any] | None = None,
) -> Check:
    """Register a check (also one without a function: the structure checks the engine runs)."""
    if code in _REGISTRY:
        raise ValueError(f"check {code!r} is registered twice")
    _MODULE_OF[code] = _caller_module()
    check = Check(
        code=code, severity=severity, kind=kind, profiles=frozenset(profiles), summary=summary, fix=fix,
        func=func, stateful=stateful, passes=tuple(passes), fails=tuple(fails), group=group,
    )
    _REGISTRY[code] = check
    return check


def _caller_module() -> str:
    """The module that called `register`/`define` (the first frame outside this one)."""
    import sys

    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back  # type: ignore[assignment]
    return frame.f_globals.get("__name__", "") if frame is not None else ""


def all_checks() -> dict[str, Check]:
    """Every registered check by code, in documentation order: the order of `_MODULES`, then
    the order within each module (not the order in which other code happened to import them,
    so findings and reports come out the same whatever was imported first)."""
    global _loaded
    if not _loaded:
        from importlib import import_module

        for name in _MODULES:
            import_module(f"{__name__}.{name}")
        _loaded = True
    rank = {f"{__name__}.{name}": i for i, name in enumerate(_MODULES)}
    position = {code: i for i, code in enumerate(_REGISTRY)}
    ordered = sorted(_REGISTRY, key=lambda c: (rank.get(_MODULE_OF.get(c, ""), len(rank)), position[c]))
    return {code: _REGISTRY[code] for code in ordered}


def get(code: str) -> Check:
    return all_checks()[code]
