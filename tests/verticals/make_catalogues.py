"""Writes the vertical catalogues of tests/verticals/ (food, cosmetics, DIY, fashion, furniture & toys).

Written by hand for brief n2 (a new user whose catalogue is not electronics): each is a small Akeneo flat
export (`;`, `attr-<locale>-<channel>` columns, metric pairs, price collections) in German, with the
HTML copy a PIM holds. Run `python tests/verticals/make_catalogues.py` to rewrite the CSVs.
"""
from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
ATTR_HEAD = ["type", "code", "label-de_DE", "label-en_US", "group", "unique", "useable_as_grid_filter",
             "allowed_extensions", "metric_family", "default_metric_unit", "reference_data_name", "localizable",
             "scopable", "sort_order", "decimals_allowed", "negative_allowed"]
COMMON = [
    ("pim_catalog_identifier", "sku", "Artikelnummer", "SKU", "", "", 0, 0),
    ("pim_catalog_text", "name", "Name", "Name", "", "", 1, 0),
    ("pim_catalog_textarea", "description", "Beschreibung", "Description", "", "", 1, 1),
    ("pim_catalog_text", "brand", "Marke", "Brand", "", "", 0, 0),
    ("pim_catalog_text", "ean", "EAN", "EAN", "", "", 0, 0),
    ("pim_catalog_price_collection", "price", "Preis", "Price", "", "", 0, 0),
]


def write(path: Path, head: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, head, delimiter=";", lineterminator="\n", extrasaction="raise")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in head})


def attributes(folder: Path, extra: list[tuple]) -> None:
    rows = []
    for i, (typ, code, de, en, fam, unit, loc, scope) in enumerate(COMMON + extra, 1):
        rows.append({"type": typ, "code": code, "label-de_DE": de, "label-en_US": en, "group": "marketing",
                     "unique": 1 if code in ("sku", "ean") else 0, "useable_as_grid_filter": 1,
                     "metric_family": fam, "default_metric_unit": unit, "localizable": loc, "scopable": scope,
                     "sort_order": i, "decimals_allowed": 1 if typ in ("pim_catalog_metric", "pim_catalog_number",
                                                                      "pim_catalog_price_collection") else "",
                     "negative_allowed": 0 if typ in ("pim_catalog_metric", "pim_catalog_number") else ""})
    write(folder / "attributes.csv", ATTR_HEAD, rows)


def categories(folder: Path, cats: list[tuple[str, str, str, str]]) -> None:
    write(folder / "categories.csv", ["code", "parent", "label-de_DE", "label-en_US"],
          [{"code": c, "parent": p, "label-de_DE": de, "label-en_US": en} for c, p, de, en in cats])


def options(folder: Path, opts: list[tuple[str, str, str, str]]) -> None:
    rows = [{"attribute": a, "code": c, "sort_order": i, "label-de_DE": de, "label-en_US": en}
            for i, (a, c, de, en) in enumerate(opts, 1)]
    write(folder / "attribute_options.csv", ["attribute", "code", "sort_order", "label-de_DE", "label-en_US"], rows)


def ean(prefix: int, n: int) -> str:
    body = f"{prefix:07d}{n:05d}"
    s = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - s % 10) % 10)


CONFIG = """# {title}: written for brief n2 (a catalogue that is not electronics).
version: 1
project: {name}
source:
  format: akeneo-csv
  path: [{paths}]
  locale: de_DE
  channel: ecommerce
  attributes: attributes.csv
  options: attribute_options.csv
  categories: categories.csv
markets:
  - {{locale: de-DE, prices: {{vat: {{rate: {vat_de}}}}}}}
  - {{locale: fr-FR, prices: {{vat: {{rate: {vat_fr}}}}}}}
  - {{locale: en-GB, prices: {{vat: {{rate: 20}}}}}}
  - {{locale: en-US}}
  - {{locale: ja-JP, prices: {{vat: {{rate: 10}}}}}}
  - {{locale: ar-AE, prices: {{vat: {{rate: 5}}}}}}
outputs:
  dir: out
  formats: [jsonl, akeneo-csv, csv]
state: .localize
prices:
  rates_date: 2026-10-30
  source_vat: {{rate: {vat_de}, included: true}}
"""


def config(folder: Path, title: str, paths: str = "products.csv", vat_de: int = 19, vat_fr: int = 20) -> None:
    (folder / "localize.yaml").write_text(CONFIG.format(title=title, name=folder.name, paths=paths,
                                                        vat_de=vat_de, vat_fr=vat_fr), encoding="utf-8")


