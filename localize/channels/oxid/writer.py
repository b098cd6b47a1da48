"""OXID eShop generic import files per market: the market language's fields of `oxarticles`
(`<market>.oxid.csv`: `OXID;OXTITLE_1;OXSHORTDESC_1;OXVARNAME_1;OXVARSELECT_1;OXSEARCHKEYS_1`) and of
`oxartextends` (`<market>.oxid-longdesc.csv`: `OXID;OXLONGDESC_1`), one row per article with new copy.

How a shop owner imports them: Service > Generic Import (OXID 6/7 admin), table
"oxarticles" for the first file and "oxartextends" for the second, "first line is header" on, each
column assigned to the field of the same name; separator `;` and encloser `"` (the shop's
defaults). The import matches articles by OXID, so only the market language's columns change.

The language id per market: `source.shop.languages` (id -> locale) read backwards, by exact locale,
else by language; by default 0 is the source locale and, for a German source, 1 is English (OXID's
two installed languages). A market whose language has no id stops the run with a hint, since
writing another language's columns would overwrite that language's copy.

Cells are written as the import reads them (see `readers.oxid_csv`): every field enclosed, CR, LF,
`'` and `"` as `&#13;`, `&#10;`, `&#39;`, `&#34;` (so a line of the file is one article, whatever
the HTML); copy unchanged otherwise (an apostrophe before a title would reach shoppers), a
formula-like OXID with the project's apostrophe. A cell is empty only where the article
has no copy in that language this run or before: an empty cell clears the field on import. Checked
against `grammar` before it is committed, atomically.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ...atomic import AtomicFile
from ...cells import SheetRows, neutralise
from ...errors import ConfigError, OutputError
from ...locale import language_of
from ...model import LocalizedRecord, Market
from ...readers.oxid_csv import encode_cell, language_locales
from ..base import FeedWriter, RunView
from ..spool import RowSpool
from .grammar import ARTICLE_FIELDS, EXTENDS_FIELDS, column, header_problems, row_problems

TRANSLATED = frozenset({"machine", "human"})
#: A parent's variant names (`Farbe | Größe`) and each variant's selections (`Rot | XL`) are paired by
#: position (the schema's comment: "separated by | "): a translation must keep the parts.
VARIANT_FIELDS = frozenset({"OXVARNAME", "OXVARSELECT"})
VARIANT_SEPARATOR = "|"
WRITTEN = TRANSLATED | {"pim"}


def language_id(market: Market, languages: dict[int, str]) -> int | None:
    """The OXID language id of a market: its locale exactly, else the one id of its language."""
    for lang_id, locale in sorted(languages.items()):
        if locale.lower() == market.pim_locale.lower():
            return lang_id
    same = [i for i, locale in sorted(languages.items()) if language_of(locale) == market.language.lower()]
    return same[0] if len(same) == 1 else None


def language_cells(record: LocalizedRecord) -> tuple[dict[str, str], dict[str, str], dict[str, str]] | None:
    """(oxarticles fields, oxartextends fields, their source texts) of a record's rows, by field name
    (`OXTITLE`), or None when it has no new copy: the writer writes them in the market's language
    columns, the run's check stage checks them first (`checks.run_rows`)."""
    article: dict[str, str] = {}
    extends: dict[str, str] = {}
    sources: dict[str, str] = {}
    new = False
    for code, value in record.values.items():
        field = code.upper()
        if field not in ARTICLE_FIELDS and field not in EXTENDS_FIELDS:
            continue
        if value.status not in WRITTEN or not isinstance(value.data, str) or not value.data:
            continue
        new = new or value.status in TRANSLATED
        (extends if field in EXTENDS_FIELDS else article)[field] = value.data
        if isinstance(value.source, str):
            sources[field] = value.source
    return (article, extends, sources) if new else None


