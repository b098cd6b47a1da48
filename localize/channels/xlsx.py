"""The `xlsx` feed: the tabular rows of `tabular` in one sheet per market, byte-reproducible.

Its own module so openpyxl loads only when a run writes an xlsx feed (the format registry
imports a writer's module when its format is used).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from ..atomic import AtomicFile
from ..cells import neutralise
from ..xmlsafe import xml_safe
from .tabular import _SheetWriter


class XlsxWriter(_SheetWriter):
    format = "xlsx"
    suffix = "xlsx"

    def commit(self) -> list[Path]:
        columns = self.columns()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.market.code[:31])
        sheet.append([xml_safe(c) for c in columns])
        try:
            for row in self.spool.rows():
                sheet.append([xml_safe(neutralise(row.get(c, ""))) for c in columns])
            buffer = io.BytesIO()
            workbook.save(buffer)
        finally:
            self.spool.discard()
        out = AtomicFile(self.path, mode="wb", encoding=None)
        try:
            out.write(deterministic_zip(buffer.getvalue()))
        except BaseException:
            out.abort()
            raise
        return [out.commit()]


_EPOCH = (2000, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite an XLSX (zip) with fixed entry times and document dates, so bytes repeat."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()
