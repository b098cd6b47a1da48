"""Values that are the same in every language must never reach the engine, whichever way the PIM's export
names or maps them: a URL, an e-mail address, a code token (`VB-C50i`) as the whole value, and, for an
attribute the PIM does not describe (a column map maps every `text` column in the source locale), a brand
or model written as a name in an attribute named like a code. Before (a8c3c63) the real `deepl` client
sent `Icecat` and `VB-C50i` and published `[DE] Icecat`, `[DE] VB-C50I`; URLs and e-mails were kept but
each gave an `untranslated` finding per record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from localize.api import run
from localize.attributes import AttributeCatalog
from localize.config import load_config
from localize.model import Market, Origin, Product, Value
from localize.records import RecordBuilder, not_copy, reads_as_sentence
from localize.stages import RunOptions

ROWS = [
    # SKU, Name, Brand, MPN, Image URL, Alt text, Support, Page
    ("A-1", "Compact laser printer", "Icecat", "VB-C50i", "https://cdn.example.com/img/A-1.jpg",
     "Front view of the printer", "support@icecat.example.com", "www.example.com/p/A-1"),
    ("A-2", "Quiet desk fan", "Tommy Hilfiger", "4350n", "//cdn.example.com/img/A-2.jpg",
     "The fan on a desk", "help@example.org", "https://shop.example.com/p/A-2?ref=feed"),
]


def _project(tmp_path: Path, server_url: str) -> Path:
    lines = ["SKU,Name,Brand,MPN,Image URL,Image Alt Text,Support,Page"]
    lines += [",".join(row) for row in ROWS]
    (tmp_path / "export.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "localize.yaml"
    config.write_text(f"""
source:
  format: csv
  path: export.csv
  locale: en_US
  columns:
    identifier: SKU
    values:
      name: Name
      brand: Brand
      mpn: MPN
      image: "Image URL"
      image_alt_text: "Image Alt Text"
      support: Support
      page: Page
markets: [{{locale: de-DE}}]
outputs: {{dir: out, formats: [jsonl]}}
translation: {{server_url: {server_url}, timeout: 2, client_retries: 0, batch_retries: 0}}
""", encoding="utf-8")
    return config


def test_urls_emails_codes_and_brands_mapped_as_text_are_never_sent_or_translated(
        tmp_path: Path, deepl_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    run(load_config(_project(tmp_path, deepl_server.url)), RunOptions(engine="deepl"))
    sent = deepl_server.translated_texts()
    feed = {r["identifier"]: r for r in map(json.loads, (tmp_path / "out" / "de-DE.jsonl").read_text().splitlines())}
    for sku, name, brand, mpn, image, alt, support, page in ROWS:
        record = feed[sku]
        for field, value in (("brand", brand), ("mpn", mpn), ("image", image), ("support", support), ("page", page)):
            assert record["values"][field] == value, (sku, field)
            assert record["status"].get(field, "source") == "source", (sku, field)
            assert value not in sent, (sku, field)
            assert not [f for f in record["findings"] if f.get("field") == field], (sku, field)
        # copy is still copy: the name and the image's alt text (a sentence in an `*image*` attribute)
        assert record["status"]["name"] == "machine" and name in sent
        assert record["status"]["image_alt_text"] == "machine" and alt in sent


def _akeneo_catalog(tmp_path: Path) -> AttributeCatalog:
    path = tmp_path / "attributes.csv"
    path.write_text("type;code;label-en_US;localizable\npim_catalog_text;name;Name;1\n"
                    "pim_catalog_text;brand;Brand;1\npim_catalog_text;video_url;Video;1\n", encoding="utf-8")
    return AttributeCatalog.load(path)


@pytest.mark.parametrize("known", [True, False])
def test_a_localizable_value_that_is_a_url_or_code_is_not_copy_whatever_the_attribute(tmp_path: Path, known: bool) -> None:
    """Akeneo: with its attributes file the PIM's type decides (a localizable text `brand` is copy the
    owner wants translated), except for a value that is a URL or a code; without it, the code decides."""
    catalog = _akeneo_catalog(tmp_path) if known else AttributeCatalog()
    builder = RecordBuilder("en_US", None, catalog)
    product = Product("P", Origin("p.csv", 2))
    for code, data in (("name", "Kettle KX-200b"), ("brand", "Black Forest Tools"), ("video_url", "https://v.example.com/1"),
                       ("description", "SKU-77a1"), ("subtitle", "Boils water fast")):
        product.add(code, Value("en_US", None, data))
    record = builder.build(product, Market("de-DE", "DE", "EUR", "de", "de_DE"))
    status = {code: value.status for code, value in record.values.items()}
    assert status["name"] == "untranslated" and status["subtitle"] == "untranslated"
    assert status["video_url"] == "source" and status["description"] == "source"
    assert status["brand"] == ("untranslated" if known else "source")


@pytest.mark.parametrize("text", ["https://cdn.example.com/a.jpg", "HTTP://EXAMPLE.COM", "//cdn.example.com/x.png",
                                  "www.example.de", "info@example.co.uk", " VB-C50i ", "4350n", "KD55X85J",
                                  "EF-S18-55mm", "3D", "MP3"])
def test_whole_urls_mails_and_code_tokens_are_not_copy(text: str) -> None:
    assert not_copy(text)


@pytest.mark.parametrize("text", ["Kettle", "2-Way", "USB-Kabel", "Contact info@example.com today", "Front view",
                                  "", "A@B", "https://a.example.com and more", "Wasserkocher\nmit Deckel"])
def test_words_sentences_and_urls_inside_copy_are_still_copy(text: str) -> None:
    assert not not_copy(text)


@pytest.mark.parametrize("text, sentence", [("Front view of the mug", True), ("Vorderansicht der Tasse", True),
                                            ("Tommy Hilfiger", False), ("LED CINEMA 3D", False), ("Icecat", False),
                                            ("赤いマグカップ", True)])
def test_a_name_in_capitals_is_not_a_sentence(text: str, sentence: bool) -> None:
    assert reads_as_sentence(text) is sentence
