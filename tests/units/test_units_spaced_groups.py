"""Digits grouped with spaces in copy (`1 000 mm`, `12 345,67 €`, `2 100 ml`).

CLDR (babel's group symbol) decides: where a locale groups digits with a space (fr-FR NNBSP, sv-SE and
pl-PL NBSP), writers type a plain space for it and `1 000 mm` is 1000 mm; a no-break space is typed only
as a group mark and groups in every locale. Where the group mark is not a space (en-US, de-DE, de-CH,
ja-JP), `2 100 ml` is 2100 ml or 2 × 100 ml: no reader may merge it, and none may publish `000 mm` or a
converted `100 ml` from it (a finding goes to review instead).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from babel.numbers import format_decimal, get_group_symbol
from cldr_numbers import CLDR_LOCALES
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.channels.google_merchant.unit_pricing import declared_quantity
from localize.config import config_from_dict
from localize.qa.checks.numbers import analyse
from localize.units.amounts import find_amounts
from localize.units.conventions import default_market_units
from localize.units.formatting import format_number, min_grouping
from localize.units.numbers import SPACES, has_spaced_digits, number_style, one_reading, parse_number
from localize.units.quantities_in_text import (
    find_quantities,
    localize_numbers,
    rewrite_quantities,
    spaced_groups_certain,
)

LOCALES = ("fr-FR", "fr-CA", "sv-SE", "pl-PL", "de-CH", "de-DE", "en-US", "ja-JP", "nb-NO", "cs-CZ")
SPACE_LOCALES = tuple(loc for loc in LOCALES if number_style(loc).space_groups)
OTHER_LOCALES = tuple(loc for loc in LOCALES if not number_style(loc).space_groups)


def test_the_locales_are_split_by_cldr_group_mark() -> None:
    assert SPACE_LOCALES == ("fr-FR", "fr-CA", "sv-SE", "pl-PL", "nb-NO", "cs-CZ")
    assert all(get_group_symbol(loc.replace("-", "_")) in SPACES for loc in SPACE_LOCALES)


def _writings(n: int, locale: str) -> list[str]:
    """`n` as babel formats it in `locale` (`format_number`: babel's, with the Swiss apostrophe that babel
    2.19 strips as a quote: `1000000'000`), and with a plain space where the locale groups with a space."""
    own = format_number(Decimal(n), locale)
    # CLDR's minimumGroupingDigits (babel ignores it): pl-PL writes 1000 but 10 000
    cldr = str(n) if len(str(n)) < 3 + min_grouping(locale) else format_decimal(n, locale=locale.replace("-", "_"))
    assert own == cldr or number_style(locale).apostrophe_groups
    group = get_group_symbol(locale.replace("-", "_"))
    return [own, own.replace(group, " ")] if group in SPACES else [own]


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**10), locale=st.sampled_from(LOCALES))
def test_an_integer_written_in_the_locales_grouping_reads_back(n: int, locale: str) -> None:
    for written in _writings(n, locale):
        amounts = find_amounts(f"Akku {written} mAh, Länge {written} mm", locale)
        assert [(a.value, a.unit.symbol if a.unit else None) for a in amounts] == [(n, "mah"), (n, "mm")], written
        quantities = find_quantities(f"Länge {written} mm", locale)
        assert [q.values for q in quantities] == [(Decimal(n),)] and quantities[0].spaced_head is None, written


def _regrouped(written: str, mark: str) -> str:
    """`written` with each digit-group mark (a mark before exactly three digits) made `mark`."""
    return re.sub(r"(?<=\d)[ \u00a0\u202f.,'’](?=\d{3}(?!\d))", mark, written)


@settings(max_examples=600, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**10), cents=st.sampled_from([None, 5, 75]),
       locale=st.sampled_from(CLDR_LOCALES))
def test_every_reader_reads_a_number_as_cldr_writes_it(n: int, cents: int | None, locale: str) -> None:
    """Round trip over the CLDR locales (babel's, `tests/cldr_numbers.py`: 1,064 of 1,147): `n` as the locale
    writes it, with a thin space for its group mark (a group mark in every locale: amounts read it since h10),
    and with a typed space where the locale groups with a space, reads back as `n` in every reader: the
    amounts (QA fast pass, unit pricing), the quantities (convert), `parse_number`, and `localize_numbers`
    into en-US and back (the translate stage's restore)."""
    value = Decimal(n) + (Decimal(cents) / 100 if cents else 0)
    written = format_number(value, locale, decimals=2 if cents else 0)
    writings = {written, _regrouped(written, "\u2009")}
    if number_style(locale).space_groups:
        writings.add(_regrouped(written, " "))
    for text in writings:
        amounts = find_amounts(f"Akku {text} mAh, Länge {text} mm", locale)
        assert [(a.value, a.unit.symbol if a.unit else None) for a in amounts] == [(value, "mah"), (value, "mm")], text
        assert [q.values for q in find_quantities(f"Länge {text} mm", locale)] == [(value,)], text
        assert parse_number(text, locale).value == value, text
        assert has_spaced_digits(text) == (re.search(r"\d \d", text) is not None)
        english = localize_numbers(text, locale, "en-US")
        assert parse_number(english, "en-US").value == value, (text, english)
        assert parse_number(localize_numbers(english, "en-US", locale), locale).value == value, (text, english)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1000, max_value=10**9), cents=st.integers(0, 99), locale=st.sampled_from(LOCALES))
