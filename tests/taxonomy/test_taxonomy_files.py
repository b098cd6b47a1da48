"""Taxonomy and mapping files: every problem at once, with file and line; the default taxonomy."""

from __future__ import annotations

from pathlib import Path

import pytest

from localize.taxonomy.attributes import load_attribute_mapping
from localize.taxonomy.errors import SourceError, TaxonomyError
from localize.taxonomy.loader import DEFAULT_TAXONOMY, load_taxonomy
from localize.taxonomy.mapping import load_mapping
from localize.taxonomy.source import read_source_categories

SMALL = """\
taxonomy: small
version: 1
locales: [en, de]
categories:
  - id: home
    labels: {en: Home, de: Haushalt}
  - id: home.kitchen
    parent: home
    labels: {en: Kitchen, de: Küche}
  - id: home.kitchen.knives
    parent: home.kitchen
    labels: {en: Knives, de: Messer}
attributes:
  - code: color
    type: enum
    labels: {en: Colour, de: Farbe}
    values:
      - code: red
        labels: {en: Red, de: Rot}
  - code: weight
    type: metric
    unit: KILOGRAM
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def small(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_taxonomy(write(tmp_path / "small.yaml", SMALL))


def test_default_taxonomy_covers_the_demo_domains_in_six_languages() -> None:
    tax = load_taxonomy(DEFAULT_TAXONOMY)
    assert len(tax) >= 150 and len(tax.attributes) >= 40
    # six languages everywhere, and American spellings where they differ from the English labels
    assert tax.locales == ("en", "en-US", "de", "fr", "es", "it", "ja")
    languages = {"en", "de", "fr", "es", "it", "ja"}
    assert set(tax.roots()) == {"apparel", "home", "electronics", "food", "toys", "beauty"}  # footwear: below apparel
    for cat in tax.categories.values():
        assert set(cat.labels) - {"en-US"} == languages, cat.id
    for attr in tax.attributes.values():
        assert set(attr.labels) - {"en-US"} == languages, attr.code
        for value in attr.values.values():
            assert set(value.labels) - {"en-US"} == languages, (attr.code, value.code)
    assert tax.value_label("color", "grey", "en-US") == "Gray" and tax.value_label("color", "grey", "en-GB") == "Grey"
    assert tax.path_labels("apparel.bottoms.trousers", "en-US") == ["Apparel", "Bottoms", "Pants"]
    assert tax.attributes["weight"].family == "Weight" and tax.attributes["weight"].unit == "KILOGRAM"
    assert tax.value_label("color", "red", "ja-JP") == "レッド"


def test_every_problem_of_a_taxonomy_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", """\
taxonomy: bad
locales: [en, xx-Nope]
categories:
  - id: a
    labels: {en: A}
  - id: a
    labels: {en: A again}
  - id: b
    parent: nowhere
    labels: {en: B}
  - id: c
    parent: d
    labels: {en: C}
  - id: d
    parent: c
    labels: {en: D, qq: Dee}
  - id: e
    labels: {en: E}
    labels: {en: E twice}
  - id: f
attributes:
  - code: weight
    type: metric
    unit: KILOGRAMS
  - code: color
    type: enum
    values:
      - code: red
        labels: {en: Red}
      - code: red
        labels: {en: Red again}
""")
    with pytest.raises(TaxonomyError) as exc:
        load_taxonomy(bad)
    assert exc.value.problems == [
        f"{bad}:2: unknown locale code 'xx-Nope' in `locales` (use a BCP 47 tag such as en, de, de-DE)",
        f"{bad}:6: duplicate category id 'a' (first on line 4)",
        f"{bad}:8: category 'b' has an unknown parent 'nowhere'",
        f"{bad}:11: cycle in the parents: c -> d -> c",
        f"{bad}:16: unknown locale code 'qq' (use a BCP 47 tag such as en, de, de-DE)",
        f"{bad}:19: duplicate key 'labels' (first on line 18)",
        f"{bad}:20: categories[6]: missing required key 'labels'",
        f"{bad}:24: attribute 'weight': unknown unit 'KILOGRAMS'; did you mean KILOGRAM?",
        f"{bad}:30: attribute 'color': duplicate value 'red' (first on line 28)",
    ]
    assert str(exc.value).startswith(f"{bad}: 9 problem(s) in the taxonomy\n  - {bad}:2:")


def test_yaml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = write(tmp_path / "broken.yaml", "taxonomy: x\ncategories:\n  - id: a\n   labels: {en: A}\n")
    with pytest.raises(TaxonomyError) as exc:
        load_taxonomy(bad)
    assert str(exc.value).startswith(f"{bad}:4:")
    assert "not valid YAML" in str(exc.value)


def test_mapping_problems_all_at_once(tmp_path: Path, small) -> None:  # type: ignore[no-untyped-def]
    bad = write(tmp_path / "mapping.yaml", """\
categories:
  knives: home.kitchen.knivez
  pots: home.nothing
  fine: home.kitchen
rules:
  - match: "master/kitchen/*"
    to: home.kitchen
  - regex: "(unclosed"
    to: home
  - match: "x"
    regex: "y"
    to: home
  - to: home
accepted:
  forks: nope
