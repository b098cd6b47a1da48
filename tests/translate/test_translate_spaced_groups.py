"""Protection p2: a number whose digit groups a space splits reaches the engine as one protected span.

p1 protected `000 mAh` of fr-FR `Batterie 1 000 mAh` (its number pattern held no plain space): the engine saw
`Batterie 1 <lz>000 mAh</lz>`, could move the span away from its `1`, and de-DE published `1 000 mAh` (a notation
finding) since the restore rewrote only the span's digits. The source locale's CLDR group mark decides
(`units.numbers.space_groups`, as the amounts reader reads it): a typed space groups digits only where it is a
space (fr, sv, pl, nb, cs ...; from en-US or de-DE `2 100 mm` may be 2 × 100 mm and p1's `100 mm` stays); a thin
space (U+2009) and the no-break ones group in every locale. The span is then written in the target's notation
(`1.000 mAh`). A memory key names p2 only for a segment with such a span: every other segment keeps its p1 key,
so a memory made before p2 still serves it and nothing else is billed again.
"""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import pytest
from cldr_numbers import CLDR_LOCALES, OTHER_LOCALES, SPACE_LOCALES
from hypothesis import given, settings
from hypothesis import strategies as st
from translate_helpers import deepl_settings, make_batch, make_config, make_ctx, run_stage, value_of

from localize.api import run
from localize.config import config_from_dict
from localize.translate import segments
from localize.translate.memory import Memory, MemoryKey
from localize.translate.segments import is_quantity, protect, protection_version
from localize.units.formatting import format_number
from localize.units.numbers import decimal_mark, grouped_number, number_style, one_reading, parse_number
from localize.units.quantities_in_text import localize_numbers

# p1's number-with-unit pattern (tests/translate/test_translate_span_patterns.py keeps its look-behind form)
_P1_NUMBER = r"[-+±]?\d+(?:[.,\u202f\u00a0'’]\d{3})*(?:[.,]\d+)?"
P1_NUMBER_WITH_UNIT = re.compile(
    rf"(?<![\w.,]){_P1_NUMBER}(?:\s?[x×]\s?{_P1_NUMBER})*\s?(?:{segments._UNITS})(?![\w²³])"
    rf"|(?<![\w.,])(?:[€$£¥]|CHF|EUR|USD|GBP)\s?{_P1_NUMBER}(?![\w])"
)


def _p1_protect(text: str, terms: tuple[str, ...] = ()) -> segments.Protected:
    """The protection p1 made: `protect` with p1's number pattern."""
    with patch.object(segments, "quantity_pattern", lambda locale: P1_NUMBER_WITH_UNIT):
        return protect(text, terms=terms)


def test_the_cldr_locales_cover_both_kinds() -> None:
    assert len(CLDR_LOCALES) > 900 and len(SPACE_LOCALES) > 200 and len(OTHER_LOCALES) > 600
    assert {"fr-FR", "fr-CA", "sv-SE", "pl-PL", "nb-NO", "cs-CZ"} <= set(SPACE_LOCALES)
    assert {"en-US", "de-DE", "de-CH", "ja-JP", "en-GB", "it-IT", "pt-BR"} <= set(OTHER_LOCALES)


