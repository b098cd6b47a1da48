"""Hostile variations of real-shaped Magento and OXID exports: the only acceptable outcomes are
products and rejects, or one of our `LocalizeError`s (never a traceback). Derandomized."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.errors import LocalizeError
from localize.model import Product, Reject

from .shop_helpers import read_source

FUZZ = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CELLS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "null", "NULL", "1e999999999", "12,50", "sku=", "|", "a=b,c", 'x="y"', "=1+1", "\x00",
                     "\ufeff", "&#10;", "&#34;", "default", "de", "xx_YY", "configurable", "2", "-1"]),
)
MAGENTO = ["sku", "store_view_code", "product_type", "name", "weight", "price", "url_key", "additional_attributes",
           "configurable_variations"]
OXID = ["OXID", "OXPARENTID", "OXTITLE", "OXTITLE_1", "OXPRICE", "OXWEIGHT", "OXVARSELECT"]


def _write(path: Path, header: list[str], rows: list[list[str]], delimiter: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([header, *rows])


def _read(config: Path) -> None:
    try:
        items = read_source(config)
    except LocalizeError:
        return
    assert all(isinstance(i, Product | Reject) for i in items)
    for item in items:
        if isinstance(item, Reject):
            assert item.origin.line >= 1 and item.reason


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=len(MAGENTO) - 1, max_size=len(MAGENTO) + 1), max_size=8))
def test_magento_reader_never_crashes(folder: Path, rows: list[list[str]]) -> None:
    _write(folder / "export.csv", MAGENTO, rows, ",")
    config = folder / "localize.yaml"
    config.write_text("version: 1\nsource: {format: magento-csv, path: export.csv, locale: en_US, currency: EUR,\n"
                      "  shop: {weight_unit: KILOGRAM, store_views: {de: de_DE}}}\nmarkets: [{locale: de-DE}]\n",
                      encoding="utf-8")
    _read(config)


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=len(OXID) - 1, max_size=len(OXID) + 1), max_size=8),
       extends=st.lists(st.lists(CELLS, min_size=1, max_size=3), max_size=4))
def test_oxid_reader_never_crashes(folder: Path, rows: list[list[str]], extends: list[list[str]]) -> None:
    _write(folder / "oxarticles.csv", OXID, rows, ";")
    _write(folder / "oxartextends.csv", ["OXID", "OXLONGDESC"], extends, ";")
    _write(folder / "oxobject2category.csv", ["OXOBJECTID", "OXCATNID", "OXPOS"], extends, ";")
    config = folder / "localize.yaml"
    config.write_text("version: 1\nsource: {format: oxid-csv, path: [oxarticles.csv, oxartextends.csv, "
                      "oxobject2category.csv], locale: de_DE, currency: EUR}\nmarkets: [{locale: en-GB}]\n",
                      encoding="utf-8")
    _read(config)
