"""Copy that exists only in channels the run does not publish is said, never dropped silently.

icecat's demo export has every `description-*-ecommerce` empty and the copy in `-print`/`-mobile`: a run
with `source.channel: ecommerce` published 1,121 records without a description and 0 warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.api import run
from localize.config import config_from_dict
from localize.model import Origin, Product, Value
from localize.pipeline.channel_gaps import ChannelGaps, _Gap

HEADER = "sku;family;name-de_DE;description-de_DE-ecommerce;description-de_DE-print;description-en_US-print\n"


def _run(tmp_path: Path, rows: list[str], channel: str = "ecommerce") -> tuple[object, Path]:
    src = tmp_path / "products.csv"
    src.write_text(HEADER + "".join(rows), encoding="utf-8")
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "de_DE", "channel": channel},
              "markets": [{"locale": "en-US"}], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(tmp_path / "out"), "formats": ["jsonl"]}, "state": str(tmp_path / "state")}
    return run(config_from_dict(config)), tmp_path / "out"


def test_copy_only_in_another_channel_is_a_warning_naming_attribute_channel_locales_and_count(tmp_path: Path) -> None:
    report, _ = _run(tmp_path, [
        "A1;chairs;Stuhl A;;Druckbeschreibung A;Print copy A\n",
        "A2;chairs;Stuhl B;;Druckbeschreibung B;\n",
        "A3;chairs;Stuhl C;Webbeschreibung C;Druck C;\n",  # has ecommerce copy: not counted
    ])
    said = [w for w in report.warnings if "'description'" in w]
    assert len(said) == 1, report.warnings
    message = said[0]
    assert "2 products have copy only in channel(s) print, not in 'ecommerce'" in message
    assert "locales de_DE, en_US" in message and "e.g. 'A1'" in message and "source.channel" in message


def test_no_warning_when_the_published_channel_has_the_copy(tmp_path: Path) -> None:
    report, _ = _run(tmp_path, ["A1;chairs;Stuhl A;Web A;Druck A;Print A\n"], channel="print")
    assert not [w for w in report.warnings if "'description'" in w], report.warnings


def _product(*values: Value) -> Product:
    p = Product("P1", Origin("f.csv", 2, None))
    for v in values:
        p.add("description", v)
    return p


@pytest.mark.parametrize(("values", "missing"), [
    ((Value("de_DE", "print", "x"),), {"de_DE"}),
    ((Value("de_DE", "print", "x"), Value("de_DE", "ecommerce", "y")), set()),
    ((Value("de_DE", None, "x"), Value("en_US", "print", "y")), {"en_US"}),  # unscoped de_DE serves every channel
    ((Value(None, "ecommerce", "x"), Value("en_US", "print", "y")), set()),  # unlocalized ecommerce value serves en_US
    ((Value(None, None, "x"),), set()),
])
def test_a_value_counts_as_missing_only_when_no_value_the_channel_reads_covers_its_locale(
        values: tuple[Value, ...], missing: set[str]) -> None:
    gaps = ChannelGaps({"ecommerce"})
    gaps.add(_product(*values))
    said = gaps.messages()
    if not missing:
        assert said == []
    else:
        assert len(said) == 1 and f"locales {', '.join(sorted(missing))};" in said[0]


def test_real_icecat_export_with_the_ecommerce_channel_says_the_descriptions_are_elsewhere(tmp_path: Path) -> None:
    folder = Path(__file__).resolve().parents[3] / "shared" / "data" / "akeneo" / "icecat_demo_dev_2017"
    if not (folder / "products.csv").is_file():
        pytest.skip("../shared is absent")
    config = {"source": {"format": "akeneo-csv", "path": str(folder / "products.csv"), "locale": "en_US",
                         "channel": "ecommerce"},
              "markets": [{"locale": "fr-FR"}], "translation": {"engine": "pseudo"},
              "outputs": {"dir": str(tmp_path / "out"), "formats": ["jsonl"]}, "state": str(tmp_path / "state")}
    report = run(config_from_dict(config))
    said = [w for w in report.warnings if w.startswith("'description'") and "channel(s)" in w]
    assert len(said) == 1 and "not in 'ecommerce'" in said[0] and "mobile" in said[0] and "print" in said[0], report.warnings


class _OldChannelGaps(ChannelGaps):
    """`ChannelGaps.add` before its one-pass path for values all in the run's channel (the oracle)."""

    def add(self, product: Product) -> None:
        if not self.channels:
            return
        for attribute, entries in product.values.items():
            if not entries or (entries[0].channel is None and len(entries) == 1):
                continue
            scoped = [v for v in entries if v.channel is not None]
            if not scoped:
                continue
            for channel in self.channels:
                seen = {v.locale for v in entries if v.channel is None or v.channel == channel}
                if None in seen:
                    continue
                missing = {v.locale for v in scoped if v.channel != channel and v.locale not in seen}
                if not missing:
                    continue
                gap = self._gaps.get((attribute, channel))
                if gap is None:
                    gap = self._gaps[(attribute, channel)] = _Gap(example=product.identifier)
                gap.products += 1
                gap.locales.update(loc or "(no locale)" for loc in missing)
                gap.elsewhere.update(v.channel for v in scoped if v.channel != channel)  # type: ignore[misc]


_LOCALES = st.sampled_from([None, "de_DE", "en_US", "fr_FR"])
_CHANNELS = st.sampled_from([None, "ecommerce", "print", "mobile"])
_PRODUCTS = st.lists(st.dictionaries(st.sampled_from(["name", "description", "care"]),
                                     st.lists(st.tuples(_LOCALES, _CHANNELS), min_size=1, max_size=5), max_size=3),
                     min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(products=_PRODUCTS, channels=st.sets(_CHANNELS, min_size=1, max_size=3))
def test_add_says_what_the_old_add_said(products: list[dict[str, list[tuple[str | None, str | None]]]],
                                        channels: set[str | None]) -> None:
    new, old = ChannelGaps(channels), _OldChannelGaps(channels)
    for i, attributes in enumerate(products):
        p = Product(f"P{i}", Origin("f.csv", i + 2, None))
        for attribute, scopes in attributes.items():
            for locale, channel in scopes:
                p.add(attribute, Value(locale, channel, "x"))
        new.add(p)
        old.add(p)
    assert new.messages() == old.messages()
    assert {k: (g.products, g.example, g.locales, g.elsewhere) for k, g in new._gaps.items()} == \
        {k: (g.products, g.example, g.locales, g.elsewhere) for k, g in old._gaps.items()}
