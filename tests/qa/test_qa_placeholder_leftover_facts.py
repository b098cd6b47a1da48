"""`placeholder-leftover` reads a feed line's value that has a source (a pair's target: the pair checks
read its text facts next) through the facts' `PLACEHOLDER` bit instead of searching it again; other
values are searched in place. The findings are those of searching every value."""

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


def _issues(values: dict[str, Any], source: dict[str, Any] | None = None,
            profile: str = "jsonl") -> list[tuple[str | None, str]]:
    ctx = CheckContext(market=build_market({"locale": "de-DE"}, None), settings=build_settings({}), profile=profile,
                       file="f")
    if profile == "jsonl":
        fields: dict[str, Any] = {"identifier": "P1", "values": values}
        if source is not None:
            fields["source"] = source
    else:
        fields = {"id": "P1", **values}
    return [(i.field, i.message) for i in markup.placeholder_leftover(FeedRecord(1, "P1", fields), ctx)]


def test_a_value_with_a_source_is_read_through_its_text_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails on the check that searched every value (the paired one too)."""
    searched: list[str] = []
    real = markup.may_hold_placeholder
    monkeypatch.setattr(markup, "may_hold_placeholder", lambda text: searched.append(text) or real(text))
    facts._FACTS.clear()
    assert _issues({"description": LONG, "name": "Stiefel {size}"}, {"description": "Boots"}) == \
        [("name", "'{size}' is a template placeholder left in the published copy")]
    assert searched == ["Stiefel {size}"] and LONG in facts._FACTS
    assert [f for f, _ in _issues({"description": LONG + "{{colour}}"}, {"description": "x"})] == ["description"]
    assert [f for f, _ in _issues({"description": LONG + "{{colour}}"}, profile="google-merchant")] == \
        ["description"]
    assert searched[-1] == LONG + "{{colour}}"  # another profile's value: searched (no pair reads its facts)


PIECES = st.sampled_from(["{x}", "{{name}}", "%s", "%1$s", "${x}", "[[x]]", ":smile:", "20%", "[", "]", ":", "{", "}",
                          "Stiefel ", "Leder, ", "x" * 90, " ", "%"])
NAMES = st.sampled_from(["name", "description", "short_description", "sku"])


@settings(max_examples=200, deadline=None)
@given(values=st.dictionaries(NAMES, st.lists(PIECES, max_size=10).map("".join), max_size=4),
       paired=st.sets(NAMES), profile=st.sampled_from(["jsonl", "google-merchant"]))
def test_findings_equal_searching_every_value(values: dict[str, str], paired: set[str], profile: str) -> None:
    new = _issues(values, {name: "source copy" for name in paired}, profile)
    assert new == _issues(values, None, profile)  # no source: every value searched in place
