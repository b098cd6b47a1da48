"""The bundled demo catalogue (`examples/demo/`) is consistent with itself and with Akeneo's formats.

The demo is what a new user runs first (`make demo`) and what several capabilities show off, so its
files must be what they claim: Akeneo flat exports that parse with the declared columns, unit codes
Akeneo knows, options and categories that exist, and a translation memory whose targets keep the
source's markup, numbers and placeholders. The few gaps and the planted review cases are deliberate;
the tests pin them so that they stay deliberate.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from localize.akeneo_units import is_known_unit

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PRODUCT_COLUMNS = [
    "sku", "family", "parent", "categories", "enabled", "groups",
    "name-de_DE", "name-en_US", "description-de_DE-ecommerce", "short_description-de_DE",
    "care_instructions-de_DE", "internal_note", "brand", "ean", "color", "material", "size",
    "age_min", "alcohol_content", "organic", "organic_certificate",
    "weight", "weight-unit", "length", "length-unit", "width", "width-unit", "height", "height-unit",
    "volume", "volume-unit", "max_temperature", "max_temperature-unit",
    "wash_temperature", "wash_temperature-unit", "power", "power-unit",
    "battery_capacity", "battery_capacity-unit", "cable_length", "cable_length-unit",
    "price-EUR", "X_SELL-products", "UPSELL-products",
]
MODEL_COLUMNS = [
    "code", "family_variant", "parent", "categories",
    "name-de_DE", "description-de_DE-ecommerce", "short_description-de_DE", "care_instructions-de_DE",
    "brand", "color", "material", "weight", "weight-unit", "height", "height-unit",
    "volume", "volume-unit", "wash_temperature", "wash_temperature-unit",
]
ATTRIBUTE_COLUMNS = [
    "type", "code", "label-de_DE", "label-en_US", "label-fr_FR", "group", "unique", "useable_as_grid_filter",
    "allowed_extensions", "metric_family", "default_metric_unit", "reference_data_name", "localizable",
    "scopable", "sort_order", "decimals_allowed", "negative_allowed",
]
CATEGORY_COLUMNS = ["code", "parent", "label-de_DE", "label-en_US", "label-fr_FR"]
OPTION_COLUMNS = ["attribute", "code", "sort_order", "label-de_DE", "label-en_US", "label-fr_FR"]

# Product and model columns that are not attribute values.
FIELD_COLUMNS = {"family", "parent", "categories", "enabled", "groups", "code", "family_variant"}
ASSOCIATION = re.compile(r"^[A-Z][A-Z0-9_]*-(products|product_models|groups)$")
CHANNELS = {"ecommerce"}

TARGETS = ["en-US", "en-GB", "fr-FR", "fr-CH", "ja-JP"]
COPY_COLUMNS = ["name-de_DE", "description-de_DE-ecommerce", "short_description-de_DE", "care_instructions-de_DE"]
# Left out of the memory on purpose: the offline `memory` engine marks them untranslated -> review queue.
UNTRANSLATED = {
    "Nur chemisch reinigen, nicht bügeln.",  # SCHAL-COMO care_instructions
    "Cremiger Blütenhonig aus regionaler Imkerei.",  # HONIG-BLUETEN-500G short_description
    "<p>Kaltgepresstes Olivenöl aus handgepflückten Koroneiki-Oliven von Kreta. Fruchtig, mit leicht pfeffrigem "
    "Abgang.</p><ul><li>Ernte 2024</li><li>Säuregehalt unter 0,3 %</li></ul>",  # OLIVENOEL-KRETA-05 description
}
# The one variant whose product model is deliberately not in product_models.csv.
ORPHAN = ("JACKE-STURM-M", "jacket_sturm")


def read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DEMO / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        header = next(reader)
        rows = []
        for row in reader:
            assert len(row) == len(header), f"{name}:{reader.line_num}: {len(row)} fields, header has {len(header)}"
            rows.append(dict(zip(header, row, strict=True)))
    return header, rows


@pytest.fixture(scope="module")
def products() -> list[dict[str, str]]:
    return read_csv("products.csv")[1]


@pytest.fixture(scope="module")
def models() -> list[dict[str, str]]:
    return read_csv("product_models.csv")[1]


@pytest.fixture(scope="module")
def attributes() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_csv("attributes.csv")[1]}


@pytest.fixture(scope="module")
def tmx_units() -> list[dict[str, str]]:
    """Each <tu> as {lang: segment text}; asserts the TMX is well-formed on the way."""
    root = ET.parse(DEMO / "memory.tmx").getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "de-DE"
    units = []
    for tu in root.iter("tu"):
        langs = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
        assert langs == ["de-DE", *TARGETS], f"{tu.get('tuid')}: languages {langs}"
        segs = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        assert all(segs.values()), f"{tu.get('tuid')}: empty segment"
        units.append({"tuid": tu.get("tuid"), **segs})
    return units


# ------------------------------------------------------------------------------------------ CSV shape


@pytest.mark.parametrize(
    ("name", "columns", "count"),
    [
        ("products.csv", PRODUCT_COLUMNS, 60),
        ("product_models.csv", MODEL_COLUMNS, 3),
        ("attributes.csv", ATTRIBUTE_COLUMNS, 26),
        ("categories.csv", CATEGORY_COLUMNS, 44),
        ("attribute_options.csv", OPTION_COLUMNS, 48),
    ],
)
def test_csv_parses_with_declared_columns_and_rows(name: str, columns: list[str], count: int) -> None:
    raw = (DEMO / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "Akeneo exports have no BOM"
    raw.decode("utf-8")
    header, rows = read_csv(name)
    assert header == columns
    assert len(rows) == count


def test_identifiers_are_unique(products, models) -> None:
    skus = [p["sku"] for p in products]
    assert len(set(skus)) == len(skus)
    codes = [m["code"] for m in models]
    assert len(set(codes)) == len(codes)
    eans = [p["ean"] for p in products]
    assert len(set(eans)) == len(eans)


def test_eans_have_valid_check_digits(products) -> None:
    for p in products:
        digits = [int(d) for d in p["ean"]]
        assert len(digits) == 13, p["sku"]
        total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
        assert (10 - total % 10) % 10 == digits[12], p["sku"]


def test_prices_are_eur_with_two_decimals(products) -> None:
    for p in products:
        assert re.fullmatch(r"[0-9]+\.[0-9]{2}", p["price-EUR"]), (p["sku"], p["price-EUR"])
        assert Decimal(p["price-EUR"]) > 0


def test_booleans_and_numbers_are_akeneo_flat_values(products, attributes) -> None:
    for p in products:
        assert p["enabled"] in ("0", "1")
        assert p["organic"] in ("", "0", "1")
        for code in ("age_min", "alcohol_content"):
            if p[code]:
                value = Decimal(p[code])
                assert value >= 0
                if attributes[code]["decimals_allowed"] == "0":
                    assert value == value.to_integral_value(), (p["sku"], code)


# ------------------------------------------------------------------------------------------ attributes


def _attribute_of(column: str, attributes: dict[str, dict[str, str]]) -> tuple[str, str | None, str | None]:
    """Split an Akeneo flat column into (attribute, locale, channel); `-unit` and currencies map to the attribute."""
    if column.endswith("-unit"):
        return column[: -len("-unit")], None, None
    code, *rest = column.split("-")
    if attributes.get(code, {}).get("type") == "pim_catalog_price_collection":
        assert len(rest) == 1 and re.fullmatch(r"[A-Z]{3}", rest[0]), column
        return code, None, None
    locale = rest.pop(0) if rest and re.fullmatch(r"[a-z]{2}_[A-Z]{2}", rest[0]) else None
    channel = rest.pop(0) if rest else None
    assert not rest, column
    return code, locale, channel


@pytest.mark.parametrize("name", ["products.csv", "product_models.csv"])
def test_every_attribute_column_is_declared(name: str, attributes) -> None:
    header, _ = read_csv(name)
    for column in header:
        if column in FIELD_COLUMNS or ASSOCIATION.match(column):
            continue
        code, locale, channel = _attribute_of(column, attributes)
        assert code in attributes, f"{name}: column {column!r} has no attribute {code!r} in attributes.csv"
        info = attributes[code]
        assert (locale is not None) == (info["localizable"] == "1"), f"{name}: {column} vs localizable"
        assert (channel is not None) == (info["scopable"] == "1"), f"{name}: {column} vs scopable"
        if channel is not None:
            assert channel in CHANNELS, column
        if column.endswith("-unit"):
            assert info["type"] == "pim_catalog_metric", column


def test_attribute_definitions_are_coherent(attributes) -> None:
    for code, info in attributes.items():
        assert info["type"].startswith("pim_catalog_"), code
        if info["type"] == "pim_catalog_metric":
            assert is_known_unit(info["default_metric_unit"], info["metric_family"]), code
        else:
            assert not info["metric_family"] and not info["default_metric_unit"], code
    copy = {c for c, i in attributes.items() if i["localizable"] == "1"}
    assert copy == {"name", "description", "short_description", "care_instructions"}


@pytest.mark.parametrize("name", ["products.csv", "product_models.csv"])
def test_metric_values_use_akeneo_unit_codes_of_their_family(name: str, attributes) -> None:
    header, rows = read_csv(name)
    metrics = [c[: -len("-unit")] for c in header if c.endswith("-unit")]
    assert metrics
    seen_units = set()
    for row in rows:
        for code in metrics:
            amount, unit = row[code], row[f"{code}-unit"]
            assert bool(amount) == bool(unit), (row.get("sku") or row.get("code"), code)
            if not amount:
                continue
            assert re.fullmatch(r"[0-9]+\.[0-9]{4}", amount), (code, amount)
            assert is_known_unit(unit, attributes[code]["metric_family"]), (code, unit)
            seen_units.add(unit)
    if name == "products.csv":
        assert {"GRAM", "KILOGRAM", "CENTIMETER", "MILLIMETER", "METER", "LITER", "MILLILITER", "CELSIUS", "WATT",
                "MILLIAMPEREHOUR"} <= seen_units


@pytest.mark.parametrize("name", ["products.csv", "product_models.csv"])
def test_every_option_code_exists(name: str) -> None:
    options = {(o["attribute"], o["code"]) for o in read_csv("attribute_options.csv")[1]}
    _, rows = read_csv(name)
    used = 0
    for row in rows:
        for attribute in ("color", "material", "size"):
            if row.get(attribute):
                used += 1
                assert (attribute, row[attribute]) in options, (row.get("sku") or row.get("code"), attribute)
    assert used


def test_options_belong_to_select_attributes(attributes) -> None:
    for o in read_csv("attribute_options.csv")[1]:
        assert attributes[o["attribute"]]["type"] == "pim_catalog_simpleselect"
        assert o["label-de_DE"] and o["label-en_US"] and o["label-fr_FR"]


# ------------------------------------------------------------------------------------------ categories


def test_category_tree_is_well_formed() -> None:
    categories = {c["code"]: c for c in read_csv("categories.csv")[1]}
    for code, cat in categories.items():
        assert not cat["parent"] or cat["parent"] in categories, code
        depth, node = 0, cat
        while node["parent"]:
            node, depth = categories[node["parent"]], depth + 1
            assert depth < 10, f"cycle at {code}"
        assert cat["label-de_DE"] and cat["label-en_US"] and cat["label-fr_FR"], code


@pytest.mark.parametrize("name", ["products.csv", "product_models.csv"])
def test_every_category_exists(name: str) -> None:
    categories = {c["code"] for c in read_csv("categories.csv")[1]}
    _, rows = read_csv(name)
    for row in rows:
        assert row["categories"], row.get("sku") or row.get("code")
        for code in row["categories"].split(","):
            assert code in categories, (row.get("sku") or row.get("code"), code)


# ------------------------------------------------------------------------------------------ models and variants


def test_variants_point_at_models_except_the_deliberate_orphan(products, models) -> None:
    model_codes = {m["code"] for m in models}
    variants = [p for p in products if p["parent"]]
    orphans = [(p["sku"], p["parent"]) for p in variants if p["parent"] not in model_codes]
    assert orphans == [ORPHAN]
    per_model = Counter(p["parent"] for p in variants if p["parent"] in model_codes)
    assert per_model == {"tshirt_basic_bio": 4, "sneaker_city_runner": 3, "mug_classic": 3}
    for p in variants:
        if p["parent"] in model_codes:
            # a variant overrides only its axis (size or colour), EAN and price; the rest is inherited
            assert not any(p[c] for c in COPY_COLUMNS + ["brand", "material", "weight"]), p["sku"]
            assert p["size"] or p["color"], p["sku"]
        else:
            assert p["name-de_DE"] and p["description-de_DE-ecommerce"], "the orphan carries its own values"


def test_models_carry_the_shared_copy(models) -> None:
    for m in models:
        assert m["family_variant"] and m["name-de_DE"] and m["description-de_DE-ecommerce"], m["code"]


def test_catalogue_covers_the_demo_verticals(products) -> None:
    roots = {p["categories"].split(",")[0].split("_")[0] for p in products}
    assert {"apparel", "footwear", "kitchen", "electronics", "food", "toys", "cosmetics"} <= roots


def test_text_exercises_the_reader(products) -> None:
    descriptions = [p["description-de_DE-ecommerce"] for p in products]
    assert sum("\n" in d for d in descriptions) == 1, "one real newline inside a quoted field"
    assert sum("\\n" in d for d in descriptions) == 1, "one literal \\n sequence"
    assert any('"' in p["name-de_DE"] for p in products), "a doubled quote inside a quoted field"
    assert any(";" in d for d in descriptions), "the delimiter inside a quoted field"
    assert all(d.startswith("<p>") for d in descriptions if d)
    assert sum(bool(p["name-en_US"]) for p in products) == 5, "a few names already translated in the PIM"
    assert any(p["enabled"] == "0" for p in products)
    assert any(p["internal_note"] for p in products), "internal notes that must never reach an engine"


def test_planted_review_cases_are_present(products) -> None:
    """The README promises these to the review rules; keep them in the data."""
    by_sku = {p["sku"]: p for p in products}

    def text(sku: str) -> str:
        p = by_sku[sku]
        return " ".join(p[c] for c in COPY_COLUMNS)

    assert "kitchen_knives" in by_sku["MESSERBLOCK-DAMAST-5"]["categories"]
    assert by_sku["RIESLING-SPAETLESE-2022"]["alcohol_content"] and by_sku["GIN-TANNENZAPFEN-05"]["alcohol_content"]
    murmel = by_sku["MURMELBAHN-KLICKROLL-120"]
    assert murmel["age_min"] == "3" and "verschluckbare Kleinteile" in text(murmel["sku"])
    assert "Klimaneutral" in text("SOCKEN-WANDER-3ER") and "umweltfreundliche" in text("BROTDOSE-PAUSENBOX")
    assert "Hypoallergen und klinisch getestet" in text("CREME-SENSITIV-50")
    assert "4-teilige" in text("TOPFSET-GOURMET-4")
    tea = by_sku["TEESERVICE-HANAMI-WEISS"]
    assert tea["color"] == "white" and "gifts" in tea["categories"] and "Geschenkset" in text(tea["sku"])
    assert "Persischer Golf" in text("GLOBUS-WELTREISE-30") and "Japanisches Meer" in text("GLOBUS-WELTREISE-30")
    assert "{size}" in by_sku["LEGGINGS-FLOW"]["short_description-de_DE"]
    # organic claims: the certified products name their certificate; the plush bear's claim has none
    certified = {sku for sku, p in by_sku.items() if p["organic_certificate"]}
    assert certified == {"TS-BASIC-NAVY-S", "TS-BASIC-NAVY-M", "TS-BASIC-NAVY-L", "TS-BASIC-NAVY-XL",
                         "ESPRESSO-CREMA-1KG", "TEE-SENCHA-100"}
    assert "Bio-Baumwolle" in text("PLUESCHBAER-BRUNO") and not by_sku["PLUESCHBAER-BRUNO"]["organic_certificate"]


# ------------------------------------------------------------------------------------------ translation memory

# (grouping separator, decimal separator) of the numbers written in each locale's copy (CLDR):
# fr-FR groups with a narrow no-break space, fr-CH with an apostrophe.
NUMBER_STYLE = {
    "de-DE": (r"\.", ","),
    "en-US": (",", r"\."),
    "en-GB": (",", r"\."),
    "fr-FR": ("[\u202f\u00a0]", ","),
    "fr-CH": ("[\u2019']", ","),
    "ja-JP": (",", r"\."),
}


def numbers(text: str, lang: str) -> list[Decimal]:
    """The numbers in `text` as values, read with the locale's separators (tags removed first)."""
    group, dec = NUMBER_STYLE[lang]
    plain = re.sub(r"<[^>]*>", " ", text)
    pattern = rf"[0-9]{{1,3}}(?:{group}[0-9]{{3}})+(?:{dec}[0-9]+)?|[0-9]+(?:{dec}[0-9]+)?"
    found = []
    for match in re.findall(pattern, plain):
        digits = re.sub(group, "", match)
        found.append(Decimal(re.sub(dec, ".", digits)).normalize())
    return sorted(found)


