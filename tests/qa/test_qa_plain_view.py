"""`patterns.plain` answers a text with no `<` and no `&` itself (it is its own view) and memoises only
texts with markup or entities; the view is the one the regex substitution and `html.unescape` give."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.qa import patterns

_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)


def _view(text: str) -> str:
    """The view as computed before, for every text."""
    if "<" in text:
        text = _MARKUP.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def test_plain_copy_is_not_memoised() -> None:
    """Fails on the view memoised for every text (the name took an entry)."""
    patterns._plain.cache_clear()
    name = "Tshirts Passform 40"
    assert patterns.plain(name) is name
    assert len(patterns._plain.memo) == 0  # type: ignore[attr-defined]
    assert patterns.plain("<b>Fish</b> &amp; Chips") == " Fish  & Chips"
    assert len(patterns._plain.memo) == 1  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["<b>", "</b>", "<p>", "<!-- x -->", "5 < 7", "&amp;", "&lt;b&gt;", "&#49;", "&",
                                 "<", ">", "Robust", " ", "é", "1,5"]), max_size=10).map("".join))
def test_the_view_is_the_substitution_and_unescape(text: str) -> None:
    assert patterns.plain(text) == _view(text)
