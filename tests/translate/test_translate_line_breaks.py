"""Line breaks in copy reach the market where the source has them, through the real `deepl` client against
tests/deepl_server.py, which follows openapi.yaml's `split_sentences`: "1" (the default without
tag_handling=html) splits on newlines; "nonewlines" (the default with tag_handling=html) and "0" do not, and a
line break inside one sentence's translation does not survive (the server writes it as a space).

HTML copy with line breaks (`<b>Features</b>\\n- Fast\\n- Light`, icecat's descriptions) went with tag_handling=html
and no `split_sentences`: the lines were one sentence, and the market got `- FAST - LIGHT` on one line (80401ab).
"""

from __future__ import annotations

import pytest
from translate_helpers import deepl_settings, make_batch, make_config, make_ctx, run_stage, value_of


@pytest.fixture()
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


def _lines(text: str) -> int:
    return text.count("\n")


def test_the_published_text_keeps_the_sources_line_structure(tmp_path, deepl_server, _key) -> None:
    config = make_config(tmp_path, ("en-US",), deepl_settings(deepl_server))
    products = {
        "HTML": {"description": "<b>Merkmale</b>\n- Schnell\n- Leicht<br />\nSehr leise"},
        "PLAIN": {"description": "Merkmale:\n- Schnell\n- Leicht\n\nSehr leise"},
        "HTMLP": {"description": "<p>Ein Stuhl</p>\n<p>Aus Holz</p>"},
    }
    batch = make_batch(config, products)
    run_stage(make_ctx(config), batch)
    for identifier, values in products.items():
        published = value_of(batch, identifier, "en-US", "description").data
        assert _lines(published) == _lines(values["description"]), (identifier, published)
    assert value_of(batch, "HTML", "en-US", "description").data == (
        "[EN-US] <b>MERKMALE</b>\n- SCHNELL\n- LEICHT<br />\nSEHR LEISE")
    requests = deepl_server.requests("/v2/translate")
    html = [r for r in requests if r.params.get("tag_handling") == "html" and "\n" in " ".join(r.texts)]
    assert html and all(str(r.params.get("split_sentences")) == "1" for r in html)
