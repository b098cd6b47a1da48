"""Numbers in copy by kind, through the real `deepl` client against tests/deepl_server.py (which keeps every
number as written, as an engine that copies numbers does): what the market reads must be the source's number.

- A number grouped as CLDR writes it for an Indian-grouping SOURCE (en-IN `1,00,000`, `12,34,567`) is one
  protected span, written the target's way (80401ab read it only when the target was en-IN: sent as plain text,
  de-DE published `1,00,000`, which reads as nothing there).
- A decimal without a unit (p4: `Faktor 2,5`, `2.5x zoom`, `rated 4.4 out of 5`) is one protected span written
  the target's way; a version or a name's number (`Android 4.4`, `USB 3.0`) stays as written. 80401ab sent them
  as plain text: en-US published `FAKTOR 2,5` (25 in en-US, or a foreign notation), de-DE `4.4` (a date's look).
  The rule, by kind (`segments.decimal_in_context`): a decimal comma is never a version's mark; a decimal dot is
  a decimal after a word without a capital, before a multiplier, or before a word without a capital when no word
  precedes it; a capital or digit in the word before names a thing with a version.
"""

from __future__ import annotations

import sqlite3

import pytest
from translate_helpers import deepl_settings, make_batch, make_config, make_ctx, run_stage, value_of

from localize.translate import segments
from localize.translate.segments import protect, restore
from localize.units.numbers import grouped_number
from localize.units.quantities_in_text import localize_numbers


@pytest.fixture()
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


def test_indian_grouping_of_the_source_is_one_number() -> None:
    text = "Up to 1,00,000 pages, 12,34,567.5 dots, 9,000 sheets"
    assert protect(text, locale="en-IN").spans == ("1,00,000", "12,34,567.5", "9,000")
    assert [m.group() for m in grouped_number("en-IN").finditer(text)] == ["1,00,000", "12,34,567.5", "9,000"]
    # not Indian groups: a head of three digits, a code's part, and the same text from a source that does not
    # group so (en-US: `1,00,000` has no reading there, left as written)
    assert protect("Model 123,45,678 and A-1,00,000", locale="en-IN").spans == ("A-1",)
    assert protect(text, locale="en-US").spans == ("9,000",)


