"""The translation memory, review decisions and incremental state behave the same in a SQLite file and
in PostgreSQL (`state.url`): every test here runs against both (`store_backend`), the PostgreSQL ones
on a server the tests start themselves (tests/conftest.py `postgres_url`)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from scale_helpers import demo_project, published

from localize import api
from localize.config import load_config
from localize.errors import LocalizeError, OutputError
from localize.pipeline.state import StateStore
from localize.review.decisions import Decision, DecisionStore
from localize.translate.memory import Memory, MemoryKey, source_hash


def _memory(tmp_path: Path, backend: tuple[str | None, str]) -> Memory:
    url, schema = backend
    return Memory(tmp_path / "memory.sqlite", url=url, schema=schema)


def test_memory_machine_human_approved(tmp_path: Path, store_backend) -> None:
    key = MemoryKey(source_hash("Robuste Pfanne"), "de", "fr-CH", formality="prefer_more", engine="deepl")
    with _memory(tmp_path, store_backend) as mem:
        assert mem.lookup(key) is None
        assert mem.put_machine([(key, "Robuste Pfanne", "Poêle robuste", 14, "")]) == 1
        entry = mem.lookup(key)
        assert (entry.target_text, entry.origin, entry.billed) == ("Poêle robuste", "machine", 14)
        # the same key again replaces (a retranslation), never duplicates
        mem.put_machine([(key, "Robuste Pfanne", "Poêle solide", 14, "")])
        assert mem.lookup(key).target_text == "Poêle solide"
        before = mem.human_generation("fr-CH")
        mem.put_human("Robuste Pfanne", "Poêle robuste (humain)", "de", "fr", created=1000.0)
        assert mem.human_generation("fr-CH") != before
        assert mem.lookup(key).origin == "human"  # language-level human entry beats the machine entry
        mem.put_human("Robuste Pfanne", "Poêle approuvée", "de", "fr-CH", origin="approved", created=2000.0)
        assert mem.lookup(key).target_text == "Poêle approuvée"
        assert mem.lookup(MemoryKey(key.source_hash, "de", "fr-FR", engine="deepl")).target_text == "Poêle robuste (humain)"
        stats = mem.stats()
        assert stats["entries"] == 3 and stats["characters_billed"] == 14
        assert isinstance(stats["characters_billed"], int)
        assert stats["origins"] == {"machine": 1, "human": 1, "approved": 1}
        # stable order (source, text, target: "fr" before "fr-CH"), byte order on both backends
        assert [(e.target_lang, e.origin) for e in mem.entries()] == [("fr", "human"), ("fr-CH", "approved"),
                                                                       ("fr-CH", "machine")]
        assert not mem.was_imported(Path("a.tmx"), "abc")
        mem.mark_imported(Path("a.tmx"), "abc", 3)
        assert mem.was_imported(Path("a.tmx"), "abc")
    with _memory(tmp_path, store_backend) as again:  # durable across connections
        assert again.lookup(key).target_text == "Poêle approuvée"


def test_decisions_and_their_audit(tmp_path: Path, store_backend) -> None:
    url, schema = store_backend
    with DecisionStore(tmp_path / "review.sqlite", url=url, schema=schema) as store:
        first = Decision(key="k1", market="fr-FR", product="PAN-1", field="name", rule="fr-alcohol", decision="approve",
                         reviewer="ana", decided_at="2026-12-01T10:00:00Z", comment="ok")
        assert store.put(first)
        assert not store.put(first)  # the same decision again: no audit entry
        assert store.put(Decision(**{**first.__dict__, "decision": "edit", "corrected": "Vin rouge",
                                     "decided_at": "2026-12-02T10:00:00Z"}))
        assert store.count() == 1
        assert store.get("k1").corrected == "Vin rouge"
        assert set(store.all()) == {"k1"}
        assert store.latest_for("fr-FR", "PAN-1", "name", "fr-alcohol").decision == "edit"
        assert [(a["decision"], a["previous"]) for a in store.audit("k1")] == [("approve", None), ("edit", "approve")]


def test_state_save_lookup_commit_and_checksums(tmp_path: Path, store_backend) -> None:
    url, schema = store_backend
    path = tmp_path / "state.sqlite"
    with StateStore(path, url=url, schema=schema) as store:
        assert store.empty("de-DE")
        store.save([("de-DE", "SKU-1", "h1", "written", b'{"a":1}'), ("de-DE", "SKU-2", "h2", "pending", b"")], "run-1")
        store.commit()
        store.save([("de-DE", "SKU-3", "h3", "written", b"{}")], "run-1")  # never committed: dropped on close
    with StateStore(path, url=url, schema=schema) as store:
        found = store.lookup("de-DE", ["SKU-1", "SKU-2", "SKU-3", "SKU-9"])
        assert sorted(found) == ["SKU-1", "SKU-2"]
        assert (found["SKU-1"].input_hash, found["SKU-1"].outcome, found["SKU-1"].payload) == ("h1", "written", b'{"a":1}')
        assert store.counts() == {"de-DE": {"pending": 1, "written": 1}}
        store.save([("de-DE", "SKU-1", "h1b", "withheld", b'{"a":2}')], "run-2")  # replaces
        store.commit()
        assert store.lookup("de-DE", ["SKU-1"])["SKU-1"].outcome == "withheld"
        # a row changed outside localize fails its checksum and is redone, never re-emitted
        with store.transaction():
            store.db.execute("UPDATE records SET payload = ? WHERE identifier = ?", (b'{"a":99}', "SKU-1"))
        assert store.lookup("de-DE", ["SKU-1"]) == {}
        assert store.tampered == [("de-DE", "SKU-1")]


def test_a_table_of_another_layout_is_refused_naming_the_store(tmp_path: Path, store_backend) -> None:
    url, schema = store_backend
    if url is None:
        import sqlite3

        db = sqlite3.connect(tmp_path / "state.sqlite")
        db.execute("CREATE TABLE records (id INTEGER)")
        db.commit()
        db.close()
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}_state"')
            conn.execute(f'CREATE TABLE "{schema}_state".records (id INTEGER)')
    with pytest.raises(OutputError, match="not a localize state database") as info:
        StateStore(tmp_path / "state.sqlite", url=url, schema=schema)
    assert "lacks" in str(info.value)


def test_one_run_holds_a_shared_state(tmp_path: Path, postgres_url: str) -> None:
    with StateStore(tmp_path / "a", url=postgres_url, schema="tlock") as first:
        first.hold()
        with StateStore(tmp_path / "b", url=postgres_url, schema="tlock") as second, \
                pytest.raises(OutputError, match="another run is using this state"):
            second.hold()
    with StateStore(tmp_path / "c", url=postgres_url, schema="tlock") as third:
        third.hold()  # released when the first run's connection ended


def test_the_password_never_reaches_messages(tmp_path: Path, postgres_url: str) -> None:
    password = postgres_url.split(":")[2].split("@")[0]
    wrong = postgres_url.replace(password, "Wr0ng-S3cret-pw")
    with pytest.raises(LocalizeError) as info:
        Memory(tmp_path / "m", url=wrong, schema="tsecret")
    text = f"{info.value} {getattr(info.value, 'hint', '')}"
    assert "Wr0ng-S3cret-pw" not in text and "127.0.0.1" in text and "***" in text
    with Memory(tmp_path / "m", url=postgres_url, schema="tsecret") as mem:
        with pytest.raises(LocalizeError) as info, mem.guard():
            mem.db.execute("SELECT no_such_column FROM entries")
        assert password not in str(info.value) and "no_such_column" in str(info.value)
        assert password not in repr(mem.path) + str(mem.path)


def _without_state(config: Path) -> str:
    """The config's text without its `state:` line (the tests set their own)."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("state:"))


