"""The per-record shortcuts of reading, building and serialising give exactly what the plain paths gave.

Each test holds the plain version as its oracle (the code before the shortcut) and compares on generated
input: `format_decimal` (str instead of format "f"), `parse_decimal` (short plain amounts skip
`parse_number`'s bound checks), `record_to_dict` (quantities and price lists converted inline) and the
builder (no `product.get` for a market whose locale an attribute has no value in)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.attributes import AttributeCatalog
from localize.limits import Limits, NumberProblem, parse_number
from localize.model import (
    Finding,
    LocalizedRecord,
    LocalizedValue,
    Market,
    Money,
    Origin,
    Product,
    Quantity,
    Value,
    format_decimal,
)
from localize.readers.akeneo_flat import parse_decimal
from localize.records import RecordBuilder
from localize.serialize import data_to_json, dumps_bytes, record_to_dict

# -- format_decimal ---------------------------------------------------------------------------------

any_decimal = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.builds(lambda digits, exp, sign: Decimal((sign, tuple(int(d) for d in digits), exp)),
              st.text("0123456789", min_size=1, max_size=30), st.integers(-40, 40), st.integers(0, 1)),
    st.sampled_from([Decimal("1E+2"), Decimal("-0"), Decimal("-0.000"), Decimal("1e-7"), Decimal("0.000001"),
                     Decimal("NaN"), Decimal("-Infinity"), Decimal("sNaN")]),
)


@settings(max_examples=2000, deadline=None)
@given(amount=any_decimal)
def test_format_decimal_is_format_f(amount: Decimal) -> None:
    assert format_decimal(amount) == format(amount, "f")


# -- parse_decimal ------------------------------------------------------------------------------------

def plain_parse(text: str, limits: Limits) -> Any:
    """`parse_decimal` before the shortcut (the oracle): the value, or the NumberProblem's message."""
    try:
        return parse_number(text, limits)
    except NumberProblem as exc:
        return ("problem", str(exc))


def shortcut_parse(text: str, limits: Limits) -> Any:
    try:
        return parse_decimal(text, limits)
    except NumberProblem as exc:
        return ("problem", str(exc))


cells = st.one_of(
    st.text("0123456789.", min_size=1, max_size=40),
    st.text("0123456789.+-eE ", min_size=1, max_size=20),
    st.text(min_size=1, max_size=8),
    st.sampled_from(["2421", "66.90", "1.", ".5", ".", "..", "1.2.3", "007", "٣", "²", "1e3", " 5 ", "0.0000000000001"]),
)
limits = st.builds(Limits, max_number_digits=st.integers(1, 30), max_number_exponent=st.integers(0, 20),
                   max_decimals=st.integers(0, 14))


@settings(max_examples=3000, deadline=None)
@given(text=cells, bounds=st.one_of(st.just(Limits()), limits))
def test_parse_decimal_equals_parse_number(text: str, bounds: Limits) -> None:
    got, want = shortcut_parse(text, bounds), plain_parse(text, bounds)
    assert got == want
    if isinstance(want, Decimal):
        assert str(got) == str(want)  # same digits and exponent, not only an equal value


