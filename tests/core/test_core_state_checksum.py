"""State rows carry a CRC-32 checksum since layout 3 (cheaper than the BLAKE2b of layouts 1-2: every
record of a full run is hashed when saved, every stored one of a rerun when looked up). Rows saved by
an earlier version keep their BLAKE2b checksums and stay valid; a changed row of either kind is caught;
the file records layout 3, so an older localize refuses it (saying so) instead of taking every new row
for one changed outside localize."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localize.errors import OutputError
from localize.pipeline.state import (
    SCHEMA_VERSION,
    StateStore,
    digest,
    legacy_row_checksum,
    row_checksum,
    row_valid,
)

PARTS = ("fr-FR", "A-1", "ab12@2026-12-05", "written")


def test_a_new_row_checksum_is_the_crc32_of_its_five_parts() -> None:
    # fails on layout 2, which stored BLAKE2b-128 hex digits
    for payload in (b"", b'{"identifier":"A-1"}', "Größe ✓".encode() * 500):
        head = "\x00".join(("localize-state-row-3", *PARTS, "")).encode()
        assert row_checksum(*PARTS, payload) == f"crc32:{zlib.crc32(head + payload):08x}"


def test_a_legacy_row_checksum_is_the_digest_of_its_five_parts() -> None:
    # the stored checksums of earlier runs stay valid: the same value as `digest` of the parts
    for payload in (b"", b'{"identifier":"A-1"}', "Größe ✓".encode() * 500):
        assert legacy_row_checksum(*PARTS, payload) == digest("localize-state-row-1", *PARTS, payload)


@given(st.binary(max_size=300), st.integers(0, 299), st.integers(1, 255), st.sampled_from(["new", "legacy"]))
def test_a_row_changed_anywhere_fails_its_checksum(payload: bytes, where: int, flip: int, kind: str) -> None:
    checksum = (row_checksum if kind == "new" else legacy_row_checksum)(*PARTS, payload)
    assert row_valid(*PARTS, payload, checksum)
    if payload:
        changed = bytearray(payload)
        changed[where % len(payload)] ^= flip
        assert not row_valid(*PARTS, bytes(changed), checksum)
    assert not row_valid("de-DE", *PARTS[1:], payload, checksum)
    assert not row_valid(*PARTS[:3], "withheld", payload, checksum)
    assert not row_valid(*PARTS, payload, "")  # a store from before checksums
    assert not row_valid(*PARTS, payload, checksum[:-1])


def layout_2_file(path: Path, rows: list[tuple[str, str, str, str, bytes]]) -> None:
    """A state file as localize wrote it before layout 3: BLAKE2b checksums, schema 2 in meta."""
    state = StateStore(path)
    state.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, 'old', ?)",
                   [(*row, legacy_row_checksum(*row)) for row in rows])
    db.commit()
    db.close()


def test_a_layout_2_file_keeps_its_rows_and_is_recorded_as_layout_3(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    rows = [("de-DE", f"SKU-{n}", "h1", "written", f'{{"n":{n}}}'.encode()) for n in range(50)]
    layout_2_file(path, rows)
    db = sqlite3.connect(path)
    db.execute("UPDATE records SET payload = X'7B7D' WHERE identifier = 'SKU-7'")  # changed outside localize
    db.commit()
    db.close()

    state = StateStore(path)
    found = state.lookup("de-DE", [r[1] for r in rows])
    assert {i: (s.input_hash, s.outcome, s.payload) for i, s in found.items()} == {
        r[1]: r[2:] for r in rows if r[1] != "SKU-7"}
    assert state.tampered == [("de-DE", "SKU-7")]
    assert state.get_meta("schema") == str(SCHEMA_VERSION) == "3"
    state.save([("de-DE", "SKU-7", "h2", "withheld", b'{"n":7}')], "new")  # redone, saved in layout 3
    state.commit()
    state.close()

    again = StateStore(path)
    assert again.lookup("de-DE", ["SKU-7", "SKU-8"])["SKU-7"].outcome == "withheld" and again.tampered == []
    checksum = again.db.execute("SELECT checksum FROM records WHERE identifier = 'SKU-7'").fetchone()[0]
    assert checksum == row_checksum("de-DE", "SKU-7", "h2", "withheld", b'{"n":7}')
    again.close()


def test_a_version_that_reads_layout_2_refuses_a_layout_3_file_saying_why(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    StateStore(path).close()

    class LayoutTwo(StateStore):  # the state store as the previous version opens it
        schema_version = 2

    with pytest.raises(OutputError, match=r"state.sqlite: written by a newer localize \(layout 3; this version "
                                          r"reads layout 2 and older\)"):
        LayoutTwo(path)
