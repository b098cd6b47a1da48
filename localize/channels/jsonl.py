"""The JSONL feed: one localized product per line, with its source, status and findings."""

from __future__ import annotations

from pathlib import Path

from ..atomic import AtomicFile
from ..model import LocalizedRecord, Market
from ..serialize import dumps_bytes, record_to_dict
from .base import FeedWriter, RunView


class JsonlWriter(FeedWriter):
    format = "jsonl"
    line_only = True

    def __init__(self, ctx: RunView, market: Market) -> None:
        super().__init__(ctx, market)
        self.path = ctx.out_dir / f"{market.code}.jsonl"
        self.file = AtomicFile(self.path, mode="wb", encoding=None)

    def write(self, record: LocalizedRecord) -> None:
        self.file.write((record.encoded or dumps_bytes(record_to_dict(record))) + b"\n")

    def commit(self) -> list[Path]:
        return [self.file.commit()]

    def abort(self) -> None:
        self.file.abort()


class RecordLog:
    """A JSONL file of records or rejects for the whole run (review queue, rejects)."""

    def __init__(self, path: Path) -> None:
        self.file = AtomicFile(path, mode="wb", encoding=None)
        self.count = 0

    def write_line(self, data: dict) -> None:  # type: ignore[type-arg]
        self.file.write(dumps_bytes(data) + b"\n")
        self.count += 1

    def write_bytes(self, line: bytes) -> None:
        self.file.write(line + b"\n")
        self.count += 1

    def commit(self) -> Path:
        return self.file.commit()

    def abort(self) -> None:
        self.file.abort()
