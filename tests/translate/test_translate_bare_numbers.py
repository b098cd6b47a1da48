"""Protection p3: a number without a unit whose digit groups the source locale's CLDR mark (or a no-break or thin
space, or a space entity in HTML copy) splits reaches the engine as one protected span and comes back in the
target's notation.

Before p3 only numbers with a unit (and, p2, digits a space splits) were protected: `Up to 9,000 pages` from
en_US went to the engine as plain text, an engine that keeps numbers (the pseudo engine, often a real one on a
bare number) copied `9,000` into de-DE, where it reads as nine (icecat: 78 `number-format` findings in de-DE).
The source locale decides, by CLDR (`units.numbers.group_marks`): `9,000` from en-US and `9.000` from de-DE are
nine thousand for sure (their group mark, three digits after it); `1,000` from de-DE (the decimal mark) is not
matched and stays as written. A memory key names p3 only for a segment where such a number is matched: every
other segment keeps its p1/p2 key, so a memory made before p3 still serves it and is not billed again.
"""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import pytest
from cldr_numbers import CLDR_LOCALES
from hypothesis import given, settings
from hypothesis import strategies as st
from translate_helpers import deepl_settings, make_batch, make_config, make_ctx, run_stage, value_of

from localize.translate import segments
from localize.translate.memory import MemoryKey
from localize.translate.segments import (
    is_quantity,
    one_reading_decimal,
    protect,
    protection_version,
    restore,
)
from localize.units.formatting import format_number, min_grouping
from localize.units.numbers import decimal_mark, grouped_number, number_style, parse_number
from localize.units.quantities_in_text import localize_numbers


def _p2_protect(text: str, locale: str, terms: tuple[str, ...] = ()) -> segments.Protected:
    """The protection p2 made: `protect` with p2's number pattern (no `bare` alternative)."""
    spaces = segments.SPACE_GROUPED if number_style(locale).space_groups else segments.THIN_GROUPED
    with patch.object(segments, "quantity_pattern", lambda _: segments._number_with_unit(spaces, "")):
        return protect(text, terms=terms, locale=locale)


def test_a_number_grouped_by_the_source_locales_mark_is_one_span() -> None:
    us = protect("Up to 9,000 pages, 12,345.67 dots, firmware 2.0.1 of 01.02.2024, model X1,200, EAN 4006381333931",
                 locale="en-US")
    assert us.spans == ("9,000", "12,345.67", "X1", "4006381333931") and us.version == "p3"
    de = protect("Bis zu 9.000 Seiten, 1,000 kopiert, 1,5 Liter, Version 2.0.1, 01.02.2024", locale="de-DE")
    # `1,000` in de-DE: one and three decimals, or a copied thousand? not matched; `1,5` is a decimal (p4)
    assert de.spans == ("9.000", "1,5") and de.version == "p4"
    assert protect("Bis 9’000 Seiten und 9'000 Blatt", locale="de-CH").spans == ("9’000", "9'000")
    assert protect("ISO 100-12,800, model A-1,000", locale="en-US").spans == ("12,800", "A-1")  # a range; a code
    assert protect("Up to 9.000 pages, 1.000 sheets", locale="en-US").spans == ()  # not en-US's group mark
    for locale in ("en-US", "de-DE", "fr-FR", "ja-JP", ""):  # a no-break space is a group mark in every locale
        assert protect("50\u00a0000 pages, 10\u202f000:1", locale=locale).spans == ("50\u00a0000", "10\u202f000")
    assert is_quantity("9,000", "en-US") and not is_quantity("9,000", "de-DE") and is_quantity("9.000", "de-DE")
    # unchanged where no such number is: p1's and p2's spans, p1's and p2's keys
    assert protect("Battery 1,000 mAh", locale="en-US").version == "p1"
    assert protect("Jusqu'à 50 000 pages", locale="fr-FR").version == "p2"
    # a term with a typed space between digits, from a source that does not group with one: p1, as before p3
    assert protect("Art A-12 1 000 neu", terms=("A-12 1 000",), locale="de-DE").version == "p1"


def test_space_entities_between_digits_of_html_copy_are_group_marks() -> None:
    for entity in ("&thinsp;", "&#8201;", "&#x2009;", "&nbsp;", "&#160;", "&#8239;", "&#x202F;"):
        html = protect(f"<p>Akku 1{entity}000 mAh, bis 50{entity}000 Seiten</p>", locale="de-DE")
        assert len(html.spans) == 2 and html.version == "p3", entity
        assert [re.sub(r"\D", "", span) for span in html.spans] == ["1000", "50000"], entity
        back = restore(html.wire.replace("Akku", "Battery").replace("bis", "up to").replace("Seiten", "pages"), html,
                       rewrite=lambda span: localize_numbers(span, "de-DE", "en-US") if is_quantity(span, "de-DE")
                       else span)
        assert back == "<p>Battery 1,000 mAh, up to 50,000 pages</p>", entity
    assert protect("<p>Akku 1&amp;000 mAh</p>", locale="de-DE").spans == ("000 mAh",)  # another entity: as before


