"""`localize validate --profile google-merchant`: unit pricing (an error where the item is clearly
sold by measure, a warning where it probably is) and HTML in descriptions, with exact messages,
in TSV and RSS feeds."""

from __future__ import annotations

from pathlib import Path

from localize.qa.runner import validate

COLUMNS = ("id", "title", "description", "link", "image_link", "availability", "price", "brand", "mpn",
           "google_product_category", "product_type", "unit_pricing_measure", "unit_pricing_base_measure")


def row(ident: str, title: str, *, price: str = "9.90 EUR", description: str = "Gut.", category: str = "",
        product_type: str = "", measure: str = "", base: str = "") -> str:
    cells = (ident, title, description, f"https://s.example/p/{ident}", f"https://s.example/{ident}.jpg", "in_stock",
             price, "Hof", f"M-{ident}", category, product_type, measure, base)
    return "\t".join(cells)


def tsv(tmp_path: Path, rows: list[str], market: str = "de-DE", name: str = "google.tsv", **options: object):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text("\t".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return validate([path], market=market, base=tmp_path, profile="google-merchant", **options)  # type: ignore[arg-type]


def unit_findings(result) -> list[tuple[str, str, int | None, str | None, str]]:  # type: ignore[no-untyped-def]
    return [(f.code, f.severity, f.line, f.record, f.message) for f in result.findings
            if f.code.startswith(("gm-unit", "gm-description"))]


def test_unit_pricing_clear_likely_and_malformed(tmp_path: Path) -> None:
    result = tsv(tmp_path, [
        row("WINE", "Riesling Spätlese 2022, 0,75 l", category="421"),
        row("CREME", "Handcreme Ringelblume, 75 ml", product_type="Gesundheit & Schönheit > Bad & Körper"),
        row("OIL", "Natives Olivenöl extra, 0,5 l"),
        row("COFFEE", "Bio-Espressobohnen „Crema“", product_type="Lebensmittel & Getränke > Kaffee"),
        row("KETTLE", "Wasserkocher „Aqua“, 1,5 l", product_type="Haushalt & Küche > Küchengeräte"),
        row("OK", "Riesling 0,75 l", category="421", measure="0.75 l", base="1 l"),
        row("COMMA", "Riesling 0,75 l", category="421", measure="0,75 l", base="1 l"),
        row("MIX", "Riesling 0,75 l", category="421", measure="750 ml", base="100 g"),
        row("BASE", "Riesling 0,75 l", category="421", measure="750 ml", base="3 l"),
        row("ALONE", "Riesling 0,75 l", base="1 l"),
    ])
    assert unit_findings(result) == [
        ("gm-unit-pricing", "error", 2, "WINE", "DE requires unit prices for goods sold by weight or volume and the "
         "item is food or drink with 0,75 l in the title: unit_pricing_measure is missing (e.g. unit_pricing_measure "
         "`0.75 l` and unit_pricing_base_measure `1 l`)"),
        ("gm-unit-pricing", "error", 3, "CREME", "DE requires unit prices for goods sold by weight or volume and the "
         "item is a cosmetic or personal care product with 75 ml in the title: unit_pricing_measure is missing (e.g. "
         "unit_pricing_measure `75 ml` and unit_pricing_base_measure `1 l`)"),
        ("gm-unit-pricing-likely", "warning", 4, "OIL", "the title states 0,5 l and DE requires unit prices for goods "
         "sold by weight or volume: if the item is sold by measure, unit_pricing_measure is missing (e.g. "
         "unit_pricing_measure `0.5 l` and unit_pricing_base_measure `1 l`)"),
        ("gm-unit-pricing-likely", "warning", 5, "COFFEE", "the item is food or drink and DE requires unit prices for "
         "goods sold by weight or volume, but neither unit_pricing_measure nor the title says how much it holds"),
        ("gm-unit-pricing", "error", 8, "COMMA", "unit_pricing_measure '0,75 l' uses a decimal comma; write the "
         "number with a dot, e.g. `0.75 l`"),
        ("gm-unit-pricing", "error", 9, "MIX", "unit_pricing_measure '750 ml' is a volume but the base measure "
         "'100 g' a mass: Google cannot compute the unit price"),
        ("gm-unit-pricing", "error", 10, "BASE", "unit_pricing_base_measure '3 l' uses a number Google does not "
         "accept: 1, 2, 4, 8, 10 or 100 (or 75 cl, 750 ml, 50 kg, 1000 kg)"),
        ("gm-unit-pricing", "error", 11, "ALONE", "unit_pricing_base_measure is given without unit_pricing_measure "
         "(the quantity it divides)"),
        ("gm-unit-pricing-likely", "warning", 11, "ALONE", "the title states 0,75 l and DE requires unit prices for "
         "goods sold by weight or volume: if the item is sold by measure, unit_pricing_measure is missing (e.g. "
         "unit_pricing_measure `0.75 l` and unit_pricing_base_measure `1 l`)"),
    ]
    assert result.exit_code == 1


def test_unit_pricing_follows_the_country(tmp_path: Path) -> None:
    rows = [row("WINE", "Riesling Spätlese 2022, 0.75 l", category="421", price="14.99 USD")]
    assert unit_findings(tsv(tmp_path, rows, market="en-US")) == []  # not required in the US
    rows = [row("WINE", "Riesling Spätlese 2022, 0.75 l", category="421", price="12.99 GBP")]
    found = unit_findings(tsv(tmp_path, rows, market="en-GB"))
    assert [(c, s) for c, s, *_ in found] == [("gm-unit-pricing", "error")]
    assert found[0][4].endswith("(e.g. unit_pricing_measure `0.75 l` and unit_pricing_base_measure `100 ml`)")


def test_unit_pricing_countries_and_categories_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "localize.yaml"
    config.write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE}\n"
        "markets: [{locale: de-DE}, {locale: en-US}]\n"
        "validate:\n"
        "  google_merchant:\n"
        "    unit_pricing_countries: [US]\n"
        "    unit_pricing: {categories: {'421': false, '499972': [net_volume]}}\n", encoding="utf-8")
    (tmp_path / "products.csv").write_text("sku\n", encoding="utf-8")
    rows = [row("WINE", "Riesling 0.75 l", category="421", price="14.99 USD"),
            row("MIX", "Cocktail mix 0.75 l", category="499972", price="9.99 USD")]
    result = tsv(tmp_path, rows, market="en-US", config=config)
    assert [(c, r) for c, _, _, r, _ in unit_findings(result)] == [("gm-unit-pricing", "MIX")]
    rows = [row("WINE", "Riesling 0,75 l", category="499972")]
    assert unit_findings(tsv(tmp_path, rows, market="de-DE", config=config)) == []  # DE is not in the list now


