"""`sanitize` once per distinct text, shared by both markup stages and the QA check (one cleaner
per policy, bounded), and no HTML parsing at all when nh3 keeps every byte of the text."""

from __future__ import annotations

import pytest

from localize import sanitize as sanitize_module
from localize.sanitize import Cleaner, MarkupPolicy, cleaner, policy_from_config, sanitize

TEXTS = [
    "<p>Robust <b>leather</b> boots</p><ul><li>One</li><li>Two</li></ul>",
    "Tom &amp; Jerry, 5 &lt; 7",
    "<p>Boots<script>alert(1)</script></p>",
    '<p onclick="steal()">Boots</p>',
    "&lt;iframe src=//evil&gt;&lt;/iframe&gt;",
    "<font color=red>Sale</font>",
    "plain text",
    "<p>Unclosed <b>bold</p>",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_cleaner_answers_what_sanitize_answers(text: str) -> None:
    policy = MarkupPolicy()
    once = Cleaner(policy)
    assert once.clean(text) == sanitize(text, policy)
    assert once.clean(text) == sanitize(text, policy)  # remembered


def test_equal_policies_share_one_cleaner_and_the_cleaner_is_bounded() -> None:
    assert cleaner(MarkupPolicy()) is cleaner(policy_from_config({}))
    assert cleaner(policy_from_config({"deny_tags": ["b"]})) is not cleaner(MarkupPolicy())
    small = Cleaner(MarkupPolicy(), size=2)
    for n in range(6):
        small.clean(f"<p>Text {n}</p>")
        assert len(small) <= 2


def test_copy_nh3_keeps_byte_for_byte_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    original = sanitize_module._structure

    def counted(text: str) -> object:
        parsed.append(text)
        return original(text)

    monkeypatch.setattr(sanitize_module, "_structure", counted)
    safe = "<p>Robust <b>leather</b> boots</p><ul><li>One</li></ul>"
    assert sanitize(safe, MarkupPolicy()).removed == ()
    assert parsed == []
    result = sanitize("<p>Boots<script>alert(1)</script></p>", MarkupPolicy())
    assert result.unsafe and result.removed == ("<script> with its content",)
    assert len(parsed) == 2  # what nh3 changed is still compared element by element