# ------------------------------------------------------------------ food & drink
def food() -> None:
    f = HERE / "food"
    attributes(f, [
        ("pim_catalog_textarea", "ingredients", "Zutaten", "Ingredients", "", "", 1, 0),
        ("pim_catalog_multiselect", "allergens", "Allergene", "Allergens", "", "", 0, 0),
        ("pim_catalog_metric", "net_content", "Nettofüllmenge", "Net content", "Weight", "GRAM", 0, 0),
        ("pim_catalog_metric", "net_volume", "Nennvolumen", "Nominal volume", "Volume", "MILLILITER", 0, 0),
        ("pim_catalog_number", "alcohol_content", "Alkoholgehalt (% vol)", "Alcohol (% vol)", "", "", 0, 0),
        ("pim_catalog_metric", "energy_per_100", "Brennwert je 100 g", "Energy per 100 g", "Energy", "KILOJOULE", 0, 0),
        ("pim_catalog_metric", "fat_per_100", "Fett je 100 g", "Fat per 100 g", "Weight", "GRAM", 0, 0),
        ("pim_catalog_metric", "sugar_per_100", "Zucker je 100 g", "Sugars per 100 g", "Weight", "GRAM", 0, 0),
        ("pim_catalog_metric", "salt_per_100", "Salz je 100 g", "Salt per 100 g", "Weight", "GRAM", 0, 0),
        ("pim_catalog_boolean", "organic", "Bio", "Organic", "", "", 0, 0),
        ("pim_catalog_text", "organic_certificate", "Öko-Kontrollstelle", "Organic control body", "", "", 0, 0),
        ("pim_catalog_textarea", "storage", "Aufbewahrung", "Storage", "", "", 1, 0),
        ("pim_catalog_metric", "storage_temperature", "Lagertemperatur", "Storage temperature", "Temperature", "CELSIUS", 0, 0),
    ])
    categories(f, [("food", "", "Lebensmittel", "Food"), ("chocolate", "food", "Schokolade", "Chocolate"),
                   ("coffee", "food", "Kaffee", "Coffee"), ("pasta", "food", "Nudeln", "Pasta"),
                   ("oil", "food", "Speiseöl", "Cooking oil"), ("drinks", "", "Getränke", "Drinks"),
                   ("wine", "drinks", "Wein", "Wine"), ("spirits", "drinks", "Spirituosen", "Spirits"),
                   ("juice", "drinks", "Saft", "Juice"), ("beer", "drinks", "Bier", "Beer")])
    options(f, [("allergens", "gluten", "Glutenhaltiges Getreide", "Cereals containing gluten"),
                ("allergens", "milk", "Milch", "Milk"), ("allergens", "nuts", "Schalenfrüchte", "Nuts"),
                ("allergens", "soy", "Soja", "Soy"), ("allergens", "egg", "Eier", "Eggs"),
                ("allergens", "sulphites", "Schwefeldioxid und Sulphite", "Sulphur dioxide and sulphites")])
    rows = []
    chocs = [("Zartbitter 70 %", "Kakaomasse, Rohrohrzucker, Kakaobutter, Vanille", "", 100, 2350, 42, 28, 0.02),
             ("Vollmilch Haselnuss", "Zucker, Kakaobutter, <b>Vollmilchpulver</b>, <b>Haselnüsse</b> (15 %), Kakaomasse, Emulgator: Lecithine (<b>Soja</b>)", "milk,nuts,soy", 100, 2280, 36, 48, 0.2),
             ("Weiße Schokolade Vanille", "Zucker, Kakaobutter, <b>Vollmilchpulver</b>, Bourbon-Vanille", "milk", 80, 2300, 34, 55, 0.25),
             ("Edelbitter 85 %", "Kakaomasse, Kakaobutter, Rohrohrzucker", "", 100, 2480, 50, 14, 0.01)]
    n = 0
    for name, ingr, allg, grams, kj, fat, sugar, salt in chocs:
        n += 1
        kcal = round(kj / 4.184)
        rows.append({"sku": f"FD-CHOC-{n:02d}", "family": "food", "categories": "chocolate", "enabled": 1,
                     "name-de_DE": f"Bio-Schokolade {name}, {grams} g",
                     "description-de_DE-ecommerce": (
                         f"<p>Feine Bio-Schokolade aus fair gehandeltem Kakao. Inhalt: {grams} g ℮.</p>"
                         "<h3>Nährwerte je 100 g</h3><table><tr><th>Nährwert</th><th>je 100 g</th></tr>"
                         f"<tr><td>Brennwert</td><td>{kj} kJ / {kcal} kcal</td></tr>"
                         f"<tr><td>Fett</td><td>{fat} g</td></tr>"
                         f"<tr><td>davon gesättigte Fettsäuren</td><td>{round(fat * 0.6)} g</td></tr>"
                         f"<tr><td>Zucker</td><td>{sugar} g</td></tr>"
                         f"<tr><td>Salz</td><td>{str(salt).replace('.', ',')} g</td></tr></table>"
                         "<p>Mindestens haltbar bis: siehe Verpackung. Trocken lagern, nicht über 20 °C.</p>"),
                     "ingredients-de_DE": ingr, "allergens": allg, "net_content": grams, "net_content-unit": "GRAM",
                     "energy_per_100": kj, "energy_per_100-unit": "KILOJOULE", "fat_per_100": fat,
                     "fat_per_100-unit": "GRAM", "sugar_per_100": sugar, "sugar_per_100-unit": "GRAM",
                     "salt_per_100": salt, "salt_per_100-unit": "GRAM", "organic": 1,
                     "organic_certificate": "DE-ÖKO-006", "storage-de_DE": "Kühl und trocken lagern (unter 20 °C).",
                     "storage_temperature": 20, "storage_temperature-unit": "CELSIUS", "brand": "Kakaohaus",
                     "ean": ean(4260555, n), "price-EUR": ["2.49", "3.29", "2.99", "3.49"][n - 1]})
    coffees = [("Espresso Classico", 1000, "16.90"), ("Caffè Crema", 500, "9.49"), ("Entkoffeiniert", 250, "5.99"),
               ("Filterkaffee gemahlen", 500, "7.99")]
    for name, grams, price in coffees:
        n += 1
        per_kg = f"{(float(price) * 1000 / grams):.2f}".replace(".", ",")
        rows.append({"sku": f"FD-COF-{n:02d}", "family": "food", "categories": "coffee", "enabled": 1,
                     "name-de_DE": f"Kaffee {name} {grams if grams < 1000 else 1} {'g' if grams < 1000 else 'kg'}",
                     "description-de_DE-ecommerce": (
                         f"<p>Ganze Bohnen, schonend im Trommelröstverfahren geröstet. Nettofüllmenge {grams} g ℮ "
                         f"(Grundpreis: {per_kg} € / 1 kg).</p><ul><li>100 % Arabica</li><li>Röstgrad: mittel</li>"
                         "<li>Für Vollautomaten geeignet</li></ul>"),
                     "ingredients-de_DE": "Röstkaffee", "net_content": grams, "net_content-unit": "GRAM",
                     "energy_per_100": 8, "energy_per_100-unit": "KILOJOULE", "brand": "Röstwerk",
                     "storage-de_DE": "Nach dem Öffnen luftdicht verschlossen aufbewahren.",
                     "ean": ean(4260555, n), "price-EUR": price})
    pastas = [("Spaghetti", 500), ("Fusilli Vollkorn", 500), ("Penne Rigate", 1000), ("Dinkel-Tagliatelle", 250)]
    for name, grams in pastas:
        n += 1
        rows.append({"sku": f"FD-PAS-{n:02d}", "family": "food", "categories": "pasta", "enabled": 1,
                     "name-de_DE": f"{name}, {grams} g",
                     "description-de_DE-ecommerce": (
                         "<p>Aus 100 % Hartweizengrieß, bronzegezogen. Kochzeit 9–11 Minuten.</p>"
                         "<p><strong>Nährwerte pro 100 g:</strong> Brennwert 1.500 kJ / 355 kcal; Fett 1,5 g; "
                         "Kohlenhydrate 71 g, davon Zucker 3,5 g; Eiweiß 12 g; Salz 0,01 g.</p>"),
                     "ingredients-de_DE": "<b>Hartweizengrieß</b>, Wasser. Kann Spuren von <b>Ei</b> enthalten.",
                     "allergens": "gluten", "net_content": grams, "net_content-unit": "GRAM",
                     "energy_per_100": 1500, "energy_per_100-unit": "KILOJOULE", "fat_per_100": "1.5",
                     "fat_per_100-unit": "GRAM", "salt_per_100": "0.01", "salt_per_100-unit": "GRAM",
                     "brand": "Pastificio Nord", "ean": ean(4260555, n), "price-EUR": "1.99"})
    oils = [("Natives Olivenöl extra", 500), ("Rapsöl kaltgepresst", 750), ("Walnussöl", 250)]
    for name, ml in oils:
        n += 1
        rows.append({"sku": f"FD-OIL-{n:02d}", "family": "food", "categories": "oil", "enabled": 1,
                     "name-de_DE": f"Bio-{name}, {ml} ml",
                     "description-de_DE-ecommerce": (
                         f"<p>Erste Güteklasse, direkt aus Oliven ausschließlich mittels mechanischer Verfahren "
                         f"gewonnen. Inhalt {ml} ml ℮. Rauchpunkt ca. 180 °C.</p>"),
                     "net_volume": ml, "net_volume-unit": "MILLILITER", "organic": 1,
                     "organic_certificate": "DE-ÖKO-039", "brand": "Ölmühle Süd", "ean": ean(4260555, n),
                     "price-EUR": "8.99"})
    wines = [("Riesling trocken 2023", "12.5", 750, "sulphites"), ("Spätburgunder Rotwein 2021", "13.5", 750, "sulphites"),
             ("Grauburgunder halbtrocken", "12", 750, "sulphites"), ("Winzersekt brut", "12", 750, "sulphites")]
    for name, alc, ml, allg in wines:
        n += 1
        rows.append({"sku": f"DR-WIN-{n:02d}", "family": "wine", "categories": "wine", "enabled": 1,
                     "name-de_DE": f"{name}, 0,75 l",
                     "description-de_DE-ecommerce": (
                         f"<p>Frisch und mineralisch, mit Noten von Apfel und Zitrus. {alc.replace('.', ',')} % vol, "
                         f"0,75 l. Trinktemperatur 8–10 °C.</p><p>Enthält Sulfite.</p>"),
                     "allergens": allg, "net_volume": ml, "net_volume-unit": "MILLILITER", "alcohol_content": alc,
                     "brand": "Weingut Rheinblick", "ean": ean(4260556, n), "price-EUR": "9.90"})
    spirits = [("Kräuterlikör", "35", 700), ("Obstbrand Williams-Christ-Birne", "40", 500), ("Dry Gin", "44", 700)]
    for name, alc, ml in spirits:
        n += 1
        rows.append({"sku": f"DR-SPI-{n:02d}", "family": "spirits", "categories": "spirits", "enabled": 1,
                     "name-de_DE": f"{name} {alc} % vol, {ml / 10:g} cl",
                     "description-de_DE-ecommerce": f"<p>{alc} % vol. Inhalt: {ml / 10:g} cl. Pur oder auf Eis.</p>",
                     "net_volume": ml, "net_volume-unit": "MILLILITER", "alcohol_content": alc,
                     "brand": "Brennerei Alpen", "ean": ean(4260556, n), "price-EUR": "24.90"})
    juices = [("Apfelsaft naturtrüb", 1000), ("Orangensaft", 1000), ("Johannisbeer-Nektar", 750)]
    for name, ml in juices:
        n += 1
        rows.append({"sku": f"DR-JUI-{n:02d}", "family": "drinks", "categories": "juice", "enabled": 1,
                     "name-de_DE": f"{name}, {ml / 1000:g} l".replace(".", ","),
                     "description-de_DE-ecommerce": (
                         "<p>Direktsaft, ohne Zuckerzusatz. Nährwerte je 100 ml: Brennwert 190 kJ / 45 kcal, "
                         "Kohlenhydrate 10,5 g, davon Zucker 10,2 g.</p><p>Grundpreis 1 l = 2,49 €. Zzgl. 0,25 € Pfand.</p>"),
                     "net_volume": ml, "net_volume-unit": "MILLILITER", "brand": "Obsthof Elbe",
                     "ean": ean(4260556, n), "price-EUR": "2.49"})
    beers = [("Pils", "4.9", 500), ("Weizenbier hell", "5.4", 500), ("Alkoholfreies Helles", "0.4", 330)]
    for name, alc, ml in beers:
        n += 1
        rows.append({"sku": f"DR-BIR-{n:02d}", "family": "beer", "categories": "beer", "enabled": 1,
                     "name-de_DE": f"{name} {alc.replace('.', ',')} % vol, {ml / 1000:g} l".replace("0.", "0,"),
                     "description-de_DE-ecommerce": f"<p>Gebraut nach dem Reinheitsgebot. Alkoholgehalt {alc.replace('.', ',')} % vol. Enthält <b>Gerstenmalz</b>.</p>",
                     "allergens": "gluten", "net_volume": ml, "net_volume-unit": "MILLILITER", "alcohol_content": alc,
                     "brand": "Brauerei Tal", "ean": ean(4260556, n), "price-EUR": "1.29"})
    head = ["sku", "family", "categories", "enabled", "name-de_DE", "description-de_DE-ecommerce", "ingredients-de_DE",
            "allergens", "net_content", "net_content-unit", "net_volume", "net_volume-unit", "alcohol_content",
            "energy_per_100", "energy_per_100-unit", "fat_per_100", "fat_per_100-unit", "sugar_per_100",
            "sugar_per_100-unit", "salt_per_100", "salt_per_100-unit", "organic", "organic_certificate",
            "storage-de_DE", "storage_temperature", "storage_temperature-unit", "brand", "ean", "price-EUR"]
    write(f / "products.csv", head, rows)
    config(f, "Food & drink (German source)", vat_de=7, vat_fr=5)


