"""`placeholder-leftover` reads a long value of a feed line (a pair's target: the pair checks read its
text facts next) through the facts' `PLACEHOLDER` bit instead of searching it again; short values are
searched in place. The findings are those of searching every value."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.qa import facts
from localize.qa.check_context import CheckContext, FeedRecord
from localize.qa.checks import markup
from localize.qa.settings import build_settings

LONG = "Robuste Stiefel aus Leder, für jedes Wetter. " * 6


def _issues(values: dict[str, Any], profile: str = "jsonl") -> list[tuple[str | None, str]]:
    ctx = CheckContext(market=build_market({"locale": "de-DE"}, None), settings=build_settings({}), profile=profile,
                       file="f")
    fields = {"identifier": "P1", "values": values} if profile == "jsonl" else {"id": "P1", **values}
    return [(i.field, i.message) for i in markup.placeholder_leftover(FeedRecord(1, "P1", fields), ctx)]


def test_a_long_value_is_read_through_its_text_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails on the check that searched every value (the long one too)."""
    searched: list[str] = []
    real = markup.may_hold_placeholder
    monkeypatch.setattr(markup, "may_hold_placeholder", lambda text: searched.append(text) or real(text))
    facts._FACTS.clear()
    assert _issues({"description": LONG, "name": "Stiefel {size}"}) == \
        [("name", "'{size}' is a template placeholder left in the published copy")]
    assert searched == ["Stiefel {size}"] and LONG in facts._FACTS
    assert [f for f, _ in _issues({"description": LONG + "{{colour}}"})] == ["description"]
    assert [f for f, _ in _issues({"description": LONG + "{{colour}}"}, "google-merchant")] == ["description"]
    assert searched[-1] == LONG + "{{colour}}"  # another profile's long value: searched (no pair reads its facts)


PIECES = st.sampled_from(["{x}", "{{name}}", "%s", "%1$s", "${x}", "[[x]]", ":smile:", "20%", "[", "]", ":", "{", "}",
                          "Stiefel ", "Leder, ", "x" * 90, " ", "%"])


@settings(max_examples=200, deadline=None)
@given(values=st.dictionaries(st.sampled_from(["name", "description", "short_description", "sku"]),
                              st.lists(PIECES, max_size=10).map("".join), max_size=4),
       profile=st.sampled_from(["jsonl", "google-merchant"]))
def test_findings_equal_searching_every_value(values: dict[str, str], profile: str) -> None:
    new = _issues(values, profile)
    markup._LONG = 10**9  # every value searched in place, as before
    try:
        searched = _issues(values, profile)
    finally:
        markup._LONG = 200
    assert new == searched
