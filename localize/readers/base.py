"""The contract every reader follows, and helpers they share.

A reader streams one file: `iter()` yields `Product` (products and product models) or
`Reject` (a row set aside with its reason) in file order, holding one row in memory at a
time. `kind` tells whether the file holds product models, so the source can read models
first and let variants inherit from them. Every reader passes the same contract tests.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from ..attributes import AttributeCatalog
from ..config import SourceConfig
from ..errors import InputError
from ..model import Product, Reject
from .controls import code_problem


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
    """An identifier without surrounding blanks and byte-order marks, and a problem if it holds a
    control or invisible character (NUL, a stray escape, a zero-width space, a bidi override:
    `controls.code_problem`, the one definition the source applies to every code): no feed
    format can carry them, a PIM never generates them and the key is not the one a person reads, so
    such a row is set aside rather than published under a mangled name.

    A BOM inside a file (two exports concatenated) lands at the start of a row's first cell;
    it is invisible and never part of an identifier, so it is stripped.
    """
    identifier = raw.strip().strip("\ufeff").strip()
    return identifier, code_problem("identifier", identifier)


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


#: byte-order marks that name a file's encoding, longest first (UTF-32 LE starts as UTF-16 LE does)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def reading_encoding(path: Path, encoding: str) -> str:
    """The codec a text export is read with: a UTF-16 or UTF-32 byte-order mark names the file's encoding
    (Excel's "Unicode Text" and PowerShell write UTF-16 with one), so a file with one is read so when
    `source.encoding` is the default utf-8 or the same family; declared as another encoding, the run stops
    (the declaration is wrong, and which to trust is the user's call). UTF-16 without a mark (a NUL byte
    beside nearly every ASCII letter, which UTF-8 and the one-byte encodings never hold) stops naming the byte
    order to set: read as UTF-8 it decodes, NULs and all, until its first letter beyond ASCII, and an ASCII
    file wholly. Then `check_declared_encoding`. Reads the first 4 KiB once."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    declared = codecs.lookup(encoding).name
    for bom, codec in _BOMS:
        if head.startswith(bom):
            if declared == "utf-8" or declared.startswith(codec):
                return codec
            raise InputError(f"{path}: the file starts with a {codec.upper()} byte-order mark, but source.encoding "
                             f"is {encoding}", hint="remove source.encoding (the mark names the encoding), or save the "
                             "file as UTF-8")
    if not declared.startswith(("utf-16", "utf-32")):
        order = utf16_without_bom(head)
        if order is not None:
            raise InputError(f"{path}:1: the file is UTF-16 ({order.upper()}) without a byte-order mark: read as "
                             f"{encoding}, a NUL byte stands beside every letter",
                             hint=f"set source.encoding: utf-16-{order} (or save the file as UTF-8)")
    check_declared_encoding(path, encoding)
    return text_encoding(encoding)


def utf16_without_bom(head: bytes) -> str | None:
    """"le" or "be" when `head` reads as UTF-16 text of mostly ASCII characters without a byte-order mark
    (NUL bytes on one side of most byte pairs, none on the other), else None."""
    pairs = len(head) // 2
    if pairs < 2 or b"\x00" not in head:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd >= pairs * 0.4 and even <= pairs * 0.05:
        return "le"
    if even >= pairs * 0.4 and odd <= pairs * 0.05:
        return "be"
    return None


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
