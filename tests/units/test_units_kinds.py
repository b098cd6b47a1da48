"""Units per kind of attribute (issue 11): display diagonals in inches in every market, wine and
spirits in metric sizes in the US; defaults are data (localize/data/unit_kinds.yaml), matched by
code, label, family and product words, overridable per market and attribute; copy too."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.errors import ConfigError
from localize.units.conventions import market_units
from localize.units.quantities_in_text import rewrite_quantities

PRODUCTS = """\
sku;family;categories;name-de_DE;price-EUR;display_diagonal;display_diagonal-unit;screen;screen-unit;width;width-unit;volume;volume-unit
TV-1;tv;televisions;Fernseher;499.00;139;CENTIMETER;;;123;CENTIMETER;;
TAB-1;tablets;tablets;Tablet;299.00;;;10.9;INCH;;;;
WINE-1;wine;red_wine;Riesling;9.90;;;;;;;0.75;LITER
GIN-1;spirits;spirits;Gin;24.90;;;;;;;70;CENTILITER
KETTLE-1;kitchen;kettles;Wasserkocher;29.90;;;;;;;1.5;LITER
GLASS-1;glassware;wine_glasses;Weingläser;19.90;;;;;;;450;MILLILITER
"""
ATTRIBUTES = """\
type;code;label-de_DE;label-en_US;localizable;metric_family
pim_catalog_identifier;sku;SKU;SKU;0;
pim_catalog_text;name;Name;Name;1;
pim_catalog_price_collection;price;Preis;Price;0;
pim_catalog_metric;display_diagonal;Bildschirmdiagonale;Display diagonal;0;Length
pim_catalog_metric;screen;Bildschirmgröße;Screen size;0;Length
pim_catalog_metric;width;Breite;Width;0;Length
pim_catalog_metric;volume;Inhalt;Volume;0;Volume
"""
CONFIG = """\
version: 1
source: {{format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv}}
markets: [{{locale: en-US}}, {{locale: en-GB}}, {{locale: ja-JP}}, {{locale: de-DE{market_extra}}}]
outputs: {{dir: out, formats: [jsonl]}}
stages: [convert]
prices: {{rates_date: 2024-03-15}}
{extra}
"""


def _run(tmp_path: Path, extra: str = "", market_extra: str = "") -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    for name, text in {"products.csv": PRODUCTS, "attributes.csv": ATTRIBUTES,
                       "localize.yaml": CONFIG.format(extra=extra, market_extra=market_extra)}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    out = {}
    for path in (tmp_path / "out").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out[(record["market"], record["identifier"])] = record
    return out


def test_display_diagonals_in_inches_everywhere_and_wine_metric_in_the_us(tmp_path: Path) -> None:
    out = _run(tmp_path)
    for market in ("en-US", "en-GB", "ja-JP", "de-DE"):
        assert out[(market, "TV-1")]["values"]["display_diagonal"] == {"amount": "54.7", "unit": "INCH"}, market
        assert out[(market, "TAB-1")]["values"]["screen"] == {"amount": "10.9", "unit": "INCH"}, market  # by its label
    assert out[("en-US", "TV-1")]["values"]["width"]["unit"] == "INCH"  # other lengths follow the market
    assert out[("de-DE", "TV-1")]["values"]["width"] == {"amount": "123", "unit": "CENTIMETER"}
    assert out[("en-US", "WINE-1")]["values"]["volume"] == {"amount": "0.75", "unit": "LITER"}
    assert out[("en-US", "GIN-1")]["values"]["volume"] == {"amount": "70", "unit": "CENTILITER"}
    assert out[("en-US", "WINE-1")]["display"]["volume"] == "0.75 L"
    assert out[("en-US", "KETTLE-1")]["values"]["volume"]["unit"] == "US_FLUID_OUNCE"
    assert out[("en-US", "GLASS-1")]["values"]["volume"]["unit"] == "US_FLUID_OUNCE"  # wine glasses are not wine


def test_kinds_are_overridable_per_config_market_and_attribute(tmp_path: Path) -> None:
    out = _run(tmp_path, extra="units: {kinds: {wine-and-spirits-volume: false}, attributes: {screen: CENTIMETER}}",
               market_extra=", units: {kinds: {display-diagonal: {unit: CENTIMETER, rounding: integer}}}")
    assert out[("en-US", "WINE-1")]["values"]["volume"]["unit"] == "US_FLUID_OUNCE"
    assert out[("de-DE", "TV-1")]["values"]["display_diagonal"] == {"amount": "139", "unit": "CENTIMETER"}
    assert out[("ja-JP", "TV-1")]["values"]["display_diagonal"]["unit"] == "INCH"
    assert out[("ja-JP", "TAB-1")]["values"]["screen"]["unit"] == "CENTIMETER"  # per attribute wins


def test_a_bad_kind_in_the_config_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="display-diagonal.*not a unit of Length"):
        market_units("en-US", "US", {"kinds": {"display-diagonal": {"unit": "LITER"}}})
    with pytest.raises(ConfigError, match="exactly one of `unit` or `system`"):
        market_units("en-US", "US", {"kinds": {"bottles": {"families": ["Volume"], "attributes": ["*"]}}})


def test_quantities_in_copy_follow_the_kind() -> None:
    from localize.model import LocalizedRecord, Market, Origin, Product
    from localize.units.kinds import KindResolver

    gb = market_units("en-GB", "GB")
    resolver = KindResolver(gb.kinds)
    tv = LocalizedRecord(Product("TV-1", Origin("p", 2), family="tv"), Market("en-GB", "GB", "GBP", "en", "en_GB"))
    text = "Screen diagonal: 139 cm. Width 123 cm."
    result = rewrite_quantities(text, "en-GB", gb, kinds=resolver.for_text(tv))
    assert result.text == "Screen diagonal: 54.7 in. Width 123 cm."
    us = market_units("en-US", "US")
    wine = LocalizedRecord(Product("W", Origin("p", 2), family="wine", categories=("red_wine",)),
                           Market("en-US", "US", "USD", "en", "en_US"))
    kettle = LocalizedRecord(Product("K", Origin("p", 2), family="kitchen", categories=("kettles",)),
                             Market("en-US", "US", "USD", "en", "en_US"))
    kinds = KindResolver(us.kinds)
    assert rewrite_quantities("Dry red wine, 0.75 l bottle", "en-US", us,
                              kinds=kinds.for_text(wine)).text == "Dry red wine, 0.75 l bottle"
    assert "fl oz" in rewrite_quantities("Holds 1.5 l", "en-US", us, kinds=kinds.for_text(kettle)).text


def test_the_kinds_file_is_data_with_sources() -> None:
    from localize.units.kinds import shipped_kinds

    kinds = shipped_kinds()
    assert {"display-diagonal", "wine-and-spirits-volume"} <= set(kinds)
    assert kinds["display-diagonal"]["unit"] == "INCH"
    assert market_units("de-DE", "DE").convert_kind(Decimal("139"), "CENTIMETER", "Length",
                                                     market_units("de-DE", "DE").kinds[0]).unit == "INCH"


@pytest.mark.shared
def test_icecat_display_diagonals_stay_in_inches(shared_data: Path, tmp_path: Path) -> None:
    icecat = shared_data / "akeneo" / "icecat_demo_dev_2017"
    (tmp_path / "localize.yaml").write_text(f"""
