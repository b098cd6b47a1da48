"""The pipeline: the runner and what a run needs around its stages.

`runner` drives the stages over batches; `source` reads and merges the input; `incremental` and `state`
decide which products to redo; `lock` keeps two runs apart; `publish` and `manifest` make a run's outputs
appear as one set; `status` reports on past runs. The layer above (`localize.api`) calls `Pipeline`.
"""

from __future__ import annotations

from .runner import Pipeline

__all__ = ["Pipeline"]
