"""Deliberately broken feeds: every problem is found at its line, with the exact message, and the
rest of the file is still checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.qa.engine import Validator
from localize.qa.examples import market_for
from localize.qa.runner import validate
from localize.qa.settings import build_settings


def line(identifier: str, **over: object) -> str:
    """A valid de-DE JSONL feed line (en-US source), with fields overridden."""
    data: dict[str, object] = {
        "identifier": identifier, "market": "de-DE", "locale": "de-DE", "source_locale": "en-US",
        "country": "DE", "currency": "EUR", "channel": "ecommerce", "family": "boots", "parent": None,
        "categories": ["hiking"], "enabled": True,
        "values": {"name": "Wanderschuh", "description": "<p>Robuster <b>Leder</b>stiefel, 1,5 kg.</p>",
                   "price": [{"amount": "89.90", "currency": "EUR"}], "weight": {"amount": "1.5", "unit": "KILOGRAM"}},
        "source": {"name": "Hiking boot", "description": "<p>Robust <b>leather</b> boot, 1.5 kg.</p>"},
        "status": {"name": "machine", "description": "machine"},
        "findings": [],
    }
    for key, value in over.items():
        if key in ("values", "source", "status") and isinstance(value, dict):
            data[key] = {**data[key], **value}  # type: ignore[dict-item]
        else:
            data[key] = value
    return json.dumps(data, ensure_ascii=False)


def run(tmp_path: Path, name: str, text: str, market: str = "de-DE", **options: object):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return validate([path], market=market, base=tmp_path, **options)  # type: ignore[arg-type]


def found(result) -> list[tuple[str, int | None, str | None, str | None, str]]:  # type: ignore[no-untyped-def]
    return [(f.code, f.line, f.record, f.field, f.message) for f in result.findings]


def test_a_clean_feed_passes(tmp_path: Path) -> None:
    result = run(tmp_path, "de-DE.jsonl", line("P1") + "\n" + line("P2") + "\n")
    assert found(result) == []
    assert result.exit_code == 0
    assert [(f.path, f.records) for f in result.files] == [("de-DE.jsonl", 2)]


def test_broken_jsonl_feed_reports_every_problem_at_its_line(tmp_path: Path) -> None:
    text = "\n".join([
        line("P1"),
        '{"identifier": "P2", "values": {',
        line("P3", currency="USD"),
        line("P4", source={"description": "<p>Robust <b>leather</b> tent, 1.5 kg.</p>"},
             values={"description": "<p>Robustes Lederzelt, 1,5 kg.</p>"}),
        line("P5", source={"name": "Save {x} now"}, values={"name": "Jetzt { x} sparen"}),
        line("P6", source={"name": "Boot " * 20}, values={"name": "Wanderschuh " * 15}),
        json.dumps({"identifier": "P7", "market": "de-DE"}),
        line("P1"),
        "[1, 2]",
    ]) + "\n"
    result = run(tmp_path, "de-DE.jsonl", text)
    assert found(result) == [
        ("malformed-line", 2, None, None,
         "not valid JSON: the line ends before the JSON value is complete (a truncated or wrapped line?)"),
        ("market-mismatch", 3, "P3", "currency", "currency is USD, but the market de-DE has EUR"),
        ("tag-mismatch", 4, "P4", "description", "tags missing in the target: <b>, </b>"),
        ("placeholder-mismatch", 5, "P5", "name",
         "placeholders missing in the target: {x}"),
        ("length-limit", 6, "P6", "name", "180 characters; the limit for name is 150"),
        ("schema", 7, "P7", "locale",
         "(record): missing required keys 'locale', 'source_locale', 'country', 'currency', 'channel', 'family', "
         "'parent', 'categories', 'enabled', 'values', 'source', 'status', 'findings'"),
        ("duplicate-id", 8, "P1", "identifier", "'P1' already appears on line 1"),
        ("malformed-line", 9, None, None, "expected a JSON object, got list"),
    ]
    assert result.exit_code == 1
    assert result.files[0].records == 7  # two unreadable lines, the rest checked


def test_wrong_value_types_name_the_path(tmp_path: Path) -> None:
    text = line("P1", enabled="yes", values={"weight": {"amount": 1.5, "unit": "KILOGRAM"}}) + "\n"
    assert found(run(tmp_path, "de-DE.jsonl", text)) == [
        ("schema", 1, "P1", "enabled", 'enabled: expected true or false, got "yes"'),
        ("schema", 1, "P1", "values", "values.weight.amount: expected a string, got 1.5"),
    ]


def test_bad_utf8_costs_one_line(tmp_path: Path) -> None:
    path = tmp_path / "de-DE.jsonl"
    path.write_bytes(line("P1").encode() + b"\n" + b'{"identifier": "P\xff"}\n' + line("P3").encode() + b"\n")
    result = validate([path], market="de-DE", base=tmp_path)
    assert found(result) == [
        ("malformed-line", 2, None, None, "not valid UTF-8 (byte 18 of the line): save the file as UTF-8"),
    ]
    assert result.files[0].records == 2


def test_numbers_compared_by_value_not_by_digits(tmp_path: Path) -> None:
    """1.5 l (en) and 1,5 l (de) are the same: no finding; 1,6 l is not the same: a finding."""
    ok = line("P1", source={"name": "Water bottle 1.5 l"}, values={"name": "Trinkflasche 1,5 l"})
    bad = line("P2", source={"name": "Drinking bottle 1.5 l"}, values={"name": "Trinkflasche 1,6 l"})
    result = run(tmp_path, "de-DE.jsonl", ok + "\n" + bad + "\n")
    assert found(result) == [
        ("number-mismatch", 2, "P2", "name", "the source says '1.5 l' (= 1,5 l) but the target says '1,6 l'"),
    ]


def test_converted_quantity_for_en_us(tmp_path: Path) -> None:
    def us(identifier: str, source: str, target: str) -> str:
        return line(identifier, market="en-US", locale="en-US", source_locale="de-DE", country="US", currency="USD",
                    values={"name": target, "description": "Robust", "price": [{"amount": "99.00", "currency": "USD"}]},
                    source={"name": source, "description": "Robust"})

    result = run(tmp_path, "en-US.jsonl", us("P1", "Rucksack, 2,5 kg", "Backpack, 5.5 lb") + "\n"
                 + us("P2", "Tasche, 2,5 kg", "Bag, 2.5 lb") + "\n", market="en-US")
    assert found(result) == [
        ("number-mismatch", 2, "P2", "name", "the source says '2,5 kg' (= 5.5 lb) but the target says '2.5 lb'"),
    ]


def test_status_decides_what_is_compared(tmp_path: Path) -> None:
    """PIM copy is not a translation of this source (target-only checks); untranslated copy is flagged once."""
    pim = line("P1", source={"description": "Weighs 2 kg"}, values={"description": "Wiegt 3 kg"},
               status={"description": "pim"})
    untranslated = line("P2", source={"description": "Robust and light hiking boots"},
                        values={"description": "Robust and light hiking boots"}, status={"description": "untranslated"})
    copied = line("P3", source={"name": "Hiking boots, 9,000 steps"}, values={"name": "Hiking boots, 9,000 steps"},
                  status={"name": "source"})
    result = run(tmp_path, "de-DE.jsonl", "\n".join([pim, untranslated, copied]) + "\n")
    assert found(result) == [
        ("untranslated", 2, "P2", "description", "the field is marked 'untranslated': it was not translated for this market"),
    ]
    assert result.exit_code == 0  # untranslated is a warning by default


def test_severity_overrides_and_off(tmp_path: Path) -> None:
    text = line("P1", values={"description": "<p>Robuster Lederstiefel, 1,5 kg.</p>"}) + "\n"
    path = tmp_path / "de-DE.jsonl"
    path.write_text(text, encoding="utf-8")
    market = market_for("de-DE")
    as_warning = Validator(market, build_settings({"checks": {"tag-mismatch": "warning"}}), base=tmp_path).validate([path])
    assert [(f.code, f.severity) for f in as_warning.findings] == [("tag-mismatch", "warning")]
    assert as_warning.exit_code == 0
    off = Validator(market, build_settings({"checks": {"tag-mismatch": "off"}}), base=tmp_path).validate([path])
    assert off.findings == [] and off.checks["tag-mismatch"] == "off"


def test_max_findings_keeps_counting(tmp_path: Path) -> None:
    bad = "\n".join(line(f"P{i}", currency="USD") for i in range(5)) + "\n"
    result = run(tmp_path, "de-DE.jsonl", bad, max_findings=2)
    assert len(result.findings) == 2 and result.omitted == 3
    assert result.errors == 5 and result.exit_code == 1


# --- Google Merchant -------------------------------------------------------------------------

HEADER = "id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tbrand\tgtin\tshipping_weight"


def row(*cells: str) -> str:
    return "\t".join(cells)


GOOD = row("P1", "Wanderschuh", "Robuster Wanderschuh aus Leder.", "https://shop.example/de/p/P1",
           "https://cdn.example/P1.jpg", "in_stock", "89.90 EUR", "TrailMaster", "4006381333931", "1.5 kg")


def test_broken_google_tsv(tmp_path: Path) -> None:
    text = "\n".join([
        HEADER,
        GOOD,
        row("P2", "Wanderschuh", "", "https://shop.example/de/p/P2", "https://cdn.example/P2.jpg", "in_stock",
            "89.90 USD", "TrailMaster", "4006381333932", "1,5 kg"),
        row("P3", "W" * 151, "Text.", "https://shop.example/de/p/P3", "https://cdn.example/P3.jpg", "auf Lager",
            "89,90 EUR", "TrailMaster", "4006381333931", "1.5 kg"),
        row("P4", "Kurz"),
    ]) + "\n"
    result = run(tmp_path, "google-de-DE.tsv", text)
    assert found(result) == [
        ("gm-required", 3, "P2", "description", "required attribute 'description' is missing or empty"),
        ("gm-price-currency", 3, "P2", "price", "price is in USD, but the market de-DE sells in EUR"),
        ("gm-shipping-weight", 3, "P2", "shipping_weight", "shipping_weight '1,5 kg' must be a number and lb, oz, g or kg"),
        ("gm-gtin", 3, "P2", "gtin", "gtin '4006381333932' has check digit 2, expected 1"),
        ("schema", 4, "P3", "availability",
         'availability: "auf Lager" is not one of "in_stock", "out_of_stock", "preorder", "backorder", "in stock", '
         '"out of stock"'),
        ("gm-title-length", 4, "P3", "title", "title has 151 characters; Google allows 150"),
        ("gm-price-format", 4, "P3", "price", "price '89,90 EUR' is not in the form `15.00 USD`"),
        ("malformed-line", 5, None, None,
         "the row has 2 cells but the header has 10: a tab or quote inside a value, or a cell missing"),
    ]


def test_google_tsv_unknown_column_reported_once_with_suggestion(tmp_path: Path) -> None:
    text = HEADER + "\tcolour\n" + GOOD + "\tSchwarz\n" + GOOD.replace("P1", "P2") + "\tRot\n"
    assert found(run(tmp_path, "google-de-DE.tsv", text)) == [
        ("schema", 2, "P1", "colour", "'colour' is not a Google Merchant attribute (did you mean 'color'?); Google ignores it"),
    ]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
  <channel>
    <title>Shop</title>
    <link>https://shop.example/</link>
    <description>Feed</description>
    <language>{lang}</language>
    <item>
      <g:id>P1</g:id>
      <g:title>Wanderschuh</g:title>
      <g:description>Robuster Wanderschuh aus Leder.</g:description>
      <g:link>https://shop.example/de/p/P1</g:link>
      <g:image_link>https://cdn.example/P1.jpg</g:image_link>
      <g:availability>in_stock</g:availability>
      <g:price>89.90 EUR</g:price>
      <g:brand>TrailMaster</g:brand>
      <g:mpn>TM-1</g:mpn>
      <g:shipping>
        <g:country>{country}</g:country>
        <g:service>Standard</g:service>
        <g:price>4.95 EUR</g:price>
      </g:shipping>
    </item>
  </channel>
</rss>
"""


