"""A claim left in the source language in an XLIFF delivery is an error, not a warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

XLF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="catalogue" source-language="de-DE" target-language="en-GB" datatype="plaintext">
    <body>
      <trans-unit id="CREAM-1/description" resname="description">
        <source>Sanfte Creme. Heilt Akne und ist klinisch getestet.</source>
        <target>{target}</target>
      </trans-unit>
      <trans-unit id="CREAM-1/name" resname="name">
        <source>Sanfte Gesichtscreme</source>
        <target>Gentle face cream</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def validate(path: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    proc = subprocess.run([sys.executable, "-m", "localize", "validate", str(path), "--market", "en-GB", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, json.loads(proc.stdout)


def test_an_untranslated_health_claim_fails_xliff_validation(tmp_path: Path) -> None:
    path = tmp_path / "delivery.xlf"
    path.write_text(XLF.format(target="Sanfte Creme. Heilt Akne und ist klinisch getestet."), encoding="utf-8")
    code, report = validate(path)
    assert code == 1
    claims = [f for f in report["findings"] if f["code"] == "untranslated-claim"]
    assert {f["severity"] for f in claims} == {"error"}
    assert sorted(f["matched"].casefold() for f in claims) == ["heilt", "klinisch getestet"]
    assert all(f["record"] == "CREAM-1/description" for f in claims)


def test_a_claim_left_alone_in_an_english_sentence_fails_too(tmp_path: Path) -> None:
    path = tmp_path / "delivery.xlf"
    path.write_text(XLF.format(target="Gentle cream. Heals acne and is klinisch getestet."), encoding="utf-8")
    code, report = validate(path)
    assert code == 1
    assert [f["matched"] for f in report["findings"] if f["code"] == "untranslated-claim"] == ["klinisch getestet"]


def test_a_translated_claim_passes(tmp_path: Path) -> None:
    path = tmp_path / "delivery.xlf"
    path.write_text(XLF.format(target="Gentle cream. Heals acne and is clinically tested."), encoding="utf-8")
    code, report = validate(path)
    assert code == 0, report["findings"]
    assert not [f for f in report["findings"] if f["code"] == "untranslated-claim"]
