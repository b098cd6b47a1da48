"""One run at a time per state folder.

An advisory `flock` on `<state>/lock`: the kernel releases it when the process dies, however
it dies (`kill -9`, power loss), so a stale lock never blocks the next night's run. The file
records who holds it, for the message a second run prints.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import socket
import stat
from pathlib import Path
from types import TracebackType

from ..errors import LocalizeError


class LockedError(LocalizeError):
    """Another run holds the state folder."""


class RunLock:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / "lock"
        self.fd: int | None = None
        self.stale: str | None = None  # what a dead holder left behind, if anything

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Never through a symbolic link: the lock file is truncated and rewritten below, and a
        # link planted at <state>/lock would make that truncate whatever file it points to.
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP or self.path.is_symlink():
                raise LockedError(
                    f"{self.path}: the lock file is a symbolic link; localize does not open it (it would "
                    "overwrite the file the link points to)",
                    hint=f"remove the link {self.path}, then run again",
                ) from None
            raise LockedError(f"{self.path}: cannot open the lock file: {exc.strerror or exc}",
                              hint="check the permissions of the state folder") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise LockedError(f"{self.path}: the lock file is not a regular file",
                              hint=f"remove {self.path}, then run again")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise LockedError(
                f"{self.path.parent}: another localize run is using this state folder ({holder or 'holder unknown'})",
                hint="wait for it to finish, or stop it; a lock left by a process that died is released automatically",
            ) from None
        previous = _read(fd)
        if previous:
            self.stale = previous  # the previous holder died without cleaning up; we took over
        os.ftruncate(fd, 0)
        started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}, started {started}".encode())
        os.fsync(fd)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def _read(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 512).decode("utf-8", "replace").strip()
    except OSError:
        return ""
