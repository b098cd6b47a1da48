"""Rules v2: evidence from every signal (category, PIM labels, family, attributes, copy) and
words as people write them (stems, compounds, clitics, CJK substrings)."""

from decimal import Decimal
from pathlib import Path

from conftest import findings, pack_ruleset, record

from localize.model import LocalizedRecord, LocalizedValue, Origin, Product, Quantity
from localize.rules.packs import RulesError, load_pack
from localize.taxonomy.source import SourceCategory, SourceTree

SIGNALS = """\
pack: t
scope: {global: true}
rules:
  - id: t-alcohol
    kind: category
    risk: alcohol
    severity: review
    message: alcohol
    source: test pack
    categories:
      paths: ["Alcoholic Beverages"]
      codes: ["*wine*"]
      labels: {de: [wein, spirituose], en: [wine, spirits], ja: [ワイン]}
    match:
      any:
        - attribute: alcohol_by_volume
          gt: 0.5
        - pattern: '(?<![\\d.,])\\d{1,2}(?:[.,]\\d{1,2})?\\s?%\\s?(?:vol\\b|abv\\b|alc\\b)|vol\\.?-?\\s?%'
        - terms: {ja: [度数], de: [rotwein], en: [red wine]}
          compounds: head
    unless:
      any:
        - terms: {en: [alcohol-free, non-alcoholic], de: [alkoholfrei]}
        - attribute: alcohol_by_volume
          lte: 0.5
        - category: {labels: {en: [glass], de: [glas]}}
  - id: t-pork
    kind: terms
    risk: dietary
    severity: review
    message: pork
    source: test pack
    terms: {de: [schwein, speck], nl: [varkensvlees], ar: [خنزير], he: [חזיר], ru: [свинина], pl: [wieprzowina], tr: [domuz], en: [pork], ja: [豚肉], th: [หมู]}
    allow: {de: [meerschweinchen]}
  - id: t-nicotine
    kind: terms
    risk: tobacco
    severity: review
    message: nicotine
    source: test pack
    terms: {de: [nikotin], en: [nicotine]}
  - id: t-maps-only
    kind: geo
    risk: geography
    severity: review
    message: disputed
    source: test pack
    terms: {en: [Senkaku Islands]}
    expected: {en: Diaoyu Islands}
    when:
      any:
        - family: ["*map*"]
        - terms: {en: [map, atlas, globe]}
"""


def rs(tmp_path: Path):
    return pack_ruleset(tmp_path, SIGNALS)


def rules_of(fs) -> list[str]:
    return sorted({f.rule for f in fs})


def test_wine_without_an_alcohol_category_is_found_by_its_copy_in_every_market(tmp_path: Path) -> None:
    r = rs(tmp_path)
    values = {"name": ("Spätburgunder trocken", "Pinot Noir dry"),
              "description": ("Ein kräftiger Wein mit 13,5 % vol.", "A full-bodied red, 13.5% ABV.")}
    for locale in ("en-US", "ja-JP"):
        rec = record(locale, values, taxonomy={"id": "food", "path": ["Food"]}, categories=("drinks",))
        (f,) = [f for f in findings(r, rec) if f.rule == "t-alcohol"]
        assert f.evidence[0]["signal"] == "pattern"
        assert f.evidence[0]["field"] == "description"
        assert f.evidence[0]["side"] == "source" and f.evidence[0]["language"] == "de"
        assert f.evidence[0]["matched"] == "13,5 % vol"


def test_alcohol_by_attribute_family_free_and_the_unless_condition(tmp_path: Path) -> None:
    r = rs(tmp_path)
    rec = record("en-US", {"name": "Château X", "alcohol_by_volume": Decimal("12.5")})
    (f,) = findings(r, rec)
    assert f.evidence == ({"signal": "attribute", "field": "alcohol_by_volume", "matched": "alcohol_by_volume = 12.5"},)
    assert findings(r, record("en-US", {"name": "Château X", "alcohol_by_volume": Decimal("0.0")})) == []
    assert findings(r, record("en-US", {"name": "Alcohol-free sparkling wine", "description": "40% vol"},
                              source_locale="en-US")) == []
    (f,) = findings(r, record("en-US", {"name": "Gin", "abv": "40 % Vol."}))
    assert f.evidence[0]["field"] == "abv" and f.evidence[0]["signal"] == "pattern"
    assert rules_of(findings(r, record("de-DE", {"name": "Gin, 40 Vol.-%"}))) == ["t-alcohol"]


