"""A product's records for every market share their source copy (and markets of one language their
translation): the markup stage asks the cleaner about such a text once, not once per market, and
what it leaves is what cleaning each record's own copy gives."""

from __future__ import annotations

import copy

from localize.model import LocalizedRecord, LocalizedValue, Market, Origin, Product
from localize.sanitize import Sanitized
from localize.stages.base import Batch
from localize.stages.markup import MarkupStage

MARKETS = [Market("en-US", "US", "USD", "en", "en_US"), Market("fr-FR", "FR", "EUR", "fr", "fr_FR"),
           Market("en-GB", "GB", "GBP", "en", "en_GB")]
KEPT = "<p>Elegant und <b>robust</b> &amp; leicht.</p>"
UNSAFE = "<p>Hallo</p><script>alert(1)</script>"


def _records(products: int) -> list[LocalizedRecord]:
    records = []
    for i in range(products):
        product = Product(f"P{i}", Origin("p.csv", i + 2))
        text = KEPT if i % 2 == 0 else UNSAFE
        for market in MARKETS:
            translated = f"<p>{market.language} {i % 2}</p>"  # one object per market here
            records.append(LocalizedRecord(product=product, market=market, values={
                "description": LocalizedValue(translated, text, "machine", True),
                "short": LocalizedValue(text, text, "untranslated", True),
                "ean": LocalizedValue("4000000000001", "4000000000001")}))
    return records


def _counted(stage: MarkupStage) -> list[str]:
    calls: list[str] = []
    real = stage.clean

    def counted(text: str) -> Sanitized:
        calls.append(text)
        return real(text)

    stage.clean = counted  # type: ignore[method-assign]
    return calls


def test_a_text_the_cleaner_keeps_is_asked_about_once_for_all_markets() -> None:
    stage = MarkupStage()
    calls = _counted(stage)
    records = _records(1)  # one product whose copy cleaning keeps as it is
    stage.process(Batch([records[0].product], records), None)  # type: ignore[arg-type]
    # once per attribute holding it (the description's source, the short text's data), not per market (6)
    assert calls.count(KEPT) == 2
    assert sorted(set(calls)) == sorted({KEPT, *(r.values["description"].data for r in records)})
    assert all(not r.findings for r in records)


def test_what_it_leaves_equals_cleaning_each_records_own_copy() -> None:
    shared = _records(6)
    own = [copy.deepcopy(r) for r in shared]  # no text shared between records: nothing skipped by identity
    MarkupStage().process(Batch([], shared), None)  # type: ignore[arg-type]
    MarkupStage().process(Batch([], own), None)  # type: ignore[arg-type]
    for a, b in zip(shared, own, strict=True):
        assert a.values == b.values
        assert a.findings == b.findings
    assert any(f.code == "unsafe-markup" for r in shared for f in r.findings)
    assert all(r.values["short"].data == "<p>Hallo</p>" for r in shared if r.product.identifier == "P1")
