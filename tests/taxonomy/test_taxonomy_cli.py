"""`localize taxonomy ...` commands, and fetch against a local server serving the shared copies."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def localize(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture()
def server(shared_data: Path) -> Iterator[str]:
    """A local server that publishes the shared copies under the official file names."""
    google = shared_data / "google-taxonomy"
    shopify = shared_data / "shopify-taxonomy" / "dist"
    files = {
        "/google/taxonomy-with-ids.de-DE.txt": google / "taxonomy-with-ids.de-DE.2015-02-19.txt",
        "/google/taxonomy-with-ids.en-US.txt": google / "taxonomy-with-ids.en-US.2021-09-21.txt",
    }
    for lang in ("en", "de"):
        for name in ("categories.txt", "attributes.txt", "attribute_values.txt"):
            files[f"/shopify/{lang}/{name}"] = shopify / lang / name

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = files.get(self.path)
            if path is None:
                self.send_error(404, "Not Found")
                return
            data = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_import_google_with_locale_from_file_names(shared_data: Path, tmp_path: Path) -> None:
    g = shared_data / "google-taxonomy"
    proc = localize("taxonomy", "import", "google", str(g / "taxonomy-with-ids.en-US.2021-09-21.txt"),
                    str(g / "taxonomy-with-ids.de-DE.2015-02-19.txt"), "-o", "google.yaml", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["categories"] == 5595 and summary["locales"] == ["en-US", "de-DE"]
    assert summary["version"] == "2021-09-21"
    valid = localize("taxonomy", "validate", "google.yaml", cwd=tmp_path)
    assert valid.returncode == 0 and valid.stdout == "google.yaml: valid taxonomy (5595 categories, 0 attributes)\n"


def test_import_refuses_the_mojibake_file_with_exit_3(shared_data: Path, tmp_path: Path) -> None:
    bad = shared_data / "google-taxonomy" / "taxonomy-with-ids.en-US.2021-09-21.MOJIBAKE-cp1251.txt"
    proc = localize("taxonomy", "import", "google", str(bad), "-o", "x.yaml", cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stderr.startswith(f"error: {bad}: the text is double-encoded (mojibake)")
    assert not (tmp_path / "x.yaml").exists()


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "taxonomy: t\ncategories:\n  - id: a\n    labels: {en: A}\n  - id: a\n    labels: {en: B}\n"
        "  - id: b\n    parent: z\n    labels: {en: C}\n", encoding="utf-8")
    proc = localize("taxonomy", "validate", "bad.yaml", "--json", cwd=tmp_path)
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == {"file": "bad.yaml", "valid": False, "problems": [
        "bad.yaml:5: duplicate category id 'a' (first on line 3)",
        "bad.yaml:7: category 'b' has an unknown parent 'z'",
    ]}
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("taxonomy: default\ncategories:\n  shoes: footwear\n  mugs: home.mugs\n", encoding="utf-8")
    proc = localize("taxonomy", "validate", "mapping.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    assert "mapping.yaml:4: taxonomy id 'home.mugs' does not exist in localize-default" in proc.stderr


def test_suggest_writes_a_draft_with_ranked_candidates(tmp_path: Path) -> None:
    (tmp_path / "categories.csv").write_text(
        "code;parent;label-de_DE;label-en_US\nkueche;;Küche;Kitchen\nmesser;kueche;Küchenmesser;Kitchen knives\n"
        "eierbecher;kueche;Eierbecher;Egg cups\n", encoding="utf-8")
    proc = localize("taxonomy", "suggest", "--source", "categories.csv", "--taxonomy", "default", "--top", "3",
                    "-o", "draft.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader((tmp_path / "draft.csv").open(encoding="utf-8")))
    assert list(rows[0]) == ["source_code", "source_path", "rank", "taxonomy_id", "taxonomy_path", "score", "how", "auto",
                             "accept"]
    best = {r["source_code"]: r for r in rows if r["rank"] == "1"}
    assert best["messer"]["taxonomy_id"] == "home.kitchen_tools.knives"
    assert best["messer"]["taxonomy_path"] == "Haushalt & Küche > Küchenhelfer > Küchenmesser"
    assert best["eierbecher"]["how"] == "broader" and best["eierbecher"]["taxonomy_id"] == "home"
    assert [r["rank"] for r in rows if r["source_code"] == "messer"] == ["1", "2", "3"]
    assert all(0 <= float(r["score"]) <= 1 for r in rows)
    # what a run would apply without a person: the exact label, not the unsure back-off of an egg cup
    assert best["messer"]["auto"] == "x" and best["eierbecher"]["auto"] == ""
    assert float(best["eierbecher"]["score"]) < float(best["messer"]["score"])
    assert [r["auto"] for r in rows if r["rank"] != "1"] == [""] * len([r for r in rows if r["rank"] != "1"])
    # accepting a row turns the draft into a mapping
    for r in rows:
        if r["source_code"] == "eierbecher" and r["rank"] == "1":
            r["accept"] = "x"
    with (tmp_path / "draft.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    cov = localize("taxonomy", "coverage", "--source", "categories.csv", "--mapping", "draft.csv", "--json", cwd=tmp_path)
    assert cov.returncode == 0, cov.stderr
    assert json.loads(cov.stdout)["categories"]["by_how"]["accepted"] == 1


def test_fetch_google_and_shopify_from_a_local_server(server: str, tmp_path: Path) -> None:
    proc = localize("taxonomy", "fetch", "google", "--locale", "de-DE", "--locale", "en-US", "--url-base",
                    f"{server}/google", "--dest", "dl", "-o", "google.yaml", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["downloaded"] == ["dl/taxonomy-with-ids.de-DE.txt", "dl/taxonomy-with-ids.en-US.txt"]
    assert summary["categories"] == 5595
    proc = localize("taxonomy", "fetch", "shopify", "--locale", "de-DE", "--locale", "en", "--url-base",
                    f"{server}/shopify", "--dest", "shop", "-o", "shopify.yaml", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(json.loads(proc.stdout)["downloaded"])[:2] == ["shop/de/attribute_values.txt", "shop/de/attributes.txt"]
    missing = localize("taxonomy", "fetch", "google", "--locale", "xx-XX", "--url-base", f"{server}/google",
                       "--dest", "dl2", cwd=tmp_path)
    assert missing.returncode == 3
    assert f"{server}/google/taxonomy-with-ids.xx-XX.txt: HTTP 404 Not Found" in missing.stderr


def test_run_and_coverage_on_the_demo(tmp_path: Path) -> None:
    import shutil

    demo = tmp_path / "demo"
    shutil.copytree(REPO / "examples" / "demo", demo, ignore=shutil.ignore_patterns("out", ".localize"))
    cov = localize("taxonomy", "coverage", "localize.yaml", "--json", cwd=demo)
    assert cov.returncode == 0, cov.stderr
    data = json.loads(cov.stdout)
    assert data["products"]["total"] == data["products"]["mapped"] == 60
    assert data["products"]["by_how"]["explicit"] > 0 and data["products"]["by_how"]["auto"] > 0
    run = localize("run", "localize.yaml", "--json", "--market", "ja-JP", "--engine", "pseudo", cwd=demo)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["stages"]["map"]["status"] == "ok"
    assert report["taxonomy"]["records"].get("review", 0) == 0
    queue = (demo / "out" / "review-queue.jsonl").read_text(encoding="utf-8")
    assert "category-unmapped" not in queue
    first = json.loads((demo / "out" / "ja-JP.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["taxonomy"]["path"][0] in {"衣料品", "靴", "ホーム・キッチン", "家電・電子機器", "食品・飲料",
                                            "おもちゃ・ゲーム", "ヘルス・ビューティー"}
