"""The run manifest next to the outputs: what went in, what came out, and the counts.

Inputs and outputs carry SHA-256 checksums so anyone can prove which export produced which
feed. The manifest is the one file that records time; feeds never do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_text_atomic
from ..jsonlines import json_text
from ..version import __version__

if TYPE_CHECKING:
    from ..stages.base import RunContext
    from .source import Source

MANIFEST = "manifest.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_entry(path: Path, shown: Path | None = None, known: Mapping[str, tuple[str, int]] | None = None) -> dict[str, Any]:
    """Checksum and size of `path`, listed under `shown` (the name readers use) when given; from
    `known` (path -> (sha256, bytes), what the run already hashed or verified) when it is there."""
    if known and str(path) in known:
        sha, size = known[str(path)]
        return {"path": str(shown or path), "sha256": sha, "bytes": size}
    return {"path": str(shown or path), "sha256": sha256_file(path), "bytes": path.stat().st_size}


def build_manifest(ctx: RunContext, source: Source, run_id: str, files: list[tuple[Path, Path]] | None = None,
                   carried: list[tuple[Path, Path]] | None = None,
                   known: Mapping[str, tuple[str, int]] | None = None) -> dict[str, Any]:
    """The manifest; `files` pairs each output's published name with the file that holds its
    bytes now (inside the unpublished generation), else `report.outputs` is read as is.
    `carried` are files of the previous set this run kept without writing them (`carried_over`)."""
    config = ctx.config
    report = ctx.report
    inputs = [file_entry(p, known=known) for p in config.source.paths if p.is_file()]
    for extra in (config.source.attributes, config.source.categories):
        if extra is not None and extra.is_file():
            inputs.append(file_entry(extra))
    if config.path is not None and config.path.is_file():
        inputs.append(file_entry(config.path))
    if files is None:
        outputs = [file_entry(Path(p)) for p in report.outputs if Path(p).is_file()]
    else:
        outputs = [file_entry(actual, shown, known) for shown, actual in files if actual.is_file()]
    data = report.to_dict()
    return {
        "run_id": run_id,
        "localize_version": __version__,
        "finished_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "config": str(config.path) if config.path else None,
        "config_hash": config.hash,
        "project": config.project,
        "inputs": inputs,
        "outputs": outputs,
        "markets": data["markets"],
        "stages": data["stages"],
        "rejects": report.rejects,
        "warnings": data["warnings"],
        "timings": data["timings"],
        "exit_code": int(report.exit_code),
        "sections": report.sections,
        **({"carried_over": [file_entry(actual, shown) for shown, actual in carried if actual.is_file()]}
           if carried else {}),
    }


def manifest_text(ctx: RunContext, source: Source, run_id: str, files: list[tuple[Path, Path]] | None = None,
                  carried: list[tuple[Path, Path]] | None = None,
                  known: Mapping[str, tuple[str, int]] | None = None) -> str:
    """The manifest as the text written to `<out>/manifest.json` and the run history."""
    data = build_manifest(ctx, source, run_id, files, carried, known)
    return json_text(data, sort_keys=True, indent=2, default=str) + "\n"


def write_history(state_dir: Path, run_id: str, text: str) -> Path:
    """`<state>/runs/<run-id>/manifest.json`: the history `localize runs` lists."""
    return write_text_atomic(state_dir / "runs" / run_id / MANIFEST, text)
