"""Google and Shopify importers on the shared published files, and on damaged copies of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localize.errors import InputError
from localize.taxonomy.google import locale_from_name, read_google
from localize.taxonomy.loader import dump_taxonomy, load_taxonomy
from localize.taxonomy.shopify import read_shopify

EN_2021 = "taxonomy-with-ids.en-US.2021-09-21.txt"
DE_2015 = "taxonomy-with-ids.de-DE.2015-02-19.txt"
MOJIBAKE = "taxonomy-with-ids.en-US.2021-09-21.MOJIBAKE-cp1251.txt"


@pytest.fixture(scope="module")
def google(shared_data: Path) -> Path:
    return shared_data / "google-taxonomy"


def test_locale_and_version_come_from_the_file_name() -> None:
    assert locale_from_name(Path("taxonomy-with-ids.de-DE.2015-02-19.txt")) == ("de-DE", "2015-02-19")
    assert locale_from_name(Path("taxonomy-with-ids.en-US.txt")) == ("en-US", None)
    assert locale_from_name(Path("categories.txt")) == (None, None)


def test_google_locales_merge_by_id_with_the_newest_tree(google: Path) -> None:
    tax = read_google([google / EN_2021, google / DE_2015])
    assert len(tax) == 5595 and tax.version == "2021-09-21"
    assert tax.locales == ("en-US", "de-DE")
    assert tax.path_labels("5322", "de-DE") == ["Bekleidung & Accessoires", "Bekleidung", "Sportbekleidung"]
    assert tax.path_labels("5322", "de-AT") == ["Bekleidung & Accessoires", "Bekleidung", "Sportbekleidung"]
    # 168 categories were added after 2015: no German label, English is the fallback.
    assert sum(1 for c in tax.categories.values() if "de-DE" not in c.labels) == 168
    assert tax.label("543661", "de-DE") == "Wooden Pencils"
    # The 2021 name wins over the 2015 one for the same id.
    assert tax.label("5322", "en-US") == "Activewear"


def test_google_tolerates_bom_crlf_and_blank_lines(google: Path, tmp_path: Path) -> None:
    lines = (google / DE_2015).read_text(encoding="utf-8").splitlines()
    damaged = tmp_path / "taxonomy-with-ids.de-DE.txt"
    damaged.write_bytes(b"\xef\xbb\xbf" + ("\r\n\r\n".join(lines) + "\r\n\r\n").encode("utf-8"))
    tax = read_google([damaged])
    reference = read_google([google / DE_2015])
    assert tax.locales == ("de-DE",) and tax.version == "2015-02-19"
    assert {c: (x.parent, x.labels) for c, x in tax.categories.items()} == {
        c: (x.parent, x.labels) for c, x in reference.categories.items()
    }


def test_google_mojibake_file_is_refused_with_a_clear_error(google: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_google([google / MOJIBAKE])
    text = str(exc.value)
    assert text.startswith(f"{google / MOJIBAKE}: the text is double-encoded (mojibake)")
    assert "line 811: 'BoutonniГЁre' should read 'Boutonnière' (UTF-8 read as cp1251)" in text
    assert "and 6 more line(s)" in text
    assert "hint: download the Google taxonomy file again" in text


def test_google_bad_lines_are_all_reported(tmp_path: Path) -> None:
    bad = tmp_path / "taxonomy-with-ids.fr-FR.txt"
    bad.write_text("# Google_Product_Taxonomy_Version: 2021-09-21\n1 - Animaux\nx - Autre\n1 - Doublon\n"
                   "5 - Animaux > Chats > Jouets\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_google([bad])
    assert str(exc.value).splitlines() == [
        f"{bad}: 3 problem(s) in the Google taxonomy file",
        f"  - {bad}:3: expected '<id> - <path>', got 'x - Autre'",
        f"  - {bad}:4: duplicate id 1 (first on line 2)",
        f"  - {bad}:5: category 5 (Animaux > Chats > Jouets) has no parent line for 'Animaux > Chats'",
    ]


def test_google_file_without_ids_or_locale(tmp_path: Path) -> None:
    plain = tmp_path / "taxonomy.de-DE.txt"
    plain.write_text("Tiere\nTiere > Katzen\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_google([plain])
    assert str(exc.value) == (f"{plain}: cannot tell the locale from the file name\n  hint: name the file "
                              "taxonomy-with-ids.<locale>.txt (as Google publishes it) or pass --locale de-DE")
    with pytest.raises(InputError) as exc:
        read_google([plain], locale="de-DE")
    assert "this line has no category id ('Tiere'); use the file with ids" in str(exc.value)


def test_shopify_all_languages_merge_by_id(shared_data: Path) -> None:
    tax = read_shopify([shared_data / "shopify-taxonomy" / "dist"])
    assert tax.version == "2025-01-unstable"
    assert tax.locales == ("en", "de", "es", "fr", "it", "ja")
    assert tax.path_labels("aa-1-2", "de-DE") == ["Bekleidung & Accessoires", "Bekleidung", "Baby- & Kleinkindbekleidung"]
    assert tax.categories["aa-1-2"].parent == "aa-1"
    color = tax.attributes["color"]
    assert color.type == "enum" and color.labels["ja"] == "色"
    assert color.values["red"].labels == {"en": "Red", "de": "Rot", "fr": "Rouge", "ja": "レッド"}
    assert len(tax.attributes) == 1987
    assert sum(len(a.values) for a in tax.attributes.values()) == 20635


def test_shopify_text_files_link_values_by_attribute_name(shared_data: Path) -> None:
    dist = shared_data / "shopify-taxonomy" / "dist"
    tax = read_shopify([dist / "en" / "attributes.txt", dist / "en" / "attribute_values.txt",
                        dist / "de" / "attribute_values.txt", dist / "en" / "categories.txt"])
    color = tax.attributes["color"]  # handle derived from the English name
    assert color.values["red"].labels == {"en": "Red", "de": "Rot"}


def test_shopify_json_categories(tmp_path: Path) -> None:
    folder = tmp_path / "dist" / "fr"
    folder.mkdir(parents=True)
    (folder / "categories.json").write_text(json.dumps({
        "version": "2025-01",
        "verticals": [{"name": "Animaux", "prefix": "ap", "categories": [
            {"id": "gid://shopify/TaxonomyCategory/ap", "name": "Animaux", "parent_id": None},
            {"id": "gid://shopify/TaxonomyCategory/ap-1", "name": "Animaux vivants",
             "parent_id": "gid://shopify/TaxonomyCategory/ap"},
        ]}],
    }), encoding="utf-8")
    tax = read_shopify([tmp_path / "dist"])
    assert tax.version == "2025-01"
    assert tax.path_labels("ap-1", "fr") == ["Animaux", "Animaux vivants"]


def test_imported_taxonomy_round_trips_through_yaml(google: Path, tmp_path: Path) -> None:
    tax = read_google([google / EN_2021, google / DE_2015])
    out = dump_taxonomy(tax, tmp_path / "google.yaml")
    again = load_taxonomy(out)
    assert len(again) == len(tax) and again.version == "2021-09-21"
    assert again.path_labels("5322", "de-DE") == tax.path_labels("5322", "de-DE")
    first = out.read_bytes()
    dump_taxonomy(again, out)
    assert out.read_bytes() == first  # deterministic
