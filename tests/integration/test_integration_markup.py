"""Unsafe markup from the PIM never reaches a feed as markup (issue 11): cleaned with nh3 before
every writer, in every market, translated text too; an `unsafe-markup` finding (review) says what
was removed; `localize validate` fails a feed that carries it; the review report escapes it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.sanitize import MarkupPolicy, policy_from_config, sanitize

POLICY = MarkupPolicy()


@pytest.mark.parametrize(
    ("text", "gone", "removed"),
    [
        ("<p>Boots<script>alert(1)</script></p>", "alert", "<script> with its content"),
        ('<p onclick="steal()">Boots</p>', "steal", "onclick= on <p>"),
        ('<p><a href="javascript:alert(1)">more</a></p>', "javascript", 'href="javascript:…" on <a>'),
        ('<a href="jav&#x61;script:alert(1)">more</a>', "script:", 'href="javascript:…" on <a>'),
        ('<a href=" JaVaScRiPt:alert(1)">more</a>', "alert", 'href="javascript:…" on <a>'),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">', "data:", 'src="data:…" on <img>'),
        ('<iframe src="https://evil.example"></iframe>Boots', "iframe", "<iframe> with its content"),
        ('<object data="x.swf"></object>Boots', "object", "<object> with its content"),
        ('<embed src="x.swf">Boots', "embed", "<embed> with its content"),
        ("<style>body{display:none}</style>Boots", "display", "<style> with its content"),
        ('<form action="https://evil.example"><input name="card"></form>Boots', "input", "<form>"),
        ("<svg onload=alert(1)><circle r=1 /></svg>Boots", "svg", "<svg> with its content"),
        ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>Boots', "math", "<math> with its content"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Boots", "alert", "<script> with its content (written as character references)"),
        ("&amp;lt;img src=x onerror=alert(1)&amp;gt;Boots", "onerror", "onerror= on <img> (written as character references)"),
        ('<div style="width: expression(alert(1))">Boots</div>', "expression", "style= with expression on <div>"),
    ],
)
def test_unsafe_markup_is_removed_and_named(text: str, gone: str, removed: str) -> None:
    result = sanitize(text, POLICY)
    assert result.unsafe
    assert removed in result.removed
    assert gone not in result.text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Tom & Jerry, 5 < 7 and 8 > 3",
        "<p>Robust <b>leather</b> boots<br>in <SUP>2</SUP> colours</p>",
        '<span style="font-size: larger; font-weight: bold;">Big</span> <a href="https://shop.example/x">more</a>',
        '<img src="/uk/images/feat1a.jpg" style="width:250px;height:145px;" alt="The sensor" />',
        "Line one\\nLine two &amp; more, a &lt;3 heart",
        "<ul><li>A<li>B</ul>",
    ],
)
def test_safe_copy_is_kept_byte_for_byte(text: str) -> None:
    result = sanitize(text, POLICY)
    assert (result.text, result.removed) == (text, ())


def test_a_less_than_sign_used_as_text_is_escaped_not_removed() -> None:
    # icecat 14553662: "Majority of color laser AiOs <US$600, March 2011." - a browser would read a tag
    text = "<i>Majority of AiOs <US$600, March 2011.<br />Source: HP</i>"
    result = sanitize(text, POLICY)
    assert result.text == "<i>Majority of AiOs &lt;US$600, March 2011.<br />Source: HP</i>"
    assert (result.removed, result.unsafe) == (("“<” used as text (escaped)",), False)
    assert sanitize("<x$ onerror=alert(1)>Boots", POLICY).unsafe  # a tag with attributes is not text


def test_tags_off_the_allow_list_are_removed_but_not_unsafe() -> None:
    result = sanitize('<font color="red">Sale</font>', POLICY)
    assert (result.text, result.removed, result.unsafe) == ("Sale", ("<font>",), False)
    strict = policy_from_config({"deny_tags": ["b"], "tags": ["p", "b", "script"]})
    assert "script" not in strict.tags  # never allowed, whatever the config says
    assert sanitize("<p><b>x</b></p>", strict).text == "<p>x</p>"


ROWS = [
    ["sku", "family", "categories", "name", "description-de_DE", "brand", "note_html", "price-EUR"],
    ["SAFE-1", "shoes", "shoes", "Stiefel", "<p>Robuste <b>Lederstiefel</b>, 5 < 7</p>", "Nordlicht", "<b>ok</b>", "59.90"],
    ["BAD-1", "shoes", "shoes", "Schuh<img src=x onerror=alert(1)>",
     '<p onclick="steal()">Schuhe<script>alert(1)</script> <a href="javascript:alert(2)">mehr</a></p>',
     "Nordlicht<iframe src=//evil></iframe>", "&lt;script&gt;alert(3)&lt;/script&gt;ok", "49.90"],
]


def _products() -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(ROWS)
    return buffer.getvalue()


ATTRIBUTES = """\
type;code;label-de_DE;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;0
pim_catalog_textarea;description;Beschreibung;1
pim_catalog_text;brand;Marke;0
pim_catalog_textarea;note_html;Hinweis;0
pim_catalog_price_collection;price;Preis;0
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv}
markets: [{locale: de-DE}, {locale: en-US}, {locale: ja-JP}]
outputs:
  dir: out
  formats: [jsonl, akeneo-csv, csv, xlsx, google-merchant-tsv, google-merchant-xml]
  markup: {formats: {akeneo-csv: {deny_tags: [b]}}}
