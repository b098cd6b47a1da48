"""What we know about the source's attributes: type, localizable, labels, metric family.

An Akeneo `attributes.csv` export (optional, `source.attributes`) tells the readers how to
type each column (a number attribute with "abc" is a bad row, not text) and tells later
stages which copy is translatable and what an attribute is called (DeepL context).
Without it, readers fall back to the column shape (`-unit` pairs, `price-EUR`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

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
        self.attributes = attributes or {}
        # attribute code -> option code -> {PIM locale: label}, from `source.options`
        self.options: dict[str, dict[str, dict[str, str]]] = {}

    def option_label(self, attribute: str, option: str, pim_locale: str) -> tuple[str, str] | None:
        """The PIM's label of an option value for a market locale, and how it was found:
        `("pim", label)` in exactly that locale, `("neutral", label)` when every locale has the
        same label (`EU 42`, `W32/L32`), `("language", label)` in another locale of the same
        language (`fr_FR` for `fr_CH`); None when the PIM has none of these."""
        labels = self.options.get(attribute, {}).get(option)
        if not labels:
            return None
        if labels.get(pim_locale):
            return "pim", labels[pim_locale]
        distinct = set(labels.values())
        if len(distinct) == 1:
            return "neutral", next(iter(distinct))
        language = pim_locale.split("_")[0]
        for loc in sorted(labels):
            if loc.split("_")[0] == language and labels[loc]:
                return "language", labels[loc]
        return None

    def load_options(self, path: Path | None, encoding: str = "utf-8", delimiter: str = ";") -> None:
        """Read an Akeneo attribute options export (`attribute;code;sort_order;label-de_DE;...`)."""
        if path is None:
            return
        if not path.is_file():
            raise InputError(f"{path}: attribute options file not found", hint="fix source.options in the config")
        problems: list[str] = []
        try:
            with path.open(encoding="utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding,
                           newline="") as fh:
                reader = csv.reader(fh, delimiter=delimiter)
                header = next(reader, None)
                if not header or "code" not in header or "attribute" not in header:
                    raise InputError(
                        f"{path}:1: not an Akeneo attribute options export (needs columns 'attribute' and 'code')",
                        hint="export the attribute options from the PIM as CSV, or remove source.options",
                    )
                idx = {name: i for i, name in enumerate(header)}
                label_cols = [(name[len("label-"):], i) for name, i in idx.items() if name.startswith("label-")]
                for row in reader:
                    line = reader.line_num
                    if not any(row):
                        continue
                    if len(row) != len(header):
                        problems.append(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
                        continue
                    attribute, code = row[idx["attribute"]].strip(), row[idx["code"]].strip()
                    if not attribute or not code:
                        problems.append(f"{path}:{line}: an option needs an attribute and a code")
                        continue
                    labels = {loc: row[i].strip() for loc, i in label_cols if row[i].strip()}
                    self.options.setdefault(attribute, {})[code] = labels
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not valid {encoding} (byte {exc.start})", hint="set source.encoding to the file's encoding"
            ) from None
        if problems:
            from .errors import ConfigError

            raise ConfigError(f"{path}: {len(problems)} problem(s) in the attribute options file", problems)

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
    def load(cls, path: Path | None, encoding: str = "utf-8", delimiter: str = ";") -> AttributeCatalog:
        """Read an Akeneo attributes export (CSV). Problems name the file and line."""
        if path is None:
            return cls()
        if not path.is_file():
            raise InputError(f"{path}: attributes file not found", hint="fix source.attributes in the config")
        attributes: dict[str, AttributeInfo] = {}
        problems: list[str] = []
        try:
            with path.open(encoding="utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding, newline="") as fh:
                reader = csv.reader(fh, delimiter=delimiter)
                header = next(reader, None)
                if not header or "code" not in header or "type" not in header:
                    raise InputError(
                        f"{path}:1: not an Akeneo attributes export (needs columns 'type' and 'code')",
                        hint="export attributes from the PIM as CSV, or remove source.attributes",
                    )
                idx = {name: i for i, name in enumerate(header)}
                label_cols = [(name[len("label-"):], i) for name, i in idx.items() if name.startswith("label-")]
                line = 1
                for row in reader:
                    line = reader.line_num
                    if not any(row):
                        continue
                    if len(row) != len(header):
                        problems.append(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
                        continue

                    def col(name: str, row: list[str] = row) -> str:
                        i = idx.get(name)
                        return row[i].strip() if i is not None else ""

                    code, type_ = col("code"), col("type")
                    kind = AKENEO_TYPES.get(type_)
                    if not code:
                        problems.append(f"{path}:{line}: attribute without a code")
                        continue
                    if kind is None:
                        kind = "text"
                    attributes[code] = AttributeInfo(
                        code=code,
                        kind=kind,
                        localizable=col("localizable") in ("1", "true"),
                        scopable=col("scopable") in ("1", "true"),
                        labels={loc: row[i] for loc, i in label_cols if row[i]},
                        metric_family=col("metric_family") or None,
                        default_unit=col("default_metric_unit") or None,
                        text_type=type_,
                    )
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not valid {encoding} (byte {exc.start})", hint="set source.encoding to the file's encoding"
            ) from None
        if problems:
            from .errors import ConfigError

            raise ConfigError(f"{path}: {len(problems)} problem(s) in the attributes file", problems)
        return cls(attributes)
