"""What we know about the source's attributes: type, localizable, labels, metric family.

An Akeneo `attributes.csv` export (optional, `source.attributes`) tells the readers how to
type each column (a number attribute with "abc" is a bad row, not text) and tells later
stages which copy is translatable and what an attribute is called (DeepL context).
Without it, readers fall back to the column shape (`-unit` pairs, `price-EUR`).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codes import CodeMap
from .errors import ConfigError, InputError
from .locale import language_of

# Akeneo attribute types -> our value kinds
AKENEO_TYPES: dict[str, str] = {
    "pim_catalog_identifier": "identifier",
    "pim_catalog_text": "text",
    "pim_catalog_textarea": "text",
    "pim_catalog_number": "number",
    "pim_catalog_boolean": "bool",
    "pim_catalog_simpleselect": "option",
    "pim_catalog_multiselect": "options",
    "pim_catalog_metric": "metric",
    "pim_catalog_price_collection": "price",
    "pim_catalog_date": "date",
    "pim_catalog_image": "file",
    "pim_catalog_file": "file",
    "pim_reference_data_simpleselect": "option",
    "pim_reference_data_multiselect": "options",
    "akeneo_reference_entity": "option",
    "akeneo_reference_entity_collection": "options",
    "pim_catalog_asset_collection": "options",
    "pim_catalog_table": "text",
    "pim_catalog_product_link": "text",
}


@dataclass(frozen=True)
class AttributeInfo:
    code: str
    kind: str  # text | number | bool | option | options | metric | price | date | file | identifier
    localizable: bool = False
    scopable: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    metric_family: str | None = None
    default_unit: str | None = None
    text_type: str | None = None  # the PIM type, e.g. pim_catalog_textarea

    def label(self, locale: str | None = None) -> str:
        """The attribute's label in `locale` (PIM code), else English, else its code."""
        if locale and locale in self.labels:
            return self.labels[locale]
        for loc, text in sorted(self.labels.items()):
            if loc.startswith("en"):
                return text
        return self.code


