"""The source: every input file of a run, read as one stream of products in batches.

Product-model files are read first so that variants, streamed afterwards, inherit their model's
values unless they override them (`localize.pipeline.models`: many models go to disk). Identifiers are checked for
duplicates across all files with an on-disk index, so memory stays flat however large the
catalogue is.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..attributes import AttributeCatalog
from ..codes import CodeMap
from ..config import Config
from ..errors import ConfigError, InputError, OutputError
from ..gtin import GtinReading
from ..model import Origin, Product, Reject, Value
from ..readers import open_reader
from ..readers.base import Reader
from ..readers.controls import INVISIBLE_IN_CODE, code_problem
from ..readers.escapes import EscapeReading
from ..report import RunReport
from ..sanitize import markup_in_code
from ..sibling_copy import locales_read
from ..stages.base import RunContext
from .channel_gaps import ChannelGaps
from .models import ProductModels
from .state import digest

Item = Product | Reject


class IdentifierIndex:
    """Identifiers seen so far, on disk (SQLite), checked a batch at a time."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="localize-ids-")
        self._db = sqlite3.connect(str(Path(self._dir.name) / "ids.sqlite"))
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-8000;"
            "CREATE TABLE seen (id TEXT PRIMARY KEY, file TEXT, line INTEGER) WITHOUT ROWID;"
        )

    def check_and_add(self, products: list[Product]) -> dict[int, Origin]:
        """Positions in `products` that repeat an earlier identifier, with the first origin."""
        first: dict[str, Origin] = {}
        dupes: dict[int, Origin] = {}
        ids = [p.identifier for p in products]
        known: dict[str, Origin] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for ident, file, line in self._db.execute(f"SELECT id, file, line FROM seen WHERE id IN ({marks})", chunk):
                known[ident] = Origin(file, line)
        fresh = []
        for i, product in enumerate(products):
            ident = product.identifier
            if ident in known:
                dupes[i] = known[ident]
            elif ident in first:
                dupes[i] = first[ident]
            else:
                first[ident] = product.origin
                fresh.append((ident, product.origin.file, product.origin.line))
        try:
            self._db.executemany("INSERT INTO seen VALUES (?, ?, ?)", fresh)
        except sqlite3.OperationalError as exc:  # "database or disk is full": say which disk
            raise OutputError(f"{Path(self._dir.name) / 'ids.sqlite'}: cannot write the identifier index: {exc}",
                              hint="free space in the temporary folder (or point TMPDIR at a larger disk)") from None
        return dupes

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()


def merge_model(model: Product, child: Product) -> Product:
    """The child (variant or sub-model) with its model's values, unless it overrides them."""
    values: CodeMap[list[Value]] = CodeMap((attr, list(vals)) for attr, vals in model.values.items())
    for attr, vals in child.values.items():
        scopes = {(v.locale, v.channel) for v in vals}
        kept = [v for v in values.get(attr, ()) if (v.locale, v.channel) not in scopes]
        values[attr] = kept + list(vals)
    categories = tuple(CodeMap.fromkeys(model.categories + child.categories))
    return Product(
        identifier=child.identifier,
        origin=child.origin,
        family=child.family or model.family,
        parent=child.parent,
        categories=categories,
        enabled=child.enabled,
        groups=child.groups or model.groups,
        values=dict(values),
        associations=dict(child.associations),
        is_model=child.is_model,
        family_variant=child.family_variant or model.family_variant,
        fingerprint=digest(model.fingerprint or "", child.fingerprint or "") if child.fingerprint else None,
    )


