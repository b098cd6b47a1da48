"""The translate stage on plain records: what leaves the machine, memory engine, glossaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate_helpers import (
    deepl_settings,
    make_batch,
    make_config,
    make_ctx,
    record_of,
    run_stage,
    value_of,
)

from localize.errors import ConfigError, EngineError, InputError
from localize.translate.glossary import load_glossaries


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)


def test_only_translatable_copy_leaves_the_machine(tmp_path: Path, deepl_server) -> None:
    markets = ({"locale": "en-US"}, {"locale": "fr-FR", "translation": {"exclude": ["care"]}})
    config = make_config(tmp_path, markets, deepl_settings(deepl_server, exclude=["note"]))
    batch = make_batch(config, {"P1": {"name": "Pfanne", "note": "Lieferant Müller", "care": "Handwäsche"}})
    pim = make_batch(config, {"P2": {"name": "Topf aus dem PIM"}}, status="pim")
    codes = make_batch(config, {"P3": {"supplier_code": "Lieferantencode"}}, status="source", translatable=False)
    run_stage(make_ctx(config), batch, pim, codes)
    sent = set(deepl_server.translated_texts())
    assert sent == {"Pfanne", "Handwäsche"}  # care only for en-US; note, PIM copy and non-copy never
    assert value_of(batch, "P1", "fr-FR", "care").status == "untranslated"
    assert value_of(batch, "P1", "en-US", "note").data == "Lieferant Müller"
    assert value_of(pim, "P2", "en-US", "name").status == "pim"
    assert value_of(codes, "P3", "en-US", "supplier_code").status == "source"
    assert record_of(batch, "P1", "fr-FR").findings == []  # an excluded field is the user's choice, not a finding


def test_an_include_list_decides_alone(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, attributes=["name", "claim"]))
    batch = make_batch(config, {"P1": {"name": "Pfanne", "description": "Lang"}})
    claims = make_batch(config, {"P2": {"claim": "Der Beste"}}, status="source", translatable=False)
    run_stage(make_ctx(config), batch, claims)
    assert set(deepl_server.translated_texts()) == {"Pfanne", "Der Beste"}
    assert value_of(batch, "P1", "en-US", "description").status == "untranslated"


def test_same_language_markets_copy_and_swiss_german_writes_ss(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("de-CH", "de-AT"), deepl_settings(deepl_server))
    batch = make_batch(config, {"P1": {"name": "Große Straße"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert value_of(batch, "P1", "de-CH", "name").data == "Grosse Strasse"
    assert value_of(batch, "P1", "de-AT", "name").data == "Große Straße"
    assert value_of(batch, "P1", "de-CH", "name").status == "source"
    assert deepl_server.requests("/v2/translate") == [] and deepl_server.requests("/v2/languages") == []
    assert ctx.report.sections["translation"]["same_language"] == 2


def test_a_swiss_german_machine_translation_writes_ss(tmp_path: Path, deepl_server) -> None:
    """DeepL has one German target (DE) for de-DE and de-CH: its answer is written in Swiss spelling for de-CH
    (one request for both markets)."""
    (tmp_path / "g.yaml").write_text("source: en\ntarget: de\nterms: {street: Straße}\n", encoding="utf-8")
    config = make_config(tmp_path, ("de-CH", "de-DE"), deepl_settings(deepl_server, glossaries=["g.yaml"]),
                         source={"locale": "en_US"})
    batch = make_batch(config, {"P1": {"name": "Main street"}})
    run_stage(make_ctx(config), batch)
    german = value_of(batch, "P1", "de-DE", "name").data
    assert "Straße" in german and value_of(batch, "P1", "de-CH", "name").data == german.replace("ß", "ss")
    assert value_of(batch, "P1", "de-CH", "name").status == "machine"
    assert deepl_server.translated_texts() == ["Main street"]


def test_memory_engine_uses_tmx_seed_and_flags_the_rest_for_review(tmp_path: Path, deepl_server) -> None:
    (tmp_path / "memory.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="de-DE" datatype="html" '
        'segtype="block" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
        '<tu><tuv xml:lang="de-DE"><seg>Gewicht: 2 kg</seg></tuv><tuv xml:lang="en-US"><seg>Weight: 4.4 lb</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Poids : 2 kg</seg></tuv></tu>'
        '<tu><tuv xml:lang="de-DE"><seg>Zeile eins\nZeile zwei</seg></tuv><tuv xml:lang="en-US"><seg>Line one\nLine two</seg></tuv></tu>'
        "</body></tmx>", encoding="utf-8")
    config = make_config(tmp_path, ("en-US", "fr-CH"), {"engine": "memory", "memory_files": ["memory.tmx"]})
    batch = make_batch(config, {"P1": {"weight": "Gewicht: 4.4 lb", "lines": "Zeile eins\\nZeile zwei", "new": "Neu"}})
    for record in batch.records:  # the units stage rewrote the en-US copy; the original source is kept
        record.values["weight"].source = "Gewicht: 2 kg"
        if record.market.code == "fr-CH":
            record.values["weight"].data = "Gewicht: 2 kg"
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert value_of(batch, "P1", "en-US", "weight").data == "Weight: 4.4 lb"
    assert value_of(batch, "P1", "fr-CH", "weight").data == "Poids : 2 kg"  # language-only entry serves fr-CH
    assert value_of(batch, "P1", "en-US", "lines").data == "Line one\\nLine two"  # Akeneo's literal \n kept
    new = value_of(batch, "P1", "en-US", "new")
    assert (new.data, new.status) == ("Neu", "untranslated")
    [finding] = record_of(batch, "P1", "en-US").findings
    assert (finding.code, finding.severity, finding.field, finding.stage) == ("untranslated", "review", "new", "translate")
    assert finding.message == "no translation in memory or glossary; left in the source language (de-DE)"
    section = ctx.report.sections["translation"]
    assert section["engine"] == "memory" and section["human"] == 3 and section["untranslated"] == 3  # new x2, lines in fr-CH
    assert section["memory_files"][0]["entries"] == 3
    assert deepl_server.log == []
    run_stage(make_ctx(config), make_batch(config, {"P1": {"new": "Neu"}}))
    assert ctx.report.requested_exit == 0  # untranslated copy is for review, not an engine failure


def test_the_default_engine_is_memory_without_a_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY")
    config = make_config(tmp_path, ("en-US",), {})
    ctx = make_ctx(config)
    run_stage(ctx, make_batch(config, {"P1": {"name": "Pfanne"}}))
    assert ctx.report.sections["translation"]["engine"] == "memory"
    assert deepl_server.log == []


def test_deepl_without_a_key_is_an_engine_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY")
    config = make_config(tmp_path, ("en-US",), {"engine": "deepl"})
    with pytest.raises(EngineError) as info:
        run_stage(make_ctx(config), make_batch(config, {"P1": {"name": "Pfanne"}}))
    assert str(info.value) == "DEEPL_AUTH_KEY is not set\n  hint: export DEEPL_AUTH_KEY=... or run with --engine memory"


def test_glossary_files_yaml_and_csv(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("source: de\ntarget: en\nterms: {Akku: battery}\ndo_not_translate: [Bosch]\n",
                                     encoding="utf-8")
    (tmp_path / "b.de-fr.csv").write_text("term,translation\nAkku,batterie\nDeckel,couvercle\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("Akku,bateria,de,pl\n", encoding="utf-8")  # DeepL's 4-column form
    glossaries = load_glossaries(["a.yaml", "b.de-fr.csv", {"path": "c.csv"}], tmp_path, ["AquaPro"])
    assert glossaries.terms("de", "en-GB") == {"Akku": "battery"} == glossaries.terms("de", "en-US")
    assert glossaries.terms("de", "fr-CH") == {"Akku": "batterie", "Deckel": "couvercle"}
    assert glossaries.terms("de", "pl") == {"Akku": "bateria"}
    assert glossaries.do_not_translate == ("AquaPro", "Bosch")
    assert glossaries.whole_term("akku", "de", "en") == "battery" and glossaries.whole_term("Akku", "de", "en") == "battery"
    en = glossaries.content_hash("de", "en-US")
    (tmp_path / "b.de-fr.csv").write_text("term,translation\nAkku,pile\n", encoding="utf-8")
    changed = load_glossaries(["a.yaml", "b.de-fr.csv", {"path": "c.csv"}], tmp_path, ["AquaPro"])
    assert changed.content_hash("de", "en-US") == en  # English memory stays valid
    assert changed.content_hash("de", "fr-FR") != glossaries.content_hash("de", "fr-FR")


def test_glossary_errors_name_file_line_and_fix(tmp_path: Path) -> None:
    (tmp_path / "dup.de-en.csv").write_text("source,target\nAkku,battery\nAkku,accumulator\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_glossaries(["dup.de-en.csv"], tmp_path)
    assert str(info.value) == (f"{tmp_path / 'dup.de-en.csv'}:3: 'Akku' (de->en) is translated twice: 'battery' "
                               f"({tmp_path / 'dup.de-en.csv'}:2) and 'accumulator'\n  hint: keep one translation per term and language pair")
    (tmp_path / "nopair.csv").write_text("Akku,battery\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"nopair\.csv:1: unknown language pair"):
        load_glossaries(["nopair.csv"], tmp_path)
    (tmp_path / "tab.yaml").write_text("source: de\ntarget: en\nterms: {'Ak\tku': x}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"tab\.yaml \(Ak\tku\): 'Ak\tku' contains a tab or line break"):
        load_glossaries(["tab.yaml"], tmp_path)
    with pytest.raises(ConfigError, match=r"translation\.glossaries\[0\]: .*missing\.yaml not found"):
        load_glossaries(["missing.yaml"], tmp_path)


def test_the_translation_config_is_validated_with_paths_and_hints(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        make_config(tmp_path, ({"locale": "fr-FR", "translation": {"formality": "polite"}},),
                    {"engine": "google", "requests_in_fligth": 4, "max_characters": -1})
    problems = info.value.problems
    assert any(p.endswith('markets[0].translation.formality: "polite" is not one of "default", "more", "less", '
                          '"prefer_more", "prefer_less"') for p in problems)
    assert any(p.endswith('translation.engine: "google" is not one of "deepl", "llm", "memory", "pseudo"') for p in problems)
    assert any("translation: unknown key 'requests_in_fligth' (did you mean 'requests_in_flight'?)" in p for p in problems)
    assert any(p.endswith("translation.max_characters: -1 is out of range (minimum 0)") for p in problems)


def test_the_fingerprint_changes_with_engine_glossary_and_human_memory(tmp_path: Path) -> None:
    from localize.stages.translate import TranslateStage
    from localize.translate.memory import Memory

    (tmp_path / "g.de-en.csv").write_text("source,target\nAkku,battery\n", encoding="utf-8")
    config = make_config(tmp_path, ("en-US", "fr-FR"), {"engine": "memory", "glossaries": ["g.de-en.csv"]})

    def prints(**options: object) -> dict[str, str]:
        ctx = make_ctx(config, **options)
        stage = TranslateStage()
        stage.open(ctx)
        try:
            return {m.code: stage.fingerprint(m) for m in config.markets}
        finally:
            stage.close(ctx)

    first = prints()
    assert prints() == first  # stable between runs
    assert prints(engine="pseudo")["en-US"] != first["en-US"]
    (tmp_path / "g.de-en.csv").write_text("source,target\nAkku,rechargeable battery\n", encoding="utf-8")
    second = prints()
    assert second["en-US"] != first["en-US"] and second["fr-FR"] == first["fr-FR"]
    with Memory(tmp_path / "state" / "memory.sqlite") as memory:
        memory.put_human("Pfanne", "poêle", "de", "fr-FR")
    third = prints()
    assert third["fr-FR"] != second["fr-FR"] and third["en-US"] == second["en-US"]
