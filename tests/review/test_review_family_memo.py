"""A `family` condition matches its globs once per distinct family code (`FamilyCondition.matches`):
the same answer as matching the globs for every record, for any code and glob."""

from __future__ import annotations

from fnmatch import fnmatchcase

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.rules import conditions
from localize.rules.conditions import FamilyCondition, compile_condition

CODE = st.lists(st.sampled_from(list("abAB_-.*?[]1ÄÖ")), min_size=1, max_size=10).map("".join)
GLOB = st.lists(st.sampled_from(list("abAB_-1Ä") + ["*", "?", "[ab]", "[!a]"]), min_size=1, max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(globs=st.lists(GLOB, min_size=1, max_size=4), codes=st.lists(CODE, min_size=1, max_size=8))
def test_memoised_family_match_equals_matching_every_time(globs: list[str], codes: list[str]) -> None:
    cond = compile_condition({"family": globs}, "r")
    assert isinstance(cond, FamilyCondition)
    for code in codes + codes:
        assert cond.matches(code) == any(fnmatchcase(code.lower(), g.lower()) for g in globs)


def test_a_family_code_is_matched_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    real = conditions.fnmatchcase

    def counting(name: str, pat: str) -> bool:
        calls.append(name)
        return real(name, pat)

    monkeypatch.setattr(conditions, "fnmatchcase", counting)
    cond = compile_condition({"family": ["wine*", "spirits"]}, "r")
    assert isinstance(cond, FamilyCondition)
    answers = [cond.matches(code) for code in ["Wine_red", "shoes", "Wine_red", "shoes", "SPIRITS"] * 3]
    assert answers == [True, False, True, False, True] * 3
    assert sorted(set(calls)) == ["shoes", "spirits", "wine_red"] and len(calls) == 5  # once per code and glob tried


def _number_state(globs: list[str]):  # type: ignore[no-untyped-def]
    import re

    from localize.rules.matchers.number import NumberState
    return NumberState(numbers=(666,), where=frozenset({"attribute"}), price_match=(), count_attributes=tuple(globs),
                       numerals={}, extra_words={}, text_re=re.compile("666"))


@settings(max_examples=300, deadline=None)
@given(globs=st.lists(GLOB, max_size=4), codes=st.lists(CODE, min_size=1, max_size=8))
def test_memoised_count_attribute_match_equals_matching_every_time(globs: list[str], codes: list[str]) -> None:
    state = _number_state(globs)
    for code in codes + codes:
        assert state.counts(code) == any(fnmatchcase(code, g) for g in globs)


def test_a_count_attribute_code_is_matched_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from localize.rules.matchers import number

    calls: list[str] = []
    real = number.fnmatchcase
    monkeypatch.setattr(number, "fnmatchcase", lambda name, pat: calls.append(name) or real(name, pat))
    state = _number_state(["*_count", "pieces"])
    assert [state.counts(c) for c in ["pack_count", "weight", "pack_count", "weight"] * 5] == [True, False] * 10
    assert calls == ["pack_count", "weight", "weight"]
