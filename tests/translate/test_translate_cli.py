"""`localize run` end to end against the DeepL-compatible server, and the memory/estimate commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTS = (
    "sku;categories;name-de_DE;description-de_DE;internal_note-de_DE\n"
    "PAN-28;pans;Pfanne 28 cm;<p>Robuste Pfanne aus <b>Gusseisen</b>, 2,4 kg.</p>;Lieferant Müller\n"
    "PAN-24;pans;Pfanne 24 cm;<p>Robuste Pfanne aus <b>Gusseisen</b>, 2,4 kg.</p>;Lieferant Müller\n"
    "LID-28;lids;Deckel 28 cm;Passt auf PAN-28.;\n"
)
ATTRIBUTES = (
    "type;code;label-de_DE;localizable;scopable\n"
    "pim_catalog_identifier;sku;SKU;0;0\n"
    "pim_catalog_text;name;Name;1;0\n"
    "pim_catalog_textarea;description;Beschreibung;1;0\n"
    "pim_catalog_textarea;internal_note;Interne Notiz;1;0\n"
)


def write_project(root: Path, server_url: str, extra: str = "") -> Path:
    (root / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (root / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    config = root / "localize.yaml"
    config.write_text(
        f"""
project: shop
source: {{format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv}}
markets:
  - {{locale: en-US}}
  - {{locale: fr-FR, formality: more}}
  - {{locale: fr-CH, formality: more}}
