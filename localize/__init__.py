"""localize: an AI-assisted product-data localisation pipeline.

Library first: everything the CLI does is a function here.

    import localize
    report = localize.run(localize.load_config("localize.yaml"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

__all__ = ["run", "load_config", "RunReport", "RunOptions", "__version__"]

if TYPE_CHECKING:
    from .api import run
    from .config import load_config
    from .report import RunReport
    from .stages.base import RunOptions


def __getattr__(name: str) -> Any:
    # start-up cost: importing `localize` (or any of its modules) must not pull in pint, babel or deepl;
    # the facade loads what a name needs when it is first used.
    if name == "run":
        from .api import run  # start-up cost: see above

        return run
    if name == "load_config":
        from .config import load_config  # start-up cost: see above

        return load_config
    if name == "RunReport":
        from .report import RunReport  # start-up cost: see above

        return RunReport
    if name == "RunOptions":
        from .stages.base import RunOptions  # start-up cost: see above

        return RunOptions
    raise AttributeError(name)
