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
