"""Reading the published taxonomy text files: UTF-8 (BOM tolerated), any line ending, and
a clear error for double-encoded ("mojibake") text instead of importing garbage labels.

Mojibake is what happens when UTF-8 bytes are read as a one-byte code page (cp1252,
cp1251, ...) and saved again as UTF-8: `Boutonnière` becomes `BoutonniГЁre`. The damage
is reversible, which is also how we detect it: a line is suspect when re-encoding it in such
a code page gives valid UTF-8 that contains non-ASCII characters. Real text in those code
pages almost never forms valid multi-byte UTF-8, so the test has no false positives in practice
(and CJK text cannot be encoded in them at all).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError

# The code pages through which UTF-8 is usually double-encoded, most common first.
MOJIBAKE_CODEPAGES = ("cp1252", "cp1251", "cp1250", "latin-1", "cp1253", "cp1254", "cp1257")


def undo_mojibake(text: str) -> tuple[str, str] | None:
    """`(repaired, codepage)` when `text` is UTF-8 that was decoded as `codepage`, else None."""
    if text.isascii():
        return None
    for codepage in MOJIBAKE_CODEPAGES:
        try:
            raw = text.encode(codepage)
        except UnicodeEncodeError:
            continue
        try:
            repaired = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if repaired != text and not repaired.isascii():
            return repaired, codepage
    return None


def _changed_words(before: str, after: str) -> tuple[str, str]:
    """The words that differ between a damaged line and its repair (the whole lines if unaligned)."""
    a, b = before.split(), after.split()
    if len(a) != len(b):
        return before.strip(), after.strip()
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return " ".join(x for x, _ in pairs), " ".join(y for _, y in pairs)


def read_lines(path: Path, *, what: str) -> list[tuple[int, str]]:
    """`(line_number, text)` for every non-blank line of a UTF-8 text file (BOM, CRLF, CR tolerated).

    Raises InputError for a missing file, bytes that are not UTF-8, or double-encoded text,
    naming the file, the line and what to do.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found", hint=f"pass the path of a {what}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror})") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            hint=f"the published {what} files are UTF-8; download the file again or convert it to UTF-8",
        ) from None
    bad: list[str] = []
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fixed = undo_mojibake(line)
        if fixed is not None:
            was, now = _changed_words(line, fixed[0])
            bad.append(f"line {number}: {was!r} should read {now!r} (UTF-8 read as {fixed[1]})")
            continue
        lines.append((number, line))
    if bad:
        shown = "; ".join(bad[:3]) + (f"; and {len(bad) - 3} more line(s)" if len(bad) > 3 else "")
        raise InputError(
            f"{path}: the text is double-encoded (mojibake): UTF-8 that was read as a one-byte code page "
            f"and saved again; {shown}",
            hint=f"download the {what} file again, or convert it back (e.g. with ftfy) before importing",
        )
    return lines
