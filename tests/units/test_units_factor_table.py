"""The shipped factor table (`localize/data/unit_factors.json`) is what pint computes, so a run
with the default conventions converts without importing pint; and pint, when it is needed, does
not import dask's runtime with it (~0.4 s of start-up)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from localize.units.registry import TABLE, _compute, table_rows


def test_the_shipped_table_is_what_pint_computes() -> None:
    shipped = json.loads(TABLE.read_text(encoding="utf-8"))["factors"]
    assert shipped == table_rows()
    assert len(shipped) > 2000


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_default_conventions_and_their_conversions_need_no_pint() -> None:
    out = _python(
        "import sys\n"
        "from decimal import Decimal\n"
        "from localize.units.conventions import market_units\n"
        "from localize.units.registry import convert\n"
        "for locale, country in (('en-US', 'US'), ('en-GB', 'GB'), ('de-DE', 'DE'), ('fr-CH', 'CH')):\n"
        "    market_units(locale, country)\n"
        "print(convert(Decimal('2.5'), 'KILOGRAM', 'POUND', 'Weight'), convert(Decimal(40), 'CELSIUS', 'FAHRENHEIT'),\n"
        "      'pint' in sys.modules)\n")
    pound = _compute("KILOGRAM", "POUND", "Weight").apply(Decimal("2.5"))  # pint, in this process
    assert out == f"{pound} 104 False"


def test_pint_loads_without_dask() -> None:
    pytest.importorskip("dask")
    out = _python(
        "import sys\n"
        "from localize.units.registry import pint_unit, registry\n"
        "registry(); pint_unit('KILOGRAM')\n"
        "print('pint' in sys.modules, 'dask' in sys.modules, 'dask.base' in sys.modules)\n"
        "import dask.base\n"  # dask itself still imports afterwards
        "print(dask.base.__name__)\n")
    assert out.splitlines() == ["True False False", "dask.base"]