def _with_state(config: Path, url: str | None, schema: str) -> Path:
    text = _without_state(config)
    if url is not None:
        text += f"\nstate: {{path: .localize, url: 'env:LOCALIZE_TEST_PG', schema: {schema}}}\n"
    config.write_text(text, encoding="utf-8")
    return config


def test_a_run_on_postgresql_writes_what_a_run_on_sqlite_writes(tmp_path: Path, postgres_url: str, monkeypatch,
                                                                caplog) -> None:
    password = postgres_url.split(":")[2].split("@")[0]
    monkeypatch.setenv("LOCALIZE_TEST_PG", postgres_url)
    reference = load_config(_with_state(demo_project(tmp_path / "sqlite"), None, ""))
    api.run(reference, api.RunOptions())
    config = load_config(_with_state(demo_project(tmp_path / "pg"), postgres_url, "trun"))
    assert config.state_url == postgres_url and password not in repr(config) and password not in json.dumps(config.raw, default=str)
    caplog.set_level(logging.DEBUG)
    first = api.run(config, api.RunOptions())
    assert published(config.out_dir) == published(reference.out_dir)
    second = api.run(config, api.RunOptions())
    assert second.sections["incremental"]["reused"] == 360 and second.sections["incremental"]["redone"] == 0
    assert published(config.out_dir) == published(reference.out_dir)
    assert not (config.state_dir / "state.sqlite").exists() and not (config.state_dir / "memory.sqlite").exists()
    for report in (first, second):
        assert password not in json.dumps(report.to_dict(), default=str)
    assert password not in (config.out_dir / "manifest.json").read_text(encoding="utf-8")
    assert password not in caplog.text
    for history in config.state_dir.rglob("*"):
        if history.is_file():
            assert password.encode() not in history.read_bytes(), history


def test_state_url_from_the_environment_and_a_stable_config_hash(tmp_path: Path, monkeypatch) -> None:
    config = demo_project(tmp_path)
    text = _without_state(config)
    config.write_text(text + "\nstate: {url: 'postgresql://ops:first-pw@db.example/shop', schema: shop}\n",
                      encoding="utf-8")
    first = load_config(config)
    assert first.state_url == "postgresql://ops:first-pw@db.example/shop" and first.state_schema == "shop"
    assert "first-pw" not in json.dumps(first.raw, default=str) and "first-pw" not in repr(first)
    config.write_text(text + "\nstate: {url: 'postgresql://ops:second-pw@db.example/shop', schema: shop}\n",
                      encoding="utf-8")
    assert load_config(config).hash == first.hash  # a new password does not redo the catalogue
    config.write_text(text + "\nstate: {url: 'env:LOCALIZE_NO_SUCH_VARIABLE'}\n", encoding="utf-8")
    monkeypatch.delenv("LOCALIZE_NO_SUCH_VARIABLE", raising=False)
    with pytest.raises(LocalizeError, match="LOCALIZE_NO_SUCH_VARIABLE is not set"):
        load_config(config)