def test_google_xml_clean_and_language_country(tmp_path: Path) -> None:
    assert found(run(tmp_path, "g.xml", RSS.format(lang="de-de", country="DE"))) == []
    assert found(run(tmp_path, "g.xml", RSS.format(lang="en-us", country="US"))) == [
        ("gm-language", 7, "P1", "language", "the channel's <language> is en-us, but the market de-DE is in de"),
        ("gm-country", 18, "P1", "shipping", "shipping is for US, but the market de-DE is DE"),
    ]


def test_google_xml_not_well_formed(tmp_path: Path) -> None:
    broken = RSS.format(lang="de-de", country="DE").replace("</g:title>", "</g:titel>")
    result = run(tmp_path, "g.xml", broken)
    assert found(result) == [
        ("malformed-line", 10, None, None,
         "not well-formed XML: Opening and ending tag mismatch: title line 10 and titel, line 10, column 37; "
         "nothing after this point can be read"),
    ]
    assert result.exit_code == 1


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    evil = RSS.format(lang="de-de", country="DE").replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("<g:title>Wanderschuh</g:title>", "<g:title>&x;</g:title>")
    result = run(tmp_path, "g.xml", evil)
    assert all("root:" not in f.message for f in result.findings)
    assert ("gm-required", 11, "P1", "title", "required attribute 'title' is missing or empty") in found(result)


