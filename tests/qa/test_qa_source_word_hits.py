"""`source_word_hits` (the untranslated check's first pass, run on every translated text) finds
exactly the whole function words the pattern `\\b(?:word|...)\\b` found, for every language pair,
on any text: words inside longer words, next to digits, underscores, apostrophes, other scripts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.qa import langid
from localize.qa.langid import FUNCTION_WORDS, source_word_hits

LANGS = sorted(FUNCTION_WORDS)
WORDS = sorted({w for ws in FUNCTION_WORDS.values() for w in ws})
PIECES = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS).map(str.upper),
                   st.sampled_from([" ", "  ", "x", "r", "1", "_", "'", "’", "-", ".", "é", "ß", "İ", "漢", "\u00a0",
                                    "\n", "ünd", "<b>", "9"]),
                   st.text(max_size=3))
TEXT = st.lists(PIECES, max_size=30).map("".join)


def _old_hits(text: str, source_lang: str, target_lang: str) -> int:
    only = langid._distinct(source_lang, target_lang)[0]
    if not only:
        return 0
    body = "|".join(sorted((re.escape(w) for w in only), key=len, reverse=True))
    return len(re.findall(rf"\b(?:{body})\b", text.lower()))


@settings(max_examples=600, deadline=None)
@given(text=TEXT, source=st.sampled_from(LANGS), target=st.sampled_from(LANGS + ["ja", "xx"]))
def test_hits_equal_the_word_boundary_pattern(text: str, source: str, target: str) -> None:
    assert source_word_hits(text, source, target) == _old_hits(text, source, target)


def test_whole_words_only() -> None:
    assert source_word_hits("Rund und bunt, der Hund mit dem Ball", "de", "en") == 4  # und der mit dem
    assert source_word_hits("rundum, Sunder, Hunde", "de", "en") == 0
    assert source_word_hits("und_der 1und der2 und", "de", "en") == 1
    assert source_word_hits("anything", "xx", "en") == 0
