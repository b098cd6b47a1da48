"""Helpers the shop tests share: run a project in a temporary folder, read CSVs, validate."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

from localize.api import run
from localize.attributes import AttributeCatalog
from localize.config import build_market, load_config
from localize.qa.engine import validate_files
from localize.readers import open_reader

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "shops"


def copy_example(name: str, tmp_path: Path) -> Path:
    """The example project in a fresh folder (its config file's path)."""
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns("out", ".localize"))
    return target / "localize.yaml"


def write_project(folder: Path, export: str, header: list[str], rows: list[list[str]], config: str,
                  delimiter: str = ",") -> Path:
    """A shop export (`export`: its header and rows) and the project's `localize.yaml` (`config`) in
    `folder`; the config file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / export).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([header, *rows])
    path = folder / "localize.yaml"
    path.write_text(config, encoding="utf-8")
    return path


def run_project(config: Path) -> Any:
    return run(load_config(config))


def read_source(config: Path) -> list[Any]:
    """Every item the configured reader yields for the project's source."""
    cfg = load_config(config)
    out = []
    for path in cfg.source.paths:
        out.extend(open_reader(path, cfg.source, AttributeCatalog({})))
    return out


def csv_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def feed(out: Path, market: str) -> dict[str, dict[str, Any]]:
    """The market's JSONL feed by identifier."""
    lines = (out / f"{market}.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["identifier"]: r for r in map(json.loads, lines)}


def validate(paths: list[Path], market: str) -> Any:
    return validate_files(paths, build_market({"locale": market}, None))


def shopify_languages_import(shop: dict[tuple[str, str, str], str], path: Path
                             ) -> tuple[dict[tuple[str, str, str, str], str], list[str]]:
    """Shopify's languages import (Settings > Languages > Import) over a shop given as its translatable
    content, (type, resource ID, field) -> the shop's current text: a row is taken when it names a
    resource and field the shop has (the ID with or without the export's leading apostrophe) and its
    Default content is the shop's current text (Shopify compares the content's digest), once per locale
    and market; any other row is refused. Returns the translations by (type, ID, field, locale) and the
    refused rows with their reasons."""
    taken: dict[tuple[str, str, str, str], str] = {}
    refused: list[str] = []
    for line, row in enumerate(csv_rows(path), 2):
        key = (row["Type"], row["Identification"].lstrip("'"), row["Field"])
        current = shop.get(key)
        slot = (*key, row["Locale"])
        if current is None:
            refused.append(f"line {line}: the shop has no {key}")
        elif row["Default content"] != current:
            refused.append(f"line {line}: {key} holds {current!r}, not {row['Default content']!r}")
        elif slot in taken:
            refused.append(f"line {line}: {slot} is translated twice")
        else:
            taken[slot] = row["Translated content"]
    return taken, refused