# --- XLIFF -----------------------------------------------------------------------------------

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en-US" target-language="en-GB" original="catalog" datatype="plaintext">
    <body>
      <trans-unit id="P1.name">
        <source>Color: <g id="1">black</g>, 1.5 l</source>
        <target>Colour: <g id="1">black</g>, 1.5 l</target>
      </trans-unit>
      <trans-unit id="P2.description">
        <source>Save {x} with <x id="1"/>code</source>
        <target>Save { x} with code</target>
      </trans-unit>
      <trans-unit id="P3.title" translate="no">
        <source>SKU-3</source>
      </trans-unit>
      <trans-unit id="P4.note">
        <source>Ships in 2 days</source>
        <target></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en-US" trgLang="de-DE">
  <file id="f1">
    <unit id="u1">
      <segment>
        <source>Robust <pc id="1">leather</pc> boot, <mrk id="m1" translate="no">TrailMaster</mrk></source>
        <target>Robuster <pc id="1">Leder</pc>stiefel, <mrk id="m1" translate="no">TrailMaster</mrk></target>
      </segment>
    </unit>
    <unit id="u2">
      <segment>
        <source>Robust <sc id="1"/>leather<ec startRef="1"/> boot</source>
        <target>Robuster Lederstiefel<ec startRef="1"/></target>
      </segment>
    </unit>
    <unit id="u3">
      <segment>
        <source>Weight 2.5 kg, <mrk id="m2" translate="no">TrailMaster</mrk></source>
        <target>Gewicht 3,5 kg, Pfadmeister</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff_12_findings_name_the_unit(tmp_path: Path) -> None:
    result = run(tmp_path, "delivery.xlf", XLIFF12, market="en-GB")
    assert found(result) == [
        ("tag-mismatch", 11, "P2.description", "target", "inline codes missing in the target: <x id=1>"),
        ("placeholder-mismatch", 11, "P2.description", "target", "placeholders missing in the target: {x}"),
        ("empty-target", 18, "P4.note", "target", "the target is empty but the source has text"),
    ]
    assert result.files[0].profile == "xliff" and result.files[0].records == 3


