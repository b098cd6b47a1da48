"""The walk that says "valid" for feed lines (`localize.qa.feedline`) only says it where
feed.schema.json does: hypothesis over hostile records against the schema's own validators, the
problems listed unchanged, and the walk used only for the schema version it was written for."""

from __future__ import annotations

import copy
from typing import Any

import fastjsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from localize.config import load_schema
from localize.qa import feedline, schema
from localize.qa.feedline import SCHEMA_SHA256, accepts_for, feed_line_valid, schema_sha256
from localize.qa.schema import RecordSchema

GOOD: dict[str, Any] = {
    "identifier": "P1", "market": "de-DE", "locale": "de-DE", "source_locale": "en-US", "country": "DE",
    "currency": "EUR", "channel": "ecommerce", "family": "boots", "parent": None, "categories": ["hiking", "sale"],
    "enabled": True,
    "values": {"name": "Stiefel", "colour": None, "organic": False, "sizes": ["40", "41"],
               "weight": {"amount": "1.25", "unit": "KILOGRAM"}, "price": [{"amount": "89.90", "currency": "EUR"}]},
    "source": {"name": "Boots", "weight": {"amount": "-3", "unit": "POUND_2"}},
    "status": {"name": "machine", "weight": "converted"},
    "display": {"weight": "1,25 kg"},
    "findings": [{"code": "geo-name", "severity": "review", "message": "m", "field": "name", "span": [0, 3],
                  "decision": "approve", "rule": "r", "extra": 5}],
    "taxonomy": {"category": "x", "path": ["a"]},
}


def _schema_accepts(record: Any) -> bool:
    """What the QA stage asked before the walk: the compiled validator (a failure is a problem)."""
    try:
        _VALIDATE(record)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


_SCHEMA = load_schema("feed.schema.json")
_VALIDATE = fastjsonschema.compile(copy.deepcopy(_SCHEMA))
_DRAFT7 = Draft7Validator(_SCHEMA)

# Hostile leaves: every JSON type, subclasses, patterns' edge cases (`$` before a newline, lower case,
# signs, exponents), empty and long texts.
class _Str(str):
    pass


LEAVES = st.one_of(
    st.sampled_from(["", "x", "de-DE", "de-DE\n", "DE", "De", "EUR", "eur", "EURO", "1.5", "1.", "-0", "+1", "1e3",
                     "1.5\n", "KILOGRAM", "kilogram", "KG_2", "_KG", "geo-name", "Geo-Name", "geo--name", "geo-name\n",
                     "review", "block", "info", "warn", "approve", "edit", "reject", "machine", "pim", "human",
                     "source", "untranslated", "pending", "converted", "x" * 80, _Str("EUR"), _Str("x")]),
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
)
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["amount", "unit", "currency", "code", "severity", "message", "span", "x"]),
                    inner, max_size=4),
    st.tuples(inner, inner),
), max_leaves=8)
PATHS = st.lists(st.sampled_from(list(GOOD) + ["values", "source", "findings", "withheld", "nope"]), min_size=1,
                 max_size=3)


def _mutate(data: dict[str, Any], draw: Any) -> dict[str, Any]:
    """A copy of GOOD with a few places replaced, removed or added, at every depth."""
    record = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        target: Any = record
        path = draw(PATHS)
        for key in path[:-1]:
            value = target.get(key) if isinstance(target, dict) else None
            if isinstance(value, dict):
                target = value
            elif isinstance(value, list) and value:
                item = value[draw(st.integers(0, len(value) - 1))]
                if isinstance(item, dict):
                    target = item
        if not isinstance(target, dict):
            continue
        keys = list(target) + [path[-1]]
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "remove":
            target.pop(key, None)
        elif action == "add":
            target[draw(st.sampled_from(["amount", "unit", "currency", "span", "decision", "zz", key]))] = draw(VALUES)
        else:
            target[key] = draw(VALUES)
    return record


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_walk_says_valid_only_where_the_schema_does(data: st.DataObject) -> None:
    record = _mutate(GOOD, data.draw)
    if feed_line_valid(record):
        assert _schema_accepts(record), record
        assert not list(_DRAFT7.iter_errors(record)), record


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_problems_listed_are_those_without_the_walk(data: st.DataObject) -> None:
    record = _mutate(GOOD, data.draw)
    with_walk = RecordSchema("feed.schema.json")
    without = RecordSchema("feed.schema.json")
    without._accepts = None
    assert with_walk._accepts is feed_line_valid
    assert with_walk.problems(record) == without.problems(record)


def test_a_good_line_is_valid_without_the_generic_validator(monkeypatch: Any) -> None:
    assert feed_line_valid(GOOD) and _schema_accepts(GOOD)
    checked = RecordSchema("feed.schema.json")

    def generic(record: Any) -> None:
        raise AssertionError("the generic validator was asked about a valid feed line")

    checked._fast = generic
    assert checked.problems(copy.deepcopy(GOOD)) == []
    bad = copy.deepcopy(GOOD)
    bad["values"]["weight"]["unit"] = "kg"
    checked._fast = schema._compile("feed.schema.json")
    assert [(p.path, p.validator) for p in checked.problems(bad)] == [("values.weight.unit", "pattern")]


def test_the_walk_is_used_only_for_the_schema_it_was_written_for(monkeypatch: Any) -> None:
    # feed.schema.json changed: update `feed_line_valid` to it, then this digest
    assert schema_sha256("feed.schema.json") == SCHEMA_SHA256
    assert accepts_for("feed.schema.json") is feed_line_valid
    assert accepts_for("google-merchant.schema.json") is None
    monkeypatch.setattr(feedline, "SCHEMA_SHA256", "0" * 64)
    assert accepts_for("feed.schema.json") is None
    assert RecordSchema("feed.schema.json")._accepts is None