def test_quantity_attributes_compare_as_numbers(tmp_path: Path) -> None:
    r = rs(tmp_path)
    rec = record("en-US", {"name": "Rum"})
    from localize.model import Value

    rec.product.add("alcohol_by_volume", Value(None, None, Quantity(Decimal("40"), "PERCENT")))
    assert rules_of(findings(r, rec)) == ["t-alcohol"]


def test_pim_category_labels_in_every_language_and_their_ancestors(tmp_path: Path) -> None:
    r = rs(tmp_path)
    tree = SourceTree(categories={
        "drinks": SourceCategory("drinks", None, {"de-DE": "Getränke", "en-US": "Drinks"}),
        "cat_4711": SourceCategory("cat_4711", "drinks", {"de-DE": "Rotweine aus Baden", "ja-JP": "赤ワイン"}),
        "glass": SourceCategory("glass", None, {"de-DE": "Weingläser", "en-US": "Wine glasses"}),
    })
    from conftest import AS_OF

    from localize.rules.checker import check_record

    def check(cats: tuple[str, ...]):
        rec = record("en-US", {"name": "Artikel"}, categories=cats)
        return check_record(r.for_market(rec.market), rec, source_locale="de-DE", as_of=AS_OF, pim_categories=tree)

    (f,) = check(("cat_4711",))
    assert f.evidence[0]["signal"] == "category" and f.evidence[0]["field"] == "categories"
    assert f.evidence[0]["language"] in ("de", "ja")
    assert check(("glass",)) == []  # 'Wine glasses' names wine, and the rule's `unless` knows glassware
    assert check(("drinks",)) == []


def test_german_compounds_head_and_modifier(tmp_path: Path) -> None:
    r = rs(tmp_path)
    # head: a Rotwein is a wine ...
    assert rules_of(findings(r, record("de-DE", {"name": "Badischer Rotwein"}))) == ["t-alcohol"]
    assert rules_of(findings(r, record("de-DE", {"name": "Zwei Rotweine"}))) == ["t-alcohol"]
    # ... a Rotweinglas is a glass
    assert rules_of(findings(r, record("de-DE", {"name": "Rotweinglas, 2 Stück"}))) == []
    # modifier and head in compounds, inflections, hyphens
    for text in ("Schweinefleisch", "Wildschweinsalami", "Schweine", "Speckwürfel", "Räucherspeck"):
        assert rules_of(findings(r, record("de-DE", {"name": text}))) == ["t-pork"], text
    for text in ("Meerschweinchen-Futter", "Schweinchen", "Spektrum"):
        assert rules_of(findings(r, record("de-DE", {"name": text}))) == [], text
    (f,) = findings(r, record("de-DE", {"description": "Liquid mit Nikotinstärke 12 mg"}))
    assert f.rule == "t-nicotine" and f.matched == "Nikotinstärke"


def test_inflections_by_stemming_in_the_markets_language(tmp_path: Path) -> None:
    r = rs(tmp_path)
    cases = [
        ("ru-RU", "Копчёная свинина и колбаса", "свинина"),
        ("ru-RU", "Колбаса из свинины", "свинины"),
        ("pl-PL", "Kiełbasa z wieprzowiny", "wieprzowiny"),
        ("tr-TR", "Domuzlu sucuk", "Domuzlu"),
        ("tr-TR", "Domuz eti", "Domuz"),
        ("nl-NL", "Varkensvlees, gerookt", "Varkensvlees"),
    ]
    for locale, text, want in cases:
        got = [f.matched for f in findings(r, record(locale, {"name": ("x", text)})) if f.rule == "t-pork"]
        assert got == [want], (locale, text, got)


def test_clitics_and_scripts_without_spaces(tmp_path: Path) -> None:
    r = rs(tmp_path)
    assert [f.matched for f in findings(r, record("ar-AE", {"name": ("x", "لحم الخنزير المدخن")}))] == ["الخنزير"]
    assert [f.matched for f in findings(r, record("he-IL", {"name": ("x", "נקניק מבשר החזיר")}))] == ["החזיר"]
    assert [f.matched for f in findings(r, record("ja-JP", {"name": ("x", "国産豚肉の生姜焼き")}))] == ["豚肉"]
    assert [f.matched for f in findings(r, record("th-TH", {"name": ("x", "ข้าวผัดหมูกรอบ")}))] == ["หมู"]


