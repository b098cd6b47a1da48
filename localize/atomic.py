"""Atomic file output: write to a temporary file in the same folder, then rename over the target.

A crash or a kill at any moment leaves either the previous complete file or the new complete
file, never half of one. Readers of the output folder never see a partial feed.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import OutputError


def output_error(path: Path, exc: OSError) -> OutputError:
    """An OSError while writing `path` as a message that always names the path and the cause."""
    if exc.errno == errno.ENOSPC:
        what = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "the folder is not writable"
    elif exc.errno == errno.EISDIR:
        what = "a folder stands where the file should be"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR):
        what = "a file stands where the folder should be"
    else:
        what = exc.strerror or str(exc)
    return OutputError(
        f"{path}: cannot write output: {what}",
        hint="free space or fix permissions of the output folder; the previous outputs are intact",
    )


def ensure_folder(folder: Path) -> Path:
    """Create the output folder, or fail with a message that says why and what to do."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(folder, exc) from None
    return folder


_BUFFER = 1 << 17


class AtomicFile:
    """A file opened for writing that only appears under its name on `commit()`."""

    def __init__(self, path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        except OSError as exc:
            raise output_error(self.path, exc) from None
        self.tmp = Path(tmp)
        os.fchmod(fd, 0o666 & ~_umask())
        binary = "b" in mode
        # a 128 KiB buffer: feeds are written a line (~1-2 KB) at a time, and the default 8 KiB one
        # makes a write call every few lines (a run with 20 markets x 4 formats holds 10 MB of them)
        self.handle: IO[Any] = os.fdopen(
            fd, mode, buffering=_BUFFER, **({} if binary else {"encoding": encoding, "newline": newline})
        )
        self.closed = False

    def write(self, data: Any) -> None:
        try:
            self.handle.write(data)
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None

    def commit(self) -> Path:
        """Flush, fsync and rename into place."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.tmp, self.path)
            fsync_dir(self.path.parent)
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None
        self.closed = True
        return self.path

    def abort(self) -> None:
        """Drop the temporary file; the previous output (if any) stays untouched."""
        if self.closed:
            return
        self.closed = True
        try:
            self.handle.close()
        except OSError:
            pass
        try:
            self.tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_dir(folder: Path) -> None:
    """Make renames and links inside `folder` durable (best effort: some file systems refuse)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_write(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[AtomicFile]:
    """`with atomic_write(p) as f: f.write(...)` - committed on success, dropped on error."""
    f = AtomicFile(path, mode, encoding, newline)
    try:
        yield f
    except BaseException:
        f.abort()
        raise
    f.commit()


def write_text_atomic(path: Path, text: str) -> Path:
    with atomic_write(path) as f:
        f.write(text)
    return path
