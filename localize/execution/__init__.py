"""Where a run's stages execute: this process (the default), or a Dask cluster (issue 18).

`localize run --workers N` starts a `LocalCluster` of N processes on this machine;
`--scheduler tcp://host:8786` (or `execution.scheduler`) uses an existing Dask cluster. Both
run the same stages on partitions of the catalogue and write the same bytes as one process
(`localize.execution.driver`). Dask is imported only when one of them is chosen: a plain run
never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..config import Config
from ..errors import UsageError
from ..pipeline import Pipeline
from ..stages.base import RunOptions

__all__ = ["ExecutionSettings", "execution_settings", "pipeline_class", "redact_address"]


@dataclass(frozen=True)
class ExecutionSettings:
    """The `execution:` section with the command line's `--workers` / `--scheduler` on top."""

    workers: int | None = None
    scheduler: str | None = None
    partitions: int | None = None
    block: int | None = None

    @property
    def distributed(self) -> bool:
        return self.workers is not None or self.scheduler is not None


def execution_settings(config: Config, options: RunOptions) -> ExecutionSettings:
    """Command line first, then the config; `--workers` and `--scheduler` exclude each other."""
    raw: dict[str, Any] = dict(config.raw.get("execution") or {})
    workers = options.workers if options.workers is not None else raw.get("workers")
    scheduler = options.scheduler if options.scheduler is not None else raw.get("scheduler")
    if options.workers is not None and options.scheduler is None:
        scheduler = None  # `--workers` on the command line wins over a configured scheduler
    if options.scheduler is not None and options.workers is None:
        workers = None
    if workers is not None and scheduler is not None:
        raise UsageError("--workers and --scheduler exclude each other",
                         hint="--workers N starts a cluster on this machine; --scheduler uses an existing one")
    if scheduler is not None and not str(scheduler).startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        raise UsageError(f"--scheduler {redact_address(str(scheduler))}: not a Dask scheduler address",
                         hint="give the address the scheduler prints, e.g. tcp://10.0.0.5:8786")
    return ExecutionSettings(workers=workers, scheduler=scheduler, partitions=raw.get("partitions"),
                             block=raw.get("block"))


def pipeline_class(config: Config, options: RunOptions | None) -> type[Pipeline]:
    """The runner for this run: `Pipeline` in this process, or the Dask driver when asked for.

    A dry run (an estimate) always runs here: it sends nothing and writes nothing."""
    options = options or RunOptions()
    if options.dry_run or not execution_settings(config, options).distributed:
        return Pipeline
    # Dask and its dependencies load only for a distributed run (the module imports them at its top).
    return import_module(".driver", __package__).DistributedPipeline  # type: ignore[no-any-return]


def redact_address(address: str) -> str:
    """An address as logs and reports may show it: a user or password in it is replaced by `***`."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return "***"
    if parts.username is None and parts.password is None:
        return address
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))
