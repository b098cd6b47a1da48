"""The disk cache of validated rule packs: a hit skips parsing and validation and builds the same
pack; a changed file, a changed validator or a damaged entry is validated again from the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import localize.rules.packs as packs
from localize.rules import packcache
from localize.rules.packs import RulesError, load_pack, shipped_rules_dir

GOOD = """\
pack: cache-test
scope: {global: true}
rules:
  - id: cache-one
    kind: terms
    severity: review
    message: m
    source: because
    terms: [foo]

  - id: cache-two
    kind: pattern
    severity: info
    message: m2
    source: because
    pattern: "b[a]r"
    effective_from: 2026-01-01
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    return tmp_path / "cache" / "packs"


def _fresh(path: Path) -> packs.Pack:
    packs._PACK_CACHE.clear()  # a new process: only the disk cache is left
    return load_pack(path)


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def spy(data: object, schema: str, *, where: str, node: object = None) -> list[str]:
        calls.append(where)
        return []

    monkeypatch.setattr(packs, "validate_against_schema", spy)
    return calls


def _rules(pack: packs.Pack) -> list[tuple[object, ...]]:
    return [(r.id, r.line, r.file, r.spec, r.effective_from, r.scope) for r in pack.rules]


def test_a_second_load_comes_from_the_disk_cache_and_builds_the_same_pack(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = _fresh(path)
    assert len(list(cache.glob("*.json"))) == 1
    calls = _no_validation(monkeypatch)
    again = _fresh(path)
    assert calls == []  # neither parsed nor validated
    assert again == first and _rules(again) == _rules(first)
    assert [r.line for r in again.rules] == [4, 11]


def test_a_changed_file_is_validated_again_and_its_errors_name_file_and_line(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD, encoding="utf-8")
    _fresh(path)
    path.write_text(GOOD.replace("severity: info", "severity: urgent"), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        _fresh(path)
    assert any(p.startswith(f"{path}:13: rules[1].severity") for p in err.value.problems)


def test_a_changed_validator_is_a_miss(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD, encoding="utf-8")
    _fresh(path)
    monkeypatch.setattr(packcache, "_code_digest", lambda: "another schema or validator")
    calls = _no_validation(monkeypatch)
    _fresh(path)
    assert calls == [str(path)]


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],                                     # truncated
    lambda raw: b"garbage",                                               # not an entry
    lambda raw: raw.replace(b"cache-one", b"cache-1ne"),                  # a byte changed
    lambda raw: b"",                                                      # empty
])
def test_a_damaged_entry_is_ignored_and_rewritten(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  damage) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = _fresh(path)
    (entry,) = cache.glob("*.json")
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    real = packs.validate_against_schema
    calls: list[str] = []
    monkeypatch.setattr(packs, "validate_against_schema",
                        lambda *a, **k: calls.append(k["where"]) or real(*a, **k))
    again = _fresh(path)
    assert calls == [str(path)] and _rules(again) == _rules(first)
    assert entry.read_bytes() == good


def test_an_entry_of_another_file_with_a_valid_digest_is_ignored(cache: Path, tmp_path: Path) -> None:
    import hashlib

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text(GOOD.replace("cache-", "other-"), encoding="utf-8")
    _fresh(a)
    _fresh(b)
    entries = {p.read_bytes() for p in cache.glob("*.json")}
    assert len(entries) == 2
    key_b = packcache.entry_key(hashlib.sha256(b.read_bytes()).hexdigest())
    (cache / f"{key_b}.json").write_bytes((cache / f"{packcache.entry_key(hashlib.sha256(a.read_bytes()).hexdigest())}.json").read_bytes())
    assert [r.id for r in _fresh(b).rules] == ["other-one", "other-two"]


def test_an_invalid_pack_is_never_cached(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("source: because\n    pattern", "pattern"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RulesError):
            _fresh(path)
    assert not list(cache.glob("*.json"))


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", "off")
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "p.yaml"
    path.write_text(GOOD, encoding="utf-8")
    load_pack(path)
    assert packcache.cache_dir() is None and not (tmp_path / "xdg").exists()


def test_an_unwritable_cache_folder_only_costs_the_saving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(blocker))  # a file stands where the folder should be
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    path = tmp_path / "p.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert [r.id for r in load_pack(path).rules] == ["cache-one", "cache-two"]


def test_shipped_packs_from_the_cache_equal_packs_parsed(cache: Path) -> None:
    parsed = packs.load_packs([shipped_rules_dir()], shipped=True)
    packs._PACK_CACHE.clear()
    cached = packs.load_packs([shipped_rules_dir()], shipped=True)
    assert len(list(cache.glob("*.json"))) == len(parsed) >= 20
    assert [(p, _rules(p)) for p in cached] == [(p, _rules(p)) for p in parsed]
