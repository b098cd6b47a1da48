"""`validate.glossary` reads glossary files through `translation.glossaries`' reader: the concept
tables it always took, the per-language-pair files of the translation section, and a clear error
for a concept that gives one language two terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from localize.errors import InputError
from localize.qa.settings import build_settings
from localize.translate.glossary import load_glossaries


def test_concept_table_still_checks_each_market(tmp_path: Path) -> None:
    (tmp_path / "terms.csv").write_text("de-DE,en-US,fr-FR\nWanderschuh,hiking boot,chaussure de randonnée\n",
                                        encoding="utf-8")
    settings = build_settings({"glossary": "terms.csv"}, base_dir=tmp_path)
    assert settings.glossary_pairs("de-DE", "en-GB") == (("Wanderschuh", "hiking boot"),)
    assert settings.glossary_pairs("de-CH", "fr-FR") == (("Wanderschuh", "chaussure de randonnée"),)
    assert settings.glossary_pairs("en-US", "de-DE") == (("hiking boot", "Wanderschuh"),)


def test_yaml_concepts_and_translation_pair_files_are_one_format(tmp_path: Path) -> None:
    (tmp_path / "concepts.yaml").write_text("- {de-DE: Akku, en-US: battery}\n", encoding="utf-8")
    (tmp_path / "glossary.de-en.yaml").write_text("terms:\n  Ladegerät: charger\n", encoding="utf-8")
    assert build_settings({"glossary": "concepts.yaml"}, base_dir=tmp_path).glossary_pairs("de-DE", "en-US") == (
        ("Akku", "battery"),)
    # a translation.glossaries file is a validate.glossary file too
    assert build_settings({"glossary": "glossary.de-en.yaml"}, base_dir=tmp_path).glossary_pairs("de-DE", "en-US") == (
        ("Ladegerät", "charger"),)
    # and a concept table is a translation glossary, from the source language only
    glossaries = load_glossaries(["concepts.yaml"], tmp_path, source_language="de")
    assert glossaries.pairs == {("de", "en"): {"Akku": "battery"}}


def test_two_terms_for_one_language_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("de-DE,en-US,en-GB\nFarbe,color,color\nFarbton,hue,shade\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_settings({"glossary": "terms.csv"}, base_dir=tmp_path)
    assert err.value.message == f"{path}:3: two en terms, 'hue' and 'shade'"
    assert "one column per language" in (err.value.hint or "")