def test_xliff_20_codes_and_protected_text(tmp_path: Path) -> None:
    result = run(tmp_path, "delivery.xliff", XLIFF20, market="de-DE")
    assert found(result) == [
        ("tag-mismatch", 13, "u2", "target", "inline codes missing in the target: <sc id=1>"),
        ("tag-nesting", 13, "u2", "target", "inline codes: <ec id=1> has no matching <sc> before it"),
        ("tag-mismatch", 19, "u3", "target", "inline codes missing in the target: <mrk-protected id=TrailMaster>"),
        ("number-mismatch", 19, "u3", "target", "the source says '2.5 kg' (= 2,5 kg) but the target says '3,5 kg'"),
    ]


def test_xliff_for_another_market(tmp_path: Path) -> None:
    result = run(tmp_path, "delivery.xlf", XLIFF12.replace('target-language="en-GB"', 'target-language="fr-FR"'),
                 market="en-GB")
    assert ("market-mismatch", 3, "P1.name", "target-language",
            "the XLIFF target language is fr-FR, but the market en-GB is in en") in found(result)


# --- Akeneo ----------------------------------------------------------------------------------

def test_akeneo_import_file(tmp_path: Path) -> None:
    text = ("sku;name-de_DE;name-de_DE;weight;weight-unit;price-EUR;enabled;color-xx_XX\n"
            "P1;Stiefel;Stiefel;1.2;KILOGRAM;89.90;1;rot\n"
            ";Zelt;Zelt;1,2;kg;89,90 €;yes;blau\n")
    result = run(tmp_path, "de-DE.akeneo.csv", text, profile="akeneo")
    assert found(result) == [
        ("akeneo-columns", 1, None, "name-de_DE", "column 'name-de_DE' appears twice"),
        ("akeneo-columns", 1, None, "color-xx_XX", "'color-xx_XX': 'xx_XX' is not a known locale code"),
        ("akeneo-values", 3, None, "sku", "the identifier is empty"),
        ("akeneo-values", 3, None, "enabled", "enabled is 'yes'; Akeneo reads 1 or 0"),
        ("akeneo-values", 3, None, "weight", "'1,2' is not a number (use a dot as decimal mark)"),
        ("akeneo-values", 3, None, "weight-unit", "'kg' is not an Akeneo unit code (e.g. KILOGRAM, CENTIMETER)"),
        ("akeneo-values", 3, None, "price-EUR",
         "price '89,90 €' is not a number (use a dot as decimal mark, no currency sign)"),
    ]