translation: {engine: pseudo}
prices: {rates_date: 2024-03-15}
review: {store: decisions.sqlite}
validate:
  google_merchant: {link: "https://shop.example/{language}/p/{identifier}", image_link: "https://cdn.example/{identifier}.jpg"}
"""
UNSAFE = ("<script", "onclick", "onerror", "javascript:", "<iframe", "&lt;script")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, text in {"products.csv": _products(), "attributes.csv": ATTRIBUTES, "localize.yaml": CONFIG}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    return tmp_path


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_no_output_carries_unsafe_markup(project: Path) -> None:
    out = project / "out"
    files = sorted(p for p in out.iterdir() if p.suffix in (".jsonl", ".csv", ".tsv", ".xml"))
    assert len(files) >= 3 * 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":  # the findings name what was removed (escaped); the values must not hold it
            text = json.dumps([{k: r.get(k) for k in ("values", "source", "display")} for r in _lines(path)],
                              ensure_ascii=False)
        for needle in UNSAFE:
            assert needle not in text, (path.name, needle)
    import openpyxl

    for path in out.glob("*.xlsx"):
        sheet = openpyxl.load_workbook(path, read_only=True).active
        cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
        assert not any(n in cells for n in UNSAFE), path.name


def test_every_market_gets_an_unsafe_markup_finding_and_holds_the_record(project: Path) -> None:
    queue = _lines(project / "out" / "review-queue.jsonl")
    held = {(r["market"], r["identifier"]) for r in queue}
    assert {("de-DE", "BAD-1"), ("en-US", "BAD-1"), ("ja-JP", "BAD-1")} <= held
    for record in queue:
        if record["identifier"] != "BAD-1":
            continue
        found = {f["field"]: f for f in record["findings"] if f["code"] == "unsafe-markup"}
        assert set(found) == {"name", "description", "brand", "note_html"}, record["market"]
        assert all(f["severity"] == "review" for f in found.values())
        message = found["description"]["message"]
        # plain text, escaped once where it is shown (h15: it was escaped here and again in review.html)
        assert "<script> with its content" in message and "onclick= on <p>" in message
        assert "<script" not in json.dumps([record["values"], record.get("source"), record.get("display")])
        # the cleaned text is what a reviewer's approval would publish (translated too)
        assert "Schuhe" in record["values"]["description"] or record["status"]["description"] == "machine"
    for market in ("de-DE", "en-US", "ja-JP"):
        published = {r["identifier"] for r in _lines(project / "out" / f"{market}.jsonl")}
        assert "SAFE-1" in published and "BAD-1" not in published


def test_safe_markup_stays_and_a_format_can_be_stricter(project: Path) -> None:
    line = _lines(project / "out" / "de-DE.jsonl")[0]
    assert line["values"]["description"] == "<p>Robuste <b>Lederstiefel</b>, 5 < 7</p>"  # byte for byte
    akeneo = (project / "out" / "de-DE.akeneo.csv").read_text(encoding="utf-8")
    assert "<b>" not in akeneo  # outputs.markup.formats.akeneo-csv denies <b>


def test_validate_fails_a_feed_with_unsafe_markup(project: Path, tmp_path: Path) -> None:
    feed = project / "out" / "de-DE.jsonl"
    ok = subprocess.run([sys.executable, "-m", "localize", "validate", str(feed), "--market", "de-DE",
                         "--format", "json"], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.jsonl"
    line = _lines(feed)[0]
    line["values"]["description"] = '<p>Stiefel<img src=x onerror="alert(1)"></p>'
    bad.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "localize", "validate", str(bad), "--market", "de-DE",
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    codes = [f["code"] for f in json.loads(proc.stdout)["findings"]]
    assert "unsafe-markup" in codes


def test_the_review_report_never_renders_it(project: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "localize", "review", "export", str(project / "localize.yaml"),
                           "--out", str(project / "review")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = (project / "review" / "review.html").read_text(encoding="utf-8")
    body = page.split("<script>")[0]  # our own script is the last element
    assert "alert(" not in body and "onclick=" not in body.replace("onclick= on", "")
    assert "&lt;script&gt; with its content" in page and "&amp;lt;" not in page  # escaped exactly once


def test_markup_named_in_prose_with_character_references_is_text() -> None:
    """A course description that names elements (`&lt;script&gt;`) is prose, kept byte for byte;
    the same references forming a working element (end tag, attributes) are still cleaned."""
    from localize.sanitize import policy_from_config, sanitize

    policy = policy_from_config(None)
    prose = "Chapter 3 explains &lt;script&gt; and &lt;iframe&gt; elements."
    assert sanitize(prose, policy).text == prose and not sanitize(prose, policy).unsafe
    for attack in ("a &lt;script&gt;alert(1)&lt;/script&gt; b", "a &lt;script src=//e.js&gt; b",
                   "a &lt;img src=x onerror=alert(1)&gt; b"):
        result = sanitize(attack, policy)
        assert result.unsafe and "alert" not in result.text and "e.js" not in result.text
