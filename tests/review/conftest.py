"""Fixtures for the review tests: markets, records and a loaded rule set."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Money, Origin, Product
from localize.rules.checker import check_record
from localize.rules.packs import load_packs
from localize.rules.ruleset import RuleSet, load_ruleset

AS_OF = dt.date(2026, 11, 15)


def market(locale: str, **extra: Any) -> Any:
    return build_market({"locale": locale, **extra}, None)


def record(locale: str, values: dict[str, Any], *, categories: tuple[str, ...] = (), taxonomy: dict[str, Any] | None = None,
           source_locale: str = "de-DE", identifier: str = "P1") -> LocalizedRecord:
    """A record; a value given as (source, target) is a translated text field."""
    m = market(locale)
    product = Product(identifier, Origin("products.csv", 2), categories=categories)
    rec = LocalizedRecord(product, m, source_locale=source_locale, categories=categories, taxonomy=taxonomy or {})
    for code, value in values.items():
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            src, tgt = value
            rec.values[code] = LocalizedValue(tgt, src, "machine" if tgt != src else "untranslated", True)
        else:
            rec.values[code] = LocalizedValue(value, value)
    return rec


def findings(rs: RuleSet, rec: LocalizedRecord) -> list[Any]:
    return check_record(rs.for_market(rec.market), rec, source_locale=rec.source_locale, as_of=rs.as_of)


def pack_ruleset(tmp_path: Path, yaml_text: str, as_of: dt.date = AS_OF) -> RuleSet:
    path = tmp_path / "pack.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return RuleSet(packs=load_packs([path]), as_of=as_of)


def held_by(rs: RuleSet, locale: str, text: str, source_locale: str | None = None, code: str = "name") -> set[str]:
    """The rules that hold (block or review) a record of `locale` whose field `code` is `text`."""
    rec = record(locale, {code: text}, source_locale=source_locale or locale)
    return {f.rule for f in findings(rs, rec) if f.severity in ("block", "review")}


@pytest.fixture(scope="session")
def shipped() -> RuleSet:
    return load_ruleset(as_of=AS_OF)


def eur(amount: str, currency: str = "EUR") -> tuple[Money, ...]:
    return (Money(Decimal(amount), currency),)
