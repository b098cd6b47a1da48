"""`RecordBuilder` works out what decides a product's values once per product (`_plan`) and builds
each market's record from it; the records must be what building every (product, market) on its own
gave (the builder as it was, kept here as the oracle), for localizable and unlocalizable values,
channels, PIM copy in the market's locale or another locale of its language, options, excluded attributes and copy in the wrong language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.attributes import AttributeCatalog
from localize.model import LocalizedRecord, LocalizedValue, Market, Origin, Product, Value
from localize.records import LANGUAGE_NEUTRAL, RecordBuilder
from localize.sibling_copy import SiblingCopy

MARKETS = (Market("en-US", "US", "USD", "en", "en_US"), Market("de-AT", "AT", "EUR", "de", "de_AT", channel="print"),
           Market("de-DE", "DE", "EUR", "de", "de_DE"), Market("fr-FR", "FR", "EUR", "fr", "fr_FR", channel="ecommerce"))
CODES = ("name", "description", "brand", "color", "internal_note", "weight", "sku", "material")
LOCALES = (None, "de_DE", "en_US", "fr_FR", "de_AT")
CHANNELS = (None, "ecommerce", "print")
DATA = ("Weiche Baumwolle und robust", "red", "ACME", "GOTS CU 817265", "Ein Satz", "", ("red", "blue"), None)


class OldBuilder(RecordBuilder):
    """The builder before the per-product plan: every (product, market) on its own."""

    def build(self, product: Product, market: Market) -> LocalizedRecord:
        record = LocalizedRecord(product=product, market=market, source_locale=self.source_bcp47)
        channel = market.channel or self.source_channel
        target = market.pim_locale
        same_language = target == self.source_locale
        other_language = market.language.lower() != self.source_language
        values = record.values
        catalog = self.catalog
        for code, entries in product.values.items():
            if self._exclude and self._is_excluded(code):
                continue
            localizable = any(v.locale is not None for v in entries)
            if not localizable:
                if len(entries) == 1:
                    only = entries[0]
                    data = only.data if only.channel is None or only.channel == channel else None
                else:
                    data = product.get(code, None, channel)
                if data is not None:
                    if other_language and type(data) is str and self._language_text(code, data):
                        values[code] = LocalizedValue(data, data, "untranslated", True, extra={"localizable": False})
                        continue
                    value = values[code] = LocalizedValue(data=data, source=data)
                    if catalog.options and code in catalog.options:
                        self._option_display(code, value, market)
                continue
            source = product.get(code, self.source_locale, channel)
            if same_language:
                if source is not None:
                    values[code] = LocalizedValue(source, source)
                continue
            translatable = self._localized_copy(code, source)  # (h20) what is copy: one decision, both builders
            existing = product.get(code, target, channel)
            locales = [v.locale for v in entries]
            # (h11) the PIM's copy of another country's locale of the market's language, when it has none
            sibling = SiblingCopy.for_market(market) if other_language and translatable and None not in locales else None
            copied = sibling.value(product, code, source, locales, channel) if sibling is not None else None
            if existing is not None:
                values[code] = LocalizedValue(existing, source, "pim", translatable)
            elif copied is not None:
                values[code] = copied
            elif source is not None:
                values[code] = LocalizedValue(source, source, "untranslated" if translatable else "source", translatable)
        return record


def _catalog(tmp: Path) -> AttributeCatalog:
    attributes = tmp / "attributes.csv"
    attributes.write_text("type;code;label-en_US;localizable\npim_catalog_text;name;Name;1\n"
                          "pim_catalog_textarea;description;Description;1\npim_catalog_simpleselect;color;Color;0\n"
                          "pim_catalog_text;material;Material;0\n", encoding="utf-8")
    options = tmp / "options.csv"
    options.write_text("attribute;code;label-de_DE;label-en_US\ncolor;red;Rot;Red\ncolor;blue;Blau;Blue\n",
                       encoding="utf-8")
    catalog = AttributeCatalog.load(attributes)
    catalog.load_options(options)
    return catalog


_VALUES = st.lists(st.tuples(st.sampled_from(LOCALES), st.sampled_from(CHANNELS), st.sampled_from(DATA)),
                   min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(products=st.lists(st.dictionaries(st.sampled_from(CODES), _VALUES, max_size=6), min_size=1, max_size=4),
       source=st.sampled_from([("de_DE", None), ("de_DE", "ecommerce"), ("en_US", "print")]),
       exclude=st.sampled_from([(), ("internal_*",)]), known=st.booleans(), order=st.permutations(range(4)))
def test_records_built_from_the_plan_equal_records_built_one_by_one(
        tmp_path_factory: Any, products: list[dict[str, Any]], source: tuple[str, str | None],
        exclude: tuple[str, ...], known: bool, order: list[int]) -> None:
    catalog = _catalog(tmp_path_factory.mktemp("catalog")) if known else AttributeCatalog()
    args = (source[0], source[1], catalog, exclude)
    new, old = RecordBuilder(*args, language_neutral=LANGUAGE_NEUTRAL), OldBuilder(*args, language_neutral=LANGUAGE_NEUTRAL)
    markets = [MARKETS[i] for i in order]
    for i, values in enumerate(products):
        product = Product(f"P{i}", Origin("p.csv", i + 2))
        for code, entries in values.items():
            for locale, channel, data in entries:
                product.add(code, Value(locale, channel, data))
        for _ in range(2):  # the same product again (a plan is reused only for the product it was made of)
            for market in markets:
                a, b = new.build(product, market), old.build(product, market)
                assert a.values == b.values and list(a.values) == list(b.values)
                assert a.source_locale == b.source_locale


def test_the_plan_is_worked_out_once_per_product(monkeypatch: Any) -> None:
    builder = RecordBuilder("de_DE", None, AttributeCatalog())
    asked: list[str] = []
    real = builder.catalog.is_copy
    monkeypatch.setattr(builder.catalog, "is_copy", lambda code: asked.append(code) or real(code))
    product = Product("P1", Origin("p.csv", 2))
    product.add("name", Value("de_DE", None, "Weiche Baumwolle"))
    for market in MARKETS:  # channels None, print, None, ecommerce: three plans
        builder.build(product, market)
    assert asked == ["name"] * 3
    other = Product("P2", Origin("p.csv", 3))
    other.add("name", Value("de_DE", None, "Robuster Stahl"))
    assert builder.build(other, MARKETS[0]).values["name"].data == "Robuster Stahl"
    assert asked == ["name"] * 4
    asked.clear()
    third = Product("P3", Origin("p.csv", 4))
    third.add("name", Value("de_DE", None, "Leichtes Glas"))
    for market in (MARKETS[0], Market("fr-CA", "CA", "CAD", "fr", "fr_CA"), Market("ja-JP", "JP", "JPY", "ja", "ja_JP")):
        builder.build(third, market)  # one channel: one plan for the three markets
    assert asked == ["name"]