def test_a_french_digit_group_is_one_span_and_an_english_one_is_not() -> None:
    fr = protect("Batterie 1 000 mAh, écran 1 920 x 1 080 px, prix 12 345,67 €, € 1 000", locale="fr-FR")
    assert fr.spans == ("1 000 mAh", "1 920 x 1 080 px", "12 345,67 €", "€ 1 000")
    assert fr.wire.startswith("Batterie <lz>1 000 mAh</lz>")
    us = protect("Battery 1 000 mAh, pack 2 100 mm, € 1 000", locale="en-US")
    assert us.spans == ("000 mAh", "100 mm", "€ 1")  # as p1: 2 100 mm may be 2 × 100 mm in en-US
    for locale in ("fr-FR", "en-US", "de-DE", ""):  # a thin space groups in every locale
        assert protect("Akku 1\u2009000 mAh", locale=locale).spans == ("1\u2009000 mAh",)
    assert protect("2019 200 g, 12 3456 mm", locale="fr-FR").spans == ("200 g", "3456 mm")  # not groups
    # without a unit too: the engine cannot regroup it, the restore writes it the target's way
    bare = protect("Jusqu'à 50 000 pages, contraste 10 000:1, 1 920 x 1 080, prix 12 345,67.", locale="fr-FR")
    assert bare.spans == ("50 000", "10 000", "1 920", "1 080", "12 345,67")
    assert protect("Up to 50 000 pages, 1 920 x 1 080", locale="en-US").spans == ()
    assert is_quantity("50 000", "fr-FR") and not is_quantity("50 000", "en-US") and not is_quantity("50", "fr-FR")
    assert is_quantity("1 000 mAh", "fr-FR") and not is_quantity("1 000 mAh", "en-US")
    html = protect("<p>Batterie 1 000 mAh</p>", locale="fr-FR")
    assert html.spans == ("1 000 mAh",)


@settings(max_examples=400, deadline=None)
@given(n=st.integers(1000, 10**10), cents=st.sampled_from([None, 5, 75]), locale=st.sampled_from(CLDR_LOCALES),
       target=st.sampled_from(["de-DE", "en-US", "fr-FR", "de-CH", "sv-SE", "ja-JP"]),
       unit=st.sampled_from(["mAh", "mm", "g", "€", "px", ""]))
def test_a_number_grouped_as_cldr_writes_it_is_one_span_and_restores_to_the_target_notation(
        n: int, cents: int | None, locale: str, target: str, unit: str) -> None:
    """Round trip over the CLDR locales: babel formats `n` in the source locale (with a typed space for its group
    mark where that is a space, as writers type it); protection keeps it in one span; the restore writes it in
    the target's notation, which reads back as `n` in the target."""
    value = Decimal(n) + (Decimal(cents) / 100 if cents else 0)
    written = format_number(value, locale, decimals=2 if cents else 0)
    style = number_style(locale)
    writings = {written, written.replace(style.group, " ")} if style.space_groups else {written}
    for text in writings:
        spaced = re.search(r"\d[ \u2009]\d", text) is not None
        whole = text[:-3] if cents else text  # the digits before the decimal mark and its two decimals
        grouped = not whole.isdigit()  # CLDR's minimum grouping digits: `be`, `pl` write 1000 ungrouped
        protected = protect(f"Akku {text} {unit} neu".replace("  ", " "), locale=locale)
        if not grouped and not unit and (not cents or text[-3] == "."):
            # a bare whole number (`2019`) is copy the engine keeps, and so is a dot decimal after a capitalised
            # word (`Android 4.4`: a version, see p4); a comma decimal is always a decimal (below, p4)
            assert protected.spans == (), (locale, text)
            continue
        # a number without a unit is one span too: split by a space (p2), by the source's group marks (p3), or
        # ungrouped with the source's decimal mark (p4)
        assert protected.spans == (f"{text} {unit}".strip(),), (locale, text)
        assert protection_version(protected) == ("p2" if spaced else "p1" if unit else "p3" if grouped else "p4")
        restored = localize_numbers(protected.spans[0], locale, target)
        if " " in text and not one_reading(text):  # `4 800`: 4800, or 4 and 800? Not rewritten
            assert restored == protected.spans[0]
            continue
        number, _, rest = restored.rpartition(" ") if unit else (restored, "", "")
        assert rest == unit and parse_number(number, target).value == value, (locale, text, target, restored)


TEXT_PIECES = st.sampled_from([
    "1", "12", "100", "1234", "000", " ", "\u2009", "\u00a0", "\u202f", ",", ".", "5", "x", " x ", "mAh", "kg", "mm",
    "€", "EUR", "%", "Akku", "A-12", "{n}", "2,5", "1 000", "12 345", "2019", "-", "±", "4006381333931", "\n",
    "<b>", "</b>",
])