# ------------------------------------------------------------------ cosmetics
def cosmetics() -> None:
    f = HERE / "cosmetics"
    attributes(f, [
        ("pim_catalog_textarea", "inci", "INCI", "INCI", "", "", 0, 0),
        ("pim_catalog_metric", "volume", "Inhalt", "Volume", "Volume", "MILLILITER", 0, 0),
        ("pim_catalog_text", "spf", "Lichtschutzfaktor", "SPF", "", "", 0, 0),
        ("pim_catalog_multiselect", "claims", "Auslobungen", "Claims", "", "", 0, 0),
        ("pim_catalog_textarea", "warnings", "Warnhinweise", "Warnings", "", "", 1, 0),
        ("pim_catalog_textarea", "usage", "Anwendung", "Directions", "", "", 1, 0),
    ])
    categories(f, [("beauty", "", "Kosmetik", "Beauty"), ("face", "beauty", "Gesichtspflege", "Face care"),
                   ("sun", "beauty", "Sonnenschutz", "Sun care"), ("hair", "beauty", "Haarpflege", "Hair care"),
                   ("body", "beauty", "Körperpflege", "Body care")])
    options(f, [("claims", "derm_tested", "Dermatologisch getestet", "Dermatologically tested"),
                ("claims", "vegan", "Vegan", "Vegan"), ("claims", "no_parabens", "Ohne Parabene", "Paraben-free"),
                ("claims", "natural", "Zertifizierte Naturkosmetik", "Certified natural cosmetics")])
    inci_cream = ("AQUA, GLYCERIN, CAPRYLIC/CAPRIC TRIGLYCERIDE, CETEARYL ALCOHOL, BUTYROSPERMUM PARKII BUTTER, "
                  "SODIUM HYALURONATE, TOCOPHEROL, XANTHAN GUM, PARFUM, LIMONENE, LINALOOL")
    inci_sun = ("AQUA, C12-15 ALKYL BENZOATE, BUTYL METHOXYDIBENZOYLMETHANE, OCTOCRYLENE, GLYCERIN, "
                "ETHYLHEXYL SALICYLATE, TITANIUM DIOXIDE (NANO), ALCOHOL DENAT., PARFUM")
    inci_shampoo = ("AQUA, SODIUM LAURETH SULFATE, COCAMIDOPROPYL BETAINE, SODIUM CHLORIDE, "
                    "PANTHENOL, CITRIC ACID, SODIUM BENZOATE, PARFUM, CI 42090")
    rows = []
    n = 0
    items = [
        ("face", "Feuchtigkeitscreme Hyaluron", 50, inci_cream, "", "derm_tested,vegan",
         "Morgens und abends auf das gereinigte Gesicht auftragen.", "", "19.95"),
        ("face", "Nachtcreme Regeneration", 50, inci_cream, "", "derm_tested", "Abends sanft einmassieren.", "", "22.95"),
        ("face", "Augencreme Koffein", 15, inci_cream, "", "derm_tested,no_parabens", "Sanft um die Augen einklopfen.",
         "Kontakt mit den Augen vermeiden.", "14.95"),
        ("face", "Reinigungsgel mild", 150, inci_shampoo, "", "derm_tested,vegan", "Auf feuchter Haut aufschäumen.", "", "8.95"),
        ("sun", "Sonnenspray LSF 50+", 200, inci_sun, "50+", "derm_tested",
         "Vor dem Sonnenbad großzügig auftragen. Wiederholtes Auftragen erhält den Schutz.",
         "Vermeiden Sie intensive Mittagssonne. Säuglinge und Kleinkinder nicht der direkten Sonne aussetzen. "
         "Übermäßige Sonneneinstrahlung ist eine ernste Gefahr für die Gesundheit.", "17.95"),
        ("sun", "Sonnenmilch Kids LSF 50", 150, inci_sun, "50", "derm_tested",
         "Vor dem Sonnenbad großzügig auftragen.",
         "Säuglinge und Kleinkinder nicht der direkten Sonne aussetzen.", "15.95"),
        ("sun", "Sonnencreme Gesicht LSF 30", 50, inci_sun, "30", "vegan", "Auf das Gesicht auftragen.",
         "Auch Sonnenschutzmittel bieten keinen 100%igen Schutz vor UV-Strahlung.", "12.95"),
        ("sun", "After Sun Gel Aloe Vera", 200, inci_cream, "", "vegan,natural", "Nach dem Sonnenbad auftragen.", "", "9.95"),
        ("hair", "Shampoo Volumen", 250, inci_shampoo, "", "vegan", "In das nasse Haar einmassieren, ausspülen.",
         "Kontakt mit den Augen vermeiden. Bei Augenkontakt sofort mit Wasser ausspülen.", "6.95"),
        ("hair", "Spülung Repair", 200, inci_cream, "", "no_parabens", "Nach dem Shampoo anwenden.", "", "6.95"),
        ("hair", "Haarkur Argan", 100, inci_cream, "", "natural", "Einwirken lassen: 5 Minuten.", "", "11.95"),
        ("hair", "Haarspray extra stark", 300, "BUTANE, ALCOHOL DENAT., PROPANE, ISOBUTANE, PARFUM",
         "", "", "Aus 30 cm Entfernung aufsprühen.",
         "Extrem entzündbares Aerosol. Behälter steht unter Druck: Kann bei Erwärmung bersten. Von Hitze, heißen "
         "Oberflächen, Funken, offenen Flammen sowie anderen Zündquellenarten fernhalten. Nicht rauchen.", "4.95"),
        ("body", "Duschgel Zitrone", 250, inci_shampoo, "", "vegan", "Auf der nassen Haut verteilen.", "", "3.95"),
        ("body", "Bodylotion Mandel", 400, inci_cream, "", "derm_tested", "Täglich auftragen.", "", "7.95"),
        ("body", "Handcreme Urea 10 %", 75, inci_cream, "", "derm_tested", "Mehrmals täglich einmassieren.", "", "5.95"),
        ("body", "Deo Roll-on 48 h", 50, "AQUA, ALUMINUM CHLOROHYDRATE, PPG-15 STEARYL ETHER, PARFUM", "", "",
         "Auf die trockene Achselhaut auftragen.", "Nicht auf gereizter oder verletzter Haut anwenden.", "2.95"),
    ]
    for cat, name, ml, inci, spf, claims, usage, warn, price in items:
        n += 1
        oz = f"{ml / 29.5735:.1f}"
        rows.append({"sku": f"CO-{n:03d}", "family": "cosmetics", "categories": cat, "enabled": 1,
                     "name-de_DE": f"{name}, {ml} ml",
                     "description-de_DE-ecommerce": (
                         f"<p><strong>{name}</strong> – dermatologisch getestet, für alle Hauttypen.</p>"
                         f"<ul><li>Inhalt: {ml} ml ℮ ({oz} fl. oz.)</li><li>pH-hautneutral (pH 5,5)</li>"
                         f"<li>Ohne Mikroplastik</li></ul><p><em>Inhaltsstoffe (INCI):</em> {inci}</p>"),
                     "inci": inci, "volume": ml, "volume-unit": "MILLILITER", "spf": spf, "claims": claims,
                     "usage-de_DE": usage, "warnings-de_DE": warn, "brand": "Hautsache",
                     "ean": ean(4260557, n), "price-EUR": price})
    head = ["sku", "family", "categories", "enabled", "name-de_DE", "description-de_DE-ecommerce", "inci", "volume",
            "volume-unit", "spf", "claims", "usage-de_DE", "warnings-de_DE", "brand", "ean", "price-EUR"]
    write(f / "products.csv", head, rows)
    config(f, "Cosmetics (German source)")


