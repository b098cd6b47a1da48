"""OXID eShop article CSV (the generic import/export layout of the `oxarticles` table), streamed.

The format, from OXID eShop's own code and schema (OXID-eSales/oxideshop_ce): the generic import
(Service > Generic Import; `Core/GenericImport/GenericImport.php`) reads a CSV with `;` as
field terminator and `"` as encloser (the shop's `sGiCsvFieldTerminator`/`sCSVSign` and
`sGiCsvFieldEncloser` settings), each column assigned to a field of the table; it turns `&#13;`,
`&#10;`, `&#39;` and `&#34;` back into CR, LF, `'` and `"` (`csvTextConvert`), reads a cell `null` as
NULL and an empty cell as NULL. A row of `oxarticles` (`Setup/Sql/database_schema.sql`): `OXID`
(char(32), the key the import matches on), `OXPARENTID` (the parent article of a variant),
`OXARTNUM`, `OXACTIVE`, `OXTITLE`, `OXSHORTDESC`, `OXSEARCHKEYS`, `OXVARNAME` (the parent's variant
names, `Farbe | Größe`), `OXVARSELECT` (a variant's selections, `Rot | XL`), `OXPRICE`, `OXWEIGHT`
(kg), `OXLENGTH`/`OXWIDTH`/`OXHEIGHT` (m); each multilingual field has a column per further language,
suffixed with the language id (`OXTITLE_1`, `OXSHORTDESC_2`); the base column is language 0. The long
description lives in `oxartextends` (`OXID`, `OXLONGDESC`, `OXLONGDESC_1` ...), the category
assignment in `oxobject2category` (`OXOBJECTID` = the article, `OXCATNID` = the category).

So an OXID source is the article file, and optionally the `oxartextends`, `oxobject2category` and
`oxcategories` exports among `source.path` (told apart by their headers; they are read into an index
before the articles stream, and yield no products of their own; with `oxcategories` an article's
categories are paths of titles, `Bekleidung/T-Shirts`, else category OXIDs). An article file that already carries
`OXLONGDESC` columns (a joined export) needs no extends file.

Languages: language 0 is `source.locale`; `source.shop.languages` maps further ids to locales
(`{"1": en_GB}`); for a German source, 1 is English (en_GB) as OXID installs it. Copy in a language
id that is not mapped is not read (the shop keeps it; only mapped languages are written back).
Prices need `source.currency` (the shop's default currency).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ..attributes import AttributeCatalog, AttributeInfo
from ..config import SourceConfig
from ..errors import ConfigError, InputError
from ..limits import NumberProblem
from ..locale import is_known_locale, language_of, to_pim_locale
from ..model import Money, Origin, Product, Quantity, Reject, Value
from .akeneo_flat import parse_decimal
from .base import Reader, clean_identifier
from .csvstream import iter_rows
from .shop_options import shop_currency

#: Multilingual text fields of oxarticles (their `_<id>` columns hold the other languages) and oxartextends.
COPY_FIELDS = ("OXTITLE", "OXSHORTDESC", "OXVARNAME", "OXVARSELECT", "OXSEARCHKEYS", "OXLONGDESC")
#: Fields that hold codes, not copy: never translated.
CODE_FIELDS = ("OXARTNUM", "OXEAN", "OXMPN", "OXDISTEAN")
MEASURES = {"OXWEIGHT": "KILOGRAM", "OXLENGTH": "METER", "OXWIDTH": "METER", "OXHEIGHT": "METER"}
ID_MAX = 32  # "ERROR: Articlenumber/ID longer then allowed (32 chars max.)!" (ImportObject::checkIdField)
#: The generic import's text encoding of characters a CSV line cannot hold (`csvTextConvert`).
ENTITIES = (("&#13;", "\r"), ("&#10;", "\n"), ("&#39;", "'"), ("&#34;", '"'))
EMPTY_HINT = "export the oxarticles table with a header row (field names such as OXID;OXTITLE;OXPRICE)"

OXID_DEFINITIONS = [
    AttributeInfo("oxartnum", "option", labels={"en_US": "Article number", "de_DE": "Artikelnummer"}),
    AttributeInfo("oxtitle", "text", localizable=True, labels={"en_US": "Title", "de_DE": "Titel"}),
    AttributeInfo("oxshortdesc", "text", localizable=True, labels={"en_US": "Short description", "de_DE": "Kurzbeschreibung"}),
    AttributeInfo("oxlongdesc", "text", localizable=True, labels={"en_US": "Description", "de_DE": "Beschreibung"}),
    AttributeInfo("oxvarname", "text", localizable=True, labels={"en_US": "Variant names", "de_DE": "Variantenname"}),
    AttributeInfo("oxvarselect", "text", localizable=True, labels={"en_US": "Variant selection", "de_DE": "Variantenauswahl"}),
    AttributeInfo("oxsearchkeys", "text", localizable=True, labels={"en_US": "Search keywords", "de_DE": "Suchwörter"}),
]


def decode_cell(text: str) -> str:
    """A cell as the generic import reads it: the entity-encoded line breaks and quotes restored."""
    if "&#" in text:
        for entity, char in ENTITIES:
            text = text.replace(entity, char)
    return text


def encode_cell(text: str) -> str:
    """A cell the generic import reads back to `text` (`csvTextConvert` in the other direction)."""
    for entity, char in ENTITIES:
        text = text.replace(char, entity)
    return text


def language_locales(source: SourceConfig) -> dict[int, str]:
    """OXID language id -> PIM locale: 0 is the source locale, `source.shop.languages` the others;
    for a German source 1 is English (en_GB), as OXID installs its two languages."""
    out = {0: source.locale}
    if language_of(source.locale) == "de":
        out[1] = "en_GB"
    for key, locale in ((source.shop or {}).get("languages") or {}).items():
        if not str(key).isdigit() or not is_known_locale(str(locale)):
            raise ConfigError(f"source.shop.languages.{key}: expected a language id and a locale, got '{locale}'",
                              hint='e.g. languages: {"1": en_GB, "2": fr_FR}')
        out[int(key)] = to_pim_locale(str(locale))
    return out


def split_field(name: str) -> tuple[str, int]:
    """`OXTITLE_1` -> (`OXTITLE`, 1); `OXTITLE` -> (`OXTITLE`, 0)."""
    base, _, suffix = name.rpartition("_")
    if base and suffix.isdigit():
        return base, int(suffix)
    return name, 0


def file_kind(header: list[str]) -> str:
    """`articles`, `extends` (oxartextends), `categories` (oxobject2category) or `tree` (oxcategories),
    by the header."""
    names = {h.strip().strip("\ufeff").upper() for h in header}
    if "OXOBJECTID" in names and "OXCATNID" in names:
        return "categories"
    if "OXID" in names and "OXTITLE" in names and "OXPARENTID" in names and ("OXROOTID" in names or "OXLEFT" in names):
        return "tree"
    if "OXID" in names and any(split_field(n)[0] == "OXLONGDESC" for n in names) and "OXTITLE" not in names \
            and "OXARTNUM" not in names:
        return "extends"
    return "articles"


def category_paths(tree: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Category OXID -> its path of titles (`Bekleidung/T-Shirts`), from an oxcategories export (its
    top categories have the parent `oxrootid`); a category whose chain is broken keeps its id."""
    out: dict[str, str] = {}
    for oxid in tree:
        titles: list[str] = []
        seen: set[str] = set()
        node = oxid
        while node in tree and node not in seen:
            seen.add(node)
            parent, title = tree[node]
            titles.append(title or node)
            node = parent
        if node in ("oxrootid", ""):  # reached the top: a complete chain
            out[oxid] = "/".join(reversed(titles))
    return out


