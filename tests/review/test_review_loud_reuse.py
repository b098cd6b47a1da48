"""`MarketRules.loud_texts` builds a record's joined `word_fold` form from each text's cached form
(`folding.folded`), so a text repeated across records and markets is folded once. The answer must be
the one the joined text folded as a whole gives (the former way), for any texts."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.rules import compile as compile_mod
from localize.rules import folding
from localize.rules.compile import _SEPARATOR, MarketRules
from localize.rules.folding import fold, folded, word_fold
from localize.rules.ruleset import load_ruleset

AS_OF = dt.date(2026, 11, 15)
MARKETS = ("en-US", "fr-FR", "ja-JP", "de-DE")
# Letters whose folding changes length or stays non-ASCII, spaces of every kind, the separator's own
# NUL, punctuation literals, CJK next to Latin, and words of the shipped packs.
ALPHABET = st.sampled_from(list("abcxyz ÄÖÜßﬁＡ４\t\n\x00.,%°-+/ƀɱ度数これはпиво") + [
    " whisky ", " vodka ", " 40 % vol ", " free ", " no. ", " pork ", " wine ", " cure ", " 18+ ", " Gratis ",
    " n° ", " CBD ", " clinically proven "])
TEXTS = st.lists(st.lists(ALPHABET, min_size=1, max_size=12).map("".join), min_size=2, max_size=5)


@pytest.fixture(scope="module")
def compiled() -> dict[str, MarketRules]:
    ruleset = load_ruleset(as_of=AS_OF)
    return {m: ruleset.for_market(build_market({"locale": m}, None)) for m in MARKETS}


def _former(rules: MarketRules, texts: list[str], lang: str) -> dict[str, frozenset[str] | None] | None:
    """`loud_texts` as it was: the joined text folded and word-folded as a whole."""
    auto = rules.automaton(lang, "text")
    if len(texts) == 1 or not (auto.size or auto.literals):
        return None
    joined = _SEPARATOR.join(texts)
    bounds = [0]
    loud: dict[str, frozenset[str] | None] = {}
    if joined.isascii():
        folded_all = fold(joined)
        for text in texts[:-1]:
            bounds.append(bounds[-1] + len(text) + len(_SEPARATOR))
    else:
        parts = [folded(t) for t in texts]
        folded_all = _SEPARATOR.join(f.folded for f in parts)
        for f in parts[:-1]:
            bounds.append(bounds[-1] + len(f.folded) + len(_SEPARATOR))
        for text, f in zip(texts, parts, strict=True):
            if f.spaced_words is not None:
                loud[text] = None
    found: dict[str, set[str]] = {}
    for key, start, _end in auto.occurrences(word_fold(folded_all)):
        text = texts[bisect_right(bounds, start) - 1]
        is_term, literal = auto.key_kind(key)
        if is_term:
            loud[text] = None
        elif literal is not None:
            found.setdefault(text, set()).add(literal)
    index = rules.literal_index
    if index is not None:
        for gate, words in index.gated_unscanned:
            if gate in folded_all and any(word in folded_all for word in words):
                for text in texts:
                    found.setdefault(text, set())
    for text, literals in found.items():
        if text not in loud:
            present = index.from_scan(folded(text).folded, frozenset(literals)) if index is not None else frozenset()
            if present or literals:
                loud[text] = present
    return loud


@settings(max_examples=300, deadline=None)
@given(texts=TEXTS, market=st.sampled_from(MARKETS), lang=st.sampled_from(["en", "de", "fr", "ja"]))
def test_loud_texts_equals_the_joined_text_folded_whole(compiled: dict[str, MarketRules], texts: list[str],
                                                        market: str, lang: str) -> None:
    rules = compiled[market]
    assert rules.loud_texts(texts, lang) == _former(rules, texts, lang)


@given(texts=TEXTS)
@settings(max_examples=200, deadline=None)
def test_joined_word_forms_equal_word_fold_of_the_joined_folded_texts(texts: list[str]) -> None:
    parts = [folded(t) for t in texts]
    assert " ".join(f.words for f in parts) == word_fold(_SEPARATOR.join(f.folded for f in parts))


def test_a_text_is_word_folded_once_across_records_and_markets(compiled: dict[str, MarketRules],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    description = "Robuste Wanderschuhe aus Leder, 40 % vol Whisky-Aroma, gratis Versand. " * 5
    names = [f"Wanderschuh Modell {i}" for i in range(4)]
    calls: list[str] = []
    real = folding.word_fold

    def counting(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(folding, "word_fold", counting)
    monkeypatch.setattr(compile_mod, "word_fold", counting, raising=False)
    folding._CACHE.clear()
    for market in ("en-US", "fr-FR", "de-DE"):
        for name in names:  # four records sharing a description, in three markets
            compiled[market].loud_texts([name, description], "de")
    assert sorted(calls) == sorted(fold(t) for t in {description, *names})  # once per distinct text
