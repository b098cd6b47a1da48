"""Product models are held once, and on disk beyond `IN_MEMORY` (issue 18, flat memory): a model-heavy
catalogue reads the same products, rejects and warnings as with every model in memory, while the
models held in memory stay within the limit and the caches."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from localize.api import run
from localize.config import load_config
from localize.model import Product, Reject
from localize.pipeline import models as models_module
from localize.pipeline.source import Source
from localize.report import RunReport


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)


def catalogue(folder: Path, roots: int = 30) -> Path:
    """`roots` root models, two sub-models each (parent codes in another case), two variants per
    sub-model and one straight under the root; a duplicate model code; two models each other's parent."""
    models = [["code", "family_variant", "parent", "categories", "description-de_DE-ecommerce", "collection-de_DE"]]
    products = [["sku", "parent", "family", "name-de_DE", "size", "collection-de_DE"]]
    for r in range(roots):
        models.append([f"root-{r}", "fv", "", f"cat{r % 4}", f"<p>Beschreibung {r}</p>", f"Linie {r}"])
        for s in range(2):
            models.append([f"sub-{r}-{s}", "fv", f"ROOT-{r}", f"sale{s}", "", f"Unterlinie {r}-{s}" if s else ""])
            for v in range(2):
                products.append([f"V-{r}-{s}-{v}", f"Sub-{r}-{s}", "shirts", f"Hemd {r} {s} {v}", "m", ""])
        products.append([f"V-{r}-root", f"root-{r}", "shirts", f"Hemd {r}", "l", "eigene Linie" if r % 2 else ""])
    models.append(["ROOT-3", "fv", "", "dupe", "", ""])  # a duplicate code (another case): rejected
    models.append(["loop-a", "fv", "loop-b", "", "A", ""])
    models.append(["loop-b", "fv", "loop-a", "", "", "B"])
    products.append(["V-loop", "loop-b", "shirts", "Schleife", "s", ""])
    products.append(["V-orphan", "nowhere", "shirts", "Waise", "s", ""])
    write(folder / "models.csv", models)
    write(folder / "products.csv", products)
    write(folder / "attributes.csv", [
        ["type", "code", "label-de_DE", "localizable", "scopable"],
        ["pim_catalog_identifier", "sku", "SKU", "0", "0"],
        ["pim_catalog_text", "name", "Name", "1", "0"],
        ["pim_catalog_text", "collection", "Kollektion", "1", "0"],
        ["pim_catalog_textarea", "description", "Beschreibung", "1", "1"],
        ["pim_catalog_simpleselect", "size", "Größe", "0", "0"],
    ])
    config = folder / "localize.yaml"
    config.write_text(
        "source: {format: akeneo-csv, path: [models.csv, products.csv], locale: de_DE, channel: ecommerce,\n"
        "         attributes: attributes.csv}\n"
        "markets: [{locale: en-US}]\noutputs: {dir: out, formats: [jsonl, akeneo-csv]}\n"
        "translation: {engine: pseudo}\nstages: [convert, translate, check, gate]\n", encoding="utf-8")
    return config


def read_all(config: Path, batch: int = 7) -> tuple[list[tuple], list[str], list[str], int]:
    """Every product (as comparable data), reject and warning of one pass, and the most models held."""
    report = RunReport()
    source = Source(load_config(config), report)
    items: list[tuple] = []
    rejects: list[str] = []
    held = 0
    for chunk in source.batches(batch):
        held = max(held, source.raw_models.held())
        for item in chunk:
            if isinstance(item, Reject):
                rejects.append(f"{item.origin}: {item.reason}")
            else:
                assert isinstance(item, Product)
                items.append((item.identifier, item.parent, item.family, item.categories, item.fingerprint,
                              sorted((k, tuple(v)) for k, v in item.values.items())))
    return items, rejects, list(source.warnings), held


def test_models_on_disk_read_as_models_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = catalogue(tmp_path)
    in_memory = read_all(config)
    assert in_memory[3] == 92 + 91  # below the limit: all 92 models, and the 91 that variants asked for, merged
    monkeypatch.setattr(models_module, "IN_MEMORY", 4)
    monkeypatch.setattr(models_module, "CACHED", 3)
    on_disk = read_all(config)
    assert on_disk[:3] == in_memory[:3]
    assert on_disk[3] <= 4 + 2 * 3  # of 92 models
    items = {i[0]: dict(i[5]) for i in in_memory[0]}
    # inherited through two levels, case-insensitively; a variant's own value wins
    assert [v.data for v in items["V-7-1-0"]["collection"]] == ["Unterlinie 7-1"]
    assert [v.data for v in items["V-7-0-1"]["collection"]] == ["Linie 7"]
    assert [v.data for v in items["V-7-0-1"]["description"]] == ["<p>Beschreibung 7</p>"]
    assert [v.data for v in items["V-7-root"]["collection"]] == ["eigene Linie"]
    assert any("duplicate product model code 'ROOT-3'" in r for r in in_memory[1])
    assert any("'loop-b' is its own ancestor" in w for w in in_memory[2])
    assert any("'nowhere' is not among the sources" in w for w in in_memory[2])


def test_a_run_writes_the_same_files_with_its_models_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "memory", tmp_path / "disk"
    first.mkdir()
    second.mkdir()
    run(load_config(catalogue(first)))
    monkeypatch.setattr(models_module, "IN_MEMORY", 5)
    monkeypatch.setattr(models_module, "CACHED", 2)
    run(load_config(catalogue(second)))
    for name in ("en-US.jsonl", "en-US.akeneo.csv", "en-US.akeneo-models.csv", "rejects.jsonl"):
        ours = (second / "out" / name).read_text(encoding="utf-8").replace(str(second), "<project>")
        assert ours == (first / "out" / name).read_text(encoding="utf-8").replace(str(first), "<project>"), name
    assert len((first / "out" / "en-US.akeneo-models.csv").read_text(encoding="utf-8").splitlines()) > 30
