"""Requests fill across batches (the stage holds batches until their texts are back, bounded by
`translation.hold_records`), and `translation.context` sets how fine the context groups are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from translate_helpers import deepl_settings, make_batch, make_config, make_ctx, value_of

from localize.errors import ConfigError
from localize.stages.translate import TranslateStage
from localize.translate.field_context import ContextBuilder


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


def _batches(config, count: int, per: int, *, repeat: str | None = None):
    return [make_batch(config, {f"P{b}-{i}": {"description": f"Pfanne Modell {b}-{i}",
                                              **({"care": repeat} if repeat else {})} for i in range(per)})
            for b in range(count)]


def test_requests_fill_across_batches_and_batches_come_back_in_order(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US", "fr-FR"), deepl_settings(deepl_server))
    ctx = make_ctx(config)
    stage = TranslateStage()
    stage.open(ctx)
    batches = _batches(config, 4, 10)
    returned = []
    for batch in batches:
        returned.extend(stage.submit(batch, ctx))
        # a batch is never handed on with texts still out
        assert all(v.status == "machine" for b in returned for r in b.records for v in r.values.values())
    assert returned == []  # 40 texts per target: no request full yet, every batch waits
    assert deepl_server.requests("/v2/translate") == []
    returned.extend(stage.drain(ctx))
    stage.close(ctx)
    assert returned == batches  # in input order
    requests = deepl_server.requests("/v2/translate")
    assert sorted(len(r.texts) for r in requests) == [40, 40]  # one request per target, not one per batch and target
    assert value_of(batches[3], "P3-9", "fr-FR", "description").data == "[FR] PFANNE MODELL 3-9"


def test_full_requests_go_out_at_once_and_release_their_batches(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server))
    ctx = make_ctx(config)
    stage = TranslateStage()
    stage.open(ctx)
    batches = _batches(config, 3, 30)
    first = stage.submit(batches[0], ctx)
    second = stage.submit(batches[1], ctx)  # 60 texts queued: one full request of 50 goes out
    assert first == [] and second == [batches[0]]
    assert [len(r.texts) for r in deepl_server.requests("/v2/translate")] == [50]
    third = stage.submit(batches[2], ctx)
    rest = stage.drain(ctx)
    stage.close(ctx)
    assert third + rest == [batches[1], batches[2]]
    assert [len(r.texts) for r in deepl_server.requests("/v2/translate")] == [50, 40]


def test_hold_records_bounds_what_waits(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, hold_records=15))
    ctx = make_ctx(config)
    stage = TranslateStage()
    stage.open(ctx)
    batches = _batches(config, 3, 10)
    assert stage.submit(batches[0], ctx) == []  # 10 records wait
    # 20 records > 15: the oldest batch is sent, its request filled with the newer batch's texts
    assert stage.submit(batches[1], ctx) == [batches[0], batches[1]]
    assert [len(r.texts) for r in deepl_server.requests("/v2/translate")] == [20]
    assert stage.submit(batches[2], ctx) == []  # 10 records wait again
    assert stage.drain(ctx) == [batches[2]]
    stage.close(ctx)


def test_hold_records_zero_sends_each_batch_as_before(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, hold_records=0))
    ctx = make_ctx(config)
    stage = TranslateStage()
    stage.open(ctx)
    batches = _batches(config, 3, 10)
    assert [stage.submit(b, ctx) for b in batches] == [[b] for b in batches]
    stage.close(ctx)
    assert [len(r.texts) for r in deepl_server.requests("/v2/translate")] == [10, 10, 10]


def test_a_text_queued_by_an_earlier_batch_is_billed_once_and_reads_as_from_memory(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server))
    ctx = make_ctx(config)
    stage = TranslateStage()
    stage.open(ctx)
    batches = _batches(config, 2, 3, repeat="Nur von Hand waschen")
    for batch in batches:
        stage.submit(batch, ctx)
    stage.drain(ctx)
    stage.close(ctx)
    sent = [t for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert sent.count("Nur von Hand waschen") == 1
    # As when batch 1 was sent before batch 2 was read: batch 2 finds it in the memory.
    assert value_of(batches[0], "P0-0", "en-US", "care").extra["translation"] == "engine"
    assert value_of(batches[1], "P1-0", "en-US", "care").extra["translation"] == "memory"
    assert value_of(batches[1], "P1-0", "en-US", "care").data == "[EN-US] NUR VON HAND WASCHEN"
    section = ctx.report.sections["translation"]
    assert section["unique"] == 7 and section["from_memory"] == 3 and section["machine"] == 9


def test_a_new_locale_of_a_queued_text_is_engine_work_for_all_its_jobs(tmp_path: Path, deepl_server) -> None:
    # fr-FR queued it; fr-CH (same FR request, another memory key) arrives in the next batch twice:
    # sent separately, both would have been engine translations, not memory hits.
    config = make_config(tmp_path, ("fr-FR", "fr-CH"), deepl_settings(deepl_server))
    ctx = make_ctx(config)
    stage = TranslateStage()
    stage.open(ctx)
    first = make_batch(config, {"A": {"care": "Nur von Hand waschen"}})
    first.records = [r for r in first.records if r.market.locale == "fr-FR"]
    second = make_batch(config, {"B": {"care": "Nur von Hand waschen"}, "C": {"care": "Nur von Hand waschen"}})
    second.records = [r for r in second.records if r.market.locale == "fr-CH"]
    stage.submit(first, ctx)
    stage.submit(second, ctx)
    stage.drain(ctx)
    stage.close(ctx)
    assert [len(r.texts) for r in deepl_server.requests("/v2/translate")] == [1]
    assert [value_of(second, p, "fr-CH", "care").extra["translation"] for p in ("B", "C")] == ["engine", "engine"]


def _demo_run(tmp_path: Path, name: str, server, **translation) -> tuple[dict[str, bytes], dict]:
    from localize.api import run
    from localize.config import load_config

    repo = Path(__file__).resolve().parents[2]
    folder = tmp_path / name
    shutil.copytree(repo / "examples" / "demo", folder, ignore=shutil.ignore_patterns("out", ".localize"))
    config = load_config(folder / "localize.yaml", overrides={
        "batch_size": 3, "translation": {"engine": "deepl", "server_url": server.url, "memory_files": [],
                                         "context": "field", **translation}})
    report = run(config)
    files = {p.relative_to(folder / "out").as_posix(): p.read_bytes()
             for p in sorted((folder / "out").rglob("*")) if p.is_file() and "manifest" not in p.name
             and ".generations" not in p.parts}
    return files, report.sections["translation"]


def test_pipeline_holding_batches_publishes_the_same_bytes_with_fewer_requests(tmp_path: Path, deepl_server) -> None:
    held, held_section = _demo_run(tmp_path, "held", deepl_server)
    held_requests = len(deepl_server.requests("/v2/translate"))
    deepl_server.reset_log()
    direct, direct_section = _demo_run(tmp_path, "direct", deepl_server, hold_records=0)
    direct_requests = len(deepl_server.requests("/v2/translate"))
    assert held and held.keys() == direct.keys()
    assert held == direct  # same engine answers: the same feeds, byte for byte
    assert held_section["requests"] == held_requests < direct_requests == direct_section["requests"]
    assert held_section["characters_billed"] <= direct_section["characters_billed"]
    assert held_section["pending"] == direct_section["pending"] == 0


@pytest.mark.parametrize(("granularity", "expected"), [
    ("category+field", "Product category: Küche > Pfannen. Field: Beschreibung."),
    ("category", "Product category: Küche > Pfannen."),
    ("field", "Field: Beschreibung."),
    ("none", None),
])
def test_context_granularity(tmp_path: Path, granularity: str, expected: str | None) -> None:
    (tmp_path / "attributes.csv").write_text("code;type;label-de_DE\ndescription;pim_catalog_textarea;Beschreibung\n",
                                             encoding="utf-8")
    (tmp_path / "categories.csv").write_text("code;parent;label-de_DE\nmaster;;Katalog\nkitchen;master;Küche\npans;kitchen;Pfannen\n",
                                             encoding="utf-8")
    config = make_config(tmp_path, ("en-US",))
    builder = ContextBuilder("de-DE", attributes=tmp_path / "attributes.csv", categories=tmp_path / "categories.csv",
                             granularity=granularity)
    batch = make_batch(config, {"P1": {"description": "Pfanne"}})
    assert builder.context(batch.records[0], "description") == expected


def test_context_setting_groups_requests(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, context="field"))
    ctx = make_ctx(config)
    stage = TranslateStage()
    stage.open(ctx)
    batch = make_batch(config, {"A": {"description": "Pfanne"}}, )
    other = make_batch(config, {"B": {"description": "Topf"}})
    for record in other.records:
        record.product = record.product.__class__(identifier="B", origin=record.product.origin, categories=("pots",))
    stage.submit(batch, ctx)
    stage.submit(other, ctx)
    stage.drain(ctx)
    stage.close(ctx)
    requests = deepl_server.requests("/v2/translate")
    assert len(requests) == 1 and requests[0].params["context"] == "Field: description."


def test_context_setting_is_checked(tmp_path: Path) -> None:
    from localize.translate.settings import TranslationSettings

    assert TranslationSettings.from_config(make_config(tmp_path, translation={"context": False})).context == "none"
    assert TranslationSettings.from_config(make_config(tmp_path, translation={"context": True})).context == "field"
    assert TranslationSettings.from_config(make_config(tmp_path, translation={})).context == "field"
    with pytest.raises(ConfigError, match="translation.context"):
        make_config(tmp_path, translation={"context": "product"})
