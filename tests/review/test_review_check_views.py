"""A batch checked at once (`check_views`: the text-only pass once per distinct text of the batch,
across records and markets) finds exactly what checking each record alone finds (`check_view`), in
the same order, with the same messages, spans and evidence; and the text-level pass reads each
distinct text once, however many records share it."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import ahocorasick_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules import checker
from localize.rules.checker import check_view, check_views, record_view
from localize.rules.compile import MarketRules
from localize.rules.evaluate import build_record, load_corpus
from localize.rules.loud import LoudUnion
from localize.rules.ruleset import load_ruleset
from localize.rules.scan import _search_function, _to_characters

AS_OF = dt.date(2026, 11, 15)
CORPUS = Path(__file__).parent / "corpus"
MARKETS = ("en-US", "de-DE", "fr-FR", "en-GB", "ja-JP", "tr-TR", "ar-SA")

# Copy of every kind a batch mixes: ASCII and not, folding that changes lengths, CJK next to Latin,
# punctuation literals, words of restricted goods and claims, numbers, a NUL, empty-ish texts.
POOL = [
    "Straße\tGröße ﬁne Ａ４ whisky", "no.\x001 free", "これは3pです 送料無料", "100% cotton, 18+ only",
    "Vodka 40 % vol", "ends with red", "wine starts this one", "Schweinefleisch-Jerky, Nikotinstärke 18 mg",
    "domuz eti", "свинина", "ﾊﾝﾄﾞﾒｲﾄﾞ 四件套", "model-1300 model-666", " ", "plain cotton t-shirt",
    "Bio-Baumwolle, klimaneutral hergestellt", "Organic cotton, climate neutral", "Heilt Akne in 3 Tagen",
    "<p>Weich und robust.</p><ul><li>Waschbar bei 40 °C</li></ul>", "Taschenmesser mit 9 cm Klinge",
    "Messer Set 5-teilig", "Kinderspielzeug ab 3 Jahren, enthält Kleinteile", "CBD Öl 10 %",
    "Edelstahl Küche spülmaschinenfest", "Cures acne", "Rotwein trocken 13,5 % vol", "kosher certified",
]


TINY = load_ruleset(as_of=AS_OF)  # the rules again, for memos of a few texts (see below)


@pytest.fixture(scope="module")
def ruleset():  # noqa: ANN201
    return load_ruleset(as_of=AS_OF)


def _key(findings: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.code, f.rule, f.field, f.locale, f.span, f.matched, f.severity, f.message, f.evidence, f.product,
             f.market) for f in findings]


def _items(ruleset: Any, records: list[LocalizedRecord]) -> list[tuple[MarketRules, Any]]:
    return [(ruleset.for_market(r.market), record_view(r, source_locale=r.source_locale or "en-US", as_of=AS_OF))
            for r in records]


def _alone(ruleset: Any, records: list[LocalizedRecord]) -> list[list[tuple[Any, ...]]]:
    return [_key(check_view(c, v)) for c, v in _items(ruleset, records)]


def _batch(ruleset: Any, records: list[LocalizedRecord]) -> list[list[tuple[Any, ...]]]:
    return [_key(found) for found in check_views(_items(ruleset, records))]


def _record(i: int, locale: str, values: dict[str, tuple[str, str]], source_locale: str = "de-DE",
            categories: tuple[str, ...] = ()) -> LocalizedRecord:
    market = build_market({"locale": locale}, None)
    product = Product(f"P{i}", Origin("p.csv", i + 2), categories=categories)
    rec = LocalizedRecord(product, market, source_locale=source_locale, categories=categories)
    for code, (src, tgt) in values.items():
        rec.values[code] = LocalizedValue(tgt, src, "machine" if tgt != src else "untranslated", True)
    return rec


def test_the_corpus_as_one_batch_of_every_market_finds_what_each_record_finds(ruleset) -> None:  # noqa: ANN001
    """Every case of the rules corpus in several markets, each case twice (variants share copy),
    shuffled into one batch: per-record findings equal."""
    cases = load_corpus([CORPUS])
    records = [build_record(case, build_market({"locale": m}, None)) for case in cases for m in MARKETS[:4]]
    records = records + records[::3]
    random.Random(7).shuffle(records)
    alone = _alone(ruleset, records)
    assert _batch(ruleset, records) == alone
    assert sum(map(len, alone)) > 100  # the batch has findings of many rules to compare


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(MARKETS[:5]), st.sampled_from(("de-DE", "en-US", "ja-JP")),
                          st.lists(st.tuples(st.sampled_from(("name", "description", "short_description", "material")),
                                             st.integers(0, len(POOL) - 1), st.integers(-1, len(POOL) - 1)),
                                   min_size=1, max_size=4)),
                min_size=1, max_size=12))
def test_batches_of_shared_copy_find_what_each_record_finds(ruleset, batch: list) -> None:  # noqa: ANN001
    """Batch after batch against the same rules: answers remembered from earlier batches (a memo that
    starts over every few texts here) give the findings of each record checked alone."""
    records = []
    for i, (locale, source_locale, fields) in enumerate(batch):
        values = {code: (POOL[s], POOL[t] if t >= 0 else POOL[s]) for code, s, t in fields}
        records.append(_record(i, locale, values, source_locale))
    alone = _alone(ruleset, records)
    assert _batch(ruleset, records) == alone
    with pytest.MonkeyPatch.context() as patch:  # its memos are made (lazily) under these bounds
        patch.setattr(checker, "LOUD_MEMO_ENTRIES", 7)
        patch.setattr(checker, "LOUD_MEMO_CHARS", 300)
        assert _batch(TINY, records) == alone


def _spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(language, text) of every text the text-level pass reads, in every market and batch."""
    read: list[tuple[str, str]] = []
    real = LoudUnion.facts

    def spy(self: LoudUnion, texts: list[str]) -> Any:
        read.extend((self.lang, t) for t in texts)
        return real(self, texts)

    monkeypatch.setattr(LoudUnion, "facts", spy)
    return read