class AttributeCatalog:
    """Attribute definitions by code; empty when the source has none."""

    def __init__(self, attributes: dict[str, AttributeInfo] | None = None) -> None:
        # codes are case-insensitive in Akeneo (`localize.codes`): `Color` in a header is `color`
        self.attributes: CodeMap[AttributeInfo] = CodeMap(attributes or {})
        # attribute code -> option code -> {PIM locale: label}, from `source.options`
        self.options: CodeMap[CodeMap[dict[str, str]]] = CodeMap()

    def option_label(self, attribute: str, option: str, pim_locale: str) -> tuple[str, str] | None:
        """The PIM's label of an option value for a market locale, and how it was found:
        `("pim", label)` in exactly that locale, `("neutral", label)` when every locale has the
        same label (`EU 42`, `W32/L32`) and there are at least two (one label alone says nothing about
        other languages: a German-only options file would show German to ja-JP), `("language", label)`
        in another locale of the same language (`fr_FR` for `fr_CH`); None when the PIM has none of these."""
        labels = self.options.get(attribute, {}).get(option)
        if not labels:
            return None
        if labels.get(pim_locale):
            return "pim", labels[pim_locale]
        distinct = set(labels.values())
        if len(distinct) == 1 and len(labels) > 1:
            return "neutral", next(iter(distinct))
        language = language_of(pim_locale)
        for loc in sorted(labels):
            if language_of(loc) == language and labels[loc]:
                return "language", labels[loc]
        return None

    def load_options(self, path: Path | None, encoding: str = "utf-8", delimiter: str = ";") -> None:
        """Read an Akeneo attribute options export (`attribute;code;sort_order;label-de_DE;...`)."""
        if path is None:
            return
        problems: list[str] = []
        for line, cells, labels in definition_rows(
            path, encoding, delimiter, ("attribute", "code"), "attribute options", "source.options", problems
        ):
            attribute, code = cells["attribute"], cells["code"]
            if not attribute or not code:
                problems.append(f"{path}:{line}: an option needs an attribute and a code")
                continue
            self.options.setdefault(attribute, CodeMap())[code] = {loc: text.strip() for loc, text in labels.items() if text.strip()}
        if problems:
            raise ConfigError(f"{path}: {len(problems)} problem(s) in the attribute options file", problems)

    def define_defaults(self, infos: list[AttributeInfo]) -> None:
        """Add definitions a source format implies (a shop's system attributes: Magento's `url_key` is
        store-view scoped but no copy) where `source.attributes` defines none; its definitions win."""
        for info in infos:
            if info.code not in self.attributes:
                self.attributes[info.code] = info

    def __contains__(self, code: str) -> bool:
        return code in self.attributes

    def __len__(self) -> int:
        return len(self.attributes)

    def get(self, code: str) -> AttributeInfo | None:
        return self.attributes.get(code)

    def kind(self, code: str) -> str | None:
        info = self.attributes.get(code)
        return info.kind if info else None

    def identifier(self) -> str | None:
        for info in self.attributes.values():
            if info.kind == "identifier":
                return info.code
        return None

    def is_copy(self, code: str) -> bool | None:
        """True for localizable text (translatable copy); None when the attribute is unknown."""
        info = self.attributes.get(code)
        if info is None:
            return None
        return info.kind == "text" and info.localizable

    @classmethod
    def from_source(cls, source: Any) -> AttributeCatalog:
        """The attributes file of a `source:` config section (`source.attributes`), read with the
        source's encoding and delimiter: the one way the runner, `validate` and the writers read it."""
        return cls.load(source.attributes, source.encoding, source.delimiter or ";")

    @classmethod
    def load(cls, path: Path | None, encoding: str = "utf-8", delimiter: str = ";") -> AttributeCatalog:
        """Read an Akeneo attributes export (CSV). Problems name the file and line."""
        if path is None:
            return cls()
        attributes: CodeMap[AttributeInfo] = CodeMap()
        problems: list[str] = []
        for line, cells, labels in definition_rows(
            path, encoding, delimiter, ("type", "code"), "attributes", "source.attributes", problems
        ):
            code, type_ = cells["code"], cells["type"]
            if not code:
                problems.append(f"{path}:{line}: attribute without a code")
                continue
            attributes[code] = AttributeInfo(
                code=code,
                kind=AKENEO_TYPES.get(type_, "text"),
                localizable=cells.get("localizable") in ("1", "true"),
                scopable=cells.get("scopable") in ("1", "true"),
                labels={loc: text for loc, text in labels.items() if text},
                metric_family=cells.get("metric_family") or None,
                default_unit=cells.get("default_metric_unit") or None,
                text_type=type_,
            )
        if problems:
            raise ConfigError(f"{path}: {len(problems)} problem(s) in the attributes file", problems)
        return cls(attributes)


def definition_rows(
    path: Path, encoding: str, delimiter: str, required: tuple[str, ...], what: str, setting: str, problems: list[str]
) -> Iterator[tuple[int, dict[str, str], dict[str, str]]]:
    """Rows of an Akeneo definition export (attributes, options): `(line, cells, labels)` with
    cells stripped and `label-<locale>` columns as `labels`. Rows of the wrong width are added
    to `problems` (all of them are reported together); a missing file or a wrong header stops."""
    if not path.is_file():
        raise InputError(f"{path}: {what} file not found", hint=f"fix {setting} in the config")
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
        with path.open(encoding="utf-8-sig" if utf8 else encoding, newline="") as fh:  # a BOM is fine
            reader = csv.reader(fh, delimiter=delimiter)
            header = next(reader, None)
            if not header or any(name not in header for name in required):
                columns = " and ".join(f"'{name}'" for name in required)
                raise InputError(
                    f"{path}:1: not an Akeneo {what} export (needs columns {columns})",
                    hint=f"export the {what} from the PIM as CSV, or remove {setting}",
                )
            label_cols = [(name[len("label-"):], i) for i, name in enumerate(header) if name.startswith("label-")]
            for row in reader:
                line = reader.line_num
                if not any(row):
                    continue
                if len(row) != len(header):
                    problems.append(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
                    continue
                cells = {name: value.strip() for name, value in zip(header, row, strict=True)}
                yield line, cells, {loc: row[i] for loc, i in label_cols}
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid {encoding} (byte {exc.start})", hint="set source.encoding to the file's encoding"
        ) from None
