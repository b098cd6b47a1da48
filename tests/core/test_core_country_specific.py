"""What in a text holds in one country only (`localize.country_specific`), language-aware: the signs
every language shares (a currency amount, `§`, an EU directive, a phone number with a country prefix, a
country's domain) and the words of de, fr, it, en, es, nl, pt. Look-alikes from real catalogues (icecat:
`dem 28` is German, `sur 270` French, `Art.-Nr.` an article number, `totale.Au` a missing space) are not."""

from __future__ import annotations

import pytest

from localize.country_specific import country_specific


def rules(text: str, language: str) -> set[str]:
    return {f.rule for f in country_specific(text, language)}


@pytest.mark.parametrize(("language", "text", "expected"), [
    # the brief's cases
    ("de", "Gemäß ElektroG ist das Gerät getrennt zu entsorgen.", {"legal"}),
    ("de", "Garantie: 2 Jahre gemäß BGB", {"warranty", "legal"}),
    ("de", "Service-Hotline: +49 (0)30 123 456 78", {"phone"}),
    ("de", "Alle Preise zzgl. MwSt.", {"tax"}),
    ("de", "Versand nach Deutschland in 2 Tagen", {"shipping"}),
    ("de", "Weitere Infos unter www.beispiel-shop.de/hilfe", {"domain"}),
    ("de", "Fragen? schreiben Sie an service@beispiel.de.", {"domain"}),
    ("de", "Impressum: Muster GmbH, Amtsgericht Berlin HRB 12345", {"imprint"}),
    ("de", "Entsorgung nach Richtlinie 2012/19/EU", {"legal"}),
    ("de", "Rechte nach Art. 6 Abs. 1 DSGVO", {"legal"}),
    ("de", "Nur 19,90 € statt 24,90 €", {"currency"}),
    ("de", "Widerruf nach § 355", {"legal"}),
    ("fr", "Garantie 2 ans, livraison gratuite en France métropolitaine, prix TTC", {"warranty", "shipping", "tax"}),
    ("fr", "Conformément au Code de la consommation, appelez le 0033 1 23 45 67 89", {"legal", "phone"}),
    ("fr", "Prix : 49,90 EUR", {"currency"}),
    ("it", "Garanzia di 2 anni ai sensi del D.Lgs. 206/2005, IVA inclusa", {"warranty", "legal", "tax"}),
    ("it", "Spedizione gratuita in tutta Italia", {"shipping"}),
    ("es", "Garantía de 2 años, envío gratis a la península, IVA incluido", {"warranty", "shipping", "tax"}),
    ("nl", "2 jaar garantie, gratis verzending, incl. btw, KvK 12345678", {"warranty", "shipping", "tax", "imprint"}),
    ("pt", "Garantia de 2 anos, frete grátis, Decreto-Lei n.º 67/2003", {"warranty", "shipping", "legal"}),
    ("en", "Free shipping within the UK, 2-year warranty, £19.99 inc VAT, call 0800 123 4567",
     {"shipping", "warranty", "currency", "tax", "phone"}),
    ("en", "Majority of color laser AiOs <US$600, March 2011", {"currency"}),
    # the neutral signs in a language without word lists
    ("ja", "価格 ¥1,980、詳しくは www.example.jp へ", {"currency", "domain"}),
])
def test_country_specific_copy_is_found(language: str, text: str, expected: set[str]) -> None:
    assert rules(text, language) == expected


@pytest.mark.parametrize(("language", "text"), [
    ("de", "Mit dem 28-mm-Weitwinkelobjektiv und dem 5fach optischen Zoom"),  # `dem`, `DEM` (a currency code)
    ("de", "Art.-Nr. 12345, Leistung 2.400 W, 230 V, 50 Hz, Kontrast 3.000.000:1, in 46 Sek."),
    ("de", "Bis zu 36 Std. Akkulaufzeit; 10 x 15 cm in 4 Sek."),
    ("fr", "Écran pivotant sur 270 degrés, profondeur de couleur sur 48 bits, 2 ans"),
    ("fr", "Minimalisme et élégance pour une immersion totale.Au cinéma"),
    ("en", "Intel Core i5 3.2 GHz, 8 GB RAM, 15.6\" display, USB 3.0, CLX-6260FR."),
    ("en", "Certification: FCC, CE, VCCI, C-Tick"),
    ("en", "a lower price point by shipping to the customer with a smaller cartridge"),
    ("it", "Schermo da 15,6 pollici, 8 GB"),
])
def test_look_alikes_are_not(language: str, text: str) -> None:
    assert country_specific(text, language) == ()


def test_the_finding_says_what_was_found() -> None:
    found = country_specific("Garantie: 2 Jahre gemäß BGB", "de")
    assert [f.describe() for f in found] == ["a warranty term ('Garantie: 2 Jahre')", "a legal reference ('BGB')"]
    # an abbreviation is a law in its own case only; a phrase in any
    assert country_specific("bgb", "de") == () and rules("VERSAND NACH Berlin", "de") == {"shipping"}


@pytest.mark.parametrize(("language", "text"), [
    # a country's domain cited as the source of a claim holds for every reader (icecat: 5 of 26 hits were a test
    # lab's `.de` address in a footnote, in de, en and fr copy)
    ("de", "Testsieger laut test.de (Ausgabe 12/2023)"),
    ("de", "¹ Auf Grundlage unabhängiger Messungen, Jan. 09. http://www.messlabor-beispiel.de/berichte"),
    ("en", "- [2] Based on independent lab tests, May 2019. www.testlab-example.de/reports"),
    ("en", "Rated best in class according to the survey at www.verbraucher-beispiel.at/umfrage"),
    ("fr", "<SUP>1</SUP> Selon les essais publiés sur http://www.labo-exemple.fr/essais"),
    ("it", "Secondo la prova pubblicata su www.laboratorio-esempio.it/prove"),
    ("es", "Según el estudio de www.laboratorio-ejemplo.es/estudios"),
    ("nl", "Beste koop volgens consumentenbond.nl"),
    ("pt", "Segundo os testes de www.laboratorio-exemplo.pt"),
])
def test_a_domain_cited_as_a_source_is_not_the_countrys(language: str, text: str) -> None:
    assert "domain" not in rules(text, language), text


@pytest.mark.parametrize(("language", "text"), [
    # contact data stays the country's: a shop or support address, a mail address whatever leads to it, and a
    # citing word in another line than the address
    ("de", "*** Weitere Details finden Sie unter www.canon.de/chromalife100."),
    ("de", "Laut Hersteller: Fragen an service@beispiel.de"),
    ("en", "Test results: see the review.\nOrder at www.shop-example.co.uk today"),
    ("en", "Based on our tests.<br/>Support: www.example-support.de"),
    ("fr", "Selon vos besoins, commandez sur www.boutique-exemple.fr"),
])
def test_contact_data_in_a_countrys_domain_still_is(language: str, text: str) -> None:
    assert "domain" in rules(text, language), text
