"""`localize run` writes Google Merchant feeds, runs the QA checks as its last check, and what it
publishes `localize validate` accepts."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.errors import ConfigError
from localize.qa.runner import validate

HEADER = ["sku", "family", "parent", "categories", "enabled", "name-de_DE", "name-en_US",
          "description-de_DE-ecommerce", "brand", "ean", "color", "weight", "weight-unit", "price-EUR", "price-USD",
          "picture"]
ROWS = [
    ["BOOT-1", "boots", "", "hiking", "1", "Wanderschuh „Alpin“", "", "<p>Robuster <b>Leder</b>schuh, 1,2 kg.</p>",
     "TrailMaster", "4006381333931", "black", "1.2", "KILOGRAM", "89.90", "99.00", "b/boot-1.jpg"],
    ["BOOT-2", "boots", "", "hiking", "1", "Wanderschuh Leicht", "Light hiking boot", "<p>Leicht.</p>",
     "TrailMaster", "4006381-33393", "red", "900", "GRAM", "79.90", "89.00", "b/boot-2.jpg"],
    ["TENT-1", "tents", "", "camping", "1", "Zelt für 2 Personen", "", "Wasserdicht bis 3000 mm",
     "TrailMaster", "", "green", "2.5", "KILOGRAM", "199.00", "219.00", "t/tent 1.jpg"],
]
ATTRIBUTES = [
    ["type", "code", "label-de_DE", "label-en_US", "localizable", "scopable", "metric_family", "default_metric_unit"],
    ["pim_catalog_identifier", "sku", "SKU", "SKU", "0", "0", "", ""],
    ["pim_catalog_text", "name", "Name", "Name", "1", "0", "", ""],
    ["pim_catalog_textarea", "description", "Beschreibung", "Description", "1", "1", "", ""],
    ["pim_catalog_text", "brand", "Marke", "Brand", "0", "0", "", ""],
    ["pim_catalog_text", "ean", "EAN", "EAN", "0", "0", "", ""],
    ["pim_catalog_simpleselect", "color", "Farbe", "Color", "0", "0", "", ""],
    ["pim_catalog_metric", "weight", "Gewicht", "Weight", "0", "0", "Weight", "GRAM"],
    ["pim_catalog_price_collection", "price", "Preis", "Price", "0", "0", "", ""],
    ["pim_catalog_image", "picture", "Bild", "Picture", "0", "0", "", ""],
]
CONFIG = """
project: shop
source:
  format: akeneo-csv
  path: products.csv
  locale: de_DE
  channel: ecommerce
  attributes: attributes.csv
markets:
  - locale: de-DE
  - locale: en-US
outputs:
  dir: out
  formats: [jsonl, google-merchant-tsv, google-merchant-xml]
translation:
  engine: pseudo   # offline and deterministic; keeps tags, placeholders, numbers and brand names
validate:
  brands: [TrailMaster]
  google_merchant:
    link: "https://shop.example/{language}/p/{identifier}"
    image_link: "https://cdn.example/media/{image}"
    fields: {gtin: ean}
