"""Fuzzing the readers, the config loader and the XML readers (issue 17).

Hypothesis generates hostile variations of real-shaped inputs (structure-aware: a valid
export with cells, numbers, nesting and bytes replaced), derandomized so CI sees the same
examples every run. For every example the only acceptable outcomes are data (products and
rejects) or one of our `LocalizeError`s; anything else is a traceback a user would see.
Memory is measured per example with tracemalloc against a cap; time is bounded by the
number and size of examples (no timing assertion).
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hostile_helpers import SHEET_HEAD, inline, read_all, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.config import load_config
from localize.errors import LocalizeError
from localize.model import Product, Reject

pytestmark = pytest.mark.fuzz

EXAMPLES = 150
MEMORY_CAP = 64 * 1024 * 1024  # bytes allocated at peak by one example: inputs are < 100 KB
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

NUMBERS = st.one_of(
    st.sampled_from(["1e-999999999", "1e999999999", "1e309", "-0", "NaN", "inf", "1_000", "0x10", "١٢", "1e400",
                     "9" * 300 + ".99", "", " ", "12,50", "+.5", "5.", "1e-7", "0E+99999"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.text(alphabet="0123456789.eE+-", max_size=40),
)
CELLS = st.one_of(NUMBERS, st.text(max_size=60), st.sampled_from(["\x00", "\ufeff", "\r", '"', ";", "\n", "=1+1",
                                                                    "500 GRAM", "10.00 EUR, 12 USD", "KILOGRAM"]))
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), NUMBERS, st.text(max_size=20))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                  st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=20)


@contextmanager
def bounded_memory() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
        assert peak < MEMORY_CAP, f"one example allocated {peak} bytes at peak"
    finally:
        tracemalloc.stop()


def outcome(call: Callable[[], list[Product | Reject]]) -> list[Product | Reject] | LocalizeError:
    """The reader's items, or our error; any other exception fails the test with its traceback."""
    with bounded_memory():
        try:
            items = call()
        except LocalizeError as exc:
            assert str(exc)  # a message a person can read
            return exc
    for item in items:
        assert isinstance(item, Product | Reject)
        if isinstance(item, Reject):
            assert item.reason and item.origin.file
    return items


def _fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(header=st.lists(st.sampled_from(["sku", "name-de_DE", "price-EUR", "weight", "weight-unit", "price", "enabled",
                                        "categories", "family", "", "sku"]), min_size=1, max_size=7),
       rows=st.lists(st.lists(CELLS, max_size=8), max_size=6),
       delimiter=st.sampled_from([";", ",", "\t"]), noise=st.binary(max_size=20))
def test_fuzz_akeneo_csv(tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]],
                         delimiter: str, noise: bytes) -> None:
    path = _fresh(tmp_path_factory) / "p.csv"
    text = "\n".join(delimiter.join(r) for r in [header, *rows]) + "\n"
    path.write_bytes(text.encode("utf-8", "surrogatepass") + noise)
    outcome(lambda: read_all(path, "akeneo-csv", delimiter=delimiter))


@FUZZ
@given(objects=st.lists(st.fixed_dictionaries(
    {"identifier": st.one_of(st.text(max_size=10), JSON_VALUES)},
    optional={"values": st.one_of(JSON_VALUES, st.dictionaries(
        st.sampled_from(["price", "weight", "name", "n"]),
        st.lists(st.fixed_dictionaries({"locale": st.one_of(st.none(), st.text(max_size=5), JSON_VALUES),
                                        "scope": st.none(),
                                        "data": st.one_of(JSON_VALUES, st.lists(st.fixed_dictionaries(
                                            {"amount": JSON_SCALARS, "currency": st.sampled_from(["EUR", "", "X"])})),
                                            st.fixed_dictionaries({"amount": JSON_SCALARS, "unit": st.sampled_from(["GRAM", "", "furlong"])}))}),
                 max_size=3), max_size=3)),
              "categories": JSON_VALUES, "family": JSON_VALUES, "parent": JSON_VALUES, "enabled": JSON_VALUES,
              "associations": JSON_VALUES}), max_size=5),
    layout=st.sampled_from(["jsonl", "array", "page"]), depth=st.sampled_from([0, 0, 0, 70, 3000]),
    cut=st.integers(min_value=0, max_value=400))
