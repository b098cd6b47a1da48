"""The Akeneo import-header check reads `attributes.csv` through the one attributes reader
(`AttributeCatalog.from_source`): the source's delimiter and encoding, case-insensitive codes,
`true`/`1` flags, and file:line errors for a broken row."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from localize.attributes import AttributeCatalog
from localize.channels.akeneo.checks import check_import_header
from localize.errors import ConfigError


def _source(path: Path, delimiter: str | None) -> SimpleNamespace:
    return SimpleNamespace(attributes=path, encoding="utf-8", delimiter=delimiter)


def test_header_check_uses_the_source_reading_rules(tmp_path: Path) -> None:
    path = tmp_path / "attributes.csv"
    path.write_text("code,type,localizable,scopable,label-en_US\nColor,pim_catalog_text,true,0,Colour\n"
                    "weight,pim_catalog_metric,0,0,Weight\n", encoding="utf-8")
    attributes = AttributeCatalog.from_source(_source(path, ",")).attributes
    assert check_import_header(["sku", "color-de_DE", "weight", "weight-unit"], attributes) == []
    assert check_import_header(["sku", "color"], attributes) == [
        "'color': the attribute 'color' is localizable, so the column needs a locale (e.g. color-en_US)"]


def test_a_broken_attributes_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "attributes.csv"
    path.write_text("code;type;localizable;scopable\nname;pim_catalog_text;1;0\nbroken;pim_catalog_text\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        AttributeCatalog.from_source(_source(path, None))
    assert err.value.problems == [f"{path}:3: 2 fields, the header has 4"]
