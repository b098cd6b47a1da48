"""The contract every feed writer follows.

A writer is opened per market, receives the market's *published* records in input order
(withheld and rejected records never reach it), and commits atomically at the end of the
run. Output must be byte-identical for identical inputs: stable ordering, sorted keys,
no timestamps inside feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar, Protocol

from ..atomic import AtomicFile
from ..attributes import AttributeCatalog
from ..codes import CodeMap
from ..config import Config
from ..model import LocalizedRecord, Market, Product
from .spool import RowSpool

if TYPE_CHECKING:
    from ..report import RunReport  # rich, loaded by the run anyway; not by a writer's import


class RunView(Protocol):
    """What a writer reads of the run it writes for (the stages' `RunContext` has all of it): a
    channel knows this much of the run, not the stages."""

    config: Config

    @property
    def out_dir(self) -> Path: ...

    # What the runner and the stages published (the named `RunContext` fields):
    @property
    def catalog(self) -> AttributeCatalog | None: ...  # the source's attribute definitions

    @property
    def source(self) -> ProductModelsView | None: ...  # the product models (the Akeneo write-back)

    @property
    def identifier_column(self) -> str: ...

    @property
    def taxonomy(self) -> TaxonomyView | None: ...  # the shared taxonomy the map stage loaded

    @property
    def report(self) -> RunReport: ...  # where a writer warns about what it could not write


class ProductModelsView(Protocol):
    """The source's product models, each with its own row's values."""

    @property
    def raw_models(self) -> CodeMap[Product]: ...  # `key()` gives a parent code as the export spells it


class TaxonomyView(Protocol):
    """What a channel reads of the shared taxonomy: where it comes from (`google` ids are Google's)."""

    @property
    def source(self) -> str | None: ...


class FeedWriter:
    """Base class: subclasses set `format` and implement `write`, and `commit` unless they stream into
    the one file `self.file` (then the base's `commit` and `abort` serve)."""

    format: ClassVar[str] = ""
    #: The output whose requirements a finding can name (`Finding.output`): a record with an open
    #: finding for this output is withheld from it only. Defaults to the format's name.
    output: ClassVar[str] = ""

    #: The `localize validate` profile of the files this writer writes, when the run's check stage
    #: checks the rows a record would give (`extension(profile, "run_rows")`) before they are written.
    profile: ClassVar[str] = ""

    @classmethod
    def output_name(cls) -> str:
        return cls.output or cls.format
    #: True when the writer needs only `record.encoded` (the feed line): unchanged records of an
    #: incremental run are then re-emitted without decoding them back into objects.
    line_only: ClassVar[bool] = False

    def __init__(self, ctx: RunView, market: Market) -> None:
        self.ctx = ctx
        self.market = market
        #: The file this writer publishes (a subclass sets it), checked before the run starts.
        self.path: Path | None = None
        #: The file a streaming writer writes into as records come (committed by the base's `commit`).
        self.file: AtomicFile | None = None

    def write(self, record: LocalizedRecord) -> None:
        raise NotImplementedError

    def commit(self) -> list[Path]:
        """Make the output visible (atomic rename); return the paths written."""
        if self.file is None:
            raise NotImplementedError
        return [self.file.commit()]

    def held(self) -> list[bytes]:
        """Review-queue lines for what `commit` held back (a shop resource records translate differently);
        the runner appends them to the run's review queue."""
        return []

    def abort(self) -> None:
        """Drop partial output; previous outputs stay intact."""
        if self.file is not None:
            self.file.abort()

    @staticmethod
    def from_spool(path: Path, spool: RowSpool, write: Callable[[IO[Any], Iterator[dict[str, Any]]], None],
                   encoding: str = "utf-8") -> AtomicFile:
        """The final file of a writer that spooled its rows (a header that lists every column, rows
        checked as a whole before anything is published): `write` writes the header and the spooled
        rows into the temporary file, and may raise to refuse the file. The spool is dropped either way;
        on any error the temporary file is too and the previous output stays. The caller commits the
        returned file (several together, when an output is made of several files)."""
        out = AtomicFile(path, newline="", encoding=encoding)
        try:
            write(out.handle, spool.rows())
        except BaseException:
            out.abort()
            raise
        finally:
            spool.discard()
        return out
