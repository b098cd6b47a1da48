"""The DeepL engine through the real `deepl` client against the local DeepL-compatible server:
batching limits, deduplication, memory, glossary, formality, context, protection and faults."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from deepl_server import MAX_BODY
from translate_helpers import (
    deepl_settings,
    make_batch,
    make_config,
    make_ctx,
    record_of,
    run_stage,
    value_of,
)

from localize.errors import ConfigError, EngineError
from localize.translate.memory import Memory


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


def test_preflight_then_languages_then_translate(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server))
    batch = make_batch(config, {"P1": {"description": "Eine Pfanne"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert [r.path for r in deepl_server.log] == ["/v2/usage", "/v2/languages", "/v2/translate"]
    assert value_of(batch, "P1", "en-US", "description").data == "[EN-US] EINE PFANNE"
    assert value_of(batch, "P1", "en-US", "description").status == "machine"
    assert value_of(batch, "P1", "en-US", "description").source == "Eine Pfanne"
    section = ctx.report.sections["translation"]
    assert section["engine"] == "deepl"
    assert section["characters_billed"] == len("Eine Pfanne") and section["pending"] == 0
    assert section["quota"] == {"count": 0, "limit": 10**9, "remaining": 10**9}


def test_batches_never_exceed_50_texts_or_128_kib(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server))
    short = {f"S{i}": {"description": f"Kurzer Text Nummer {i}"} for i in range(120)}
    long = {f"L{i}": {"description": f"Länge {i} " + "Größenübersicht " * 1500} for i in range(12)}  # ~24 KB each
    batch = make_batch(config, {**short, **long})
    run_stage(make_ctx(config), batch)
    requests = deepl_server.requests("/v2/translate")
    assert all(r.status == 200 for r in requests)
    assert max(len(r.texts) for r in requests) == 50
    assert all(len(r.texts) <= 50 and r.body_bytes <= MAX_BODY for r in requests)
    big = [r for r in requests if any(t.startswith("Länge") for t in r.texts)]
    assert max(r.body_bytes for r in big) > MAX_BODY * 0.6 and max(len(r.texts) for r in big) > 1  # filled, not one per request
    assert sorted(len(t) for r in requests for t in r.texts) == sorted(
        len(v["description"].strip()) for v in {**short, **long}.values())  # every text once
    assert all(v.status == "machine" for r in batch.records for v in r.values.values())


def test_identical_segments_are_sent_once_across_products_and_markets(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US", "fr-FR", "fr-CH"), deepl_settings(deepl_server))
    products = {f"P{i}": {"description": "Robuste Pfanne aus Gusseisen", "name": f"Pfanne {i}"} for i in range(10)}
    batch = make_batch(config, products)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    sent = [(r.params["target_lang"], t) for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert len(sent) == len(set(sent))  # nothing twice
    assert sent.count(("FR", "Robuste Pfanne aus Gusseisen")) == 1  # fr-FR and fr-CH share one request
    assert sent.count(("EN-US", "Robuste Pfanne aus Gusseisen")) == 1
    assert len(sent) == 2 + 20  # one description per target, ten names per target
    assert value_of(batch, "P7", "fr-CH", "description").data == "[FR] ROBUSTE PFANNE AUS GUSSEISEN"
    section = ctx.report.sections["translation"]
    assert section["segments"] == 60 and section["unique"] == 22 and section["machine"] == 60
    with Memory(tmp_path / "state" / "memory.sqlite") as memory:
        pairs = memory.stats()["pairs"]
    assert pairs == {"de->en-US": {"machine": 11}, "de->fr-CH": {"machine": 11}, "de->fr-FR": {"machine": 11}}


def test_a_second_run_sends_nothing(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US", "ja-JP"), deepl_settings(deepl_server))
    products = {f"P{i}": {"description": f"<p>Pfanne {i} mit <b>Deckel</b></p>", "name": "Pfanne"} for i in range(30)}
    first = make_batch(config, products)
    run_stage(make_ctx(config), first)
    billed = deepl_server.character_count
    assert billed > 0
    deepl_server.reset_log()
    second = make_batch(config, products)
    ctx = make_ctx(config)
    run_stage(ctx, second)
    assert deepl_server.requests("/v2/translate") == []
    assert deepl_server.character_count == billed
    section = ctx.report.sections["translation"]
    assert section["characters_billed"] == 0 and section["from_memory"] == 120 and section["machine"] == 0
    for a, b in zip(first.records, second.records, strict=True):
        for attr in a.values:
            assert a.values[attr].data == b.values[attr].data
            assert b.values[attr].status == "machine"  # machine-made, found in memory: not billed


GLOSSARY = """source: de
targets:
  en: {Akku: battery, Deckel: lid}
  fr: {Akku: batterie}
