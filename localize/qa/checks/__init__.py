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

from ..model import Check, Example, Kind, Level

PROFILES = frozenset({"jsonl", "google-merchant", "akeneo", "xliff"})

_REGISTRY: dict[str, Check] = {}
_MODULES = ("structure", "google", "akeneo", "markup", "numbers", "terms", "text")
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
    check = Check(
        code=code, severity=severity, kind=kind, profiles=frozenset(profiles), summary=summary, fix=fix,
        func=func, stateful=stateful, passes=tuple(passes), fails=tuple(fails), group=group,
    )
    _REGISTRY[code] = check
    return check


def all_checks() -> dict[str, Check]:
    """Every registered check by code, in documentation order."""
    global _loaded
    if not _loaded:
        from importlib import import_module

        for name in _MODULES:
            import_module(f"{__name__}.{name}")
        _loaded = True
    return dict(_REGISTRY)


def get(code: str) -> Check:
    return all_checks()[code]
