"""Which measurement system a country reads: CLDR's `metric`, `US` or `UK`, and its temperatures.

babel does not ship CLDR's supplemental `measurementData`, so the handful of facts are below
(a test checks them against `../shared/data/cldr/measurementData.json`): US and LR use US
units, GB and MM UK (mixed) units, everything else metric; temperatures are in °F in US, BS,
BZ, KY, PR, PW (LR and MM use °C despite their system). Both `conventions` (a market's units)
and `kinds` (the exceptions per kind of measure) read these names, so they live apart from both.
"""

from __future__ import annotations

# CLDR 47 supplemental measurementData (territory -> system); "001" (world) is metric.
CLDR_MEASUREMENT_SYSTEM: dict[str, str] = {"US": "US", "LR": "US", "GB": "UK", "MM": "UK"}
CLDR_TEMPERATURE_SYSTEM: dict[str, str] = {
    "BS": "US", "BZ": "US", "KY": "US", "PR": "US", "PW": "US", "LR": "metric", "MM": "metric",
}
SYSTEMS = ("metric", "US", "UK")


def measurement_system(country: str) -> str:
    """`metric`, `US` or `UK` for an ISO 3166 country code (CLDR)."""
    return CLDR_MEASUREMENT_SYSTEM.get(country.upper(), "metric")


def temperature_system(country: str) -> str:
    """`US` (°F) or `metric` (°C) for a country (CLDR's temperature category, else its system)."""
    country = country.upper()
    if country in CLDR_TEMPERATURE_SYSTEM:
        return CLDR_TEMPERATURE_SYSTEM[country]
    return "US" if measurement_system(country) == "US" else "metric"
