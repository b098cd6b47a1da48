"""Quantities in free text: finding, locale-aware parsing, rewriting per policy, comparing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from localize.units.conventions import default_market_units
from localize.units.quantities_in_text import compare_quantities, find_quantities, rewrite_quantities


def found(text: str, locale: str) -> list[tuple[str, tuple[str, ...], str, str]]:
    return [(q.text, tuple(str(v) for v in q.values), q.unit, q.kind) for q in find_quantities(text, locale)]


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Gewicht 2,5 kg", "de-DE", [("2,5 kg", ("2.5",), "KILOGRAM", "single")]),
        ("Maße 10 x 20 x 5 cm", "de-DE", [("10 x 20 x 5 cm", ("10", "20", "5"), "CENTIMETER", "dimensions")]),
        ("Inhalt 1.5 l", "de-DE", [("1.5 l", ("1.5",), "LITER", "single")]),
        ("Packung 1.500 g", "de-DE", [("1.500 g", ("1500",), "GRAM", "single")]),
        ("bei 40 °C waschen", "de-DE", [("40 °C", ("40",), "CELSIUS", "single")]),
        ('A 5" screen', "en-US", [('5"', ("5",), "INCH", "single")]),
        ("a 3/4 in bolt", "en-US", [("3/4 in", ("0.75",), "INCH", "single")]),
        ("a 1½ in pipe", "en-US", [("1½ in", ("1.5",), "INCH", "single")]),
        ("holds 2–3 kg", "en-US", [("2–3 kg", ("2", "3"), "KILOGRAM", "range")]),
        ("trägt 2 bis 3 kg", "de-DE", [("2 bis 3 kg", ("2", "3"), "KILOGRAM", "range")]),
        ("Poids 1\u202f234,5 g", "fr-FR", [("1\u202f234,5 g", ("1234.5",), "GRAM", "single")]),
        ("de 2 à 3 kg", "fr-FR", [("2 à 3 kg", ("2", "3"), "KILOGRAM", "range")]),
        ("Länge 1’234.5 m", "de-CH", [("1’234.5 m", ("1234.5",), "METER", "single")]),
        ("Gewicht 2,5 kg", "de-CH", [("2,5 kg", ("2.5",), "KILOGRAM", "single")]),
        ("重さ2.5kgの商品", "ja-JP", [("2.5kg", ("2.5",), "KILOGRAM", "single")]),
        ("10cm×20cm", "ja-JP", [("10cm×20cm", ("10", "20"), "CENTIMETER", "dimensions")]),
        ("Frost bis -5 °C", "de-DE", [("-5 °C", ("-5",), "CELSIUS", "single")]),
        ('He is 5\' 10" tall', "en-US", [('5\' 10"', ("70",), "INCH", "single")]),
        ("12 fl oz can", "en-US", [("12 fl oz", ("12",), "US_FLUID_OUNCE", "single")]),
        ("12 fl oz can", "en-GB", [("12 fl oz", ("12",), "OUNCE", "single")]),
        ("8 Go de RAM", "fr-FR", [("8 Go", ("8",), "GIGABYTE", "single")]),
    ],
)
def test_find_quantities(text: str, locale: str, expected: list[tuple[str, tuple[str, ...], str, str]]) -> None:
    assert found(text, locale) == expected


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("2 in 1 charger", "en-US"),
        ("comes in 3 in black", "en-US"),
        ("USB 3.0 and H2O", "en-US"),
        ("Galaxy S10 5G", "en-US"),
        ("MP3 player with 4K video", "en-US"),
        ("100 Mbit/s", "de-DE"),
        ("", "de-DE"),
        ("no numbers here", "en-US"),
    ],
)
def test_no_false_positives(text: str, locale: str) -> None:
    assert found(text, locale) == []


def test_span_points_at_the_quantity() -> None:
    text = "Gewicht: 2,5 kg netto"
    (q,) = find_quantities(text, "de-DE")
    assert text[q.start:q.end] == "2,5 kg"
    assert q.resolutions == (Decimal("0.1"),)


def test_rewrite_policies_for_the_us() -> None:
    us = default_market_units("en-US")
    text = "Gewicht 2,5 kg, Maße 10 x 20 x 5 cm, bei 40 °C waschen, 800 W"
    assert rewrite_quantities(text, "de-DE", us, policy="convert").text == (
        "Gewicht 5.5 lb, Maße 3.9 × 7.9 × 2 in, bei 104°F waschen, 800 W"
    )
    assert rewrite_quantities(text, "de-DE", us, policy="both").text == (
        "Gewicht 5.5 lb (2.5 kg), Maße 3.9 × 7.9 × 2 in (10 × 20 × 5 cm), bei 104°F (40°C) waschen, 800 W"
    )
    assert rewrite_quantities(text, "de-DE", us, policy="keep").text == text


def test_rewrite_spans_and_rules() -> None:
    us = default_market_units("en-US")
    result = rewrite_quantities("Inhalt 1,5 l und 5 l", "de-DE", us)
    assert result.text == "Inhalt 50.7 fl oz und 1.32 gal"
    assert [result.text[a:b] for a, b in (r.span for r in result.rewrites)] == ["50.7 fl oz", "1.32 gal"]
    assert [(r.unit, r.rule) for r in result.rewrites] == [("US_FLUID_OUNCE", "decimals-1"), ("US_GALLON", "decimals-2")]


def test_rewrite_us_copy_for_germany() -> None:
    de = default_market_units("de-DE")
    result = rewrite_quantities("Weight 5.5 lb, 12 fl oz, 3/4 in, bake at 350 °F", "en-US", de)
    assert result.text == "Weight 2,49 kg, 355\xa0ml, 1,9 cm, bake at 177 °C"


def test_rewrite_leaves_metric_copy_for_metric_markets() -> None:
    fr = default_market_units("fr-FR")
    text = "Poids 2,5 kg, 40 °C"
    result = rewrite_quantities(text, "fr-FR", fr)
    assert result.text == text and not result.changed


def statuses(source: str, sl: str, target: str, tl: str) -> list[str]:
    return [m.status for m in compare_quantities(source, sl, target, tl)]


@pytest.mark.parametrize(
    ("source", "sl", "target", "tl", "expected"),
    [
        ("1.5 l", "en-US", "1,5 l", "de-DE", ["equal"]),
        ("2,5 kg", "de-DE", "5.5 lb", "en-US", ["equal"]),
        ("2,5 kg", "de-DE", "5.51 lb", "en-US", ["equal"]),
        ("2,5 kg", "de-DE", "5.6 lb", "en-US", ["different"]),
        ("2,5 kg", "de-DE", "25 kg", "en-US", ["different"]),
        ("1.500 g", "de-DE", "1,500 g", "en-US", ["equal"]),
        ("1.500 g", "de-DE", "1.5 g", "en-US", ["different"]),
        ("40 °C", "de-DE", "104°F", "en-US", ["equal"]),
        ("40 °C", "de-DE", "40 °F", "en-US", ["different"]),
        ("10 x 20 cm", "de-DE", "3.9 x 7.9 in", "en-US", ["equal"]),
        ("2–3 kg", "de-DE", "2-3 kg", "en-US", ["equal"]),
        ("2 kg", "de-DE", "no weight", "en-US", ["missing"]),
        ("no weight", "de-DE", "2 kg", "en-US", ["added"]),
        ("2,5 kg und 40 °C", "de-DE", "104°F and 5.5 lb", "en-US", ["equal", "equal"]),
        ("Gewicht 2,5 kg", "de-DE", "Weight 5.5 lb (2.5 kg)", "en-US", ["equal"]),
        ("Länge 1’234.5 m", "de-CH", "longueur 1 234,5 m", "fr-FR", ["equal"]),
    ],
)
def test_compare_quantities(source: str, sl: str, target: str, tl: str, expected: list[str]) -> None:
    assert statuses(source, sl, target, tl) == expected


def test_compare_message_says_what_was_expected() -> None:
    (match,) = compare_quantities("Gewicht 2,5 kg", "de-DE", "Weight 7 lb", "en-US")
    assert match.status == "different" and not match.ok
    assert match.expected == "6 lb"
    assert match.message == "the source says '2,5 kg' (= 6 lb) but the target says '7 lb'"
    assert match.source is not None and match.target is not None and match.target.text == "7 lb"