def test_a_no_break_space_groups_in_every_locale(n: int, cents: int, locale: str) -> None:
    text = f"{n:,}".replace(",", "\u202f")
    assert [a.value for a in find_amounts(f"Länge {text} mm", locale)] == [n]
    assert [q.values for q in find_quantities(f"Länge {text} mm", locale)] == [(Decimal(n),)]


@settings(max_examples=200, deadline=None)
@given(head=st.integers(1, 999), tail=st.integers(0, 999), locale=st.sampled_from(OTHER_LOCALES),
       unit=st.sampled_from(["ml", "mm", "mAh", "g"]))
def test_an_ambiguous_spaced_group_is_not_merged_nor_converted(head: int, tail: int, locale: str, unit: str) -> None:
    text = f"Pack {head} {tail:03d} {unit}"
    merged = Decimal(head * 1000 + tail)
    assert merged not in [a.value for a in find_amounts(text, locale)]
    (q,) = find_quantities(text, locale)
    assert q.spaced_head == len("Pack ") and q.values == (Decimal(tail),)
    result = rewrite_quantities(text, locale, default_market_units("en-US"), target_locale="en-US")
    assert result.text == text and not result.rewrites  # neither 2100 ml nor 100 ml converted
    if unit == "mAh":  # en-US does not convert it: nothing to guess, nothing to review
        assert result.problems == ()
    else:
        assert [p.split("'")[1] for p in result.problems] == [f"{head} {tail:03d} {unit}"]


@settings(max_examples=100, deadline=None)
@given(head=st.integers(1, 999), tail=st.integers(0, 999), locale=st.sampled_from(SPACE_LOCALES))
def test_a_spaced_group_is_one_number_where_the_locale_groups_with_a_space(head: int, tail: int, locale: str) -> None:
    text = f"Lot {head} {tail:03d} ml"
    assert [a.value for a in find_amounts(text, locale)] == [head * 1000 + tail]
    assert [q.values for q in find_quantities(text, locale)] == [(Decimal(head * 1000 + tail),)]


def test_the_brief_cases_in_each_locale() -> None:
    """`Akku 1 000 mAh` was the amounts 1 and 0 mAh in every locale (fr-FR too); `12 345,67` was 12 and 345.67."""
    for locale in SPACE_LOCALES:
        assert [a.value for a in find_amounts("Akku 1 000 mAh", locale)] == [1000]
        assert [a.value for a in find_amounts("10 000 mAh", locale)] == [10000]
        assert [a.value for a in find_amounts("1 234 567", locale)] == [1234567]
        assert [a.value for a in find_amounts("12 345,67 €", locale)] == [Decimal("12345.67")]
    for locale in OTHER_LOCALES:
        assert [a.value for a in find_amounts("Akku 1 000 mAh", locale)] == [1, 0]
        (q,) = find_quantities("Akku 10 000 mAh", locale)
        assert q.spaced_head == 5