def test_html_in_a_google_description(tmp_path: Path) -> None:
    result = tsv(tmp_path, [
        row("P1", "Stiefel", description="<p>Robuste Stiefel.</p><ul><li>Leder</li><li>1,2 kg</li></ul>"),
        row("P2", "Stiefel", description="Fish &amp; Chips"),
        row("P3", "Stiefel", description='<p class="lead">Robuste Stiefel.</p>'),
        row("P4", "Stiefel", description="<p>Robuste <b>Stiefel.</p>"),
        row("P5", "Stiefel", description="Robuste Stiefel<script>alert(1)</script>"),
        row("P6", "Stiefel", description="Robuste Stiefel.  • Leder  • Größe < 42 & wasserdicht"),
    ])
    assert unit_findings(result) == [
        ("gm-description-html", "warning", 2, "P1", "description contains HTML (<p>, </p>, <ul>, <li> ...); Google "
         "expects plain text"),
        ("gm-description-html", "warning", 3, "P2", "description contains HTML (&amp;); Google expects plain text"),
        ("gm-description-bad-html", "error", 4, "P3", 'description contains a tag with attributes (<p class="lead">), '
         "which Google disapproves"),
        ("gm-description-bad-html", "error", 5, "P4", "description contains malformed HTML: </p> closes before the "
         "inner <b>: tags overlap, which Google disapproves"),
        ("gm-description-bad-html", "error", 6, "P5", "description contains the unsafe tag <script>, which Google "
         "disapproves"),
    ]


