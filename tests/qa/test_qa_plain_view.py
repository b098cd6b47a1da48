"""`patterns.plain` answers a text with no `<` and no `&` itself (it is its own view) and memoises only
texts with markup or entities; the view is the one the regex substitution and `html.unescape` give."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.qa import patterns
from localize.sanitize import written_as_text

_MARKUP = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>", re.S)


def _tag_or_text(match: re.Match[str]) -> str:
    """A tag or comment as a space; a start tag its author wrote as text (`Größe <XL>`, `<Robust>`: no element HTML
    knows, no attribute, no end tag of that name after it) as written."""
    closing, name, rest = match.group(1), match.group(2), match.group(3)
    if name and not closing and written_as_text(name, rest) and \
            re.search(rf"</\s*{re.escape(name)}\b", match.string[match.end():], re.I) is None:
        return match.group(0)
    return " "


def _view(text: str) -> str:
    """The view as computed before, for every text."""
    if "<" in text:
        text = _MARKUP.sub(_tag_or_text, text)
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
