"""The `llm` engine through the real `openai` client against the local OpenAI-compatible server:
several segments per request under a strict schema, prompt content, protected spans, faults,
token budget, memory keys with model and prompt version, and the key never shown."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from translate_helpers import make_batch, make_config, make_ctx, run_stage, value_of
from typer.testing import CliRunner

from localize.cli import app
from localize.errors import EngineError

KEY = "sk-test-0123456789abcdef"


def llm_settings(server, **extra):
    llm = {"model": "test-model", "base_url": server.url, "client_retries": 2, **extra.pop("llm", {})}
    return {"engine": "llm", "llm": llm, "retry_backoff": 0.01, **extra}


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def _products(n: int) -> dict[str, dict[str, str]]:
    return {f"P{i}": {"description": f"Pfanne {i} mit Deckel, 500 g"} for i in range(n)}


def test_several_segments_per_request_under_a_strict_schema(tmp_path: Path, openai_server) -> None:
    config = make_config(tmp_path, ("en-US", "fr-FR"), llm_settings(openai_server, formality="more",
                                                                    do_not_translate=["AquaPro"]))
    batch = make_batch(config, _products(30))
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    calls = openai_server.ok_calls()
    assert openai_server.models_requests == 1  # the preflight
    assert sorted(len(c.segments) for c in calls) == [30, 30]  # one request per target
    for call in calls:
        schema = call.body["response_format"]["json_schema"]
        assert schema["strict"] is True
        assert schema["schema"]["properties"]["translations"]["maxItems"] == 30
        assert call.body["model"] == "test-model" and call.body["temperature"] == 0
        assert "Address the reader formally" in call.system and "Never translate these names: AquaPro" in call.system
        assert "Product context" in call.system and "Field: description." in call.system
    fr = value_of(batch, "P7", "fr-FR", "description")
    assert fr.data == "[fr-FR] PFANNE 7 MIT DECKEL, 500 g" and fr.status == "machine"
    section = ctx.report.sections["translation"]
    assert section["engine"] == "llm" and section["model"] == "test-model"
    assert section["tokens"]["total"] == sum(c.prompt_tokens + c.completion_tokens for c in calls) > 0
    assert section["machine"] == 60 and section["pending"] == 0 and section["flagged"] == 0


def test_memory_keys_name_the_model_and_prompt_version(tmp_path: Path, openai_server) -> None:
    products = _products(3)
    config = make_config(tmp_path, ("fr-FR",), llm_settings(openai_server))
    run_stage(make_ctx(config), make_batch(config, products))
    run_stage(make_ctx(config), make_batch(config, products))
    assert len(openai_server.ok_calls()) == 1  # the second run comes from the memory
    other = make_config(tmp_path, ("fr-FR",), llm_settings(openai_server, llm={"model": "other-model"}))
    batch = make_batch(other, products)
    run_stage(make_ctx(other), batch)
    assert len(openai_server.ok_calls()) == 2  # another model: not served from the first model's memory
    assert value_of(batch, "P1", "fr-FR", "description").extra["translation"] == "engine"


def test_a_dropped_span_is_retried_then_flagged_never_published(tmp_path: Path, openai_server) -> None:
    config = make_config(tmp_path, ("fr-FR",), llm_settings(openai_server))
    openai_server.drop_span(times=1)  # the first answer loses `500 g`; the opaque retry keeps it
    batch = make_batch(config, _products(5))
    run_stage(make_ctx(config), batch)
    assert value_of(batch, "P2", "fr-FR", "description").data == "[fr-FR] PFANNE 2 MIT DECKEL, 500 g"
    assert '<lz i="0"/>' in openai_server.ok_calls()[-1].segments[0]

    openai_server.drop_span(times=10)  # every answer loses it: flagged for a person, the source is kept
    config = make_config(tmp_path / "b", ("fr-FR",), llm_settings(openai_server))
    batch = make_batch(config, {"Q": {"description": "Topf 2 l aus Stahl"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    value = value_of(batch, "Q", "fr-FR", "description")
    assert value.status == "untranslated" and value.data == "Topf 2 l aus Stahl"
    record = batch.records[0]
    assert [f.code for f in record.findings] == ["protected-span-lost"]
    assert ctx.report.sections["translation"]["flagged"] == 1


@pytest.mark.parametrize("fault", ["malformed", "wrong_count", "truncate"])
def test_an_unusable_answer_is_retried(tmp_path: Path, openai_server, fault: str) -> None:
    config = make_config(tmp_path, ("fr-FR",), llm_settings(openai_server))
    getattr(openai_server, fault)(times=1)
    batch = make_batch(config, _products(4))
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert all(v.status == "machine" for r in batch.records for v in r.values.values())
    assert ctx.report.sections["translation"]["retried_requests"] == 1
    assert [c.status for c in openai_server.calls] == [200, 200]


def test_429_then_ok_through_the_clients_retries_and_500s_leave_it_pending(tmp_path: Path, openai_server) -> None:
    config = make_config(tmp_path, ("fr-FR",), llm_settings(openai_server, batch_retries=0))
    openai_server.fail(429, times=1)
    batch = make_batch(config, _products(2))
    run_stage(make_ctx(config), batch)
    assert [c.status for c in openai_server.calls] == [429, 200]
    assert value_of(batch, "P1", "fr-FR", "description").status == "machine"

    openai_server.fail(500, times=10)
    config = make_config(tmp_path / "b", ("fr-FR",), llm_settings(openai_server, batch_retries=0))
    batch = make_batch(config, {"Q": {"description": "Ein Topf"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert value_of(batch, "Q", "fr-FR", "description").status == "pending"
    assert batch.records[0].pending and ctx.report.requested_exit == 4


def test_the_token_budget_stops_cleanly(tmp_path: Path, openai_server) -> None:
    config = make_config(tmp_path, ("en-US", "fr-FR"), llm_settings(openai_server, llm={"max_tokens_total": 200},
                                                                    hold_records=0))
    batch = make_batch(config, _products(10))
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    section = ctx.report.sections["translation"]
    assert section["stopped"] == "quota" and section["pending"] == 20 and openai_server.ok_calls() == []
    assert any("token budget" in w for w in ctx.report.warnings)


def test_the_key_never_reaches_logs_reports_or_errors(tmp_path: Path, openai_server, monkeypatch, caplog) -> None:
    secret = "sk-wrong-secret-value-42"
    monkeypatch.setenv("MY_LLM_KEY", secret)
    config = make_config(tmp_path, ("fr-FR",), llm_settings(openai_server, llm={"api_key_env": "MY_LLM_KEY"}))
    caplog.set_level(logging.DEBUG)
    ctx = make_ctx(config)
    with pytest.raises(EngineError) as info:
        run_stage(ctx, make_batch(config, _products(1)))
    assert "MY_LLM_KEY was rejected by the LLM API (401)" in str(info.value)
    shown = [str(info.value), repr(info.value), str(info.value.hint or ""), caplog.text,
             json.dumps(ctx.report.sections, default=str), " ".join(ctx.report.warnings)]
    assert not any(secret in text for text in shown)
    assert openai_server.calls == [] or all(not c.auth_ok for c in openai_server.calls)

    good = make_config(tmp_path / "ok", ("fr-FR",), llm_settings(openai_server))
    ctx = make_ctx(good)
    stage = run_stage(ctx, make_batch(good, _products(1)))
    assert KEY not in repr(stage.engine) and KEY not in json.dumps(ctx.report.sections, default=str)
    assert KEY not in caplog.text


def test_translate_prompt_command_shows_the_versioned_prompt(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["translate", "prompt", "--target", "fr-CH", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == "v1" and "v1" in data["versions"] and data["file"].endswith("translate-v1.md")
    assert "into fr-CH" in data["prompt"] and "<lz>" in data["prompt"]
    raw = CliRunner().invoke(app, ["translate", "prompt"])
    assert raw.exit_code == 0 and "{target}" in raw.output and "# prompt v1" in raw.output
    bad = CliRunner().invoke(app, ["translate", "prompt", "--version", "v99"])
    assert bad.exit_code != 0 and "no prompt version 'v99'" in bad.output
