"""Hostile config, state and review files (issue 17): bounded, a clear error, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from localize.api import run
from localize.config import load_config
from localize.errors import ConfigError, ExitCode, InputError, LocalizeError
from localize.review.apply import DecisionFileError, apply_file
from localize.review.decisions import DecisionStore
from localize.review.queue import Queue
from localize.stages import RunOptions

BASE = "source: {format: akeneo-csv, path: p.csv, locale: de_DE}\n"


def project(tmp_path: Path, extra: str = "markets: [{locale: de-DE}]\n") -> Path:
    (tmp_path / "p.csv").write_text("sku;name-de_DE\nA;Hallo\n", encoding="utf-8")
    path = tmp_path / "localize.yaml"
    path.write_text(BASE + extra, encoding="utf-8")
    return path


def test_a_yaml_alias_bomb_is_refused_without_expanding_or_printing_it(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = project(tmp_path, "\n".join(lines) + "\nmarkets: *i\n")
    assert path.stat().st_size < 1000
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert info.value.exit_code == ExitCode.USAGE
    assert "expand to more than 100000 values" in text and "lol" not in text and len(text) < 500


def test_a_recursive_alias_is_a_config_error(tmp_path: Path) -> None:
    path = project(tmp_path, "markets: &m [{locale: de-DE}, *m]\n")
    with pytest.raises(ConfigError, match=r"localize.yaml:2: an alias refers to a value that contains it"):
        load_config(path)


def test_duplicate_yaml_keys_are_a_config_error_with_both_lines(tmp_path: Path) -> None:
    path = project(tmp_path, "markets: [{locale: de-DE}]\nmarkets: [{locale: fr-FR}]\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems == [f"{path}:3: key 'markets' appears twice in the same mapping (first at line 2); keep one"]


def test_a_yaml_merge_key_is_not_a_duplicate(tmp_path: Path) -> None:
    path = project(tmp_path, "base: &b {locale: de-DE}\nmarkets: [{<<: *b, name: shop}]\n".replace("base", "x-base"))
    with pytest.raises(ConfigError) as info:  # x-base is an unknown key, reported by the schema - not a duplicate
        load_config(path)
    assert "appears twice" not in str(info.value)


def test_yaml_nested_thousands_deep_is_a_config_error(tmp_path: Path) -> None:
    path = project(tmp_path, "markets: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError):
        load_config(path)


def test_locale_case_is_normalised_in_config_and_cli(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, "markets: [{locale: en-us}, {locale: zh-hant-tw}]\n"))
    assert [m.locale for m in config.markets] == ["en-US", "zh-Hant-TW"]
    assert [m.pim_locale for m in config.markets] == ["en_US", "zh_Hant_TW"]
    report = run(config, RunOptions(engine="pseudo", markets=("en-us",)))
    assert list(report.markets) == ["en-US"]


def test_a_state_file_with_the_wrong_schema_is_exit_3_naming_it(tmp_path: Path) -> None:
    path = project(tmp_path)
    (tmp_path / ".localize").mkdir()
    db = sqlite3.connect(tmp_path / ".localize" / "state.sqlite")
    db.execute("CREATE TABLE records (a, b)")
    db.commit()
    db.close()
    with pytest.raises(LocalizeError) as info:
        run(load_config(path), RunOptions(engine="pseudo"))
    assert info.value.exit_code == ExitCode.INPUT
    assert str(info.value) == (
        f"{tmp_path / '.localize' / 'state.sqlite'}: not a localize state database (table records lacks identifier, "
        "input_hash, market, outcome, payload, run_id)\n  hint: move state.sqlite aside (or point `state:` at another "
        "folder); the next run then redoes every record")


def test_review_apply_csv_with_unrelated_columns_is_refused_naming_the_expected_ones(tmp_path: Path) -> None:
    sheet = tmp_path / "prices.csv"
    sheet.write_text("sku,price\nA,1\n", encoding="utf-8")
    with DecisionStore(tmp_path / "s.sqlite") as store, pytest.raises(InputError) as info:
        apply_file(sheet, Queue([], [], tmp_path / "q.jsonl"), store, reviewer="me")
    assert info.value.exit_code == ExitCode.INPUT
    assert str(info.value) == (
        f"{sheet}: no 'key' and no 'decision' column, so this is not a decisions file (the header has: sku, price)\n"
        "  hint: apply the review.csv/.xlsx written by `localize review export`, with its columns key, decision, "
        "corrected_text, reviewer, comment, decided_at; fill in decision per row")


def test_review_apply_csv_row_longer_than_its_header_is_a_problem_with_its_line(tmp_path: Path) -> None:
    sheet = tmp_path / "review.csv"
    sheet.write_text("key,decision,comment\nabc,approve,fine\nabd,approve,too,many,fields\n", encoding="utf-8")
    with DecisionStore(tmp_path / "s.sqlite") as store:
        with pytest.raises(DecisionFileError) as info:
            apply_file(sheet, Queue([], [], tmp_path / "q.jsonl"), store, reviewer="me")
        assert store.count() == 0
    assert info.value.problems == [f"{sheet}:3: the row has more fields than the header; check quoting "
                                   "(a comma inside a text needs the text in quotes)"]


def test_review_apply_xliff_with_a_huge_attribute_is_refused_quickly(tmp_path: Path) -> None:
    xlf = tmp_path / "review.xlf"
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                   f'version="2.0" srcLang="de-DE"><file id="f1"><unit id="{"u" * 12_000_000}"/></file></xliff>',
                   encoding="utf-8")
    with DecisionStore(tmp_path / "s.sqlite") as store, pytest.raises(LocalizeError) as info:
        apply_file(xlf, Queue([], [], tmp_path / "q.jsonl"), store, reviewer="me")
    assert str(info.value).startswith(f"{xlf}:1: a text or attribute is longer than 10 MB")
    assert "uuuuuuuuuu" not in str(info.value)


def test_review_apply_xliff_with_a_doctype_is_refused(tmp_path: Path) -> None:
    xlf = tmp_path / "review.xlf"
    xlf.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff xmlns="urn:oasis:names:tc:xliff:'
                   'document:2.0" version="2.0"><file id="f"><unit id="&a;"/></file></xliff>', encoding="utf-8")
    with DecisionStore(tmp_path / "s.sqlite") as store, pytest.raises(LocalizeError, match="has a DOCTYPE"):
        apply_file(xlf, Queue([], [], tmp_path / "q.jsonl"), store, reviewer="me")


def test_xlsx_feed_with_control_characters_is_written_not_crashed(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("sku;name-de_DE;description-de_DE\nA;Hallo\x01Welt;Text\x0bmit\x1bESC\n",
                                    encoding="utf-8")
    path = tmp_path / "localize.yaml"
    path.write_text(BASE + "markets: [{locale: de-DE}]\noutputs: {formats: [jsonl, xlsx]}\nstages: [map, convert]\n",
                    encoding="utf-8")
    report = run(load_config(path), RunOptions(engine="pseudo"))
    assert report.markets["de-DE"].written == 1
    sheet = load_workbook(tmp_path / "out" / "de-DE.xlsx", read_only=True).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    # VT is replaced (XML cannot hold it); `\x1bE` is a terminal escape sequence (ESC E, "next line"),
    # removed by the markup stage with an unsafe-markup finding
    assert "Hallo\ufffdWelt" in cells and "Text\ufffdmitSC" in cells