def test_each_distinct_text_is_read_once_by_the_text_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """200 records of one market sharing 3 descriptions and 10 names: the batch's text-level pass
    reads 13 source texts and 13 translations, not 400 each (and the findings are still each record's);
    a later batch with the same copy reads none (the answers of earlier batches are remembered)."""
    ruleset = load_ruleset(as_of=AS_OF)  # nothing remembered from other tests
    read = _spy_reads(monkeypatch)
    descriptions = [POOL[17], POOL[18], POOL[14]]
    names = [f"Messer Modell {n}" for n in range(10)]
    records = [_record(i, "en-US", {"name": (names[i % 10], f"Knife model {i % 10}"),
                                    "description": (descriptions[i % 3], f"Translated description {i % 3}")})
               for i in range(200)]
    items = _items(ruleset, records)
    found = check_views(items)
    assert len(read) == len(set(read)) == 26
    assert sorted(read) == sorted({("de", t) for t in names + descriptions}
                                  | {("en", f"Knife model {n}") for n in range(10)}
                                  | {("en", f"Translated description {n}") for n in range(3)})
    read.clear()
    again = check_views(_items(ruleset, records[::-1]))
    assert read == []
    assert [_key(f) for f in again] == [_key(f) for f in found[::-1]]
    alone = [check_view(c, v) for c, v in items]
    assert [_key(f) for f in found] == [_key(f) for f in alone]
    assert any(alone)


