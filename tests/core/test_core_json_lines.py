"""U+2028 and U+2029 in every JSON localize writes are escapes, and every reader reads them back (h19).

PIM copy pasted from Word or a PDF holds LINE SEPARATOR / PARAGRAPH SEPARATOR. JSON may carry them
raw (orjson and `json.dumps(ensure_ascii=False)` do), but they end a line for JavaScript before ES2019,
for `str.splitlines()` and for many line readers: before, a JSONL feed line holding one was read as
two broken lines by such a consumer. Now feeds, the review queue, rejects, the manifest, validate's
JSON/SARIF and JSON logs write `\\u2028`, and the text read back is the text written."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from localize.api import run
from localize.cli import app
from localize.config import load_config
from localize.jsonlines import json_text, line_safe, line_safe_bytes
from localize.qa.sources import load_source_texts
from localize.serialize import dumps_bytes

LS, PS = "\u2028", "\u2029"
PRODUCTS = f"""\
sku;family;categories;name-de_DE;description-de_DE
P-1;shoes;shoes;Stiefel{LS}Leder;Gut.{PS}Sehr gut.
P-2;shoes;shoes;Sandale{LS};Jetzt in Größe {{size}}{LS}erhältlich
P-1;shoes;shoes;Doppelt{LS};x
"""
CONFIG = """\
version: 1
source: {format: akeneo-csv, path: products.csv, locale: de_DE}
markets: [{locale: de-DE}]
outputs: {dir: out, formats: [jsonl, csv]}
translation: {engine: pseudo}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jsonlines")
    (root / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (root / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    run(load_config(root / "localize.yaml"))
    return root


def _read_lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    """As a line reader does: `str.splitlines()` (which splits at U+2028 too)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_json_file_of_a_run_is_read_line_by_line_and_round_trips(project: Path) -> None:
    out = project / "out"
    written = sorted(p.name for p in out.iterdir() if p.suffix in (".jsonl", ".json"))
    assert {"de-DE.jsonl", "review-queue.jsonl", "rejects.jsonl", "manifest.json"} <= set(written)
    for name in written:
        raw = (out / name).read_bytes()
        assert LS.encode() not in raw and PS.encode() not in raw, name
    feed = {r["identifier"]: r for r in _read_lines(out / "de-DE.jsonl")}
    assert feed["P-1"]["values"]["name"] == f"Stiefel{LS}Leder"  # the same text, read back
    assert feed["P-1"]["values"]["description"] == f"Gut.{PS}Sehr gut."
    queue = {r["identifier"]: r for r in _read_lines(out / "review-queue.jsonl")}
    assert queue["P-2"]["values"]["description"] == f"Jetzt in Größe {{size}}{LS}erhältlich"
    assert [r["identifier"] for r in _read_lines(out / "rejects.jsonl")] == ["P-1"]
    json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # our own reader of a feed as `validate --source` reads the text written
    assert load_source_texts(out / "de-DE.jsonl", None)["P-1"]["name"] == f"Stiefel{LS}Leder"


def test_validate_json_and_sarif_escape_them(project: Path, tmp_path: Path) -> None:
    feed = tmp_path / "de-DE.jsonl"
    line = {"identifier": f"X{LS}1", "values": {"description": f"Größe {{size}}{LS}jetzt"}}  # findings name the record
    feed.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    for fmt in ("json", "sarif"):
        result = CliRunner().invoke(app, ["validate", str(feed), "--market", "de-DE", "--format", fmt])
        assert result.exit_code == 1, result.output
        assert LS not in result.stdout and PS not in result.stdout
        assert f"X{LS}1" in json.dumps(json.loads(result.stdout), ensure_ascii=False)  # one document, read back


def test_json_log_lines_escape_them(caplog: pytest.LogCaptureFixture) -> None:
    from localize.log import _JsonFormatter

    record = logging.LogRecord("localize", logging.WARNING, __file__, 1, f"value 'a{LS}b'", None, None)
    text = _JsonFormatter().format(record)
    assert LS not in text and len(text.splitlines()) == 1 and json.loads(text)["message"] == f"value 'a{LS}b'"


@pytest.mark.parametrize("text", ["plain", f"a{LS}b", f"{PS}", f"x{LS}{PS}y", "’ € “ ” … — unchanged"])
def test_line_safe_is_the_same_json(text: str) -> None:
    data = {"v": text, "list": [text]}
    for dumped in (json_text(data), dumps_bytes(data).decode(), line_safe_bytes(json.dumps(data, ensure_ascii=False).encode()).decode()):
        assert LS not in dumped and PS not in dumped
        assert json.loads(dumped) == data
    assert line_safe(json.dumps(text, ensure_ascii=False)) == json.dumps(text, ensure_ascii=False).replace(
        LS, "\\u2028").replace(PS, "\\u2029")
