"""`localize validate` on broken feeds, as a CI job meets them: truncated, re-encoded, empty, a
folder, a missing file, the wrong kind of feed. Every case ends with exit 0, 1 or 2 as the README
says, never a traceback, and `--format json` prints one JSON object whose `exit_code` is the
process's (before: a usage error printed nothing on stdout, so `jq` failed on the CI step).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from localize.api import run
from localize.cli import app
from localize.config import load_config

PRODUCTS = """\
sku;family;categories;name;description-de_DE;brand;ean;price-EUR
P-1;shoes;shoes;Stiefel;"<p>Robuste <b>Lederstiefel</b> für jeden Tag, 1,5 kg.</p>";Nordlicht;4006381333931;59.90
P-2;shoes;shoes;Sandale;"<p>Leichte Sandale.</p>";Nordlicht;4006381333948;39.90
P-3;shoes;shoes;Schuh;"<p>Ein Schuh für die Stadt.</p>";Nordlicht;4006381333955;49.90
"""
ATTRIBUTES = """\
type;code;label-de_DE;localizable
pim_catalog_identifier;sku;SKU;0
pim_catalog_text;name;Name;0
pim_catalog_textarea;description;Beschreibung;1
pim_catalog_text;brand;Marke;0
pim_catalog_text;ean;EAN;0
pim_catalog_price_collection;price;Preis;0
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE, attributes: attributes.csv}
markets: [{locale: en-US}]
outputs:
  dir: out
  formats: [jsonl, akeneo-csv, csv, xlsx, google-merchant-tsv, google-merchant-xml, magento-csv, shopware-csv]
translation: {engine: pseudo}
prices: {rates_date: 2024-03-15}
validate:
  google_merchant: {link: "https://shop.example/{language}/p/{identifier}", image_link: "https://cdn.example/{identifier}.jpg"}