def _header(path: Path, encoding: str, delimiter: str) -> list[str]:
    rows = iter_rows(path, encoding, delimiter, EMPTY_HINT)
    header = next(rows)
    rows.close()
    return header  # type: ignore[return-value]


def _companion_rows(path: Path, source: SourceConfig, delimiter: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of an oxartextends or oxobject2category export by field name, decoded; a row that
    cannot be read is skipped here (that file's own reader reports it as a reject)."""
    rows = iter_rows(path, source.encoding, delimiter, EMPTY_HINT, source.limits)
    header = [h.strip().strip("\ufeff").upper() for h in next(rows)]  # type: ignore[union-attr]
    for item in rows:
        if isinstance(item, Reject):
            continue
        line, row = item  # type: ignore[misc]
        if len(row) == len(header):
            yield line, {h: _cell(c) for h, c in zip(header, row, strict=True)}


class OxidCsvReader(Reader):
    format = "oxid-csv"
    default_delimiter = ";"
    variants_complete = True

    def __init__(self, path: Path, source: SourceConfig, catalog: AttributeCatalog) -> None:
        super().__init__(path, source, catalog)
        self.currency = shop_currency(source)
        self.languages = language_locales(source)
        catalog.define_defaults(OXID_DEFINITIONS)

    def _companions(self) -> tuple[dict[str, tuple[Origin, list[tuple[int, str]]]], dict[str, tuple[str, ...]], int]:
        """The long descriptions (by OXID: where, [(language id, text)]) and categories (by OXID) of the
        `oxartextends` and `oxobject2category` files among `source.path`, and how many article files
        there are."""
        extends: dict[str, tuple[Origin, list[tuple[int, str]]]] = {}
        categories: dict[str, list[tuple[int, str]]] = {}
        tree: dict[str, tuple[str, str]] = {}  # category OXID -> (parent OXID, title in language 0)
        article_files = 0
        for path in self.source.paths:
            if not path.is_file():
                continue
            kind = file_kind(_header(path, self.source.encoding, self.delimiter))
            if kind == "articles":
                article_files += 1
            elif kind == "extends":
                for line, row in _companion_rows(path, self.source, self.delimiter):
                    texts = [(split_field(k)[1], v) for k, v in row.items() if split_field(k)[0] == "OXLONGDESC" and v]
                    if row.get("OXID") and texts:
                        extends[row["OXID"].strip()] = (Origin(str(path), line, "OXID"), texts)
            elif kind == "tree":
                for _, row in _companion_rows(path, self.source, self.delimiter):
                    if row.get("OXID", "").strip():
                        tree[row["OXID"].strip()] = (row.get("OXPARENTID", "").strip(), row.get("OXTITLE", "").strip())
            elif kind == "categories":
                for _, row in _companion_rows(path, self.source, self.delimiter):
                    article, category = row.get("OXOBJECTID", "").strip(), row.get("OXCATNID", "").strip()
                    if article and category:
                        categories.setdefault(article, []).append((_position(row.get("OXPOS", "")), category))
        paths = category_paths(tree)
        return (extends, {k: tuple(paths.get(c, c) for _, c in sorted(v)) for k, v in categories.items()},
                article_files)

    def __iter__(self) -> Iterator[Product | Reject]:
        file = str(self.path)
        rows = iter_rows(self.path, self.source.encoding, self.delimiter, EMPTY_HINT, self.source.limits)
        header = [h.strip().strip("\ufeff") for h in next(rows)]  # type: ignore[union-attr]
        if file_kind(header) != "articles":
            # an oxartextends or oxobject2category export: the article file's reader joins its rows;
            # this reader reports the rows that cannot be read, with their line
            for item in rows:
                if isinstance(item, Reject):
                    yield item
                elif len(item[1]) != len(header):  # type: ignore[index]
                    yield Reject(Origin(file, item[0]), f"{len(item[1])} fields, the header has {len(header)}; "  # type: ignore[index]
                                 "check quoting and delimiters (the generic import uses ; and \")")
            return
        layout = _Layout(header, file, self)
        extends, categories, article_files = self._companions()
        joined: set[str] = set()
        for item in rows:
            if isinstance(item, Reject):
                yield item
                continue
            line, row = item  # type: ignore[misc]
            origin = Origin(file, line)
            if len(row) != len(header):
                yield Reject(origin, f"{len(row)} fields, the header has {len(header)}; check quoting and delimiters "
                                     "(the generic import uses ; and \")")
                continue
            product = layout.product(row, origin)
            if isinstance(product, Product):
                found = extends.get(product.identifier)
                if found is not None:
                    joined.add(product.identifier)
                    for language, text in found[1]:
                        locale = self.languages.get(language)
                        if locale is not None and "oxlongdesc" not in layout.joined:
                            product.add("oxlongdesc", Value(locale, None, text))
                # a variant without assignments of its own is listed under its parent's categories
                assigned = categories.get(product.identifier) or (categories.get(product.parent) if product.parent else None)
                if assigned:
                    product.categories = assigned
            yield product
        if article_files == 1:  # a long description whose article is not in the (only) article file
            for oxid, (where, _) in extends.items():
                if oxid not in joined:
                    yield Reject(where, f"a long description for OXID '{oxid}', which is not an article of {file}; "
                                 "export oxarticles and oxartextends together", identifier=oxid, field="OXID")


class _Layout:
    """The article header's columns, classified once."""

    def __init__(self, header: list[str], file: str, reader: OxidCsvReader) -> None:
        upper = [h.upper() for h in header]
        position = {name: i for i, name in enumerate(upper) if name}
        if "OXID" not in position:
            raise InputError(f"{file}:1: no OXID column in the header",
                             hint="the generic import matches articles by OXID; " + EMPTY_HINT)
        self.reader = reader
        self.oxid = position["OXID"]
        self.parent = position.get("OXPARENTID")
        self.active = position.get("OXACTIVE")
        self.price = position.get("OXPRICE")
        self.copy: list[tuple[int, str, str]] = []  # (index, attribute, PIM locale)
        self.codes = [(position[f], f.lower()) for f in CODE_FIELDS if f in position]
        self.measures = [(position[f], f.lower(), unit) for f, unit in MEASURES.items() if f in position]
        self.joined: set[str] = set()
        for name, index in position.items():
            base, language = split_field(name)
            if base in COPY_FIELDS and language in reader.languages:
                self.copy.append((index, base.lower(), reader.languages[language]))
                self.joined.add(base.lower())
        if self.price is not None and reader.currency is None:
            raise InputError(f"{file}:1: the export has OXPRICE but the shop's currency is not configured",
                             hint="set source.currency to the shop's default currency, e.g. currency: EUR")

    def product(self, row: list[str], origin: Origin) -> Product | Reject:
        reader = self.reader
        oxid, problem = clean_identifier(row[self.oxid])
        if problem or not oxid:
            return Reject(Origin(origin.file, origin.line, "OXID"), f"column OXID: {problem or 'missing OXID'}", field="OXID")
        if len(oxid) > ID_MAX:
            return Reject(Origin(origin.file, origin.line, "OXID"), f"column OXID: {len(oxid)} characters; OXID's "
                          f"import refuses an id longer than {ID_MAX}", identifier=oxid, field="OXID")
        product = Product(identifier=oxid, origin=origin)
        product.fingerprint = hashlib.blake2b("\x1f".join(row).encode(), digest_size=16).hexdigest()
        if self.parent is not None:
            parent = _cell(row[self.parent]).strip()
            product.parent = parent or None
        if self.active is not None and _cell(row[self.active]).strip() == "0":
            product.enabled = False
        problems: list[tuple[str, str]] = []
        for index, code, locale in self.copy:
            text = _cell(row[index])
            if text:
                product.add(code, Value(locale, None, text))
        for index, code in self.codes:
            text = _cell(row[index]).strip()
            if text:
                product.add(code, Value(None, None, text))
        for index, code, unit in self.measures:
            amount = _number(row[index], code.upper(), reader, problems)
            if amount:  # OXID stores 0 for "no weight"
                product.add(code, Value(None, None, Quantity(amount, unit)))
        if self.price is not None:
            amount = _number(row[self.price], "OXPRICE", reader, problems)
            if amount is not None:
                product.add("oxprice", Value(None, None, (Money(amount, reader.currency or ""),)))
        if problems:
            column = problems[0][0]
            return Reject(Origin(origin.file, origin.line, column), "; ".join(f"column {c}: {p}" for c, p in problems),
                          identifier=oxid, field=column)
        return product


def _position(text: str) -> int:
    """OXPOS, the sort order of a category assignment (0 when it is not a number)."""
    try:
        return int(parse_decimal(text.strip()) or 0)
    except (NumberProblem, ValueError, OverflowError):
        return 0


def _cell(text: str) -> str:
    """A cell's text: NULL (`null`, any case) is empty, entities decoded."""
    if len(text) == 4 and text.lower() == "null":
        return ""
    return decode_cell(text)


def _number(text: str, column: str, reader: OxidCsvReader, problems: list[tuple[str, str]]) -> Decimal | None:
    text = _cell(text).strip()
    if not text:
        return None
    try:
        amount = parse_decimal(text, reader.source.limits)
    except NumberProblem as exc:
        problems.append((column, str(exc)))
        return None
    if amount is None:
        problems.append((column, f"'{text[:40]}' is not a number; OXID stores numbers with a dot, e.g. 12.50"))
    return amount
