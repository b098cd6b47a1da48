"""Line breaks an exporter wrote as escapes (`\\n`) are read as line breaks, for every reader; a
backslash that is content is left as written, and what is ambiguous is said, not guessed.

icecat's demo export holds a literal backslash-n in 1,280 cells (264 of the 377 en-US descriptions
a print run publishes); main published them as written, with no warning and no finding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.attributes import AttributeCatalog
from localize.config import config_from_dict
from localize.model import Origin, Product, Value
from localize.readers.escapes import EscapeReading, read_escapes

# --- the rule ------------------------------------------------------------------------------------

# Copy as a person writes it: words, punctuation, real line breaks and tabs, never a backslash.
_COPY = st.text(alphabet=st.sampled_from(list("abcXYZ éü.,;:-•()<>/&0123\n\t ")), max_size=80)


def _exporter(text: str, crlf: bool) -> str:
    """What an exporter that escapes line breaks writes."""
    return text.replace("\t", "\\t").replace("\n", "\\r\\n" if crlf else "\\n")


@settings(max_examples=400, deadline=None)
@given(_COPY, st.booleans())
def test_an_exporters_escaped_line_breaks_read_back_as_the_text_it_escaped(text: str, crlf: bool) -> None:
    assume(not re.search(r"(?<!\w)[A-Za-z]:[\n\t][a-z]", text))  # `X:\nnew` is read as a drive path (below)
    written = _exporter(text, crlf)
    read, verdict, _ = read_escapes(written)
    assert read == text
    assert verdict == ("decoded" if written != text else None)


_CONTENT = st.sampled_from([
    "C:\\new folder", "D:\\temp\\notes.txt", "\\\\server\\nas", "a \\\\n b", 'printf("total\\n");',
    "A4 \\ 23 ppm \\ ", "regex \\d+\\n", "line one\nline two\\n",
])


@settings(max_examples=300, deadline=None)
@given(_COPY.filter(lambda t: "\n" not in t and "\t" not in t), _CONTENT, _COPY.filter(lambda t: "\n" not in t))
def test_text_whose_backslashes_are_content_is_returned_byte_exact(before: str, content: str, after: str) -> None:
    text = before + " " + content + " " + after.replace("\t", " ")  # the content as its own word
    read, verdict, reason = read_escapes(text)
    assert read == text
    assert verdict in ("ambiguous", None)
    if verdict == "ambiguous":
        assert reason


@pytest.mark.parametrize(("text", "expected"), [
    ("on 12 Watt RMS\\n- Platzsparender Subwoofer", "on 12 Watt RMS\n- Platzsparender Subwoofer"),
    ("<b>Title</b>\\nA smart scanner\\n\\n- fast", "<b>Title</b>\nA smart scanner\n\n- fast"),
    ("scans from\\nimperfect originals", "scans from\nimperfect originals"),  # lowercase after: still a break
    ("Speakers:\\n  2 x 5 W", "Speakers:\n  2 x 5 W"),  # a word with a colon is no drive
    ("Option A:\\nThe fast one", "Option A:\nThe fast one"),  # a capital after the break: a heading
    ("Size\\tM\\r\\nColour\\tred", "Size\tM\nColour\tred"),
])
def test_icecat_shapes_are_read(text: str, expected: str) -> None:
    assert read_escapes(text)[:2] == (expected, "decoded")


@pytest.mark.parametrize(("text", "why"), [
    ("Install into C:\\new", "Windows path"),
    ("Plan B:\\nnew features", "Windows path"),  # one letter, a colon, a lowercase word: not guessed
    ("C:\\Users\\me\\nothing", "other backslashes"),
    ("write \\\\n for a line break", "other backslashes"),
    ('echo "done\\n"', "quote mark"),
    ("first\nsecond\\nthird", "real line breaks"),
])
def test_ambiguous_text_is_left_and_says_why(text: str, why: str) -> None:
    read, verdict, reason = read_escapes(text)
    assert (read, verdict) == (text, "ambiguous") and why in reason


def test_only_text_attributes_are_read() -> None:
    """Option codes and identifiers are codes: a backslash there is never an exporter's line break."""
    from localize.attributes import AttributeInfo
    catalog = AttributeCatalog({"sku": AttributeInfo("sku", "identifier"), "color": AttributeInfo("color", "option"),
                                "description": AttributeInfo("description", "text", localizable=True)})
    product = Product("P1", Origin("f.csv", 2))
    for code in ("sku", "color", "description"):
        product.add(code, Value(None, None, "a\\nb"))
    reading = EscapeReading(catalog)
    reading.apply(product)
    assert [product.values[c][0].data for c in ("sku", "color", "description")] == ["a\\nb", "a\\nb", "a\nb"]
    assert list(reading.decoded) == ["description"] and reading.decoded["description"].values == 1


