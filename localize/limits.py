"""Bounds on what one input may ask of us, checked before the expensive step.

A PIM export is data from elsewhere: a price of `1e-999999999` is 23 characters in the file
and a billion digits once formatted; a header of a million columns or a JSON line nested
100,000 deep costs minutes or a crash. Every reader takes its bounds from one `Limits`
(config `source.limits`), so a catalogue that really needs more can raise them, and every
message names the limit to raise.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True, slots=True)
class Limits:
    """Defaults hold every real catalogue we know of with room to spare."""

    #: Columns in a header (Akeneo: attributes x locales x channels; 16,384 is Excel's maximum).
    max_columns: int = 20_000
    #: Characters in one cell or field (an HTML description of a few hundred KB is fine).
    max_cell_chars: int = 1_000_000
    #: Significant digits of a number (Decimal's default precision).
    max_number_digits: int = 28
    #: Largest power of ten of a number: 15 allows 999 trillion (prices, grams of a freight load).
    max_number_exponent: int = 15
    #: Digits after the decimal point (a price in 1/10,000 cent, a weight in nanograms).
    max_decimals: int = 12
    #: Nesting of arrays/objects in one JSON record (the Akeneo standard format needs 5).
    max_json_depth: int = 64

    @classmethod
    def from_config(cls, spec: dict[str, Any] | None) -> Limits:
        """`source.limits` from the config (keys already checked by the schema)."""
        if not spec:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in spec.items() if k in known})


DEFAULT_LIMITS = Limits()

# Text longer than this cannot be a number within any sane limits; checked before Decimal().
_MAX_NUMBER_TEXT = 200


class NumberProblem(ValueError):
    """A text that is a number, but outside the bounds; the message says which and how to raise it."""


def parse_number(text: str, limits: Limits = DEFAULT_LIMITS) -> Decimal | None:
    """A finite, bounded Decimal from PIM text (dot decimal separator).

    None when the text is not a number at all; `NumberProblem` when it is one whose size
    would make later arithmetic or formatting unbounded (`1e309`, `1e-999999999`,
    hundreds of digits). One parser for every reader, so the bounds are the same everywhere.
    """
    text = text.strip()
    if not text:
        return None
    if len(text) > _MAX_NUMBER_TEXT + limits.max_number_digits + limits.max_decimals:
        if _looks_numeric(text):
            raise NumberProblem(f"a number of {len(text)} characters is longer than any price or measure; "
                                f"at most {limits.max_number_digits} digits (source.limits.max_number_digits)")
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite():
        return None
    _check_bounds(value, text, limits)
    return value


def check_number(value: Decimal, limits: Limits = DEFAULT_LIMITS) -> Decimal:
    """`value` if within the bounds, else `NumberProblem` (for numbers that come in already parsed)."""
    if not value.is_finite():
        raise NumberProblem(f"'{value}' is not a finite number")
    _check_bounds(value, str(value), limits)
    return value


def _check_bounds(value: Decimal, text: str, limits: Limits) -> None:
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    shown = text if len(text) <= 40 else text[:20] + "..." + text[-10:]
    if exponent < -limits.max_decimals:
        raise NumberProblem(f"'{shown}' has {-exponent} digits after the decimal point, more than "
                            f"{limits.max_decimals} (source.limits.max_decimals)")
    if value and value.adjusted() > limits.max_number_exponent or (not value and exponent > limits.max_number_exponent):
        raise NumberProblem(f"'{shown}' is larger than 10^{limits.max_number_exponent} "
                            f"(source.limits.max_number_exponent)")
    if len(digits) > limits.max_number_digits:
        raise NumberProblem(f"'{shown}' has {len(digits)} significant digits, more than "
                            f"{limits.max_number_digits} (source.limits.max_number_digits)")


def _looks_numeric(text: str) -> bool:
    body = text.lstrip("+-")
    return bool(body) and all(ch.isdigit() or ch in ".eE+-" for ch in body[:500])
