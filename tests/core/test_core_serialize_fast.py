"""`data_to_json` tests the common exact types first; for every kind of value data it must give what
the isinstance chain gives (subclasses still go down the chain)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.model import Money, Quantity, format_decimal
from localize.serialize import data_to_json


def reference(data: Any) -> Any:
    if type(data) in (str, bool, type(None)):
        return data
    if isinstance(data, Decimal):
        return format_decimal(data)
    if isinstance(data, Quantity | Money):
        return data.to_dict()
    if isinstance(data, tuple):
        return [reference(item) for item in data]
    raise TypeError(f"cannot serialise {type(data).__name__}")


class Text(str):
    pass


decimals = st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10 ** 9, max_value=10 ** 9)
leaves = st.one_of(st.text(max_size=5), st.booleans(), st.none(), decimals,
                   st.builds(Quantity, decimals, st.sampled_from(["KILOGRAM", "GRAM", "INCH"])),
                   st.builds(Money, decimals, st.sampled_from(["EUR", "JPY"])))
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4).map(tuple), max_leaves=10)


@settings(max_examples=500, deadline=None)
@given(data=values)
def test_data_to_json_equals_the_isinstance_chain(data: Any) -> None:
    assert data_to_json(data) == reference(data)


def test_subclasses_and_unknown_types_take_the_chain() -> None:
    with pytest.raises(TypeError):
        data_to_json(Text("x"))  # a str subclass is not plain data (as before)
    with pytest.raises(TypeError):
        data_to_json(1.5)


def reference_record(record: Any) -> dict[str, Any]:
    """`record_to_dict` as it was before its values were converted inline: `data_to_json` for each."""
    values: dict[str, Any] = {}
    source: dict[str, Any] = {}
    status: dict[str, str] = {}
    display: dict[str, str] = {}
    for code, lv in record.values.items():
        values[code] = lv.data if type(lv.data) is str else reference(lv.data)
        if lv.status != "source" or lv.translatable:
            if lv.status != "source":
                status[code] = lv.status
            source[code] = lv.source if type(lv.source) is str else reference(lv.source)
        if lv.display is not None:
            display[code] = lv.display
    return {"values": values, "source": source, "status": status, "display": display}


localized = st.builds(
    lambda data, same, source, status, translatable, display: (
        data, data if same else source, status, translatable, display),
    values, st.booleans(), values, st.sampled_from(["source", "machine", "human", "converted"]), st.booleans(),
    st.one_of(st.none(), st.text(max_size=4)))


@settings(max_examples=400, deadline=None)
@given(fields=st.dictionaries(st.text(min_size=1, max_size=4), localized, max_size=6))
def test_record_to_dict_converts_values_as_data_to_json_does(fields: dict[str, Any]) -> None:
    """The inline conversion of the common types in `record_to_dict` gives the same feed line
    (same data, same bytes) as `data_to_json` on every value and source."""
    from types import SimpleNamespace

    from localize.model import LocalizedRecord, LocalizedValue, Market, Product
    from localize.serialize import record_to_dict

    record = LocalizedRecord(product=Product(identifier="P-1", origin=SimpleNamespace(file="x", line=1)),  # type: ignore[arg-type]
                             market=Market("fr-FR", "FR", "EUR", "fr", "fr_FR"))
    for code, (data, source, status, translatable, display) in fields.items():
        record.values[code] = LocalizedValue(data, source, status, translatable, display)
    got = record_to_dict(record)
    want = reference_record(record)
    assert {k: got.get(k, {}) for k in want} == want


def test_record_to_dict_refuses_what_data_to_json_refuses() -> None:
    from types import SimpleNamespace

    from localize.model import LocalizedRecord, LocalizedValue, Market, Product
    from localize.serialize import record_to_dict

    for bad in (Text("x"), 1.5, (Money(Decimal("1"), "EUR"), 2.5), (Text("y"),)):
        record = LocalizedRecord(product=Product(identifier="P-1", origin=SimpleNamespace(file="x", line=1)),  # type: ignore[arg-type]
                                 market=Market("fr-FR", "FR", "EUR", "fr", "fr_FR"))
        record.values["a"] = LocalizedValue(bad, "s", "machine", True)
        with pytest.raises(TypeError):
            record_to_dict(record)
