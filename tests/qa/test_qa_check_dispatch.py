"""Pair checks run only where they can find something: each check's `Needs` (feature bits of its
texts) is proven over random texts to hold whenever the check finds anything, the engine with the
dispatch gives exactly the findings of the engine that runs every check on every pair, and the pair
memo stays exact when the per-text numbers start over."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.qa import facts
from localize.qa.check_context import CheckContext, FeedRecord
from localize.qa.check_types import Issue
from localize.qa.checks import all_checks
from localize.qa.engine import RecordChecker
from localize.qa.patterns import OVER_LIMIT, features
from localize.qa.settings import build_settings

# Pieces that make every check's first test pass or fail: tags, entities (which `plain` decodes into
# any character), numbers in several notations, placeholders, URLs, e-mails, brackets, quotes.
PIECES = ["<b>", "</b>", "<p>", "</i>", "<br/>", '<a href="https://x.example/a">', "5 < 7", "&lt;b&gt;", "&amp;",
          "&#64;", "&#40;", "&#41;", "&quot;", "&#x3A;//", "&#123;x&#125;", "1", "1.5", "1,5", "9,000", "2 kg",
          "40 °C", "10 x 20 cm", "{x}", "{{name}}", "%s", "%1$s", "${x}", "[[x]]", ":smile:", "20%", "https://a.example/b",
          "www.example.com", "WWW.EXAMPLE.COM", "http:", "//", "care@example.com", "@", "(", ")", "[", "]", "{", "}",
          "「", "」", '"', "“", "”", "„", "«", "»", "‘", "’", "'", "5\"", "Robust", "boots", "Stiefel", "the", "and",
          "der", "und", " ", " ", "\n", "é", "٣", "x"]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
LOCALES = st.sampled_from([("en-US", "de-DE"), ("de-DE", "en-US"), ("en-US", "fr-FR"), ("en-GB", "en-US")])


def _ctx(source_locale: str, target_locale: str) -> CheckContext:
    settings_ = build_settings({})
    return CheckContext(market=build_market({"locale": target_locale}, None), settings=settings_, profile="jsonl",
                        file="f.jsonl", source_locale=source_locale, target_locale=target_locale, field="description")


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, TEXTS, LOCALES, st.sampled_from([None, 0, 5, 20]))
def test_a_check_finds_nothing_where_its_needs_do_not_hold(source: str, target: str, locales: tuple[str, str],
                                                          limit: int | None) -> None:
    ctx = _ctx(*locales)
    ctx.limit = limit
    src_bits = features(source)
    tgt_bits = features(target) | (OVER_LIMIT if limit and len(target) > limit else 0)  # as the engine sets it
    with_needs = [c for c in all_checks().values() if c.needs is not None]
    assert {c.code for c in with_needs} >= {"tag-mismatch", "tag-nesting", "placeholder-mismatch", "url-mismatch",
                                            "email-mismatch", "brackets", "quotes", "number-mismatch", "number-format",
                                            "length-limit"}
    for check in with_needs:
        if not check.needs.may_find(src_bits, tgt_bits):
            assert list(check.func(source, target, ctx)) == [], (check.code, source, target)


def _record(n: int, pairs: list[tuple[str, str, str]], status: dict[str, str], locales: tuple[str, str]) -> FeedRecord:
    return FeedRecord(line=n, identifier=f"P{n % 5}", fields={"identifier": f"P{n % 5}"},
                      pairs=[(name, src, tgt) for name, src, tgt in pairs],
                      source_locale=locales[0], target_locale=locales[1], status=status)


def _checker(locale: str, dispatch: bool) -> RecordChecker:
    settings_ = build_settings({"length_limits": {"name": 12}})
    checker = RecordChecker(build_market({"locale": locale}, None), settings_, "jsonl", f"{locale}.jsonl")
    if not dispatch:  # the old engine: every check on every pair
        for checks in (checker.pair_checks, checker.unchanged_checks, checker.target_checks):
            checks[:] = [(dataclasses.replace(c, needs=None), f) for c, f in checks]
    return checker


PAIRS = st.lists(st.tuples(st.sampled_from(["name", "description"]), TEXTS, TEXTS), min_size=1, max_size=3)
STATUS = st.sampled_from(["machine", "pim", "untranslated", "human"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(PAIRS, STATUS), min_size=1, max_size=8), LOCALES, st.booleans())
def test_the_dispatch_gives_the_findings_of_every_check_on_every_pair(
        records: list[tuple[list[tuple[str, str, str]], str]], locales: tuple[str, str], restart: bool) -> None:
    fast, slow = _checker(locales[1], True), _checker(locales[1], False)
    # repeated copy: the same records twice, so the pair memo answers the second time
    for n, (pairs, status) in enumerate(records + records):
        if restart and n == len(records):
            facts._FACTS.clear()  # the per-text numbers start over: the memo must not answer wrongly
        statuses = {name: status for name, _, _ in pairs}
        got = [f.to_dict() for f in fast.check(_record(n, pairs, statuses, locales))]
        want = [f.to_dict() for f in slow.check(_record(n, pairs, statuses, locales))]
        assert got == want


def _counting(checker: RecordChecker, code: str) -> list[str]:
    calls: list[str] = []
    for checks in (checker.pair_checks, checker.unchanged_checks, checker.target_checks):
        for i, (check, func) in enumerate(checks):
            if check.code == code:
                def counted(source: str, target: str, ctx: CheckContext, _f: Any = func) -> Iterator[Issue]:
                    calls.append(target)
                    return _f(source, target, ctx)
                checks[i] = (check, counted)
    return calls


def test_plain_copy_is_not_handed_to_the_markup_and_number_checks() -> None:
    checker = _checker("de-DE", True)
    calls = {code: _counting(checker, code) for code in ("tag-mismatch", "number-mismatch", "url-mismatch",
                                                        "brackets", "untranslated")}
    plain = _record(1, [("description", "Robust leather boots", "Robuste Lederstiefel")], {}, ("en-US", "de-DE"))
    assert list(checker.check(plain)) == []
    assert {code: len(c) for code, c in calls.items()} == {"tag-mismatch": 0, "number-mismatch": 0, "url-mismatch": 0,
                                                           "brackets": 0, "untranslated": 1}
    tagged = _record(2, [("description", "<b>Robust</b> boots, 2 kg", "<b>Robuste</b> Stiefel, 3 kg")], {},
                     ("en-US", "de-DE"))
    assert [f.code for f in checker.check(tagged)] == ["number-mismatch"]
    assert {code: len(c) for code, c in calls.items()} == {"tag-mismatch": 1, "number-mismatch": 1, "url-mismatch": 0,
                                                           "brackets": 0, "untranslated": 2}