def tags(text: str) -> list[str]:
    return re.findall(r"</?[a-zA-Z][^>]*>", text)


def entities(text: str) -> list[str]:
    return sorted(re.findall(r"&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);", text))


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[^{}\s]+\}", text))


def test_number_reader_follows_each_locale() -> None:
    assert numbers("2.200 W, 1,5 l und 10 x 20 x 5 cm", "de-DE") == sorted(
        Decimal(x) for x in ("2200", "1.5", "10", "20", "5"))
    assert numbers("2,200 W and 1.5 l", "en-US") == [Decimal("1.5"), Decimal("2200")]
    assert numbers("2\u202f200 W et 1,5 l", "fr-FR") == [Decimal("1.5"), Decimal("2200")]
    assert numbers("2\u2019200 W et 1,5 l", "fr-CH") == [Decimal("1.5"), Decimal("2200")]
    assert numbers("<p>2,5 kg</p>", "de-DE") != numbers("<p>2,5 kg</p>", "en-US")


def test_memory_targets_keep_tags_numbers_and_placeholders(tmx_units) -> None:
    problems = []
    for unit in tmx_units:
        source = unit["de-DE"]
        for lang in TARGETS:
            target = unit[lang]
            for what, get in (("tags", tags), ("entities", entities), ("placeholders", placeholders)):
                if get(target) != get(source):
                    problems.append(f"{unit['tuid']} {lang}: {what} {get(target)} != {get(source)}")
            if numbers(target, lang) != numbers(source, "de-DE"):
                problems.append(f"{unit['tuid']} {lang}: numbers {numbers(target, lang)} != {numbers(source, 'de-DE')}")
            if target.count("\n") != source.count("\n") or target.count("\\n") != source.count("\\n"):
                problems.append(f"{unit['tuid']} {lang}: line breaks differ")
            if target == source:
                problems.append(f"{unit['tuid']} {lang}: not translated")
    assert problems == []


