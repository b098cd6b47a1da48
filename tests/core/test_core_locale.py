"""One locale module: every spelling, language and region of a locale code comes from `localize.locale`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from localize.locale import babel_locale, is_known_locale, language_of, region_of, to_bcp47, to_pim_locale
from localize.translate.service import same_language_copy

PACKAGE = Path(__file__).resolve().parents[2] / "localize"

# The helpers that had copies in five modules (`language_of` ×5, `_lang`, `_language`,
# `canonical_locale`, `_region`, `babel_locale`): a second definition is a second opinion.
LOCALE_HELPERS = {"language_of", "_lang", "canonical_locale", "to_bcp47", "to_pim_locale",
                  "region_of", "_region", "babel_locale", "is_known_locale"}


@pytest.mark.parametrize(("code", "bcp47", "pim", "language", "region"), [
    ("de_DE", "de-DE", "de_DE", "de", "DE"),
    ("en-us", "en-US", "en_US", "en", "US"),
    ("FR-ch", "fr-CH", "fr_CH", "fr", "CH"),
    ("zh-hant-tw", "zh-Hant-TW", "zh_Hant_TW", "zh", "TW"),
    ("es-419", "es-419", "es_419", "es", "419"),
    ("de-CH-1996", "de-CH-1996", "de_CH_1996", "de", "CH"),
    ("pt", "pt", "pt", "pt", None),
])
def test_spellings(code: str, bcp47: str, pim: str, language: str, region: str | None) -> None:
    assert to_bcp47(code) == bcp47
    assert to_pim_locale(code) == pim
    assert language_of(code) == language
    assert region_of(code) == region


def test_language_of_none_is_empty() -> None:
    assert language_of(None) == ""


def test_cldr_lookups() -> None:
    assert is_known_locale("de-CH") and is_known_locale("de_CH") and is_known_locale("zh-Hans-CN")
    assert not is_known_locale("xx-QQ")
    assert babel_locale("de-CH").territory == "CH"


def test_swiss_german_copy_reads_the_region_not_the_last_subtag() -> None:
    """`de-CH-1996` is Swiss German (the old copy looked at the last subtag only)."""
    assert same_language_copy("Straße", "de-CH-1996") == "Strasse"
    assert same_language_copy("Straße", "de_LI") == "Strasse"
    assert same_language_copy("Straße", "de-AT") == "Straße"


def test_one_home_for_locale_helpers() -> None:
    """No module but `localize/locale.py` defines a locale helper of its own."""
    copies = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "locale.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in LOCALE_HELPERS:
                copies.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}")
    assert copies == []
