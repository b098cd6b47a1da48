"""Numbers the readers read one way and protection another (h18's leftovers). A number right against CJK
text (`重さ2.5kg`, `幅30cm`, `500ml入り`: Japanese and Chinese write no space there) was found by the unit
converter and QA but was no protected span, so the engine was free to rewrite `2.5kg` while QA then
compared it; a number in quotes (`The model “27” is`) was read as 27 inches by protection, the converter
(`68,6 cm` for a metric market) and QA. Before (a8c3c63) every assertion below on these failed."""

from __future__ import annotations

import pytest

from localize.translate.segments import PROTECTION_VERSION, protect
from localize.units.amounts import find_amounts
from localize.units.quantities_in_text import find_quantities

CJK = [("重さ2.5kg", "ja-JP", ["2.5kg"]), ("幅30cm、高さ20cm", "ja-JP", ["30cm", "20cm"]),
       ("容量500ml入り", "ja-JP", ["500ml"]), ("净重1.2kg的包装", "zh-CN", ["1.2kg"]),
       ("ディスプレイ27”の画面", "ja-JP", ["27”"])]


@pytest.mark.parametrize("text, locale, spans", CJK)
def test_a_number_against_cjk_text_is_protected_where_the_readers_find_it(text: str, locale: str,
                                                                         spans: list[str]) -> None:
    protected = protect(text, locale=locale.replace("-", "_"))
    assert list(protected.spans) == spans
    assert protected.version == PROTECTION_VERSION == "p6"  # a memory made under p5 protected none of these
    assert [q.text for q in find_quantities(text, locale)] == spans


@pytest.mark.parametrize("text", ["abc2.5kg", "Modell X30cm", "A-121 000mAh"])
def test_a_number_inside_a_latin_word_is_still_no_span_of_its_own(text: str) -> None:
    before = {"abc2.5kg": (), "Modell X30cm": (), "A-121 000mAh": ("A-121", "000mAh")}[text]
    assert protect(text, locale="en_US").spans == before


@pytest.mark.parametrize("text", ["The model “27” is our best seller", 'Our "27" edition', "Press the ‘5’ key"])
def test_a_number_in_quotes_is_not_inches_or_feet(text: str) -> None:
    assert find_quantities(text, "en-US") == []
    assert protect(text, locale="en_US").spans == ()
    assert all(a.unit is None for a in find_amounts(text, "en-US"))


@pytest.mark.parametrize("text, mark", [("A 27” monitor", "27”"), ('A 27" monitor', '27"'), ("Size 5' 10\"", "5' 10\"")])
def test_an_inch_mark_after_a_number_is_still_inches(text: str, mark: str) -> None:
    assert [q.text for q in find_quantities(text, "en-US")] == [mark]