def test_html_in_an_rss_description_is_found_after_xml_unescaping(tmp_path: Path) -> None:
    path = tmp_path / "google.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">\n'
        "<channel><title>t</title><link>https://s.example/</link><description>d</description>"
        "<language>de-de</language>\n"
        "<item><g:id>P1</g:id><g:title>Stiefel</g:title>"
        "<g:description>&lt;p&gt;Robuste Stiefel&lt;/p&gt;</g:description>"
        "<g:link>https://s.example/p/P1</g:link><g:image_link>https://s.example/P1.jpg</g:image_link>"
        "<g:availability>in_stock</g:availability><g:price>9.90 EUR</g:price><g:brand>Hof</g:brand>"
        "<g:mpn>M1</g:mpn></item>\n"
        "<item><g:id>P2</g:id><g:title>Stiefel</g:title>"
        "<g:description>Robuste Stiefel &amp; Schuhe\n\n• Leder</g:description>"
        "<g:link>https://s.example/p/P2</g:link><g:image_link>https://s.example/P2.jpg</g:image_link>"
        "<g:availability>in_stock</g:availability><g:price>9.90 EUR</g:price><g:brand>Hof</g:brand>"
        "<g:mpn>M2</g:mpn></item>\n</channel></rss>\n", encoding="utf-8")
    result = validate([path], market="de-DE", base=tmp_path, profile="google-merchant")
    assert [(c, r, m) for c, _, _, r, m in unit_findings(result)] == [
        ("gm-description-html", "P1", "description contains HTML (<p>, </p>); Google expects plain text"),
    ]


def _shop(tmp_path: Path, extra: str = "") -> Path:
    """A small shop on Google's taxonomy: an olive oil (food) and a kettle (kitchen), HTML descriptions."""
    import csv

    from localize.taxonomy.google import read_google
    from localize.taxonomy.loader import dump_taxonomy

    (tmp_path / "taxonomy-with-ids.en-US.txt").write_text(
        "# Google_Product_Taxonomy_Version: 2021-09-21\n412 - Food, Beverages & Tobacco\n"
        "422 - Food, Beverages & Tobacco > Food Items\n2660 - Food, Beverages & Tobacco > Food Items > Cooking & Baking Ingredients\n"
        "536 - Home & Garden\n730 - Home & Garden > Kitchen Appliances\n", encoding="utf-8")
    (tmp_path / "taxonomy-with-ids.de-DE.txt").write_text(
        "# Google_Product_Taxonomy_Version: 2015-02-19\n412 - Nahrungsmittel, Getränke & Tabak\n"
        "422 - Nahrungsmittel, Getränke & Tabak > Lebensmittel\n2660 - Nahrungsmittel, Getränke & Tabak > Lebensmittel > Zutaten\n"
        "536 - Heim & Garten\n730 - Heim & Garten > Küchengeräte\n", encoding="utf-8")
    taxonomy = read_google([tmp_path / "taxonomy-with-ids.en-US.txt", tmp_path / "taxonomy-with-ids.de-DE.txt"])
    dump_taxonomy(taxonomy, tmp_path / "google.yaml")
    (tmp_path / "mapping.yaml").write_text("categories:\n  oil: '2660'\n  kitchen: '730'\n", encoding="utf-8")
    (tmp_path / "categories.csv").write_text("code;parent;label-de_DE\noil;;Öl\nkitchen;;Küche\n", encoding="utf-8")
    with (tmp_path / "attributes.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([
            ["type", "code", "label-de_DE", "localizable", "scopable", "metric_family", "default_metric_unit"],
            ["pim_catalog_identifier", "sku", "SKU", "0", "0", "", ""],
            ["pim_catalog_text", "name", "Name", "1", "0", "", ""],
            ["pim_catalog_textarea", "description", "Beschreibung", "1", "0", "", ""],
            ["pim_catalog_text", "brand", "Marke", "0", "0", "", ""],
            ["pim_catalog_text", "ean", "EAN", "0", "0", "", ""],
            ["pim_catalog_metric", "volume", "Volumen", "0", "0", "Volume", "LITER"],
            ["pim_catalog_metric", "weight", "Gewicht", "0", "0", "Weight", "KILOGRAM"],
            ["pim_catalog_price_collection", "price", "Preis", "0", "0", "", ""],
        ])
    with (tmp_path / "products.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([
            ["sku", "categories", "name-de_DE", "name-en_US", "description-de_DE", "description-en_US", "brand", "ean",
             "volume", "volume-unit", "weight", "weight-unit", "price-EUR", "price-USD"],
            ["OIL", "oil", "Natives Olivenöl extra, 0,5 l", "Extra virgin olive oil, 0.5 l",
             "<p>Kaltgepresst &amp; mild.</p><ul><li>Kreta</li><li>Ernte 2025</li></ul>",
             "<p>Cold-pressed &amp; mild.</p><ul><li>Crete</li><li>2025 harvest</li></ul>", "Kalamaki", "4006381333931",
             "0.5", "LITER", "0.95", "KILOGRAM", "12.90", "14.90"],
            ["KETTLE", "kitchen", "Wasserkocher, 1,5 l", "Electric kettle, 1.5 l", "<p>Schnell.</p>", "<p>Fast.</p>",
             "Aqua", "4260123450410", "1.5", "LITER", "1.1", "KILOGRAM", "79.90", "89.90"],
        ])
    config = tmp_path / "localize.yaml"
    config.write_text(
        "project: shop\nsource: {format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv,"
        " categories: categories.csv}\nmarkets: [{locale: de-DE}, {locale: en-US}]\n"
        "taxonomy: {path: google.yaml, mapping: mapping.yaml}\n"
        "outputs: {dir: out, formats: [jsonl, google-merchant-tsv, google-merchant-xml]}\n"
        "validate:\n  google_merchant:\n    link: 'https://shop.example/{language}/p/{identifier}'\n"
        "    image_link: 'https://cdn.example/{identifier}.jpg'\n" + extra, encoding="utf-8")
    return config


