"""Numbers written with native digits are read as numbers wherever copy is read: quantities in copy, QA's number
checks, the translate stage's protected spans and the numbers it writes in the target's notation.

`\\d` and `Decimal` take every Unicode decimal digit (Arabic-Indic `٠-٩`, Extended Arabic-Indic `۰-۹` for Persian
and Urdu, Devanagari `०-९`, Thai `๐-๙`, full-width `０-９`); what was not read were the marks those numbers are
written with: the Arabic decimal separator `٫` (U+066B), thousands separator `٬` (U+066C) and percent sign `٪`
(U+066A), and in Japanese/Chinese/Korean copy the full-width `．` `，` and unit letters outside the quantity
converter (QA and protection read `２．５ｋｇ` as the numbers 2 and 5). The numbers stay as written in the copy; only
what they mean is read (`units.numbers.as_read`, one character for one, so spans are unchanged)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from localize.qa.checks.numbers import analyse
from localize.translate.segments import protect
from localize.units.amounts import compare_amounts, find_amounts
from localize.units.numbers import as_read
from localize.units.quantities_in_text import find_quantities, localize_numbers

# (locale, copy, the values its numbers have, as written)
COPY = [
    ("ar-SA", "الوزن ٢٫٥ kg والسعر ١٬٢٣٤٫٥٠ وخصم ٥٠٪", [D("2.5"), D("1234.50"), D("50")],
     ["٢٫٥ kg", "١٬٢٣٤٫٥٠", "٥٠٪"]),
    ("ar-EG", "<p>السعة ١٫٥ l</p>", [D("1.5")], ["١٫٥ l"]),
    ("fa-IR", "وزن ۲٫۵ kg، طول ۱۲۰ cm", [D("2.5"), D("120")], ["۲٫۵ kg", "۱۲۰ cm"]),
    ("ur-PK", "وزن ۳٫۷۵ kg", [D("3.75")], ["۳٫۷۵ kg"]),
    ("hi-IN", "वजन २.५ kg, लंबाई १,२०० mm", [D("2.5"), D("1200")], ["२.५ kg", "१,२०० mm"]),
    ("th-TH", "น้ำหนัก ๒.๕ kg ยาว ๑๒๐ cm", [D("2.5"), D("120")], ["๒.๕ kg", "๑๒๐ cm"]),
    ("ja-JP", "重さ ２．５ｋｇ、容量 １，５００ｍｌ", [D("2.5"), D("1500")], ["２．５ｋｇ", "１，５００ｍｌ"]),
    ("zh-CN", "净重 ０．７５ｋｇ", [D("0.75")], ["０．７５ｋｇ"]),
]


@pytest.mark.parametrize(("locale", "text", "values", "written"), COPY)
def test_qa_reads_natively_written_numbers(locale: str, text: str, values: list[D], written: list[str]) -> None:
    amounts = find_amounts(text, locale)
    assert [a.value for a in amounts] == values
    assert [text[a.span[0]:a.span[1]] for a in amounts] == written  # spans and texts as written
    assert [a.text for a in amounts] == written


@pytest.mark.parametrize(("locale", "text", "values", "written"), [c for c in COPY if "kg" in c[1] or "ｋｇ" in c[1]])
def test_the_quantity_converter_reads_them(locale: str, text: str, values: list[D], written: list[str]) -> None:
    quantities = find_quantities(text, locale)
    assert quantities and quantities[0].values == (values[0],)
    assert quantities[0].text == written[0]


@pytest.mark.parametrize(("source", "target", "locale", "wrong"), [
    ("Weight 2.5 kg, save 50 %", "الوزن ٢٫٥ kg، خصم ٥٠٪", "ar-SA", "الوزن ٢٫٦ kg، خصم ٥٠٪"),
    ("Price 1,234.50", "السعر ١٬٢٣٤٫٥٠", "ar-EG", "السعر ١٬٢٣٤٫٠٥"),
    ("Weight 2.5 kg", "وزن ۲٫۵ kg", "fa-IR", "وزن ۲٫۶ kg"),
    ("Weight 2.5 kg", "重さ２．５ｋｇ", "ja-JP", "重さ２．６ｋｇ"),
    ("Weight 0.75 kg", "净重０．７５ｋｇ", "zh-CN", "净重０．７ｋｇ"),
])
def test_the_number_checks_compare_them_by_value(source: str, target: str, locale: str, wrong: str) -> None:
    assert compare_amounts(source, "en-US", target, locale) == []
    assert analyse(source, "en-US", target, locale)[:2] == ([], [])
    errors, _, _ = analyse(source, "en-US", wrong, locale)
    assert errors


@pytest.mark.parametrize(("locale", "text", "spans"), [
    ("ar-SA", "الوزن ٢٫٥ kg والسعر ١٬٢٣٤٫٥٠", ("٢٫٥ kg", "١٬٢٣٤٫٥٠")),
    ("fa-IR", "وزن ۲٫۵ kg", ("۲٫۵ kg",)),
    ("ja-JP", "重さ ２．５ｋｇ です", ("２．５ｋｇ",)),
    ("ja-JP", "<p>容量 ５００ｍｌ</p>", ("５００ｍｌ",)),
])
def test_protection_keeps_them_whole_for_the_engine(locale: str, text: str, spans: tuple[str, ...]) -> None:
    assert protect(text, locale=locale).spans == spans


@pytest.mark.parametrize(("text", "source", "target", "written"), [
    ("٢٫٥ kg", "ar-SA", "de-DE", "2,5 kg"),
    ("١٬٢٣٤٫٥", "ar-EG", "en-US", "1,234.5"),
    ("۲٫۵ kg", "fa-IR", "fr-FR", "2,5 kg"),
    ("๒.๕ kg", "th-TH", "en-US", "2.5 kg"),  # the same marks as en-US: the digits are still written as Latin
    ("１，２３４．５ｍｍ", "ja-JP", "de-DE", "1.234,5ｍｍ"),
])
def test_the_target_notation_is_written_from_them(text: str, source: str, target: str, written: str) -> None:
    assert localize_numbers(text, source, target) == written


def test_reading_maps_one_character_for_one_and_only_where_needed() -> None:
    for text, locale in (("٢٫٥ ٬ ٪", "ar-SA"), ("２．５ｋｇ　", "ja-JP"), ("۲٫۵", "fa-IR")):
        read = as_read(text, locale)
        assert len(read) == len(text) and read != text
    assert as_read("٢٫٥", "fr-FR") == "٢,٥"  # the locale's own marks: fr reads `,` as its decimal
    plain = "Größe 42, Gewicht 2,5 kg"
    assert as_read(plain, "de-DE") is plain
    assert as_read("２．５ｋｇ", "de-DE") == "２．５ｋｇ"  # full-width forms only where CJK copy writes them
