"""Copy of another country's locale is never copied silently when its content is one country's: a legal
text in `notes`, a German hotline or shop domain in a description are found by content (not by the
attribute's name), translated from the source instead, and the record carries a finding that says what
was found (`sibling-copy-country-specific`); the rest of the record publishes as copy."""

from __future__ import annotations

import json
from pathlib import Path

from localize.api import run
from localize.config import load_config
from localize.translate.pseudo import pseudo_localize

PRODUCTS = """\
sku;name-en_US;name-de_DE;description-en_US;description-de_DE;notes-en_US;notes-de_DE
LAMP;Desk lamp;Schreibtischlampe;A bright lamp.;Eine helle Lampe. Hotline: +49 30 1234567;Dispose of separately.;Gemäß ElektroG getrennt entsorgen.
KETTLE;Kettle;Wasserkocher;A fast kettle.;Ein schneller Wasserkocher.;Descale monthly.;Monatlich entkalken.
RADIO;Radio;Radio;A small radio.;Mehr auf www.radio-shop.de;;Versand nach Deutschland kostenlos.
"""
ATTRIBUTES = """\
type;code;label-en_US;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;1
pim_catalog_textarea;description;Description;1
pim_catalog_textarea;notes;Notes;1
"""


def test_country_specific_copy_is_translated_with_a_finding_and_the_record_publishes(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: en_US, attributes: attributes.csv}\n"
        "markets: [{locale: de-CH}]\noutputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n",
        encoding="utf-8")
    report = run(load_config(tmp_path / "localize.yaml"))
    got = {d["identifier"]: d for d in map(json.loads, (tmp_path / "out" / "de-CH.jsonl").read_text(encoding="utf-8").splitlines())}
    assert set(got) == {"LAMP", "KETTLE", "RADIO"}  # every record publishes
    lamp = got["LAMP"]
    # the legal note and the description with a German hotline: translated from en_US, not copied
    assert (lamp["values"]["notes"], lamp["status"]["notes"]) == (pseudo_localize("Dispose of separately."), "machine")
    assert (lamp["values"]["description"], lamp["status"]["description"]) == (pseudo_localize("A bright lamp."), "machine")
    assert (lamp["values"]["name"], lamp["status"]["name"]) == ("Schreibtischlampe", "pim")  # the rest is copied
    findings = {(f["field"], f["code"], f["severity"]): f["message"] for f in lamp["findings"]}
    notes = findings[("notes", "sibling-copy-country-specific", "info")]
    assert "the PIM's de_DE copy was not copied for de-CH" in notes and "a legal reference ('ElektroG')" in notes
    assert "a phone number ('+49 30 1234567')" in findings[("description", "sibling-copy-country-specific", "info")]
    # nothing country-specific: copied, no finding
    kettle = got["KETTLE"]
    assert kettle["values"]["notes"] == "Monatlich entkalken." and kettle["status"]["notes"] == "pim"
    assert not [f for f in kettle.get("findings", []) if f["code"] == "sibling-copy-country-specific"]
    # a shop domain: translated; shipping terms with no source copy: left out, and said
    radio = got["RADIO"]
    assert radio["status"]["description"] == "machine" and "notes" not in radio["values"]
    said = [f["message"] for f in radio["findings"] if f["code"] == "sibling-copy-country-specific"]
    assert len(said) == 2 and any("shipping or delivery terms ('Versand nach')" in m and
                                  "left out (no en-US copy to translate)" in m for m in said)
    assert report.sections["translation"]["copied_from_sibling_locale"] == {"de-CH": {"de_DE": 5, "kept": 3}}
    assert ("de-CH: copy of another country's locale that differs per country (a price, legal text, warranty, size ...) "
            "was not copied: translated from en-US") in report.warnings