def variant_parts_problem(field: str, text: str, source: str | None) -> str | None:
    """Why a translated variant name or selection would break the variant pairing, or None."""
    if field not in VARIANT_FIELDS or source is None or text.count(VARIANT_SEPARATOR) == source.count(VARIANT_SEPARATOR):
        return None
    return (f"'{text}' has not the {source.count(VARIANT_SEPARATOR) + 1} parts of '{source}' "
            "(OXID pairs variant names and selections by their ' | ' position)")


class OxidCsvWriter(FeedWriter):
    format = "oxid-csv"
    profile = "oxid"

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        languages = language_locales(ctx.config.source)
        lang = language_id(market, languages)
        if lang is None:
            raise ConfigError(f"outputs.formats oxid-csv: market {market.code} has no OXID language id",
                              hint=f"map it in source.shop.languages, e.g. languages: {{\"2\": {market.pim_locale}}} "
                                   "(the id of the language under Master Settings > Languages)")
        if lang == 0 and market.pim_locale.lower() != ctx.config.source.locale.lower():
            raise ConfigError(f"outputs.formats oxid-csv: market {market.code} would write language 0, the source's "
                              f"({ctx.config.source.locale}) copy",
                              hint="OXID holds one copy per language: give the market a language id of its own in "
                                   "source.shop.languages, or leave oxid-csv out for this market's run")
        self.language = lang
        self.path = ctx.out_dir / f"{market.code}.oxid.csv"
        self.longdesc_path = ctx.out_dir / f"{market.code}.oxid-longdesc.csv"
        self.problems: list[str] = []
        self.articles = RowSpool(ctx.out_dir)
        self.extends = RowSpool(ctx.out_dir)

    def write(self, record: LocalizedRecord) -> None:
        cells = language_cells(record)
        if cells is None:
            return
        article, extends, sources = cells
        for field, text in article.items():
            problem = variant_parts_problem(field, text, sources.get(field))
            if problem:
                self.problems.append(f"OXID {record.identifier!r}, column {column(field, self.language)}: {problem}")
        if article:
            self.articles.add({"OXID": record.identifier, **{column(f, self.language): t for f, t in article.items()}})
        if extends:
            self.extends.add({"OXID": record.identifier, **{column(f, self.language): t for f, t in extends.items()}})

    def commit(self) -> list[Path]:
        """Both files are written and checked first, then made visible together."""
        ready: list[AtomicFile] = []
        try:
            for path, spool, order in ((self.path, self.articles, ARTICLE_FIELDS),
                                       (self.longdesc_path, self.extends, EXTENDS_FIELDS)):
                columns = ["OXID"] + [column(f, self.language) for f in order if column(f, self.language) in spool.columns]
                if len(columns) == 1:
                    spool.discard()
                    path.unlink(missing_ok=True)  # nothing this run: no stale file from an earlier one
                    continue
                ready.append(self._write(path, spool, columns))
        except BaseException:
            for out in ready:
                out.abort()
            self.abort()
            raise
        return [out.commit() for out in ready]

    def _write(self, path: Path, spool: RowSpool, columns: list[str]) -> AtomicFile:
        problems = [f"column {c}: {why}" for c, why in header_problems(columns)]
        if spool is self.articles:
            problems += self.problems

        def write(handle: IO[Any], rows: Iterator[dict[str, Any]]) -> None:
            writer = SheetRows(handle, delimiter=";", quotechar='"', quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                for name, why in row_problems(row):
                    problems.append(f"OXID {row.get('OXID')!r}, column {name}: {why}")
                writer.writerow([encode_cell(neutralise(row[c]) if c == "OXID" else row.get(c, "")) for c in columns])
            if problems:
                raise OutputError(f"{path}: OXID's generic import would refuse this file: " + "; ".join(problems[:20]),
                                  hint="shorten or change the copy named; nothing was published for this output")

        return self.from_spool(path, spool, write)

    def abort(self) -> None:
        self.articles.discard()
        self.extends.discard()
