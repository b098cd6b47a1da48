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
