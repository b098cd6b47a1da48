"""One pint registry per process, cached unit objects, and exact Decimal conversion factors.

Building a pint registry costs ~0.3 s and a pint conversion ~20 µs, too slow for a million
values. Every conversion we do is `y = x * scale + offset` (offset only for temperatures),
so we ask pint once per unit pair, on a registry that computes in Decimal, and keep the
pair's Decimal `scale`/`offset`. The hot path is then two Decimal operations, exact where
the unit definitions are exact (pound = 0.45359237 kg, inch = 0.0254 m).
"""

from __future__ import annotations

import json
import math
import sys
import threading
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from ..akeneo_units import unit_hint
from ..errors import LocalizeError
from .akeneo_pint import PINT_DEFINITIONS, SPECS, UnitSpec, spec_for

_lock = threading.Lock()
_registry: Any = None


class UnitError(LocalizeError):
    """A unit code we do not know, or two units that cannot be converted into each other."""


def registry() -> Any:
    """The process-wide pint registry (Decimal arithmetic, Akeneo's extra units defined)."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                pint = _import_pint()
                reg = pint.UnitRegistry(non_int_type=Decimal, autoconvert_offset_to_baseunit=False)
                for definition in PINT_DEFINITIONS:
                    reg.define(definition)
                _registry = reg
    return _registry


def _import_pint() -> Any:
    """pint, without its dask integration: when dask is installed (the `--workers` extra), pint's
    `compat` imports `dask.base` (~0.4 s) because `find_spec("dask")` finds it, and we never give
    pint dask arrays. A `None` in `sys.modules` makes `find_spec` answer "not installed" for the
    moment of the import; a process that already imported dask keeps pint's integration."""
    if "pint" in sys.modules or "dask" in sys.modules:
        # start-up cost: pint takes ~240 ms CPU to import; only conversions outside the shipped
        # factor table need it, not `validate` or a run with the default conventions
        import pint

        return pint
    sys.modules["dask"] = None  # type: ignore[assignment]
    try:
        # start-up cost: as above
        import pint
    finally:
        if sys.modules.get("dask", False) is None:
            del sys.modules["dask"]
    return pint


@cache
def pint_unit(code: str, family: str | None = None) -> Any:
    """The cached pint Unit object of an Akeneo unit code."""
    spec = require_spec(code, family)
    if spec.pint is None:
        raise UnitError(
            f"unit {code} ({spec.family}) has no physical conversion",
            hint="it is passed through unchanged; configure no conversion for it",
        )
    return registry().Unit(spec.pint)


def require_spec(code: str, family: str | None = None) -> UnitSpec:
    spec = spec_for(code, family)
    if spec is None:
        raise UnitError(f"unknown unit code {code!r}", hint=unit_hint(code, family))
    return spec


@dataclass(frozen=True, slots=True)
class Factor:
    """`target = (source * num + off) / den`: a rational map, so 5/9 and -160/9 (°F -> °C) stay
    exact and -40 °F gives exactly -40 °C. `den` is 1 for every factor with a finite decimal."""

    source: str
    target: str
    num: Decimal
    off: Decimal
    den: Decimal

    @property
    def scale(self) -> Decimal:
        return self.num / self.den if self.den != 1 else self.num

    @property
    def offset(self) -> Decimal:
        return self.off / self.den if self.den != 1 else self.off

    def apply(self, amount: Decimal) -> Decimal:
        value = amount * self.num
        if self.off:
            value += self.off
        if self.den != 1:
            value /= self.den
        return value


_factors: dict[tuple[str, str, str | None], Factor] = {}


def factor(source: str, target: str, family: str | None = None) -> Factor:
    """The cached conversion factor between two unit codes (raises UnitError if impossible)."""
    key = (source, target, family)
    hit = _factors.get(key)
    if hit is not None:
        return hit
    if source == target:
        result = Factor(source, target, Decimal(1), Decimal(0), Decimal(1))
    else:
        result = _shipped(source, target, family) or _compute(source, target, family)
    _factors[key] = result
    return result


#: Every factor between two units of one family, as pint computes them (`write_table`; a test
#: recomputes the file with pint): a run converts with the default conventions without building
#: a pint registry (~0.5 s of start-up in every run, and in every `--workers` worker).
TABLE = Path(__file__).resolve().parent.parent / "data" / "unit_factors.json"


@cache
def _table() -> dict[tuple[str, str, str], tuple[str, str, str]]:
    try:
        rows = json.loads(TABLE.read_text(encoding="utf-8"))["factors"]
    except (OSError, ValueError, KeyError):
        return {}  # no table: pint computes every factor
    return {(f, s, t): (num, off, den) for f, s, t, num, off, den in rows}


def _shipped(source: str, target: str, family: str | None) -> Factor | None:
    """The table's factor for two units of one family, or None (pint computes it)."""
    src_spec = spec_for(source, family)
    dst_spec = spec_for(target, family if family and spec_for(target, family) else None)
    if src_spec is None or dst_spec is None or src_spec.family != dst_spec.family:
        return None
    row = _table().get((src_spec.family, source, target))
    if row is None:
        return None
    num, off, den = row
    return Factor(source, target, Decimal(num), Decimal(off), Decimal(den))


