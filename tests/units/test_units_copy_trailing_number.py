"""Copy with numbers but no measure (`iPhone 15`, `Größe 42.`, a translated `[Tasse leicht 0 ~]`) is
not searched for quantities: `find_quantities` first asks `may_hold_quantity`, which is False only
when no number of the text has a character after it (directly, or after one space or hyphen) that a
unit of the locale could start with. The shortcut must be exact: the full search finds nothing
wherever it says so, in every locale."""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.units import quantities_in_text as qit
from localize.units.conventions import market_units
from localize.units.lexicon import ATTACHED, SYMBOLS, WORDS, cldr_forms
from localize.units.quantities_in_text import (
    _NEVER_UNIT_START,
    deliberate_units,
    find_quantities,
    may_hold_quantity,
    rewrite_quantities,
)

LOCALES = ("en-US", "en-GB", "de-DE", "de-CH", "fr-FR", "fr-CA", "pl-PL", "ja-JP", "nl-NL", "it-IT", "es-ES", "sv-SE",
           "ru-RU", "zh-CN", "ar-EG", "hi-IN", "pt-BR", "cs-CZ", "da-DK", "tr-TR")
PIECES = ["kg", "g", "cm", "mm", "Zoll", "inch", "in", "in.", "lb", "oz", "l", "ml", "m²", "°C", "°F", '"', "'", "’", "′",
          "″", "Liter", "litres", "fl oz", "x", "×", "-", "–", "to", "bis", "à", "½", "¼", "²", "③", "٣", "五", ",", ".",
          "/", "(", ")", "~", "[", "]", "<p>", "&amp;", "%", "$", "€", "µg", "km/h", "W", "mAh", "GB", "кг", "公斤", "\u00a0",
          "\u202f", "\n"]
_TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(string.ascii_letters + "äöü<>&;é ~[]()", max_size=5),
                           st.text("0123456789 .,/-", min_size=1, max_size=6)), max_size=10)


def test_no_unit_form_starts_with_a_character_the_shortcut_calls_never() -> None:
    """The shortcut leaves out of its 'never a unit' characters whatever a unit form starts with; in the
    locales we know, none does (so the shortcut skips copy with those characters after its numbers)."""
    forms = set(SYMBOLS) | set(WORDS) | set(ATTACHED)
    for locale in LOCALES:
        forms |= set(cldr_forms(locale))
    assert len(forms) > 200
    assert sorted(f for f in forms if f[:1] in _NEVER_UNIT_START) == []


@pytest.mark.parametrize("text", ["Größe 42", "iPhone 15", "Tshirts leicht 0", "[Ţàššé ļéîçĥţ 0 ~]", "Galaxy S21 ",
                                  "Set 12 34", "Modell -5", "Set 3 (neu), Jahrgang 2019.", "<p>Serie 7</p>"])
def test_numbers_without_a_unit_after_them_are_not_searched(text: str) -> None:
    assert not may_hold_quantity(text, "de-DE")
    for locale in LOCALES:
        assert find_quantities(text, locale) == []


@pytest.mark.parametrize("text", ["5 kg", "Größe 42 cm", "½ Liter 2", "Flasche 0,75 l", "Bildschirm 27\"", "6' 2",
                                  "5-kg-Sack", "2,5\u00a0kg", "40 °C", "3 x 4 m", "5–10 kg"])
def test_quantities_are_still_found(text: str) -> None:
    assert may_hold_quantity(text, "de-DE")
    assert find_quantities(text, "de-DE")


def _full_search(text: str, locale: str) -> list[Any]:
    """`find_quantities` without the shortcut (the search as it was)."""
    original = qit.may_hold_quantity
    qit.may_hold_quantity = lambda text, locale: True  # type: ignore[assignment]
    try:
        return qit.find_quantities(text, locale)
    finally:
        qit.may_hold_quantity = original


@settings(max_examples=500, deadline=None)
@given(pieces=_TEXT, joiner=st.sampled_from(["", " ", "-"]))
def test_the_shortcut_equals_the_full_search(pieces: list[str], joiner: str) -> None:
    text = joiner.join(pieces)
    for locale in LOCALES:
        full = _full_search(text, locale)
        assert find_quantities(text, locale) == full, (text, locale)
        if full:
            assert may_hold_quantity(text, locale)


def test_the_copy_job_publishes_the_same_with_and_without_the_shortcut(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from localize.api import run
    from localize.config import config_from_dict

    rows = ["sku;family;name-de_DE;description-de_DE-ecommerce"]
    for i in range(12):
        rows.append(f"P{i};mugs;Tasse leicht {i};Fasst 0,{i + 1} l und wiegt {100 + i} g. Modell {i}, Serie {i}.")
    src = tmp_path / "products.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def _run(name: str) -> dict[str, bytes]:
        config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "de_DE", "channel": "ecommerce"},
                  "markets": [{"locale": "en-US"}, {"locale": "en-GB", "units": {"text": "both"}}, {"locale": "fr-FR"}],
                  "translation": {"engine": "pseudo"},
                  "outputs": {"dir": str(tmp_path / name), "formats": ["jsonl"]}, "state": str(tmp_path / f"{name}-state")}
        run(config_from_dict(config))
        return {p.name: p.read_bytes() for p in sorted((tmp_path / name).glob("*.jsonl"))}

    searched: list[str] = []
    real = qit.may_hold_quantity

    def counted(text: str, locale: str) -> bool:
        found = real(text, locale)
        if found:
            searched.append(text)
        return found

    from localize.stages import convert_copy

    with monkeypatch.context() as patch:
        patch.setattr(qit, "may_hold_quantity", counted)
        patch.setattr(convert_copy, "may_hold_quantity", counted)
        fast = _run("fast")
    assert searched and not [t for t in searched if "leicht" in t.lower() or "ļéîçĥţ" in t]  # the names: not searched
    with monkeypatch.context() as patch:
        patch.setattr(qit, "may_hold_quantity", lambda text, locale: True)
        patch.setattr(convert_copy, "may_hold_quantity", lambda text, locale: True)
        slow = _run("slow")
    assert fast == slow
    assert b" oz" in fast["en-US.jsonl"]  # the descriptions' quantities were converted


def test_a_name_ending_in_its_number_is_not_searched_for_deliberate_units(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = qit._number_regex

    def counted(locale: str) -> Any:
        calls.append(locale)
        return real(locale)

    monkeypatch.setattr(qit, "_number_regex", counted)
    source_units = market_units("de-DE", "DE")
    assert deliberate_units("Tshirts leicht 0", "de-DE", source_units) == frozenset()
    assert calls == []
    assert deliberate_units("Monitor 27 Zoll 2", "de-DE", source_units) == frozenset({"INCH"})
    assert calls == ["de-DE"]
    units = market_units("en-US", "US")
    assert rewrite_quantities("Größe 42", "en-US", units).text == "Größe 42" and calls == ["de-DE"]
