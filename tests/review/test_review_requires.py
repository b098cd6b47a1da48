"""A pattern's `requires` in the shipped packs (rules/*.yaml) is a pre-check: a text holding none of
its literals (folded) is never searched, so every text a branch of the pattern matches must hold
one of them, or that branch can never find anything. The age-rated-media rule listed `18`/`17`
(which every size, weight and model number holds) and no literal of `keine Jugendfreigabe`,
`Rated R/M/AO` or `21 and over`: those were never found."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules.checker import check_record
from localize.rules.folding import fold
from localize.rules.regexgate import split_top
from localize.rules.ruleset import load_ruleset

RULES = Path(__file__).resolve().parents[2] / "rules"
AS_OF = dt.date(2026, 11, 15)


def _walk(node: Any, where: str) -> Iterator[tuple[str, str, int, tuple[str, ...]]]:
    if isinstance(node, dict):
        pats = ([node["pattern"]] if node.get("pattern") else []) + list(node.get("patterns", ()))
        if node.get("requires") and pats:
            flags = re.IGNORECASE if node.get("ignore_case", True) else 0
            for pat in pats:
                for branch in split_top(pat):
                    yield where, branch, flags, tuple(fold(w) for w in node["requires"])
        for value in node.values():
            yield from _walk(value, where)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, where)


def _branches() -> list[tuple[str, str, int, tuple[str, ...]]]:
    out = []
    for path in sorted(RULES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in data.get("rules", ()):
            out.extend(_walk(rule, f"{path.name}:{rule.get('id')}"))
    return out


#: Rules whose `requires` narrows the pattern on purpose (what the regex alone would over-match).
NARROWED = {
    "global.yaml:global-number-one-claims": "`no one in` is English for nobody, not `No. 1 in`",
}
BRANCHES = [b for b in _branches() if b[0] not in NARROWED]


@pytest.fixture(scope="module")
def ruleset() -> Any:
    return load_ruleset(as_of=AS_OF)


def test_the_packs_have_patterns_with_requires() -> None:
    assert len(BRANCHES) >= 40
    assert any(where.endswith("global-age-rated-media") for where, *_ in BRANCHES)


@pytest.mark.parametrize(("where", "branch", "flags", "requires"), BRANCHES,
                         ids=[f"{w}:{i}" for i, (w, *_rest) in enumerate(BRANCHES)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_text_a_branch_matches_holds_a_required_literal(where: str, branch: str, flags: int,
                                                             requires: tuple[str, ...], data: Any) -> None:
    regex = re.compile(branch, flags)
    text = data.draw(st.from_regex(regex, fullmatch=False), label="text")
    if regex.search(text) is None:  # a lookaround outside what the strategy honours
        return
    folded = fold(text)
    assert any(word in folded for word in requires), (where, branch, text)


@pytest.mark.parametrize(("locale", "text", "matched"), [
    ("de-DE", "Horrorfilm, keine Jugendfreigabe", "keine Jugendfreigabe"),
    ("en-US", "Horror game. Rated M.", "Rated M"),
    ("en-US", "Horror film, Rated R", "Rated R"),
    ("en-GB", "Party game for customers 21 and over", "21 and over"),
    ("de-DE", "Horrorfilm, FSK 18", "FSK 18"),
    ("de-DE", "Spiel USK18", "USK18"),
    ("de-DE", "Party-Set 18+", "18+"),
])
def test_age_rated_media_found_by_every_branch(ruleset: Any, locale: str, text: str, matched: str) -> None:
    market = build_market({"locale": locale}, None)
    record = LocalizedRecord(Product("P1", Origin("p.csv", 2)), market, source_locale=locale)
    record.values["description"] = LocalizedValue(text, text, "untranslated", True)
    found = check_record(ruleset.for_market(market), record, source_locale=locale, as_of=AS_OF)
    assert [(f.rule, f.matched) for f in found if f.rule == "global-age-rated-media"] == [
        ("global-age-rated-media", matched)]


@pytest.mark.parametrize("text", ["Mugs Farbe 18", "Becher 180 ml, 17 cm", "Gewicht 1800 g", "Modell 4018"])
def test_numbers_in_copy_do_not_make_a_record_a_candidate(ruleset: Any, text: str) -> None:
    """Sizes, weights and model numbers hold `18`/`17`: none of them is a literal of the rule."""
    compiled = ruleset.for_market(build_market({"locale": "de-DE"}, None))
    requires = next(set(c.requires) for state in compiled.states
                    if getattr(state, "evidence_match", None) is not None
                    for c in state.evidence_match.walk() if getattr(c, "requires", None) and "fsk" in c.requires)
    assert compiled.literal_index.present(fold(text)).isdisjoint(requires)


@pytest.mark.parametrize(("locale", "text", "matched"), [
    ("de-DE", "Die Nr eins in Europa", "Die Nr eins"),
    ("de-DE", "Kaffee: Nr eins der Saison", "Nr eins der"),
    ("de-DE", "Die Nr. 1 in Europa", "Die Nr. 1"),
    ("en-US", "Our nr one on the market", "Our nr one"),
])
def test_number_one_claims_without_a_dot_are_found(ruleset: Any, locale: str, text: str, matched: str) -> None:
    """On purpose since this change: `requires` held `nr.`/`nr 1` but not the words without a dot,
    so "Die Nr eins" / "Nr eins der" (which the patterns match) were never looked at (all but the
    third found nothing on the old code). `no one in` stays out: English for nobody (see NARROWED)."""
    market = build_market({"locale": locale}, None)
    record = LocalizedRecord(Product("P1", Origin("p.csv", 2)), market, source_locale=locale)
    record.values["description"] = LocalizedValue(text, text, "untranslated", True)
    found = check_record(ruleset.for_market(market), record, source_locale=locale, as_of=AS_OF)
    assert [f.matched for f in found if f.rule == "global-number-one-claims"] == [matched]