# ------------------------------------------------------------------ DIY / hardware
def diy() -> None:
    f = HERE / "diy"
    attributes(f, [
        ("pim_catalog_metric", "voltage", "Spannung", "Voltage", "Voltage", "VOLT", 0, 0),
        ("pim_catalog_metric", "battery_capacity", "Akkukapazität", "Battery capacity", "ElectricCharge", "AMPEREHOUR", 0, 0),
        ("pim_catalog_metric", "length", "Länge", "Length", "Length", "MILLIMETER", 0, 0),
        ("pim_catalog_metric", "diameter", "Durchmesser", "Diameter", "Length", "MILLIMETER", 0, 0),
        ("pim_catalog_text", "thread", "Gewinde", "Thread", "", "", 0, 0),
        ("pim_catalog_simpleselect", "ip_rating", "Schutzart", "IP rating", "", "", 0, 0),
        ("pim_catalog_metric", "power", "Leistung", "Power", "Power", "WATT", 0, 0),
        ("pim_catalog_metric", "weight", "Gewicht", "Weight", "Weight", "KILOGRAM", 0, 0),
        ("pim_catalog_number", "pack_size", "Stück pro Packung", "Pieces per pack", "", "", 0, 0),
    ])
    categories(f, [("tools", "", "Werkzeug", "Tools"), ("power_tools", "tools", "Elektrowerkzeug", "Power tools"),
                   ("bits", "tools", "Bits & Bohrer", "Bits & drills"), ("fixings", "", "Befestigung", "Fixings"),
                   ("screws", "fixings", "Schrauben", "Screws"), ("electrics", "", "Elektroinstallation", "Electrical"),
                   ("lighting", "electrics", "Außenleuchten", "Outdoor lights")])
    options(f, [("ip_rating", "ip20", "IP20", "IP20"), ("ip_rating", "ip44", "IP44", "IP44"),
                ("ip_rating", "ip65", "IP65", "IP65")])
    rows = []
    n = 0
    for d, length in [(4, 30), (5, 50), (6, 60), (8, 40), (8, 80), (10, 100)]:
        n += 1
        rows.append({"sku": f"DY-SCR-M{d}x{length}", "family": "screws", "categories": "screws", "enabled": 1,
                     "name-de_DE": f"Sechskantschraube M{d} × {length} mm, DIN 933, verzinkt, 50 Stück",
                     "description-de_DE-ecommerce": (
                         f"<p>Sechskantschraube mit metrischem Regelgewinde M{d} x {length} mm, Festigkeitsklasse 8.8.</p>"
                         f"<ul><li>Schlüsselweite SW {[7, 8, 10, 13, 13, 16][n - 1]} mm</li><li>Gewindelänge {length} mm</li>"
                         f"<li>Inhalt: 50 Stück</li></ul>"),
                     "thread": f"M{d}", "length": length, "length-unit": "MILLIMETER", "diameter": d,
                     "diameter-unit": "MILLIMETER", "pack_size": 50, "brand": "Schraubfix", "ean": ean(4260558, n),
                     "price-EUR": "4.95"})
    for d, length in [(6, 30), (8, 40), (10, 50)]:
        n += 1
        rows.append({"sku": f"DY-DUE-{d}x{length}", "family": "screws", "categories": "fixings", "enabled": 1,
                     "name-de_DE": f"Universaldübel {d} x {length} mm, 100 Stück",
                     "description-de_DE-ecommerce": (
                         f"<p>Für Beton, Mauerwerk und Gipskarton. Bohrer-Ø {d} mm, Bohrlochtiefe {length + 10} mm. "
                         f"Passende Schrauben: {d - 2 if d > 6 else 4},0–{d - 1},0 mm.</p>"),
                     "length": length, "length-unit": "MILLIMETER", "diameter": d, "diameter-unit": "MILLIMETER",
                     "pack_size": 100, "brand": "Schraubfix", "ean": ean(4260558, n), "price-EUR": "6.49"})
    tools = [("Akku-Bohrschrauber", 18, "2.0", 60, 1.4, "129.00"), ("Akku-Schlagschrauber", 18, "4.0", 180, 1.6, "199.00"),
             ("Akku-Stichsäge", 12, "2.0", 0, 1.9, "119.00"), ("Akku-Winkelschleifer 125 mm", 18, "5.0", 0, 2.2, "169.00")]
    for name, v, ah, nm, kg, price in tools:
        n += 1
        rows.append({"sku": f"DY-TL-{n:02d}", "family": "power_tools", "categories": "power_tools", "enabled": 1,
                     "name-de_DE": f"{name} {v} V, {ah.replace('.', ',')} Ah",
                     "description-de_DE-ecommerce": (
                         f"<p>Kompakt und kraftvoll: {v} V Lithium-Ionen-Akku mit {ah.replace('.', ',')} Ah"
                         + (f", max. Drehmoment {nm} Nm" if nm else "") + f". Gewicht mit Akku {str(kg).replace('.', ',')} kg.</p>"
                         "<ul><li>1/4\"-Innensechskant-Bitaufnahme</li><li>Bohr-Ø in Holz max. 35 mm, in Stahl max. 10 mm</li>"
                         "<li>LED-Arbeitslicht</li></ul><p>Lieferumfang: Gerät, Akku, Ladegerät, Koffer.</p>"),
                     "voltage": v, "voltage-unit": "VOLT", "battery_capacity": ah, "battery_capacity-unit": "AMPEREHOUR",
                     "weight": kg, "weight-unit": "KILOGRAM", "brand": "Werkmeister", "ean": ean(4260558, n),
                     "price-EUR": price})
    bits = [("Bit-Set 1/4\" Sechskant, 32-teilig", 25, "19.95"), ("Holzbohrer-Set Ø 3–10 mm, 8-teilig", 100, "14.95"),
            ("Steinbohrer Ø 6 x 100 mm", 100, "3.49"), ("Forstnerbohrer Ø 32 mm", 90, "9.95"),
            ("Lochsäge Ø 68 mm für Unterputzdosen", 40, "12.95")]
    for name, length, price in bits:
        n += 1
        rows.append({"sku": f"DY-BIT-{n:02d}", "family": "bits", "categories": "bits", "enabled": 1,
                     "name-de_DE": name,
                     "description-de_DE-ecommerce": f"<p>{name}. Schaft: 1/4\" Sechskant (6,35 mm) für alle gängigen Akkuschrauber.</p>",
                     "length": length, "length-unit": "MILLIMETER", "brand": "Werkmeister", "ean": ean(4260558, n),
                     "price-EUR": price})
    lights = [("Außenwandleuchte Edelstahl", "ip44", 9, "39.95"), ("LED-Strahler mit Bewegungsmelder", "ip65", 30, "49.95"),
              ("Gartensteckdose 2-fach", "ip44", 0, "24.95")]
    for name, ip, w, price in lights:
        n += 1
        rows.append({"sku": f"DY-EL-{n:02d}", "family": "lighting", "categories": "lighting", "enabled": 1,
                     "name-de_DE": f"{name}, {ip.upper()}",
                     "description-de_DE-ecommerce": (
                         f"<p>Schutzart {ip.upper()}, 230 V~ / 50 Hz" + (f", {w} W, 2700 K warmweiß" if w else "")
                         + ". Anschlussleitung H07RN-F 3G1,5 mm², 2 m. Installation nur durch eine Elektrofachkraft.</p>"),
                     "ip_rating": ip, "power": w or "", "power-unit": "WATT" if w else "", "brand": "Lichtwerk",
                     "ean": ean(4260558, n), "price-EUR": price})
    n += 1
    rows.append({"sku": f"DY-CAB-{n:02d}", "family": "cables", "categories": "electrics", "enabled": 1,
                 "name-de_DE": "Mantelleitung NYM-J 3 x 1,5 mm², 50 m Ring",
                 "description-de_DE-ecommerce": "<p>Für die feste Verlegung in trockenen und feuchten Räumen. Außen-Ø ca. 8,5 mm. "
                                                "Entspricht etwa 15 AWG.</p>",
                 "length": 50000, "length-unit": "MILLIMETER", "brand": "Kabelwerk", "ean": ean(4260558, n),
                 "price-EUR": "39.90"})
    head = ["sku", "family", "categories", "enabled", "name-de_DE", "description-de_DE-ecommerce", "thread", "voltage",
            "voltage-unit", "battery_capacity", "battery_capacity-unit", "length", "length-unit", "diameter",
            "diameter-unit", "ip_rating", "power", "power-unit", "weight", "weight-unit", "pack_size", "brand", "ean",
            "price-EUR"]
    write(f / "products.csv", head, rows)
    config(f, "DIY & hardware (German source)")


