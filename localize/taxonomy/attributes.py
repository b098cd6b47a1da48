"""Source attributes onto shared attributes; enum values and metric units made canonical.

* Attribute codes: an attribute mapping file says `source code -> shared code`; for the rest,
  suggestions compare the source code and its labels with the shared attribute's code,
  labels and aliases (exact after folding, then close spelling).
* Enum values: every spelling a taxonomy knows for a value (its code, its aliases, its label
  in every locale) leads to the value, so `rot`, `Rot`, `red` and `rouge` all become `red`.
  The label shown to a market then comes from the taxonomy, never from machine translation.
* Metrics: a quantity in any unit of the attribute's measurement family is expressed in the
  attribute's canonical unit, exactly (the Decimal factors of `localize.units`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import LocalizeError
from ..model import Quantity
from ..units.registry import convert
from .errors import TaxonomyError
from .taxonomy_model import Attribute, Taxonomy
from .yamlfile import LineDict, load_yaml

_SEPARATORS = re.compile(r"[\s_\-./]+")


def spelling_key(text: str | int) -> str:
    """A spelling folded for comparison: accents, case and separators do not matter (`Bleu_Clair` = `bleu clair`)."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _SEPARATORS.sub(" ", text).strip()


# ---- enum values ---------------------------------------------------------------------
@dataclass
class EnumIndex:
    """Every spelling of every value of one enum attribute -> the value code."""

    attribute: Attribute
    spellings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, attribute: Attribute) -> EnumIndex:
        strong: dict[str, str] = {}
        weak: dict[str, str | None] = {}
        for value in attribute.values.values():
            for spelling in (value.code, *value.aliases):
                strong[spelling_key(spelling)] = value.code
            for label in value.labels.values():
                key = spelling_key(label)
                # A label that two values share in different languages is ambiguous: drop it.
                weak[key] = value.code if weak.get(key, value.code) == value.code else None
        spellings = {k: v for k, v in weak.items() if v is not None}
        spellings.update(strong)  # codes and aliases win over labels
        return cls(attribute, spellings)

    def normalize(self, raw: str | int, *, prefix: str | None = None) -> str | None:
        """The shared value code for a source spelling, or None when the taxonomy does not know it.

        `prefix` is the source attribute code: Akeneo option codes are often `color_red`.
        """
        key = spelling_key(raw)
        got = self.spellings.get(key)
        if got is None and prefix:
            pre = spelling_key(prefix) + " "
            if key.startswith(pre):
                got = self.spellings.get(key[len(pre):])
        return got


# ---- metrics -------------------------------------------------------------------------
def to_unit(quantity: Quantity, family: str | None, unit: str) -> Quantity | None:
    """`quantity` expressed in `unit` (exact Decimal factors from `localize.units`), or None if impossible."""
    if quantity.unit == unit:
        return quantity

    try:
        amount = convert(quantity.amount, quantity.unit, unit, family)
    except LocalizeError:
        return None
    return Quantity(amount.normalize(), unit)


def canonical_quantity(attribute: Attribute, quantity: Quantity) -> Quantity | None:
    """A metric value in its shared attribute's canonical unit (None if the unit is not convertible)."""
    if attribute.type != "metric" or not attribute.unit:
        return None
    return to_unit(quantity, attribute.family, attribute.unit)


# ---- attribute mapping ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AttributeMatch:
    """Where a source attribute goes: the shared code, how we know, and a score in [0, 1]."""

    shared: str
    how: str  # explicit | auto
    score: float


@dataclass
class AttributeMapper:
    """Source attribute codes -> shared attributes, plus per-attribute value overrides."""

    taxonomy: Taxonomy
    explicit: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # shared attr -> source spelling -> value
    ignore: frozenset[str] = frozenset()
    threshold: float = 0.85
    _enum: dict[str, EnumIndex] = field(default_factory=dict)
    _names: dict[str, str] | None = None

    def resolve(self, code: str, labels: dict[str, str] | None = None) -> AttributeMatch | None:
        """The shared attribute for a source attribute code (labels help the suggestion)."""
        if code in self.ignore:
            return None
        if code in self.explicit:
            return AttributeMatch(self.explicit[code], "explicit", 1.0)
        best = self.suggest(code, labels or {}, top=1)
        return best[0] if best and best[0].score >= self.threshold else None

    def suggest(self, code: str, labels: dict[str, str], top: int = 3) -> list[AttributeMatch]:
        """Shared attributes ranked by how well their names match the source code and labels."""
        names = self._name_index()
        spellings = [spelling_key(code), *(spelling_key(v) for v in labels.values() if v)]
        scores: dict[str, float] = {}
        for spelling in spellings:
            exact = names.get(spelling)
            if exact:
                scores[exact] = 1.0
                continue
            for key, shared in names.items():
                ratio = difflib.SequenceMatcher(None, spelling, key, autojunk=False).ratio()
                if ratio > scores.get(shared, 0.0):
                    scores[shared] = ratio
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        return [AttributeMatch(shared, "auto", round(score, 4)) for shared, score in ranked]

    def _name_index(self) -> dict[str, str]:
        if self._names is None:
            names: dict[str, str] = {}
            for attr in self.taxonomy.attributes.values():
                for spelling in (attr.code, *attr.aliases, *attr.labels.values()):
                    names.setdefault(spelling_key(spelling), attr.code)
            self._names = names
        return self._names

    def enum_value(self, shared: str, raw: str | int, *, source_code: str | None = None) -> str | None:
        """The shared value code of a source option (explicit value mappings first)."""
        override = self.values.get(shared, {}).get(spelling_key(raw))
        if override:
            return override
        index = self._enum.get(shared)
        if index is None:
            index = self._enum[shared] = EnumIndex.build(self.taxonomy.attributes[shared])
        return index.normalize(raw, prefix=source_code)


