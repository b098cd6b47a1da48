"""Reading one hostile file through the real reader contract (source config -> reader -> items)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from localize.attributes import AttributeCatalog
from localize.config import config_from_dict
from localize.model import Product, Reject
from localize.readers import open_reader


def read_all(path: Path, fmt: str, **source: Any) -> list[Product | Reject]:
    """Every item a reader yields for `path` (LocalizeError propagates: that is the 'bad file' path)."""
    data = {"source": {"format": fmt, "path": path.name, "locale": "de_DE", **source},
            "markets": [{"locale": "de-DE"}]}
    config = config_from_dict(data, base_dir=path.parent)
    reader = open_reader(path, config.source, AttributeCatalog())
    return list(reader)


def rejects(items: list[Product | Reject]) -> list[Reject]:
    return [i for i in items if isinstance(i, Reject)]


def products(items: list[Product | Reject]) -> list[Product]:
    return [i for i in items if isinstance(i, Product)]


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx(path: Path, sheet_xml: str | bytes) -> Path:
    """A minimal valid workbook around `sheet_xml` (so each test controls the sheet's bytes)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
                   f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
                   '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
                   f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def published_texts(out: Path, ensure_ascii: bool = False) -> Iterator[tuple[Path, str]]:
    """(file, the text a scan for hostile content reads) for every output file of a run folder but the
    manifest: an XLSX sheet's cells joined, a JSONL feed's values, source and display (its findings name
    what was removed, on purpose), any other file as written."""
    import openpyxl

    for path in sorted(out.iterdir()):
        if path.is_dir() or path.name == "manifest.json":
            continue
        if path.suffix == ".xlsx":
            sheet = openpyxl.load_workbook(path, read_only=True).active
            text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
        elif path.suffix == ".jsonl":
            text = json.dumps([{k: r.get(k) for k in ("values", "source", "display")}
                               for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())],
                              ensure_ascii=ensure_ascii)
        else:
            text = path.read_text(encoding="utf-8")
        yield path, text