def test_a_spaced_group_in_a_us_text_is_not_converted_to_inches() -> None:
    """On main `Länge 1 000 mm` became `Länge 1 0 in` for en-US (the `000 mm` read as 0 mm and converted)."""
    us = default_market_units("en-US")
    result = rewrite_quantities("Length 1 000 mm", "en-US", us)
    assert result.text == "Length 1 000 mm" and not result.rewrites
    assert result.problems == ("'1 000 mm': en-US does not group digits with a space, so this is 1000 mm or 1 and "
                               "000 mm; not converted",)
    assert rewrite_quantities("Length 1\u202f000 mm", "en-US", us).text == "Length 39.4 in"
    assert rewrite_quantities("Länge 1 000 mm", "fr-FR", us, target_locale="en-US").text == "Länge 39.4 in"


def test_localize_numbers_keeps_a_group_of_zeros() -> None:
    """The translate stage protects `000 mAh` of `Akku 1 000 mAh` (no plain space in its span) and rewrites
    its numbers for the market: on main `000` became `0` (`Akku 1 0 mAh` published in de-DE)."""
    assert localize_numbers("000 mAh", "en-US", "de-DE") == "000 mAh"
    assert localize_numbers("000 mAh", "fr-FR", "de-DE") == "000 mAh"
    assert localize_numbers("1 000 mAh", "fr-FR", "de-DE") == "1.000 mAh"
    assert localize_numbers("1\u202f000 mAh", "en-US", "de-DE") == "1.000 mAh"
    assert localize_numbers("0,5 kg", "de-DE", "en-US") == "0.5 kg"


@settings(max_examples=200, deadline=None)
@given(head=st.integers(1, 999), tail=st.integers(0, 999), more=st.integers(0, 999), cents=st.integers(0, 99))
def test_a_typed_space_has_one_reading_only_when_no_other_is_possible(head: int, tail: int, more: int,
                                                                      cents: int) -> None:
    """`1 000` can only be a thousand (no number is written `000`), `10 000 000` and `12 345,67` are one number;
    `3 100` may be 3 and 100 (`Lot de 3 100 g`), `15 128` 15 and 128 (`iPhone 15 128 Go`). A no-break space is
    typed only as a group mark."""
    assert one_reading(f"{head} {tail:03d}") == (tail < 100)
    assert one_reading(f"{head} {tail:03d} {more:03d}") and one_reading(f"{head} {tail:03d},{cents:02d}")
    assert one_reading(f"{head}\u202f{tail:03d}") and one_reading(f"{head}\u2009{tail:03d}") and one_reading(f"{head}")


def test_the_restore_writes_a_typed_space_group_the_targets_way_only_when_it_is_one_for_sure() -> None:
    """What the translate stage writes for a protected span from fr-FR (fr groups digits with a space):
    `1 000 mAh` -> `1.000 mAh`; `3 100 g` (3 × 100 g?) as written (then QA and the convert stage send it to
    review, as on main); a span or segment that shows its writer groups with spaces decides for the rest."""
    assert localize_numbers("1 000 mAh", "fr-FR", "de-DE") == "1.000 mAh"
    assert localize_numbers("3 100 g", "fr-FR", "de-DE") == "3 100 g"
    assert localize_numbers("3 100 g", "fr-FR", "en-US") == "3 100 g"
    assert localize_numbers("3 100 g", "fr-FR", "de-DE", grouped=True) == "3.100 g"
    assert localize_numbers("1 920 x 1 080 px", "fr-FR", "en-US") == "1,920 x 1,080 px"
    assert localize_numbers("4 800 x 9 600 ppp", "fr-FR", "en-US") == "4 800 x 9 600 ppp"
    assert localize_numbers("3 100 g", "fr-FR", "sv-SE") == "3 100 g"  # both group with a space: as written
    assert spaced_groups_certain(("1 000 mAh", "2 100 mm"), "fr-FR")
    assert not spaced_groups_certain(("2 100 mm", "2,5 kg"), "fr-FR")