def test_an_indian_source_through_deepl_writes_the_number_the_markets_way(tmp_path, deepl_server, _key) -> None:
    config = make_config(tmp_path, ("de-DE", "en-US"), deepl_settings(deepl_server), source={"locale": "en_IN"})
    batch = make_batch(config, {"P1": {"description": "Prints up to 1,00,000 pages"}})
    run_stage(make_ctx(config), batch)
    sent = [t for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert "Prints up to <lz>1,00,000</lz> pages" in sent
    assert value_of(batch, "P1", "de-DE", "description").data == "[DE] PRINTS UP TO 100.000 PAGES"
    # same language: copied, not sent; its number in en-US notation (80401ab copied `1,00,000`)
    assert value_of(batch, "P1", "en-US", "description").data == "Prints up to 100,000 pages"


DECIMALS = [  # (source locale, text, the decimals it holds)
    ("de-DE", "Vergrößerungsfaktor 2,5 und 3,5-fache Leistung", ["2,5", "3,5"]),
    ("de-DE", "Bewertung 4,7 von 5 Sternen, Zoom 2,5x", ["4,7", "2,5"]),
    ("de-DE", "0,125 Zoll Spiel, Seitenverhältnis 1,85:1", ["0,125", "1,85"]),
    ("fr-FR", "Facteur de zoom 2,5 et note de 4,6 sur 5", ["2,5", "4,6"]),
    ("es-ES", "Zoom óptico de 3,2 aumentos", ["3,2"]),
    ("en-US", "customers rated it 4.4 out of 5", ["4.4"]),
    ("en-US", "a 2.5x optical zoom and a factor 1.6 crop", ["2.5", "1.6"]),
    ("en-US", "3.5 times faster; 1.85 aspect ratio", ["3.5", "1.85"]),
    ("en-GB", "up to 2.4 times the speed", ["2.4"]),
    ("en-US", "Width: 368.5, Depth: 188.5. Power consumption (standby): 0.5", ["368.5", "188.5", "0.5"]),
    ("en-US", "Focal length range: 4.5 - 22.5, RMS rated power: 2.5. HDMI version: 1.3", ["4.5", "22.5", "2.5"]),
    ("ja-JP", "倍率 2.5 倍", ["2.5"]),
]
VERSIONS = [  # nothing to protect: versions, names' numbers, dates, codes, digit groups of another notation
    ("en-US", "Android 4.4 or later, Bluetooth 5.0, USB 3.0 port, PCIe 4.0, iOS 17.1 and HDMI 2.1"),
    ("en-US", "firmware v1.2, version 2.0.1 of 01.02.2024, model X1.5, 2.5G LAN, 1.500 sheets"),
    ("en-US", "4.4 KitKat"),
    ("en-US", "Enterprise Security (802.1x), ENERGY STAR® 5.0 qualified, a 2.0 speaker system, 2.1 stereo speakers"),
    ("en-US", "protocols such as 802.1x and IPsec, for devices with version 2.2 or higher, GoldMine v 6.7"),
    ("de-DE", "Android 4.4, USB 3.0, Version 2.0.1, am 01.02.2024, 1,000 kopiert, Größen 1,2,3"),
    ("fr-FR", "Android 4.4 et Bluetooth 5.0"),
]


def test_a_decimal_without_a_unit_is_told_from_a_version_by_kind() -> None:
    for locale, text, decimals in DECIMALS:
        assert list(protect(text, locale=locale).spans) == decimals, (locale, text)
        assert protect(text, locale=locale).version == "p4"
    for locale, text in VERSIONS:
        protected = protect(text, locale=locale)
        assert not [s for s in protected.spans if s.replace(".", "").replace(",", "").isdigit()], (locale, text)
        assert protected.version != "p4", (locale, text)
    assert segments.decimal_in_context("factor 2.5", 7, 10) and not segments.decimal_in_context("Android 4.4", 8, 11)


def test_a_decimal_comes_back_in_the_targets_notation() -> None:
    for source, target, text, want in [
        ("de-DE", "en-US", "Faktor 2,5", "Faktor 2.5"), ("en-US", "de-DE", "rated 4.4 of 5", "rated 4,4 of 5"),
        ("en-US", "fr-FR", "a 2.5x zoom", "a 2,5x zoom"), ("fr-FR", "de-CH", "note 4,6", "note 4.6"),
    ]:
        protected = protect(text, locale=source)
        assert restore(protected.wire, protected, rewrite=lambda s, a=source, b=target: localize_numbers(s, a, b)) \
            == want


def test_decimals_through_deepl_are_written_the_markets_way(tmp_path, deepl_server, _key) -> None:
    """de_DE and en_US sources through the real client: the market reads the source's decimal in its notation;
    a version stays. Segments without such a decimal keep their memory key (p1 here): not billed again."""
    config = make_config(tmp_path, ("en-US", "fr-FR"), deepl_settings(deepl_server))
    batch = make_batch(config, {"P1": {"description": "Vergrößerungsfaktor 2,5 für Android 4.4"},
                                "P2": {"description": "Stuhl aus Holz"}})
    run_stage(make_ctx(config), batch)
    sent = [t for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert "Vergrößerungsfaktor <lz>2,5</lz> für Android 4.4" in sent
    assert value_of(batch, "P1", "en-US", "description").data == "[EN-US] VERGRÖSSERUNGSFAKTOR 2.5 FÜR ANDROID 4.4"
    assert value_of(batch, "P1", "fr-FR", "description").data == "[FR] VERGRÖSSERUNGSFAKTOR 2,5 FÜR ANDROID 4.4"
    with sqlite3.connect(tmp_path / "state" / "memory.sqlite") as db:
        keyed = dict(db.execute("SELECT source_text, protection FROM entries WHERE origin = 'machine'").fetchall())
    assert keyed == {"Vergrößerungsfaktor 2,5 für Android 4.4": "p4", "Stuhl aus Holz": "p1"}

    config = make_config(tmp_path / "en", ("de-DE",), deepl_settings(deepl_server), source={"locale": "en_US"})
    batch = make_batch(config, {"P1": {"description": "Customers rated it 4.4 out of 5; a 2.5x zoom, USB 3.0"}})
    run_stage(make_ctx(config), batch)
    assert value_of(batch, "P1", "de-DE", "description").data == (
        "[DE] CUSTOMERS RATED IT 4,4 OUT OF 5; A 2,5X ZOOM, USB 3.0")  # the x is text the engine sees