def test_memory_follows_each_market_conventions(tmx_units) -> None:
    us_only = re.compile(r"\b(colou?r(?<!colour)s?|favorite|gray|odors?|cozy|aluminum|sulfites?|plasticizers|"
                         r"moisturiz\w*|nonstick|zipper)\b", re.I)
    gb_only = re.compile(r"\b(colour\w*|favourite|grey|odours?|cosy|aluminium|sulphites?|plasticisers|"
                         r"moisturis\w*|trainers?|jumper)\b", re.I)
    for unit in tmx_units:
        assert not us_only.search(unit["en-GB"]), (unit["tuid"], us_only.search(unit["en-GB"]))
        assert not gb_only.search(unit["en-US"]), (unit["tuid"], gb_only.search(unit["en-US"]))
        for lang in ("fr-FR", "fr-CH"):
            plain = re.sub(r"<[^>]*>", "", unit[lang])
            assert not re.search(r" [:;!?%»]|« ", plain), (unit["tuid"], lang, "French spacing needs no-break spaces")
        assert not re.search(r"\b(septante|huitante|octante|nonante)\b", unit["fr-CH"])
        assert not re.search(r"[0-9]\u202f[0-9]{3}", unit["fr-CH"]), (unit["tuid"], "fr-CH groups with ’")
        assert not re.search(r"[0-9][\u2019'][0-9]{3}", unit["fr-FR"]), (unit["tuid"], "fr-FR groups with U+202F")
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", unit["ja-JP"]), unit["tuid"]
    assert sum(u["en-GB"] != u["en-US"] for u in tmx_units) >= 30
    assert sum(u["fr-CH"] != u["fr-FR"] for u in tmx_units) >= 10


