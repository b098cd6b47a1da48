"""A `terms` condition asked on its own (a rule's `when`/`unless`, words outside the per-field pass)
first searches each language's texts of the record joined (`TermsCondition._may_hit`): its answer
must be the per-text answer for any copy, and the texts must be read once, not once each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules import conditions
from localize.rules.checker import record_view
from localize.rules.conditions import TermsCondition
from localize.rules.ruleset import load_ruleset

AS_OF = dt.date(2026, 11, 15)
MARKETS = ("en-US", "en-GB", "fr-FR", "de-DE", "ja-JP", "zh-CN")


def _conditions() -> list[TermsCondition]:
    """Every `terms` condition of the shipped rules' `when` and `unless`, in a few markets."""
    rules = load_ruleset(as_of=AS_OF)
    found: dict[int, TermsCondition] = {}
    for locale in MARKETS:
        compiled = rules.for_market(build_market({"locale": locale}, None))
        for when, unless in compiled.gates.values():
            for root in (when, unless):
                for c in root.walk() if root is not None else ():
                    if isinstance(c, TermsCondition):
                        found[id(c)] = c
    return list(found.values())


CONDITIONS = _conditions()
# Words of those conditions in several languages and scripts, words near them, CJK next to Latin.
POOL = ["Holzspielzeug mit Kleinteilen", "small parts inside", "petites pièces", "Murmel", "kleine Kugel",
        "Geschenk zur Hochzeit", "gift for a wedding", "礼品 盒", "これは3pです", "Baumwolle weich",
        "Glas und Keramik", "精美gift包装", "精美marble包装", "玩具Kleinteile盒", "Hochzeit結婚", "Becher aus Steinzeug", "ﬁne Straße", "bille", "marbles", "x", "",
        "<p>Weich und robust.</p>", "nicotine free", "Feuerzeug", "Parfum 50 ml"]
texts = st.lists(st.sampled_from(POOL), min_size=1, max_size=3).map(" ".join)


def _record(locale: str, values: dict[str, tuple[str, str]]) -> LocalizedRecord:
    rec = LocalizedRecord(Product("P1", Origin("p.csv", 2)), build_market({"locale": locale}, None),
                          source_locale="de-DE")
    for code, (src, tgt) in values.items():
        rec.values[code] = LocalizedValue(tgt, src, "machine" if tgt != src else "untranslated", True)
    return rec


def _answers(views: list[Any]) -> list[list[Any]]:
    return [[c.test(v) for c in CONDITIONS] for v in views]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MARKETS),
       st.lists(st.tuples(st.sampled_from(("name", "description", "title", "color")), texts, texts),
                min_size=1, max_size=4))
def test_the_joined_search_answers_as_each_text_does(locale: str, fields: list[tuple[str, str, str]]) -> None:
    rec = _record(locale, {code: (src, tgt) for code, src, tgt in fields})
    views = [record_view(rec, source_locale="de-DE", as_of=AS_OF) for _ in range(2)]
    fast = _answers(views[:1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(TermsCondition, "_may_hit", lambda self, texts: True)  # the per-text path alone
        slow = _answers(views[1:])
    assert fast == slow


def test_a_record_without_the_words_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """No word of the condition: no per-text search (on the old code, one per text)."""
    (small_parts,) = [c for c in CONDITIONS if c.cid.startswith("us-small-parts-warning#")]
    calls: list[str] = []
    real = conditions.find_terms

    def spy(auto: Any, text: str, *args: Any) -> Any:
        calls.append(text)
        return real(auto, text, *args)

    monkeypatch.setattr(conditions, "find_terms", spy)
    quiet = _record("en-US", {"name": ("Holzauto", "Wooden car"), "description": ("Aus Buche", "Made of beech")})
    assert small_parts.test(record_view(quiet, source_locale="de-DE", as_of=AS_OF)) is None
    assert calls == []
    loud = _record("en-US", {"name": ("Bausatz", "Kit"), "description": ("Mit Kleinteilen", "With small parts")})
    found = small_parts.test(record_view(loud, source_locale="de-DE", as_of=AS_OF))
    assert found is not None and found[0]["matched"] in ("Kleinteilen", "small parts") and calls
