"""Akeneo flat CSV import files per market: products (`<market>.akeneo.csv`) and product models
(`<market>.akeneo-models.csv`), with the localized columns filled.

Only localizable copy goes back (`name-en_US`, `description-en_US-ecommerce`): converted
units and prices are market views, not PIM data, and must not overwrite the source values.
A product is listed only when it has new copy to import. An empty cell clears a value on
import, so a row also carries the target-locale copy the PIM already had (`status="pim"`):
a cell is empty only where the PIM holds no value in that locale, and clearing nothing is safe.

Copy that lives on a product model (its row in the model export has the value) is written to
the product-model file under the model's code, and left out of the variants' rows: Akeneo's
product import drops values outside a variant's own attribute set, so a model's description
imported through its variants would be lost. A model is listed once, with the copy of the first
published variant that carries it (variants inherit one value, so they agree).

Both files are checked against the column grammar of Akeneo's imports before they are
committed (`attribute[-locale][-channel]`, known locales and currencies, the identifier or
`code` column): a file Akeneo would refuse is never published; the run stops with the column.
Copy is written as published (Akeneo stores a cell as it reads it: a formula guard would become
part of the copy); only the identifying cells get the formula guard (`_write`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...atomic import AtomicFile
from ...attributes import AttributeCatalog
from ...cells import SheetRows, neutralise
from ...codes import CodeMap
from ...errors import OutputError
from ...model import LocalizedRecord, Market, Product
from ...records import value_scope
from ..base import FeedWriter, RunView
from ..spool import RowSpool
from .checks import check_import_header

TRANSLATED = frozenset({"machine", "human"})
WRITTEN_BACK = TRANSLATED | {"pim"}
MODEL_FIELDS = ("code", "parent", "family_variant", "categories")


_NO_MODELS: CodeMap[Product] = CodeMap()  # a run without product models (never written to)


class AkeneoCsvWriter(FeedWriter):
    format = "akeneo-csv"

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        self.path = ctx.out_dir / f"{market.code}.akeneo.csv"
        self.models_path = ctx.out_dir / f"{market.code}.akeneo-models.csv"
        self.spool = RowSpool(ctx.out_dir)
        self.model_rows: dict[str, dict[str, str]] = {}  # model code -> row (models are few)
        self._model_columns: dict[str, str] = {}  # model file column -> attribute code
        self.identifier_column = ctx.identifier_column
        self.source_locale = ctx.config.source.locale
        self.channel = market.channel or ctx.config.source.channel

    def _models(self) -> CodeMap[Product]:
        source = self.ctx.source
        return source.raw_models if source is not None else _NO_MODELS

    def _owner(self, product: Product, code: str, models: CodeMap[Product]) -> Product | None:
        """The product model whose own row holds attribute `code` (nearest first), or None."""
        parent, seen = product.parent, set()
        while parent and parent in models and parent.casefold() not in seen:
            seen.add(parent.casefold())
            model = models[parent]
            if code in model.values:
                return model
            parent = model.parent
        return None

    def write(self, record: LocalizedRecord) -> None:
        row: dict[str, str] = {}
        new = False
        models = self._models() if record.product.parent else _NO_MODELS
        for code, value in record.values.items():
            if value.status not in WRITTEN_BACK or not isinstance(value.data, str) or not value.data:
                continue
            if not any(v.locale is not None for v in record.product.values.get(code, ())):
                continue  # not localizable in the PIM: there is no `code-<locale>` column to import
            column = f"{code}-{self.market.pim_locale}"
            owner = self._owner(record.product, code, models) if models else None
            if owner is not None and owner.get(code, self.source_locale, self.channel) != value.source \
                    and value.status != "pim":
                owner = None  # the variant's own value (an export that repeats the attribute on both levels)
            scope = value_scope(owner or record.product, code, self.channel)
            if scope:
                column += f"-{scope}"
            # copy of another country's locale (`localize.sibling_copy`) is new in the market's locale too
            fresh = value.status in TRANSLATED or (value.status == "pim" and "copied_from" in value.extra)
            if owner is not None:
                self._model_columns[column] = code
                self._model_value(owner, models, column, value.data, fresh)
                continue
            new = new or fresh
            row[column] = value.data
        if new:
            row[self.identifier_column] = record.identifier
            self.spool.add(row)

    def _model_value(self, model: Product, models: CodeMap[Product], column: str, text: str, translated: bool) -> None:
        row = self.model_rows.get(model.identifier)
        if row is None:
            row = self.model_rows[model.identifier] = {
                "code": model.identifier,
                "parent": models.key(model.parent) if model.parent else "",
                "family_variant": model.family_variant or "",
                "categories": ",".join(model.categories),
                "\x00new": "",
            }
        row.setdefault(column, text)  # the first published variant's copy
        if translated:
            row["\x00new"] = "1"

    def commit(self) -> list[Path]:
        columns = [self.identifier_column] + sorted(c for c in self.spool.columns if c != self.identifier_column)
        attributes = self._attribute_defs()
        problems = check_import_header(columns, attributes, identifier=self.identifier_column)
        models = [r for _, r in sorted(self.model_rows.items()) if r.get("\x00new")]
        model_columns = list(MODEL_FIELDS) + sorted({c for r in models for c in r if c not in MODEL_FIELDS
                                                     and not c.startswith("\x00")})
        if models:
            problems += check_import_header(model_columns, attributes, identifier="code", models=True)
            self._fill_model_cells(models, model_columns)
        if problems:
            self.abort()
            raise OutputError(f"{self.path}: the Akeneo import file would not pass Akeneo's column grammar: "
                              + "; ".join(problems),
                              hint="this is a bug in localize's Akeneo writer; please report it with the column")
        written = [self._write(self.path, columns, self.spool.rows(), {self.identifier_column})]
        self.spool.discard()
        if models:
            written.append(self._write(self.models_path, model_columns, iter(models), set(MODEL_FIELDS)))
        else:
            self.models_path.unlink(missing_ok=True)  # no model copy this run: no stale file from an earlier one
        return written

    def _fill_model_cells(self, rows: list[dict[str, str]], columns: list[str]) -> None:
        """An empty cell clears a value on import: a model's cell this run has no copy for gets the
        copy the PIM already holds in the market's locale, so it is empty only where the PIM has none."""
        models = self._models()
        for row in rows:
            model = models.get(row["code"])
            if model is None:
                continue
            for column in columns:
                code = self._model_columns.get(column)
                if code is None or row.get(column) or code not in model.values:
                    continue
                parts = column.split("-")
                scope = parts[2] if len(parts) > 2 else self.channel
                existing = model.get(code, self.market.pim_locale, scope)
                if isinstance(existing, str) and existing:
                    row[column] = existing

    def _write(self, path: Path, columns: list[str], rows: Any, identifying: set[str]) -> Path:
        """The import file: copy cells as written, the identifying cells (`identifying`) with the formula guard.

        Akeneo's import stores a cell as it reads it: an apostrophe put before copy that starts like a formula
        (a bullet list `- Stable`) would become part of the product's copy in the PIM, and grow by one on each
        round trip (the next export holds `'- Stable`, which starts like a formula again). So copy goes as the
        run published it, as the shop imports carry their content (Magento, OXID, Shopify); the identifier and
        model codes keep the guard, as in those files."""
        out = AtomicFile(path, newline="")
        guarded = [c in identifying for c in columns]
        try:
            writer = SheetRows(out.handle, delimiter=";", lineterminator="\n")
            writer.writerow([neutralise(c) for c in columns])
            for row in rows:
                writer.writerow([neutralise(row.get(c, "")) if guard else row.get(c, "")
                                 for c, guard in zip(columns, guarded, strict=True)])
        except BaseException:
            out.abort()
            self.spool.discard()
            raise
        return out.commit()

    def _attribute_defs(self) -> dict[str, Any] | None:
        path = self.ctx.config.source.attributes
        if path is None or not path.is_file():
            return None
        return AttributeCatalog.from_source(self.ctx.config.source).attributes

    def abort(self) -> None:
        self.spool.discard()