# ------------------------------------------------------------------ fashion (product models + variants)
def fashion() -> None:
    f = HERE / "fashion"
    attributes(f, [
        ("pim_catalog_simpleselect", "size", "Größe", "Size", "", "", 0, 0),
        ("pim_catalog_simpleselect", "color", "Farbe", "Color", "", "", 0, 0),
        ("pim_catalog_text", "composition", "Materialzusammensetzung", "Composition", "", "", 1, 0),
        ("pim_catalog_textarea", "care", "Pflegehinweise", "Care instructions", "", "", 1, 0),
        ("pim_catalog_metric", "wash_temperature", "Waschtemperatur", "Wash temperature", "Temperature", "CELSIUS", 0, 0),
    ])
    categories(f, [("apparel", "", "Bekleidung", "Apparel"), ("jeans", "apparel", "Jeans", "Jeans"),
                   ("shirts", "apparel", "Hemden", "Shirts"), ("shoes", "", "Schuhe", "Shoes"),
                   ("dresses", "apparel", "Kleider", "Dresses")])
    sizes = ["xs", "s", "m", "l", "xl", "38", "39", "40", "41", "42", "43", "44", "w30l32", "w32l32", "w32l34", "w34l34"]
    labels = {"xs": "XS", "s": "S", "m": "M", "l": "L", "xl": "XL", "w30l32": "W30/L32", "w32l32": "W32/L32",
              "w32l34": "W32/L34", "w34l34": "W34/L34"}
    options(f, [("size", s, labels.get(s, s), labels.get(s, s)) for s in sizes]
            + [("color", "navy", "Marineblau", "Navy"), ("color", "black", "Schwarz", "Black"),
               ("color", "white", "Weiß", "White"), ("color", "indigo", "Indigo", "Indigo")])
    write(f / "families.csv", ["code", "label-de_DE", "attributes", "attribute_as_label"],
          [{"code": "apparel", "label-de_DE": "Bekleidung", "attributes": "sku,name,description,size,color",
            "attribute_as_label": "name"}])
    models = [
        ("jeans_slim", "jeans", "Jeans Slim Fit", "98 % Baumwolle, 2 % Elasthan", 30, "indigo",
         ["w30l32", "w32l32", "w32l34", "w34l34"], "79.95"),
        ("shirt_oxford", "shirts", "Oxford-Hemd Regular Fit", "100 % Baumwolle", 40, "white",
         ["38", "39", "40", "41", "42", "43", "44"], "49.95"),
        ("tee_basic", "apparel", "T-Shirt Basic", "95 % Baumwolle, 5 % Elasthan", 40, "navy",
         ["xs", "s", "m", "l", "xl"], "19.95"),
        ("sneaker_low", "shoes", "Sneaker Low Leder", "Obermaterial: Leder; Futter: Textil; Laufsohle: Gummi", 0,
         "white", ["38", "39", "40", "41", "42", "43", "44"], "89.95"),
        ("dress_wrap", "dresses", "Wickelkleid Viskose", "100 % Viskose (LENZING™ ECOVERO™)", 30, "black",
         ["xs", "s", "m", "l"], "59.95"),
    ]
    mrows, prows = [], []
    n = 0
    for code, cat, name, comp, wash, color, vsizes, price in models:
        shoe = cat == "shoes"
        care = ("Mit Schuhcreme pflegen. Nicht in der Waschmaschine waschen." if shoe else
                f"Maschinenwäsche bei {wash} °C, auf links waschen. Nicht im Trockner trocknen. Bügeln bei mittlerer Temperatur.")
        mrows.append({"code": code, "family_variant": "apparel_by_size", "categories": cat, "name-de_DE": name,
                      "description-de_DE-ecommerce": (
                          f"<p>{name} – ein Klassiker für jeden Tag.</p><ul><li>Material: {comp}</li>"
                          + ("<li>Fällt normal aus: bei halben Größen eine Nummer größer wählen (EU-Größen).</li>" if shoe else
                             "<li>Model ist 1,85 m groß und trägt Größe M bzw. 32/34</li>")
                          + "</ul>"),
                      "composition-de_DE": comp, "care-de_DE": care, "color": color,
                      "wash_temperature": wash or "", "wash_temperature-unit": "CELSIUS" if wash else "",
                      "brand": "Nordfaser"})
        for s in vsizes:
            n += 1
            prows.append({"sku": f"FA-{code.upper()}-{s.upper()}", "family": "apparel", "parent": code,
                          "categories": cat, "enabled": 1, "size": s, "ean": ean(4260559, n), "price-EUR": price})
    write(f / "product_models.csv", ["code", "family_variant", "parent", "categories", "name-de_DE",
                                      "description-de_DE-ecommerce", "composition-de_DE", "care-de_DE", "color",
                                      "wash_temperature", "wash_temperature-unit", "brand"], mrows)
    write(f / "products.csv", ["sku", "family", "parent", "categories", "enabled", "size", "ean", "price-EUR"], prows)
    config(f, "Fashion (German source, product models and variants)", paths="product_models.csv, products.csv")


