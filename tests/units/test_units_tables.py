"""The unit table against Akeneo's own definitions, and CLDR conventions against CLDR's data."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from localize.akeneo_units import FAMILIES
from localize.units.akeneo_pint import SPECS, spec_for, unmapped_codes
from localize.units.registry import STANDARD_UNITS, UnitError, convert, factor
from localize.units.systems import measurement_system, temperature_system

# Where Akeneo's own table is wrong or rounded, and pint (the physics) wins.
AKENEO_KNOWN_WRONG = {
    # inverted operations in Akeneo's VolumeFlow family
    ("VolumeFlow", "CUBIC_METER_PER_MINUTE"), ("VolumeFlow", "CUBIC_METER_PER_HOUR"),
    ("VolumeFlow", "CUBIC_METER_PER_DAY"), ("VolumeFlow", "CUBIC_CENTIMETER_PER_MINUTE"),
    ("VolumeFlow", "CUBIC_CENTIMETER_PER_HOUR"), ("VolumeFlow", "CUBIC_CENTIMETER_PER_DAY"),
    ("VolumeFlow", "CUBIC_DECIMETER_PER_MINUTE"), ("VolumeFlow", "CUBIC_DECIMETER_PER_HOUR"),
    ("VolumeFlow", "KILOLITER_PER_HOUR"),
}


def akeneo_to_standard(ops: list[dict[str, str]]) -> Decimal:
    """Apply Akeneo's `convert_from_standard` operations to 1 unit (they give the standard value)."""
    value = Decimal(1)
    for op in ops:
        operand = Decimal(op["value"])
        value = {"mul": value * operand, "div": value / operand, "add": value + operand,
                 "sub": value - operand}[op["operator"]]
    return value


def test_every_akeneo_code_has_a_spec() -> None:
    assert unmapped_codes() == []
    assert sum(len(c) for c in FAMILIES.values()) == len([k for k in SPECS if not k[1].startswith("US_")])


@pytest.mark.shared
def test_factors_match_akeneo_measurement_families(shared_data: Path) -> None:
    families = json.loads((shared_data / "akeneo" / "measurement_families.json").read_text(encoding="utf-8"))
    checked = 0
    for family in families:
        standard = family["standard_unit"]
        assert STANDARD_UNITS[family["code"]] == standard
        for unit in family["units"]:
            key = (family["code"], unit["code"])
            spec = SPECS[key]
            if spec.pint is None or family["code"] == "Temperature" or key in AKENEO_KNOWN_WRONG:
                continue
            ours = factor(unit["code"], standard, family["code"]).scale
            theirs = akeneo_to_standard(unit["convert_from_standard"])
            assert abs(ours - theirs) <= abs(theirs) * Decimal("1e-5"), (key, ours, theirs)
            checked += 1
    assert checked > 150


@pytest.mark.shared
def test_temperatures_match_akeneo(shared_data: Path) -> None:
    families = json.loads((shared_data / "akeneo" / "measurement_families.json").read_text(encoding="utf-8"))
    (temperature,) = [f for f in families if f["code"] == "Temperature"]
    for unit in temperature["units"]:
        for x in (Decimal(-40), Decimal(0), Decimal("36.6"), Decimal(100)):
            value = x
            for op in unit["convert_from_standard"]:
                operand = Decimal(op["value"])
                value = {"mul": value * operand, "div": value / operand, "add": value + operand,
                         "sub": value - operand}[op["operator"]]
            assert abs(convert(x, unit["code"], "KELVIN") - value) < Decimal("1e-9"), unit["code"]


def test_the_traps_of_the_notes() -> None:
    # Akeneo's Volume GALLON/OUNCE/PINT are imperial; KILOBYTE is 1024; ACRE international; TON metric
    assert factor("GALLON", "LITER").scale == Decimal("4.54609")
    assert factor("OUNCE", "MILLILITER", "Volume").scale == Decimal("28.4130625")
    assert factor("PINT", "MILLILITER").scale == Decimal("568.26125")
    assert factor("US_GALLON", "LITER").scale == Decimal("3.785411784")
    assert factor("KILOBYTE", "BYTE").scale == Decimal(1024)
    assert factor("ACRE", "SQUARE_METER").scale == Decimal("4046.8564224")
    assert factor("TON", "KILOGRAM").scale == Decimal(1000)
    assert factor("OUNCE", "GRAM").scale == Decimal("28.349523125")  # a bare OUNCE is the weight
    assert factor("YEAR", "DAY").scale == Decimal(365)


def test_offset_units_convert_absolute_temperatures() -> None:
    assert convert(Decimal(40), "CELSIUS", "FAHRENHEIT") == Decimal(104)
    assert convert(Decimal(-40), "FAHRENHEIT", "CELSIUS") == Decimal(-40)
    assert convert(Decimal(0), "CELSIUS", "KELVIN") == Decimal("273.15")


def test_conversion_errors_are_clear() -> None:
    with pytest.raises(UnitError) as exc:
        factor("KILOGRAM", "INCH")
    assert str(exc.value) == ("cannot convert KILOGRAM (Weight) to INCH (Length)\n"
                              "  hint: choose a target unit of the same measurement family")
    with pytest.raises(UnitError) as exc:
        factor("KILOGRAMS", "POUND")
    assert str(exc.value) == "unknown unit code 'KILOGRAMS'\n  hint: did you mean KILOGRAM?"
    with pytest.raises(UnitError) as exc:
        factor("NIT", "LUMEN")
    assert exc.value.message == "unit NIT (Brightness) has no physical conversion"


def test_shared_codes_resolve_by_family() -> None:
    assert spec_for("MINUTE").family == "Duration"  # type: ignore[union-attr]
    assert spec_for("MINUTE", "Angle").pint == "arcminute"  # type: ignore[union-attr]
    assert abs(factor("MIL", "RADIAN", "Angle").scale - Decimal("0.000981747704246810387019576057")) < Decimal("1e-24")


def test_measurement_systems() -> None:
    assert [measurement_system(c) for c in ("US", "LR", "GB", "MM", "DE", "JP", "CH")] == [
        "US", "US", "UK", "UK", "metric", "metric", "metric"]
    assert [temperature_system(c) for c in ("US", "BS", "BZ", "KY", "PR", "PW", "LR", "MM", "GB", "DE")] == [
        "US", "US", "US", "US", "US", "US", "metric", "metric", "metric", "metric"]


@pytest.mark.shared
def test_cldr_measurement_data_cross_check(shared_data: Path) -> None:
    path = shared_data / "cldr" / "measurementData.json"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    data = json.loads(path.read_text(encoding="utf-8"))["supplemental"]["measurementData"]
    systems = data["measurementSystem"]
    temps = data["measurementSystem-category-temperature"]
    assert systems["001"] == "metric"
    from babel import Locale

    for country in sorted(k for k in Locale("en").territories if len(k) == 2 and k.isalpha()):
        assert measurement_system(country) == systems.get(country, "metric"), country
        expected_temp = temps.get(country, systems.get(country, "metric"))
        expected_temp = "US" if expected_temp == "US" else "metric"
        assert temperature_system(country) == expected_temp, country