@settings(max_examples=500, deadline=None)
@given(n=st.integers(1000, 10**10), cents=st.sampled_from([None, 5, 75]), locale=st.sampled_from(CLDR_LOCALES),
       target=st.sampled_from(["de-DE", "en-US", "fr-FR", "de-CH", "fr-CH", "es-MX", "it-CH", "en-IN", "hi-IN", "ja-JP"]))
def test_a_number_without_a_unit_as_cldr_writes_it_round_trips_to_the_target(
        n: int, cents: int | None, locale: str, target: str) -> None:
    """Over the CLDR locales: a number babel writes in the source locale, without a unit, is one span, keyed p3
    (p2 when a typed space splits it), and the restore writes it in the target's notation, read back as `n`.
    (A locale whose CLDR minimumGroupingDigits is 2, pl or bg, writes `1000` without a group mark: no grouped
    number, so its numbers start at five digits here.)"""
    n = max(n, 10 ** (2 + min_grouping(locale)))
    value = Decimal(n) + (Decimal(cents) / 100 if cents else 0)
    written = format_number(value, locale, decimals=2 if cents else 0)
    protected = protect(f"Bis {written} Seiten", locale=locale)
    assert protected.spans == (written,), (locale, written)
    assert protection_version(protected) == ("p2" if re.search(r"\d[ \u2009]\d", written) else "p3")
    restored = localize_numbers(written, locale, target)
    assert parse_number(restored, target).value == value, (locale, written, target, restored)


SHAPES = st.sampled_from(["2.0.1", "01.02.2024", "1.2", "2,5", "X1,200", "A-1.000", "12.2024", "1,0000", "1.000.1",
                          "10,00", "4006381333931", "1,000.000.000", "v1.100", "1,234,56"])


@settings(max_examples=300, deadline=None)
@given(shape=SHAPES, locale=st.sampled_from(["en-US", "de-DE", "de-CH", "fr-FR", "es-MX", "en-IN"]))
def test_versions_dates_codes_and_eans_stay_unprotected(shape: str, locale: str) -> None:
    """A version, a date, a code, an EAN or a number a group mark does not split in threes is no grouped number."""
    assert grouped_number(locale).search(shape) is None, (shape, locale)
    version = protect(f"Modell {shape} neu", locale=locale).version
    # a decimal in the source's decimal comma is one (p4: tests/translate/test_translate_number_kinds.py)
    decimal = decimal_mark(locale) == "," and re.fullmatch(r"\d+,\d+", shape) and one_reading_decimal(shape)
    assert version == ("p4" if decimal else "p1"), (shape, locale)


PIECES = st.sampled_from([
    "1", "12", "100", "1234", "000", " ", "\u2009", "\u00a0", "\u202f", ",", ".", "'", "’", "5", "x", " x ", "mAh",
    "mm", "€", "%", "Akku", "A-12", "2,5", "9,000", "9.000", "1 000", "12 345", "2.0.1", "-", "4006381333931", "<b>",
    "&thinsp;", "&nbsp;", "&amp;",
])


@settings(max_examples=1500, deadline=None)
@given(text=st.lists(PIECES, max_size=10).map("".join),
       locale=st.sampled_from(["fr-FR", "en-US", "de-DE", "de-CH", "es-MX", "ja-JP"]),
       terms=st.sampled_from([(), ("Akku",), ("A-12 9,000",)]))
def test_a_segment_keyed_p1_or_p2_is_protected_exactly_as_p2_protected_it(text: str, locale: str,
                                                                          terms: tuple[str, ...]) -> None:
    """What lets a memory made before p3 serve every segment p3 does not key "p3" (not billed again): its wire and
    spans are p2's. A segment keyed p3 holds a number grouped by the source's marks, or a space entity between
    digits of HTML copy."""
    protected = protect(text, locale=locale, terms=terms)
    if protection_version(protected) not in ("p3", "p4"):
        p2 = _p2_protect(text, locale, terms)
        assert (protected.wire, protected.spans, protected.version) == (p2.wire, p2.spans, p2.version), (text, locale)
    elif protection_version(protected) == "p4":  # a decimal without a unit in the source's mark (p4)
        mark = decimal_mark(locale)
        assert mark and re.search(rf"\d{re.escape(mark)}\d", text), (text, locale)
    else:
        plain = re.sub(r"&(?:thinsp|nbsp);", "\u00a0", text)
        assert grouped_number(locale).search(plain.replace("\u2009", "\u00a0")) or plain != text, (text, locale)