def test_the_warning_counts_what_the_run_publishes() -> None:
    """A value of a locale or channel no market reads is read too, but counted apart (closing-1431 item 8):
    here the run reads en_US, de_CH and the sibling de_DE (de-CH copies it), in channel `ecommerce`."""
    from localize.attributes import AttributeInfo
    from localize.config import build_market
    from localize.sibling_copy import locales_read
    catalog = AttributeCatalog({"description": AttributeInfo("description", "text", localizable=True)})
    markets = [build_market({"locale": "en-US"}, "ecommerce"), build_market({"locale": "de-CH"}, "ecommerce")]
    reading = EscapeReading(catalog, locales_read("en_US", markets), frozenset({"ecommerce"}))
    scopes = [("en_US", "ecommerce"), ("de_DE", "ecommerce"), ("de_CH", None), (None, None),  # read
              ("fr_FR", "ecommerce"), ("en_US", "print"), ("ja_JP", None)]  # no market reads them
    for i, (locale, channel) in enumerate(scopes):
        product = Product(f"P{i}", Origin("f.csv", i + 2))
        product.add("description", Value(locale, channel, "a\\nb"))
        reading.apply(product)
        assert product.values["description"][0].data == "a\nb"  # every value is read alike
    tally = reading.decoded["description"]
    assert (tally.values, tally.elsewhere, tally.example) == (4, 3, "P0")
    assert reading.messages()[0].startswith("'description': 4 value(s) wrote line breaks")
    assert reading.messages()[0].endswith("(3 more in locales or channels this run does not publish, not counted)")
    # `copy_from: translate`: de-CH reads no de_DE copy
    markets[1] = build_market({"locale": "de-CH", "copy_from": "translate"}, "ecommerce")
    assert not locales_read("en_US", markets)("de_DE") and locales_read("en_US", markets)("de_CH")
    # only what no market reads: no warning
    quiet = EscapeReading(catalog, locales_read("en_US", markets), frozenset({"ecommerce"}))
    product = Product("P9", Origin("f.csv", 2))
    product.add("description", Value("fr_FR", None, "a\\nb"))
    quiet.apply(product)
    assert quiet.messages() == [] and quiet.decoded["description"].elsewhere == 1


# --- a run, through each kind of reader ------------------------------------------------------------

def _run(tmp_path: Path, source: dict[str, object]) -> tuple[object, list[dict[str, object]], Path]:
    out = tmp_path / "out"
    config = {"source": source, "markets": [{"locale": "en-US"}], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(out), "formats": ["jsonl", "csv"]}, "state": str(tmp_path / "state")}
    report = run(config_from_dict(config))
    records = [json.loads(line) for line in (out / "en-US.jsonl").read_text(encoding="utf-8").splitlines()]
    return report, records, out


def _akeneo_csv(tmp_path: Path, descriptions: list[str]) -> dict[str, object]:
    src = tmp_path / "products.csv"
    rows = "".join(f'P{i};chairs;Chair {i};"{d}"\n' for i, d in enumerate(descriptions, 1))
    src.write_text("sku;family;name-en_US;description-en_US\n" + rows, encoding="utf-8")
    return {"format": "akeneo-csv", "path": str(src), "locale": "en_US"}


def test_a_run_publishes_real_line_breaks_and_says_how_many_it_read(tmp_path: Path) -> None:
    report, records, out = _run(tmp_path, _akeneo_csv(tmp_path, [
        "Fast kettle.\\n- 1.5 l\\n- 2200 W", "Quiet.\\r\\nSteel body", "Plain copy",
    ]))
    by_id = {r["identifier"]: r["values"] for r in records}
    assert by_id["P1"]["description"] == "Fast kettle.\n- 1.5 l\n- 2200 W"
    assert by_id["P2"]["description"] == "Quiet.\nSteel body"
    assert by_id["P3"]["description"] == "Plain copy"
    said = [w for w in report.warnings if w.startswith("'description'")]  # type: ignore[attr-defined]
    assert len(said) == 1, report.warnings  # type: ignore[attr-defined]
    assert "2 value(s) wrote line breaks as escapes" in said[0] and "e.g. 'P1'" in said[0]
    assert "Fast kettle.\\n- 1.5 l" in said[0]  # the example as written
    assert "\\n" not in (out / "en-US.csv").read_text(encoding="utf-8-sig")


def test_a_path_is_published_as_written_with_a_warning_and_a_finding(tmp_path: Path) -> None:
    report, records, out = _run(tmp_path, _akeneo_csv(tmp_path, ["Saves to C:\\new\\nby default"]))
    assert records[0]["values"]["description"] == "Saves to C:\\new\\nby default"
    said = [w for w in report.warnings if w.startswith("'description'")]  # type: ignore[attr-defined]
    assert len(said) == 1 and "published as written" in said[0] and "Windows path" in said[0], said
    findings = [f for f in records[0]["findings"] if f["code"] == "escaped-line-break"]
    assert len(findings) == 1 and findings[0]["field"] == "description", records[0]["findings"]
    assert "Windows path" in findings[0]["message"]


