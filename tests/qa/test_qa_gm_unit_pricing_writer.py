"""The Google writers' unit pricing: which products are sold by measure (category, attribute
definitions, config), the net content in Google's syntax and the market's units, and the
conventional base measure per country."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from localize.attributes import AttributeInfo
from localize.channels.google_merchant.items import item_fields, resolve_settings
from localize.channels.google_merchant.measures import from_quantity, natural, round_measure
from localize.channels.google_merchant.settings import GoogleMerchantSettings
from localize.channels.google_merchant.unit_pricing import declared_quantity, is_net_content
from localize.config import build_market
from localize.errors import ConfigError
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product, Quantity
from localize.qa.settings import build_settings

WINE = {"id": "food.beverages.wine", "ancestors": ["food", "food.beverages"], "path": ["Food & drink", "Beverages", "Wine"]}
OIL = {"id": "food.pantry.oils", "ancestors": ["food", "food.pantry"], "path": ["Food & drink", "Pantry", "Oils"]}
CREAM = {"id": "beauty.skincare.moisturizers", "ancestors": ["beauty", "beauty.skincare"],
         "path": ["Health & beauty", "Skin care", "Moisturizers"]}
KETTLE = {"id": "home.appliances", "ancestors": ["home"], "path": ["Home & kitchen", "Kitchen appliances"]}
DRYER = {"id": "beauty.hair.dryers", "ancestors": ["beauty", "beauty.hair"],
         "path": ["Health & beauty", "Hair care", "Hair dryers"]}


def q(amount: str, unit: str) -> Quantity:
    return Quantity(Decimal(amount), unit)


def record(locale: str, title: str, values: dict[str, Any], *, taxonomy: dict[str, Any] | None = None,
           categories: tuple[str, ...] = (), units: dict[str, Any] | None = None) -> LocalizedRecord:
    spec: dict[str, Any] = {"locale": locale}
    if units:
        spec["units"] = units
    market = build_market(spec, None)
    product = Product("P1", Origin("products.csv", 2), categories=categories)
    rec = LocalizedRecord(product, market, "de-DE", categories=categories, taxonomy=taxonomy or {})
    rec.values["name"] = LocalizedValue(title, title)
    for code, value in values.items():
        if isinstance(value, tuple):  # (published, PIM) of a converted quantity
            rec.values[code] = LocalizedValue(value[0], value[1], "converted")
        else:
            rec.values[code] = LocalizedValue(value, value)
    return rec


def gm(**section: Any) -> GoogleMerchantSettings:
    base = {"link": "https://shop.example/p/{identifier}", "image_link": "https://cdn.example/{identifier}.jpg"}
    return build_settings({"google_merchant": {**base, **section}}).google_merchant


def pricing(rec: LocalizedRecord, settings: GoogleMerchantSettings | None = None) -> tuple[str, str] | None:
    item = item_fields(rec, settings or gm())
    if "unit_pricing_measure" not in item:
        assert "unit_pricing_base_measure" not in item
        return None
    return item["unit_pricing_measure"], item["unit_pricing_base_measure"]


@pytest.mark.parametrize(("locale", "expected"), [
    ("de-DE", ("0.75 l", "1 l")),      # PAngV: per litre
    ("fr-FR", ("0.75 l", "1 l")),
    ("fr-CH", ("0.75 l", "1 l")),
    ("en-GB", ("0.75 l", "100 ml")),   # UK shelves: per 100 ml
    ("ja-JP", ("0.75 l", "1 l")),      # not required, written anyway (write: all)
    ("en-US", ("25.36 floz", "1 floz")),
])
def test_wine_in_every_market(locale: str, expected: tuple[str, str]) -> None:
    rec = record(locale, "Riesling Spätlese 2022, 0,75 l", {"volume": q("0.7500", "LITER"),
                                                            "weight": q("1.3", "KILOGRAM")}, taxonomy=WINE)
    assert pricing(rec) == expected


def test_a_converted_value_is_priced_from_the_pim_quantity_not_the_rounded_one() -> None:
    rec = record("en-US", "Sunscreen Spray SPF 30, 6.8 fl oz",
                 {"volume": (q("6.8", "US_FLUID_OUNCE"), q("200", "MILLILITER"))}, taxonomy=CREAM)
    assert pricing(rec) == ("6.76 floz", "1 floz")  # 200 ml = 6.7628 fl oz, not the display's 6.8


def test_us_weights_switch_to_pounds_at_one_pound_with_a_base_of_the_same_unit() -> None:
    espresso = record("en-US", "Espresso Beans, 2.2 lb", {"weight": q("1", "KILOGRAM")}, taxonomy=WINE)
    chocolate = record("en-US", "Dark Chocolate, 3.5 oz", {"weight": q("100", "GRAM")}, taxonomy=WINE)
    assert pricing(espresso) == ("2.2 lb", "1 lb")
    assert pricing(chocolate) == ("3.53 oz", "1 oz")


def test_a_market_that_uses_us_units_by_config() -> None:
    rec = record("en-CA", "Olive oil, 500 ml", {"volume": q("500", "MILLILITER")}, taxonomy=OIL,
                 units={"system": "US"})
    assert pricing(rec) == ("16.91 floz", "1 floz")
    metric = record("en-CA", "Olive oil, 500 ml", {"volume": q("500", "MILLILITER")}, taxonomy=OIL)
    assert pricing(metric) == ("500 ml", "1 l")


def test_products_not_sold_by_measure_get_no_unit_price() -> None:
    kettle = record("de-DE", "Wasserkocher „Aqua“, 1,5 l", {"volume": q("1.5", "LITER")}, taxonomy=KETTLE)
    dryer = record("de-DE", "Haartrockner 2000 W", {"weight": q("600", "GRAM")}, taxonomy=DRYER)
    unknown = record("de-DE", "Isolierflasche 0,75 l", {"volume": q("750", "MILLILITER")})
    assert (pricing(kettle), pricing(dryer), pricing(unknown)) == (None, None, None)


def test_volume_comes_before_a_gross_weight() -> None:
    rec = record("de-DE", "Natives Olivenöl extra, 0,5 l", {"volume": q("500", "MILLILITER"),
                                                            "weight": q("950", "GRAM")}, taxonomy=OIL)
    assert pricing(rec) == ("500 ml", "1 l")


def test_the_title_wins_over_a_weight_that_is_the_gross_weight() -> None:
    oil = record("de-DE", "Natives Olivenöl extra, 0,5 l", {"weight": q("950", "GRAM")}, taxonomy=OIL)
    honey = record("de-DE", "Blütenhonig, 500 g", {"weight": q("540", "GRAM")}, taxonomy=OIL)
    same = record("de-DE", "Blütenhonig, 500 g", {"weight": q("0.5", "KILOGRAM")}, taxonomy=OIL)
    assert pricing(oil) == ("0.5 l", "1 l")  # another dimension: the title's volume
    assert pricing(honey) == ("500 g", "1 kg")  # 540 g is not what the jar holds
    assert pricing(same) == ("0.5 kg", "1 kg")  # the attribute agrees: its own unit is kept


def test_a_rounded_title_confirms_the_attribute_within_its_last_digit() -> None:
    rec = record("en-US", "Beeswax Lip Balm, 0.2 oz", {"weight": q("4.8", "GRAM")}, taxonomy=CREAM)
    assert pricing(rec) == ("0.17 oz", "1 oz")  # 0.2 oz is 0.15-0.25 oz: 4.8 g (0.169 oz) stands


def test_a_multipack_in_the_title_counts_as_its_total() -> None:
    rec = record("de-DE", "Mineralwasser still, 6 x 1,5 l", {"weight": q("9.4", "KILOGRAM")}, taxonomy=WINE)
    assert pricing(rec) == ("9 l", "1 l")
    found = declared_quantity("Tee 6 x 20 g", "de-DE")
    assert found is not None and (found.dimension, found.base_value, found.text) == ("mass", Decimal(120), "20 g")


def test_food_without_any_quantity_gets_none() -> None:
    assert pricing(record("de-DE", "Bio-Espressobohnen „Crema“", {}, taxonomy=WINE)) is None


def test_a_net_content_attribute_needs_no_category() -> None:
    settings = replace(gm(), net_content=("fuellmenge",))
    rec = record("de-DE", "Spülmittel Zitrone", {"fuellmenge": q("750", "MILLILITER"), "weight": q("0.8", "KILOGRAM")})
    assert pricing(rec, settings) == ("750 ml", "1 l")
    by_code = record("de-DE", "Spülmittel Zitrone", {"net_volume": q("0.5", "LITER")})
    assert pricing(by_code) == ("0.5 l", "1 l")  # net_volume is a net content by its code alone


def test_net_content_attributes_are_found_by_code_or_label() -> None:
    assert is_net_content("net_weight") and is_net_content("fuellmenge") and is_net_content("contents")
    assert is_net_content("qty", ["Füllmenge"]) and is_net_content("x1", ["Contenu net"])
    assert is_net_content("x2", ["内容量"])
    assert not is_net_content("weight", ["Gewicht", "Weight"])
    assert not is_net_content("cabinet_width", ["Breite"]) and not is_net_content("magnet_volume")


def test_resolve_settings_reads_the_attribute_definitions_and_the_taxonomy() -> None:
    catalog = SimpleNamespace(attributes={
        "volume": AttributeInfo("volume", "metric", labels={"de_DE": "Volumen"}, metric_family="Volume"),
        "inhalt": AttributeInfo("inhalt", "metric", labels={"de_DE": "Nettofüllmenge"}, metric_family="Volume"),
        "name": AttributeInfo("name", "text"),
    })
    ctx = SimpleNamespace(catalog=catalog, taxonomy=SimpleNamespace(source="localize"))
    settings = resolve_settings(ctx, gm())  # type: ignore[arg-type]
    assert settings.families == {"volume": "Volume", "inhalt": "Volume"}
    assert settings.net_content == ("inhalt",)
    assert (settings.taxonomy_source, settings.google_taxonomy) == ("localize", False)


def test_imperial_and_other_akeneo_units_are_converted() -> None:
    assert str(from_quantity(q("1", "GALLON"), "Volume", us=False)) == "4.55 l"  # Akeneo's GALLON is imperial
    assert str(from_quantity(q("1", "GALLON"), "Volume", us=True)) == "1.2 gal"
    assert str(from_quantity(q("10", "OUNCE"), "Volume", us=True)) == "9.61 floz"  # imperial fl oz
    assert str(from_quantity(q("10", "OUNCE"), None, us=True)) == "10 oz"  # a bare OUNCE is a weight
    assert str(from_quantity(q("500", "MILLIGRAM"), "Weight", us=False)) == "500 mg"
    assert str(from_quantity(q("1500", "GRAM"), "Weight", us=False)) == "1500 g"  # a Google unit is kept
    assert str(from_quantity(q("2", "TON"), "Weight", us=False)) == "2000 kg"
    assert str(from_quantity(q("5", "DECILITER"), "Volume", us=False)) == "500 ml"
    assert str(from_quantity(q("250", "CENTIMETER"), "Length", us=False)) == "250 cm"
    assert str(from_quantity(q("2500", "MILLIMETER"), "Length", us=False)) == "2.5 m"
    assert str(from_quantity(q("12", "SQUARE_FOOT"), "Area", us=False)) == "1.11 sqm"
    assert from_quantity(q("0", "GRAM"), "Weight", us=False) is None
    assert from_quantity(q("30", "CELSIUS"), "Temperature", us=False) is None


def test_rounding_never_rounds_a_real_amount_to_zero() -> None:
    assert round_measure(Decimal("0.001234")) == Decimal("0.00123")
    assert round_measure(Decimal("25.36051")) == Decimal("25.36")
    assert str(natural("mass", Decimal("0.5"), us=False)) == "500 mg"


def test_categories_config_names_the_attribute_or_says_false() -> None:
    settings = gm(unit_pricing={"categories": {"food_wine": "volume", "food.sweets": False,
                                               "kitchen_appliances": ["capacity"]}})
    wine = record("de-DE", "Rotwein", {"volume": q("0.75", "LITER")}, categories=("food_wine",))
    sweets = record("de-DE", "Schokolade 100 g", {"weight": q("100", "GRAM")},
                    taxonomy={"id": "food.sweets.chocolate", "ancestors": ["food", "food.sweets"]})
    kettle = record("de-DE", "Wasserkocher", {"capacity": q("1.7", "LITER")}, taxonomy=KETTLE,
                    categories=("kitchen_appliances",))
    assert pricing(wine, settings) == ("0.75 l", "1 l")  # no taxonomy: the PIM category says so
    assert pricing(sweets, settings) is None  # the most specific key (food.sweets) says false
    assert pricing(kettle, settings) == ("1.7 l", "1 l")


def test_google_category_keys_and_a_google_shared_taxonomy() -> None:
    rec = record("de-DE", "Rotwein 0,75 l", {"volume": q("0.75", "LITER")},
                 taxonomy={"id": "421", "ancestors": ["412", "413", "499676"], "path": ["Nahrungsmittel", "Wein"]})
    assert pricing(rec, replace(gm(), taxonomy_source="google", google_taxonomy=True)) == ("0.75 l", "1 l")
    mapped = record("de-DE", "Rotwein 0,75 l", {"volume": q("0.75", "LITER")}, taxonomy={"id": "x.wine"})
    assert pricing(mapped, replace(gm(), category_map={"x.wine": "421"})) == ("0.75 l", "1 l")
    assert pricing(mapped, replace(gm(unit_pricing={"categories": {"421": False}}), category_map={"x.wine": "421"})) \
        is None


def test_write_policy_and_base_measure_per_market() -> None:
    wine = {"volume": q("0.75", "LITER")}
    us = record("en-US", "Riesling, 25.4 fl oz", wine, taxonomy=WINE)
    de = record("de-DE", "Riesling, 0,75 l", wine, taxonomy=WINE)
    required = gm(unit_pricing={"write": "required"})
    assert (pricing(us, required), pricing(de, required)) == (None, ("0.75 l", "1 l"))
    assert pricing(de, gm(unit_pricing={"write": "never"})) is None
    per_bottle = build_settings(
        {"google_merchant": {"link": "https://s.example/{identifier}", "image_link": "https://s.example/i.jpg",
                             "unit_pricing": {"base_measure": {"volume": "100 ml", "mass": "100 g"}}}},
        {"google_merchant": {"unit_pricing": {"base_measure": {"volume": "75 cl"}}}},
    ).google_merchant
    assert per_bottle.unit_pricing.base_measure == {"volume": "75 cl", "mass": "100 g"}
    assert pricing(de, per_bottle) == ("0.75 l", "75 cl")


@pytest.mark.parametrize(("base", "message"), [
    ({"mass": "500 g"}, "validate.google_merchant.unit_pricing.base_measure.mass: '500 g' uses a number Google does "
                        "not accept: 1, 2, 4, 8, 10 or 100 (or 75 cl, 750 ml, 50 kg, 1000 kg)"),
    ({"mass": "1 l"}, "validate.google_merchant.unit_pricing.base_measure.mass: '1 l' is not a mass unit"),
    ({"volume": "1 litre"}, "validate.google_merchant.unit_pricing.base_measure.volume: '1 litre' has the unit "
                            "'litre', which is not one of Google's (mg, g, kg, oz, lb, ml, cl, l, cbm, floz, pt, qt, "
                            "gal, cm, m, in, ft, yd, sqm, sqft, ct, sheet, item)"),
])
def test_a_base_measure_google_rejects_is_a_config_error(base: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        gm(unit_pricing={"base_measure": base})
    assert info.value.message == message


def test_the_feeds_carry_the_unit_pricing_columns(tmp_path: Any) -> None:
    from localize.channels.google_merchant.items import COLUMNS

    assert COLUMNS[-2:] == ("unit_pricing_measure", "unit_pricing_base_measure")
