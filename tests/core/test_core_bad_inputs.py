"""Bad input: every message names the file, the line or field, and what to do. Asserted exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from localize.api import build_config, run
from localize.config import load_config
from localize.errors import ConfigError, ExitCode, InputError
from localize.stages import RunOptions

BAD = Path(__file__).parent / "bad"


def quick(tmp_path: Path, name: str, **kw: object) -> object:
    src = tmp_path / name
    shutil.copy(BAD / name, src)
    cfg = build_config(sources=[src], source_locale="de_DE", markets=["en-US"], out=tmp_path / "out", **kw)  # type: ignore[arg-type]
    return run(cfg, RunOptions(engine="pseudo")), src  # pseudo: good rows are published, not held for translation


def test_bad_rows_are_set_aside_with_their_reasons_and_the_run_goes_on(tmp_path: Path) -> None:
    report, src = quick(tmp_path, "rows.csv")
    counts = report.markets["en-US"]  # type: ignore[attr-defined]
    assert (counts.read, counts.written, counts.rejected) == (9, 2, 7)
    assert report.exit_code == ExitCode.FINDINGS  # type: ignore[attr-defined]
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["identifier"], r["column"], r["reason"]) for r in rejects] == [
        (3, "COLS", None, "7 fields, the header has 6; check quoting and delimiters"),
        (4, "NUM", "weight", "column weight: 'abc' is not a number; use a dot as decimal separator, e.g. 2.5"),
        (5, "UNIT", "weight", "column weight: unknown unit code 'KILOGRAMS'; did you mean KILOGRAM?"),
        (6, None, "sku", "missing identifier (column sku)"),
        (7, "OK-1", None, f"duplicate identifier 'OK-1' (first at {src}:2); the first occurrence is kept"),
        (8, "PRICE", "price-EUR", "column price-EUR: 'zwölf' is not a price amount; write it like 12.50"),
        (9, "NOUNIT", "weight", "column weight: amount 5 has no unit; fill weight-unit with an Akeneo unit code"),
    ]
    assert all(r["file"] == str(src) for r in rejects)
    written = [json.loads(line)["identifier"] for line in (tmp_path / "out" / "en-US.jsonl").read_text().splitlines()]
    assert written == ["OK-1", "OK-2"]


def test_rejects_need_not_fail_the_run_when_configured(tmp_path: Path) -> None:
    shutil.copy(BAD / "rows.csv", tmp_path / "rows.csv")
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: rows.csv, locale: de_DE}\n"
        "markets: [{locale: en-US}]\nrejects: {fail_run: false}\ntranslation: {engine: pseudo}\n", encoding="utf-8")
    report = run(load_config(tmp_path / "localize.yaml"))
    assert report.exit_code == ExitCode.OK and report.rejects == 7
    assert report.markets["en-US"].written == 2  # the good rows are published


def test_a_market_that_publishes_nothing_exits_1_and_says_why(tmp_path: Path) -> None:
    shutil.copy(BAD / "rows.csv", tmp_path / "rows.csv")
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: rows.csv, locale: de_DE}\n"
        "markets: [{locale: en-US}]\nrejects: {fail_run: false}\ntranslation: {engine: memory}\n", encoding="utf-8")
    report = run(load_config(tmp_path / "localize.yaml"))
    assert report.exit_code == ExitCode.FINDINGS
    sentence = report.markets["en-US"].to_dict()["unpublished"]
    assert sentence.startswith("market en-US: read 9 record(s) and published none: 2 withheld for review (findings: untranslated 2)")
    assert "7 rejected" in sentence


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("latin1.csv", "{src}:2: cannot decode the file as utf-8 (bytes b'A;Gr\\xfc\\xdfe\\n')\n"
                       "  hint: set source.encoding in localize.yaml to the file's encoding, e.g. encoding: cp1252 (or latin-1)"),
        ("empty.csv", "{src}: the file is empty\n  hint: export the products with a header row"),
        ("duplicate-column.csv", "{src}:1: column name-de_DE appears more than once in the header\n"
                                 "  hint: remove the duplicate column; each attribute/locale/channel must appear once"),
        ("no-identifier.csv", "{src}:1: no identifier column 'sku' in the header\n"
                              "  hint: set source.identifier to the column holding the product identifier (e.g. sku)"),
    ],
)
def test_unreadable_inputs_stop_with_exit_3_and_one_message(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        quick(tmp_path, name)
    assert info.value.exit_code == ExitCode.INPUT
    assert str(info.value) == message.format(src=tmp_path / name)


def test_a_latin1_file_reads_with_the_encoding_the_message_suggests(tmp_path: Path) -> None:
    shutil.copy(BAD / "latin1.csv", tmp_path / "latin1.csv")
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: latin1.csv, locale: de_DE, encoding: cp1252}\n"
        "markets: [{locale: de-DE}]\n", encoding="utf-8")
    report = run(load_config(tmp_path / "localize.yaml"))
    assert report.exit_code == ExitCode.OK
    line = json.loads((tmp_path / "out" / "de-DE.jsonl").read_text(encoding="utf-8"))
    assert line["values"]["name"] == "Grüße"


def test_missing_file_is_exit_3(tmp_path: Path) -> None:
    cfg = build_config(sources=[tmp_path / "nope.csv"], source_locale="de_DE", markets=["en-US"], out=tmp_path / "out")
    with pytest.raises(InputError) as info:
        run(cfg)
    assert str(info.value) == (
        f"{tmp_path / 'nope.csv'}: file not found\n"
        "  hint: check source.path (relative paths start at the config's folder)"
    )


def test_every_config_problem_is_reported_at_once_with_path_line_and_fix() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(BAD / "bad-config.yaml")
    assert info.value.exit_code == ExitCode.USAGE
    where = BAD / "bad-config.yaml"
    from localize.channels import WRITERS
    from localize.readers import FORMATS

    def one_of(names: object) -> str:  # the registries list the formats (shops add theirs)
        return ", ".join(f'"{n}"' for n in names)  # type: ignore[attr-defined]

    assert str(info.value).splitlines() == [
        f"{where}: 5 problem(s) in the configuration",
        f'  - {where}:2: source.format: "akeneo-csvv" is not one of {one_of(FORMATS)}',
        f'  - {where}:8: markets[1].currency: "EURO" is not an ISO 4217 code; use a code such as EUR, USD, CHF, JPY',
        f"  - {where}:9: markets[2]: unknown key 'formalty' (did you mean 'formality'?); allowed keys: "
        "channel, copy_from, country, currency, formality, locale, name, pim_locale, prices, rules, shopify, translation, units, validate",
        f'  - {where}:10: markets[2].country: "XX" is not an ISO 3166 country code; use two capital letters such as DE, US, CH',
        f'  - {where}:13: outputs.formats[1]: "pdf" is not one of {one_of(WRITERS)}',
    ]


def test_broken_yaml_names_line_and_column() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(BAD / "broken-yaml.yaml")
    assert str(info.value) == (
        f"{BAD / 'broken-yaml.yaml'}:4:10: not valid YAML: mapping values are not allowed here\n"
        "  hint: check indentation and quoting"
    )


def test_bad_json_lines_are_rejected_and_the_rest_is_read(tmp_path: Path) -> None:
    report, src = quick(tmp_path, "products.jsonl", source_format="akeneo-json")
    assert report.markets["en-US"].written == 1  # type: ignore[attr-defined]
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["identifier"], r["column"], r["reason"]) for r in rejects] == [
        (2, None, None, "not valid JSON at column 29: Expecting value"),
        (3, "C", "weight", "values.weight: unknown unit code 'KILOGRAMS'; did you mean KILOGRAM?"),
        (4, None, "identifier", "missing identifier ('identifier')"),
    ]


def test_a_broken_json_array_stops_with_exit_3(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        quick(tmp_path, "broken-array.json", source_format="akeneo-json")
    assert str(info.value).startswith(f"{tmp_path / 'broken-array.json'}:3: not valid JSON: ")
    assert str(info.value).endswith("hint: fix the JSON; a broken array cannot be read past this point")


def test_a_file_that_is_not_a_workbook_stops_with_exit_3(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        quick(tmp_path, "fake.xlsx", source_format="akeneo-xlsx")
    assert str(info.value).startswith(f"{tmp_path / 'fake.xlsx'}: not a readable XLSX workbook (")
    assert info.value.exit_code == ExitCode.INPUT
