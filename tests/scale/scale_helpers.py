"""Helpers of the scale-out tests: the demo project in a temporary folder and output comparison."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def demo_project(root: Path) -> Path:
    """The demo catalogue (60 products, 3 product models with variants, 6 markets, 4 formats)."""
    target = root / "demo"
    shutil.copytree(REPO / "examples" / "demo", target, ignore=shutil.ignore_patterns("out", ".localize"))
    return target / "localize.yaml"


def published(out: Path) -> dict[str, bytes]:
    """Every published file's bytes except the manifest (it records times), by name; the project's
    folder (rejects name their file) written as `<project>`, so two projects' runs compare."""
    files = {}
    project = str(out.parent).encode()
    for path in sorted(out.iterdir()):
        if path.is_file() and path.name != "manifest.json":
            files[path.name] = path.read_bytes().replace(project, b"<project>")
    return files


def manifest(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