def test_every_reader_reads_them_jsonl_and_xlsx(tmp_path: Path) -> None:
    src = tmp_path / "products.jsonl"
    src.write_text(json.dumps({"id": "J1", "title": "Lamp", "body": "Bright.\\nWarm light"}) + "\n", encoding="utf-8")
    _, records, _ = _run(tmp_path, {"format": "jsonl", "path": str(src), "locale": "en_US",
                                    "columns": {"identifier": "id", "values": {"name": "title", "description": "body"}}})
    assert records[0]["values"]["description"] == "Bright.\nWarm light"

    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["sku", "family", "name-en_US", "description-en_US"])
    sheet.append(["X1", "lamps", "Lamp", "Bright.\\nWarm light"])
    xlsx = tmp_path / "x" / "products.xlsx"
    xlsx.parent.mkdir()
    book.save(xlsx)
    _, records, _ = _run(tmp_path / "x", {"format": "akeneo-csv", "path": str(xlsx), "locale": "en_US"})
    assert records[0]["values"]["description"] == "Bright.\nWarm light"


def test_real_icecat_print_descriptions_reach_the_feed_as_paragraphs(tmp_path: Path) -> None:
    folder = Path(__file__).resolve().parents[3] / "shared" / "data" / "akeneo" / "icecat_demo_dev_2017"
    if not (folder / "products.csv").is_file():
        pytest.skip("../shared is absent")
    report, records, _ = _run(tmp_path, {
        "format": "akeneo-csv", "path": str(folder / "products.csv"), "locale": "en_US", "channel": "print",
        "attributes": str(folder / "attributes.csv")})
    descriptions = [r["values"]["description"] for r in records if isinstance(r["values"].get("description"), str)]
    assert len(descriptions) > 300
    assert not [d for d in descriptions if "\\n" in d]  # main: 264 of them
    assert sum("\n" in d for d in descriptions) >= 250
    said = [w for w in report.warnings if w.startswith("'description'") and "escapes" in w]  # type: ignore[attr-defined]
    # the run (en_US, channel print, market en-US) reads 696 of them; the export's de_DE and fr_FR print
    # descriptions (305 + 278) reach no output of this run: said apart, not counted (main said 1,279)
    assert len(said) == 1 and "696 value(s)" in said[0], report.warnings  # type: ignore[attr-defined]
    assert said[0].endswith("(583 more in locales or channels this run does not publish, not counted)")


def test_stored_records_read_under_other_reading_rules_are_redone(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A nightly state made before this reading published `\\n` as written for unchanged rows: the
    reading rules are part of each market's fingerprint, so those rows are redone once, not reused."""
    from localize.pipeline import incremental

    source = _akeneo_csv(tmp_path, ["Fast kettle.\\n- 1.5 l", "Plain copy"])
    _run(tmp_path, source)
    report, _, _ = _run(tmp_path, source)
    assert report.sections["incremental"]["reused"] == 2  # type: ignore[attr-defined]
    monkeypatch.setattr(incremental, "READING_VERSION", "escapes-0")  # the state's rules were others
    report, _, _ = _run(tmp_path, source)
    assert report.sections["incremental"] == {"reused": 0, "redone": 2, "full": False}  # type: ignore[attr-defined]


def test_a_translation_that_joins_the_lines_gets_a_finding(tmp_path: Path) -> None:
    """The run's line breaks now reach the engine as text (no longer protected escapes); an engine that
    joins them (DeepL reads HTML with split_sentences=nonewlines) is said on the record."""
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" datatype="plaintext" '
        'segtype="block" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Fast kettle.\n- 1.5 l</seg></tuv>'
        '<tuv xml:lang="de-DE"><seg>Schneller Wasserkocher. - 1,5 l</seg></tuv></tu>'
        '<tu><tuv xml:lang="en-US"><seg>Kettle</seg></tuv><tuv xml:lang="de-DE"><seg>Wasserkocher</seg></tuv></tu>'
        "</body></tmx>\n", encoding="utf-8")
    src = tmp_path / "products.csv"
    src.write_text('sku;family;name-en_US;description-en_US\nK1;kettles;Kettle;"Fast kettle.\\n- 1.5 l"\n',
                   encoding="utf-8")
    out = tmp_path / "out"
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "en_US"},
              "markets": [{"locale": "de-DE"}], "translation": {"memory_files": [str(tmx)]},
              "outputs": {"dir": str(out), "formats": ["jsonl"]}, "state": str(tmp_path / "state")}
    run(config_from_dict(config))
    records = [json.loads(line) for line in (out / "de-DE.jsonl").read_text(encoding="utf-8").splitlines()]
    queued = (out / "review-queue.jsonl").read_text(encoding="utf-8")
    findings = [f for r in records for f in r["findings"]] + [
        f for line in queued.splitlines() for f in json.loads(line).get("findings", [])]
    lost = [f for f in findings if f["code"] == "line-breaks-lost"]
    assert len(lost) == 1 and lost[0]["field"] == "description", findings
