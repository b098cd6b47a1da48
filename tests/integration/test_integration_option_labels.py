"""Option labels per market, for the kinds of option a PIM holds: what a customer reads must say what the
PIM's option says, and an option code is never shown as copy.

* the shared taxonomy's label replaces the PIM's label of another locale of the language only when it means
  the same (grey = Grey); an option filed under a broader value (`recycled_polyester` -> polyester,
  `faux_leather` -> leather, by the attribute mapping or by a taxonomy alias) keeps the PIM's label of the
  language, or has its source label translated;
* a taxonomy without a label in the market's language (pt-BR: its English fallback) does not beat the PIM's
  label of the language (pt_PT);
* no label in the market's language, no taxonomy label: the source label is translated like copy into
  `display` (memory, engine), and counted; no source label either: held for review;
* labels that reach a market without translation are written in its spelling (de-CH: ss).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.translate.pseudo import pseudo_localize

PRODUCTS = """\
sku;family;categories;name-de_DE;color;material;finish
P-REC;clothing;tops;Hemd;white;recycled_polyester;matte
P-FAUX;clothing;tops;Jacke;white;faux_leather;
P-POLY;clothing;tops;Shirt;grey;polyester;
P-GLOSS;clothing;tops;Bluse;grey;;glossy
"""
ATTRIBUTES = """\
type;code;label-de_DE;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;1
pim_catalog_simpleselect;color;Farbe;0
pim_catalog_simpleselect;material;Material;0
pim_catalog_simpleselect;finish;Oberfläche;0
"""
OPTIONS = """\
attribute;code;sort_order;label-de_DE;label-en_US;label-fr_FR;label-pt_PT
color;white;1;Weiß;White;Blanc;Branco
color;grey;2;Grau;Gray;Gris;Cinzento
material;recycled_polyester;1;Recycling-Polyester;Recycled polyester;Polyester recyclé;
material;faux_leather;2;Kunstleder;Faux leather;Similicuir;
material;polyester;3;Polyester;Polyester;Polyester;
finish;matte;1;Matt;Matte;Mat;
finish;glossy;2;;Glossy;;
"""
MAPPING = """\
attributes: {color: color, material: material}
values:
  material: {recycled_polyester: polyester, faux_leather: leather}
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv, options: options.csv}
markets: [{locale: de-DE}, {locale: de-CH}, {locale: en-GB}, {locale: fr-CH}, {locale: ja-JP}, {locale: pt-BR}]
taxonomy: {path: default, mapping: mapping.yaml, attributes: attributes.yaml}
outputs: {dir: out, formats: [jsonl, csv]}
translation: {engine: pseudo}
"""
MARKETS = ("de-DE", "de-CH", "en-GB", "fr-CH", "ja-JP", "pt-BR")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("labels")
    for name, text in {"products.csv": PRODUCTS, "attributes.csv": ATTRIBUTES, "options.csv": OPTIONS,
                       "mapping.yaml": "taxonomy: default\ncategories: {tops: apparel.tops}\n",
                       "attributes.yaml": MAPPING, "localize.yaml": CONFIG}.items():
        (folder / name).write_text(text, encoding="utf-8")
    manifest = run(load_config(folder / "localize.yaml"))
    return folder, manifest


def records(folder: Path) -> dict[tuple[str, str], dict]:
    out = {}
    for name in [f"{m}.jsonl" for m in MARKETS] + ["review-queue.jsonl"]:
        for line in (folder / "out" / name).read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            out[data["identifier"], data["market"]] = data
    return out


def shown(folder: Path, attribute: str, identifier: str) -> dict[str, str | None]:
    got = records(folder)
    return {m: got[identifier, m].get("display", {}).get(attribute) for m in MARKETS}


def test_an_option_filed_under_a_broader_value_keeps_its_qualifier(project) -> None:
    folder, _ = project
    assert shown(folder, "material", "P-REC") == {
        "de-DE": "Recycling-Polyester", "de-CH": "Recycling-Polyester",  # the PIM's German label
        "en-GB": "Recycled polyester", "fr-CH": "Polyester recyclé",  # not the taxonomy's "Polyester"
        "ja-JP": pseudo_localize("Recycling-Polyester"),  # not "ポリエステル": the source label, translated
        "pt-BR": pseudo_localize("Recycling-Polyester"),
    }
    # one label in English says "faux": that is enough, whatever the other languages' words are
    faux = shown(folder, "material", "P-FAUX")
    assert (faux["en-GB"], faux["fr-CH"], faux["ja-JP"]) == ("Faux leather", "Similicuir", pseudo_localize("Kunstleder"))
    # the values stay classified under the taxonomy's values
    got = records(folder)
    assert got["P-REC", "en-GB"]["values"]["material"] == "recycled_polyester"


def test_the_taxonomy_label_is_shown_where_it_means_the_same_in_the_markets_language(project) -> None:
    folder, _ = project
    assert shown(folder, "color", "P-REC") == {
        "de-DE": "Weiß", "de-CH": "Weiss",  # the taxonomy's German label, in Swiss spelling
        "en-GB": "White", "fr-CH": "Blanc", "ja-JP": "ホワイト",
        "pt-BR": "Branco",  # the taxonomy has no Portuguese label: the PIM's pt_PT one, not "White"
    }
    assert shown(folder, "color", "P-POLY")["en-GB"] == "Grey"  # British, from the taxonomy (the PIM has "Gray")
    assert shown(folder, "material", "P-POLY") == {
        "de-DE": "Polyester", "de-CH": "Polyester", "en-GB": "Polyester", "fr-CH": "Polyester",
        "ja-JP": "ポリエステル", "pt-BR": "Polyester"}


def test_an_option_without_a_label_in_the_markets_language_is_translated_never_shown_as_its_code(project) -> None:
    folder, manifest = project
    # `finish` is no attribute of the taxonomy: before, ja-JP and pt-BR showed the code `matte`
    assert shown(folder, "finish", "P-REC") == {
        "de-DE": "Matt", "de-CH": "Matt", "en-GB": "Matte", "fr-CH": "Mat",
        "ja-JP": pseudo_localize("Matt"), "pt-BR": pseudo_localize("Matt")}
    csv_row = (folder / "out" / "ja-JP.csv").read_text(encoding="utf-8")
    assert pseudo_localize("Matt") in csv_row and ";matte" not in csv_row and ",matte" not in csv_row
    labels = manifest.sections["translation"]["option_labels"]
    # translated: P-REC finish + material, P-FAUX material in ja-JP and pt-BR; held: `glossy` in 5 markets
    assert labels == {"machine": 6, "missing": 5}


def test_an_option_without_a_source_label_is_held_for_review(project) -> None:
    folder, _ = project
    got = records(folder)
    assert got["P-GLOSS", "en-GB"]["display"]["finish"] == "Glossy"  # the PIM's en_US label
    for market in ("de-DE", "de-CH", "fr-CH", "ja-JP", "pt-BR"):
        record = got["P-GLOSS", market]
        assert "finish" not in record.get("display", {})
        held = [f for f in record["findings"] if f["code"] == "option-label-missing"]
        assert [(f["severity"], f["field"]) for f in held] == [("review", "finish")], market
        assert market not in {m for m in MARKETS if "P-GLOSS" in (folder / "out" / f"{m}.jsonl").read_text()}