"""


def project(tmp_path: Path, config: str = CONFIG) -> Path:
    with (tmp_path / "products.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    with (tmp_path / "attributes.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(ATTRIBUTES)
    path = tmp_path / "localize.yaml"
    path.write_text(config, encoding="utf-8")
    return path


def test_run_writes_google_feeds_that_validate_accepts(tmp_path: Path) -> None:
    report = run(load_config(project(tmp_path)))
    out = tmp_path / "out"
    # BOOT-2 has an invalid EAN: an error-level Google check, so the run withholds it from the Google
    # feeds (with the finding, in the review queue); the JSONL feed, which has no such rule, takes it.
    # (h20: a digits-only EAN whose check digit is wrong is set aside on reading, `localize.gtin`; this one
    # has a hyphen, a code as a person typed it, which reading leaves to the feed's checks)
    assert (report.markets["de-DE"].written, report.markets["de-DE"].withheld) == (3, 0)
    assert report.markets["de-DE"].outputs == {"jsonl": {"written": 3, "withheld": 0},
                                               "google-merchant-tsv": {"written": 2, "withheld": 1},
                                               "google-merchant-xml": {"written": 2, "withheld": 1}}
    queue = [json.loads(line) for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    gtin = [f for r in queue for f in r["findings"] if f["code"] == "gm-gtin"]
    assert {(r["identifier"], r["market"]) for r in queue} == {("BOOT-2", "de-DE"), ("BOOT-2", "en-US")}
    assert all(r["withheld_outputs"] == ["google-merchant"] and "withheld" not in r for r in queue)
    assert gtin[0]["severity"] == "review" and gtin[0]["stage"] == "check" and gtin[0]["output"] == "google-merchant"
    assert gtin[0]["message"] == "gtin '4006381-33393' has check digit 3, expected 0"

    for market in ("de-DE", "en-US"):
        files = [out / f"{market}.jsonl", out / f"google-{market}.tsv", out / f"google-{market}.xml"]
        result = validate(files, market=market, config=tmp_path / "localize.yaml", base=tmp_path)
        errors = [f for f in result.findings if f.severity == "error"]
        assert errors == [], errors
        assert result.exit_code == 0
        assert [f.records for f in result.files] == [3, 2, 2]


def test_google_tsv_fields(tmp_path: Path) -> None:
    run(load_config(project(tmp_path)))
    lines = (tmp_path / "out" / "google-en-US.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    boot, tent = rows
    assert boot["id"] == "BOOT-1"
    assert boot["price"] == "99.00 USD"
    assert boot["link"] == "https://shop.example/en/p/BOOT-1"
    assert boot["image_link"] == "https://cdn.example/media/b/boot-1.jpg"
    assert boot["shipping_weight"] == "2.6 lb"  # the convert stage made it pounds for en-US
    assert boot["gtin"] == "4006381333931" and boot["brand"] == "TrailMaster"
    assert boot["availability"] == "in_stock" and boot["condition"] == "new"
    feed = [json.loads(line) for line in (tmp_path / "out" / "en-US.jsonl").read_text(encoding="utf-8").splitlines()]
    assert boot["title"] == feed[0]["values"]["name"] != feed[0]["source"]["name"]  # the published translation
    assert tent["image_link"] == "https://cdn.example/media/t/tent%201.jpg"
    de = (tmp_path / "out" / "google-de-DE.tsv").read_text(encoding="utf-8").splitlines()[1].split("\t")
    assert dict(zip(header, de, strict=True))["price"] == "89.90 EUR"


def test_google_xml_is_rss_with_the_g_namespace(tmp_path: Path) -> None:
    from lxml import etree

    run(load_config(project(tmp_path)))
    root = etree.parse(str(tmp_path / "out" / "google-de-DE.xml")).getroot()
    ns = {"g": "http://base.google.com/ns/1.0"}
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("channel/language") == "de-de"
    assert root.findtext("channel/link") == "https://shop.example/"
    items = root.findall("channel/item")
    assert [i.findtext("g:id", namespaces=ns) for i in items] == ["BOOT-1", "TENT-1"]
    # Google's description is plain text: the HTML of the PIM (and of the JSONL feed) becomes text
    assert items[0].findtext("g:description", namespaces=ns) == "Robuster Lederschuh, 1,2 kg."
    jsonl = json.loads((tmp_path / "out" / "de-DE.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert jsonl["values"]["description"] == "<p>Robuster <b>Leder</b>schuh, 1,2 kg.</p>"


def test_google_feeds_are_deterministic(tmp_path: Path) -> None:
    config = load_config(project(tmp_path))
    run(config)
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("google-*")}
    run(config)
    second = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("google-*")}
    assert first == second and len(first) == 4


def test_google_feed_without_link_templates_is_a_config_error(tmp_path: Path) -> None:
    config = CONFIG.replace('    link: "https://shop.example/{language}/p/{identifier}"\n', "")
    with pytest.raises(ConfigError) as exc:
        run(load_config(project(tmp_path, config)))
    assert exc.value.message == "outputs.formats: a Google Merchant feed needs validate.google_merchant.link"


def test_unknown_template_field_is_a_config_error(tmp_path: Path) -> None:
    config = CONFIG.replace("{identifier}", "{sku}")
    with pytest.raises(ConfigError) as exc:
        run(load_config(project(tmp_path, config)))
    assert exc.value.message == (
        "validate.google_merchant.link: unknown field {sku} in URL template 'https://shop.example/{language}/p/{sku}'"
    )


def test_withheld_finding_mapping_and_summary(tmp_path: Path) -> None:
    config = CONFIG.replace("  brands: [TrailMaster]\n", "  brands: [TrailMaster]\n  checks: {gm-gtin: warning}\n")
    report = run(load_config(project(tmp_path, config)))
    assert report.markets["de-DE"].withheld == 0  # a warning is reported (info), never withheld
    summary = report.stages["check"]["checkers"]["qa"]
    assert summary["findings"]["gm-gtin"] == {"error": 0, "warning": 2}
    assert summary["google_merchant"] is True


def test_cli_run_then_validate_exit_codes(tmp_path: Path) -> None:
    project(tmp_path)

    def localize(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "localize", *args], cwd=tmp_path, capture_output=True,
                              text=True, timeout=180)

    assert localize("run", "localize.yaml", "--json").returncode == 0
    ok = localize("validate", "out/google-de-DE.tsv", "--market", "de-DE", "--config", "localize.yaml",
                  "--format", "json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["summary"]["errors"] == 0
    bad = localize("validate", "out/google-de-DE.tsv", "--market", "en-US", "--format", "github")
    assert bad.returncode == 1
    assert "::error file=out/google-de-DE.tsv,line=2,title=gm-price-currency::BOOT-1 price: price is in EUR, " \
           "but the market en-US sells in USD" in bad.stdout


def test_validate_against_the_source_catalogue(tmp_path: Path) -> None:
    """--source: the PIM export is the truth, not the feed's stored source. A plain-text Google
    description is compared with the source's text (its tags are not missing, they became text);
    a description that kept HTML is compared tag for tag."""
    run(load_config(project(tmp_path)))
    feed = tmp_path / "out" / "google-de-DE.tsv"
    written = feed.read_text(encoding="utf-8")
    assert "\tRobuster Lederschuh, 1,2 kg.\t" in written
    feed.write_text(written.replace("Robuster Lederschuh, 1,2 kg.", "Robuster Lederschuh, 1,5 kg."), encoding="utf-8")
    result = validate([feed], market="de-DE", config=tmp_path / "localize.yaml", source=tmp_path / "products.csv",
                      base=tmp_path)
    assert [(f.code, f.record, f.field, f.message) for f in result.findings if f.severity == "error"] == [
        ("number-mismatch", "BOOT-1", "description", "the source says '1,2 kg' but the target says '1,5 kg'"),
    ]
    feed.write_text(written.replace("Robuster Lederschuh, 1,2 kg.", "<p>Robuster Lederschuh, 1,5 kg.</p>"),
                    encoding="utf-8")
    result = validate([feed], market="de-DE", config=tmp_path / "localize.yaml", source=tmp_path / "products.csv",
                      base=tmp_path)
    assert [(f.code, f.record, f.field, f.message) for f in result.findings if f.record == "BOOT-1"] == [
        ("gm-description-html", "BOOT-1", "description", "description contains HTML (<p>, </p>); Google expects plain text"),
        ("tag-mismatch", "BOOT-1", "description", "tags missing in the target: <b>, </b>"),
        ("number-mismatch", "BOOT-1", "description", "the source says '1,2 kg' but the target says '1,5 kg'"),
    ]


def test_google_product_category_from_a_google_shared_taxonomy(tmp_path: Path) -> None:
    """The shared taxonomy imported from Google: its ids are Google's, written as google_product_category,
    and product_type is the category path in the market's language."""
    from localize.taxonomy.google import read_google
    from localize.taxonomy.loader import dump_taxonomy

    (tmp_path / "taxonomy-with-ids.en-US.txt").write_text(
        "# Google_Product_Taxonomy_Version: 2021-09-21\n"
        "166 - Apparel & Accessories\n187 - Apparel & Accessories > Shoes\n", encoding="utf-8")
    (tmp_path / "taxonomy-with-ids.de-DE.txt").write_text(
        "# Google_Product_Taxonomy_Version: 2015-02-19\n"
        "166 - Bekleidung & Accessoires\n187 - Bekleidung & Accessoires > Schuhe\n", encoding="utf-8")
    taxonomy = read_google([tmp_path / "taxonomy-with-ids.en-US.txt", tmp_path / "taxonomy-with-ids.de-DE.txt"])
    dump_taxonomy(taxonomy, tmp_path / "google.yaml")
    (tmp_path / "mapping.yaml").write_text("categories:\n  hiking: '187'\n  camping: '166'\n", encoding="utf-8")
    (tmp_path / "categories.csv").write_text("code;parent;label-de_DE\nhiking;;Wandern\ncamping;;Camping\n",
                                             encoding="utf-8")
    config = CONFIG.replace("outputs:", "taxonomy: {path: google.yaml, mapping: mapping.yaml}\noutputs:").replace(
        "  attributes: attributes.csv\n", "  attributes: attributes.csv\n  categories: categories.csv\n")
    run(load_config(project(tmp_path, config)))
    lines = (tmp_path / "out" / "google-de-DE.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    boot = dict(zip(header, lines[1].split("\t"), strict=True))
    assert boot["google_product_category"] == "187"
    assert boot["product_type"] == "Bekleidung & Accessoires > Schuhe"


def test_each_output_gets_what_it_can_take(tmp_path: Path) -> None:
    """A record without a brand or an image meets the JSONL feed's requirements, not Google's:
    it is withheld from the Google feeds only, and each output's counts say so."""
    path = project(tmp_path)
    rows = [row[:] for row in ROWS]
    rows[0][HEADER.index("brand")] = ""  # BOOT-1: no brand (Google needs brand or gtin+... identifiers)
    rows[2][HEADER.index("picture")] = ""  # TENT-1: no image, so no image_link
    with (tmp_path / "products.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    report = run(load_config(path))
    out = tmp_path / "out"
    for market in ("de-DE", "en-US"):
        counts = report.to_dict()["markets"][market]
        jsonl = [json.loads(x)["identifier"] for x in (out / f"{market}.jsonl").read_text(encoding="utf-8").splitlines()]
        tsv = [x.split("\t")[0] for x in (out / f"google-{market}.tsv").read_text(encoding="utf-8").splitlines()[1:]]
        assert jsonl == ["BOOT-1", "BOOT-2", "TENT-1"]
        assert "TENT-1" not in tsv and len(tsv) == counts["outputs"]["google-merchant-tsv"]["written"]
        assert counts["written"] == 3 and counts["withheld"] == 0
        for fmt, tally in counts["outputs"].items():
            assert tally["written"] + tally["withheld"] + counts["rejected"] + counts["pending"] == counts["read"], fmt
    assert report.balanced() and report.exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["markets"]["de-DE"]["outputs"]["google-merchant-xml"]["withheld"] >= 2


def test_a_market_publishing_nothing_exits_1_with_a_sentence(tmp_path: Path) -> None:
    config = CONFIG.replace("formats: [jsonl, google-merchant-tsv, google-merchant-xml]", "formats: [google-merchant-tsv]")
    path = project(tmp_path, config)
    with (tmp_path / "products.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows([row[:-1] + [""] for row in ROWS])  # no pictures: no Google item can have image_link
    report = run(load_config(path))
    counts = report.to_dict()["markets"]["de-DE"]
    assert report.exit_code == 1
    assert (counts["written"], counts["withheld"]) == (0, 3)
    assert counts["unpublished"].startswith("market de-DE: read 3 record(s) and published none: 3 withheld for review (")
