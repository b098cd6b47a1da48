"""Pipeline stages, in order: map -> convert -> translate -> check -> gate.

Each stage module owns one job; `build_stages` lists them explicitly (no plugin scanning).
"""

from __future__ import annotations

from .base import Batch, PassThrough, RunContext, RunOptions, Stage

__all__ = ["Batch", "PassThrough", "RunContext", "RunOptions", "Stage", "build_stages", "STAGE_ORDER"]

STAGE_ORDER = ("map", "convert", "translate", "check", "gate")


def build_stages(names: tuple[str, ...]) -> list[Stage]:
    """Instantiate the named stages in pipeline order."""
    # start-up cost: the stage modules load the taxonomy (numpy) and rules engines, +650 ms CPU for every
    # importer of localize.pipeline (`localize runs`, `show-run`) if imported at the top
    from .check import CheckStage
    from .convert import ConvertStage
    from .convert_copy import QuantitiesInCopy
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
    stages: list[Stage] = []
    for name in STAGE_ORDER:
        if name not in names:
            continue
        stage = classes[name]()
        stages.append(stage)
        if isinstance(stage, ConvertStage):
            convert = stage
    # Quantities in copy are converted once the copy is in the market's language: right after
    # translation (or where translation would be, when that stage is not run).
    if "convert" in names:
        after = next((i + 1 for i, s in enumerate(stages) if s.name == "translate"),
                     next(i + 1 for i, s in enumerate(stages) if s.name == "convert"))
        stages.insert(after, QuantitiesInCopy(convert))
    # Unsafe markup is removed from whatever a record publishes, whatever the configured stages:
    # after translation and quantities in copy, before the checks and the gate.
    # The copy is cleaned before translation too, so the engine never sees it (nor `<US$600`
    # taken for a tag); the second pass cleans what translation and memory brought.
    from .markup import MarkupStage  # start-up cost: as above

    translate = next((i for i, s in enumerate(stages) if s.name == "translate"), None)
    if translate is not None:
        stages.insert(translate, MarkupStage(name="markup-source"))
    before = next((i for i, s in enumerate(stages) if s.name in ("check", "gate")), len(stages))
    stages.insert(before, MarkupStage())
    return stages