def test_each_source_text_is_read_once_for_every_market(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of three markets (en-US, en-GB, fr-FR) with the same German copy: the text-level pass
    reads each source text once, not once per market, and each English translation once for both
    English markets (each market's automaton has other words: on the old code, one read per market);
    each record's findings are still its own alone."""
    ruleset = load_ruleset(as_of=AS_OF)
    read = _spy_reads(monkeypatch)
    copy = [POOL[17], POOL[20], POOL[24], "Messer Modell 4", POOL[1]]
    records = [_record(i * 3 + m, locale, {"name": (copy[i % 5], f"{locale[:2]} name {i % 5}"),
                                           "description": (copy[(i + 2) % 5], f"{locale[:2]} text {i % 5} {POOL[i % 5]}")})
               for i in range(30) for m, locale in enumerate(("en-US", "en-GB", "fr-FR"))]
    items = _items(ruleset, records)
    assert len({id(c.automaton("de", "text")) for c, _ in items}) == 3  # three markets, three automata
    found = check_views(items)
    assert sorted(read) == sorted({("de", t) for t in copy}
                                  | {("en", f"en name {n}") for n in range(5)} | {("fr", f"fr name {n}") for n in range(5)}
                                  | {("en", f"en text {n} {POOL[n]}") for n in range(5)}
                                  | {("fr", f"fr text {n} {POOL[n]}") for n in range(5)})
    assert [_key(f) for f in found] == [_key(check_view(c, v)) for c, v in items]
    assert any(found)


def test_the_text_pass_keeps_no_folded_form_of_quiet_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's text pass folds each distinct text once (alone or inside the join of the batch's
    texts, folded in one call) and keeps a `Folded` (offsets, word forms:
    three copies of the text in the run's memo) only of texts some pass reads again: quiet copy (most
    of a catalogue's) leaves nothing in the memo. On the old code every text of the pass was kept.
    Findings are still each record's alone."""
    from localize.memo import TextMemo
    from localize.rules import folding

    ruleset = load_ruleset(as_of=AS_OF)
    monkeypatch.setattr(folding, "_CACHE", TextMemo(10_000, 10_000_000))
    folds: list[str] = []
    real_fold = folding.fold

    def spy(text: str) -> str:
        folds.append(text)
        return real_fold(text)

    monkeypatch.setattr(folding, "fold", spy)
    from localize.rules import compile as compile_module
    monkeypatch.setattr(compile_module, "fold", spy)
    quiet = [f"Größe {n}: weich, robust und spülmaschinenfest – Küche" for n in range(20)]
    loud = "Heilt Akne in 3 Tagen, Größe M"  # a health claim
    records = [_record(i * 2 + m, locale, {"name": (quiet[i % 20], f"{locale} Größe {i % 20} ñ"),
                                           "description": (loud if i % 5 == 0 else quiet[(i + 7) % 20], "x ü")})
               for i in range(40) for m, locale in enumerate(("en-US", "fr-FR"))]
    items = _items(ruleset, records)
    found = check_views(items)
    texts = set(quiet) | {loud} | {f"{loc} Größe {n} ñ" for loc in ("en-US", "fr-FR") for n in range(20)} | {"x ü"}
    sep = compile_module._SEPARATOR  # a text folded alone, or inside a join folded in one call
    counts = {t: sum(1 for a in folds if sep + t + sep in sep + a + sep) for t in texts}
    kept = texts & set(folding._CACHE)
    assert counts["x ü"] == 2 and "x ü" not in kept  # by the pass of each language (en, fr), kept by neither
    assert all(counts[t] == 1 for t in texts - kept - {"x ü"})  # by the pass, once
    assert all(counts[t] == 2 for t in kept)  # and again by the per-text pass that reads it (then kept)
    assert loud in kept and len(kept) <= 3  # of 62 texts (on the old code: all)
    assert [_key(f) for f in found] == [_key(check_view(c, v)) for c, v in items]
    assert any(found)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ä", "a", "ß", "日本", "x", " ", "é", "🍷", "wein", "ü b"]), max_size=60))
def test_byte_offsets_become_character_offsets_in_one_walk(parts: list[str]) -> None:
    """The walk over a long text's matches gives the offsets decoding each prefix gives."""
    text = "".join(parts)
    keys = ["a", "ä", "日本", "wein", "🍷", " ", "b"]
    search = _search_function(keys)
    data = text.encode("utf-8")
    raw = ahocorasick_rs.BytesAhoCorasick([k.encode() for k in keys]).find_matches_as_indexes(data, overlapping=True)
    slow = [(k, len(data[:s].decode("utf-8")), len(data[:e].decode("utf-8"))) for k, s, e in raw]
    assert _to_characters(data, raw) == slow
    assert search(text) == (slow if len(data) != len(text) else raw)
    for k, s, e in search(text):
        assert text[s:e] == keys[k]


def test_a_memo_that_finds_nothing_rests_and_the_findings_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copy that never repeats: after a probe the memo is neither asked nor fed for a while (it only
    costs there); copy that repeats keeps it. Findings equal each record's alone either way."""
    monkeypatch.setattr(checker, "LOUD_PROBE", 40)
    monkeypatch.setattr(checker, "LOUD_REST", 3)
    ruleset = load_ruleset(as_of=AS_OF)
    states: list[Any] = []

    def run(batches: list[list[LocalizedRecord]]) -> list[int]:
        rests = []
        for records in batches:
            items = _items(ruleset, records)
            assert [_key(f) for f in check_views(items)] == [_key(check_view(c, v)) for c, v in _items(ruleset, records)]
            states[:] = [v for k, v in ruleset.for_market(records[0].market).shared.items() if k[0] == "loud"]
            rests.append(max(s.rest for s in states))
        return rests

    distinct = [[_record(b * 10 + i, "en-US", {"name": (f"Artikel {b}-{i} {POOL[i]}", f"Item {b}-{i} {POOL[-i]}")})
                 for i in range(10)] for b in range(8)]
    rests = run(distinct)
    assert max(rests) > 0  # rested after the first probe
    for s in states:
        s.rest = 0
    shared = [[_record(b * 10 + i, "en-US", {"name": (POOL[i], POOL[-i - 1])}) for i in range(10)] for b in range(8)]
    assert run(shared)[2:] == [0] * 6  # it finds most texts: never rests


def test_chunks_of_a_batch_find_what_each_record_finds(ruleset, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """`check_chunks` (the check stage's call): every record once, in order, with its own view and
    findings, across chunk boundaries (a chunk of 5 here, 23 records, shared and distinct copy)."""
    monkeypatch.setattr(checker, "CHECK_CHUNK", 5)
    records = [_record(i, MARKETS[i % 3], {"name": (POOL[i % len(POOL)], POOL[(i * 7) % len(POOL)]),
                                           "description": (POOL[(i * 3) % 6 + 14], f"Text {i % 4} {POOL[i % 9]}")})
               for i in range(23)]
    out = list(checker.check_chunks([(ruleset.for_market(r.market), r) for r in records],
                                    lambda r: record_view(r, source_locale=r.source_locale, as_of=AS_OF)))
    assert [view.record for view, _ in out] == records
    assert [_key(found) for _, found in out] == _alone(ruleset, records)
    assert any(found for _, found in out)
