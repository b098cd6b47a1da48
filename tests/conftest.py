"""Shared fixtures. Real data lives in ../shared (next to the repository); tests that need it skip cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The `../shared/data` folder, or skip: the real-data tests need the shared checkout."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"real data not available: {data} is missing (clone the shared folder next to the repo)")
    return data


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture
def deepl_server():
    """A DeepL-compatible server on 127.0.0.1 (see tests/deepl_server.py); the real `deepl`
    client talks to it through `server_url`. Faults: `fail`, `hang`, `quota_after`, `mangle`."""
    from deepl_server import DeepLServer

    server = DeepLServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def openai_server():
    """An OpenAI-compatible chat-completions server on 127.0.0.1 (see tests/openai_server.py); the
    real `openai` client talks to it through `base_url`. Faults: `fail`, `quota`, `drop_span`,
    `malformed`, `wrong_count`, `truncate`."""
    from openai_server import OpenAIServer

    server = OpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of our own for the shared-store tests: a fresh cluster in a temporary folder,
    bound to 127.0.0.1 on a free port, a password-protected user; stopped at the end. Skips with the
    reason when the server binaries (Debian's `postgresql` package) are not installed."""
    import glob
    import os
    import shutil
    import socket
    import subprocess
    import tempfile
    import time

    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[scale]')")
    candidates = [os.path.dirname(p) for p in (shutil.which("initdb"),) if p]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    bindir = next((d for d in candidates if os.path.isfile(os.path.join(d, "pg_ctl"))), None)
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    root = tempfile.mkdtemp(prefix="localize-pg-")
    prefix: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the postgres (or nobody) user
        import pwd

        user = next((u for u in ("postgres", "nobody") if _has_user(pwd, u)), None)
        if user is None:
            pytest.skip("running as root and no postgres/nobody user to run the PostgreSQL server as")
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        prefix = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups"]
    password = "pg-test-S3cret"
    pwfile = os.path.join(root, "pw")
    with open(pwfile, "w") as fh:
        fh.write(password)
    if prefix:
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    data = os.path.join(root, "data")
    subprocess.run([*prefix, os.path.join(bindir, "initdb"), "-D", data, "-U", "localize", f"--pwfile={pwfile}",
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} -c fsync=off"
    started = subprocess.run([*prefix, os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(root, "log"),
                              "-o", options, "-w", "-t", "60", "start"], capture_output=True, text=True)
    if started.returncode != 0:
        log = open(os.path.join(root, "log")).read() if os.path.exists(os.path.join(root, "log")) else ""
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log[-2000:]}")
    try:
        deadline = time.monotonic() + 30
        url = f"postgresql://localize:{password}@127.0.0.1:{port}/postgres"
        import psycopg

        while True:
            try:
                psycopg.connect(url, connect_timeout=5).close()
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        subprocess.run([*prefix, os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _has_user(pwd, name: str) -> bool:  # type: ignore[no-untyped-def]
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(params=["sqlite", "postgresql"])
def store_backend(request, tmp_path):
    """`(url, schema)` for a store: None (a SQLite file under tmp_path) or our PostgreSQL server, each
    test in a schema of its own. Tests taking it run against both backends."""
    if request.param == "sqlite":
        return None, "localize"
    import uuid

    url = request.getfixturevalue("postgres_url")
    return url, f"t{uuid.uuid4().hex[:12]}"
