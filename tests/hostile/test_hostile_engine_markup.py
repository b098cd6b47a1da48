"""The engine is untrusted too: markup, script URLs and terminal escapes that DeepL returns are
cleaned after translation like PIM copy, every record that needed it gets a finding, and no
output carries them (tests/deepl_server.py made to answer with them; a real client, 127.0.0.1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hostile_helpers import published_texts

from localize.api import run
from localize.config import load_config

PRODUCTS = """\
sku;family;categories;name-de_DE;description-de_DE;slogan;price-EUR
P-1;shoes;shoes;Stiefel;<p>Robuste Stiefel</p>;Bild vom Stiefel;59.90
P-2;shoes;shoes;Sandale;<p>Leichte Sandale</p>;Bild der Sandale;39.90
"""
ATTRIBUTES = """\
type;code;label-de_DE;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;1
pim_catalog_textarea;description;Beschreibung;1
pim_catalog_text;slogan;Slogan;1
pim_catalog_price_collection;price;Preis;0
"""
#: what the hostile engine makes of each source text
ANSWERS = {
    "Stiefel": "Boots<img src=x onerror=alert(1)>",
    "<p>Robuste Stiefel</p>": "<p>Sturdy boots</p><script>alert(1)</script>",
    "Bild vom Stiefel": "javascript:alert(1)",
    "Sandale": "Sandal\x1b[2J",
    "<p>Leichte Sandale</p>": "<p>Light sandal</p>&lt;iframe src=//evil.example&gt;&lt;/iframe&gt;",
    "Bild der Sandale": " data:text/html,<b>x</b>",
}


@pytest.fixture
def project(tmp_path: Path, deepl_server: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)
    honest = deepl_server.translate_text

    def hostile(text: str, params: dict[str, Any], glossary: dict[str, str] | None) -> str:
        return ANSWERS.get(text, honest(text, params, glossary))

    monkeypatch.setattr(deepl_server, "translate_text", hostile)
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(f"""\
version: 1
source: {{format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv}}
markets: [{{locale: en-US}}]
outputs: {{dir: out, formats: [jsonl, akeneo-csv, csv, xlsx]}}
translation: {{server_url: "{deepl_server.url}", timeout: 5, client_retries: 0}}
prices: {{rates_date: 2024-03-15}}
""", encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    return tmp_path


def test_markup_the_engine_returns_never_reaches_an_output(project: Path) -> None:
    out = project / "out"
    for path, text in published_texts(out, ensure_ascii=True):
        for needle in ("onerror", "<script", "javascript", "\x1b", "\\u001b", "iframe", "data:text"):
            assert needle not in text, (path.name, needle)
    queue = [json.loads(line) for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines()]
    found = {(r["identifier"], f["field"]) for r in queue for f in r["findings"] if f["code"] == "unsafe-markup"}
    assert found == {(p, f) for p in ("P-1", "P-2") for f in ("name", "description", "slogan")}
    cleaned = {r["identifier"]: r["values"] for r in queue}
    assert cleaned["P-1"]["name"] == 'Boots<img src="x">' and cleaned["P-1"]["slogan"] == ""
    assert cleaned["P-2"]["name"] == "Sandal" and cleaned["P-2"]["description"] == "<p>Light sandal</p>"
