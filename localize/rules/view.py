"""What every rule sees of a record: its fields as text/number/price views, its languages and
categories, a per-record memo, and the evidence a finding carries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from ..model import LocalizedRecord, Money, Quantity
from .folding import fold


@dataclass(slots=True)
class FieldView:
    """One attribute of a record as the rules see it."""

    code: str
    source_text: str | None = None  # the copy in the source locale (text fields)
    target_text: str | None = None  # the market's copy when it differs (translated)
    untranslated: bool = False  # the market shows the source copy in a market of another language
    options: tuple[str, ...] = ()
    label: str | None = None  # display text of options and formatted values
    number: Decimal | None = None
    prices: tuple[Money, ...] = ()
    status: str = "source"


@dataclass
class RecordView:
    """A record prepared for checking: fields, languages, categories, and a per-record memo."""

    record: LocalizedRecord
    fields: dict[str, FieldView]
    source_locale: str
    source_lang: str
    market_lang: str
    as_of: dt.date
    memo: dict[str, Any] = field(default_factory=dict)
    taxonomy: Any = None  # the shared taxonomy the map stage loaded (category labels in every language)
    pim_categories: Any = None  # the PIM's category tree (taxonomy.source.SourceTree): ancestors, labels
    conditions: Any = None  # the market's conditions.ConditionIndex (one scan for every `terms` condition)
    # (field, text, language, side) of every text the record shows: source copy in the source
    # language, translated copy (or an option's display label) in the market's, option codes as `*`
    texts: list[tuple[FieldView, str, str, str]] = field(default_factory=list)
    # (field, text, language, locale, side) of the checker's per-text pass, in field order: the
    # source copy, the translated copy (or the display label of a field without copy), and
    # "names" for source copy shown untranslated; and the texts of the first two by language.
    # Made by `checker.record_view` with the fields (None: worked out from `fields` when asked).
    passes: list[tuple[FieldView, str, str, str, str]] | None = None
    by_lang: dict[str, list[str]] | None = None

    @property
    def market(self) -> Any:
        return self.record.market

    def folded_texts(self) -> str:
        """Every text of the record folded into one string (for `when: terms` conditions)."""
        if "folded" not in self.memo:
            parts = []
            for fv in self.fields.values():
                for text in (fv.source_text, fv.target_text, fv.label):
                    if text:
                        parts.append(fold(text))
            self.memo["folded"] = "\n".join(parts)
        return self.memo["folded"]

    def has_value(self, patterns: Iterable[str]) -> bool:
        """True when an attribute matching one of the globs has a non-empty value."""
        pats = tuple(patterns)
        fields = self.fields
        for code in _matching(pats, tuple(fields)):
            fv = fields[code]
            if fv.source_text or fv.target_text or fv.options or fv.number is not None or fv.prices:
                return True
        values = self.record.product.values
        for code in _matching(pats, tuple(values)):
            if any(v.data not in (None, "", ()) for v in values[code]):
                return True
        return False


@lru_cache(maxsize=4096)
def _matching(patterns: tuple[str, ...], codes: tuple[str, ...]) -> tuple[str, ...]:
    """The codes matching one of the globs: records of a catalogue share their codes, and a rule
    with `unless_attributes` asks each record it finds something in."""
    return tuple(code for code in codes if any(fnmatchcase(code, p) for p in patterns))


def evidence(signal: str, *, field: str | None = None, language: str | None = None, side: str | None = None,
             matched: str | None = None) -> dict[str, str]:
    """One piece of evidence, as it goes into a finding (keys without a value left out)."""
    out = {"signal": signal}
    for key, value in (("field", field), ("language", language), ("side", side), ("matched", matched)):
        if value:
            out[key] = value
    return out


Evidence = list[dict[str, str]]


def iter_money(data: Any) -> Iterator[Money]:
    if isinstance(data, Money):
        yield data
    elif isinstance(data, tuple):
        for item in data:
            if isinstance(item, Money):
                yield item


def number_of(data: Any) -> Decimal | None:
    if isinstance(data, bool):
        return None
    if isinstance(data, Decimal):
        return data
    if isinstance(data, Quantity):
        return data.amount
    if isinstance(data, str) and data.strip().isdigit():
        return Decimal(data.strip())
    return None
