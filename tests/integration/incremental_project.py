"""A small project for the incremental-run tests: three products, three markets, every output
format (JSONL, Akeneo CSV, CSV, XLSX, Google Merchant TSV and XML), the default taxonomy with a
mapping file, a translation memory, a rules pack, a rates file and a QA glossary."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape


def ean13(stem: str) -> str:
    digits = [int(c) for c in stem]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return stem + str((10 - total % 10) % 10)


COPY = {
    # (sku, attribute): German source, English, French
    ("MUG-1", "name"): ("Becher", "Mug", "Mug"),
    ("MUG-1", "description"): ("<p>Becher aus Steinzeug, 0,3 l.</p>", "<p>Stoneware mug, 0.3 l.</p>",
                               "<p>Mug en grès, 0,3 l.</p>"),
    ("PAN-1", "name"): ("Pfanne", "Frying pan", "Poêle"),
    ("PAN-1", "description"): ("<p>Pfanne aus Gusseisen, 28 cm.</p>", "<p>Cast iron frying pan, 28 cm.</p>",
                               "<p>Poêle en fonte, 28 cm.</p>"),
    ("SHIRT-1", "name"): ("T-Shirt", "T-shirt", "T-shirt"),
    ("SHIRT-1", "description"): ("<p>Aus Baumwolle.</p>", "<p>Made from cotton.</p>", "<p>En coton.</p>"),
}

ATTRIBUTES = """\
type;code;label-de_DE;label-en_US;localizable;scopable;metric_family;default_metric_unit
pim_catalog_identifier;sku;Artikelnummer;SKU;0;0;;
pim_catalog_text;name;Name;Name;1;0;;
pim_catalog_textarea;description;Beschreibung;Description;1;1;;
pim_catalog_text;brand;Marke;Brand;0;0;;
pim_catalog_text;ean;EAN;EAN;0;0;;
pim_catalog_simpleselect;color;Farbe;Color;0;0;;
pim_catalog_metric;weight;Gewicht;Weight;0;0;Weight;KILOGRAM
pim_catalog_price_collection;price;Preis;Price;0;0;;
"""
CATEGORIES = """\
code;parent;label-de_DE;label-en_US
master;;Katalog;Catalog
kitchen;master;Küche;Kitchen
kitchen_mugs;kitchen;Becher & Tassen;Mugs & cups
kitchen_pans;kitchen;Pfannen;Frying pans
apparel;master;Bekleidung;Apparel
apparel_tops;apparel;Oberteile;Tops
"""
MAPPING = """\
taxonomy: default
categories:
  kitchen: home
  kitchen_mugs: home.tableware.mugs
  kitchen_pans: home.cookware.pans
  apparel: apparel
  apparel_tops: apparel.tops
"""
RULES = """\
pack: shop
scope: {global: true}
rules:
  - id: shop-cast-iron
    kind: terms
    severity: info
    message: Cast iron needs seasoning advice.
    source: our own care guide
    terms: {de: [Edelstahlpfanne]}
"""
RATES = "Date,USD,JPY,GBP,CHF,\n2026-11-20,1.0500,160.00,0.8700,0.9400,\n"
GLOSSARY = "de-DE,en-US\nBecher,Mug\n"


def product_rows() -> str:
    header = ("sku;family;categories;name-de_DE;description-de_DE-ecommerce;brand;ean;color;weight;weight-unit;"
              "price-EUR")
    rows = [header]
    data = {"MUG-1": ("kitchen", "kitchen_mugs", "white", "0.3500", "9.90", "400638133393"),
            "PAN-1": ("kitchen", "kitchen_pans", "black", "2.5000", "49.90", "400638133394"),
            "SHIRT-1": ("clothing", "apparel_tops", "red", "0.2000", "19.90", "400638133395")}
    for sku, (family, category, color, weight, price, stem) in data.items():
        name, description = COPY[(sku, "name")][0], COPY[(sku, "description")][0]
        rows.append(f'{sku};{family};{category};{name};"{description}";Küchenwerk;{ean13(stem)};{color};{weight};'
                    f"KILOGRAM;{price}")
    return "\n".join(rows) + "\n"


def tmx(copy: dict[tuple[str, str], tuple[str, str, str]] = COPY) -> str:
    units = []
    for (_sku, attribute), (de, en, fr) in copy.items():
        units.append(
            f'<tu><prop type="x-attribute">{attribute}</prop><prop type="x-origin">human</prop>'
            f'<tuv xml:lang="de-DE"><seg>{escape(de)}</seg></tuv>'
            f'<tuv xml:lang="en-US"><seg>{escape(en)}</seg></tuv>'
            f'<tuv xml:lang="fr-FR"><seg>{escape(fr)}</seg></tuv></tu>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
            'creationtoolversion="1" segtype="paragraph" o-tmf="t" adminlang="en-US" srclang="de-DE" datatype="html"/>'
            f'<body>{"".join(units)}</body></tmx>\n')


CONFIG = """\
version: 1
project: incremental
source:
  format: akeneo-csv
  path: products.csv
  locale: de_DE
  channel: ecommerce
  attributes: attributes.csv
  categories: categories.csv
markets:
  - locale: de-DE
  - locale: en-US
  - locale: fr-FR
taxonomy:
  path: default
  mapping: mapping.yaml
outputs:
  dir: out
  formats: [jsonl, akeneo-csv, csv, xlsx, google-merchant-tsv, google-merchant-xml]
translation:
  memory_files: [memory.tmx]
rules:
  packs: [rules.yaml]
prices:
  rates_file: rates.csv
validate:
  glossary: glossary.csv
  google_merchant:
    link: https://shop.example/{language}/p/{identifier}
    image_link: https://cdn.example/{identifier}.jpg
"""


def project(folder: Path, config: str = CONFIG) -> Path:
    """Write the project into `folder`; returns the config path."""
    files = {"products.csv": product_rows(), "attributes.csv": ATTRIBUTES, "categories.csv": CATEGORIES,
             "mapping.yaml": MAPPING, "rules.yaml": RULES, "rates.csv": RATES, "glossary.csv": GLOSSARY,
             "memory.tmx": tmx(), "localize.yaml": config}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "localize.yaml"
