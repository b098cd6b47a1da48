"""Copy taken from another country's locale of the language writes its quantities' numbers the market's way
(as the translate service writes an engine's protected quantities); other numbers stay as written."""

from __future__ import annotations

from localize.translate.sibling_numbers import quantities_in_locale


def test_quantities_follow_the_market_and_other_numbers_stay() -> None:
    assert quantities_in_locale("Gewicht 2,5 kg, Akku 1.500 mAh, Modell 2024, iPhone 15", "de_DE", "de-CH") == (
        "Gewicht 2.5 kg, Akku 1\u2019500 mAh, Modell 2024, iPhone 15")
    assert quantities_in_locale("Peso 1,5 l y 2.500 g", "es_ES", "es-MX") == "Peso 1.5 l y 2,500 g"
    assert quantities_in_locale("Weight 2.5 kg", "en_US", "en-GB") == "Weight 2.5 kg"  # written alike: as is
    assert quantities_in_locale("Poids 2,5 kg", "fr_FR", "fr-BE") == "Poids 2,5 kg"


def test_grouped_numbers_outside_quantities_follow_the_market_by_the_translate_paths_rule() -> None:
    """As a translated segment: a number without a unit that the source's group marks split (`9.000 Seiten`,
    `2 500 prises`) is written the market's way; digits a typed space splits only when one such number of the
    text has one reading (`1 080`, `10 000 000`): `2 500 prises` alone (2500, or 2 and 500?) stays as written,
    and QA reviews it. CLDR (babel): fr-CH, de-CH, it-CH group with `’`; es-MX with `,`. On main both stayed."""
    assert quantities_in_locale("STAMINA : 2,5 heures / 2 500 prises. Full HD 1 920 x 1 080", "fr_FR", "fr-CH") == (
        "STAMINA : 2,5 heures / 2\u2019500 prises. Full HD 1\u2019920 x 1\u2019080")
    assert quantities_in_locale("STAMINA : 2 500 prises.", "fr_FR", "fr-CH") == "STAMINA : 2 500 prises."
    assert quantities_in_locale("Bis zu 9.000 Seiten, Version 2.0.1, 01.02.2024, A-1.000", "de_DE", "de-CH") == (
        "Bis zu 9\u2019000 Seiten, Version 2.0.1, 01.02.2024, A-1.000")
    assert quantities_in_locale("Hasta 9.000 páginas", "es_ES", "es-MX") == "Hasta 9,000 páginas"
    assert quantities_in_locale("Jusqu'à 50\u202f000 pages", "fr_FR", "it-CH") == "Jusqu'à 50\u2019000 pages"
    # one rule for the text, as for a translated segment: `2 100 mm` beside `1 000 mAh` is 2100 mm
    assert quantities_in_locale("Batterie 1 000 mAh, longueur 2 100 mm", "fr_FR", "fr-CH") == (
        "Batterie 1\u2019000 mAh, longueur 2\u2019100 mm")


def test_same_language_copy_writes_numbers_the_markets_way(tmp_path) -> None:
    """A market that reads the source's language gets the source copy (no engine): fr_FR copy for fr-CH wrote
    `2 500 prises` and `1 000 mAh` in fr-FR's notation (icecat fr_FR -> fr-CH: 72 published values with a
    foreign group mark); now by the sibling copy's rule, which is the translate path's."""
    from translate_helpers import make_batch, make_config, make_ctx, run_stage, value_of

    from localize.translate.service import same_language_copy

    assert same_language_copy("Straße 2,5 kg", "de-CH", "de-DE") == "Strasse 2.5 kg"
    assert same_language_copy("Straße 2,5 kg", "de-CH") == "Strasse 2,5 kg"  # no source locale: spelling only
    config = make_config(tmp_path, ("fr-CH", "fr-FR"), {"engine": "pseudo"}, source={"locale": "fr_FR"})
    batch = make_batch(config, {"P1": {"description": "Batterie 1 000 mAh, 2 500 prises, 2,5 kg"},
                                "P2": {"description": "STAMINA : 2 500 prises"}})
    run_stage(make_ctx(config), batch)
    assert value_of(batch, "P1", "fr-CH", "description").data == "Batterie 1\u2019000 mAh, 2\u2019500 prises, 2,5 kg"
    assert value_of(batch, "P2", "fr-CH", "description").data == "STAMINA : 2 500 prises"  # 2500, or 2 and 500?
    assert value_of(batch, "P1", "fr-FR", "description").data == "Batterie 1 000 mAh, 2 500 prises, 2,5 kg"
