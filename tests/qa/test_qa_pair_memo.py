"""Catalogues repeat their copy: the QA engine runs a stateless pair check once per distinct pair
(and field, status, brand), gives every record the same findings it would have got, and still runs
the stateful consistency check on every record. The memo is bounded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from localize.config import build_market
from localize.memo import TextMemo
from localize.qa import engine
from localize.qa.check_context import CheckContext, FeedRecord
from localize.qa.check_types import Issue
from localize.qa.engine import RecordChecker
from localize.qa.settings import build_settings


def _checker() -> RecordChecker:
    return RecordChecker(build_market({"locale": "de-DE"}, None), build_settings({}), "jsonl", "de-DE.jsonl")


def _record(n: int, source: str, target: str, field: str = "description") -> FeedRecord:
    return FeedRecord(line=n, identifier=f"P{n}", fields={"identifier": f"P{n}"}, pairs=[(field, source, target)],
                      source_locale="en-US", target_locale="de-DE", status={field: "machine"})


def _count(checker: RecordChecker, code: str) -> list[str]:
    calls: list[str] = []
    for checks in (checker.pair_checks, checker.unchanged_checks, checker.target_checks):
        for i, (check, func) in enumerate(checks):
            if check.code == code:
                def counted(source: str, target: str, ctx: CheckContext, _f: Any = func) -> Iterator[Issue]:
                    calls.append(target)
                    return _f(source, target, ctx)
                checks[i] = (check, counted)
    return calls


def test_a_repeated_pair_is_checked_once_and_every_record_gets_its_findings() -> None:
    checker = _checker()
    calls = _count(checker, "number-mismatch")
    found = [list(checker.check(_record(n, "Bottle 1.5 l", "Flasche 1,6 l"))) for n in range(1, 4)]
    assert calls == ["Flasche 1,6 l"]  # three records, one evaluation
    assert [[(f.code, f.record, f.line, f.field) for f in fs] for fs in found] == [
        [("number-mismatch", f"P{n}", n, "description")] for n in range(1, 4)]
    assert found[0][0].message == found[2][0].message
    list(checker.check(_record(4, "Bottle 1.5 l", "Flasche 1,5 l")))  # another target: checked again
    list(checker.check(_record(5, "Bottle 1.5 l", "Flasche 1,6 l", field="name")))  # another field too
    assert calls == ["Flasche 1,6 l", "Flasche 1,5 l", "Flasche 1,6 l"]


def test_the_consistency_check_still_sees_every_record() -> None:
    checker = _checker()
    first = list(checker.check(_record(1, "Black", "Schwarz")))
    second = list(checker.check(_record(2, "Black", "Dunkel")))
    third = list(checker.check(_record(3, "Black", "Dunkel")))
    assert [f.code for f in first] == []
    assert [f.code for f in second] == ["inconsistent-translation"]
    assert [f.code for f in third] == ["inconsistent-translation"]  # remembered pair, finding again


def test_the_memo_is_bounded() -> None:
    checker = _checker()
    checker._memo, checker._hot = TextMemo(3, 3), TextMemo(3, 3)
    for n in range(10):
        for _ in range(2):  # each pair twice: into the memo, then into the repeated pairs' memo
            list(checker.check(_record(n, f"Size {n} cm", f"Größe {n} cm")))
        assert len(checker._memo) <= 3 and len(checker._hot) <= 3


def test_repeated_copy_stays_memoised_however_many_one_off_pairs_go_through() -> None:
    """A 100k catalogue's own names fill a memo of 50,000 pairs every ~17k products, and a cleared
    memo checked the shared descriptions again: a pair asked for again is kept apart from the
    one-off pairs, so the shared description is checked once (the old memo, cleared when full,
    checked it again after every 3 one-off pairs here: 7 times). Fails on the old engine."""
    checker = _checker()
    checker._memo, checker._hot = TextMemo(3, 3), TextMemo(3, 3)
    calls = _count(checker, "number-mismatch")
    shared = ("A shared description, 2 kg", "Eine gemeinsame Beschreibung, 2 kg")
    for n in range(20):
        list(checker.check(_record(2 * n, *shared)))
        list(checker.check(_record(2 * n + 1, f"Own name {n} cm", f"Eigener Name {n} cm", field="name")))
    assert calls.count(shared[1]) == 1
    assert len(calls) == 21  # and each one-off pair once


def test_a_shared_text_keeps_its_memo_entries_when_the_text_facts_start_over() -> None:
    """The pair memo is keyed by the texts' digests, not by a number given anew after the per-text
    memo starts over (every ~10k products of a 100k run): the shared description is not checked
    again after a start-over. Fails on the old engine (numbered texts)."""
    from localize.qa import facts

    checker = _checker()
    calls = _count(checker, "number-mismatch")
    shared = ("A shared description, 2 kg", "Eine gemeinsame Beschreibung, 2 kg")
    for n in range(4):
        list(checker.check(_record(n, *shared)))
        facts._FACTS.clear()
    assert calls == [shared[1]]


def test_a_field_whose_pairs_never_repeat_stops_starting_the_memo_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each product's own name went through the pair memo and started it over before the shared
    description came back (a Dask worker's memo is half as large: 2.35x one process's description
    checks at 50k x 3): once a field's pairs are found in the memo under `PAIR_MIN_HITS` of `PAIR_PROBE`
    times, they skip it for `PAIR_REST` pairs. Here the description is checked 3 times instead of
    40 (the old engine: every time), each name once, and the findings are a memo-less checker's."""
    monkeypatch.setattr(engine, "PAIR_PROBE", 8)
    monkeypatch.setattr(engine, "PAIR_REST", 1_000)
    checker = _checker()
    checker._memo, checker._hot = TextMemo(3, 3), TextMemo(3, 3)
    calls = _count(checker, "number-mismatch")
    oracle = _checker()
    oracle._memo, oracle._hot = TextMemo(1, 1), TextMemo(1, 1)  # holds nothing: every pair checked
    shared = ("A shared description, 2 kg", "Eine gemeinsame Beschreibung, 3 kg")
    records = []
    for n in range(40):
        records.append(_record(5 * n, *shared))
        records.extend(_record(5 * n + k, f"Own name {n}-{k} cm", f"Eigener Name {n}-{k} cm", field="name")
                       for k in range(1, 5))
    found = [[(f.code, f.line, f.field, f.message) for f in checker.check(r)] for r in records]
    expected = [[(f.code, f.line, f.field, f.message) for f in oracle.check(r)] for r in records]
    assert found == expected and sum(1 for fs in found if fs) == 40  # every description's finding
    # 2 rounds of 4 names fill the memo and start it over (the description missed), then names skip it:
    # round 3 puts the description, round 4 finds it (kept in the repeated pairs' memo from then on)
    assert calls.count(shared[1]) == 3
    assert len(calls) == 3 + 160  # and each one-off name once