def test_qa_names_both_readings_and_a_copied_notation_is_a_format_problem() -> None:
    errors, formats, _ = analyse("Longueur 1 000 mm", "fr-FR", "Length 1 000 mm", "en-US")
    assert errors == [] and len(formats) == 1 and formats[0].startswith("'1 000 mm' groups digits with a plain space")
    assert analyse("Longueur 1 000 mm", "fr-FR", "Length 1,000 mm", "en-US")[:2] == ([], [])
    assert analyse("Longueur 1 000 mm", "fr-FR", "Length 39.4 in", "en-US")[:2] == ([], [])
    errors, formats, _ = analyse("Longueur 500 mm", "fr-FR", "Length 1 000 mm", "en-US")
    assert formats == [] and errors == ["'1 000 mm' in the target groups digits with a plain space (1000 mm, or 1 and "
                                        "000 mm?); the source says '500 mm'"]
    errors, _, _ = analyse("Akku 10 000 mAh", "en-US", "Akku 10.000 mAh", "de-DE")
    assert errors == ["'10 000 mAh' in the source groups digits with a plain space (10000 mAh, or 10 and 000 mAh?); "
                      "the target says '10.000 mAh'"]
    assert analyse("Prix 12 345,67 €", "fr-FR", "Preis 12.345,67 €", "de-DE")[:2] == ([], [])


def test_no_unit_price_is_declared_from_an_ambiguous_title() -> None:
    assert declared_quantity("Pack of 6 330 ml cans", "en-US") is None
    # fr-FR groups digits with a space, so a typed one reads as a group mark there; a unit price is still
    # not declared from it (`Lot de 3 100 g`: 3100 g or 3 x 100 g?), only from a no-break space
    assert declared_quantity("Lot de 3 100 g", "fr-FR") is None
    assert declared_quantity("Eau minérale 1 500 ml", "fr-FR") is None
    declared = declared_quantity("Eau minérale 1\u202f500 ml", "fr-FR")
    assert declared is not None and declared.base_value == 1500
    declared = declared_quantity("Mineral water 1\u00a0500 ml", "en-US")
    assert declared is not None and declared.base_value == 1500


def test_qa_names_both_readings_of_numbers_without_a_unit() -> None:
    """On main `12 345,67` copied from fr-FR into en-US copy was two errors: `source 12 345,67 not found`,
    `target 12, 345,67 not in the source`; `10 000:1` in en-US was read as 10 and 0."""
    errors, formats, _ = analyse("Prix 12 345,67 €", "fr-FR", "Price 12 345,67 €", "en-US")
    assert errors == [] and formats == ["'12 345,67' groups digits with a plain space, which en-US does not: write it "
                                        "in the market's notation (12345,67, or 12 and 345,67?)"]
    errors, formats, _ = analyse("Contrast 10 000:1", "en-US", "Kontrast 10.000:1", "de-DE")
    assert formats == [] and errors == ["'10 000' in the source groups digits with a plain space (10000, or 10 and "
                                        "000?); the target says '10.000'"]
    errors, _, _ = analyse("Contraste 500 000:1", "fr-FR", "Contrast 10 000 000:1", "en-US")
    assert errors == ["'10 000 000' in the target groups digits with a plain space (10000000, or 10 and 000 and 000?)",
                      "source 500 000 not found in the target"]
    assert analyse("Contraste 10 000 000:1", "fr-FR", "Kontrast 10.000.000:1", "de-DE")[:2] == ([], [])


