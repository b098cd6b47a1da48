"""What the outputs show: the PIM's own option labels per market (`source.options`) before the
shared taxonomy's, Google items with those labels, and attributes that stay in the PIM
(`outputs.exclude`) in no output at all. The shirt's "Organic cotton" label is an organic claim the rules read
(`global-organic`); its control body code (`organic_certificate`) substantiates it, so the record is published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run
from localize.attributes import AttributeCatalog
from localize.config import load_config
from localize.errors import ConfigError, InputError

PRODUCTS = """\
sku;family;categories;name-de_DE;description-de_DE;brand;color;material;size;internal_note;organic_certificate;price-EUR
SHIRT-1;clothing;tops;Hemd;Ein Hemd.;Nordlicht;grey;organic_cotton;eu_42;Lieferant: Frau Lindner, Tel. +49 3661 555 210;DE-ÖKO-006;19.90
"""
ATTRIBUTES = """\
type;code;label-de_DE;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;1
pim_catalog_textarea;description;Beschreibung;1
pim_catalog_text;brand;Marke;0
pim_catalog_simpleselect;color;Farbe;0
pim_catalog_simpleselect;material;Material;0
pim_catalog_simpleselect;size;Größe;0
pim_catalog_textarea;internal_note;Interne Notiz;0
pim_catalog_text;organic_certificate;Öko-Kontrollstelle;0
pim_catalog_price_collection;price;Preis;0
"""
OPTIONS = """\
attribute;code;sort_order;label-de_DE;label-en_US;label-fr_FR
color;grey;1;Grau;Gray;Gris
material;organic_cotton;1;Bio-Baumwolle;Organic cotton;Coton bio
size;eu_42;1;EU 42;EU 42;EU 42
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv, options: options.csv}
markets: [{locale: de-DE}, {locale: en-US}, {locale: en-GB}, {locale: fr-CH}, {locale: ja-JP}]
taxonomy: {path: default, mapping: mapping.yaml}
outputs:
  dir: out
  formats: [jsonl, akeneo-csv, csv, xlsx, google-merchant-tsv, google-merchant-xml]
  exclude: [internal_*]
translation: {engine: pseudo}
validate:
  google_merchant: {link: "https://shop.example/{language}/p/{identifier}", image_link: "https://cdn.example/{identifier}.jpg"}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, text in {"products.csv": PRODUCTS, "attributes.csv": ATTRIBUTES, "options.csv": OPTIONS,
                       "mapping.yaml": "taxonomy: default\ncategories: {tops: apparel.tops}\n",
                       "localize.yaml": CONFIG}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    return tmp_path


def record(folder: Path, market: str) -> dict:
    for name in (f"{market}.jsonl", "review-queue.jsonl"):
        for line in (folder / "out" / name).read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            if data["market"] == market:
                return data
    raise AssertionError(market)


def test_option_labels_come_from_the_pim_in_its_language_and_from_the_taxonomy_where_it_means_the_same(project: Path) -> None:
    shown = {m: {k: record(project, m)["display"].get(k) for k in ("color", "material", "size")}
             for m in ("de-DE", "en-US", "en-GB", "fr-CH", "ja-JP")}
    assert shown == {
        "de-DE": {"color": "Grau", "material": "Bio-Baumwolle", "size": "EU 42"},  # the PIM's own labels
        "en-US": {"color": "Gray", "material": "Organic cotton", "size": "EU 42"},
        # the taxonomy's British label where it means what the PIM's says (grey); `organic_cotton` is filed
        # under the taxonomy's `cotton`, whose label ("Cotton", "Coton", "綿") would drop "organic": the PIM's
        # label of the language is shown (until h11 this test pinned "Cotton"/"Coton"/"綿", a lost claim)
        "en-GB": {"color": "Grey", "material": "Organic cotton", "size": "EU 42"},
        "fr-CH": {"color": "Gris", "material": "Coton bio", "size": "EU 42"},
        # no Japanese label in the PIM: the source label "Bio-Baumwolle" translated (pseudo engine);
        # a label the same everywhere is shown
        "ja-JP": {"color": "グレー", "material": "[ßîö-ßàûɱŵöļļé ~]", "size": "EU 42"},
    }
    tsv = (project / "out" / "google-en-US.tsv").read_text(encoding="utf-8").splitlines()
    item = dict(zip(tsv[0].split("\t"), tsv[1].split("\t"), strict=True))
    assert (item["color"], item["material"], item["size"]) == ("Gray", "Organic cotton", "EU 42")


def test_excluded_attributes_reach_no_output(project: Path) -> None:
    written = sorted(p.name for p in (project / "out").iterdir())
    assert "en-US.xlsx" in written and "google-ja-JP.xml" in written
    for path in (project / "out").iterdir():
        if path.name.startswith("."):
            continue  # the generation folders behind the output names
        if path.suffix == ".xlsx":
            from openpyxl import load_workbook

            cells = [str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row]
            text = "\n".join(cells)
        else:
            text = path.read_text(encoding="utf-8")
        assert "Lindner" not in text and "internal_note" not in text, path.name


def test_a_bad_options_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "options.csv"
    path.write_text("attribute;code;label-de_DE\ncolor;grey;Grau\ncolor;;Rot\nsize;m\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        AttributeCatalog().load_options(path)
    assert str(err.value) == (f"{path}: 2 problem(s) in the attribute options file\n"
                              f"  - {path}:3: an option needs an attribute and a code\n"
                              f"  - {path}:4: 2 fields, the header has 3")
    (tmp_path / "products.csv").write_text("code;label\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        AttributeCatalog().load_options(tmp_path / "products.csv")
    assert str(err.value).startswith(f"{tmp_path / 'products.csv'}:1: not an Akeneo attribute options export")
