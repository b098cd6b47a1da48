"""The core model: products as read from the PIM, and the per-market records we write.

Small and typed. `Quantity` and `Money` hold `Decimal`, never float, because what a
customer sees must not drift by binary rounding. Every product keeps its `Origin`
(file and line) so any later message can point at the row to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import field as _field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

Severity = Literal["block", "review", "info"]
SEVERITIES: tuple[Severity, ...] = ("block", "review", "info")


class Origin(NamedTuple):
    """Where a record (or one of its fields) came from: file, 1-based line, optional column.

    A NamedTuple: one is made per input row, so construction must be cheap.
    """

    file: str
    line: int
    column: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where} (column {self.column})" if self.column else where

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "line": self.line}
        if self.column:
            data["column"] = self.column
        return data


@dataclass(frozen=True, slots=True)
class Quantity:
    """A measured value in an Akeneo unit code (`KILOGRAM`, `CENTIMETER`, ...)."""

    amount: Decimal
    unit: str

    def __reduce__(self) -> tuple[Any, tuple[Decimal, str]]:
        # pickled to Dask workers with every product: see `Finding.__reduce__`
        return Quantity, (self.amount, self.unit)

    def to_dict(self) -> dict[str, str]:
        return {"amount": format_decimal(self.amount), "unit": self.unit}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in an ISO 4217 currency."""

    amount: Decimal
    currency: str

    def __reduce__(self) -> tuple[Any, tuple[Decimal, str]]:
        # pickled to Dask workers with every price: see `Finding.__reduce__`
        return Money, (self.amount, self.currency)

    def to_dict(self) -> dict[str, str]:
        return {"amount": format_decimal(self.amount), "currency": self.currency}


# What a value can hold: text, number, bool, option code(s), a quantity, or a price collection.
ValueData = str | Decimal | bool | Quantity | tuple[Money, ...] | tuple[str, ...] | None


class Value(NamedTuple):
    """One value of one attribute, scoped by locale (PIM code, e.g. `de_DE`) and channel.

    A NamedTuple rather than a dataclass: readers create millions of these, and tuple
    construction is several times cheaper than a frozen dataclass's.
    """

    locale: str | None
    channel: str | None
    data: ValueData


@dataclass(slots=True)
class Product:
    """A product (or product model) in the source locale, exactly as the PIM described it."""

    identifier: str
    origin: Origin
    family: str | None = None
    parent: str | None = None
    categories: tuple[str, ...] = ()
    enabled: bool = True
    groups: tuple[str, ...] = ()
    values: dict[str, list[Value]] = field(default_factory=dict)
    associations: dict[str, str] = field(default_factory=dict)
    is_model: bool = False
    family_variant: str | None = None
    fingerprint: str | None = None  # hash of the raw input it was read from (incremental runs)

    def add(self, attribute: str, value: Value) -> None:
        entries = self.values.get(attribute)
        if entries is None:
            self.values[attribute] = [value]
        else:
            entries.append(value)

    def get(self, attribute: str, locale: str | None = None, channel: str | None = None) -> ValueData:
        """The value for exactly this locale and channel scope, falling back to unscoped parts.

        A value scoped to a locale only (no channel) applies to every channel, and an
        unlocalized value applies to every locale, as in Akeneo.
        """
        entries = self.values.get(attribute)
        if not entries:
            return None
        if len(entries) == 1:
            only = entries[0]
            if (only.locale is None or only.locale == locale) and (only.channel is None or only.channel == channel):
                return only.data
            return None
        best: Value | None = None
        best_rank = -1
        for value in entries:
            if value.locale is not None and value.locale != locale:
                continue
            if value.channel is not None and value.channel != channel:
                continue
            rank = (value.locale is not None) * 2 + (value.channel is not None)
            if rank > best_rank:
                best, best_rank = value, rank
        return best.data if best is not None else None


@dataclass(frozen=True, slots=True)
class Reject:
    """A record set aside with its reason; written to `rejects.jsonl`, counted in every market."""

    origin: Origin
    reason: str
    identifier: str | None = None
    field: str | None = None
    market: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.origin.file,
            "line": self.origin.line,
            "identifier": self.identifier,
            "column": self.field or self.origin.column,
            "reason": self.reason,
        }
        if self.market:
            data["market"] = self.market
        return data


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a person should know about one field of one product in one market.

    `code` is a stable kebab-case name (`number-mismatch`, `geo-name`); findings are data
    that flow to reports and the review queue, never exceptions.
    """

    code: str
    severity: Severity
    message: str
    product: str | None = None
    market: str | None = None
    field: str | None = None
    locale: str | None = None
    span: tuple[int, int] | None = None
    matched: str | None = None
    rule: str | None = None
    action: str | None = None
    stage: str | None = None
    decision: str | None = None  # a reviewer's decision on it: approve | edit | reject (set by the gate)
    # Why it was raised: [{signal, field, language, side, matched}] (rules engine); not part of its identity.
    evidence: tuple[dict[str, str], ...] | None = _field(default=None, compare=False, hash=False)
    # the one output it concerns (`google-merchant`: a missing image_link): an open finding with
    # an output withholds the record from that output only, not from the market's other feeds
    output: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as its constructor's arguments. A distributed run pickles every finding a worker
        returns (and every product's quantities and prices it sends): the dataclass's own pickling of
        a frozen slotted class calls `dataclasses.fields()` per object and sets each field back one
        by one, 5-7 us an object, several times the cost of the constructor."""
        return Finding, (self.code, self.severity, self.message, self.product, self.market, self.field, self.locale,
                         self.span, self.matched, self.rule, self.action, self.stage, self.decision, self.evidence,
                         self.output)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "product": self.product,
            "market": self.market,
            "field": self.field,
            "locale": self.locale,
            "span": list(self.span) if self.span else None,
            "matched": self.matched,
            "rule": self.rule,
            "action": self.action,
            "stage": self.stage,
            "decision": self.decision,
            "evidence": [dict(e) for e in self.evidence] if self.evidence else None,
            "output": self.output,
        }
        return {k: v for k, v in data.items() if v is not None}


