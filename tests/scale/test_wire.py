"""A chunk's products cross from the driver to a worker as marshalled tuples (`localize.execution.wire`):
every product arrives equal, with every field of the same type, whatever the reader put in it."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from scale_helpers import demo_project

from localize.codes import CodeMap
from localize.config import load_config
from localize.execution import wire, worker
from localize.model import Money, Origin, Product, Quantity, Value

# Texts as a reader can give them: any code point, lone surrogates included (a CSV read with
# `surrogateescape`, a JSON `"\ud800"`): marshal carries them, where a UTF-8 encoder would refuse.
texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
codes = st.text("abcXYZ_-0é", min_size=1, max_size=6)
decimals = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("1.50"), Decimal("-0"), Decimal("1E+3"), Decimal("-sNaN12"), Decimal("0.000")])
data = st.one_of(
    st.none(), st.booleans(), texts, decimals,
    st.builds(Quantity, decimals, codes),
    st.lists(st.builds(Money, decimals, st.sampled_from(["EUR", "CHF", "USD"])), min_size=1, max_size=3).map(tuple),
    st.lists(codes, max_size=3).map(tuple),
    # outside `ValueData`, but a reader could: carried exactly all the same (pickled on their own)
    st.integers(), st.floats(allow_nan=False), st.lists(codes, max_size=2),
)
values = st.builds(Value, st.none() | st.sampled_from(["de_DE", "fr_CH", "en_US"]),
                   st.none() | st.sampled_from(["ecommerce", "print"]), data)


@st.composite
def products(draw: Any) -> Product:
    value_map = draw(st.dictionaries(codes, st.lists(values, max_size=3), max_size=5))
    assoc = draw(st.dictionaries(codes, texts, max_size=2))
    return Product(
        identifier=draw(texts), origin=Origin(draw(texts), draw(st.integers(0, 2**40)), draw(st.none() | codes)),
        family=draw(st.none() | codes), parent=draw(st.none() | codes),
        categories=tuple(draw(st.lists(codes, max_size=3))), enabled=draw(st.booleans()),
        groups=tuple(draw(st.lists(codes, max_size=2))),
        values=CodeMap(value_map) if draw(st.booleans()) else value_map,
        associations=CodeMap(assoc) if draw(st.booleans()) else assoc,
        is_model=draw(st.booleans()), family_variant=draw(st.none() | codes),
        fingerprint=draw(st.none() | st.text("0123456789abcdef", min_size=32, max_size=32)))


def _shape(obj: Any) -> Any:
    """`obj` with the type of every part spelled out: equal shapes mean equal values of equal types
    (`==` alone takes 1 == True == Decimal(1), a tuple for a list, a dict for a CodeMap)."""
    if isinstance(obj, Product):
        return ("Product", *(_shape(getattr(obj, f)) for f in Product.__slots__))
    if isinstance(obj, Quantity):
        return ("Quantity", _shape(obj.amount), _shape(obj.unit))
    if isinstance(obj, Money):
        return ("Money", _shape(obj.amount), _shape(obj.currency))
    if isinstance(obj, dict):
        return (type(obj).__name__, [(_shape(k), _shape(v)) for k, v in obj.items()])
    if isinstance(obj, list | tuple):
        return (type(obj).__name__, [_shape(v) for v in obj])
    if isinstance(obj, Decimal):
        return ("Decimal", obj.as_tuple(), obj.is_snan())  # sign, digits, exponent: 1.50 is not 1.5
    if isinstance(obj, float):
        return ("float", obj.hex())
    return (type(obj).__name__, obj)


@settings(max_examples=300, deadline=None)
@given(st.lists(products(), max_size=6), st.data())
def test_a_chunk_of_any_products_arrives_equal_with_the_same_types(chunk: list[Product], draw: Any) -> None:
    items = [(n, p, draw.draw(st.lists(st.integers(0, 5), max_size=3))) for n, p in enumerate(chunk)]
    blob = wire.encode(items)
    back = wire.decode(blob)
    assert _shape(back) == _shape(items)
    # and through the Chunk the driver sends: pickled once, through a scheduler as bytes, decoded once
    arrived = pickle.loads(pickle.dumps(worker.Chunk(items)))
    assert _shape(arrived.items) == _shape(items)


def test_products_of_the_types_readers_give_travel_as_tuples_not_pickled(tmp_path: Path) -> None:
    """The demo catalogue (models, variants merged, prices, measures, CodeMaps) goes the fast way: a
    marshalled blob that names no class, and comes back equal (fails on the old code: no wire)."""
    import logging

    from localize.pipeline.source import Source
    from localize.report import RunReport

    config = load_config(demo_project(tmp_path))
    source = Source(config, RunReport(), logging.getLogger("test"))
    read = [p for batch in source.batches(100, None) for p in batch if isinstance(p, Product)]
    kinds = {type(v.data).__name__ for p in read for vs in p.values.values() for v in vs}
    assert {"str", "Quantity", "tuple"} <= kinds, kinds
    items = [(n, p, [0, 1]) for n, p in enumerate(read)]
    blob = wire.encode(items)
    assert blob[:1] == b"M" and b"localize" not in blob
    assert _shape(wire.decode(blob)) == _shape(items)


class Code(str):
    """A text of its own type (a reader's enum, say): marshal refuses it rather than flatten it."""


class Tagged(Product):
    __slots__ = ()


def test_a_field_the_tuples_cannot_carry_sends_the_chunk_pickled_and_equal() -> None:
    """A type outside the layout (a subclass of a text, of `Value`, of `Product`) is never flattened
    into its base type: the chunk goes pickled, as before, and arrives with its types."""

    base = Product("A", Origin("f.csv", 2), values={"name": [Value(None, None, "x")]})
    odd = [Product("B", Origin("f.csv", 3), family=Code("shoes")),
           Product("C", Origin("f.csv", 4), values={"name": [Value(None, None, Code("y"))]}),
           Tagged("D", Origin("f.csv", 5))]
    for product, how in zip(odd, (b"P", b"M", b"P"), strict=True):  # a value of its own: pickled alone
        items = [(0, base, [0]), (1, product, [1])]
        blob = wire.encode(items)
        assert blob[:1] == how
        back = wire.decode(blob)
        assert _shape(back) == _shape(items)
        assert type(back[1][1]) is type(product) and type(back[1][1].family) is type(product.family)
        assert [type(v.data) for vs in back[1][1].values.values() for v in vs] == [
            type(v.data) for vs in product.values.values() for v in vs]