extra: 1
""")
    with pytest.raises(TaxonomyError) as exc:
        load_mapping(bad, small)
    assert exc.value.problems == [
        f"{bad}:16: unknown key 'extra' (allowed: accepted, categories, description, rules, taxonomy, version)",
        f"{bad}:2: taxonomy id 'home.kitchen.knivez' does not exist in small (did you mean 'home.kitchen.knives'?)",
        f"{bad}:3: taxonomy id 'home.nothing' does not exist in small",
        f"{bad}:15: taxonomy id 'nope' does not exist in small",
        f"{bad}:8: invalid regex '(unclosed': missing ), unterminated subpattern at position 0",
        f"{bad}:10: a rule needs exactly one of `match` (glob) or `regex`",
        f"{bad}:13: a rule needs exactly one of `match` (glob) or `regex`",
    ]


def test_csv_mapping_and_draft_acceptance(tmp_path: Path, small) -> None:  # type: ignore[no-untyped-def]
    plain = write(tmp_path / "map.csv", "source_code,taxonomy_id\nknives,home.kitchen.knives\nknives,home\npots,home.pots\n")
    with pytest.raises(TaxonomyError) as exc:
        load_mapping(plain, small)
    assert exc.value.problems == [
        f"{plain}:3: 'knives' is mapped twice (first on line 2); keep one row",
        f"{plain}:4: taxonomy id 'home.pots' does not exist in small",
    ]
    draft = write(tmp_path / "draft.csv", "source_code,rank,taxonomy_id,taxonomy_path,score,accept\n"
                  "knives,1,home.kitchen.knives,Home > Kitchen > Knives,0.9,x\nknives,2,home.kitchen,Home > Kitchen,0.5,\n"
                  "pots,1,home.kitchen,Home > Kitchen,0.4,\n")
    mapping = load_mapping(draft, small)
    assert {k: v[0] for k, v in mapping.accepted.items()} == {"knives": "home.kitchen.knives"}
    assert mapping.explicit == {}


def test_attribute_mapping_problems(tmp_path: Path, small) -> None:  # type: ignore[no-untyped-def]
    bad = write(tmp_path / "attributes.yaml", """\
attributes:
  farbe: color
  gewicht: weigth
values:
  color:
    bordeaux: redd
  weight:
    kg: x
""")
    with pytest.raises(TaxonomyError) as exc:
        load_attribute_mapping(bad, small)
    assert exc.value.problems == [
        f"{bad}:3: 'gewicht' maps to 'weigth', which is not an attribute of the taxonomy (did you mean 'weight'?)",
        f"{bad}:6: color: 'bordeaux' maps to 'redd', which is not a value of 'color'",
        f"{bad}:7: `values` for 'weight', which is not an enum attribute of the taxonomy",
    ]


def test_source_categories_problems(tmp_path: Path) -> None:
    bad = write(tmp_path / "categories.csv", "code;parent;label-de_DE;label-xx_YY\nmaster;;Haupt;\n"
                "a;master;A;\na;master;A2;\nb;ghost;B;\nc;d;C;\nd;c;D;\n")
    with pytest.raises(SourceError) as exc:
        read_source_categories(bad)
    assert exc.value.problems == [
        f"{bad}:1: column 'label-xx_YY': unknown locale 'xx_YY' (use e.g. label-de_DE)",
        f"{bad}:4: duplicate code 'a' (first on line 3)",
        f"{bad}:5: category 'b' has an unknown parent 'ghost'",
        f"{bad}:6: cycle in the parents: c -> d -> c",
    ]


def test_path_csv_builds_the_tree_with_synthetic_levels(tmp_path: Path) -> None:
    src = write(tmp_path / "paths.csv", "code,path-de_DE\nmesser,Küche > Messer\ntoepfe,Küche > Töpfe & Pfannen\n")
    tree = read_source_categories(src)
    assert tree.categories["messer"].parent == "path:Küche"
    assert tree.categories["path:Küche"].synthetic and tree.categories["path:Küche"].labels == {"de-DE": "Küche"}
    assert tree.path_labels("toepfe", "de-DE") == ["Küche", "Töpfe & Pfannen"]
    assert tree.real() == ["messer", "toepfe"]


def test_path_csv_reports_row_problems_like_the_akeneo_layout(tmp_path: Path) -> None:
    # A row with more cells than the header (an unquoted separator in a path) was ignored silently in the
    # path layout; both layouts now share one row loop and report it with its line.
    src = write(tmp_path / "paths.csv", "code,path-de_DE\nmesser,Küche > Messer\ntoepfe,Küche > Töpfe, Pfannen\n"
                ",Küche\nmesser,Küche > Messer 2\n")
    with pytest.raises(SourceError) as exc:
        read_source_categories(src)
    assert exc.value.problems == [
        f"{src}:3: 3 cells but the header has 2",
        f"{src}:4: empty code",
        f"{src}:5: duplicate code 'messer' (first on line 2)",
    ]


def test_a_valid_taxonomy_is_cached_as_json_and_a_change_invalidates_it(tmp_path: Path) -> None:
    path = write(tmp_path / "small.yaml", SMALL)
    cache = tmp_path / "cache"
    first = load_taxonomy(path, cache_dir=cache)
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"
    again = load_taxonomy(path, cache_dir=cache)
    assert again.categories == first.categories and again.attributes == first.attributes
    assert again.version == "1" and again.path_labels("home.kitchen.knives", "de") == ["Haushalt", "Küche", "Messer"]
    write(path, SMALL.replace("de: Messer", "de: Messer & Scheren"))
    assert load_taxonomy(path, cache_dir=cache).label("home.kitchen.knives", "de") == "Messer & Scheren"
    write(path, SMALL + "  - code: bad\n    type: nope\n")
    with pytest.raises(TaxonomyError):
        load_taxonomy(path, cache_dir=cache)  # an invalid file is never served from a cache