@settings(max_examples=1500, deadline=None)
@given(text=st.lists(TEXT_PIECES, max_size=10).map("".join),
       locale=st.sampled_from(["fr-FR", "sv-SE", "en-US", "de-DE", "de-CH", "ja-JP"]),
       terms=st.sampled_from([(), ("Akku",), ("A-12 1 000",)]))
def test_a_segment_keyed_p1_is_protected_exactly_as_p1_protected_it(text: str, locale: str,
                                                                     terms: tuple[str, ...]) -> None:
    """What lets a memory made before p2 serve every segment that p2 keys "p1" (not billed again): its spans
    are p1's (same wire, same restore), also where a spaced match loses to an earlier overlapping span
    (`A-121 000mAh`: p1 kept `000mAh`, p2's `121 000mAh` is dropped for the SKU)."""
    protected = protect(text, locale=locale, terms=terms)
    stripped = text.strip()
    if protection_version(protected) == "p1":
        p1 = _p1_protect(text, terms)
        assert (protected.wire, protected.spans, protected.html) == (p1.wire, p1.spans, p1.html), (text, locale)
    elif protection_version(protected) == "p2":
        # keyed p2 (billed again) only where the source locale's grouping spaces split digits
        assert re.search(r"\d[ \u2009]\d" if number_style(locale).space_groups else r"\d\u2009\d", stripped)
    elif protection_version(protected) == "p3":  # a number without a unit grouped by the source's marks
        assert grouped_number(locale).search(stripped.replace("\u2009", "\u00a0")), (text, locale)
    else:  # p4: a decimal without a unit in the source's decimal mark (tests/translate/test_translate_number_kinds.py)
        assert protection_version(protected) == segments._DECIMAL == "p4"
        assert re.search(rf"\d{re.escape(decimal_mark(locale))}\d", stripped), (text, locale)


# --- the real `deepl` client against tests/deepl_server.py ----------------------------------------------------


@pytest.fixture()
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


