"""Field statuses agree across modules: the model, the feed schema `localize validate` uses,
the translate and convert stages and the Akeneo writer (no leftover `memory` status)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import localize
from localize.channels.akeneo.writer import TRANSLATED, WRITTEN_BACK
from localize.model import FieldStatus, LocalizedValue
from localize.stages.convert_copy import _in_market_language

STATUSES = ("source", "pim", "machine", "human", "untranslated", "pending", "converted")


def test_the_model_and_the_feed_schema_list_the_same_statuses() -> None:
    schema = json.loads((Path(localize.__file__).parent / "schemas" / "feed.schema.json").read_text())
    enum = schema["properties"]["status"]["additionalProperties"]["enum"]
    assert tuple(get_args(FieldStatus)) == STATUSES
    assert tuple(enum) == STATUSES


def test_the_writers_and_stages_only_name_known_statuses() -> None:
    assert TRANSLATED == {"machine", "human"} and WRITTEN_BACK == {"machine", "human", "pim"}
    in_language = {s for s in STATUSES if _in_market_language(LocalizedValue("x", status=s))}  # type: ignore[arg-type]
    assert in_language == {"machine", "human", "pim"}


def test_a_feed_line_with_the_old_memory_status_fails_the_schema() -> None:
    from localize.qa.schema import record_schema

    line = {
        "identifier": "P1", "market": "en-US", "locale": "en-US", "source_locale": "de-DE", "country": "US",
        "currency": "USD", "channel": None, "family": None, "parent": None, "categories": [], "enabled": True,
        "values": {"name": "Mug"}, "source": {"name": "Becher"}, "status": {"name": "memory"}, "display": {},
        "findings": [], "taxonomy": {},
    }
    problems = list(record_schema("feed.schema.json").problems(line))
    assert any("memory" in p.message for p in problems)
    line["status"] = {"name": "machine"}
    assert list(record_schema("feed.schema.json").problems(line)) == []
