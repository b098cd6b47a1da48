"""`unsafe-markup` runs on every value of every record: plain text without `<` or `&`, None and
quantities are skipped by their exact type, without a one-item list built for each. Its findings are
those of the walk that listed every value (the oracle below)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.qa.check_context import CheckContext, FeedRecord
from localize.qa.check_types import Issue
from localize.qa.checks import markup
from localize.qa.settings import build_settings


def _old_unsafe_markup(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    """The check before its exact-type skips (every value listed, every item tested)."""
    fields = record.fields
    parts = [fields.get("values"), fields.get("source"), fields.get("display")] if ctx.profile == "jsonl" else [fields]
    clean = markup._unsafe_cleaner().clean
    seen: set[str] = set()
    for part in parts:
        if not isinstance(part, dict):
            continue
        for name, value in part.items():
            texts = value if isinstance(value, list) else [value]
            for text in texts:
                if not isinstance(text, str) or ("<" not in text and "&" not in text) or name in seen:
                    continue
                result = clean(text)
                if result.unsafe:
                    seen.add(name)
                    listed = "; ".join(result.removed)
                    yield Issue(f"unsafe markup in the published value: {listed}", field=name,
                                matched=result.removed[0])


class _Text(str):
    """A str subclass: not the exact type, read as text all the same."""


def _ctx(profile: str) -> CheckContext:
    return CheckContext(market=build_market({"locale": "de-DE"}, None), settings=build_settings({}), profile=profile,
                        file="f")


TEXTS = st.lists(st.sampled_from(["<p>Boots</p>", "<script>alert(1)</script>", "Tom & Jerry", "&lt;iframe&gt;",
                                  '<a href="javascript:x">more</a>', "<svg onload=x>", "plain copy", "5 < 7", ""]),
                 max_size=3).map("".join)
VALUES = st.one_of(TEXTS, TEXTS.map(_Text), st.none(), st.booleans(), st.integers(),
                   st.fixed_dictionaries({"amount": st.just("1.5"), "unit": TEXTS}),
                   st.lists(st.one_of(TEXTS, st.fixed_dictionaries({"amount": st.just("9.99"), "currency": TEXTS})),
                            max_size=3),
                   st.tuples(TEXTS))
NAMES = st.sampled_from(["name", "description", "price", "weight", "color"])
PART = st.one_of(st.dictionaries(NAMES, VALUES, max_size=5), st.none(), TEXTS)


@settings(max_examples=400, deadline=None)
@given(values=PART, source=PART, display=PART, profile=st.sampled_from(["jsonl", "google-merchant"]))
def test_findings_equal_the_walk_over_every_value(values: Any, source: Any, display: Any, profile: str) -> None:
    if profile == "jsonl":
        fields = {"identifier": "P1", "values": values, "source": source, "display": display}
    else:
        fields = {"id": "P1", **(values if isinstance(values, dict) else {})}
    record = FeedRecord(1, "P1", fields)
    ctx = _ctx(profile)
    new = [(i.field, i.message, i.matched) for i in markup.unsafe_markup(record, ctx)]
    assert new == [(i.field, i.message, i.matched) for i in _old_unsafe_markup(record, ctx)]


def test_unsafe_markup_in_text_a_list_and_a_str_subclass_is_found() -> None:
    record = FeedRecord(1, "P1", {"identifier": "P1",
                                  "values": {"a": "<p>x</p><script>1</script>", "b": ["ok", "<svg onload=x>"],
                                             "c": _Text("<iframe src=//e></iframe>"), "d": None,
                                             "e": {"amount": "1", "unit": "<script>"}}})
    found = [i.field for i in markup.unsafe_markup(record, _ctx("jsonl"))]
    assert found == ["a", "b", "c"]  # a quantity's unit is no published text this check reads (as before)
