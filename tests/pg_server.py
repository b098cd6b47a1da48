"""A PostgreSQL server of our own, for the shared-store tests and the scale benchmark.

A fresh cluster (`initdb`) in a temporary folder, bound to 127.0.0.1 on a free port with a
password-protected user, started with `pg_ctl` and removed at `stop()`. The server refuses to
run as root, so under root it runs as the `postgres` (or `nobody`) user. `binaries()` is None when
the server is not installed (Debian's `postgresql` package; `.ci/run` installs it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time


def binaries() -> str | None:
    """The folder holding initdb and pg_ctl, or None."""
    candidates = [os.path.dirname(p) for p in (shutil.which("initdb"),) if p]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return next((d for d in candidates if os.path.isfile(os.path.join(d, "pg_ctl"))), None)


class PostgresServer:
    """`with PostgresServer() as server:` ... `server.url` (postgresql://localize:<password>@127.0.0.1:<port>/postgres)."""

    password = "pg-test-S3cret"

    def __init__(self) -> None:
        self.bindir = binaries()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
        self.root = ""
        self.prefix: list[str] = []
        self.url = ""

    def start(self) -> PostgresServer:
        assert self.bindir is not None
        self.root = tempfile.mkdtemp(prefix="localize-pg-")
        owner = None
        if os.geteuid() == 0:
            name = next((u for u in ("postgres", "nobody") if _user(u) is not None), None)
            if name is None:
                raise RuntimeError("running as root and no postgres/nobody user to run the PostgreSQL server as")
            owner = _user(name)
            assert owner is not None
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.prefix = ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups"]
        pwfile = os.path.join(self.root, "pw")
        with open(pwfile, "w") as fh:
            fh.write(self.password)
        if owner is not None:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        data = os.path.join(self.root, "data")
        subprocess.run([*self.prefix, os.path.join(self.bindir, "initdb"), "-D", data, "-U", "localize",
                        f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"],
                       check=True, capture_output=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={self.root} "
                   "-c fsync=off -c synchronous_commit=off")
        log = os.path.join(self.root, "log")
        started = subprocess.run([*self.prefix, os.path.join(self.bindir, "pg_ctl"), "-D", data, "-l", log, "-o",
                                  options, "-w", "-t", "60", "start"], capture_output=True, text=True)
        if started.returncode != 0:
            text = open(log).read()[-2000:] if os.path.exists(log) else ""
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{text}")
        self.url = f"postgresql://localize:{self.password}@127.0.0.1:{port}/postgres"
        self._wait()
        return self

    def _wait(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.url, connect_timeout=5).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if not self.root:
            return
        data = os.path.join(self.root, "data")
        if os.path.isdir(data) and self.bindir:
            subprocess.run([*self.prefix, os.path.join(self.bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w",
                            "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = ""

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None
