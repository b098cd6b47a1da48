"""How a chunk's products travel from the driver to a Dask worker: one `marshal` blob of plain tuples.

Pickling a chunk of products was the driver's largest cost a distributed run adds over one process
(py-spy, 20k x 3, `--workers 2`: 12 % of the driver's samples): pickle keeps a memo entry for every
object, calls Python (`__reduce__`, `__getnewargs__`) for every value, origin, quantity and price,
and writes each class by name. Here the chunk becomes columns of plain tuples (per product its
fields, every value of the chunk one `(locale, channel, data)` triple), written by one
`marshal.dumps` (C, no per-object calls) and read back with `map` over the triples: 10k products
encode in 0.13-0.16 CPU-s against pickle's 0.29, and decode in about pickle's time (0.10-0.12).

Exactness: `marshal` takes only exact built-in types (a `str` subclass, a named tuple or a `CodeMap`
raise `ValueError`) and gives back exactly those types, so every field arrives equal and of the
same type, or the chunk is pickled as before (`encode` never loses data, only speed). Value data
other than text, None and booleans (a `Decimal`, a `Quantity`, prices, option codes) is tagged and
rebuilt; anything else in a value is pickled on its own. Both ends run the same code base (the
run's `RunSpec` is pickled to the workers as well), so the layout needs no version of its own.
"""

from __future__ import annotations

import marshal
import pickle
from decimal import Decimal
from functools import partial
from typing import Any

from ..codes import CodeMap
from ..model import Money, Origin, Product, Quantity, Value

#: A chunk: per product its sequence in the run, the product, and the indices of the markets to redo
#: (their input hashes stay on the driver, which saves them with the records that come back).
ChunkItems = list[tuple[int, Product, list[int]]]

#: The first byte of a blob: the chunk as tuples (marshal), or pickled (a field `marshal` refuses).
_MARSHAL = b"M"
_PICKLE = b"P"
#: marshal's format 4 (Python 3.4 on): objects referenced twice are written once (strings the reader shares).
_FORMAT = 4

# Tags of the values that are not text, None or a boolean: (tag, payload).
_DECIMAL, _QUANTITY, _PRICES, _TUPLE, _PICKLED = 0, 1, 2, 3, 4

_value = partial(tuple.__new__, Value)  # Value((locale, channel, data)) without a Python call per value


def encode(items: ChunkItems) -> bytes:
    """The chunk as bytes for `decode`: marshalled tuples, or pickled when a field is not of a type
    this layout carries exactly (then nothing is lost, only the speed)."""
    try:
        return _MARSHAL + marshal.dumps(_columns(items), _FORMAT)
    except (ValueError, _Unusual):
        return _PICKLE + pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)


def decode(blob: bytes) -> ChunkItems:
    """The chunk `encode` wrote: equal products of the same types, in the same order."""
    if blob[:1] == _PICKLE:
        return pickle.loads(memoryview(blob)[1:])  # noqa: S301 - our own blob, on the run's own cluster
    if blob[:1] != _MARSHAL:
        raise ValueError("not a chunk written by localize.execution.wire.encode")
    return _rows(marshal.loads(memoryview(blob)[1:]))


class _Unusual(Exception):
    """A field of a type the tuple layout does not carry (a subclass of `Product`, `Origin`, `Value`)."""


_PLAIN = (str, type(None), bool)


def _columns(items: ChunkItems) -> tuple[Any, ...]:
    """The chunk as columns: one tuple of fields per product, every value of the chunk in one list of
    (locale, channel, data) triples, and per attribute how many of them it has."""
    products = []
    attrs = []
    counts = []
    flat: list[Value] = []
    for seq, p, planned in items:
        values = p.values
        kind = type(values)
        if type(p) is not Product or type(p.origin) is not Origin or (kind is not dict and kind is not CodeMap):
            raise _Unusual
        assoc = p.associations
        if type(assoc) is not dict:
            if type(assoc) is not CodeMap:
                raise _Unusual
            assoc = (list(assoc.items()),)  # a one-tuple: a CodeMap to rebuild (a dict never arrives as a tuple)
        attrs.append(tuple(values))
        for entries in values.values():
            if type(entries) is not list:
                raise _Unusual
            counts.append(len(entries))
            flat += entries
        o = p.origin
        products.append((seq, tuple(planned), p.identifier, o[0], o[1], o[2], p.family, p.parent, p.categories,
                         p.enabled, p.groups, kind is CodeMap, assoc, p.is_model, p.family_variant, p.fingerprint))
    if set(map(type, flat)) - {Value}:
        raise _Unusual
    triples = list(map(tuple, flat))  # marshal refuses a named tuple: plain ones, made Values again
    tagged = []
    for at, d in enumerate(map(_third, flat)):
        if type(d) not in _PLAIN:
            locale, channel, _ = triples[at]
            triples[at] = (locale, channel, None)
            tagged.append((at, _tag(d)))
    return products, attrs, counts, triples, tagged


def _third(v: Value) -> Any:
    return v[2]


def _tag(d: Any) -> tuple[int, Any]:
    t = type(d)
    if t is Quantity and type(d.amount) is Decimal and type(d.unit) is str:
        return _QUANTITY, (str(d.amount), d.unit)
    if t is tuple:
        if d and all(type(m) is Money and type(m.amount) is Decimal and type(m.currency) is str for m in d):
            return _PRICES, tuple((str(m.amount), m.currency) for m in d)
        if all(type(s) is str for s in d):
            return _TUPLE, d
    if t is Decimal:
        return _DECIMAL, str(d)
    return _PICKLED, pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)


def _data(tag: int, payload: Any) -> Any:
    if tag == _QUANTITY:
        return Quantity(Decimal(payload[0]), payload[1])
    if tag == _PRICES:
        return tuple([Money(Decimal(a), c) for a, c in payload])
    if tag == _TUPLE:
        return payload
    if tag == _DECIMAL:
        return Decimal(payload)
    if tag == _PICKLED:
        return pickle.loads(payload)  # noqa: S301 - our own blob, on the run's own cluster
    raise ValueError(f"unknown value tag {tag} in a chunk")


def _rows(columns: tuple[Any, ...]) -> ChunkItems:
    products, attrs, counts, triples, tagged = columns
    for at, (tag, payload) in tagged:
        locale, channel, _ = triples[at]
        triples[at] = (locale, channel, _data(tag, payload))
    values = list(map(_value, triples))
    lists = []
    start = 0
    for n in counts:
        end = start + n
        lists.append(values[start:end])
        start = end
    out: ChunkItems = []
    start = 0
    for (seq, planned, identifier, file, line, column, family, parent, categories, enabled, groups, codemap, assoc,
         is_model, family_variant, fingerprint), names in zip(products, attrs, strict=True):
        end = start + len(names)
        mapping = dict(zip(names, lists[start:end], strict=True))
        start = end
        if type(assoc) is tuple:
            assoc = CodeMap(assoc[0])
        out.append((seq, Product(identifier, _origin((file, line, column)), family, parent, categories, enabled,
                                 groups, CodeMap(mapping) if codemap else mapping, assoc, is_model, family_variant,
                                 fingerprint), list(planned)))
    return out


_origin = partial(tuple.__new__, Origin)
