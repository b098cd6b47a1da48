"""The HTML report in a real headless browser (Debian chromium): it loads, its filters work,
and untrusted product text never runs as script."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_review_export import write_queue

from localize.review.export import export
from localize.review.queue import read_queue

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")


def dump_dom(url: str, profile: Path) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={profile}", "--virtual-time-budget=2000", "--dump-dom", url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, shipped) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    queue = write_queue(folder / "review-queue.jsonl", shipped)
    export(read_queue(queue), folder / "out")
    return folder / "out" / "review.html"


def rows(dom: str) -> list[tuple[str, bool]]:
    """(product, hidden) for each item row."""
    out = []
    for m in re.finditer(r'<tr id="item-[0-9a-f]+"([^>]*)>\s*<td><bdi>([^<]*)</bdi></td>', dom):  # the code isolated
        out.append((m.group(2), " hidden" in m.group(1)))
    return out


def test_report_loads_and_injected_markup_stays_text(report: Path, tmp_path: Path) -> None:
    dom = dump_dom(report.as_uri(), tmp_path / "profile")
    assert 'data-ready="1"' in dom  # our script ran (its CSP hash matches)
    assert "<title>localize review queue</title>" in dom  # the injected script did not change it
    assert "data-pwned" not in dom
    assert "&lt;script&gt;document.title=" in dom
    assert 'data-shown="4"' in dom and rows(dom) == [("P2", False), ("P3", False), ("P1", False), ("P1", False)]


def test_filters_from_the_address_hide_other_rows(report: Path, tmp_path: Path) -> None:
    dom = dump_dom(report.as_uri() + "#market=fr-FR&rule=global-eu-green-claims", tmp_path / "p1")
    assert 'data-shown="1"' in dom
    assert rows(dom) == [("P2", True), ("P3", True), ("P1", True), ("P1", False)]
    dom = dump_dom(report.as_uri() + "#severity=block", tmp_path / "p2")
    assert rows(dom) == [("P2", False), ("P3", True), ("P1", False), ("P1", True)]
    dom = dump_dom(report.as_uri() + "#field=categories&q=knives", tmp_path / "p3")
    assert rows(dom) == [("P2", True), ("P3", False), ("P1", True), ("P1", True)]


# --- h15: finding messages are plain text, escaped once, where shown ------------------------------

HOSTILE_PRODUCTS = """\
sku;family;categories;name-de_DE;description-de_DE;image
H-1;shoes;shoes;Tom & Jerry <3;"<p onclick=""document.body.dataset.pwned=1"">Schuh<script>document.title='pwned'</script></p>";javascript: alert(1)
"""
HOSTILE_CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE}
markets: [{locale: de-DE}]
outputs: {dir: out, formats: [jsonl]}
translation: {engine: pseudo}
"""


def test_the_reviewer_reads_what_was_removed_as_written_and_nothing_runs(tmp_path: Path) -> None:
    """The markup stage named what it removed escaped, and the report escaped it again: the reviewer read
    `&lt;script&gt;` (`&amp;lt;` in the page). Messages are plain text now, escaped once by the template."""
    from localize.api import run
    from localize.config import load_config

    (tmp_path / "products.csv").write_text(HOSTILE_PRODUCTS, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(HOSTILE_CONFIG, encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    export(read_queue(tmp_path / "out" / "review-queue.jsonl"), tmp_path / "review")
    page = (tmp_path / "review" / "review.html").read_text(encoding="utf-8")
    assert "&amp;lt;" not in page and "&amp;amp;" not in page  # escaped exactly once
    dom = dump_dom((tmp_path / "review" / "review.html").as_uri(), tmp_path / "profile")
    assert 'data-ready="1"' in dom and "data-pwned" not in dom and "<title>localize review queue</title>" in dom
    text = re.sub(r"<[^>]+>", " ", dom.split("<body", 1)[1])  # what the reviewer reads, as the DOM holds it
    assert "&lt;script&gt; with its content" in text and "onclick= on &lt;p&gt;" in text
    assert '"javascript:" URL as the whole value' in text.replace("&quot;", '"')
    assert "&amp;lt;" not in dom


def test_sarif_messages_quote_feed_data_without_making_links(tmp_path: Path) -> None:
    """A Google Merchant finding quotes the value (`gtin '…'`): in SARIF, `[text](target)` in a message is
    a link the code-scanning dashboard renders, so literal brackets are escaped (SARIF 2.1.0 §3.11.6)."""
    import json

    from localize.config import build_market
    from localize.qa import validate_files
    from localize.qa.output.sarif import render

    feed = tmp_path / "google-en-US.tsv"
    feed.write_text("id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tgtin\n"
                    "P1\tBoots\tGood boots\thttps://shop.example/p1\thttps://cdn.example/p1.jpg\tin_stock\t10.00 USD\t"
                    "[Gratis](https://evil.example)\n", encoding="utf-8")
    result = validate_files([feed], build_market({"locale": "en-US"}, None))
    messages = [r["message"]["text"] for run in json.loads(render(result))["runs"] for r in run["results"]]
    quoting = [m for m in messages if "Gratis" in m]
    assert quoting and all(re.search(r"(?<!\\)[\[\]]", m) is None for m in quoting), quoting
    assert any("\\[Gratis\\](https://evil.example)" in m for m in quoting)
