"""Segment protection: what is protected, round trips, and verification after translation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate.pseudo import pseudo_localize
from localize.translate.segments import (
    ProtectionError,
    is_html,
    newline_style_like,
    normalise,
    protect,
    restore,
)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Mit {count} Teilen und {{brand}} für %s und %1$d Stück", ["{count}", "{{brand}}", "%s", "%1$d"]),
        ("Akku 18 V, 2,5 Ah, 30 x 20 x 10 cm, 1.200 W", ["18 V", "2,5 Ah", "30 x 20 x 10 cm", "1.200 W"]),
        ("Nur 19,99 € oder $5.50, 50 % Rabatt", ["19,99 €", "$5.50", "50 %"]),
        ("EAN 4006381333931 und Art.-Nr. XK-200/B", ["4006381333931", "XK-200/B"]),
        ("Siehe https://example.com/a?b=1. Fragen: info@shop.example", ["https://example.com/a?b=1", "info@shop.example"]),
        ("Zeile eins\\nZeile zwei\\n\\nEnde", ["\\n", "\\n\\n"]),
        ("Bosch AquaPro 3000 für die Küche", ["Bosch", "AquaPro 3000"]),
    ],
)
def test_protected_spans_are_wrapped_and_come_back(text: str, spans: list[str]) -> None:
    segment = protect(text, terms=["Bosch", "AquaPro 3000"])
    assert list(segment.spans) == spans
    for span in spans:
        assert f">{span.replace('&', '&amp;')}</lz>" in segment.wire
    assert restore(segment.wire, segment) == text
    assert restore(segment.opaque(), segment, opaque=True) == text


def test_plain_words_and_percent_in_words_are_not_protected() -> None:
    segment = protect("Der 100%ige Baumwollstoff ist T-Shirt-tauglich und USB-C-fähig")
    assert segment.spans == ()
    assert segment.has_text


def test_html_keeps_tags_and_attributes_untouched() -> None:
    text = '<p class="x">Gewicht: <b>500 g</b>, <a href="https://shop.example/500g">mehr</a> &amp; Pflege</p>'
    segment = protect(text)
    assert segment.html and segment.tag_handling == "html"
    assert segment.spans == ("500 g",)
    assert 'href="https://shop.example/500g"' in segment.wire  # a URL inside an attribute stays an attribute
    assert '<lz translate="no">500 g</lz>' in segment.wire
    assert restore(segment.wire, segment) == text


def test_plain_text_is_escaped_for_xml_mode_and_unescaped_after() -> None:
    segment = protect("Tom & Jerry <3 für 5 kg")
    assert segment.tag_handling == "xml"
    assert segment.wire == "Tom &amp; Jerry &lt;3 für <lz>5 kg</lz>"
    assert restore("[EN] TOM &amp; JERRY &lt;3 FOR <lz>5 kg</lz>", segment) == "[EN] TOM & JERRY <3 FOR 5 kg"


def test_outer_whitespace_is_kept() -> None:
    segment = protect("  Pfanne 5 kg \n")
    assert segment.wire == "Pfanne <lz>5 kg</lz>"
    assert restore("Pan <lz>5 kg</lz>", segment) == "  Pan 5 kg \n"


def test_order_may_change_but_each_span_exactly_once() -> None:
    segment = protect("{a} und {b}")
    assert restore("<lz>{b}</lz> and <lz>{a}</lz>", segment) == "{b} and {a}"
    with pytest.raises(ProtectionError, match=r"missing '\{b\}'"):
        restore("<lz>{a}</lz> and nothing", segment)
    with pytest.raises(ProtectionError, match=r"unexpected '\{a\}'"):
        restore("<lz>{a}</lz> <lz>{a}</lz> <lz>{b}</lz>", segment)
    with pytest.raises(ProtectionError, match=r"missing '\{b\}'; unexpected '\{B\}'"):
        restore("<lz>{a}</lz> <lz>{B}</lz>", segment)
    with pytest.raises(ProtectionError, match="damaged"):
        restore("<lz>{a}</lz> <lz>{b}</lz> <lz>", segment)


def test_opaque_retry_form_restores_by_index() -> None:
    segment = protect("Größe 5 kg und 3 l")
    assert segment.opaque() == 'Größe <lz i="0"/> und <lz i="1"/>'
    assert restore('Size <lz i="1"/> and <lz i="0"/>', segment, opaque=True) == "Size 3 l and 5 kg"
    with pytest.raises(ProtectionError, match="missing '3 l'"):
        restore('Size <lz i="0"/>', segment, opaque=True)


def test_nothing_to_translate_is_detected() -> None:
    assert not protect("XK-200").has_text
    assert not protect("500 g").has_text
    assert not protect("<p>{name}</p>").has_text
    assert protect("500 g Mehl").has_text


def test_is_html_and_normalise() -> None:
    assert is_html("<p>x</p>") and is_html("a<br/>b") and not is_html("a < b > c")
    assert normalise("  Zeile\\nZwei\r\n ") == normalise("Zeile\nZwei")
    assert newline_style_like("a\nb", "x\\ny") == "a\\nb"
    assert newline_style_like("a\\nb", "x\ny") == "a\nb"


_word = st.text(alphabet="abcdefgäöüßABCXYZ", min_size=1, max_size=8)
_token = st.sampled_from(["{x}", "%s", "{{name}}", "5 kg", "2,5 cm", "XK-200", "https://a.example/p", "a@b.example",
                          "\\n", "Bosch", "&", "<", "4006381333931"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_word, _token), min_size=1, max_size=12), st.sampled_from([" ", ", ", ". "]))
def test_property_round_trip_and_pseudo_keeps_spans(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    segment = protect(text, html=False, terms=["Bosch"])
    assert restore(segment.wire, segment) == text
    assert restore(segment.opaque(), segment, opaque=True) == text
    pseudo = restore(pseudo_localize(segment.wire), segment)  # raises if a span was altered
    for span in segment.spans:
        assert span in pseudo