# ------------------------------------------------------------------ furniture & toys
def home() -> None:
    f = HERE / "furniture_toys"
    attributes(f, [
        ("pim_catalog_metric", "width", "Breite", "Width", "Length", "CENTIMETER", 0, 0),
        ("pim_catalog_metric", "depth", "Tiefe", "Depth", "Length", "CENTIMETER", 0, 0),
        ("pim_catalog_metric", "height", "Höhe", "Height", "Length", "CENTIMETER", 0, 0),
        ("pim_catalog_metric", "max_load", "Belastbarkeit", "Maximum load", "Weight", "KILOGRAM", 0, 0),
        ("pim_catalog_textarea", "assembly", "Montagehinweis", "Assembly", "", "", 1, 0),
        ("pim_catalog_number", "age_min", "Mindestalter (Jahre)", "Minimum age (years)", "", "", 0, 0),
        ("pim_catalog_textarea", "safety_warning", "Warnhinweis", "Safety warning", "", "", 1, 0),
        ("pim_catalog_boolean", "ce_marking", "CE-Kennzeichnung", "CE marking", "", "", 0, 0),
    ])
    categories(f, [("furniture", "", "Möbel", "Furniture"), ("tables", "furniture", "Tische", "Tables"),
                   ("shelves", "furniture", "Regale", "Shelving"), ("chairs", "furniture", "Stühle", "Chairs"),
                   ("toys", "", "Spielzeug", "Toys"), ("blocks", "toys", "Bausteine", "Building blocks"),
                   ("dolls", "toys", "Puppen", "Dolls"), ("outdoor_toys", "toys", "Draußen spielen", "Outdoor play")])
    options(f, [])
    rows = []
    n = 0
    furn = [("tables", "Esstisch Eiche massiv", 180, 90, 75, 80, "Zu zweit montieren. Montagezeit ca. 30 Minuten."),
            ("tables", "Schreibtisch höhenverstellbar", 140, 70, 72, 70, "Werkzeug liegt bei."),
            ("shelves", "Bücherregal 5 Böden", 80, 30, 180, 25, "An der Wand befestigen! Kippschutz liegt bei."),
            ("shelves", "Schwerlastregal verzinkt", 100, 50, 200, 175, "Ohne Werkzeug steckbar."),
            ("chairs", "Stuhl Buche, 2er-Set", 45, 52, 82, 120, "Vormontiert."),
            ("chairs", "Barhocker höhenverstellbar", 40, 40, 95, 110, "Gasdruckfeder nicht öffnen.")]
    for cat, name, w, d, h, load, assembly in furn:
        n += 1
        rows.append({"sku": f"HM-{n:03d}", "family": "furniture", "categories": cat, "enabled": 1,
                     "name-de_DE": name,
                     "description-de_DE-ecommerce": (
                         f"<p>{name}. Maße (B × T × H): {w} × {d} × {h} cm. Belastbarkeit: max. {load} kg"
                         + (" je Boden" if cat == "shelves" else "") + ".</p>"
                         f"<p><strong>Montage:</strong> {assembly}</p>"),
                     "width": w, "width-unit": "CENTIMETER", "depth": d, "depth-unit": "CENTIMETER", "height": h,
                     "height-unit": "CENTIMETER", "max_load": load, "max_load-unit": "KILOGRAM",
                     "assembly-de_DE": assembly, "brand": "Holzform", "ean": ean(4260560, n), "price-EUR": "199.00"})
    toy_warning = ("Achtung! Nicht für Kinder unter 36 Monaten geeignet. Enthält verschluckbare Kleinteile. "
                   "Erstickungsgefahr.")
    toys = [("blocks", "Holzbausteine, 50 Teile", 3, toy_warning, "24.95"),
            ("blocks", "Magnetbausteine, 64 Teile", 3,
             toy_warning + " Dieses Produkt enthält Magnete. Verschluckte Magnete können schwere Verletzungen verursachen.",
             "39.95"),
            ("dolls", "Stoffpuppe Lina, 30 cm", 0, "", "19.95"),
            ("dolls", "Puppenwagen aus Holz", 2, "Achtung! Nur unter direkter Aufsicht von Erwachsenen benutzen.", "59.95"),
            ("outdoor_toys", "Laufrad 12 Zoll", 2,
             "Achtung! Schutzausrüstung tragen. Nicht im Straßenverkehr benutzen. Max. Belastbarkeit 25 kg.", "69.95"),
            ("outdoor_toys", "Kinderfahrrad 16 Zoll", 4,
             "Achtung! Schutzausrüstung tragen. Nicht im Straßenverkehr benutzen.", "179.00"),
            ("outdoor_toys", "Wasserpistole XL", 6,
             "Achtung! Nur in Wasser benutzen, in dem das Kind steht und unter Aufsicht.", "12.95"),
            ("blocks", "Murmelbahn 120 Teile", 4, toy_warning, "49.95")]
    for cat, name, age, warn, price in toys:
        n += 1
        rows.append({"sku": f"TY-{n:03d}", "family": "toys", "categories": cat, "enabled": 1, "name-de_DE": name,
                     "description-de_DE-ecommerce": (
                         f"<p>{name} – geprüfte Qualität, CE-gekennzeichnet. Empfohlen ab {age} Jahren.</p>"
                         + (f"<p><strong>Warnhinweis:</strong> {warn}</p>" if warn else "")),
                     "age_min": age, "safety_warning-de_DE": warn, "ce_marking": 1, "brand": "Spielwerk",
                     "ean": ean(4260561, n), "price-EUR": price})
    head = ["sku", "family", "categories", "enabled", "name-de_DE", "description-de_DE-ecommerce", "width", "width-unit",
            "depth", "depth-unit", "height", "height-unit", "max_load", "max_load-unit", "assembly-de_DE", "age_min",
            "safety_warning-de_DE", "ce_marking", "brand", "ean", "price-EUR"]
    write(f / "products.csv", head, rows)
    config(f, "Furniture & toys (German source)")


