"""A multi-word term matches across the separators copy puts between its words (whitespace runs, NBSP,
hyphens and dashes, a colon or comma), in every language, and not across a full stop or a slash."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import findings, pack_ruleset, record

PACK = """\
pack: gaps
scope: {global: true}
rules:
  - id: capital
    kind: terms
    severity: review
    message: contested capital
    source: test pack
    terms:
      de: [Hauptstadt Tel Aviv]
      fr: [capitale d'Israël Tel Aviv]
      ja: [首都 テルアビブ]
      '*': [red crescent moon]
"""


def _hits(tmp_path: Path, locale: str, text: str, source_locale: str = "en-US") -> list[str]:
    rs = pack_ruleset(tmp_path, PACK)
    rec = record(locale, {"description": (text, text)}, source_locale=source_locale)
    return [f.matched for f in findings(rs, rec) if f.rule == "capital"]


@pytest.mark.parametrize("text", [
    "Die Hauptstadt Tel Aviv liegt am Meer.",
    "Hauptstadt: Tel Aviv",
    "Hauptstadt:  Tel Aviv",
    "Hauptstadt, Tel-Aviv",
    "Hauptstadt Tel  Aviv",
    "Hauptstadt Tel\u00a0Aviv",
    "Hauptstadt \u2013 Tel Aviv",
    "Hauptstadt\nTel Aviv",
])
def test_german_term_spans_separators(tmp_path: Path, text: str) -> None:
    assert _hits(tmp_path, "de-DE", text, "de-DE"), text


@pytest.mark.parametrize("text", ["capitale d'Israël : Tel Aviv", "capitale d'Israël\u202f: Tel-Aviv",
                                  "capitale d’Israël, Tel Aviv"])
def test_french_term_spans_separators(tmp_path: Path, text: str) -> None:
    assert _hits(tmp_path, "fr-FR", text, "fr-FR"), text


def test_any_language_term_spans_separators(tmp_path: Path) -> None:
    assert _hits(tmp_path, "en-US", "Flag: red crescent, moon and star")
    assert _hits(tmp_path, "ja-JP", "首都: テルアビブ", "ja-JP")


@pytest.mark.parametrize("text", ["Die Hauptstadt. Tel Aviv", "Hauptstadt / Tel Aviv", "Hauptstadt (Tel Aviv)",
                                  "Hauptstadt: Tel -- Aviv", "Hauptstadttel Aviv"])
def test_no_bridge_over_other_punctuation(tmp_path: Path, text: str) -> None:
    assert _hits(tmp_path, "de-DE", text, "de-DE") == [], text
