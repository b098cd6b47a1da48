"""PIM data printed to a terminal: rich markup and control characters are shown, never acted on.

Warnings, errors and validate's findings quote identifiers, codes and copy. A parent code
`[/bold]model` made the run's summary raise rich's MarkupError after the run (a traceback, exit
1); `[link=…]` made a hyperlink; an ESC in a product name recoloured or cleared the terminal.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from localize.report import RunReport, render

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
HOSTILE = st.lists(st.sampled_from(["[", "]", "/", "bold", "link=", "https://e.x", "\x1b", "[31m", "\x9b",
                                    "\x07", "\x08", "\r", "\x00", "\u2028", "a", " ", "\\", "'", "\n"]),
                   max_size=40).map("".join)


def _summary(warning: str, unpublished: str | None = None) -> str:
    report = RunReport()
    report.warn(warning)
    if unpublished is not None:
        report.market("de-DE").extra["unpublished"] = unpublished
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=400, highlight=False,
                      soft_wrap=True)
    render(report, console)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(HOSTILE, HOSTILE)
def test_the_run_summary_prints_any_warning_as_text(warning: str, unpublished: str) -> None:
    out = _summary(warning, unpublished)
    styling = re.sub(r"\x1b\[[0-9;]*m", "", out)  # our own colours are the only escape sequences
    assert "\x1b" not in styling and not CONTROL.search(styling.replace("\n", "").replace("\t", ""))
    assert "]8;" not in out  # no OSC 8 hyperlink


def test_markup_and_escapes_from_a_warning_are_shown_as_written() -> None:
    out = _summary("products.csv:2: variant 'A1': its product model '[/bold]m\x1b[2J' is not among the sources",
                   "market de-DE: read 1 record(s) [link=https://evil.example]x[/link]")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "'[/bold]m\\x1b[2J'" in plain
    assert "[link=https://evil.example]x[/link]" in plain


def test_a_run_whose_warning_holds_rich_markup_finishes_normally(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text("sku;family;parent;name-de_DE\nA1;f;[/bold]model;Hallo\n"
                                           "A2;f;[link=https://evil.example]x;Welt\n", encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: de_DE}\nmarkets: [{locale: de-DE}]\n"
        "outputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "localize", "run", str(tmp_path / "localize.yaml")],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "400"})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "[/bold]model" in proc.stdout


def test_validate_prints_feed_data_without_escape_sequences(tmp_path: Path) -> None:
    feed = tmp_path / "de-DE.jsonl"
    feed.write_text('{"identifier": "A\\u001b[2J", "values": {"name": "x\\u001b]8;;https://e.x\\u0007y"}}\n',
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "localize", "validate", str(feed), "--market", "de-DE"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "A\\x1b[2J" in proc.stdout and "\x1b" not in proc.stdout


def test_a_log_line_quoting_pim_data_sends_no_escape_sequence(tmp_path: Path) -> None:
    # h19: a code holding a control character is set aside (one predicate for every code, `INVISIBLE_IN_CODE`),
    # so the parent code is a reject naming it; the warning quoting copy with a bell shows it as an escape
    (tmp_path / "products.csv").write_text("sku;family;parent;name-de_DE\nA1;f;m\x1b[31mX;Hallo\nB1;f;;Hal\x07lo\n",
                                           encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(
        "version: 1\nsource: {format: akeneo-csv, path: products.csv, locale: de_DE}\nmarkets: [{locale: de-DE}]\n"
        "outputs: {dir: out, formats: [jsonl]}\ntranslation: {engine: pseudo}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "localize", "--verbose", "run", str(tmp_path / "localize.yaml")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1  # a record set aside
    assert "\x1b" not in proc.stderr + proc.stdout and "\x07" not in proc.stderr + proc.stdout
    assert "'B1': 'Hal\\x07lo'" in proc.stderr
    reject = (tmp_path / "out" / "rejects.jsonl").read_text(encoding="utf-8")
    assert "the parent code 'm\\\\x1b[31mX' holds an invisible character (U+001B)" in reject


def test_bidi_controls_in_pim_text_are_shown_as_escapes_on_a_terminal() -> None:
    """h15: an override in a code or a finding (`SKU\\u202e1-KCOLB`) reordered the line a terminal showed."""
    from localize.terminal import terminal_text

    for char in ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"):
        shown = terminal_text(f"SKU{char}1")
        assert char not in shown and shown == f"SKU\\u{ord(char):04x}1"
    assert terminal_text("می\u200cخواهم") == "می\u200cخواهم"  # a joiner is spelling, not a control