"""
FEEDS = {"jsonl": "en-US.jsonl", "tsv": "google-en-US.tsv", "xml": "google-en-US.xml", "akeneo": "en-US.akeneo.csv",
         "sheet": "en-US.csv", "magento": "en-US.magento.csv", "shopware": "en-US.shopware.csv"}


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("broken")
    for name, text in {"products.csv": PRODUCTS, "attributes.csv": ATTRIBUTES, "localize.yaml": CONFIG}.items():
        (root / name).write_text(text, encoding="utf-8")
    run(load_config(root / "localize.yaml"))
    return {kind: (root / "out" / name).read_bytes() for kind, name in FEEDS.items()}


def _lines(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\n") if line]


#: damage -> what it does to a feed's bytes
DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "as-written": lambda b: b,
    "truncated": lambda b: b[: len(b) * 2 // 3],
    "header-cut": lambda b: b[:12],
    "empty": lambda b: b"",
    "latin-1": lambda b: b.decode("utf-8").encode("latin-1", "replace"),
    "utf-16-bom": lambda b: b.decode("utf-8").encode("utf-16"),
    "utf-8-bom": lambda b: b"\xef\xbb\xbf" + b,
    "nul": lambda b: b[:40] + b"\x00" + b[40:],
    "crlf": lambda b: b.replace(b"\n", b"\r\n"),
    "cr-only": lambda b: b.replace(b"\n", b"\r"),
    "mixed-line-ends": lambda b: b"\n".join(line + (b"\r" if i % 2 else b"") for i, line in enumerate(b.split(b"\n"))),
    "duplicate-rows": lambda b: b"\n".join(_lines(b) + _lines(b)[1:3]) + b"\n",
    "binary": lambda b: bytes(range(256)) * 8,
}


def _validate(tmp_path: Path, *args: str) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["validate", *args])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_every_broken_feed_gets_an_exit_code_and_json(feeds: dict[str, bytes], tmp_path: Path, kind: str,
                                                      damage: str) -> None:
    path = tmp_path / FEEDS[kind]
    path.write_bytes(DAMAGE[damage](feeds[kind]))
    code, out = _validate(tmp_path, path.name, "--market", "en-US", "--format", "json")
    report = json.loads(out)  # one JSON object in every case
    assert code in (0, 1, 2) and report["exit_code"] == code
    assert "Traceback" not in out
    if code == 2:
        assert report["error"]["message"]
    if damage == "as-written":
        assert code == 0, report["findings"]
    if damage in ("empty", "binary", "utf-16-bom") and kind != "xml":
        # nothing of the feed can be read: never PASSED (an empty CSV/TSV used to pass with 0 records)
        assert code != 0, (kind, damage)
    if code == 1:
        for finding in report["findings"]:
            assert finding["message"] and finding["file"] == path.name


def test_an_empty_csv_feed_fails_naming_what_is_missing(feeds: dict[str, bytes], tmp_path: Path) -> None:
    for kind in ("akeneo", "tsv", "sheet", "magento", "shopware"):
        path = tmp_path / FEEDS[kind]
        path.write_bytes(b"")
        code, out = _validate(tmp_path, path.name, "--market", "en-US", "--format", "json")
        report = json.loads(out)
        assert code == 1, kind
        assert [f["code"] for f in report["findings"]] == ["malformed-line"]
        assert "the file is empty: not even a header line" in report["findings"][0]["message"]


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n \r\n"])
def test_an_empty_blank_or_bom_only_feed_of_every_text_format_fails(feeds: dict[str, bytes], tmp_path: Path,
                                                                     content: bytes) -> None:
    """h15: an empty JSONL feed passed with 0 records (empty CSV/TSV was fixed before); XML named it only
    as a parser error. Every format a run writes as text now says the file is empty."""
    for name in (*FEEDS.values(), "en-US.xliff"):
        path = tmp_path / name
        path.write_bytes(content)
        code, out = _validate(tmp_path, path.name, "--market", "en-US", "--format", "json")
        report = json.loads(out)
        assert code == 1, (name, report)
        assert [f["code"] for f in report["findings"]] == ["malformed-line"], name
        assert report["findings"][0]["message"].startswith("the file is empty"), name


def test_a_jsonl_feed_the_run_wrote_empty_passes_and_a_copy_of_it_fails(tmp_path: Path) -> None:
    """Every record held for review: the run writes a 0-byte JSONL feed and lists it in its manifest.
    That file passes; the same empty file anywhere else is a cut-off copy."""
    products = "sku;family;categories;name;image\nIMG-1;shoes;shoes;Sandale;javascript:alert(1)\n"
    config = CONFIG.replace("formats: [jsonl, akeneo-csv, csv, xlsx, google-merchant-tsv, google-merchant-xml, "
                            "magento-csv, shopware-csv]", "formats: [jsonl]")
    for name, text in {"products.csv": products, "attributes.csv": ATTRIBUTES, "localize.yaml": config}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run(load_config(tmp_path / "localize.yaml"))
    assert (tmp_path / "out" / "en-US.jsonl").read_bytes() == b""
    code, out = _validate(tmp_path, "out/en-US.jsonl", "--market", "en-US", "--format", "json")
    assert (code, json.loads(out)["findings"]) == (0, [])
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "en-US.jsonl").write_bytes(b"")
    code, out = _validate(tmp_path, "copy/en-US.jsonl", "--market", "en-US", "--format", "json")
    assert code == 1 and "the file is empty: no records" in json.loads(out)["findings"][0]["message"]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_folder_or_a_missing_file_is_a_usage_error_with_its_reason(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "out.jsonl").mkdir()
    for name, reason in (("out.jsonl", "a folder, not a feed file"), ("gone.jsonl", "file not found")):
        code, out = _validate(tmp_path, name, "--market", "en-US", "--format", fmt)
        assert code == 2
        if fmt == "json":
            report = json.loads(out)
            assert report["exit_code"] == 2 and reason in report["error"]["message"]
            assert report["findings"] == [] and report["files"] == []


def test_json_output_on_other_usage_errors(feeds: dict[str, bytes], tmp_path: Path) -> None:
    (tmp_path / "f.tsv").write_bytes(feeds["tsv"])  # names no market (a JSONL record names its own)
    (tmp_path / "f.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    for args, reason in ((("f.tsv",), "--market is required"), (("f.xlsx", "--market", "en-US"), "cannot tell the kind")):
        code, out = _validate(tmp_path, *args, "--format", "json")
        assert code == 2 and reason in json.loads(out)["error"]["message"]


def test_a_feed_of_another_channel_fails(feeds: dict[str, bytes], tmp_path: Path) -> None:
    """A Google TSV saved as .jsonl, a JSONL feed saved as .tsv or .xml: errors, not PASSED."""
    for name, data in (("x.jsonl", feeds["tsv"]), ("x.tsv", feeds["jsonl"]), ("x.xml", feeds["jsonl"])):
        (tmp_path / name).write_bytes(data)
        code, out = _validate(tmp_path, name, "--market", "en-US", "--format", "json")
        assert code == 1 and json.loads(out)["summary"]["errors"] >= 1, name


def test_a_50_mb_cell_is_read_and_judged(feeds: dict[str, bytes], tmp_path: Path) -> None:
    line = json.loads(_lines(feeds["jsonl"])[0])
    line["values"]["description"] = "A" * (50 * 1024 * 1024)  # a translated field: every check runs on it
    (tmp_path / "big.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    code, out = _validate(tmp_path, "big.jsonl", "--market", "en-US", "--format", "json")
    report = json.loads(out)
    assert code == 1 and "length-limit" in {f["code"] for f in report["findings"]}
