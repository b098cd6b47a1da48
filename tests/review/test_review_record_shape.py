"""`Triggers.may_hold` answers its category, family and attribute triggers once per record shape
(`conditions.record_shape`: has a category, family, field codes, attribute codes), not once per
record and rule; the findings are those of the answer computed for every record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules import conditions
from localize.rules.checker import check_view, record_view
from localize.rules.ruleset import load_ruleset

AS_OF = dt.date(2026, 11, 15)


def _record(i: int, locale: str) -> LocalizedRecord:
    family = ("toys", "mugs")[i % 2]
    product = Product(f"P{i}", Origin("p.csv", i + 2), family=family, categories=(family,))
    rec = LocalizedRecord(product, build_market({"locale": locale}, None), source_locale="de-DE",
                          categories=(family,))
    name = f"Bausatz mit Kleinteilen {i}" if family == "toys" else f"Becher {i}"
    rec.values["name"] = LocalizedValue(name, name, "untranslated", True)
    if i % 2:
        rec.values["color"] = LocalizedValue("rot", "rot", "untranslated", True)
    return rec


def test_triggers_are_answered_once_per_record_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = load_ruleset(as_of=AS_OF)
    records = [_record(i, locale) for i in range(60) for locale in ("en-US", "fr-FR")]
    views = [(ruleset.for_market(r.market), record_view(r, source_locale="de-DE", as_of=AS_OF)) for r in records]
    calls: list[tuple[int, int]] = []
    real = conditions.Triggers._shape_holds

    def spy(self: Any, view: Any) -> bool:
        calls.append((id(self), view.memo[conditions.SHAPE]))
        return real(self, view)

    monkeypatch.setattr(conditions.Triggers, "_shape_holds", spy)
    found = [check_view(c, v) for c, v in views]
    assert calls and len(calls) == len(set(calls))  # each (triggers, shape) once: on the old code once per record
    assert len({shape for _, shape in calls}) == 2  # two shapes, shared by both markets
    monkeypatch.setattr(conditions.Triggers, "may_hold", lambda self, view, cids, literals: (
        (bool(self.literals) and not self.literals.isdisjoint(literals)) or (bool(self.cids) and not self.cids.isdisjoint(cids))
        or real(self, view)))
    again = [check_view(c, record_view(r, source_locale="de-DE", as_of=AS_OF)) for (c, _), r in zip(views, records, strict=True)]
    assert [[(f.rule, f.field, f.matched) for f in x] for x in found] == [[(f.rule, f.field, f.matched) for f in x] for x in again]
    assert any(found)
