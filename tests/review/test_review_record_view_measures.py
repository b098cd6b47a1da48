"""`record_view` makes the view of a measure (`Quantity`) or a price list (a tuple of `Money`)
directly; the view must be what the general path makes of any value that is not copy: options
when every item is a text, `number_of`, the prices `iter_money` finds, the display as label, and
the field left out when none of them is there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Money, Origin, Product, Quantity
from localize.rules.checker import _passes, record_view
from localize.rules.view import FieldView, iter_money, number_of

AS_OF = dt.date(2026, 11, 15)

amounts = st.decimals(min_value=-1000, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
money = st.builds(Money, amounts, st.sampled_from(("EUR", "USD", "GBP")))
values = st.one_of(
    st.builds(Quantity, amounts, st.sampled_from(("GRAM", "OUNCE", "CENTIMETER"))),
    st.lists(money, min_size=0, max_size=3).map(tuple),
    money,
    amounts,
    st.lists(st.sampled_from(("red", "dark_blue", "4")), min_size=0, max_size=3).map(tuple),
    st.tuples(money, st.just("red")),
    st.just(None),
    st.booleans(),
)
displays = st.one_of(st.none(), st.just(""), st.sampled_from(("85.4 oz", "$74.99", "2\u202f421\u202fg", "Rot")))


def _general(code: str, data: Any, display: str | None, status: str) -> FieldView | None:
    """What the general path of `record_view` makes of a value that is not copy."""
    options = data if isinstance(data, tuple) and data and all(isinstance(x, str) for x in data) else ()
    fv = FieldView(code, None, None, False, options, display, number_of(data), tuple(iter_money(data)), status)
    if fv.options or fv.number is not None or fv.prices or fv.label:
        return fv
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(values, st.one_of(st.none(), values), displays), min_size=1, max_size=5))
def test_measures_and_prices_are_viewed_as_the_general_path_views_them(drawn: list[tuple[Any, Any, Any]]) -> None:
    market = build_market({"locale": "en-US"}, None)
    rec = LocalizedRecord(Product("P1", Origin("p.csv", 2)), market, source_locale="de-DE")
    for i, (data, source, display) in enumerate(drawn):
        rec.values[f"f{i}"] = LocalizedValue(data, source, "converted", True, display)
    view = record_view(rec, source_locale="de-DE", as_of=AS_OF)
    want_fields: dict[str, FieldView] = {}
    want_texts: list[tuple[str, str, str, str]] = []
    for i, (data, _source, display) in enumerate(drawn):
        fv = _general(f"f{i}", data, display, "converted")
        if fv is None:
            continue
        want_fields[fv.code] = fv
        if fv.label:
            want_texts.append((fv.code, fv.label, "en", "target"))
        want_texts.extend((fv.code, option.replace("_", " "), "*", "source") for option in fv.options)
    assert view.fields == want_fields
    assert [(fv.code, text, lang, side) for fv, text, lang, side in view.texts] == want_texts


def test_a_measure_keeps_its_amount_and_a_price_list_its_prices() -> None:
    market = build_market({"locale": "en-US"}, None)
    rec = LocalizedRecord(Product("P1", Origin("p.csv", 2)), market, source_locale="de-DE")
    weight = Quantity(Decimal("85.4"), "OUNCE")
    prices = (Money(Decimal("74.99"), "USD"),)
    rec.values["weight"] = LocalizedValue(weight, Quantity(Decimal("2421"), "GRAM"), "converted", True, "85.4 oz")
    rec.values["price"] = LocalizedValue(prices, prices, "converted", True, "$74.99")
    view = record_view(rec, source_locale="de-DE", as_of=AS_OF)
    assert view.fields["weight"].number == Decimal("85.4") and view.fields["weight"].label == "85.4 oz"
    assert view.fields["price"].prices == prices and view.fields["price"].number is None
    assert [(fv.code, text) for fv, text, _, _ in view.texts] == [("weight", "85.4 oz"), ("price", "$74.99")]


texts_st = st.sampled_from(("", " ", "Baumwolle", "Cotton", "4", " 13", "Rot"))
any_values = st.one_of(values, texts_st, st.lists(texts_st, max_size=2).map(tuple))


@settings(max_examples=600, deadline=None)
@example("en-US", [("", " ", None)])  # an empty translation of blank copy: not untranslated (no names pass)
@given(st.sampled_from(("en-US", "de-DE", "fr-FR")),
       st.lists(st.tuples(any_values, st.one_of(st.none(), any_values), displays), min_size=1, max_size=6))
def test_the_passes_record_view_makes_are_those_of_its_fields(locale: str, drawn: list[tuple[Any, Any, Any]]) -> None:
    """`RecordView.passes` / `by_lang` as `record_view` makes them along with the fields (copy,
    measures, prices, options; a market in the source language or not) equal what
    `checker._passes` works out from the fields alone."""
    market = build_market({"locale": locale}, None)
    rec = LocalizedRecord(Product("P1", Origin("p.csv", 2)), market, source_locale="de-DE")
    for i, (data, source, display) in enumerate(drawn):
        rec.values[f"f{i}"] = LocalizedValue(data, source, "machine", True, display)
    view = record_view(rec, source_locale="de-DE", as_of=AS_OF)
    made = (list(view.passes or ()), {k: list(v) for k, v in (view.by_lang or {}).items()})
    view.passes = view.by_lang = None
    assert made == _passes(view)