def test_fuzz_akeneo_json(tmp_path_factory: pytest.TempPathFactory, objects: list[dict[str, object]], layout: str,
                          depth: int, cut: int) -> None:
    path = _fresh(tmp_path_factory) / "p.json"
    lines = [json.dumps(o) for o in objects]
    if depth:
        lines.append('{"identifier": "D", "values": {"x": ' + "[" * depth + "]" * depth + "}}")
    if layout == "jsonl":
        text = "\n".join(lines)
    elif layout == "array":
        text = "[" + ",\n".join(lines) + "]"
    else:
        text = '{"_embedded": {"items": [' + ",".join(lines) + "]}}"
    if cut and cut < len(text):
        text = text[:-cut]  # a truncated file
    path.write_text(text, encoding="utf-8")
    outcome(lambda: read_all(path, "akeneo-json"))


GENERIC_COLUMNS = {"identifier": "id", "family": "fam", "categories": {"column": "cats", "separator": "|"},
                   "values": {"name": "title", "price": {"column": "price", "type": "price", "currency": "EUR"},
                              "weight": {"column": "grams", "type": "metric", "unit": "GRAM"},
                              "on": {"column": "on", "type": "bool"}, "tags": {"column": "tags", "type": "options"}}}


@FUZZ
@given(rows=st.lists(st.fixed_dictionaries({k: st.one_of(CELLS, JSON_VALUES) for k in
                                            ("id", "fam", "cats", "title", "price", "grams", "on", "tags")}), max_size=5),
       as_csv=st.booleans(), drop=st.sampled_from([None, "id", "price"]))
def test_fuzz_generic_csv_and_jsonl(tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, object]],
                                    as_csv: bool, drop: str | None) -> None:
    folder = _fresh(tmp_path_factory)
    if as_csv:
        import csv

        path = folder / "p.csv"
        names = [c for c in ("id", "fam", "cats", "title", "price", "grams", "on", "tags") if c != drop]
        with path.open("w", encoding="utf-8", newline="", errors="surrogatepass") as fh:
            writer = csv.writer(fh)
            writer.writerow(names)
            for row in rows:
                writer.writerow([json.dumps(row[n]) if isinstance(row[n], dict | list) else row[n] for n in names])
        outcome(lambda: read_all(path, "csv", columns=GENERIC_COLUMNS))
    else:
        path = folder / "p.jsonl"
        path.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != drop}) for r in rows), encoding="utf-8")
        outcome(lambda: read_all(path, "jsonl", columns=GENERIC_COLUMNS))


@FUZZ
@given(cells=st.lists(st.lists(st.one_of(CELLS.map(lambda t: "".join(ch for ch in t if ch >= " " or ch in "\t\n")),
                                         st.just("x" * 3000)), max_size=5), max_size=5),
       dimension=st.sampled_from(["", '<dimension ref="A1:XFD1048576"/>', '<dimension ref="A1"/>', '<dimension ref="ZZ"/>']),
       far=st.booleans(), cut=st.integers(min_value=0, max_value=300), broken_zip=st.booleans())
def test_fuzz_akeneo_xlsx(tmp_path_factory: pytest.TempPathFactory, cells: list[list[str]], dimension: str, far: bool,
                          cut: int, broken_zip: bool) -> None:
    from xml.sax.saxutils import escape

    path = _fresh(tmp_path_factory) / "p.xlsx"
    rows = ['<row r="1">' + inline("A1", "sku") + inline("B1", "name-de_DE") + inline("C1", "weight") + "</row>"]
    for r, row in enumerate(cells, start=2):
        refs = [f"{'ABCDE'[i]}{r}" for i in range(len(row))]
        rows.append(f'<row r="{r}">' + "".join(inline(ref, escape(v)) for ref, v in zip(refs, row, strict=True)) + "</row>")
    if far:
        rows.append('<row r="1048576">' + inline("XFD1048576", "far") + "</row>")
    xml = SHEET_HEAD + dimension + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>"
    if cut and cut < len(xml):
        xml = xml[:-cut]
    write_xlsx(path, xml)
    if broken_zip:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
    outcome(lambda: read_all(path, "akeneo-xlsx"))


