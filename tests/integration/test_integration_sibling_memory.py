"""Copy of a sibling locale (`localize.sibling_copy`) against the translation memory: a person's entry
(TMX import, a review decision: `human`/`approved`) written for the exact market beats the PIM's copy of
another country's locale; a language-only entry, an entry for another country and a machine entry from
an earlier run do not. The order is decided in one place (`TranslateStage._apply_over_sibling`), so one
process and workers publish the same bytes and counts, and nothing more is billed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from localize.api import run
from localize.config import load_config

ATTRIBUTES = """\
type;code;label-en_US;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;1
pim_catalog_textarea;description;Description;1
"""

# the demo's case: a German PIM with US English copy, a British market, a translator's en-GB memory
DE_PRODUCTS = """\
sku;name-de_DE;name-en_US;description-de_DE;description-en_US
PEN;Farbstifte, 12 Farben;Color pencils, 12 colors;Für Kinder.;For kids.
MUG;Tasse „Rot“;Red mug;Aus Porzellan.;Porcelain.
BAG;Einkaufstasche;Shopping bag;Aus Baumwolle.;Cotton.
CAP;Mütze;Knit cap;Warm.;Warm.
"""
DE_UNITS = [  # (source, {target: text}, origin)
    ("Farbstifte, 12 Farben", {"en-GB": "Colour pencils, 12 colours", "en-US": "Colored pencils"}, "human"),
    ("Tasse „Rot“", {"en": "Red cup (any English)"}, "human"),  # language-only: written for no country
    ("Einkaufstasche", {"en-US": "Tote"}, "human"),  # another country's entry
    ("Mütze", {"en-GB": "Woolly hat"}, "approved"),
]

# the Swiss case: an English PIM with Germany's German, a Swiss market, a Swiss translator's memory
EN_PRODUCTS = """\
sku;name-en_US;name-de_DE;description-en_US;description-de_DE
PAN;Large pan;Große Pfanne;A pan for the street.;Eine Pfanne für die Straße.
POT;Small pot;Kleiner Topf;A pot.;Ein Topf.
"""
EN_UNITS = [("Large pan", {"de-CH": "Grosse Bratpfanne", "de-DE": "Große Bratpfanne"}, "human"),
            ("A pot.", {"de": "Ein Kochtopf."}, "human")]


def tmx(units: list[tuple[str, dict[str, str], str]], source: str) -> str:
    body = "".join(
        f'<tu><prop type="x-localize-origin">{origin}</prop><tuv xml:lang="{source}"><seg>{escape(text)}</seg></tuv>'
        + "".join(f'<tuv xml:lang="{lang}"><seg>{escape(target)}</seg></tuv>' for lang, target in targets.items())
        + "</tu>"
        for text, targets, origin in units)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
            f'segtype="paragraph" o-tmf="t" adminlang="en-US" srclang="{source}" datatype="plaintext"/>'
            f"<body>{body}</body></tmx>\n")


def write_project(folder: Path, products: str, source: str, markets: str, units: list | None,
                  translation: str = "{engine: pseudo") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "products.csv").write_text(products, encoding="utf-8")
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    memory = ""
    if units is not None:
        (folder / "memory.tmx").write_text(tmx(units, source.replace("_", "-")), encoding="utf-8")
        memory = ", memory_files: [memory.tmx]"
    config = folder / "localize.yaml"
    config.write_text(
        f"version: 1\nsource: {{format: akeneo-csv, path: products.csv, locale: {source}, attributes: attributes.csv}}\n"
        f"markets: {markets}\noutputs: {{dir: out, formats: [jsonl, akeneo-csv]}}\ntranslation: {translation}{memory}}}\n",
        encoding="utf-8")
    return config


def feed(folder: Path) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    got = {}
    for path in sorted((folder / "out").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            if "identifier" in data and "market" in data:
                got[data["identifier"], data["market"]] = data
    return got


def test_a_persons_en_gb_memory_entry_beats_the_pims_en_us_copy(tmp_path: Path) -> None:
    config = write_project(tmp_path, DE_PRODUCTS, "de_DE", "[{locale: en-GB}]", DE_UNITS)
    report = run(load_config(config))
    got = feed(tmp_path)
    pen, cap = got["PEN", "en-GB"], got["CAP", "en-GB"]
    assert (pen["values"]["name"], pen["status"]["name"]) == ("Colour pencils, 12 colours", "human")
    assert (cap["values"]["name"], cap["status"]["name"]) == ("Woolly hat", "human")  # approved counts too
    # a language-only entry and another country's entry are no more the market's than the PIM's copy
    assert (got["MUG", "en-GB"]["values"]["name"], got["MUG", "en-GB"]["status"]["name"]) == ("Red mug", "pim")
    assert (got["BAG", "en-GB"]["values"]["name"], got["BAG", "en-GB"]["status"]["name"]) == ("Shopping bag", "pim")
    # with no entry for the market, the sibling copy stays (descriptions)
    assert {got[sku, "en-GB"]["status"]["description"] for sku in ("PEN", "MUG", "BAG", "CAP")} == {"pim"}
    section = report.sections["translation"]
    assert section["copied_from_sibling_locale"] == {"en-GB": {"en_US": 6, "human_memory": 2}}
    assert section["markets"] == {"en-GB": {"human": 2}}
    # the fields the sibling copy served are no segments; the two the memory served are, found in memory
    assert (section["segments"], section["from_memory"], section["human"], section["machine"]) == (2, 2, 2, 0)
    assert section["characters_billed"] == 0
    # the run still says it copied en_US copy (6 fields)
    assert any(w.startswith("en-GB: copy taken from the PIM's en_US copy") for w in report.warnings)
    # the Akeneo write-back carries the person's text as the market's new copy
    assert "Colour pencils, 12 colours" in (tmp_path / "out" / "en-GB.akeneo.csv").read_text(encoding="utf-8")


def test_a_persons_de_ch_memory_entry_beats_the_pims_de_de_copy(tmp_path: Path) -> None:
    config = write_project(tmp_path, EN_PRODUCTS, "en_US", "[{locale: de-CH}, {locale: de-AT}]", EN_UNITS)
    report = run(load_config(config))
    got = feed(tmp_path)
    assert (got["PAN", "de-CH"]["values"]["name"], got["PAN", "de-CH"]["status"]["name"]) == ("Grosse Bratpfanne", "human")
    # de-AT has no entry of its own: the de-DE one is another country's, so de_DE's copy stands
    assert (got["PAN", "de-AT"]["values"]["name"], got["PAN", "de-AT"]["status"]["name"]) == ("Große Pfanne", "pim")
    # the language-only `de` entry does not beat the copy (in de-CH spelling)
    assert got["POT", "de-CH"]["values"]["description"] == "Ein Topf."
    assert got["PAN", "de-CH"]["values"]["description"] == "Eine Pfanne für die Strasse."
    assert report.sections["translation"]["copied_from_sibling_locale"] == {
        "de-AT": {"de_DE": 4}, "de-CH": {"de_DE": 3, "human_memory": 1}}


def test_without_a_memory_entry_the_sibling_copy_is_published_as_before(tmp_path: Path) -> None:
    config = write_project(tmp_path, EN_PRODUCTS, "en_US", "[{locale: de-CH}]", None)
    report = run(load_config(config))
    got = feed(tmp_path)
    assert (got["PAN", "de-CH"]["values"]["name"], got["PAN", "de-CH"]["status"]["name"]) == ("Grosse Pfanne", "pim")
    section = report.sections["translation"]
    assert section["copied_from_sibling_locale"] == {"de-CH": {"de_DE": 4}}
    assert (section["segments"], section["untranslated"]) == (0, 0)


# --- a paid engine, its memory, and workers ----------------------------------------------------

def _localize(*args: str, cwd: Path, key: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL")}
    env["DEEPL_AUTH_KEY"] = key
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def _deepl(server_url: str) -> str:
    return f"{{server_url: {server_url}, timeout: 2, client_retries: 0, batch_retries: 0"


def test_a_machine_entry_of_an_earlier_run_does_not_beat_the_sibling_copy(tmp_path: Path, deepl_server) -> None:
    """Run 1 translates de-CH from en_US with DeepL (`copy_from: translate`): the memory holds machine
    entries for de-CH. Run 2 (the default) publishes the de_DE copy, not those entries, and bills nothing."""
    first = write_project(tmp_path, EN_PRODUCTS, "en_US", "[{locale: de-CH, copy_from: translate}]", None,
                          _deepl(deepl_server.url))
    proc = _localize("run", str(first), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert json.loads(proc.stdout)["translation"]["characters_billed"] > 0
    assert feed(tmp_path)["PAN", "de-CH"]["status"]["name"] == "machine"
    write_project(tmp_path, EN_PRODUCTS, "en_US", "[{locale: de-CH}]", None, _deepl(deepl_server.url))
    deepl_server.reset_log()
    proc = _localize("run", str(first), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    section = json.loads(proc.stdout)["translation"]
    got = feed(tmp_path)
    assert (got["PAN", "de-CH"]["values"]["name"], got["PAN", "de-CH"]["status"]["name"]) == ("Grosse Pfanne", "pim")
    assert section["copied_from_sibling_locale"] == {"de-CH": {"de_DE": 4}}
    assert section["characters_billed"] == 0 and deepl_server.translated_texts() == []


@pytest.mark.slow
def test_one_process_and_two_workers_order_memory_and_sibling_copy_alike(tmp_path: Path, deepl_server) -> None:
    """The driver of a --workers run translates a paid engine's distinct texts: a memory-only job is a
    job key of its own there, and comes back with the same outcome one process gives it."""
    markets = "[{locale: en-GB}, {locale: fr-FR}]"
    outputs, sections, sent = {}, {}, {}
    for name, extra in (("single", ()), ("workers-2", ("--workers", "2"))):
        folder = tmp_path / name
        config = write_project(folder, DE_PRODUCTS, "de_DE", markets, DE_UNITS, _deepl(deepl_server.url))
        deepl_server.reset_log()
        proc = _localize("run", str(config), "--json", *extra, cwd=folder, key=deepl_server.auth_key)
        assert proc.returncode in (0, 1), proc.stderr[-3000:]
        sections[name] = json.loads(proc.stdout)["translation"]
        sent[name] = sorted((str(r.params.get("target_lang")), t) for r in deepl_server.requests(status=200)
                            for t in r.texts)
        outputs[name] = {p.name: p.read_bytes() for p in sorted((folder / "out").iterdir())
                         if p.is_file() and p.name != "manifest.json"}
    assert outputs["workers-2"] == outputs["single"]
    got = feed(tmp_path / "workers-2")
    assert got["PEN", "en-GB"]["values"]["name"] == "Colour pencils, 12 colours"
    assert got["MUG", "en-GB"]["status"]["name"] == "pim"
    for key in ("segments", "from_memory", "human", "characters_billed", "markets", "copied_from_sibling_locale"):
        assert sections["workers-2"][key] == sections["single"][key], key
    assert sections["single"]["copied_from_sibling_locale"] == {"en-GB": {"en_US": 6, "human_memory": 2}}
    # only fr-FR's texts went to the engine, never an en-GB one: the same in both
    assert sent["workers-2"] == sent["single"] and {target for target, _ in sent["single"]} == {"FR"}


QUANTITY_PRODUCTS = """\
sku;name-de_DE;name-en_US;description-de_DE;description-en_US
SIB;Waage bis 2,5 kg, Faktor 2,5;Scale up to 2.5 kg;"<p>Breite 1&thinsp;000&nbsp;mm, 4,5 Sterne</p>";<p>Width 1,000 mm</p>
NEW;Waage bis 2,5 kg, Faktor 2,5;;"<p>Breite 1&thinsp;000&nbsp;mm, 4,5 Sterne</p>";
"""
QUANTITY_UNITS = [
    ("Waage bis 2,5 kg, Faktor 2,5", {"en-GB": "Scales up to 2.5 kg, factor 2.5"}, "human"),
    ("<p>Breite 1&thinsp;000&nbsp;mm, 4,5 Sterne</p>", {"en-GB": "<p>Width 1,000 mm, 4.5 stars</p>"}, "human"),
]


def test_copy_with_quantities_finds_the_same_memory_entry_over_a_sibling_copy_as_without(tmp_path: Path) -> None:
    """A memory-only lookup (the PIM has en_US copy: `TranslateStage._apply_over_sibling`) and a translation
    (no sibling copy) read one key for copy holding quantities, decimals and HTML entities (the source as read;
    protection changes the wire, never the key's source text): the same person's entry, the same text published."""
    config = write_project(tmp_path, QUANTITY_PRODUCTS, "de_DE", "[{locale: en-GB}]", QUANTITY_UNITS)
    run(load_config(config))
    got = feed(tmp_path)
    sibling, translated = got["SIB", "en-GB"], got["NEW", "en-GB"]
    assert sibling["status"] == translated["status"] == {"name": "human", "description": "human"}
    assert sibling["values"] == translated["values"]
    assert sibling["values"]["name"] == "Scales up to 2.5 kg, factor 2.5"