def test_a_french_catalogue_through_deepl_publishes_each_markets_notation(tmp_path: Path, deepl_server,
                                                                         _key: None) -> None:
    """A whole run, fr_FR source, DeepL (the local server upper-cases what it may translate and keeps `<lz>`
    spans): de-DE publishes `1.000 mAh`, en-US `1,000 mAh` and converts the 2100 mm (`82.7 in`): `1 000` says
    its writer groups digits with spaces. On main the engine got `1 <lz>000 mAh</lz>`, de-DE published
    `1 000 mAh` and en-US sent `2 100 mm` to review. `Lot de 3 100 g` alone (3100 g, or 3 × 100 g?) is kept
    as written, in one span, and goes to review in en-US and gets a notation finding in de-DE, as on main."""
    src = tmp_path / "products.csv"
    src.write_text("sku;family;categories;enabled;name-fr_FR;description-fr_FR-ecommerce\n"
                   "P1;tools;tools;1;Lampe;Batterie 1 000 mAh, longueur 2 100 mm\n"
                   "P2;tools;tools;1;Biscuits;Lot de 3 100 g\n", encoding="utf-8")
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "fr_FR", "channel": "ecommerce"},
              "markets": [{"locale": "de-DE"}, {"locale": "en-US"}], "translation": deepl_settings(deepl_server),
              "outputs": {"dir": str(tmp_path / "out"), "formats": ["jsonl"]}, "state": str(tmp_path / "state")}
    run(config_from_dict(config))
    sent = [t for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert "Batterie <lz>1 000 mAh</lz>, longueur <lz>2 100 mm</lz>" in sent and "Lot de <lz>3 100 g</lz>" in sent
    records: dict[tuple[str, str], dict] = {}
    for name in ("de-DE.jsonl", "en-US.jsonl", "review-queue.jsonl"):
        for line in (tmp_path / "out" / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[(record["identifier"], record["market"])] = record

    def findings(key: tuple[str, str]) -> list[tuple[str, str]]:
        return [(f["code"], f["matched"]) for f in records[key]["findings"]
                if f["code"] in ("number-format", "number-mismatch", "quantity-not-converted")]

    assert records[("P1", "de-DE")]["values"]["description"] == "[DE] BATTERIE 1.000 mAh, LONGUEUR 2.100 mm"
    assert records[("P1", "en-US")]["values"]["description"] == "[EN-US] BATTERIE 1,000 mAh, LONGUEUR 82.7 in"
    assert findings(("P1", "de-DE")) == findings(("P1", "en-US")) == []
    assert records[("P2", "de-DE")]["values"]["description"] == "[DE] LOT DE 3 100 g"
    assert findings(("P2", "de-DE")) == [("number-format", "3 100 g")]
    assert records[("P2", "en-US")]["values"]["description"] == "[EN-US] LOT DE 3 100 g"
    assert ("quantity-not-converted", "3 100 g") in findings(("P2", "en-US"))


def _as_p1(memory_path: Path) -> None:
    """Rewrites every machine entry as a memory made before p2 holds it: keyed "p1", and its text marked so a
    test can tell a remembered translation from a new one."""
    db = sqlite3.connect(memory_path)
    rows = db.execute("SELECT key, source_hash, source_lang, target_lang, formality, tag_handling, split_mode, "
                      "context_hash, glossary_hash, engine FROM entries WHERE origin = 'machine'").fetchall()
    for key, *parts in rows:
        old = MemoryKey(*parts, protection="p1")
        db.execute("UPDATE entries SET key = ?, protection = 'p1', target_text = 'remembered: ' || target_text "
                   "WHERE key = ?", (old.digest, key))
    db.commit()
    db.close()


def test_a_memory_made_before_p2_is_billed_again_only_for_spaced_groups(tmp_path: Path, deepl_server,
                                                                        _key: None) -> None:
    config = make_config(tmp_path, ("de-DE",), deepl_settings(deepl_server), source={"locale": "fr_FR"})
    products = {"P1": {"description": "Batterie 1 000 mAh"}, "P2": {"description": "Poids 2,5 kg"},
                "P3": {"description": "Lampe de poche"}}
    batch = make_batch(config, products)
    run_stage(make_ctx(config), batch)
    assert value_of(batch, "P1", "de-DE", "description").data == "[DE] BATTERIE 1.000 mAh"
    assert value_of(batch, "P2", "de-DE", "description").data == "[DE] POIDS 2,5 kg"
    memory_path = tmp_path / "state" / "memory.sqlite"
    with sqlite3.connect(memory_path) as db:
        keyed = dict(db.execute("SELECT source_text, protection FROM entries WHERE origin = 'machine'").fetchall())
    assert keyed == {"Batterie 1 000 mAh": "p2", "Poids 2,5 kg": "p1", "Lampe de poche": "p1"}

    _as_p1(memory_path)
    deepl_server.log.clear()
    batch = make_batch(config, products)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert [t for r in deepl_server.requests("/v2/translate") for t in r.texts] == ["Batterie <lz>1 000 mAh</lz>"]
    assert ctx.report.sections["translation"]["characters_billed"] == len("Batterie <lz>1 000 mAh</lz>")  # as sent
    assert value_of(batch, "P1", "de-DE", "description").data == "[DE] BATTERIE 1.000 mAh"
    assert value_of(batch, "P2", "de-DE", "description").data == "remembered: [DE] POIDS 2,5 kg"
    assert value_of(batch, "P3", "de-DE", "description").data == "remembered: [DE] LAMPE DE POCHE"
    with Memory(memory_path) as memory:
        assert memory.stats()["pairs"] == {"fr->de-DE": {"machine": 4}}  # the p1 entry of P1 stays, unused
