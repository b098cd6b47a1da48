"""Products, quantities, prices and findings cross between the driver and the Dask workers pickled
(a chunk's products one way, each record's findings the other): they pickle as their constructor's
arguments, equal after the trip, without the dataclass machinery's per-object field lookup."""

from __future__ import annotations

import pickle
import sys
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.model import Finding, Money, Origin, Product, Quantity, Value

texts = st.text(max_size=6)
maybe = st.none() | texts
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=3)
findings = st.builds(
    Finding, texts, st.sampled_from(["block", "review", "info"]), texts, maybe, maybe, maybe, maybe,
    st.none() | st.tuples(st.integers(0, 99), st.integers(0, 99)), maybe, maybe, maybe, maybe, maybe,
    st.none() | st.lists(st.dictionaries(texts, texts, max_size=2), max_size=2).map(tuple), maybe)


# 15 fields a finding: on 2 cores shared with other jobs drawing them can exceed the health check's time
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(findings, max_size=3), decimals, decimals, texts)
def test_findings_quantities_and_prices_come_back_equal(found: list[Finding], amount: Decimal, price: Decimal,
                                                        unit: str) -> None:
    quantity, money = Quantity(amount, unit), Money(price, "EUR")
    back = pickle.loads(pickle.dumps((found, quantity, (money,)), protocol=pickle.HIGHEST_PROTOCOL))
    assert back == (found, quantity, (money,))
    # `evidence` is left out of a finding's equality: compared on its own
    assert [f.evidence for f in back[0]] == [f.evidence for f in found]
    assert [type(f) for f in back[0]] == [Finding] * len(found)


def _python_calls(fn: Any) -> dict[str, int]:
    """Python functions called while `fn` runs, by module file name (the pickler itself is C)."""
    calls: dict[str, int] = {}

    def profile(frame: Any, event: str, _arg: Any) -> None:
        if event == "call":
            name = frame.f_code.co_filename.rsplit("/", 1)[-1]
            calls[name] = calls.get(name, 0) + 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def test_pickling_a_chunk_of_products_and_findings_calls_no_dataclass_machinery() -> None:
    """The dataclass's own pickling of a frozen slotted class calls `dataclasses.fields()` and a
    getstate per object (and a setstate setting each field one by one when unpickled): 5-7 us an
    object, with three quantities or prices per product and a finding for every other record."""
    products = [Product(f"SKU-{n}", Origin("p.csv", n + 2), "mugs",
                        values={"weight": [Value(None, None, Quantity(Decimal(n), "GRAM"))],
                                "price": [Value(None, None, (Money(Decimal("9.99"), "EUR"),))]})
                for n in range(50)]
    found = [Finding("number-mismatch", "review", "3 vs 4", f"SKU-{n}", "fr-FR", "name") for n in range(50)]
    blob = b""

    def dump() -> None:
        nonlocal blob
        blob = pickle.dumps((products, found), protocol=pickle.HIGHEST_PROTOCOL)

    calls = _python_calls(dump)
    assert calls.get("dataclasses.py", 0) == 0, calls
    back: Any = None

    def load() -> None:
        nonlocal back
        back = pickle.loads(blob)

    calls = _python_calls(load)
    assert calls.get("dataclasses.py", 0) == 0, calls
    assert back == (products, found)