def _copy_values(products, models) -> set[str]:
    """Every distinct translatable source value, exactly as the reader returns it (a literal `\\n` verbatim)."""
    values = set()
    for row in list(products) + list(models):
        for column in COPY_COLUMNS:
            if row.get(column):
                values.add(row[column])
    return values


def option_label_units(units: list[dict[str, str]]) -> list[dict[str, str]]:
    """The units that translate an option's label (`<attribute>/<option code>`): ja-JP has no label in the PIM,
    and the shared taxonomy's label of these options' values drops a word ("organic", "natural", "cardboard")."""
    return [u for u in units if u["tuid"].split("/")[0] in ("material",)]


def test_option_label_units_are_the_pims_labels() -> None:
    from localize.attributes import AttributeCatalog

    catalog = AttributeCatalog()
    catalog.load_options(DEMO / "attribute_options.csv")
    root = ET.parse(DEMO / "memory.tmx").getroot()
    units = [{"tuid": tu.get("tuid"), **{tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}}
             for tu in root.iter("tu")]
    labels = option_label_units(units)
    assert [u["tuid"] for u in labels] == ["material/organic_cotton", "material/natural_rubber", "material/paper"]
    for unit in labels:
        attribute, option = unit["tuid"].split("/")
        pim = catalog.options[attribute][option]
        assert (unit["de-DE"], unit["en-US"], unit["fr-FR"]) == (pim["de_DE"], pim["en_US"], pim["fr_FR"])


