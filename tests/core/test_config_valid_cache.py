"""Remembered config verdicts (localize.validcache): a config that passed its schema is not
validated again while unchanged; a changed, invalid or unusual config always is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import localize.config as config
from localize import validcache
from localize.errors import ConfigError

CONFIG = {"source": {"format": "akeneo-csv", "path": "p.csv", "locale": "de_DE"},
          "markets": [{"locale": "fr-FR"}], "translation": {"engine": "pseudo"}}


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(tmp_path / "cache"))
    seen: list[str] = []
    real = config.validate_against_schema

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - a spy passes through
        seen.append(kwargs["where"])
        return real(*args, **kwargs)

    monkeypatch.setattr(config, "validate_against_schema", spy)
    return seen


def test_an_unchanged_config_is_validated_once(calls: list[str], tmp_path: Path) -> None:
    first = config.config_from_dict(dict(CONFIG), base_dir=tmp_path)
    again = config.config_from_dict(dict(CONFIG), base_dir=tmp_path)
    assert calls == ["config"] and again.hash == first.hash


def test_a_changed_config_is_validated_and_its_errors_name_the_field(calls: list[str], tmp_path: Path) -> None:
    config.config_from_dict(dict(CONFIG), base_dir=tmp_path)
    bad = dict(CONFIG, translation={"engine": "nope"})
    for _ in range(2):  # a config with problems is never remembered
        with pytest.raises(ConfigError) as err:
            config.config_from_dict(bad, base_dir=tmp_path)
        assert any("translation.engine" in p for p in err.value.problems)
    assert calls == ["config", "config", "config"]


def test_a_damaged_entry_is_no_verdict(calls: list[str], tmp_path: Path) -> None:
    config.config_from_dict(dict(CONFIG), base_dir=tmp_path)
    (entry,) = (tmp_path / "cache" / "valid").glob("*.ok")
    entry.write_text(entry.read_text()[:20], encoding="ascii")
    config.config_from_dict(dict(CONFIG), base_dir=tmp_path)
    assert calls == ["config", "config"]
    config.config_from_dict(dict(CONFIG), base_dir=tmp_path)  # rewritten whole
    assert calls == ["config", "config"]


def test_values_json_cannot_carry_exactly_are_always_validated(calls: list[str], tmp_path: Path) -> None:
    dated = dict(CONFIG, rules={"as_of": dt.date(2026, 12, 5)})
    assert not validcache.known_valid(dated, "config.schema.json")
    validcache.remember_valid(dated, "config.schema.json")
    assert not validcache.known_valid(dated, "config.schema.json")
    assert not validcache.known_valid({1: "x"}, "config.schema.json")


def test_another_schema_or_validator_is_a_miss(calls: list[str], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    config.config_from_dict(dict(CONFIG), base_dir=tmp_path)
    monkeypatch.setattr(validcache, "_code_digest", lambda name: "another schema")
    config.config_from_dict(dict(CONFIG), base_dir=tmp_path)
    assert calls == ["config", "config"]