def test_source_words_on_source_copy_market_words_on_translated_copy(tmp_path: Path) -> None:
    r = rs(tmp_path)
    # German words are not looked for in the English translation, and vice versa.
    rec = record("en-US", {"name": ("Kuscheltier Schwein", "Cuddly toy piggy bank")})
    (f,) = findings(r, rec)
    assert f.locale == "de-DE" and f.evidence[0]["side"] == "source" and f.evidence[0]["language"] == "de"
    rec = record("en-US", {"name": ("Eintopf", "Stew with pork")})
    (f,) = findings(r, rec)
    assert f.locale == "en-US" and f.evidence[0]["side"] == "target" and f.evidence[0]["language"] == "en"


def test_when_narrows_a_rule_and_adds_its_evidence(tmp_path: Path) -> None:
    r = rs(tmp_path)
    spec = record("en-US", {"name": "Vase", "description": "Made by Senkaku Islands Trading Co."}, source_locale="en-US")
    assert findings(r, spec) == []
    product = Product("M1", Origin("p.csv", 2), family="wall_maps")
    rec = LocalizedRecord(product, spec.market, source_locale="en-US")
    rec.values["name"] = LocalizedValue("Pacific map with the Senkaku Islands", "Pacific map with the Senkaku Islands")
    (f,) = findings(r, rec)
    assert [e["signal"] for e in f.evidence] == ["terms", "family"]


def test_conditions_are_checked_when_the_pack_loads(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("""\
pack: bad
scope: {global: true}
rules:
  - id: b-one
    kind: category
    severity: review
    message: m
    source: test pack
    match:
      all:
        - pattern: '([unclosed'
        - gt: 3
        - terms: [x]
          side: sideways
""", encoding="utf-8")
    try:
        load_pack(path)
    except RulesError as exc:
        text = "\n".join(exc.problems)
    else:  # pragma: no cover
        raise AssertionError("bad pack loaded")
    assert "sideways" in text
    path.write_text(path.read_text().replace("          side: sideways\n", ""), encoding="utf-8")
    try:
        load_pack(path)
    except RulesError as exc:
        text = "\n".join(exc.problems)
    assert "rules[0].match.all[0].pattern: not a valid regular expression" in text
    assert "rules[0].match.all[1]: gt compare(s) an attribute's value" in text


def test_a_compound_part_has_a_vowel_and_numbers_are_not_words(tmp_path: Path) -> None:
    wine = pack_ruleset(tmp_path, "pack: w\nscope: {global: true}\nrules:\n  - {id: w-wine, kind: terms, "
                        "severity: review, message: m, source: test pack, terms: {de: [wein]}, compounds: head}\n")
    assert rules_of(findings(wine, record("de-DE", {"name": "Rotwein und Landweine"}))) == ["w-wine"]
    for text in ("Schwein gehabt", "Schweine", "Weinglas"):  # no `sch|wein` split (a part has a vowel)
        assert findings(wine, record("de-DE", {"name": text})) == [], text
    nums = pack_ruleset(tmp_path, "pack: n\nscope: {global: true}\nrules:\n  - {id: n-one, kind: terms, "
                        "severity: review, message: m, source: test pack, terms: {en: ['#1', 'no. 1', '88']}}\n")
    assert findings(nums, record("en-US", {"name": ("x", "Season 1, 2 discs")})) == []  # '#1' is not every "1"
    assert [f.matched for f in findings(nums, record("en-US", {"name": ("x", "No. 1 in sales, 88 keys")}))] == [
        "No. 1", "88"]


def test_a_run_of_word_forming_prefixes_is_not_a_compound_part(tmp_path: Path) -> None:
    """`unbeschwert` is un+be+schwer+t (carefree), not a part `unbe` + `Schwert` (sword);
    a real modifier (`Samurai`) still makes a compound."""
    sword = pack_ruleset(tmp_path, "pack: s\nscope: {global: true}\nrules:\n  - {id: s-sword, kind: terms, "
                         "severity: review, message: m, source: test pack, terms: {de: [schwert]}, compounds: head}\n")
    assert rules_of(findings(sword, record("de-DE", {"name": "Samuraischwert aus Stahl"}))) == ["s-sword"]
    for text in ("Unbeschwert fotografieren", "unbeschwerter Musikgenuss"):
        assert findings(sword, record("de-DE", {"name": text})) == [], text