translation:
  server_url: {server_url}
  exclude: [internal_note]
  timeout: 2
  client_retries: 0
  batch_retries: 0
{extra}
""",
        encoding="utf-8",
    )
    return config


def localize(*args: str, cwd: Path, key: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL")}
    if key is not None:
        env["DEEPL_AUTH_KEY"] = key
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def feed(root: Path, name: str) -> dict[str, dict]:  # type: ignore[type-arg]
    path = root / "out" / f"{name}.jsonl"
    return {r["identifier"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_run_translates_with_deepl_then_a_rerun_bills_nothing(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    translation = report["translation"]
    assert translation["engine"] == "deepl" and translation["pending"] == 0
    assert translation["segments"] == 18 and translation["unique"] == 10  # 3 x 2 fields x 3 markets; 5 texts x (EN-US, FR)
    assert {m: c["written"] for m, c in report["markets"].items()} == {"en-US": 3, "fr-FR": 3, "fr-CH": 3}
    us, ch = feed(tmp_path, "en-US"), feed(tmp_path, "fr-CH")
    # translated as written, then the quantity converted for the US in the translated copy
    assert us["PAN-28"]["values"]["description"] == "[EN-US] <p>ROBUSTE PFANNE AUS <b>GUSSEISEN</b>, 5.3 lb.</p>"
    assert feed(tmp_path, "fr-FR")["PAN-28"]["values"]["description"].endswith(", 2,4 kg.</p>")
    assert us["PAN-28"]["status"]["description"] == "machine"
    assert us["PAN-28"]["source"]["description"] == "<p>Robuste Pfanne aus <b>Gusseisen</b>, 2,4 kg.</p>"
    assert ch["LID-28"]["values"]["description"] == "[FR formal] PASST AUF PAN-28."  # the identifier is protected
    assert us["PAN-28"]["values"]["internal_note"] == "Lieferant Müller"  # excluded: never sent
    sent = deepl_server.translated_texts()
    assert not any("Lieferant" in t for t in sent)
    assert sent.count("<p>Robuste Pfanne aus <b>Gusseisen</b>, <lz translate=\"no\">2,4 kg</lz>.</p>") == 2  # EN-US, FR
    contexts = {r.params["context"] for r in deepl_server.requests("/v2/translate")}
    assert contexts == {"Field: Name.", "Field: Beschreibung."}  # translation.context defaults to field
    billed = deepl_server.character_count
    first_feed = (tmp_path / "out" / "fr-CH.jsonl").read_bytes()

    deepl_server.reset_log()
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["incremental"]["reused"] == 9  # nothing changed: nothing redone
    assert deepl_server.requests("/v2/translate") == []
    proc = localize("run", str(config), "--full", "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    again = json.loads(proc.stdout)["translation"]
    assert again["characters_billed"] == 0 and again["from_memory"] == 18
    assert deepl_server.requests("/v2/translate") == [] and deepl_server.character_count == billed
    # From memory this time, but the feed does not depend on run history: same bytes.
    assert (tmp_path / "out" / "fr-CH.jsonl").read_bytes() == first_feed
    assert feed(tmp_path, "fr-CH")["LID-28"]["status"]["description"] == "machine"


def test_dry_run_and_estimate_count_only_what_memory_lacks(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    assert localize("run", str(config), cwd=tmp_path, key=deepl_server.auth_key).returncode == 0
    (tmp_path / "products.csv").write_text(PRODUCTS + "POT-20;pots;Topf 20 cm;Ein neuer Topf.;\n", encoding="utf-8")
    before = (tmp_path / "out" / "en-US.jsonl").read_bytes()
    deepl_server.reset_log()
    proc = localize("estimate", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    estimate = json.loads(proc.stdout)
    new = len("Topf 20 cm") - len("20 cm") + len("<lz>20 cm</lz>")  # the wire form, as DeepL bills it
    assert estimate["markets"] == {"en-US": new + len("Ein neuer Topf."), "fr-FR": new + len("Ein neuer Topf.")}
    assert estimate["characters"] == 2 * (new + len("Ein neuer Topf."))  # fr-CH shares fr-FR's requests
    assert estimate["quota_remaining"] == 10**9 - deepl_server.character_count and estimate["fits_quota"] is True
    assert deepl_server.requests("/v2/translate") == []  # an estimate never translates
    proc = localize("run", str(config), "--dry-run", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    assert "translation estimate" in proc.stdout
    assert f"{estimate['characters']:,}" in proc.stdout and "DeepL quota remaining" in proc.stdout
    assert (tmp_path / "out" / "en-US.jsonl").read_bytes() == before  # nothing written


def test_quota_stop_exits_4_holds_pending_records_and_the_next_run_resumes(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url, "  requests_in_flight: 1\n")
    deepl_server.quota_after(60)
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 4, proc.stderr
    report = json.loads(proc.stdout)
    assert report["exit_code"] == 4 and report["translation"]["stopped"] == "quota"
    pending = sum(c["pending"] for c in report["markets"].values())
    written = sum(c["written"] for c in report["markets"].values())
    assert pending > 0 and pending + written == 9
    published = sum(len(feed(tmp_path, m)) for m in ("en-US", "fr-FR", "fr-CH"))
    assert published == written  # pending records are not published
    billed_before = report["translation"]["characters_billed"]
    deepl_server.quota_after(10**6)
    deepl_server.reset_log()
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    resumed = json.loads(proc.stdout)
    assert sum(c["written"] for c in resumed["markets"].values()) == 9
    assert resumed["translation"]["characters_billed"] + billed_before == deepl_server.character_count
    unique = {(r.params["target_lang"], t) for r in deepl_server.requests("/v2/translate") for t in r.texts}
    assert len(unique) == len(deepl_server.translated_texts())  # nothing sent twice on resume


def test_a_wrong_key_exits_4_with_one_clear_line_and_no_key(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    secret = "wrong-key-4b9e2c7a1f:fx"
    proc = localize("--log-format", "json", "run", str(config), cwd=tmp_path, key=secret)
    assert proc.returncode == 4
    assert "error: DEEPL_AUTH_KEY was rejected by the DeepL API (403)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert secret not in proc.stderr + proc.stdout
    assert [r.path for r in deepl_server.log] == ["/v2/usage"]


def test_memory_import_export_and_stats_commands(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    assert localize("run", str(config), cwd=tmp_path, key=deepl_server.auth_key).returncode == 0
    proc = localize("memory", "stats", "--config", str(config), "--json", cwd=tmp_path, key=None)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(proc.stdout)
    assert stats["origins"] == {"machine": 15, "human": 0, "approved": 0}  # 5 texts x (en-US, fr-FR, fr-CH)
    assert stats["characters_billed"] == deepl_server.character_count
    proc = localize("memory", "export", "all.tmx", "--config", str(config), "--target", "fr-CH", cwd=tmp_path, key=None)
    assert proc.returncode == 0 and proc.stdout.strip() == "wrote 5 translation unit(s) to all.tmx"
    tmx = (tmp_path / "all.tmx").read_text(encoding="utf-8")
    assert tmx.count("<tu ") == 5 and 'xml:lang="fr-CH"' in tmx and "en-US" not in tmx
    human = tmp_path / "human.tmx"
    human.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="de-DE" datatype="plaintext" '
        'segtype="block" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
        '<tu><tuv xml:lang="de-DE"><seg>Deckel 28 cm</seg></tuv><tuv xml:lang="en-US"><seg>Lid, 28 cm</seg></tuv></tu>'
        "</body></tmx>", encoding="utf-8")
    proc = localize("memory", "import", "human.tmx", "--config", str(config), "--origin", "approved", cwd=tmp_path, key=None)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"imported 1 translation(s) from 1 unit(s) of human.tmx into {tmp_path / '.localize' / 'memory.sqlite'}"
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert json.loads(proc.stdout)["translation"]["human"] == 1
    lid = feed(tmp_path, "en-US")["LID-28"]
    assert (lid["values"]["name"], lid["status"]["name"]) == ("Lid, 11 in", "human")  # approved beats machine; 28 cm shown in inches
    proc = localize("memory", "stats", "--memory", "nowhere.sqlite", cwd=tmp_path, key=None)
    assert proc.returncode == 3
    assert "nowhere.sqlite: no translation memory yet" in proc.stderr


@pytest.mark.parametrize("engine", ["memory", "pseudo"])
def test_offline_engines_never_touch_the_network(tmp_path: Path, deepl_server, engine: str) -> None:
    config = write_project(tmp_path, deepl_server.url)
    proc = localize("run", str(config), "--engine", engine, "--json", cwd=tmp_path, key=deepl_server.auth_key)
    # memory only, empty memory: every record waits for a translator, no market publishes anything: exit 1
    assert proc.returncode == (1 if engine == "memory" else 0), proc.stderr
    report = json.loads(proc.stdout)
    assert report["translation"]["engine"] == engine and deepl_server.log == []
    if engine == "memory":
        assert "market en-US: read 3 record(s) and published none" in report["markets"]["en-US"]["unpublished"]
        assert {m: (c["written"], c["withheld"]) for m, c in report["markets"].items()} == {
            "en-US": (0, 3), "fr-FR": (0, 3), "fr-CH": (0, 3)}
        queue = [json.loads(line) for line in (tmp_path / "out" / "review-queue.jsonl").read_text().splitlines()]
        finding = next(f for r in queue for f in r["findings"] if r["identifier"] == "LID-28" and r["market"] == "en-US")
        assert finding["code"] == "untranslated" and finding["severity"] == "review" and finding["field"] in ("name", "description")
    else:
        lid = feed(tmp_path, "en-US")["LID-28"]
        assert lid["values"]["description"].startswith("[Þàššţ àûƒ PAN-28.")
        assert lid["status"]["description"] == "machine"


def test_an_estimate_without_a_key_counts_as_deepl_would(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    proc = localize("estimate", str(config), "--json", cwd=tmp_path, key=None)
    assert proc.returncode == 0, proc.stderr
    offline = json.loads(proc.stdout)
    assert offline["engine"] == "deepl" and offline["quota_remaining"] is None and offline["fits_quota"] is None
    assert deepl_server.log == []  # no key: nothing asked
    proc = localize("estimate", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    online = json.loads(proc.stdout)
    assert online["characters"] == offline["characters"] > 0 and online["markets"] == offline["markets"]
    assert set(online["markets"]) == {"en-US", "fr-FR"}  # fr-CH shares fr-FR's requests
    assert online["quota_remaining"] == 10**9
    proc = localize("estimate", str(config), "--engine", "memory", cwd=tmp_path, key=None)
    assert proc.returncode == 0 and "engine memory: nothing is billed" in proc.stdout
