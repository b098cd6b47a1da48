"""Numbers in copy by kind, through the real `deepl` client against tests/deepl_server.py (which keeps every
number as written, as an engine that copies numbers does): what the market reads must be the source's number.

- A number grouped as CLDR writes it for an Indian-grouping SOURCE (en-IN `1,00,000`, `12,34,567`) is one
  protected span, written the target's way (80401ab read it only when the target was en-IN: sent as plain text,
  de-DE published `1,00,000`, which reads as nothing there).
"""

from __future__ import annotations

import pytest
from translate_helpers import deepl_settings, make_batch, make_config, make_ctx, run_stage, value_of

from localize.translate.segments import protect
from localize.units.numbers import grouped_number


@pytest.fixture()
def _key(monkeypatch: pytest.MonkeyPatch, deepl_server) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_server.auth_key)
    monkeypatch.delenv("DEEPL_SERVER_URL", raising=False)


def test_indian_grouping_of_the_source_is_one_number() -> None:
    text = "Up to 1,00,000 pages, 12,34,567.5 dots, 9,000 sheets"
    assert protect(text, locale="en-IN").spans == ("1,00,000", "12,34,567.5", "9,000")
    assert [m.group() for m in grouped_number("en-IN").finditer(text)] == ["1,00,000", "12,34,567.5", "9,000"]
    # not Indian groups: a head of three digits, a code's part, and the same text from a source that does not
    # group so (en-US: `1,00,000` has no reading there, left as written)
    assert protect("Model 123,45,678 and A-1,00,000", locale="en-IN").spans == ("A-1",)
    assert protect(text, locale="en-US").spans == ("9,000",)


def test_an_indian_source_through_deepl_writes_the_number_the_markets_way(tmp_path, deepl_server, _key) -> None:
    config = make_config(tmp_path, ("de-DE", "en-US"), deepl_settings(deepl_server), source={"locale": "en_IN"})
    batch = make_batch(config, {"P1": {"description": "Prints up to 1,00,000 pages"}})
    run_stage(make_ctx(config), batch)
    sent = [t for r in deepl_server.requests("/v2/translate") for t in r.texts]
    assert "Prints up to <lz>1,00,000</lz> pages" in sent
    assert value_of(batch, "P1", "de-DE", "description").data == "[DE] PRINTS UP TO 100.000 PAGES"
    # same language: copied, not sent; its number in en-US notation (80401ab copied `1,00,000`)
    assert value_of(batch, "P1", "en-US", "description").data == "Prints up to 100,000 pages"