# ------------------------------------------------------------------ DIY, US English source (USD)
def diy_us() -> None:
    f = HERE / "diy_us"
    attributes(f, [
        ("pim_catalog_metric", "voltage", "Spannung", "Voltage", "Voltage", "VOLT", 0, 0),
        ("pim_catalog_metric", "length", "Länge", "Length", "Length", "INCH", 0, 0),
        ("pim_catalog_metric", "weight", "Gewicht", "Weight", "Weight", "POUND", 0, 0),
        ("pim_catalog_metric", "capacity", "Inhalt", "Capacity", "Volume", "OUNCE", 0, 0),
        ("pim_catalog_textarea", "warnings", "Warnhinweise", "Warnings", "", "", 1, 0),
    ])
    categories(f, [("tools", "", "Werkzeug", "Tools"), ("fasteners", "tools", "Befestigung", "Fasteners"),
                   ("garden", "", "Garten", "Garden"), ("paint", "", "Farbe", "Paint"),
                   ("plumbing", "", "Sanitär", "Plumbing")])
    options(f, [])
    rows = []
    items = [
        ("tools", 'Impact Driver Bit Set, 1/4" Hex Shank, 40-Piece', '<p>Fits every 1/4" hex chuck. S2 steel, '
         'bits 1 in. and 2 in. long.</p>', "", "", "", "19.97"),
        ("tools", '3/8" Drive Socket Set, SAE and Metric', '<p>Sockets 5/16 in. to 3/4 in. and 8 mm to 19 mm. '
         '72-tooth ratchet, 8 in. long.</p>', "", "8", "INCH", "34.98"),
        ("tools", "20V MAX Cordless Drill/Driver, 1/2 in. Chuck", "<p>Max torque 300 in-lbs. Weighs 3.4 lbs with "
         "battery. Two speeds: 0-450 and 0-1,500 RPM.</p>", "20", "", "", "99.00"),
        ("tools", "Torque Wrench 1/2 in. Drive, 10-150 ft-lbs", "<p>Accurate to ±4 %. 18 in. long handle.</p>", "", "18",
         "INCH", "59.97"),
        ("fasteners", "#8 x 1-1/4 in. Wood Screws (100-Pack)", "<p>Phillips flat head, zinc plated. Pre-drill a 1/8 in. "
         "pilot hole in hardwood.</p>", "", "1.25", "INCH", "6.48"),
        ("fasteners", "#10 x 3 in. Deck Screws (1 lb box)", "<p>Coated for outdoor use. Approx. 90 screws per 1 lb box.</p>",
         "", "3", "INCH", "9.97"),
        ("fasteners", "1/4 in.-20 x 2 in. Hex Bolts (25-Pack)", "<p>Grade 5 steel, coarse thread.</p>", "", "2", "INCH",
         "7.98"),
        ("garden", "Garden Hose 5/8 in. x 50 ft", "<p>Kink-resistant, 3/4 in. GHT brass fittings. Burst pressure "
         "350 psi.</p>", "", "600", "INCH", "29.98"),
        ("garden", "Kids' Bike 16 in. Wheels", "<p>For riders 41 in. to 48 in. tall (ages 4+). Frame weighs 18 lbs.</p>",
         "", "", "", "119.00"),
        ("garden", "Lawn Fertilizer, 15 lb Bag", "<p>Covers 5,000 sq. ft. Net wt. 15 lb (6.8 kg).</p>", "", "", "", "24.97"),
        ("paint", "Interior Paint, Eggshell, 1 gal.", "<p>Covers up to 400 sq. ft. per gallon. Dries in 1 hour; recoat "
         "after 2 hours at 77 °F.</p>", "", "", "", "36.98"),
        ("paint", "Spray Paint, Gloss Black, 12 oz", "<p>Net wt. 12 oz (340 g). Covers up to 15 sq. ft.</p>", "", "", "",
         "5.98"),
        ("paint", "Wood Glue, 8 fl oz (236 ml)", "<p>Clamp 30 minutes. Sets at temperatures above 47 °F.</p>", "", "", "",
         "4.97"),
        ("plumbing", 'Ball Valve 3/4" NPT, Lead-Free Brass', "<p>Max 600 psi WOG. Temperature range -20 °F to 400 °F.</p>",
         "", "", "", "14.98"),
        ("plumbing", "PEX Pipe 1/2 in. x 100 ft", "<p>For hot and cold water up to 180 °F at 100 psi.</p>", "", "1200",
         "INCH", "42.97"),
        ("plumbing", "Faucet Supply Line 3/8 in. Compression x 1/2 in. FIP x 20 in.", "<p>Braided stainless steel.</p>", "",
         "20", "INCH", "8.97"),
    ]
    warn = ("WARNING: This product can expose you to chemicals including lead, which is known to the State of "
            "California to cause cancer. For more information go to www.P65Warnings.ca.gov.")
    for n, (cat, name, desc, volt, length, unit, price) in enumerate(items, 1):
        rows.append({"sku": f"US-{n:03d}", "family": cat, "categories": cat, "enabled": 1, "name-en_US": name,
                     "description-en_US-ecommerce": desc, "voltage": volt, "voltage-unit": "VOLT" if volt else "",
                     "length": length, "length-unit": unit, "warnings-en_US": warn if cat in ("plumbing", "tools") else "",
                     "brand": "Yardline", "ean": "0" + ean(3456789, n)[1:], "price-USD": price})
    head = ["sku", "family", "categories", "enabled", "name-en_US", "description-en_US-ecommerce", "voltage",
            "voltage-unit", "length", "length-unit", "warnings-en_US", "brand", "ean", "price-USD"]
    write(f / "products.csv", head, rows)
    text = CONFIG.format(title="DIY (US English source, USD)", name=f.name, paths="products.csv", vat_de=19, vat_fr=20)
    text = text.replace("locale: de_DE", "locale: en_US").replace("  source_vat: {rate: 19, included: true}\n",
                                                                "  base_currency: USD\n")
    (f / "localize.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    for make in (food, cosmetics, diy, fashion, home, diy_us):
        make()
