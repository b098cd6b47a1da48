"""`bracket_problem` walks only the bracket characters of a text (found by one regex pass), not
every character: the same first unpaired bracket as walking the whole text, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.qa import patterns
from localize.qa.patterns import BRACKETS, OPENERS, bracket_problem

CHARS = list("()[]{}«»‹›「」『』（）【】ab 1\"'~") + ["Ŕöţàŕý", "漢字", "\n"]


def _walk_every_character(text: str) -> str | None:
    """The former walk over every character."""
    stack: list[str] = []
    for ch in text:
        if ch in OPENERS:
            stack.append(ch)
        elif ch in BRACKETS and BRACKETS[ch] in OPENERS:
            if not stack or stack[-1] != BRACKETS[ch]:
                return f"'{ch}' has no opening '{BRACKETS[ch]}'"
            stack.pop()
    if stack:
        closer = next(k for k, v in BRACKETS.items() if v == stack[-1])
        return f"'{stack[-1]}' is never closed with '{closer}'"
    return None


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.sampled_from(CHARS), max_size=30).map("".join))
def test_walking_brackets_only_finds_what_walking_every_character_finds(text: str) -> None:
    bracket_problem.cache_clear()
    assert bracket_problem(text) == _walk_every_character(text)


def test_the_walk_sees_only_bracket_characters() -> None:
    seen: list[str] = []

    class _Recording(frozenset):  # type: ignore[type-arg]
        def __contains__(self, ch: object) -> bool:
            seen.append(str(ch))
            return frozenset.__contains__(self, ch)

    original = patterns.OPENERS
    patterns.OPENERS = _Recording(original)
    try:
        bracket_problem.cache_clear()
        assert bracket_problem("[Ŕöţàŕý çûţţéŕ (2 Stück) ~~~~]") is None
        assert bracket_problem("a long text ) without opener") == "')' has no opening '('"
    finally:
        patterns.OPENERS = original
        bracket_problem.cache_clear()
    assert set(seen) <= set("()[]")