def _items(path: Path) -> dict[str, dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return {line.split("\t")[0]: dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]}


def test_run_writes_unit_prices_and_plain_text_that_validate_accepts(tmp_path: Path) -> None:
    from localize.api import run
    from localize.config import load_config

    config = _shop(tmp_path)
    report = run(load_config(config))
    assert [(m, report.markets[m].written) for m in ("de-DE", "en-US")] == [("de-DE", 2), ("en-US", 2)]
    de, us = _items(tmp_path / "out" / "google-de-DE.tsv"), _items(tmp_path / "out" / "google-en-US.tsv")
    assert (de["OIL"]["google_product_category"], de["OIL"]["unit_pricing_measure"],
            de["OIL"]["unit_pricing_base_measure"]) == ("2660", "0.5 l", "1 l")
    assert (us["OIL"]["unit_pricing_measure"], us["OIL"]["unit_pricing_base_measure"]) == ("16.91 floz", "1 floz")
    assert de["KETTLE"]["unit_pricing_measure"] == us["KETTLE"]["unit_pricing_measure"] == ""
    assert de["OIL"]["description"] == "Kaltgepresst & mild. • Kreta • Ernte 2025"  # a TSV item is one line
    from lxml import etree

    root = etree.parse(str(tmp_path / "out" / "google-en-US.xml")).getroot()
    ns = {"g": "http://base.google.com/ns/1.0"}
    assert root.findtext("channel/item/g:description", namespaces=ns) == "Cold-pressed & mild.\n\n• Crete\n• 2025 harvest"
    for market in ("de-DE", "en-US"):
        files = [tmp_path / "out" / f"google-{market}.{ext}" for ext in ("tsv", "xml")]
        result = validate(files, market=market, config=config, base=tmp_path)
        assert [(f.code, f.record) for f in result.findings] == []


def test_a_run_withholds_an_item_clearly_sold_by_measure_without_a_unit_price(tmp_path: Path) -> None:
    """`write: never` in Germany: the olive oil fails gm-unit-pricing, so the run holds it for review
    instead of publishing what Google would not show; the US needs no unit price."""
    import json

    from localize.api import run
    from localize.config import load_config

    config = _shop(tmp_path, "    unit_pricing: {write: never}\n")
    report = run(load_config(config))
    # withheld from the Google feeds of de-DE only: the JSONL feed takes it
    assert [(m, report.markets[m].written, report.markets[m].withheld) for m in ("de-DE", "en-US")] == [
        ("de-DE", 2, 0), ("en-US", 2, 0)]
    assert report.markets["de-DE"].outputs["google-merchant-tsv"] == {"written": 1, "withheld": 1}
    assert report.markets["en-US"].outputs["google-merchant-tsv"] == {"written": 2, "withheld": 0}
    queue = [json.loads(x) for x in (tmp_path / "out" / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    finding = next(f for r in queue for f in r["findings"] if f["code"] == "gm-unit-pricing")
    assert (queue[0]["identifier"], finding["severity"], finding["message"]) == (
        "OIL", "review", "DE requires unit prices for goods sold by weight or volume and the item is food or drink "
        "with 0,5 l in the title: unit_pricing_measure is missing (e.g. unit_pricing_measure `0.5 l` and "
        "unit_pricing_base_measure `1 l`)")