def test_parse_decimal_takes_plain_amounts_without_parse_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is taken for short plain amounts and only for them (fails on the old code, which
    sent every cell through `parse_number`)."""
    import localize.readers.akeneo_flat as flat

    seen: list[str] = []

    def counted(text: str, bounds: Limits = Limits()) -> Decimal | None:
        seen.append(text)
        return parse_number(text, bounds)

    monkeypatch.setattr(flat, "parse_number", counted)
    assert [flat.parse_decimal(t) for t in ("2421", "66.90", ".5")] == [Decimal("2421"), Decimal("66.90"), Decimal("0.5")]
    assert seen == []
    assert flat.parse_decimal(" 5 ") == Decimal(5) and flat.parse_decimal("-1") == Decimal(-1)
    assert flat.parse_decimal("1" * 14) == Decimal("1" * 14)  # longer than 13: checked
    assert seen[:3] == [" 5 ", "-1", "1" * 14]


def test_parse_decimal_still_refuses_out_of_bounds_amounts() -> None:
    with pytest.raises(NumberProblem):
        parse_decimal("0.123", Limits(max_decimals=2))
    with pytest.raises(NumberProblem):
        parse_decimal("12345", Limits(max_number_exponent=3))
    with pytest.raises(NumberProblem):
        parse_decimal("1234", Limits(max_number_digits=3))


# -- record_to_dict -----------------------------------------------------------------------------------

def plain_record_to_dict(record: LocalizedRecord) -> dict[str, Any]:
    """`record_to_dict` as it was before quantities and price lists were converted inline (the oracle)."""
    product = record.product
    market = record.market
    values: dict[str, Any] = {}
    source: dict[str, Any] = {}
    status: dict[str, str] = {}
    display: dict[str, str] = {}
    for code, lv in record.values.items():
        values[code] = data_to_json(lv.data)
        if lv.status != "source" or lv.translatable:
            if lv.status != "source":
                status[code] = lv.status
            source[code] = data_to_json(lv.source)
        if lv.display is not None:
            display[code] = lv.display
    out: dict[str, Any] = {
        "identifier": product.identifier, "market": market.code, "locale": market.locale,
        "source_locale": record.source_locale, "country": market.country, "currency": market.currency,
        "channel": market.channel, "family": product.family, "parent": product.parent,
        "categories": list(record.categories or product.categories), "enabled": product.enabled,
        "values": values, "source": source, "status": status,
        "findings": [f.to_dict() for f in record.findings],
    }
    if display:
        out["display"] = display
    if record.taxonomy:
        out["taxonomy"] = record.taxonomy
    return out


amounts = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10 ** 6, max_value=10 ** 6) | \
    st.sampled_from([Decimal("1E+2"), Decimal("5E-9"), Decimal("-0")])
leaf = st.one_of(st.text(max_size=6), st.none(), st.booleans(), amounts,
                 st.builds(Quantity, amounts, st.sampled_from(["GRAM", "INCH"])),
                 st.builds(Money, amounts, st.sampled_from(["EUR", "USD"])))
value_data = st.one_of(leaf, st.lists(leaf, max_size=3).map(tuple))
localized = st.builds(LocalizedValue, value_data, value_data,
                      st.sampled_from(["source", "pim", "machine", "untranslated", "converted"]), st.booleans(),
                      st.one_of(st.none(), st.text(max_size=5)))
findings = st.lists(st.builds(Finding, st.sampled_from(["a-code", "b-code"]), st.sampled_from(["block", "review", "info"]),
                              st.text(max_size=5), output=st.one_of(st.none(), st.just("google-merchant"))), max_size=2)


@settings(max_examples=500, deadline=None)
@given(values=st.dictionaries(st.text(min_size=1, max_size=5), localized, max_size=6), found=findings,
       categories=st.lists(st.text(max_size=4), max_size=2).map(tuple),
       taxonomy=st.one_of(st.just({}), st.just({"category": 5, "path": ["A", "B"]})),
       channel=st.one_of(st.none(), st.just("print")))
def test_record_to_dict_equals_the_plain_conversion(values: dict[str, LocalizedValue], found: list[Finding],
                                                    categories: tuple[str, ...], taxonomy: dict[str, Any],
                                                    channel: str | None) -> None:
    product = Product(identifier="P-1", origin=Origin("x.csv", 2), family="shoes", categories=("c1", "c2"))
    record = LocalizedRecord(product, Market("fr-FR", "FR", "EUR", "fr", "fr_FR", channel=channel), "de-DE",
                             values=values, categories=categories, taxonomy=taxonomy, findings=found)
    got, want = record_to_dict(record), plain_record_to_dict(record)
    assert got == want
    assert dumps_bytes(got) == orjson.dumps(want, option=orjson.OPT_SORT_KEYS)


def test_record_to_dict_refuses_what_data_to_json_refuses() -> None:
    record = LocalizedRecord(Product(identifier="P-1", origin=SimpleNamespace(file="x", line=1)),  # type: ignore[arg-type]
                             Market("fr-FR", "FR", "EUR", "fr", "fr_FR"))
    record.values["a"] = LocalizedValue((Money(Decimal(1), "EUR"), 2.5), "s", "machine", True)
    with pytest.raises(TypeError):
        record_to_dict(record)


# -- RecordBuilder: PIM copy looked up only where it can be -------------------------------------------

MARKETS = (Market("en-US", "US", "USD", "en", "en_US"), Market("fr-FR", "FR", "EUR", "fr", "fr_FR", channel="print"),
           Market("de-AT", "AT", "EUR", "de", "de_AT"))
LOCALES = (None, "de_DE", "en_US", "fr_FR")
CHANNELS = (None, "ecommerce", "print")


class PlainGetBuilder(RecordBuilder):
    """The builder asking `product.get` for the market's copy of every localizable attribute (the oracle)."""

    def _plan(self, product: Product, channel: str | None) -> list[list[Any]]:
        plan = super()._plan(product, channel)
        return [entry if entry[0] else [*entry[:4], _EVERY, *entry[5:]] for entry in plan]  # (5: sibling locales)


