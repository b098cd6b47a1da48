"""Category rules across the map stage's seam: a rule's taxonomy id covers its whole subtree (the
map stage records the ancestors), its English `paths` match a Japanese market through the shared
taxonomy's labels, and `when: terms` narrows a category to products whose copy says something."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from localize.config import build_market
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules.checker import check_record
from localize.rules.packs import load_packs
from localize.rules.ruleset import RuleSet, load_ruleset
from localize.taxonomy.loader import load_taxonomy, resolve_taxonomy_path

PACK = """\
pack: test
scope: {global: true}
rules:
  - id: t-subtree
    kind: category
    severity: review
    message: beverages
    source: test
    categories: {taxonomy: [food.beverages]}
  - id: t-path
    kind: category
    severity: review
    message: wine by its English label
    source: test
    categories: {paths: ["Beverages > Wine"]}
  - id: t-toys-with-marbles
    kind: category
    severity: review
    message: toys with marbles
    source: test
    categories: {taxonomy: [toys]}
    when: {terms: {en: [marble], de: [murmel, kleinteile]}}
"""


def taxonomy():  # type: ignore[no-untyped-def]
    return load_taxonomy(resolve_taxonomy_path("default", Path(".")))


def record(locale: str, category: str, text: str, tax) -> LocalizedRecord:  # type: ignore[no-untyped-def]
    market = build_market({"locale": locale}, None)
    product = Product("P1", Origin("products.csv", 2), categories=("pim_code",))
    rec = LocalizedRecord(product, market, source_locale="de-DE", categories=("pim_code",), taxonomy={
        "id": category, "ancestors": tax.ancestors(category), "path": tax.path_labels(category, locale),
        "category": "pim_code"})
    rec.values["description"] = LocalizedValue(text, text, "untranslated", True)
    return rec


def rules_hit(tmp_path: Path, rec: LocalizedRecord, tax) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "pack.yaml"
    path.write_text(PACK, encoding="utf-8")
    rs = RuleSet(packs=load_packs([path]), as_of=dt.date(2026, 11, 15))
    found = check_record(rs.for_market(rec.market), rec, source_locale="de-DE", as_of=rs.as_of, taxonomy=tax)
    return sorted(f.rule for f in found)


def test_a_taxonomy_id_covers_its_subtree_and_english_paths_match_a_japanese_market(tmp_path: Path) -> None:
    tax = taxonomy()
    wine = record("ja-JP", "food.beverages.wine", "Riesling", tax)
    assert wine.taxonomy["path"] == ["食品・飲料", "飲料", "ワイン"]
    assert rules_hit(tmp_path, wine, tax) == ["t-path", "t-subtree"]
    juice = record("ja-JP", "food.beverages.juice", "Saft", tax)
    assert rules_hit(tmp_path, juice, tax) == ["t-subtree"]


def test_when_terms_narrow_a_category_rule_to_what_the_copy_says(tmp_path: Path) -> None:
    tax = taxonomy()
    marbles = record("en-US", "toys.building", "Murmelbahn mit 20 Glasmurmeln. Enthält Kleinteile.", tax)
    assert rules_hit(tmp_path, marbles, tax) == ["t-toys-with-marbles"]
    bear = record("en-US", "toys.plush", "Kuscheliger Teddybär.", tax)
    assert rules_hit(tmp_path, bear, tax) == []


def test_shipped_alcohol_rules_catch_wine_in_every_market_with_an_alcohol_law() -> None:
    """Wine is age-restricted in Germany (JuSchG §9), the UK (Licensing Act 2003) and France
    (CSP L3342-1) as well as the US and Japan: each market's own rule fires."""
    tax = taxonomy()
    shipped = load_ruleset(as_of=dt.date(2026, 11, 15))
    caught = {}
    for locale in ("de-DE", "en-US", "en-GB", "fr-FR", "ja-JP"):
        rec = record(locale, "food.beverages.wine", "Riesling Spätlese", tax)
        found = check_record(shipped.for_market(rec.market), rec, source_locale="de-DE", as_of=shipped.as_of,
                             taxonomy=tax)
        caught[locale] = sorted(f.rule for f in found if f.code == "restricted-category")
    assert caught == {"de-DE": ["de-alcohol-minors"], "en-US": ["us-alcohol"], "en-GB": ["gb-alcohol"],
                      "fr-FR": ["fr-alcohol"], "ja-JP": ["jp-alcohol"]}
