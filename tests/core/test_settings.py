"""Typed settings built once from the validated config (`localize.settings`), and the one engine choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from localize.config import config_from_dict
from localize.settings import Settings, choose_engine, deepl_key
from localize.translate.engines import create_engine
from localize.translate.settings import TranslationSettings


def _config(tmp_path: Path, **sections):
    (tmp_path / "p.csv").write_text("sku;name-en_US\n1;x\n", encoding="utf-8")
    data = {"version": 1, "source": {"format": "akeneo-csv", "path": "p.csv", "locale": "en_US"},
            "markets": [{"locale": "de-DE"}], **sections}
    return config_from_dict(data, base_dir=tmp_path)


def test_the_config_carries_its_typed_settings_built_once(tmp_path: Path) -> None:
    cfg = _config(tmp_path, outputs={"dir": "out", "exclude": ["ean"], "keep": 5, "allow_empty": True,
                                     "markup": {"allow_tags": ["b"]}},
                  review={"fail_on": ["block"]}, translation={"engine": "pseudo", "language_neutral": ["ean"],
                                                              "attributes": []},
                  units={"keep": ["ean"]})
    s = cfg.settings
    assert s is cfg.settings  # built when the config was resolved, not per reader
    assert (s.outputs.exclude, s.outputs.keep, s.outputs.allow_empty) == (("ean",), 5, True)
    assert s.outputs.markup == {"allow_tags": ["b"]}
    assert s.review.fail_on == ("block",)
    assert s.translation.language_neutral == ("ean",)
    assert s.translation.attributes == ()  # an empty list means "copy none", not "all"
    assert s.units.raw == {"keep": ["ean"]}
    assert s.prices.raw == {} and s.rules.raw == {}
    # the settings are a copy: changing one cannot change the config another reader sees
    s.units.raw["keep"] = ["x"]
    assert cfg.raw["units"] == {"keep": ["ean"]}


def test_defaults_when_a_section_is_absent() -> None:
    s = Settings.from_raw({})
    assert (s.outputs.keep, s.outputs.allow_empty, s.outputs.exclude) == (2, False, ())
    assert s.translation.attributes is None and s.translation.engine is None


def test_engine_choice_is_settled_in_one_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert choose_engine("pseudo", "deepl", environ={"DEEPL_AUTH_KEY": "k"}) == "pseudo"
    assert choose_engine(None, "memory", environ={"DEEPL_AUTH_KEY": "k"}) == "memory"
    assert choose_engine(None, None, environ={"DEEPL_AUTH_KEY": "k"}) == "deepl"
    assert choose_engine(None, None, environ={}) == "memory"
    monkeypatch.setenv("DEEPL_AUTH_KEY", "secret-key:fx")
    cfg = _config(tmp_path)
    assert TranslationSettings.from_config(cfg).engine == "deepl" == cfg.settings.translation.engine_for()
    assert deepl_key() == "secret-key:fx"
    assert "secret-key" not in repr(cfg.settings)  # the key is read when the engine is built, never stored
    engine = create_engine("deepl", {})
    assert "secret-key" not in repr(engine)
    monkeypatch.delenv("DEEPL_AUTH_KEY")
    assert TranslationSettings.from_config(cfg).engine == "memory"
    assert create_engine("deepl", {}, dry_run=True).describe() == {"engine": "deepl", "offline": True}
