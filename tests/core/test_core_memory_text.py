"""Flat memory for long copy (issue 18): every memo keyed by whole texts (the QA tokenizers, the
amounts finder, the number/pattern rule caches, pattern conditions, the markup cleaner) holds a
bounded number of characters, not only a bounded number of entries; short copy stays memoised."""

from __future__ import annotations

import gc
import re
import tracemalloc
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

from localize.memo import TextMemo, weight
from localize.qa import patterns
from localize.rules.conditions import PatternCondition
from localize.rules.folding import folded
from localize.rules.matchers.number import NumberMatcher
from localize.rules.matchers.pattern import PatternMatcher
from localize.sanitize import MarkupPolicy, cleaner
from localize.units import amounts

# A product description as catalogues write them: markup, entities, quantities, quotes, brackets.
_BODY = (
    "<p>The <b>Nordlicht</b> kettle &amp; cup set (2 cups, 0.3 l each) holds 1.7 l and weighs 1.2 kg. "
    "Visit https://shop.example/p/{0} or write to help@shop.example - \u201cbest buy\u201d says a 5\" review. "
    "Set of 4, pack of 6: {{name}} %s</p><ul><li>Steel</li><li>Glass</li></ul>\n"
)


def _long_texts(count: int, length: int) -> Iterator[str]:
    """`count` distinct descriptions of about `length` characters, made one at a time (so only
    what a memo keeps stays alive)."""
    for i in range(count):
        yield f"{i}: " + (_BODY * (length // len(_BODY) + 1)).replace("{0}", str(i))[:length]


def _retained(run: Callable[[], None]) -> int:
    """Bytes still allocated after `run` returns (what the memos keep)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        run()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


# `patterns.plain` answers copy without markup itself; its memo is `_plain`'s (the memoised view of copy with markup)
_QA = (patterns.tags, patterns.raw_tags, patterns.signatures, patterns._plain, patterns.placeholders,
       patterns.urls, patterns.emails, patterns.bracket_problem, patterns.quote_problem, patterns.words)


def _clear_all() -> None:
    for fn in _QA:
        fn.cache_clear()
    amounts._find_amounts.cache_clear()


def test_the_qa_tokenizers_and_the_amounts_finder_keep_few_long_texts_alive() -> None:
    # 300 descriptions of 20,000 characters: memos bounded by entries alone (8,192 / 16,384) keep
    # every text and every answer (the words of each: ~200 MB with the tags and amounts).
    _clear_all()

    def run() -> None:
        for text in _long_texts(300, 20_000):
            for fn in _QA:
                fn(text)
            amounts.find_amounts(text, "en-US")

    kept = _retained(run)
    assert kept < 60_000_000, kept
    for fn in (*_QA, amounts._find_amounts):
        assert fn.memo.held <= fn.memo.chars  # type: ignore[attr-defined]
        assert len(fn.memo) >= 1  # type: ignore[attr-defined]  # still memoising (the last texts)
    _clear_all()


def test_short_copy_stays_memoised_and_answers_are_unchanged() -> None:
    _clear_all()
    short = [f"<b>Tasse {i}</b> 0,3 l (Glas) \u201eneu\u201c {{n}} www.shop.example/{i}" for i in range(8_000)]
    first = [[fn(t) for fn in _QA] for t in short]
    for fn in _QA:
        assert len(fn.memo) == len(short)  # type: ignore[attr-defined]  # every short text kept
    for t, answers in zip(short, first, strict=True):
        again = [fn(t) for fn in _QA]
        assert all(a is b for a, b in zip(again, answers, strict=True))  # answered from the memo
        assert again == [fn.__wrapped__(t) for fn in _QA]  # type: ignore[attr-defined]
    found = amounts.find_amounts(short[5], "de-DE")
    assert [str(a.value) for a in found] == [str(a.value) for a in amounts._find_amounts.__wrapped__(short[5], "de-DE")]
    _clear_all()


def test_a_memo_weight_counts_the_answer_it_keeps() -> None:
    text = "a b c"
    assert weight(text, text) == 6  # the same object: nothing more alive
    assert weight(text, "x" * 10) == 16
    assert weight(text, ("a", "b", "c")) == 6 + 3 * 57
    assert weight(text, None) == 6


def _view(text: str) -> Any:
    return SimpleNamespace(texts=[(SimpleNamespace(code="description"), text, "en", "source")], memo={},
                           record=None)


def test_rule_caches_keep_few_long_texts_alive() -> None:
    pattern = PatternMatcher().prepare(SimpleNamespace(spec={"patterns": [r"best\s+buy"]}, id="p"))
    number = NumberMatcher().prepare(SimpleNamespace(spec={"numbers": [4]}, id="n"))
    condition = PatternCondition(regex=re.compile(r"pack of \d+"))
    policy = MarkupPolicy()
    clean = cleaner(policy)
    markup = "<p onclick=\"x()\">"

    def run() -> None:
        for text in _long_texts(300, 20_000):
            pattern.spans(text)
            number.spans(folded(text), "en")
            assert condition.test(_view(text))
            clean.clean(markup + text)

    kept = _retained(run)
    # Bounded by entries alone these keep 300 texts of 20,000 characters each (and the cleaner
    # every changed text in full): over 12 million characters; the folding memo's own bound
    # (8 million characters, three strings a text) is included here.
    assert kept < 40_000_000, kept
    for memo in (pattern.cache, number.cache, condition.cache, clean._seen):
        assert isinstance(memo, TextMemo)
        assert 1 <= len(memo) and memo.held <= memo.chars
    short = "a pack of 4 best buy"
    assert pattern.spans(short) is pattern.spans(short)
    assert condition.test(_view(short)) and short in condition.cache
