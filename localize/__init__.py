"""localize: an AI-assisted product-data localisation pipeline.

Library first: everything the CLI does is a function here.

    import localize
    report = localize.run(localize.load_config("localize.yaml"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["run", "load_config", "RunReport", "RunOptions", "__version__"]

if TYPE_CHECKING:
    from .api import run
    from .config import load_config
    from .report import RunReport
    from .stages.base import RunOptions


def __getattr__(name: str) -> Any:
    # Lazy: importing `localize` must not pull in pint, babel or deepl.
    if name == "run":
        from .api import run

        return run
    if name == "load_config":
        from .config import load_config

        return load_config
    if name == "RunReport":
        from .report import RunReport

        return RunReport
    if name == "RunOptions":
        from .stages.base import RunOptions

        return RunOptions
    raise AttributeError(name)
