"""The markup stage tests the common value types inline and cleans a value's source once when it is the
data itself; what it leaves in the records (values, sources, displays, findings, counts) must be what
testing and cleaning every part on its own gives (the stage as it was, kept here as the oracle)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.model import Finding, LocalizedRecord, LocalizedValue, Market, Money, Origin, Product, Quantity
from localize.sanitize import Sanitized
from localize.stages.base import Batch
from localize.stages.markup import MarkupStage, _clean_data, _may_mark

MARKET = Market(locale="en-US", country="US", currency="USD", language="en", pim_locale="en_US")
TEXTS = ["plain words", "<p>Fine <b>bold</b></p>", "Tom & Jerry", "<script>alert(1)</script>Hi", "<font>old</font>",
         "a < b", "<a href=\"javascript:x()\">x</a>", "&amp; &lt;", "<p onclick=\"x\">p</p>", "", "5 < 6 & 7 > 3"]


class OldStage(MarkupStage):
    """The stage before the shortcut: every part tested and cleaned on its own."""

    def process(self, batch: Batch, ctx: Any) -> None:
        for record in batch.active():
            for code, value in record.values.items():
                if _may_mark(value.data) or _may_mark(value.source) or _may_mark(value.display):
                    self._value(record, code, value)

    def _value(self, record: LocalizedRecord, code: str, value: LocalizedValue) -> None:
        removed: list[str] = []
        unsafe = False
        data, hit = _clean_data(value.data, self.clean)
        if hit:
            value.data = data
            removed += hit.removed
            unsafe |= hit.unsafe
        source, hit = _clean_data(value.source, self.clean)
        if hit:
            value.source = source
            removed += [r for r in hit.removed if r not in removed]
            unsafe |= hit.unsafe
        if isinstance(value.display, str):
            shown, hit = _clean_data(value.display, self.clean)
            if hit:
                value.display = shown  # type: ignore[assignment]
                removed += [r for r in hit.removed if r not in removed]
                unsafe |= hit.unsafe
        if not removed:
            return
        finding_code = "unsafe-markup" if unsafe else "markup-removed"
        if any(f.code == finding_code and f.field == code for f in record.findings):
            return
        listed = "; ".join(removed)
        self.counts[finding_code] += 1
        what = "unsafe markup" if unsafe else "markup the allow list does not keep"
        record.add_finding(Finding(
            code=finding_code, severity="review" if unsafe else "info",
            message=f"{record.identifier}: {code}: {what} removed or escaped before publishing: {listed}; "
                    "the feed carries the cleaned text",
            product=record.identifier, market=record.market.code, field=code, locale=record.market.locale,
            matched=removed[0], stage="markup",
            action="clean the copy in the PIM, or approve the cleaned text" if unsafe
            else "allow the tag in outputs.markup if the shop needs it",
        ))


class Str(str):
    """A str subclass (a reader could hand one over): tested by `_may_mark`, not inline."""


_TEXT = st.sampled_from(TEXTS)
_DATA = st.one_of(
    _TEXT, _TEXT.map(Str), st.none(), st.booleans(), st.just(Decimal("2.5")), st.just(Quantity(Decimal(1), "GRAM")),
    st.lists(_TEXT, max_size=3).map(tuple), st.just((Money(Decimal("9.99"), "EUR"),)),
    st.lists(st.one_of(_TEXT, st.just(Decimal(3))), max_size=3).map(tuple),
)


@st.composite
def _value(draw: Any) -> LocalizedValue:
    data = draw(_DATA)
    same = draw(st.booleans())
    source = data if same else draw(_DATA)
    display = draw(st.one_of(st.none(), _TEXT))
    return LocalizedValue(data, source, draw(st.sampled_from(["source", "machine", "untranslated"])), False, display)


@settings(max_examples=400, deadline=None)
@given(values=st.lists(st.dictionaries(st.sampled_from(["name", "description", "color", "price"]), _value(),
                                       max_size=4), min_size=1, max_size=4),
       findings=st.booleans())
def test_the_stage_leaves_what_cleaning_every_part_on_its_own_leaves(values: list[dict[str, LocalizedValue]],
                                                                     findings: bool) -> None:
    records = []
    for i, vals in enumerate(values):
        record = LocalizedRecord(product=Product(f"P{i}", Origin("f.csv", i + 2)), market=MARKET, values=vals)
        if findings and "name" in vals:
            record.add_finding(Finding("markup-removed", "info", "before", field="name"))
        records.append(record)
    old_records = copy.deepcopy(records)
    new, old = MarkupStage(), OldStage()
    new.process(Batch([r.product for r in records], records), None)  # type: ignore[arg-type]
    old.process(Batch([r.product for r in old_records], old_records), None)  # type: ignore[arg-type]
    for a, b in zip(records, old_records, strict=True):
        assert a.values == b.values
        assert a.findings == b.findings
    assert new.counts == old.counts


def test_a_source_that_is_the_data_is_cleaned_once() -> None:
    text = "<script>x</script><p>Hi</p>"
    value = LocalizedValue(text, text, "untranslated", True)
    record = LocalizedRecord(product=Product("P1", Origin("f.csv", 2)), market=MARKET, values={"description": value})
    stage = MarkupStage()
    calls: list[str] = []
    real = stage.clean

    def counted(t: str) -> Sanitized:
        calls.append(t)
        return real(t)

    stage.clean = counted  # type: ignore[method-assign]
    stage.process(Batch([record.product], [record]), None)  # type: ignore[arg-type]
    assert calls == [text]
    assert value.data == value.source == "<p>Hi</p>"
    assert [f.code for f in record.findings] == ["unsafe-markup"]
