"""A DeepL server that answers badly, hangs or resets: the batch is pending (exit 4), never a
traceback, and the run's engine time is bounded by `translation.deadline` (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate_helpers import deepl_settings, make_batch, make_config, make_ctx, run_stage, value_of


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


@pytest.mark.parametrize("what", ["no-billed", "null-text"])
def test_an_unreadable_answer_is_retried_then_pending(tmp_path: Path, deepl_server, what: str) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, client_retries=0, batch_retries=1))
    deepl_server.malform(what, times=2)  # the first answer and its one retry
    batch = make_batch(config, {"P1": {"description": "Pfanne"}, "P2": {"description": "Topf"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert len(deepl_server.requests("/v2/translate")) == 2
    assert {value_of(batch, p, "en-US", "description").status for p in ("P1", "P2")} == {"pending"}
    assert ctx.report.requested_exit == 4
    assert ctx.report.sections["translation"]["failed_requests"] == 1
    # the next run resumes and publishes a real translation, nothing half-read
    resumed = make_batch(config, {"P1": {"description": "Pfanne"}, "P2": {"description": "Topf"}})
    run_stage(make_ctx(config), resumed)
    assert value_of(resumed, "P1", "en-US", "description").data == "[EN-US] PFANNE"


def test_an_unreadable_answer_once_is_retried_and_translated(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, client_retries=0, batch_retries=1))
    deepl_server.malform("null-text", times=1)
    batch = make_batch(config, {"P1": {"description": "Pfanne"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert value_of(batch, "P1", "en-US", "description").data == "[EN-US] PFANNE"
    assert ctx.report.requested_exit in (None, 0)


def test_a_server_that_resets_the_connection_leaves_the_batch_pending(tmp_path: Path, deepl_server) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server, client_retries=0, batch_retries=1))
    deepl_server.reset(times=10)
    batch = make_batch(config, {"P1": {"description": "Pfanne"}})
    ctx = make_ctx(config)
    run_stage(ctx, batch)
    assert value_of(batch, "P1", "en-US", "description").status == "pending"
    assert ctx.report.requested_exit == 4


def test_the_run_deadline_gives_up_on_a_hanging_server(tmp_path: Path, deepl_server) -> None:
    # The client would wait 60 s per attempt; the run's deadline (0.5 s) gives up on the
    # request in flight and leaves every later batch pending without sending it.
    settings = deepl_settings(deepl_server, client_retries=0, batch_retries=3, timeout=60, deadline=0.5)
    config = make_config(tmp_path, ("en-US",), settings)
    deepl_server.hang(times=1, seconds=5)
    first = make_batch(config, {"P1": {"description": "Pfanne"}})
    second = make_batch(config, {"P2": {"description": "Topf"}})
    ctx = make_ctx(config)
    run_stage(ctx, first, second)
    assert len(deepl_server.requests("/v2/translate")) == 1  # the hung one; the second batch never sent
    assert value_of(first, "P1", "en-US", "description").status == "pending"
    assert value_of(second, "P2", "en-US", "description").status == "pending"
    assert ctx.report.requested_exit == 4
    assert ctx.report.sections["translation"]["stopped"] == "deadline"
    assert ctx.report.warnings == ["translation stopped: the engine deadline of 0.5 s (translation.deadline) passed: "
                                   "the engine hangs or is very slow; 2 field(s) pending, the next run resumes "
                                   "without billing twice"]
