"""The optional AI second opinion against a local OpenAI-compatible server (the real openai client)."""

from pathlib import Path

import pytest
from ai_chat_server import FakeOpenAI
from conftest import AS_OF, record

from localize.errors import ConfigError
from localize.rules.ai import ANSWER_SCHEMA, AICache, AIReviewer, AISettings, parse_answer
from localize.rules.checker import record_view

KEY = "sk-test-secret-4711"
ANSWERS = {("en-US", "Luftgewehr"): [{"kind": "weapons", "reason": "An air rifle: age and state rules apply.",
                                      "confidence": 0.9}],
           ("en-US", "Kerze"): [{"kind": "religious-political", "reason": "unsure", "confidence": 0.2}]}


def reviewer(server: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AIReviewer:
    monkeypatch.setenv("LOCALIZE_TEST_AI_KEY", KEY)
    settings = AISettings(enabled=True, base_url=server.url, model="local-model", api_key_env="LOCALIZE_TEST_AI_KEY",
                          max_retries=0, timeout=10)
    return AIReviewer(settings, AICache(tmp_path / "ai.sqlite"))


def view(name: str, locale: str = "en-US"):
    rec = record(locale, {"name": (name, name + " (EN)")}, identifier="P7")
    return record_view(rec, source_locale="de-DE", as_of=AS_OF)


def test_findings_are_review_with_the_models_reason_and_answers_are_cached(tmp_path, monkeypatch) -> None:
    with FakeOpenAI(KEY, ANSWERS) as server:
        ai = reviewer(server, tmp_path, monkeypatch)
        (f,) = ai.review(view("Luftgewehr Junior"))
        assert (f.severity, f.rule, f.code) == ("review", "ai-weapons", "ai-second-opinion")
        assert "An air rifle" in f.message and f.evidence == ({"signal": "ai", "matched": "weapons (0.90)"},)
        body = server.requests[0]
        assert body["model"] == "local-model"
        assert body["response_format"]["json_schema"]["schema"] == ANSWER_SCHEMA
        assert server.auth == [f"Bearer {KEY}"]
        # the same product and market again: from the cache, also in a new reviewer (a nightly rerun)
        assert len(ai.review(view("Luftgewehr Junior"))) == 1
        ai2 = AIReviewer(ai.settings, AICache(tmp_path / "ai.sqlite"))
        assert len(ai2.review(view("Luftgewehr Junior"))) == 1
        assert len(server.requests) == 1 and ai2.cached == 1
        # low confidence is dropped; other markets are asked separately
        assert ai.review(view("Kerze")) == []
        assert ai.review(view("Luftgewehr Junior", "en-GB")) == []
        assert len(server.requests) == 3


def test_bad_answers_and_errors_are_counted_never_trusted_and_the_key_stays_secret(tmp_path, monkeypatch) -> None:
    with FakeOpenAI(KEY, ANSWERS, reply='{"risks": [{"kind": "everything", "reason": "x", "confidence": 1}]}') as server:
        ai = reviewer(server, tmp_path, monkeypatch)
        assert ai.review(view("Luftgewehr")) == [] and ai.invalid == 1
    with FakeOpenAI(KEY, ANSWERS, status=503) as server:
        ai = reviewer(server, tmp_path / "b", monkeypatch)
        assert ai.review(view("Luftgewehr")) == [] and ai.failed == 1
        assert KEY not in repr(ai.summary()) and "503" in repr(ai.summary())
    with FakeOpenAI("another-key", ANSWERS) as server:
        ai = reviewer(server, tmp_path / "c", monkeypatch)
        assert ai.review(view("Luftgewehr")) == [] and ai.failed == 1
        assert KEY not in repr(ai.summary())


def test_a_missing_key_is_a_clear_error(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("LOCALIZE_TEST_NO_KEY", raising=False)
    ai = AIReviewer(AISettings(enabled=True, base_url="http://127.0.0.1:9/v1", api_key_env="LOCALIZE_TEST_NO_KEY"),
                    AICache(None))
    with pytest.raises(ConfigError, match="LOCALIZE_TEST_NO_KEY is not set"):
        ai.client()


def test_answers_must_follow_the_schema() -> None:
    assert parse_answer('{"risks": []}') == []
    assert parse_answer("not json") is None
    assert parse_answer('{"risks": [{"kind": "alcohol", "reason": "wine", "confidence": 2}]}') is None
    (r,) = parse_answer('{"risks": [{"kind": "alcohol", "reason": " wine ", "confidence": 0.7}]}')
    assert (r.kind, r.reason, r.confidence) == ("alcohol", "wine", 0.7)