# --- the real `deepl` client against tests/deepl_server.py ----------------------------------------------------


@pytest.fixture()
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


def _as_p2(memory_path: Path) -> None:
    """Rewrites every machine entry as a memory made before p3 holds it: keyed "p2" (p1 entries stay p1), its
    text marked so a test can tell a remembered translation from a new one."""
    db = sqlite3.connect(memory_path)
    rows = db.execute("SELECT key, protection, source_hash, source_lang, target_lang, formality, tag_handling, "
                      "split_mode, context_hash, glossary_hash, engine FROM entries WHERE origin = 'machine'").fetchall()
    for key, protection, *parts in rows:
        old = MemoryKey(*parts, protection="p2" if protection == "p3" else protection)
        db.execute("UPDATE entries SET key = ?, protection = ?, target_text = 'remembered: ' || target_text "
                   "WHERE key = ?", (old.digest, old.protection, key))
    db.commit()
    db.close()


def test_an_english_catalogue_through_deepl_writes_bare_numbers_the_markets_way(tmp_path: Path, deepl_server,
                                                                                 _key: None) -> None:
    """en_US source, DeepL (the local server upper-cases what it may translate and keeps `<lz>` spans): `9,000`
    reaches the engine protected and de-DE publishes `9.000`, fr-FR `9 000` (CLDR's narrow no-break space); on
    main the engine got `Up to 9,000 pages` and de-DE published `9,000` (nine). Then a memory made before p3:
    only the segment with such a number is sent and billed again."""
    config = make_config(tmp_path, ("de-DE", "fr-FR"), deepl_settings(deepl_server), source={"locale": "en_US"})
    products = {"P1": {"description": "Up to 9,000 pages, 1,200 x 2,400 dpi"}, "P2": {"description": "Weight 2.5 kg"},
                "P3": {"description": "<p>Battery 1&thinsp;000 mAh</p>"}, "P4": {"description": "Flashlight"}}
    batch = make_batch(config, products)
    run_stage(make_ctx(config), batch)
    sent = [t for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert "Up to <lz>9,000</lz> pages, <lz>1,200 x 2,400 dpi</lz>" in sent
    assert value_of(batch, "P1", "de-DE", "description").data == "[DE] UP TO 9.000 PAGES, 1.200 x 2.400 dpi"
    assert value_of(batch, "P1", "fr-FR", "description").data == (
        "[FR] UP TO 9\u202f000 PAGES, 1\u202f200 x 2\u202f400 dpi")
    assert value_of(batch, "P3", "de-DE", "description").data == "[DE] <p>BATTERY 1.000 mAh</p>"
    assert value_of(batch, "P2", "de-DE", "description").data == "[DE] WEIGHT 2,5 kg"
    memory_path = tmp_path / "state" / "memory.sqlite"
    with sqlite3.connect(memory_path) as db:
        keyed = {(text, target): protection for text, target, protection in db.execute(
            "SELECT source_text, target_lang, protection FROM entries WHERE origin = 'machine'")}
    assert {text: p for (text, _), p in keyed.items()} == {
        "Up to 9,000 pages, 1,200 x 2,400 dpi": "p3", "Weight 2.5 kg": "p1", "<p>Battery 1&thinsp;000 mAh</p>": "p3",
        "Flashlight": "p1"}

    _as_p2(memory_path)
    deepl_server.log.clear()
    batch = make_batch(config, products)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    resent = [t for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert sorted(resent) == sorted(["Up to <lz>9,000</lz> pages, <lz>1,200 x 2,400 dpi</lz>",
                                     '<p>Battery <lz translate="no">1\u2009000 mAh</lz></p>'] * 2)
    assert ctx.report.sections["translation"]["characters_billed"] == sum(len(t) for t in resent)
    assert value_of(batch, "P1", "de-DE", "description").data == "[DE] UP TO 9.000 PAGES, 1.200 x 2.400 dpi"
    assert value_of(batch, "P2", "de-DE", "description").data == "remembered: [DE] WEIGHT 2,5 kg"
    assert value_of(batch, "P4", "fr-FR", "description").data == "remembered: [FR] FLASHLIGHT"
