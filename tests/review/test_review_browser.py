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