# How a localized field got its value. `source` = copied unchanged (not translatable),
# `pim` = the PIM already had the target-locale value, `machine`/`human` = translated by an engine
# or a person (whether this run or an earlier one: a machine translation found in the memory is
# `machine`, so a feed never depends on run history; a reviewer's edit is `human`),
# `untranslated` = translatable but left in the source language, `pending` = waiting for the engine,
# `converted` = a metric value or price converted for the market.
FieldStatus = Literal["source", "pim", "machine", "human", "untranslated", "pending", "converted"]


class FrozenExtra(dict[str, Any]):
    """A `LocalizedValue.extra` that many values share, so nobody may write into it.

    A run builds one value per attribute, product and market (millions), and most of them never
    get a detail: they all share `NO_EXTRA`. A converted measure or price gets the same details
    (`rule`, `from`, `rate` ...) wherever the same amount is converted for the same market: the
    convert stage gives all of them one `FrozenExtra`. A stage that adds a detail binds a new dict
    (`value.extra = {**value.extra, "translation": ...}`); writing into a shared one raises, so a
    stage that forgets cannot leak its detail into other values. A dict (subclass): reading it,
    `{**extra}`, `==` and the JSON encoders treat it as the dict it holds.
    """

    __slots__ = ()

    def _frozen(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("this LocalizedValue.extra is shared by many values: bind a new dict "
                        "(value.extra = {**value.extra, key: ...}) instead of writing into it")

    __setitem__ = __delitem__ = setdefault = update = pop = popitem = clear = __ior__ = _frozen  # type: ignore[assignment]

    def __hash__(self) -> int:  # immutable, so a dataclass may take one as a default (equal ones hash alike)
        return len(self)

    def __reduce__(self) -> Any:
        if self is NO_EXTRA:
            return "NO_EXTRA"  # pickled (and copied) as the one shared instance
        return FrozenExtra, (dict(self),)


#: The shared empty `extra` every `LocalizedValue` starts with (see `FrozenExtra`).
NO_EXTRA: dict[str, Any] = FrozenExtra()


@dataclass(slots=True)
class LocalizedValue:
    """One attribute of one product in one market: what we publish, and what it came from."""

    data: ValueData
    source: ValueData = None
    status: FieldStatus = "source"
    translatable: bool = False
    display: str | None = None  # a formatted form for people (e.g. `5.5 lb`), set by later stages
    # stage-specific details (e.g. converted-from); the shared empty `NO_EXTRA` until a stage binds its own dict
    extra: dict[str, Any] = NO_EXTRA


@dataclass(slots=True)
class LocalizedRecord:
    """A product prepared for one market. Stages fill `values` and `findings`; the gate decides.

    `withheld` means: not published in this market's feed, held for a person to review.
    `rejected` means: set aside for a reason that is not a reviewer's call (it goes to rejects).
    `pending` means: some field still waits for translation; the next run picks it up.
    """

    product: Product
    market: Market
    source_locale: str = ""  # BCP 47 locale of the source copy, e.g. de-DE
    values: dict[str, LocalizedValue] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    taxonomy: dict[str, Any] = field(default_factory=dict)  # e.g. {"category": id, "path": [...], "how": "explicit"}
    findings: list[Finding] = field(default_factory=list)
    withheld: bool = False
    rejected: str | None = None
    pending: bool = False  # waiting for the engine (quota or budget reached): not published this run
    encoded: bytes | None = None  # the feed line, set by the runner after the last stage
    # What output channels built from this record, by output (the Google item with its settings), so
    # a check and the writers share one build; not copied by `replace` (a changed copy builds anew).
    items: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def identifier(self) -> str:
        return self.product.identifier

    def add_finding(self, finding: Finding) -> None:
        self.findings.append(finding)

    def withheld_outputs(self) -> frozenset[str]:
        """The outputs an open (or rejected) output-specific finding keeps this record out of."""
        return frozenset(f.output for f in self.findings if f.output and f.severity in ("block", "review"))


@dataclass(frozen=True, slots=True)
class Market:
    """Where we sell: a locale, a country, a currency and a channel, plus per-stage settings.

    `locale` is BCP 47 (`de-CH`), `pim_locale` is the PIM's code for the same locale (`de_CH`),
    used to find copy the PIM already holds in the target language. `settings` carries the
    market's section of the config for stages that need more (units, prices, formality ...).
    """

    locale: str
    country: str
    currency: str
    language: str
    pim_locale: str
    channel: str | None = None
    name: str | None = None
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def code(self) -> str:
        """The market's name in reports and file names (defaults to its locale)."""
        return self.name or self.locale


def format_decimal(amount: Decimal) -> str:
    """A canonical, non-scientific text form of a Decimal (`Decimal('1E+2')` -> `100`).

    `str` gives exactly `format(amount, "f")` unless it switches to scientific notation (a positive
    exponent, or more than six zeros after the point), which always shows an `E`; it costs a third of
    `format` (60 vs 150 ns), and every amount of every feed line goes through here."""
    text = str(amount)
    return text if "E" not in text else format(amount, "f")