source: {{format: akeneo-csv, path: {icecat / "products.csv"}, attributes: {icecat / "attributes.csv"}, locale: en_US, channel: print}}
markets: [{{locale: de-DE}}, {{locale: ja-JP}}, {{locale: en-GB}}]
outputs: {{dir: out, formats: [jsonl]}}
stages: [convert]
allow_outside: true
""", encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    seen = 0
    for market in ("de-DE", "ja-JP", "en-GB"):
        for path in (tmp_path / "out" / f"{market}.jsonl", tmp_path / "out" / "review-queue.jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                value = record["values"].get("display_diagonal")
                if record["market"] == market and isinstance(value, dict):
                    assert value["unit"] == "INCH", (market, record["identifier"], value)
                    seen += 1
    assert seen > 100


def test_product_words_and_kind_matches_are_worked_out_once_per_kind_of_product(monkeypatch: pytest.MonkeyPatch) -> None:
    from localize.config import build_market
    from localize.model import LocalizedRecord, Origin, Product
    from localize.units import kinds as kinds_module

    calls: list[frozenset[str]] = []
    original = kinds_module.UnitKind.matches_product

    def counted(self: kinds_module.UnitKind, words: frozenset[str]) -> bool:
        calls.append(words)
        return original(self, words)

    monkeypatch.setattr(kinds_module.UnitKind, "matches_product", counted)
    units = market_units("en-US", "US")
    resolver = kinds_module.KindResolver(units.kinds)
    market = build_market({"locale": "en-US"}, None)
    wine = [LocalizedRecord(Product(f"W{n}", Origin("t", n), family="wine", categories=("red_wine",)), market, "de-DE")
            for n in range(5)]
    kettle = LocalizedRecord(Product("K1", Origin("t", 9), family="kitchen", categories=("kettles",)), market, "de-DE")
    found = [resolver.for_text(r) for r in wine]
    assert len({tuple(k.name for k in f) for f in found}) == 1
    assert any(k.product_words for k in found[0])  # the wine kind applies
    per_product = len(calls)
    assert per_product == sum(1 for k in units.kinds if k.product_words)  # once, not five times
    assert resolver.for_value(wine[0], "volume", "Volume") == resolver.for_value(wine[4], "volume", "Volume")
    assert not any(k.product_words for k in resolver.for_text(kettle))
    assert resolver.for_text(kettle) == kinds_module.KindResolver(units.kinds).for_text(kettle)
