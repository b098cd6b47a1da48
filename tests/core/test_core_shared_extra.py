"""`LocalizedValue.extra` starts as the one shared, immutable `NO_EXTRA` (no empty dict per value,
attribute and market), and converted values share their outcome's `FrozenExtra`: nobody can write
into a shared one (a stage binds a new dict), and they read, compare, copy, pickle and encode as
the dicts they hold."""

from __future__ import annotations

import copy
import json
import pickle
from decimal import Decimal

import orjson
import pytest

from localize.attributes import AttributeCatalog
from localize.model import NO_EXTRA, FrozenExtra, LocalizedValue, Market, Origin, Product, Value
from localize.records import RecordBuilder

MARKETS = [Market("en-US", "US", "USD", "en", "en_US"), Market("fr-FR", "FR", "EUR", "fr", "fr_FR"),
           Market("de-DE", "DE", "EUR", "de", "de_DE")]


def test_a_value_starts_with_the_shared_empty_extra() -> None:
    a, b = LocalizedValue("x", "x"), LocalizedValue(Decimal(1))
    assert a.extra is NO_EXTRA and b.extra is NO_EXTRA
    assert a.extra == {} and not a.extra and dict(a.extra) == {}


@pytest.mark.parametrize("write", [
    lambda e: e.__setitem__("k", 1), lambda e: e.update(k=1), lambda e: e.setdefault("k", 1),
    lambda e: e.pop("k", None), lambda e: e.popitem(), lambda e: e.clear(), lambda e: e.__delitem__("k"),
    lambda e: e.__ior__({"k": 1}),
])
def test_nobody_writes_into_a_shared_extra(write) -> None:  # type: ignore[no-untyped-def]
    shared = FrozenExtra({"rule": "r"})
    for extra in (NO_EXTRA, shared):
        with pytest.raises(TypeError, match="bind a new dict"):
            write(extra)
    assert NO_EXTRA == {} and shared == {"rule": "r"}
    value = LocalizedValue("x")
    value.extra = {**value.extra, "translation": "memory"}  # what a stage does instead
    assert value.extra == {"translation": "memory"} and NO_EXTRA == {}


def test_shared_extras_copy_pickle_and_encode_as_their_dicts() -> None:
    value = LocalizedValue("x", "x")
    assert copy.deepcopy(value).extra is NO_EXTRA and pickle.loads(pickle.dumps(value)).extra is NO_EXTRA
    shared = FrozenExtra({"rule": "r", "from": "1 KILOGRAM"})
    again = pickle.loads(pickle.dumps(shared))
    assert type(again) is FrozenExtra and again == shared and again is not shared
    assert type(copy.deepcopy(shared)) is FrozenExtra
    assert orjson.dumps(NO_EXTRA) == b"{}" and json.loads(orjson.dumps(shared)) == dict(shared)
    assert {**shared, "kind": "wine"} == {"rule": "r", "from": "1 KILOGRAM", "kind": "wine"}


def test_the_builder_gives_every_value_without_details_the_shared_extra() -> None:
    product = Product("P1", Origin("p.csv", 2), family="mugs")
    product.add("name", Value("de_DE", None, "Becher"))
    product.add("name", Value("fr_FR", None, "Tasse"))
    product.add("ean", Value(None, None, "4000000000001"))
    product.add("weight", Value(None, None, Decimal("250")))
    builder = RecordBuilder("de_DE", None, AttributeCatalog())
    records = [builder.build(product, market) for market in MARKETS]
    values = [v for r in records for v in r.values.values()]
    assert len(values) == 9
    assert all(v.extra is NO_EXTRA for v in values)
    assert NO_EXTRA == {}
