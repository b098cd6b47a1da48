"""One run at a time per state folder.

An advisory `flock` on `<state>/lock`: the kernel releases it when the process dies, however
it dies (`kill -9`, power loss), so a stale lock never blocks the next night's run. The file
records who holds it, for the message a second run prints.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
from pathlib import Path
from types import TracebackType

from .errors import LocalizeError


class LockedError(LocalizeError):
    """Another run holds the state folder."""


class RunLock:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / "lock"
        self.fd: int | None = None
        self.stale: str | None = None  # what a dead holder left behind, if anything

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
