"""The contract every reader follows, and helpers they share.

A reader streams one file: `iter()` yields `Product` (products and product models) or
`Reject` (a row set aside with its reason) in file order, holding one row in memory at a
time. `kind` tells whether the file holds product models, so the source can read models
first and let variants inherit from them. Every reader passes the same contract tests.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from ..attributes import AttributeCatalog
from ..config import SourceConfig
from ..errors import InputError
from ..model import Product, Reject


class Reader:
    format: ClassVar[str] = ""
    #: True when a variant already carries its parent's values (shop exports: the reader copies the
    #: product's fields onto each variant), so no product-model file is expected beside it
    variants_complete: ClassVar[bool] = False
    #: the format's own separator; `source.delimiter` overrides it (text readers only)
    default_delimiter: ClassVar[str] = ","

    def __init__(self, path: Path, source: SourceConfig, catalog: AttributeCatalog) -> None:
        self.path = path
        self.source = source
        self.catalog = catalog
        if not path.exists():
            raise InputError(f"{path}: file not found", hint="check source.path in the config (relative paths start at the config's folder)")
        if not path.is_file():
            raise InputError(f"{path}: not a file")

    @property
    def delimiter(self) -> str:
        return self.source.delimiter or self.default_delimiter

    @property
    def name(self) -> str:
        return str(self.path)

    def is_models(self) -> bool:
        """True when the file holds product models rather than products."""
        return False

    def channels(self) -> set[str]:
        """The channels (scopes) this file's values are scoped to; see `localize.readers.scopes`."""
        return set()

    def __iter__(self) -> Iterator[Product | Reject]:
        raise NotImplementedError

    def messages(self) -> list[str]:
        """Warnings about the whole file, known once it has been read (a column map path no record
        holds, codes stored as numbers): one line each, for the run's warnings."""
        return []


def clean_identifier(raw: str) -> tuple[str, str | None]:
    """An identifier without surrounding blanks and byte-order marks, and a problem if it holds
    control characters (NUL, a stray escape): no feed format can carry them and a PIM never
    generates them, so such a row is set aside rather than published under a mangled name.

    A BOM inside a file (two exports concatenated) lands at the start of a row's first cell;
    it is invisible and never part of an identifier, so it is stripped.
    """
    identifier = raw.strip().strip("\ufeff").strip()
    bad = _CONTROL_RE.search(identifier)
    if bad:
        return identifier, (f"the identifier contains the control character U+{ord(bad.group()):04X}; "
                            "identifiers must be printable - fix the value in the PIM")
    return identifier, None


_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _cut_at_end(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler `localize-cut-at-end`: a file that ends inside a character (a copy or
    download cut off) gets U+FFFD for the incomplete last character, so what was read before stays
    readable and the cut record fails on its own (JSON: not valid JSON, a reject with its line).
    Any other undecodable byte is the wrong encoding and still stops reading."""
    if isinstance(exc, UnicodeDecodeError) and exc.reason == "unexpected end of data" and exc.end == len(exc.object):
        return "\ufffd", exc.end
    raise exc


codecs.register_error("localize-cut-at-end", _cut_at_end)
CUT_AT_END = "localize-cut-at-end"


def text_encoding(encoding: str) -> str:
    """utf-8 reads with or without a BOM."""
    return "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding


#: bytes of a file read to tell UTF-8 text declared as another encoding (`check_declared_encoding`)
ENCODING_SAMPLE = 1 << 20
_UNICODE_CODECS = ("utf-8", "utf-16", "utf-32")


def check_declared_encoding(path: Path, encoding: str) -> None:
    """Stop when a file declared in a one-byte encoding (`cp1252`, `latin-1` ...) is UTF-8 text.

    Latin-1 decodes any bytes and cp1252 nearly any, so UTF-8 read as either gives no error: every
    `é` becomes `Ã©` in every feed, status `pim`, and the control-character pass even advises
    cp1252. Text in a one-byte encoding with letters above ASCII is almost never valid UTF-8 (`é`
    is one byte, not a lead byte with its continuation), so a sample that holds such bytes and
    decodes as UTF-8 names the file's real encoding. The first MiB is read once per file."""
    codec = codecs.lookup(encoding).name
    if codec.startswith(_UNICODE_CODECS):
        return
    with path.open("rb") as fh:
        sample = fh.read(ENCODING_SAMPLE)
    if sample.isascii():
        return
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return
    start = next(i for i, b in enumerate(sample) if b >= 0x80)
    line = sample.count(b"\n", 0, start) + 1
    shown = sample[max(0, start - 20):start + 20].decode("utf-8", "ignore").replace("\n", " ")
    raise InputError(
        f"{path}:{line}: the file is UTF-8 ({shown.strip()!r}), but source.encoding is {encoding}: read so, every "
        f"letter beyond ASCII would be published garbled ('é' as {'é'.encode().decode('latin-1')!r})",
        hint="set source.encoding: utf-8 (the default; a BOM is accepted), or remove source.encoding")


def locate_decode_error(path: Path, encoding: str) -> tuple[int | None, bytes]:
    """The 1-based line and the bytes where decoding fails (decoders read ahead, so re-scan)."""
    decoder = codecs.getincrementaldecoder(text_encoding(encoding))()
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                decoder.decode(raw)
            except UnicodeDecodeError as exc:
                return number, raw[max(exc.start - 8, 0):exc.end + 8]
    return None, b""


def encoding_error(path: Path, encoding: str, line: int | None, exc: UnicodeDecodeError) -> InputError:
    found, context = locate_decode_error(path, encoding)
    line = found or line
    where = f"{path}:{line}" if line else str(path)
    bad = context or exc.object[exc.start:exc.start + 4]
    with path.open("rb") as fh:
        start = fh.read(2)
    if start in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" and PowerShell write UTF-16
        hint = "the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8, or set source.encoding: utf-16"
    else:
        hint = "set source.encoding in localize.yaml to the file's encoding, e.g. encoding: cp1252 (or latin-1)"
    return InputError(f"{where}: cannot decode the file as {encoding} (bytes {bad!r})", hint=hint)