def test_memory_covers_the_copy_except_the_deliberate_gaps(products, models, tmx_units) -> None:
    tmx_units = [u for u in tmx_units if u not in option_label_units(tmx_units)]
    sources = [u["de-DE"] for u in tmx_units]
    assert len(sources) == len(set(sources)), "one unit per distinct source value"
    copy = _copy_values(products, models)
    assert set(sources) <= copy, f"stale units: {set(sources) - copy}"
    assert copy - set(sources) == UNTRANSLATED


def test_memory_agrees_with_translations_already_in_the_pim(products, tmx_units) -> None:
    by_source = {u["de-DE"]: u for u in tmx_units}
    pim = [(p["name-de_DE"], p["name-en_US"]) for p in products if p["name-en_US"]]
    assert pim
    for de, en in pim:
        assert by_source[de]["en-US"] == en


def test_memory_keys_match_the_copy_as_the_pipeline_reads_it(tmx_units) -> None:
    """What the translate stage will look up: source-locale copy after model inheritance, via the real reader."""
    from localize.config import load_config
    from localize.model import Product
    from localize.pipeline.source import Source
    from localize.report import RunReport

    config = load_config(DEMO / "localize.yaml")
    report = RunReport()
    source = Source(config, report)
    copy_attributes = {code for code in source.catalog.attributes if source.catalog.is_copy(code)}
    assert copy_attributes == {"name", "description", "short_description", "care_instructions"}
    looked_up: set[str] = set()
    products = 0
    for batch in source.batches(100):
        for item in batch:
            assert isinstance(item, Product), f"demo row rejected: {item}"
            products += 1
            for code in copy_attributes:
                for value in item.values.get(code, ()):
                    if value.locale == config.source.locale and value.channel in (None, config.source.channel):
                        looked_up.add(value.data)
    assert products == 60
    assert report.warnings == [
        f"{DEMO / 'products.csv'}:13: variant 'JACKE-STURM-M': its product model 'jacket_sturm' is not among the "
        "sources; read with its own values (add the product-model export to source.path)",
        # the kettle's description writes its line break as `\\n` (two characters): read as one
        "'description': 1 value(s) wrote line breaks as escapes (\\n, two characters) and no real line break; "
        "read as line breaks (e.g. 'WASSERKOCHER-AQUA': '…ünen Tee oder Babynahrung.</p>\\n<ul><li>Warmhaltefunktion für 30…')",
    ]
    # compared as memory keys (`normalise`): the TMX writes the kettle's line break as `\\n`, the
    # pipeline reads it as a real one; the memory looks both up under one key
    from localize.translate.segments import normalise

    sources = {normalise(u["de-DE"]) for u in tmx_units if u not in option_label_units(tmx_units)}
    keys = {normalise(t) for t in looked_up}
    assert keys - sources == {normalise(t) for t in UNTRANSLATED}
    assert sources <= keys