def table_rows() -> list[list[str]]:
    """Every (family, source, target) factor as pint computes it now, for `unit_factors.json`."""
    rows = []
    pairs = [(family, code) for (family, code), spec in SPECS.items() if spec.pint]
    for family, source in pairs:
        for other, target in pairs:
            if other != family or target == source:
                continue
            try:
                found = _compute(source, target, family)
            except UnitError:
                continue
            rows.append([family, source, target, str(found.num), str(found.off), str(found.den)])
    return sorted(rows)


def write_table(path: Path = TABLE) -> int:
    """Write `unit_factors.json` (`python -c "from localize.units.registry import write_table; write_table()"`
    after changing a unit definition); returns the number of factors."""
    rows = table_rows()
    lines = ",\n".join("  " + json.dumps(row) for row in rows)
    path.write_text('{"factors": [\n' + lines + "\n]}\n", encoding="utf-8")
    return len(rows)


def _compute(source: str, target: str, family: str | None) -> Factor:
    pint = _import_pint()
    src_spec = require_spec(source, family)
    dst_spec = require_spec(target, family if family and spec_for(target, family) else None)
    if src_spec.family != dst_spec.family and not _same_dimension(src_spec, dst_spec):
        raise UnitError(
            f"cannot convert {source} ({src_spec.family}) to {target} ({dst_spec.family})",
            hint="choose a target unit of the same measurement family",
        )
    src, dst = pint_unit(source, src_spec.family), pint_unit(target, dst_spec.family)
    reg = registry()
    with localcontext() as ctx:
        ctx.prec = 34
        try:
            y0 = reg.Quantity(Decimal(0), src).to(dst).magnitude
            y1 = reg.Quantity(Decimal(1), src).to(dst).magnitude
        except pint.DimensionalityError:
            raise UnitError(
                f"cannot convert {source} to {target}: different dimensions",
                hint="choose a target unit of the same measurement family",
            ) from None
        scale = Decimal(y1) - Decimal(y0)
        offset = Decimal(y0)
    return _rational(source, target, _clean(scale), _clean(offset))


def _rational(source: str, target: str, scale: Decimal, offset: Decimal) -> Factor:
    """Find the small fractions behind pint's decimals (0.5555... = 5/9, 2.2046... = 1e8/45359237).

    A fraction is used only when it reproduces the 24-digit decimal; irrational factors
    (degrees and radians) keep their decimal.
    """
    with localcontext() as ctx:
        ctx.prec = 24
        fs = Fraction(scale).limit_denominator(10**12)
        fo = Fraction(offset).limit_denominator(10**12)
        den = fs.denominator * fo.denominator // _gcd(fs.denominator, fo.denominator)
        num = Decimal(fs.numerator * (den // fs.denominator))
        off = Decimal(fo.numerator * (den // fo.denominator))
        exact = (+(num / den) == +scale) and (+(off / den) == +offset)
    if exact:
        return Factor(source, target, num, off, Decimal(den))
    return Factor(source, target, scale, offset, Decimal(1))


def _gcd(a: int, b: int) -> int:
    return math.gcd(a, b)


def _same_dimension(a: UnitSpec, b: UnitSpec) -> bool:
    if a.pint is None or b.pint is None:
        return False
    return pint_unit(a.code, a.family).dimensionality == pint_unit(b.code, b.family).dimensionality


def _clean(value: Decimal) -> Decimal:
    """Drop the last digits of pint's 34-digit chains (`32.00000000000000000000000004` -> `32`).

    24 significant digits are far beyond any rounding rule and remove the noise that
    offsets computed as differences of large magnitudes carry.
    """
    if not value:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 24
        return (+value).normalize()


def convert(amount: Decimal, source: str, target: str, family: str | None = None) -> Decimal:
    """Convert an amount between unit codes (unrounded; apply a rounding rule for display)."""
    return factor(source, target, family).apply(amount)


def base_value(amount: Decimal, code: str, family: str | None = None) -> tuple[Decimal, str]:
    """The amount in its family's standard unit (KILOGRAM, METER, KELVIN, ...) and the family.

    Used to compare quantities written in different units (`2.5 kg` against `5.5 lb`).
    A unit without a physical conversion (DECIBEL, NIT) compares only with itself.
    """
    spec = require_spec(code, family)
    if spec.pint is None:
        return amount, f"{spec.family}:{spec.code}"
    base = _base_code(spec)
    value = factor(code, base, spec.family).apply(amount) if base != code else amount
    return value, spec.family


#: Akeneo's standard unit of each family: the common ground when comparing quantities.
STANDARD_UNITS = {
    "Area": "SQUARE_METER", "Binary": "BYTE", "Frequency": "HERTZ", "Length": "METER", "Power": "WATT",
    "Voltage": "VOLT", "Intensity": "AMPERE", "Resistance": "OHM", "Speed": "METER_PER_SECOND",
    "ElectricCharge": "AMPEREHOUR", "Duration": "SECOND", "Temperature": "KELVIN", "Volume": "CUBIC_METER",
    "Weight": "KILOGRAM", "Pressure": "BAR", "Energy": "JOULE", "CaseBox": "PIECE", "Brightness": "LUMEN",
    "Force": "NEWTON", "Angle": "RADIAN", "Capacitance": "FARAD", "VolumeFlow": "CUBIC_METER_PER_SECOND",
    "Decibel": "DECIBEL",
}


def _base_code(spec: UnitSpec) -> str:
    return STANDARD_UNITS.get(spec.family, spec.code)