def load_attribute_mapping(path: str | Path, taxonomy: Taxonomy) -> AttributeMapper:
    """Read an attribute mapping file (YAML):

    ```yaml
    attributes:            # source attribute code -> shared attribute code (null = do not map)
      main_color: color
      weight: weight
    values:                # optional, per shared attribute: source spelling -> shared value code
      color:
        bordeaux: red
    threshold: 0.85        # optional: minimum name similarity for unmapped attributes
    ```
    Every problem (unknown shared attribute or value) is reported at once with its line.
    """
    path = Path(path)
    data, problems = load_yaml(path, "attribute mapping file")
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        raise TaxonomyError(f"{path}: an attribute mapping file is a mapping with `attributes:` (and `values:`)")
    mapper = AttributeMapper(taxonomy)
    unknown_keys = sorted(set(data) - {"attributes", "values", "threshold", "taxonomy"})
    for key in unknown_keys:
        problems.append(f"{path}:{data.key_lines.get(key)}: unknown key {key!r} (allowed: attributes, values, threshold, taxonomy)")
    attrs = data.get("attributes") or {}
    ignore = set()
    if not isinstance(attrs, dict):
        problems.append(f"{path}:{data.key_lines.get('attributes')}: `attributes` must map source codes to shared codes")
        attrs = {}
    for source, shared in attrs.items():
        line = attrs.key_lines.get(source) if isinstance(attrs, LineDict) else None
        if shared is None:
            ignore.add(str(source))
        elif not isinstance(shared, str) or shared not in taxonomy.attributes:
            close = difflib.get_close_matches(str(shared), list(taxonomy.attributes), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{path}:{line}: {source!r} maps to {shared!r}, which is not an attribute of the taxonomy{hint}")
        else:
            mapper.explicit[str(source)] = shared
    values = data.get("values") or {}
    for shared, table in values.items() if isinstance(values, dict) else ():
        line = values.key_lines.get(shared) if isinstance(values, LineDict) else None
        attr = taxonomy.attributes.get(shared)
        if attr is None or attr.type != "enum":
            problems.append(f"{path}:{line}: `values` for {shared!r}, which is not an enum attribute of the taxonomy")
            continue
        for spelling, value in (table or {}).items():
            vline = table.key_lines.get(spelling) if isinstance(table, LineDict) else line
            if str(value) not in attr.values:
                problems.append(f"{path}:{vline}: {shared}: {spelling!r} maps to {value!r}, which is not a value of {shared!r}")
                continue
            mapper.values.setdefault(shared, {})[spelling_key(spelling)] = str(value)
    threshold = data.get("threshold")
    if threshold is not None:
        if isinstance(threshold, int | float) and 0 <= threshold <= 1:
            mapper.threshold = float(threshold)
        else:
            problems.append(f"{path}:{data.key_lines.get('threshold')}: threshold must be a number between 0 and 1")
    mapper.ignore = frozenset(ignore)
    if problems:
        raise TaxonomyError(f"{path}: {len(problems)} problem(s) in the attribute mapping", problems)
    return mapper


def display_values(mapper: AttributeMapper, shared: str, data: Any, locale: str, source_code: str) -> tuple[str | None, list[str], list[str]]:
    """`(display text, shared value codes, unknown spellings)` for an option value in `locale`."""
    items = list(data) if isinstance(data, tuple | list) else [data]
    codes: list[str] = []
    unknown: list[str] = []
    for item in items:
        if item is None or item == "":
            continue
        code = mapper.enum_value(shared, item, source_code=source_code)
        if code is None:
            unknown.append(str(item))
        else:
            codes.append(code)
    if unknown or not codes:
        return None, codes, unknown
    text = ", ".join(mapper.taxonomy.value_label(shared, c, locale) for c in codes)
    return text, codes, unknown