def _run(tmp_path: Path, locale: str, description: str, markets: tuple[str, ...]) -> dict[str, dict]:
    """One product through a whole run (pseudo engine): its record per market, published or held for review."""
    src = tmp_path / "products.csv"
    src.write_text(f"sku;family;categories;enabled;name-{locale};description-{locale}-ecommerce\n"
                   f"P1;tools;tools;1;Lampe;{description}\n", encoding="utf-8")
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": locale, "channel": "ecommerce"},
              "markets": [{"locale": m} for m in markets], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(tmp_path / "out"), "formats": ["jsonl"]}, "state": str(tmp_path / "state")}
    run(config_from_dict(config))
    records = {}
    for name in (*(f"{m}.jsonl" for m in markets), "review-queue.jsonl"):
        for line in (tmp_path / "out" / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["market"]] = record
    return records


def test_a_run_writes_a_french_digit_group_in_each_markets_notation(tmp_path: Path) -> None:
    """A French catalogue (`1 000 mAh`, `2 100 mm`: plain spaces, fr-FR groups with a space) localized for de-DE
    and en-US. The translate stage protects `1 000 mAh` as one span (protection p2) and writes it in the
    target's notation; en-US converts 2100 mm. h8's branch protected `000 mAh` and published `1 000 mAh` in
    de-DE (a notation finding) and sent `2 100 mm` to review for en-US; main before h8 published `1 0 mAh`."""
    records = _run(tmp_path, "fr_FR", "Batterie 1 000 mAh, longueur 2 100 mm", ("de-DE", "en-US"))
    german = records["de-DE"]["values"]["description"]
    assert "1.000 mAh" in german and "2.100 mm" in german, german
    us = records["en-US"]
    assert "1,000 mAh" in us["values"]["description"] and "82.7 in" in us["values"]["description"], us
    assert not [f for f in us["findings"] if f["code"] == "quantity-not-converted"]


def test_a_run_publishes_no_dropped_thousand_and_sends_the_ambiguous_quantity_to_review(tmp_path: Path) -> None:
    """A German catalogue (de-DE does not group with a space: `2 100 mm` is 2100 mm or 2 × 100 mm) localized for
    fr-FR and en-US. The translate stage protects `000 mAh` and `100 mm` (p1's spans: a typed space is no group
    mark in the source); main before h8 rewrote `000` as `0` (`1 0 mAh`) and en-US converted `100 mm` (`2 3.9 in`)."""
    records = _run(tmp_path, "de_DE", "Akku 1 000 mAh, Länge 2 100 mm", ("fr-FR", "en-US"))
    french = records["fr-FR"]["values"]["description"]
    assert "1 000 mAh" in french and "2 100 mm" in french, french
    us = records["en-US"]
    assert "2 100 mm" in us["values"]["description"] and " in" not in us["values"]["description"]
    assert [(f["code"], f["severity"], f["matched"]) for f in us["findings"] if f["code"] == "quantity-not-converted"] \
        == [("quantity-not-converted", "review", "2 100 mm")]


def test_digits_copied_as_they_are_into_a_space_locale_are_no_finding() -> None:
    """A model number before a capacity (`iPhone 15 128 GB`) reads as 15128 GB in fr-FR and sv-SE (CLDR) and as
    15 and 128 GB in en-US: a target that writes the source's digits as they are says what the source says (no
    number finding, as on main); one that writes other digits is compared as before."""
    for target, locale in (("Apple iPhone 15 128 Go noir", "fr-FR"), ("Apple iPhone 15 128 GB svart", "sv-SE"),
                           ("Apple iPhone 15 128 GB Schwarz", "de-DE")):
        assert analyse("Apple iPhone 15 128 GB black", "en-US", target, locale)[:2] == ([], [])
    assert analyse("Contrast 10 000:1", "en-US", "Contraste 10 000:1", "fr-FR")[:2] == ([], [])
    errors, _, _ = analyse("Apple iPhone 15 128 GB black", "en-US", "Apple iPhone 15 256 Go noir", "fr-FR")
    assert errors == ["'15 128 GB' in the source groups digits with a plain space (15128 GB, or 15 and 128 GB?); the "
                      "target says '15 256 Go'"]
