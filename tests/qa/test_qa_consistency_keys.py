"""The consistency check (`inconsistent-translation`) keys each text by its whitespace-normalised
BLAKE2b digest, memoised per text (`normalised_key`): same digests, same messages as computing
them for every pair, for any text, and a repeated text is normalised once."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.qa import facts
from localize.qa.check_context import FeedRecord
from localize.qa.checks import target_text
from localize.qa.engine import RecordChecker
from localize.qa.settings import build_settings

TEXT = st.lists(st.sampled_from(list("ab Ä\t\n\u00a0\u2003.é漢") + ["Schwarz", "  ", "Dunkel"]), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_normalised_key_equals_normalising_and_hashing_each_time(text: str) -> None:
    norm = " ".join(text.split())
    for _ in range(2):  # computed, then from the memo
        assert target_text.normalised_key(text) == (
            norm[:80], hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=16).digest()[:12])


def _record(n: int, source: str, target: str) -> FeedRecord:
    return FeedRecord(line=n, identifier=f"P{n}", fields={"identifier": f"P{n}"}, pairs=[("description", source, target)],
                      source_locale="en-US", target_locale="de-DE", status={"description": "machine"})


def test_messages_quote_the_first_translation_as_before() -> None:
    checker = RecordChecker(build_market({"locale": "de-DE"}, None), build_settings({}), "jsonl", "de-DE.jsonl")
    long_target = "Ein  sehr\tlanger   Text " * 10
    first = list(checker.check(_record(1, "A long  text " * 10, long_target)))
    again = list(checker.check(_record(2, "A long text " * 10 + " ", " ".join(long_target.split()))))
    other = list(checker.check(_record(3, "A long text " * 10, "Ein anderer Text")))
    assert first == [] and again == []  # whitespace differences are the same text on both sides
    assert [f.message for f in other] == [
        "the same source 'A long text A long text A long text A l…' is translated 'Ein anderer Text' here "
        "but 'Ein sehr langer Text Ein sehr langer Te…' in P1 (line 1)"]


def test_a_repeated_text_is_normalised_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hashed: list[bytes] = []
    real = hashlib.blake2b

    def counting(data: bytes = b"", **kw):  # type: ignore[no-untyped-def]
        hashed.append(data)  # the engine's per-text digest, and a normalised text's when it differs
        return real(data, **kw)

    checker = RecordChecker(build_market({"locale": "de-DE"}, None), build_settings({}), "jsonl", "de-DE.jsonl")
    facts._FACTS.clear()
    monkeypatch.setattr(facts.hashlib, "blake2b", counting)
    for n in range(1, 6):  # five records, one shared description and its one translation
        list(checker.check(_record(n, "Shared description of a product family", "Gemeinsame Beschreibung")))
    # each text hashed once in all: it is its own normalised form, whose key is the text's digest
    # (fails on the keys hashed again for the normalised text, 12 bytes)
    assert hashed.count(b"Shared description of a product family") == 1
    assert hashed.count(b"Gemeinsame Beschreibung") == 1
    hashed.clear()
    list(checker.check(_record(6, "Shared  description of a\tproduct family", "Gemeinsame Beschreibung")))
    assert hashed == [b"Shared  description of a\tproduct family", b"Shared description of a product family"]
