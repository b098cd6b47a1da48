"""A market whose language the PIM holds in another country's locale (de_DE copy, market de-CH): by default
the market takes that copy, in its own spelling (ß -> ss), not a machine translation from the source locale;
what differs per country (a warranty, a price in the copy) is translated as before; `copy_from: translate`
translates; a named sibling is used; the run says what it chose and counts it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.errors import ConfigError
from localize.translate.pseudo import pseudo_localize

PRODUCTS = """\
sku;family;categories;name-en_US;name-de_DE;name-de_AT;description-en_US;description-de_DE;warranty-en_US;warranty-de_DE;promo-en_US;promo-de_DE;care-de_DE
P1;kitchen;pans;Large pan;Große Pfanne;;A pan for the street, 2.5 kg.;Eine Pfanne für die Straße, 2,5 kg.;2 years;2 Jahre Garantie nach BGB;Now only 19.90 EUR;Jetzt nur 19,90 €;Nicht spülmaschinenfest, heiß abwaschen.
P2;kitchen;pans;Small pot;;Kleiner Topf;A pot.;;;;;;
P3;kitchen;pans;Lid;Deckel;;;;;;;;
"""
ATTRIBUTES = """\
type;code;label-en_US;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;1
pim_catalog_textarea;description;Description;1
pim_catalog_textarea;warranty;Warranty;1
pim_catalog_text;promo;Promotion;1
pim_catalog_textarea;care;Care;1
"""


def project(folder: Path, markets: str) -> tuple[dict[tuple[str, str], dict], object]:
    (folder / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    (folder / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: en_US, attributes: attributes.csv}\n"
        f"markets: {markets}\noutputs: {{dir: out, formats: [jsonl, akeneo-csv]}}\ntranslation: {{engine: pseudo}}\n",
        encoding="utf-8")
    report = run(load_config(folder / "localize.yaml"))
    got = {}
    for path in (folder / "out").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            got[data["identifier"], data["market"]] = data
    return got, report


def test_a_market_takes_the_copy_of_its_languages_other_locale_in_its_own_spelling(tmp_path: Path) -> None:
    got, report = project(tmp_path, "[{locale: de-CH}, {locale: fr-CH}]")  # the default: no setting
    ch = got["P1", "de-CH"]
    assert ch["values"]["name"] == "Grosse Pfanne" and ch["status"]["name"] == "pim"
    # in de-CH's notation too, as a translation would write its quantities (CLDR de-CH: 2.5 kg)
    assert ch["values"]["description"] == "Eine Pfanne für die Strasse, 2.5 kg."
    assert ch["values"]["care"] == "Nicht spülmaschinenfest, heiss abwaschen."  # no en_US copy: before, none at all
    # what differs per country is translated from the source as before: a warranty, a price stated in the copy
    assert ch["values"]["warranty"] == pseudo_localize("2 years") and ch["status"]["warranty"] == "machine"
    assert ch["values"]["promo"].startswith(pseudo_localize("Now only")[:-3]) and ch["status"]["promo"] == "machine"
    # P2 has German copy in de_AT only: de-CH takes it (the language's main locale first, then by name)
    assert got["P2", "de-CH"]["values"]["name"] == "Kleiner Topf"
    # no French copy anywhere: translated
    assert got["P1", "fr-CH"]["values"]["name"] == pseudo_localize("Large pan")
    section = report.sections["translation"]
    assert section["copied_from_sibling_locale"] == {"de-CH": {"de_AT": 1, "de_DE": 4, "kept": 2}}
    for sibling in ("de_AT", "de_DE"):
        assert (f"de-CH: copy taken from the PIM's {sibling} copy (in de-CH spelling: ß -> ss) where the PIM has none in "
                "de-CH, instead of translating the en-US copy (counts: translation.copied_from_sibling_locale); set "
                "`copy_from: translate` on the market to translate instead") in report.warnings
    assert ("de-CH: copy of another country's locale that differs per country (a price, legal text, warranty, size ...) "
            "was not copied: translated from en-US") in report.warnings
    assert not [w for w in report.warnings if w.startswith("fr-CH")]
    # P1's promo states `19.90 EUR`: in a CHF market a reviewer decides (price-in-copy, brief n2), so P1 is held
    assert "price-in-copy" in {f["code"] for f in ch["findings"]}
    # the copied copy is the market's new copy in the PIM: written back to its Akeneo import
    rows = (tmp_path / "out" / "de-CH.akeneo.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split(";") == ["sku", "description-de_CH", "name-de_CH"]
    assert "P3;;Deckel" in rows  # its only copy, copied: the row is written (the PIM has no de_CH copy)


def test_copy_from_translate_translates(tmp_path: Path) -> None:
    got, report = project(tmp_path, "[{locale: de-CH, copy_from: translate}, {locale: de-AT, copy_from: translate}]")
    ch = got["P1", "de-CH"]  # the machine translation from en_US, as before
    assert ch["values"]["name"] == pseudo_localize("Large pan") and ch["status"]["name"] == "machine"
    assert "care" not in ch["values"]
    assert got["P2", "de-AT"]["values"]["name"] == "Kleiner Topf"  # its own locale's copy, as always
    assert report.sections["translation"]["copied_from_sibling_locale"] == {}
    assert not [w for w in report.warnings if "copy_from" in w]


def test_a_named_sibling_is_the_only_one_copied(tmp_path: Path) -> None:
    got, report = project(tmp_path, "[{locale: de-CH, copy_from: {locale: de_AT, exclude: [name]}}]")
    described = got["P1", "de-CH"]  # no de_AT copy: translated
    assert described["status"]["description"] == "machine" and "Strasse" not in described["values"]["description"]
    assert got["P2", "de-CH"]["values"]["name"] == pseudo_localize("Small pot")  # excluded by the market
    assert report.sections["translation"]["copied_from_sibling_locale"] == {"de-CH": {"kept": 1}}


def test_a_sibling_of_another_language_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        project(tmp_path, "[{locale: de-CH, copy_from: fr_FR}]")
    assert str(err.value).startswith("markets: de-CH: copy_from 'fr_FR' is not a locale of the market's language")


def test_copy_of_a_sibling_locale_is_written_back_in_its_channel_where_the_source_has_no_value(tmp_path: Path) -> None:
    """icecat's print descriptions: 3 products have fr_FR copy and no en_US copy. fr-CA copies fr_FR's,
    and the Akeneo writer named the channel only when the SOURCE locale had a value in it, so it wrote
    `description-fr_CA` for a scopable attribute: the run stopped with exit 3 ("the Akeneo import file
    would not pass Akeneo's column grammar") and published nothing for any market."""
    (tmp_path / "products.csv").write_text(
        "sku;family;categories;name-en_US;name-fr_FR;description-en_US-print;description-fr_FR-print\n"
        "P1;kitchen;pans;Pan;Poêle;A pan.;Une poêle.\nP2;kitchen;pans;Pot;Casserole;;Une casserole.\n",
        encoding="utf-8")
    (tmp_path / "attributes.csv").write_text(
        "type;code;label-en_US;localizable;scopable\npim_catalog_identifier;sku;SKU;0;0\n"
        "pim_catalog_text;name;Name;1;0\npim_catalog_textarea;description;Description;1;1\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: en_US, channel: print, "
        "attributes: attributes.csv}\nmarkets: [{locale: fr-CA}]\noutputs: {dir: out, formats: [jsonl, akeneo-csv]}\n"
        "translation: {engine: pseudo}\n", encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    rows = (tmp_path / "out" / "fr-CA.akeneo.csv").read_text(encoding="utf-8").splitlines()
    assert rows == ["sku;description-fr_CA-print;name-fr_CA", "P1;Une poêle.;Poêle", "P2;Une casserole.;Casserole"]
