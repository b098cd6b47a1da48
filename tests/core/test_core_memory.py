"""Flat memory (issue 18): memos keyed by texts stay within their bounds in entries AND in the
characters they keep alive, over many distinct inputs; the answers do not depend on the memo."""

from __future__ import annotations

import random

from localize.channels.jsonl import RecordLog
from localize.memo import TextMemo
from localize.rules import folding


def _texts(count: int, length: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = ["Größe", "Straße", "weiß", "Kühlschrank", "Edelstahl", "ﬁlter", "Maß", "Tasse", "Glas"]
    out = []
    for i in range(count):
        body = []
        size = 0
        while size < length:
            word = rng.choice(words)
            body.append(word)
            size += len(word) + 1
        out.append(f"{i} " + " ".join(body))
    return out


def test_a_text_memo_holds_at_most_its_entries_and_characters() -> None:
    memo: TextMemo[int] = TextMemo(entries=100, chars=10_000)
    most = 0
    for i, text in enumerate(_texts(1_000, 300)):
        assert memo.put(text, i) == i
        assert len(memo) <= 100
        assert memo.held <= 10_000
        assert sum(len(t) for t in memo) == memo.held
        most = max(most, memo.held)
    assert most > 9_000  # filled up to its bound, not emptied on every put
    few: TextMemo[int] = TextMemo(entries=10, chars=10**9)
    for i, text in enumerate(_texts(95, 20)):
        few.put(text, i)
    assert len(few) == 5  # cleared at 10, 20, ... 90


def test_a_text_memo_answers_what_was_put_and_never_keeps_an_entry_larger_than_itself() -> None:
    memo: TextMemo[str] = TextMemo(entries=10, chars=1_000)
    memo.put("kurz", "short")
    assert memo.get("kurz") == "short" and "kurz" in memo
    huge = "x" * 5_000
    assert memo.put(huge, "big") == "big"  # the answer is still given
    assert huge not in memo and memo.get("kurz") == "short" and memo.held == 4
    memo.put("kurz", "again")  # a known text is not counted twice
    assert memo.held == 4


def test_the_folding_memo_stays_within_its_characters_over_many_long_distinct_texts() -> None:
    # 400 descriptions of ~60,000 characters: a memo bounded by entries alone (20,000) keeps them all,
    # three strings each (text, folded, word-folded): ~72 million characters.
    texts = _texts(400, 60_000)
    most = 0
    for text in texts:
        f = folding.folded(text)
        assert f.folded == folding.fold(text)
        held = sum(3 * len(t) for t in folding._CACHE)
        assert held <= 8_000_000, held
        most = max(most, len(folding._CACHE))
    assert most >= 40  # still a memo: up to ~44 of these texts at a time
    again = folding.folded(texts[-1])
    assert again is folding.folded(texts[-1])
    assert again.words == folding.Folded(texts[-1]).words


def test_the_review_queue_and_rejects_logs_count_each_line_once(tmp_path) -> None:
    log = RecordLog(tmp_path / "review-queue.jsonl")
    log.write_bytes(b'{"a":1}')
    log.write_line({"b": 2})
    log.write_bytes(b'{"c":3}')
    path = log.commit()
    assert log.count == 3 == len(path.read_bytes().splitlines())


def test_the_rule_scan_memos_stay_within_their_characters_over_many_long_distinct_texts() -> None:
    from localize.rules.scan import LiteralIndex

    index = LiteralIndex(["edelstahl", "100 %", "no."])
    texts = [folding.fold(t) for t in _texts(300, 40_000)]
    for text in texts:
        assert index.present(text) == frozenset(w for w in index.literals if w in text)
        assert sum(len(t) for t in index._cache) <= 4_000_000
    assert index.present(texts[-1]) is index.present(texts[-1])  # the last text is remembered


def test_the_translation_service_memos_stay_within_their_characters_over_many_long_distinct_texts(tmp_path) -> None:
    from localize.translate.engines import create_engine
    from localize.translate.memory import Memory
    from localize.translate.service import Job, TranslationService

    with Memory(tmp_path / "memory.sqlite") as memory:
        service = TranslationService(create_engine("pseudo", {}), memory, "de-DE")
        limit = 4_000_000  # TranslationService._CACHE_CHARS
        for start in range(0, 160, 20):  # 4.8 million characters
            jobs = [Job(text=t, target_locale="en-US", market="en-US", html=False)
                    for t in _texts(20, 30_000, seed=start)]
            service.translate(jobs)
            assert all(j.status == "machine" and j.result for j in jobs)
            for memo, weight in ((service._protected, 3), (service._protected_long, 1), (service.engine._answers, 3)):
                held = sum(weight * len(k if isinstance(k, str) else k[0]) for k in memo)
                assert held <= limit, held