@pytest.mark.parametrize("name", ["feed.pdf", "noext"])
def test_unknown_extension_is_a_usage_error(tmp_path: Path, name: str) -> None:
    from localize.errors import UsageError

    (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        validate([tmp_path / name], market="de-DE")
    assert "cannot tell the kind of feed" in exc.value.message


def test_translation_section_terms_are_checked(tmp_path: Path) -> None:
    """The do-not-translate terms and glossaries the engine was given are the ones the target must keep."""
    (tmp_path / "glossary.yaml").write_text("source: en\ntarget: de\nterms:\n  hiking boot: Wanderschuh\n",
                                            encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, locale: en_US}\nmarkets: [{locale: de-DE}]\n"
        "translation: {do_not_translate: [TrailMaster], glossaries: [glossary.yaml]}\n", encoding="utf-8")
    text = "\n".join([
        line("P1", source={"name": "TrailMaster hiking boot"}, values={"name": "TrailMaster Wanderschuh"}),
        line("P2", source={"name": "TrailMaster light hiking boot"}, values={"name": "Trail-Master leichter Stiefel"}),
    ]) + "\n"
    result = run(tmp_path, "de-DE.jsonl", text, config=tmp_path / "localize.yaml")
    assert found(result) == [
        ("do-not-translate", 2, "P2", "name", "'TrailMaster' must appear verbatim in the target (do-not-translate)"),
        ("glossary", 2, "P2", "name",
         "the source uses 'hiking boot': the glossary's translation 'Wanderschuh' is not in the target"),
    ]


def test_a_lone_surrogate_in_a_jsonl_feed_is_a_malformed_line_not_a_crash(tmp_path: Path) -> None:
    """`"\\ud800"` is valid JSON for Python's `json` but no character: the feed reader (orjson) refuses the line,
    so `validate` reports it with its line instead of failing where it encodes the text (a store, a digest)."""
    from localize.qa.feeds import ParseProblem, read_jsonl

    feed = tmp_path / "de-DE.jsonl"
    good = {"identifier": "P1", "values": {"name": "Gut"}}
    feed.write_text(json.dumps(good) + "\n" + '{"identifier": "P2", "values": {"name": "Sch\\ud800lecht"}}\n',
                    encoding="utf-8")
    items = list(read_jsonl(feed))
    assert [type(i).__name__ for i in items] == ["FeedRecord", "ParseProblem"]
    bad = items[1]
    assert isinstance(bad, ParseProblem) and bad.line == 2 and "surrogate" in bad.message