class Source:
    """All inputs of a run, yielded as batches of products and rejects in a stable order."""

    def __init__(self, config: Config, report: RunReport, log: logging.Logger | None = None) -> None:
        self.config = config
        self.report = report
        self.log = log or logging.getLogger("localize.source")
        src = config.source
        if not src.paths:
            raise ConfigError("source.path: no input file given", hint="set source.path in localize.yaml or pass --source FILE")
        self.catalog = AttributeCatalog.from_source(src)
        self.catalog.load_options(src.options, src.encoding, src.delimiter or ";")
        readers = [open_reader(path, src, self.catalog) for path in src.paths]
        self.model_readers: list[Reader] = []
        self.product_readers: list[Reader] = []
        for reader in readers:
            (self.model_readers if reader.is_models() else self.product_readers).append(reader)
        #: each product model with only its own row's values (the Akeneo write-back needs them), in
        #: memory or, when there are many, on disk; merged with its ancestors when a variant asks
        self.raw_models = ProductModels()
        self.read_count = 0
        #: the warnings reading gave, in order (an unchanged rerun that reads nothing repeats them):
        #: the first `RunReport.MAX_WARNINGS`, and how many there were
        self.warnings: list[str] = []
        self.warning_count = 0
        #: line breaks written as escapes (`\\n`) read as line breaks, here for every reader
        self.escapes = self._escape_reading()
        #: GTINs whose leading zeros a spreadsheet dropped restored, wrong ones set aside (`localize.gtin`)
        self.gtins = GtinReading()

    def _escape_reading(self) -> EscapeReading:
        """Escapes read in every value; counted for the warnings in what the run's markets read only."""
        markets = self.config.markets
        return EscapeReading(self.catalog, locales_read(self.config.source.locale, markets),
                             frozenset(m.channel for m in markets if m.channel is not None))

    def bind(self, ctx: RunContext) -> None:
        """Give the stages what they read of the source (before they open): a run and `localize
        status` both call this, so the stages' fingerprints (the map stage's product evidence, the
        convert stage's metric families) are the same in both, and status agrees with the run."""
        ctx.catalog = self.catalog
        ctx.source = self  # its product models, once read (the Akeneo write-back)
        ctx.identifier_column = self.config.source.identifier or self.catalog.identifier() or "sku"

    def _warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < self.report.MAX_WARNINGS:
            self.warnings.append(message)
        self.report.warn(message)

    def _load_models(self) -> Iterator[Reject]:
        models = self.raw_models = ProductModels()  # afresh: each pass over the source reads them again
        for reader in self.model_readers:
            for item in reader:
                if isinstance(item, Reject):
                    yield item
                    continue
                unsafe = unsafe_code(item) or self.escapes.apply(item) or self.gtins.apply(item)
                if unsafe is not None:
                    yield unsafe
                    continue
                if item.identifier in models:
                    first = models[item.identifier].origin
                    yield Reject(item.origin, f"duplicate product model code '{item.identifier}' (first at {first})",
                                 identifier=item.identifier)
                    continue
                models.add(item)
        models.link(self._warn)

    def batches(self, size: int, limit: int | None = None) -> Iterator[list[Item]]:
        """Batches of at most `size` items (products and rejects) in input order."""
        index = IdentifierIndex()
        gaps = ChannelGaps({m.channel for m in self.config.markets})
        self.escapes = self._escape_reading()  # afresh: each pass counts its own
        self.gtins = GtinReading()
        try:
            batch: list[Item] = []
            for reject in self._load_models():
                batch.append(reject)
            for item in self._products(limit, len(batch)):
                if type(item) is Product:
                    gaps.add(item)
                batch.append(item)
                if len(batch) >= size:
                    yield self._dedupe(batch, index)
                    batch = []
            if batch:
                yield self._dedupe(batch, index)
            read_messages = [m for r in self.model_readers + self.product_readers for m in r.messages()]
            for message in read_messages + gaps.messages() + self.escapes.messages() + self.gtins.messages():
                self._warn(message)
        finally:
            index.close()

    def _products(self, limit: int | None, already: int) -> Iterator[Item]:
        count = already
        for reader in self.product_readers:
            for item in reader:
                if limit is not None and count >= limit:
                    return
                count += 1
                if type(item) is Product:
                    unsafe = unsafe_code(item) or self.escapes.apply(item) or self.gtins.apply(item)
                    if unsafe is not None:
                        yield unsafe
                        continue
                if isinstance(item, Product) and item.parent:
                    model = self.raw_models.resolved(item.parent, merge_model)
                    if model is not None:
                        item = merge_model(model, item)
                    elif not item.is_model and not reader.variants_complete:
                        self._warn(
                            f"{item.origin}: variant '{item.identifier}': its product model '{item.parent}' is not "
                            "among the sources; read with its own values (add the product-model export to source.path)"
                        )
                yield item

    def _dedupe(self, batch: list[Item], index: IdentifierIndex) -> list[Item]:
        positions = [i for i, item in enumerate(batch) if isinstance(item, Product)]
        products = [batch[i] for i in positions]
        dupes = index.check_and_add(products)  # type: ignore[arg-type]
        for k, first in dupes.items():
            product = products[k]
            assert isinstance(product, Product)
            batch[positions[k]] = Reject(
                product.origin,
                f"duplicate identifier '{product.identifier}' (first at {first}); the first occurrence is kept",
                identifier=product.identifier,
            )
        self.read_count += len(batch)
        return batch


_CODE_NAMES = {"identifier": "identifier", "parent": "parent code", "family": "family code",
               "family_variant": "family variant code", "categories": "category code"}


def unsafe_code(product: Product) -> Reject | None:
    """A reject for a product whose identifier, parent, family or category code holds unsafe
    markup (`localize.sanitize.markup_in_code`: codes are published as they are, never cleaned)."""
    codes = (("identifier", product.identifier), ("parent", product.parent), ("family", product.family),
             ("family_variant", product.family_variant), *(("categories", c) for c in product.categories))
    if INVISIBLE_IN_CODE.search(" ".join(c for _, c in codes if c)):  # one search for all of them
        for name, code in codes:
            problem = code_problem(_CODE_NAMES[name], code or "")
            if problem is not None:
                return Reject(product.origin, problem, identifier=product.identifier, field=name)
    for name, code in codes:
        if code and ("<" in code or "&" in code or ":" in code):
            removed = markup_in_code(code)
            if removed is not None:
                return Reject(product.origin, f"the {_CODE_NAMES[name]} '{code}' holds unsafe markup ({removed}); "
                              "codes are published as they are in every feed and sheet, so the row is set aside - "
                              "fix the code in the PIM", identifier=product.identifier, field=name)
    return None


def check_inputs(config: Config) -> None:
    """Fail fast (exit 3) when an input file is missing, before any work starts."""
    for path in config.source.paths:
        if not path.exists():
            raise InputError(f"{path}: file not found", hint="check source.path (relative paths start at the config's folder)")
