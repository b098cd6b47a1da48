"""The pseudo engine accents and counts letters word by word, each distinct word once: its output must
be exactly the character-by-character one, for any text (tags, entities, protected spans, any
whitespace and script)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate import pseudo
from localize.translate.pseudo import _ACCENTS, _KEEP, EXPANSION, pseudo_localize


def reference(text: str) -> str:
    """The engine before the word memo."""
    out: list[str] = []
    letters = 0
    pos = 0
    for match in _KEEP.finditer(text):
        piece = text[pos:match.start()]
        letters += sum(map(str.isalpha, piece))
        out.append(piece.translate(_ACCENTS))
        out.append(match.group(0))
        pos = match.end()
    tail = text[pos:]
    letters += sum(map(str.isalpha, tail))
    out.append(tail.translate(_ACCENTS))
    pad = max(1, math.ceil(max(letters, 1) * EXPANSION) - 3)
    return f"[{''.join(out)} {'~' * pad}]"


PIECES = st.sampled_from(["Tasse", "weich", " ", "  ", "\n", "\t", "Größe", "ŒUVRE", "日本語", "٣", "x²", "&amp;", "<b>", "</b>",
                          "<lz>2,5 kg</lz>", "<lz i=\"0\"/>", "<!-- c -->", "\u00a0", "", "a", "Z", "_", "42"])


@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=12))
def test_word_by_word_equals_character_by_character(parts: list[str]) -> None:
    text = "".join(parts)
    assert pseudo_localize(text) == reference(text)
    assert pseudo_localize(text) == reference(text)  # and again, from the word memo


def test_words_are_remembered_and_the_memo_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pseudo, "_WORDS_SIZE", 5)
    pseudo._WORDS.clear()
    text = "eins zwei drei vier fünf sechs sieben"
    assert pseudo_localize(text) == reference(text)
    assert 0 < len(pseudo._WORDS) <= 5