class _Every:
    def __contains__(self, item: object) -> bool:
        return True


_EVERY = _Every()


def records_as_data(records: list[LocalizedRecord]) -> list[Any]:
    return [(r.market.code, {k: (v.data, v.source, v.status, v.translatable, v.display, dict(v.extra))
                             for k, v in r.values.items()}) for r in records]


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.tuples(st.sampled_from(["name", "description", "color"]), st.sampled_from(LOCALES),
                                st.sampled_from(CHANNELS), st.sampled_from(["Weiche Baumwolle", "Red wine", "x"])),
                      max_size=8))
def test_builder_finds_the_same_pim_copy(cells: list[tuple[str, str | None, str | None, str]]) -> None:
    product = Product(identifier="P-1", origin=Origin("x.csv", 2))
    for code, locale, channel, data in cells:
        product.add(code, Value(locale, channel, data))
    catalog = AttributeCatalog()
    new = RecordBuilder("de_DE", "ecommerce", catalog)
    old = PlainGetBuilder("de_DE", "ecommerce", catalog)
    assert records_as_data([new.build(product, m) for m in MARKETS]) == \
        records_as_data([old.build(product, m) for m in MARKETS])


def test_builder_skips_product_get_for_locales_the_attribute_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the source-locale lookup (once per product) and the market whose locale has copy ask
    `product.get` (fails on the old code: every market asked for every localizable attribute)."""
    product = Product(identifier="P-1", origin=Origin("x.csv", 2))
    product.add("name", Value("de_DE", None, "Schuh"))
    product.add("name", Value("fr_FR", None, "Chaussure"))
    product.add("description", Value("de_DE", "ecommerce", "Ein Schuh"))
    asked: list[tuple[str, str | None]] = []
    original = Product.get

    def counted(self: Product, attribute: str, locale: str | None = None, channel: str | None = None) -> Any:
        asked.append((attribute, locale))
        return original(self, attribute, locale, channel)

    monkeypatch.setattr(Product, "get", counted)
    builder = RecordBuilder("de_DE", "ecommerce", AttributeCatalog())
    records = [builder.build(product, m) for m in MARKETS]
    assert sorted(set(asked)) == [("description", "de_DE"), ("name", "de_DE"), ("name", "fr_FR")]
    assert asked.count(("name", "fr_FR")) == 1
    assert records[1].values["name"].data == "Chaussure" and records[1].values["name"].status == "pim"
    assert records[0].values["name"].status == "untranslated"