do_not_translate: [AquaPro]
"""


def test_glossary_formality_and_context_reach_the_wire(tmp_path: Path, deepl_server) -> None:
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "attributes.csv").write_text("type;code;label-de_DE\npim_catalog_text;name;Name\n"
                                             "pim_catalog_textarea;description;Beschreibung\n", encoding="utf-8")
    (tmp_path / "categories.csv").write_text("code;parent;label-de_DE\nmaster;;Hauptkatalog\nkitchen;master;Küche\n"
                                             "pans;kitchen;Pfannen\n", encoding="utf-8")
    markets = ({"locale": "en-US"}, {"locale": "en-GB", "formality": "less"},
               {"locale": "fr-FR", "translation": {"formality": "more"}})
    config = make_config(tmp_path, markets, deepl_settings(deepl_server, glossaries=["glossary.yaml"], context="category+field"),
                         source={"attributes": "attributes.csv", "categories": "categories.csv"})
    batch = make_batch(config, {"P1": {"name": "AquaPro Akku", "description": "Der Akku mit Deckel"}})
    run_stage(make_ctx(config), batch)
    creates = deepl_server.requests("/v3/glossaries")
    assert [r.method for r in creates] == ["GET", "POST"]
    [glossary] = deepl_server.glossaries.values()
    assert set(glossary.dictionaries) == {("de", "en"), ("de", "fr")}  # EN-GB and EN-US share the EN dictionary
    by_target = {}
    for r in deepl_server.requests("/v2/translate"):
        by_target.setdefault(r.params["target_lang"], []).append(r.params)
    assert sorted(by_target) == ["EN-GB", "EN-US", "FR"]
    for target, params in by_target.items():
        for p in params:
            assert p["glossary_id"] == glossary.glossary_id and p["source_lang"] == "DE"
            assert p["context"] in ("Product category: Küche > Pfannen. Field: Name.",
                                    "Product category: Küche > Pfannen. Field: Beschreibung.")
            assert p.get("formality") == {"EN-US": None, "EN-GB": "prefer_less", "FR": "prefer_more"}[target]
            assert p["split_sentences"] == "0" if "Name" in p["context"] else "split_sentences" not in p
    assert value_of(batch, "P1", "en-GB", "description").data == "[EN-GB] DER battery MIT lid"
    assert value_of(batch, "P1", "fr-FR", "description").data == "[FR formal] DER batterie MIT DECKEL"
    assert value_of(batch, "P1", "fr-FR", "name").data == "[FR formal] AquaPro batterie"  # do-not-translate kept


def test_glossary_is_reused_and_replaced_when_it_changes(tmp_path: Path, deepl_server) -> None:
    path = tmp_path / "terms.de-en.csv"
    path.write_text("source,target\nAkku,battery\n", encoding="utf-8")
    config = make_config(tmp_path, ("en-US", "fr-FR"), deepl_settings(deepl_server, glossaries=["terms.de-en.csv"]))
    products = {"P1": {"description": "Akku"}, "P2": {"description": "Ein starker Akku"}}
    run_stage(make_ctx(config), make_batch(config, products))
    [first_id] = deepl_server.glossaries
    deepl_server.reset_log()
    run_stage(make_ctx(config), make_batch(config, products))
    assert [r.method for r in deepl_server.requests("/v3/glossaries")] == ["GET"]  # reused, not created again
    assert deepl_server.requests("/v2/translate") == []
    path.write_text("source,target\nAkku,rechargeable battery\n", encoding="utf-8")
    deepl_server.reset_log()
    batch = make_batch(config, products)
    run_stage(make_ctx(config), batch)
    [second_id] = deepl_server.glossaries  # the stale one was deleted
    assert second_id != first_id
    assert [r.method for r in deepl_server.requests(f"/v3/glossaries/{first_id}")] == ["DELETE"]
    sent = [(r.params["target_lang"], t) for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert sent == [("EN-US", "Ein starker Akku")]  # only English copy depends on the changed terms
    assert value_of(batch, "P1", "en-US", "description").data == "rechargeable battery"  # whole-term glossary hit
    assert value_of(batch, "P2", "en-US", "description").data == "[EN-US] EIN STARKER rechargeable battery"


def test_protected_spans_survive(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, do_not_translate=["Bosch"]))
    text = "Bosch Akku 18 V, 2,5 Ah für {count} Geräte: https://bosch.example/akku oder info@bosch.example, SKU XK-200"
    batch = make_batch(config, {"XK-200": {"description": text, "html": "<p>Nur <b>500 g</b> &amp; {{name}}</p>"}})
    run_stage(make_ctx(config), batch)
    out = value_of(batch, "XK-200", "en-US", "description").data
    # every span comes back; the quantity's number is written the target's way (2,5 -> 2.5)
    assert out == ("[EN-US] Bosch AKKU 18 V, 2.5 Ah FÜR {count} GERÄTE: https://bosch.example/akku ODER "
                   "info@bosch.example, SKU XK-200")
    assert value_of(batch, "XK-200", "en-US", "html").data == "[EN-US] <p>NUR <b>500 g</b> &amp; {{name}}</p>"
    [request] = deepl_server.requests("/v2/translate", status=200)[:1]
    assert request.params["ignore_tags"] == ["lz"]


def test_a_lost_span_is_retried_once_with_opaque_placeholders(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server))
    batch = make_batch(config, {"P1": {"description": "Wiegt 5 kg und misst 30 cm"}})
    deepl_server.mangle(1)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    texts = deepl_server.translated_texts()
    assert texts == ["Wiegt <lz>5 kg</lz> und misst <lz>30 cm</lz>", 'Wiegt <lz i="0"/> und misst <lz i="1"/>']
    value = value_of(batch, "P1", "en-US", "description")
    assert (value.data, value.status) == ("[EN-US] WIEGT 5 kg UND MISST 30 cm", "machine")
    assert record_of(batch, "P1", "en-US").findings == []


def test_a_span_lost_twice_is_flagged_and_never_published_broken(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server))
    batch = make_batch(config, {"P1": {"description": "Wiegt 5 kg"}})
    deepl_server.mangle(2)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    value = value_of(batch, "P1", "en-US", "description")
    assert (value.data, value.status) == ("Wiegt 5 kg", "untranslated")
    [finding] = record_of(batch, "P1", "en-US").findings
    assert (finding.code, finding.severity, finding.field, finding.market) == ("protected-span-lost", "review", "description", "en-US")
    assert finding.message == ("the engine changed or dropped a protected span (number, placeholder, term or URL) twice; "
                               "left in the source language (de-DE) for a translator")
    assert ctx.report.sections["translation"]["flagged"] == 1
    with Memory(tmp_path / "state" / "memory.sqlite") as memory:
        assert memory.stats()["entries"] == 0  # a broken translation is not remembered either


def test_429_and_5xx_are_retried_by_the_client_then_by_the_batch(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, client_retries=1, batch_retries=2))
    batch = make_batch(config, {"P1": {"description": "Pfanne"}})
    deepl_server.fail(429, 1)
    deepl_server.fail(503, 2)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    statuses = [r.status for r in deepl_server.requests("/v2/translate")]
    assert statuses == [429, 503, 503, 200]  # client retry, then our batch retry (client retries once more)
    assert value_of(batch, "P1", "en-US", "description").status == "machine"
    section = ctx.report.sections["translation"]
    assert section["retried_requests"] == 1 and section["failed_requests"] == 0 and section["pending"] == 0
    assert ctx.report.requested_exit == 0


def test_5xx_beyond_the_retries_leaves_the_batch_pending(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, client_retries=0, batch_retries=2))
    batch = make_batch(config, {"P1": {"description": "Pfanne", "name": "Deckel"}, "P2": {"description": "Topf"}})
    deepl_server.fail(500, 100)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert len(deepl_server.requests("/v2/translate")) == 3 * 2  # two requests (title/text), three attempts each
    assert all(v.status == "pending" for r in batch.records for v in r.values.values())
    assert all(r.pending for r in batch.records)
    section = ctx.report.sections["translation"]
    assert section["failed_requests"] == 2 and section["pending"] == 3
    assert ctx.report.requested_exit == 4
    assert ctx.report.warnings == ["translation stopped: the engine did not answer; 3 field(s) pending, "
                                   "the next run resumes without billing twice"]


def test_a_hanging_server_times_out_and_the_next_run_resumes(tmp_path: Path, deepl_server) -> None:
    settings = deepl_settings(deepl_server, client_retries=0, batch_retries=1, timeout=0.5)
    config = make_config(tmp_path, ("en-US",), settings)
    run_stage(make_ctx(config), make_batch(config, {"P1": {"description": "Pfanne"}}))
    deepl_server.reset_log()
    deepl_server.hang(times=2, seconds=10)
    started = time.monotonic()
    batch = make_batch(config, {"P1": {"description": "Pfanne"}, "P2": {"description": "Topf"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert time.monotonic() - started < 8  # the client gave up, the run went on
    assert value_of(batch, "P1", "en-US", "description").status == "machine"  # from memory
    assert value_of(batch, "P2", "en-US", "description").status == "pending"
    assert ctx.report.requested_exit == 4
    deepl_server.reset_log()
    resumed = make_batch(config, {"P1": {"description": "Pfanne"}, "P2": {"description": "Topf"}})
    run_stage(make_ctx(config), resumed)
    assert deepl_server.translated_texts() == ["Topf"]  # only what was pending
    assert value_of(resumed, "P2", "en-US", "description").data == "[EN-US] TOPF"


def test_quota_exceeded_stops_keeps_what_was_translated_and_resumes(tmp_path: Path, deepl_server) -> None:
    settings = deepl_settings(deepl_server, requests_in_flight=1, max_texts_per_request=2)
    config = make_config(tmp_path, ("en-US",), settings)
    products = {f"P{i}": {"description": f"Text {i}"} for i in range(6)}  # 6 texts = 3 requests of 2
    deepl_server.quota_after(len("Text 0") * 2)
    batch = make_batch(config, products)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert [r.status for r in deepl_server.requests("/v2/translate")] == [200, 456]  # the third is never sent
    statuses = [value_of(batch, f"P{i}", "en-US", "description").status for i in range(6)]
    assert statuses == ["machine", "machine", "pending", "pending", "pending", "pending"]
    assert [record_of(batch, f"P{i}", "en-US").pending for i in range(6)] == [False, False, True, True, True, True]
    section = ctx.report.sections["translation"]
    assert section["stopped"] == "quota" and section["pending"] == 4 and section["characters_billed"] == 12
    assert ctx.report.requested_exit == 4
    assert ctx.report.warnings[0].startswith("translation stopped: the DeepL quota is used up (456); 4 field(s) pending")
    # the next run (quota renewed) bills only the rest
    deepl_server.quota_after(10**6)
    deepl_server.reset_log()
    resumed = make_batch(config, products)
    ctx2 = make_ctx(config)
    run_stage(ctx2, resumed)
    assert deepl_server.translated_texts() == ["Text 2", "Text 3", "Text 4", "Text 5"]
    assert ctx2.report.sections["translation"]["characters_billed"] == 4 * len("Text 0")
    assert all(not r.pending for r in resumed.records) and ctx2.report.requested_exit == 0


def test_budget_stops_translation_cleanly(tmp_path: Path, deepl_server) -> None:
    settings = deepl_settings(deepl_server, requests_in_flight=1, max_texts_per_request=2, max_characters=15)
    config = make_config(tmp_path, ("en-US",), settings)
    products = {f"P{i}": {"description": f"Text {i}"} for i in range(6)}
    batch = make_batch(config, products)
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert len(deepl_server.requests("/v2/translate")) == 1  # 12 characters sent; 12 more would pass 15
    section = ctx.report.sections["translation"]
    assert section["stopped"] == "budget" and section["pending"] == 4 and section["characters_billed"] == 12
    assert ctx.report.requested_exit == 4
    assert "the translation budget of 15 characters is reached" in ctx.report.warnings[0]


def test_a_rejected_key_fails_at_once_and_is_never_printed(tmp_path: Path, deepl_server, monkeypatch) -> None:
    secret = "secret-key-7f3a9c1d-ABCDEF:fx"
    monkeypatch.setenv("DEEPL_AUTH_KEY", secret)
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, client_retries=3))
    ctx = make_ctx(config)
    started = time.monotonic()
    with pytest.raises(EngineError) as info:
        run_stage(ctx, make_batch(config, {"P1": {"description": "Pfanne"}}))
    assert time.monotonic() - started < 2  # no retries on 403
    assert info.value.message == "DEEPL_AUTH_KEY was rejected by the DeepL API (403)"
    assert int(info.value.exit_code) == 4
    assert [r.path for r in deepl_server.log] == ["/v2/usage"]  # the preflight, nothing else
    assert secret not in str(info.value) and secret not in repr(info.value.__dict__)
    assert secret not in str(ctx.report.to_dict())


def test_an_unsupported_target_is_a_config_error_listing_the_supported_ones(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US", "ga-IE"), deepl_settings(deepl_server))
    with pytest.raises(ConfigError) as info:
        run_stage(make_ctx(config), make_batch(config, {"P1": {"description": "Pfanne"}}))
    assert info.value.message == "markets: DeepL cannot translate into ga-IE"
    assert info.value.hint.startswith("supported targets: BG, CS, DA, DE, EL, EN-GB, EN-US, ES, ")
    assert deepl_server.requests("/v2/translate") == []


def test_requests_in_flight_are_bounded(tmp_path: Path, deepl_server) -> None:
    deepl_server.latency = 0.2
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, requests_in_flight=3, max_texts_per_request=5))
    batch = make_batch(config, {f"P{i}": {"description": f"Text {i}"} for i in range(60)})  # 12 requests
    started = time.monotonic()
    run_stage(make_ctx(config), batch)
    elapsed = time.monotonic() - started
    assert len(deepl_server.requests("/v2/translate")) == 12
    assert 2 <= deepl_server.max_active <= 3
    assert elapsed < 12 * 0.2  # in parallel, not one after the other
