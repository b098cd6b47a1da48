"""The markup cleaner answers a text it cleaned recently from the text itself (both markup stages and
QA clean the same copy in every market): without hashing it again, and with exactly what `sanitize`
answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize import sanitize as sanitize_module
from localize.sanitize import Cleaner, MarkupPolicy, sanitize

TEXTS = [
    "<p>Robust <b>leather</b> boots</p><ul><li>One</li><li>Two</li></ul>",
    "Tom &amp; Jerry, 5 &lt; 7",
    "<p>Boots<script>alert(1)</script></p>",
    '<p onclick="steal()">Boots</p>',
    "&lt;iframe src=//evil&gt;&lt;/iframe&gt;",
    "<font color=red>Sale</font>",
    "plain text",
    "<p>Unclosed <b>bold</p>",
    "<US$600 & more",
]


def test_a_text_cleaned_again_is_answered_from_the_text_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    digests: list[bytes] = []
    real = sanitize_module.hashlib.blake2b

    def counted(data: bytes, **kwargs: object) -> object:
        digests.append(data)
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sanitize_module.hashlib, "blake2b", counted)
    policy = MarkupPolicy()
    once = Cleaner(policy)
    for _ in range(3):
        for text in TEXTS:
            assert once.clean(text) == sanitize(text, policy)
            assert once.clean("".join([text, ""])) == sanitize(text, policy)  # an equal text, maybe another object
    assert len(digests) == len([t for t in TEXTS if "<" in t or "&" in t])


PIECES = st.sampled_from(["<p>", "</p>", "<b>", "<script>", "x()", " onclick=\"y()\"", "&amp;", "&lt;", "<", ">", "&",
                          "Text", " ", "<iframe src=//e>", "&lt;b&gt;", "<US$6"])


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(PIECES, max_size=6).map("".join), min_size=1, max_size=8),
       order=st.lists(st.integers(0, 7), max_size=30))
def test_recent_answers_equal_sanitize(texts: list[str], order: list[int]) -> None:
    policy = MarkupPolicy()
    once = Cleaner(policy)
    for i in order:
        text = texts[i % len(texts)]
        assert once.clean(text) == sanitize(text, policy)
