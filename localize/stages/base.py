"""The contract every pipeline stage follows.

A stage sees one batch at a time: the products of the batch (market-independent, as read
and merged with their models) and one `LocalizedRecord` per product and market. It fills
the records (values, findings, taxonomy) in place. Working on whole batches across all
markets is what lets translation deduplicate and batch requests, and lets the rules engine
compile once and scan many fields.

What a stage may use is a named, typed field of `RunContext` (the attribute catalogue, the source's
product models, the taxonomy the map stage loaded, the QA re-check the gate calls), so a stage says
what it needs and a test builds exactly that. Side effects (memory, translator) are opened in `open()`
and released in `close()`, so a stage stays testable on plain records.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..attributes import AttributeCatalog
from ..model import LocalizedRecord, Market, Product

if TYPE_CHECKING:
    from ..config import Config
    from ..report import RunReport
    from ..taxonomy.taxonomy_model import Taxonomy


@dataclass
class RunOptions:
    """Per-invocation choices that are not part of the config (they come from the command line)."""

    limit: int | None = None
    markets: tuple[str, ...] = ()  # restrict to these market codes; empty = all
    engine: str | None = None  # translation engine override
    dry_run: bool = False
    full: bool = False  # ignore incremental state
    allow_empty: bool = False  # publish empty feeds over non-empty ones (`--allow-empty`)
    progress: bool = False
    workers: int | None = None  # `--workers N`: a Dask LocalCluster of N processes (`localize.execution`)
    scheduler: str | None = None  # `--scheduler tcp://host:8786`: an existing Dask cluster


@dataclass
class Batch:
    """One batch of products and their per-market records."""

    products: list[Product]
    records: list[LocalizedRecord]

    def by_market(self) -> dict[str, list[LocalizedRecord]]:
        out: dict[str, list[LocalizedRecord]] = {}
        for record in self.records:
            out.setdefault(record.market.code, []).append(record)
        return out

    def active(self) -> list[LocalizedRecord]:
        """Records not rejected so far (stages skip rejected ones)."""
        return [r for r in self.records if r.rejected is None]


class ProductModels(Protocol):
    """What the Akeneo write-back needs of the source: each product model with its own row's values."""

    raw_models: Mapping[str, Product]


class Rechecker(Protocol):
    """The QA half of the check stage, as the gate calls it on a reviewer's edited text."""

    def recheck(self, record: LocalizedRecord) -> bool: ...


@dataclass
class RunContext:
    """What a stage may use: the config, the markets of this run, the report, and the named things
    the runner and earlier stages provide (each None until provided, so a test builds only what the
    stage under test reads)."""

    config: Config
    markets: tuple[Any, ...]
    report: RunReport
    options: RunOptions
    log: logging.Logger
    #: The source's attribute definitions (set by the runner once the source is open).
    catalog: AttributeCatalog | None = None
    #: The source, for its product models once read (the Akeneo write-back).
    source: ProductModels | None = None
    #: The column that holds the product identifier in the source (and in the Akeneo write-back).
    identifier_column: str = "sku"
    #: The shared taxonomy the map stage loaded (writers read its source: a Google taxonomy's ids are Google's).
    taxonomy: Taxonomy | None = None
    #: The QA check the gate runs again on a reviewer's edited text (published by the check stage).
    rechecker: Rechecker | None = None
    #: The run's new generation folder while its outputs are built (see `localize.pipeline.publish`).
    write_dir: Path | None = None

    @property
    def state_dir(self) -> Path:
        return self.config.state_dir

    @property
    def out_dir(self) -> Path:
        """Where writers put their files: the run's unpublished generation folder during a run
        (published as one set at the end), else the configured output folder."""
        return self.write_dir if self.write_dir is not None else self.config.out_dir


class Stage:
    """Base class. Subclasses set `name` and implement `process`."""

    name: ClassVar[str] = "stage"
    #: False for a stage that is not built yet and passes records through; the summary says so.
    implemented: ClassVar[bool] = True
    #: Summary keys that describe the run rather than count records (the same on every worker of a
    #: distributed run, so its figures are merged by taking one worker's, not by adding them up).
    run_figures: ClassVar[frozenset[str]] = frozenset()

    def open(self, ctx: RunContext) -> None:
        """Load what the stage needs (taxonomy, rules, engine). Called once per run."""

    def process(self, batch: Batch, ctx: RunContext) -> None:
        """Fill the batch's records in place."""

    def submit(self, batch: Batch, ctx: RunContext) -> list[Batch]:
        """Process `batch`; return the batches now complete, in the order they were submitted.

        A stage that waits for a remote engine may hold batches back (a bounded number) to fill
        its requests across batches; the runner passes on only what is returned and calls
        `drain` at the end. Default: process now and return the batch.
        """
        self.process(batch, ctx)
        return [batch]

    def drain(self, ctx: RunContext) -> list[Batch]:
        """Finish every batch still held back (end of the run); returns them in order."""
        return []

    def close(self, ctx: RunContext) -> None:
        """Flush and release resources. Called once per run, also after an error."""

    def summary(self) -> dict[str, Any]:
        """Figures for the run report (`report.stages[name]`)."""
        return {}

    def fingerprint(self, market: Market) -> str:
        """Everything besides the product's values and the config that decides this stage's output
        for `market` (taxonomy and rules file contents, rates date, engine settings, memory and
        review-decision generations). Incremental runs redo a product when this changes."""
        return ""


class PassThrough(Stage):
    """A stage that is not built yet: records go through unchanged, and the report says so."""

    implemented = False

    def summary(self) -> dict[str, Any]:
        return {"status": "pass-through", "note": f"the {self.name} stage is not built yet; records passed unchanged"}