CONFIG_PIECES = st.sampled_from([
    "source: {format: akeneo-csv, path: p.csv, locale: de_DE}\n", "markets: [{locale: de-DE}]\n",
    "markets: [{locale: en-us}]\n", "markets: *m\n", "x: &m [{locale: fr-FR}]\n", "a: &a [1,2,3]\nb: [*a,*a,*a]\n",
    "source: {format: nope}\n", "outputs: {dir: out, formats: [xlsx]}\n", "translation: {deadline: -1}\n",
    "source:\n  limits: {max_columns: 0}\n", "markets: [{locale: xx-YY}]\n", "&r [*r]\n", "{\n", "- a\n- b\n",
    "key: \"unterminated\n", "\t- tab\n", "markets: [{locale: de-DE, currency: EURO}]\n", "!!python/object:os.system {}\n",
    "markets: " + "[" * 200 + "]" * 200 + "\n", "source: {format: akeneo-csv, path: p.csv, locale: de_DE}\n",
])


@FUZZ
@given(pieces=st.lists(CONFIG_PIECES, min_size=1, max_size=6), noise=st.text(max_size=30))
def test_fuzz_config_loader(tmp_path_factory: pytest.TempPathFactory, pieces: list[str], noise: str) -> None:
    folder = _fresh(tmp_path_factory)
    (folder / "p.csv").write_text("sku;name-de_DE\nA;x\n", encoding="utf-8")
    path = folder / "localize.yaml"
    path.write_text("".join(pieces) + noise, encoding="utf-8", errors="surrogatepass")
    with bounded_memory():
        try:
            load_config(path)
        except LocalizeError as exc:
            assert len(str(exc)) < 5000  # an error never prints an expanded value


XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_PIECES = st.sampled_from([
    '<unit id="u1"><segment state="final"><source>a</source><target>b</target></segment></unit>',
    '<unit id="u2"><notes><note>n</note></notes><segment><target>x</target></segment></unit>',
    '<unit id="u3"><mda:metadata xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"><mda:metaGroup>'
    '<mda:meta type="keys">k1 k2</mda:meta><mda:meta type="target-hash">zz</mda:meta></mda:metaGroup></mda:metadata>'
    '<segment state="reviewed" subState="localize:reject"><target>t</target></segment></unit>',
    "<unit/>", "&amp;", "&undefined;", "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "\x00", "<unit id='" + "i" * 500 + "'/>",
    "<tu><tuv xml:lang='de-DE'><seg>Hallo <ph>&lt;b&gt;</ph></seg></tuv><tuv xml:lang='en'><seg>Hi</seg></tuv></tu>",
    "<tu srclang='*all*'><tuv><seg>x</seg></tuv></tu>", "<tu><prop type='x-localize-origin'>approved</prop></tu>",
])


@FUZZ
@given(pieces=st.lists(XML_PIECES, max_size=6), doctype=st.booleans(), cut=st.integers(min_value=0, max_value=50),
       kind=st.sampled_from(["xliff", "tmx"]))
def test_fuzz_xml_readers(tmp_path_factory: pytest.TempPathFactory, pieces: list[str], doctype: bool, cut: int,
                          kind: str) -> None:
    from localize.review.apply import read_rows
    from localize.review.queue import Queue
    from localize.translate.tmx import read_tmx

    folder = _fresh(tmp_path_factory)
    dtd = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' if doctype else ""
    if kind == "xliff":
        text = (f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="de-DE">'
                f'<file id="f">{"".join(pieces)}</file></xliff>')
        path = folder / "review.xlf"
    else:
        text = (f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<tmx version="1.4"><header srclang="de-DE"/><body>'
                f'{"".join(pieces)}</body></tmx>')
        path = folder / "memory.tmx"
    if cut:
        text = text[:-cut]
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with bounded_memory():
        try:
            if kind == "xliff":
                read_rows(path, Queue([], [], str(folder / "q.jsonl")))
            else:
                list(read_tmx(path))
        except LocalizeError as exc:
            assert str(exc)


def test_fuzz_harness_sees_a_traceback(tmp_path: Path) -> None:
    """The harness itself: an exception that is not ours fails `outcome` (so green means something)."""
    with pytest.raises(ZeroDivisionError):
        outcome(lambda: [1 / 0])  # type: ignore[list-item]
    assert isinstance(outcome(lambda: (_ for _ in ()).throw(LocalizeError("x"))), LocalizeError)  # type: ignore[arg-type]
