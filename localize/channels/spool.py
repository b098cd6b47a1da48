"""Spooling rows to disk while the column set is still unknown (tabular outputs).

A CSV or XLSX header must list every column before the first row, but a streaming run only
knows all attributes at the end. Rows go to a temporary JSONL file (constant memory) and the
final file is written from it when the run commits.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..atomic import output_error


class RowSpool:
    def __init__(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".spool.", suffix=".jsonl", dir=folder)
        except OSError as exc:
            raise output_error(folder, exc) from None
        self.path = Path(name)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")
        self.columns: dict[str, None] = {}

    def add(self, row: dict[str, Any]) -> None:
        for key in row:
            if key not in self.columns:
                self.columns[key] = None
        try:
            self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        except OSError as exc:  # a full disk: the message names the file
            raise output_error(self.path, exc) from None

    def rows(self) -> Iterator[dict[str, Any]]:
        try:
            self.handle.close()
        except OSError as exc:
            raise output_error(self.path, exc) from None
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)

    def discard(self) -> None:
        try:
            self.handle.close()
        except OSError:
            pass
        self.path.unlink(missing_ok=True)

