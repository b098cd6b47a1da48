"""Pipeline stages, in order: map -> convert -> translate -> check -> gate.

Each stage module owns one job; `build_stages` lists them explicitly (no plugin scanning).
"""

from __future__ import annotations

from .base import Batch, PassThrough, RunContext, RunOptions, Stage

__all__ = ["Batch", "PassThrough", "RunContext", "RunOptions", "Stage", "build_stages", "STAGE_ORDER"]

STAGE_ORDER = ("map", "convert", "translate", "check", "gate")


def build_stages(names: tuple[str, ...]) -> list[Stage]:
    """Instantiate the named stages in pipeline order (imports stay lazy for a fast --help)."""
    from .check import CheckStage
    from .convert import ConvertStage
    from .gate import GateStage
    from .map import MapStage
    from .translate import TranslateStage

    classes: dict[str, type[Stage]] = {
        "map": MapStage,
        "convert": ConvertStage,
        "translate": TranslateStage,
        "check": CheckStage,
        "gate": GateStage,
    }
    return [classes[name]() for name in STAGE_ORDER if name in names]
