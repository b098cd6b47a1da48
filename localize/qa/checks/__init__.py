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

import sys
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, Required, TypedDict, Unpack

from ..check_types import Check, Example, Kind, Level, Needs

PROFILES = frozenset({"jsonl", "google-merchant", "akeneo", "xliff", "shopify", "shopware", "magento", "oxid", "sheet"})

_REGISTRY: dict[str, Check] = {}
_EXTENSIONS: dict[tuple[str, str], Any] = {}  # (profile, name) -> what a channel adds besides checks
_MODULE_OF: dict[str, str] = {}  # check code -> the module that registered it
# The check modules in documentation order: qa's own by their name in this package, an output
# channel's checks by their full module name (a channel builds on qa's check machinery; qa names its
# modules here, like the format registry names the writers, and imports them when first asked).
_MODULES = ("structure", "localize.channels.google_merchant.checks", "localize.channels.google_merchant.unit_checks",
            "localize.channels.akeneo.checks", "localize.channels.shopify.checks",
            "localize.channels.shopware.checks", "localize.channels.magento.checks", "localize.channels.oxid.checks",
            "localize.channels.sheet_checks",
            "markup", "invisible", "numbers", "terms", "target_text", "claims")
_loaded = False


class CheckSpec(TypedDict, total=False):
    """What `register` passes on to `define` (the defaults are `define`'s)."""

    severity: Required[Level]
    kind: Required[Kind]
    summary: Required[str]
    fix: Required[str]
    profiles: Iterable[str]
    passes: Iterable[Example]
    fails: Iterable[Example]
    stateful: bool
    group: str
    needs: Needs


def register(code: str, **spec: Unpack[CheckSpec]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: register `func` as the check `code` (the keywords are `define`'s)."""

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        define(code, func=func, **spec)
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
    needs: Needs | None = None,
) -> Check:
    """Register a check (also one without a function: the structure checks the engine runs)."""
    if code in _REGISTRY:
        raise ValueError(f"check {code!r} is registered twice")
    _MODULE_OF[code] = _caller_module()
    check = Check(
        code=code, severity=severity, kind=kind, profiles=frozenset(profiles), summary=summary, fix=fix,
        func=func, stateful=stateful, passes=tuple(passes), fails=tuple(fails), group=group, needs=needs,
    )
    _REGISTRY[code] = check
    return check


def _caller_module() -> str:
    """The module that called `register`/`define` (the first frame outside this one)."""
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
        for name in _MODULES:
            import_module(_module_name(name))
        _loaded = True
    rank = {_module_name(name): i for i, name in enumerate(_MODULES)}
    position = {code: i for i, code in enumerate(_REGISTRY)}
    ordered = sorted(_REGISTRY, key=lambda c: (rank.get(_MODULE_OF.get(c, ""), len(rank)), position[c]))
    return {code: _REGISTRY[code] for code in ordered}


def extend(profile: str, name: str, value: Any) -> None:
    """Register what an output channel adds to its profile besides checks, asked for by name:
    `settings` (parses its config section), `schema_covered` (schema errors its checks report
    themselves), `header` hooks, `published_copy` ... Called by the channel's check module, so
    qa names no channel code: it asks `extension(profile, name)`."""
    _EXTENSIONS[(profile, name)] = value


def extension(profile: str, name: str, default: Any = None) -> Any:
    """What a channel registered for its profile under `name` (see `extend`), else `default`."""
    all_checks()  # the channel check modules register their extensions when they load
    return _EXTENSIONS.get((profile, name), default)


def _module_name(name: str) -> str:
    return name if "." in name else f"{__name__}.{name}"


def get(code: str) -> Check:
    return all_checks()[code]
