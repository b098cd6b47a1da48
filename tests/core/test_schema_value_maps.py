"""The feed schema check validates `values`/`source`/`status`/`display` value by value and skips
the texts, booleans and nulls the value schema accepts whatever they hold: its verdict must be
the whole-schema verdict (jsonschema, an independent implementation) for any record, valid or not."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from localize.config import load_schema
from localize.qa.schema import RecordSchema

SCHEMA = load_schema("feed.schema.json")
ORACLE = Draft7Validator(SCHEMA)

BASE: dict[str, Any] = {
    "identifier": "sku-1", "market": "en-US", "locale": "en-US", "source_locale": "de-DE", "country": "US",
    "currency": "USD", "channel": "ecommerce", "family": "shoes", "parent": None, "categories": ["a"],
    "enabled": True, "values": {}, "source": {}, "status": {}, "findings": [],
}

decimals = st.sampled_from(["1", "-2.50", "0", "1e3", "", "1.", "12345678901234567890.123", "x", "-0.0"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=8),
                    decimals, st.sampled_from(["KILOGRAM", "kg", "EUR", "eur", "machine", "pim", "converted"]))
keys = st.sampled_from(["amount", "unit", "currency", "extra"])
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                            st.dictionaries(keys, inner, max_size=3)), max_leaves=8)
quantities = st.fixed_dictionaries({"amount": decimals, "unit": st.sampled_from(["KILOGRAM", "kg", "M2", "_X"])})
prices = st.lists(st.fixed_dictionaries({"amount": decimals, "currency": st.sampled_from(["EUR", "usd", "CHF"])}),
                  max_size=3)
data = st.one_of(st.text(max_size=20), st.booleans(), st.none(), quantities, prices,
                 st.lists(st.text(max_size=5), max_size=3), json_values)
maps = st.one_of(st.dictionaries(st.text(max_size=6), data, max_size=5), json_values)


@settings(max_examples=800, deadline=None)
@given(values=maps, source=maps, status=maps, display=st.one_of(st.none(), maps),
       tweak=st.sampled_from(["none", "extra-key", "missing-key", "bad-country", "non-dict"]))
def test_verdict_equals_the_whole_schema(values: Any, source: Any, status: Any, display: Any, tweak: str) -> None:
    record: Any = dict(BASE, values=values, source=source, status=status)
    if display is not None:
        record["display"] = display
    if tweak == "extra-key":
        record["surprise"] = 1
    elif tweak == "missing-key":
        del record["identifier"]
    elif tweak == "bad-country":
        record["country"] = "usa"
    elif tweak == "non-dict":
        record = [record]
    schema = RecordSchema("feed.schema.json")
    assert schema.is_valid(record) == ORACLE.is_valid(record)
    assert (schema.problems(record) == []) == ORACLE.is_valid(record)


def test_valid_and_invalid_values_decided_per_value() -> None:
    schema = RecordSchema("feed.schema.json")
    good = dict(BASE, values={"name": "Schuh", "weight": {"amount": "2.5", "unit": "KILOGRAM"}, "on": True,
                              "prices": [{"amount": "10.00", "currency": "EUR"}], "colors": ["red"], "x": None},
                source={"name": "Schuh"}, status={"name": "machine"}, display={"weight": "2.5 kg"})
    assert schema.is_valid(good) and ORACLE.is_valid(good)
    for key, bad in (("values", {"n": 3}), ("values", {"w": {"amount": "2,5", "unit": "KILOGRAM"}}),
                     ("source", {"p": [{"amount": "1", "currency": "eur"}]}), ("status", {"n": "typed"}),
                     ("display", {"w": 2}), ("values", "text")):
        record = dict(good, **{key: bad})
        assert not schema.is_valid(record), (key, bad)
        assert schema.problems(record) and schema.problems(record)[0].property == key


def test_texts_are_not_handed_to_the_value_validator() -> None:
    schema = RecordSchema("feed.schema.json")
    calls = []
    check, free = schema._maps["values"]
    schema._maps["values"] = (lambda v: (calls.append(v), check(v)), free)
    schema.is_valid(dict(BASE, values={"a": "text", "b": True, "c": None, "d": {"amount": "1", "unit": "METER"}}))
    assert calls == [{"amount": "1", "unit": "METER"}]
