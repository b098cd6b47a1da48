"""GTINs (EAN/UPC) as a PIM export holds them: the one check-digit test, and the reading step that
restores the leading zeros a spreadsheet dropped or sets the record aside.

A GTIN is 8, 12, 13 or 14 digits, the last a check digit over the others (GS1 General Specifications
§7.9); a GTIN-8/12/13 is the same number right-justified in 14 digits with leading zeros, so zeros in
front never change the check digit and every zero-padded form names the same product. Excel saves a
code column in `General` format as a number: `0036000291452` becomes `36000291452` (11 digits), which
no feed accepts. The digits that are left tell whether only zeros were lost: when the check digit
still holds, the code is restored to the shortest GTIN length that holds it (7 digits -> GTIN-8, 9 to
11 -> GTIN-12, the UPC-A form of the same number) and the run's warnings say how many, with an example.
When it does not hold (a typo, a code cut short, a number that is no GTIN) the record is set aside
naming the attribute: a wrong GTIN published attaches the offer to another product in Google Shopping
and marketplaces. Only digit-only values of attributes named like a GTIN are judged (`GTIN_NAMES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from .model import Origin, Product, Reject, Value

#: attribute codes (globs, case-insensitive) that hold a GTIN; ISBN-10 has its own check digit: not here
GTIN_NAMES = ("gtin*", "*_gtin", "ean", "ean_*", "ean13", "ean8", "*_ean", "*_ean13", "upc", "upc_*", "*_upc",
              "barcode", "*_barcode", "barcode_*")
#: Bump when what reading a GTIN gives changes (a nightly run's stored records were built from it)
GTIN_READING_VERSION = "gtin-1"


def gtin_problem(value: str) -> str | None:
    """Why a GTIN is invalid (length, digits, check digit), or None."""
    digits = value.replace(" ", "").replace("-", "")
    if not digits.isdigit():
        return "contains characters other than digits"
    if len(digits) not in (8, 12, 13, 14):
        return f"has {len(digits)} digits (a GTIN has 8, 12, 13 or 14)"
    body, check = digits[:-1], int(digits[-1])
    expected = check_digit(body)
    if expected != check:
        return f"has check digit {check}, expected {expected}"
    if set(digits) == {"0"}:
        return "is all zeros"
    return None


def check_digit(body: str) -> int:
    """The GS1 check digit of the digits before it (weights 3, 1, 3, ... from the right)."""
    raw = body.encode("ascii")  # digits only (callers check): bytes 48-57, summed in C
    threes, ones = raw[::-2], raw[-2::-2]
    total = 3 * (sum(threes) - 48 * len(threes)) + sum(ones) - 48 * len(ones)
    return (10 - total % 10) % 10


def restored(digits: str) -> str | None:
    """`digits` with the leading zeros a spreadsheet dropped, when only zeros can have been lost (7 or
    9-11 digits, a valid check digit); None otherwise."""
    width = 8 if len(digits) == 7 else 12 if 9 <= len(digits) <= 11 else 0
    if not width:
        return None
    padded = digits.zfill(width)
    return padded if gtin_problem(padded) is None else None


@dataclass
class GtinReading:
    """Reads the GTIN values of every product a source reads (`GTIN_NAMES`): restores lost zeros in
    place (counted per attribute for one warning each) or gives a reject."""

    restored: dict[str, list[object]] = field(default_factory=dict)  # attribute -> [count, example]
    _is_gtin: dict[str, bool] = field(default_factory=dict)

    def apply(self, product: Product) -> Reject | None:
        for attribute, entries in product.values.items():
            known = self._is_gtin.get(attribute)
            if known is None:
                folded = attribute.casefold()
                known = self._is_gtin[attribute] = any(fnmatchcase(folded, p) for p in GTIN_NAMES)
            if not known:
                continue
            for i, value in enumerate(entries):
                data = value.data
                if type(data) is not str:
                    continue
                digits = data.strip()
                if not digits.isascii() or not digits.isdigit():
                    continue  # `n/a`, a code with letters: not judged here (the Google feed's check says)
                problem = gtin_problem(digits)
                if problem is None:
                    if digits != data:
                        entries[i] = Value(value.locale, value.channel, digits)
                    continue
                fixed = restored(digits)
                if fixed is None:
                    return Reject(Origin(product.origin.file, product.origin.line, attribute),
                                  f"{attribute} '{digits}' is not a GTIN: it {problem}"
                                  f"{_lost_zeros_hint(digits)}; fix the code in the PIM (or empty it and give an mpn)",
                                  identifier=product.identifier, field=attribute)
                entries[i] = Value(value.locale, value.channel, fixed)
                tally = self.restored.setdefault(attribute, [0, None])
                tally[0] += 1  # type: ignore[operator]
                if tally[1] is None:
                    tally[1] = f"{product.origin}: {digits} -> {fixed}"
        return None

    def messages(self) -> list[str]:
        """One warning per attribute whose codes had lost their leading zeros."""
        return [f"{attribute}: {count} GTIN(s) had lost their leading zeros (a spreadsheet saved the column as "
                f"numbers) and were published with them, their check digit being valid (e.g. {example}); "
                "format the column as Text before saving the export"
                for attribute, (count, example) in sorted(self.restored.items())]


def _lost_zeros_hint(digits: str) -> str:
    if len(digits) < 12 and len(digits) != 8:
        return " and with the leading zeros a spreadsheet may have dropped its check digit still does not match"
    return ""
